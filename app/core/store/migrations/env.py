"""Alembic environment for the till's store.

The till runs migrations on its own connection (passed in ``config.attributes``);
this file never calls ``fileConfig`` so the app's loggers stay as the app set them.
"""

from alembic import context
from sqlalchemy import create_engine

from app.core.store.models import Base

target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is None:
        engine = create_engine(context.config.get_main_option("sqlalchemy.url"))
        with engine.begin() as conn:
            context.configure(connection=conn, target_metadata=target_metadata, render_as_batch=True)
            context.run_migrations()
        return
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    context.run_migrations()


run_migrations_online()
