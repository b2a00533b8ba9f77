"""The till's local store: SQLAlchemy models, the engine with its pragmas, Alembic migrations."""

from .engine import Store, now

__all__ = ["Store", "now"]
