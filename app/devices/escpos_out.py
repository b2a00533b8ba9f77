"""Receipts on ESC/POS thermal printers (python-escpos), and the drawer kick.

Any python-escpos printer object works: ``Network``, ``Usb``, ``Serial``, or ``Dummy`` in tests.

A document with Chinese (or other wide) text goes out whole in GB18030, the encoding of a CJK
printer's Chinese mode, where every character outside ASCII prints two cells wide ("€" too), so it
is laid out with ``gb_cells``; python-escpos would otherwise send only the lines holding Han
characters in GB18030 and the others in a single-byte code page, and the columns would drift.
Such a document is wrapped in FS & / FS . (Chinese character mode on, then off): printers sold in
China usually start in that mode, others print two-byte codes as pairs of Latin-1 symbols without it.
"""

from __future__ import annotations

from .receipt import Receipt, Report, cells, gb_cells, text_lines

DRAWER_PIN = 2  # most drawers hang on pin 2 of the printer's RJ11 port
KANJI_ON = b"\x1c\x26"  # FS &: two-byte (Chinese) character mode
KANJI_OFF = b"\x1c\x2e"  # FS .: back to one-byte characters


def is_wide(doc: Receipt | Report, width: int) -> bool:
    """Whether the document holds characters that take two cells (Chinese, Japanese, Korean, fullwidth)."""
    return any(cells(line) != len(line) for line in text_lines(doc, width))


def print_doc(printer, doc: Receipt | Report, width: int, *, cut: bool = True) -> None:
    wide = is_wide(doc, width)
    lines = text_lines(doc, width, gb_cells if wide else cells)

    def textln(text: str) -> None:
        if wide:
            printer._raw(text.encode("gb18030", errors="replace") + b"\n")
        else:
            printer.textln(text)

    if wide:
        printer._raw(KANJI_ON)
    printer.set(align="center", bold=True, double_height=True)
    textln(lines[0].strip())
    printer.set_with_default()
    for line in lines[1:]:
        if isinstance(doc, Receipt) and line.startswith(doc.total[0]):
            printer.set(bold=True)
            textln(line)
            printer.set_with_default()
        else:
            textln(line)
    if doc.qr_url:
        printer.ln()
        printer.set(align="center")
        printer.qr(doc.qr_url, size=6)
        if doc.qr_caption:
            printer.set(align="center")
            textln(doc.qr_caption)
            printer.set_with_default()
    if wide:
        printer._raw(KANJI_OFF)
    if cut:
        printer.cut()


def kick_drawer(printer) -> None:
    printer.cashdraw(DRAWER_PIN)
