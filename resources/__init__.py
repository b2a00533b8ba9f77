"""Icons, stylesheets and translations of the till window, found with importlib.resources."""
