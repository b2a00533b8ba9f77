"""The till's local store: SQLAlchemy models, the engine with its pragmas, Alembic migrations."""

from .engine import Store, moment, now

__all__ = ["Store", "moment", "now"]
