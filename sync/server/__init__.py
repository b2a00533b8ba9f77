"""Corner's central sync server: FastAPI over SQLAlchemy, SQLite by default, PostgreSQL in production."""
