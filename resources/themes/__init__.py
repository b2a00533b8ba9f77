"""Data files (themes), found with importlib.resources."""
