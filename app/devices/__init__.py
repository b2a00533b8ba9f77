"""Devices at the counter: receipt layout, receipt printers (ESC/POS, system printer, PDF), the cash drawer."""
