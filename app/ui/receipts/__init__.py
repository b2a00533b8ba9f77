"""Receipts on screen, reprinting any past receipt, saving as PDF."""
