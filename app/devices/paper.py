"""Receipts and reports on paper-like devices through Qt: PDF files and the system printer.

Both draw the same fixed-width lines as the thermal printer, in a monospace font, with the
feedback QR code under them. Call from the main thread (QPainter on a printer).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (QColor, QFont, QFontDatabase, QFontMetricsF, QImage, QPageLayout, QPageSize, QPainter,
                           QPdfWriter)

from .receipt import Receipt, Report, cells, text_lines

PAPER_WIDTH_MM = 80


def qr_image(text: str, scale: int = 8) -> QImage:
    """A crisp black-on-white QR code image (one square per module, quiet zone included)."""
    import qrcode  # with PIL, a tenth of a second at start-up: only when a receipt shows a code

    code = qrcode.QRCode(border=2, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(text)
    code.make(fit=True)
    matrix = code.get_matrix()
    size = len(matrix)
    image = QImage(size * scale, size * scale, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                painter.fillRect(x * scale, y * scale, scale, scale, QColor("black"))
    painter.end()
    return image


def mono_font(point_size: float = 8.0) -> QFont:
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setStyleHint(QFont.StyleHint.Monospace)
    font.setPointSizeF(point_size)
    return font


def cell_width(metrics: QFontMetricsF) -> float:
    """One printer cell in the monospace font (a CJK character gets two)."""
    return metrics.horizontalAdvance("M")


def draw_cells(painter: QPainter, line: str, x: float, y: float, cell: float, height: float) -> None:
    """Draw ``line`` with each character on the printer's cell grid from (x, y), as the printer does:
    a monospace font's fallback for Chinese is not two cells wide, so drawing the line as one
    string would push the amounts after a Chinese label out of their column."""
    metrics = QFontMetricsF(painter.font(), painter.device())
    col = 0
    for ch in line:
        w = cells(ch)
        if not ch.isspace():
            box = QRectF(x + col * cell, y, w * cell, height)
            advance = metrics.horizontalAdvance(ch)
            if advance > box.width() > 0:  # a glyph wider than its cells is narrowed into them
                painter.save()
                painter.translate(box.left(), 0)
                painter.scale(box.width() / advance, 1)
                painter.drawText(QRectF(0, y, advance, height), Qt.AlignmentFlag.AlignLeft, ch)
                painter.restore()
            else:
                painter.drawText(box, Qt.AlignmentFlag.AlignHCenter, ch)
        col += w


def _paint(painter: QPainter, doc: Receipt | Report, lines: list[str], width_px: float) -> float:
    """Draw the lines top-down into ``width_px``; returns the height used."""
    font = mono_font()
    metrics = QFontMetricsF(font, painter.device())
    # fit the longest line into the width
    widest = max((cells(part) for line in lines for part in line.split("\n")), default=1) * cell_width(metrics)
    if widest > width_px:
        font.setPointSizeF(font.pointSizeF() * width_px / widest)
        metrics = QFontMetricsF(font, painter.device())
    painter.setFont(font)
    painter.setPen(QColor("black"))
    y = 0.0
    step = metrics.lineSpacing()
    cell = cell_width(metrics)
    for line in lines:
        for part in line.split("\n"):
            draw_cells(painter, part, 0, y, cell, step)
            y += step
    if doc.qr_url:
        side = min(width_px * 0.5, step * 14)
        y += step
        painter.drawImage(QRectF((width_px - side) / 2, y, side, side), qr_image(doc.qr_url))
        y += side
        if doc.qr_caption:
            painter.drawText(QRectF(0, y, width_px, step * 3), Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap,
                             doc.qr_caption)
            y += step * 3
    return y


def save_pdf(doc: Receipt | Report, path: Path | str, width_chars: int = 42) -> Path:
    """Write the document as a PDF on a receipt-width page (80 mm wide, as long as needed)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = text_lines(doc, width_chars)
    line_mm = 4.0
    height_mm = 20 + line_mm * (len(lines) + 2) + (60 if doc.qr_url else 0)
    writer = QPdfWriter(str(path))
    writer.setResolution(300)
    writer.setTitle(doc.title or doc.shop_name)
    writer.setCreator("Corner")
    writer.setPageSize(QPageSize(QSizeF(PAPER_WIDTH_MM, height_mm), QPageSize.Unit.Millimeter))
    writer.setPageMargins(QMarginsF(4, 6, 4, 6), QPageLayout.Unit.Millimeter)
    painter = QPainter(writer)
    try:
        _paint(painter, doc, lines, writer.width())
    finally:
        painter.end()
    return path


def print_system(doc: Receipt | Report, printer_name: str = "", width_chars: int = 42) -> None:
    """Print on a system printer (the default one unless named), without a dialog."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

    from .printers import PrinterError

    printer = QPrinter(QPrinterInfo.printerInfo(printer_name) if printer_name else QPrinterInfo.defaultPrinter(),
                       QPrinter.PrinterMode.HighResolution)
    if not printer.isValid():
        raise PrinterError(QCoreApplication.translate("Printer", "No system printer is set up; add one in the "
                                                                  "computer's settings or choose another printer."))
    painter = QPainter()
    if not painter.begin(printer):
        raise PrinterError(QCoreApplication.translate("Printer", "The system printer could not be opened; check it "
                                                                  "is on and connected."))
    try:
        rect = printer.pageLayout().paintRectPixels(printer.resolution())
        _paint(painter, doc, text_lines(doc, width_chars), min(rect.width(), printer.resolution() * 3.0))
    finally:
        painter.end()
