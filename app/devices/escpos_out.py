"""Receipts on ESC/POS thermal printers (python-escpos), and the drawer kick.

Any python-escpos printer object works: ``Network``, ``Usb``, ``Serial``, or ``Dummy`` in tests.
"""

from __future__ import annotations

from .receipt import Receipt, Report, text_lines

DRAWER_PIN = 2  # most drawers hang on pin 2 of the printer's RJ11 port


def print_doc(printer, doc: Receipt | Report, width: int, *, cut: bool = True) -> None:
    lines = text_lines(doc, width)
    printer.set(align="center", bold=True, double_height=True)
    printer.textln(lines[0].strip())
    printer.set_with_default()
    for line in lines[1:]:
        if isinstance(doc, Receipt) and line.startswith(doc.total[0]):
            printer.set(bold=True)
            printer.textln(line)
            printer.set_with_default()
        else:
            printer.textln(line)
    if doc.qr_url:
        printer.ln()
        printer.set(align="center")
        printer.qr(doc.qr_url, size=6)
        if doc.qr_caption:
            printer.set(align="center")
            printer.textln(doc.qr_caption)
            printer.set_with_default()
    if cut:
        printer.cut()


def kick_drawer(printer) -> None:
    printer.cashdraw(DRAWER_PIN)
