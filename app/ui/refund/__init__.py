"""Refunds against a receipt."""
