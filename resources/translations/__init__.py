"""Data files (translations), found with importlib.resources."""
