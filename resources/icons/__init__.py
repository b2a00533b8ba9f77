"""Data files (icons), found with importlib.resources."""
