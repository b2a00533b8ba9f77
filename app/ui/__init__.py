"""The till's window: a thin PySide6 shell over app.core.till.Till."""
