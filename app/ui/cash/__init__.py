"""The cash session: float, paid in and out, close with a count, X and Z reports."""
