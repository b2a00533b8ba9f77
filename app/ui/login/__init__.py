"""Logging in, locking and switching user: the PIN pad."""
