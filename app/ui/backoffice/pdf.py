"""Reports as PDF with Qt's QPdfWriter: a heading, an optional chart image, a paged table.

Safe to call from a worker thread (QPdfWriter and QImage are paint devices Qt allows
there); pass chart images grabbed on the UI thread beforehand.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter, QPen

from app.core.insights import Cancelled


@dataclass
class Section:
    title: str
    headers: list[str]
    rows: list[list[str]]
    numeric: list[bool]  # right-align these columns
    image: QImage | None = None


def write_pdf(path: Path, title: str, subtitle: str, sections: list[Section], *,
              progress: Callable[[int, int], None] | None = None,
              cancelled: Callable[[], bool] | None = None) -> int:
    """Write the sections to ``path``; returns the number of pages."""
    writer = QPdfWriter(str(path))
    writer.setTitle(title)
    writer.setCreator("Corner")
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                     QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter))
    writer.setResolution(150)
    painter = QPainter(writer)
    try:
        return _paint(painter, writer, title, subtitle, sections, progress, cancelled)
    finally:
        painter.end()


def _paint(p: QPainter, writer: QPdfWriter, title: str, subtitle: str, sections: list[Section], progress,
           cancelled) -> int:
    page = QRectF(writer.pageLayout().paintRectPixels(writer.resolution()))
    page.moveTo(0, 0)
    body, bold, big = QFont("Sans Serif", 8), QFont("Sans Serif", 8), QFont("Sans Serif", 13)
    bold.setBold(True)
    big.setBold(True)
    line_h = QFontMetricsF(body, writer).height() * 1.35
    pages = 1
    y = 0.0
    total = sum(len(s.rows) for s in sections) or 1
    done = 0

    def new_page() -> float:
        nonlocal pages
        writer.newPage()
        pages += 1
        return 0.0

    p.setFont(big)
    p.drawText(QRectF(0, y, page.width(), line_h * 2), Qt.AlignmentFlag.AlignLeft, title)
    y += line_h * 1.8
    p.setFont(body)
    p.setPen(QColor("#555555"))
    p.drawText(QRectF(0, y, page.width(), line_h), Qt.AlignmentFlag.AlignLeft, subtitle)
    p.setPen(QColor("#000000"))
    y += line_h * 1.6

    for section in sections:
        if cancelled is not None and cancelled():
            raise Cancelled()
        if y + line_h * 6 > page.height():
            y = new_page()
        p.setFont(big)
        p.drawText(QRectF(0, y, page.width(), line_h * 1.6), Qt.AlignmentFlag.AlignLeft, section.title)
        y += line_h * 1.6
        if section.image is not None and not section.image.isNull():
            w = page.width()
            h = w * section.image.height() / max(section.image.width(), 1)
            if y + h > page.height():
                y = new_page()
            p.drawImage(QRectF(0, y, w, h), section.image)
            y += h + line_h * 0.5
        widths = _widths(section, body, bold, writer, page.width())

        def header(y: float) -> float:
            p.setFont(bold)
            x = 0.0
            for text, w, num in zip(section.headers, widths, section.numeric):
                align = Qt.AlignmentFlag.AlignRight if num else Qt.AlignmentFlag.AlignLeft
                p.drawText(QRectF(x + 2, y, w - 4, line_h), align | Qt.AlignmentFlag.AlignVCenter, text)
                x += w
            p.setPen(QPen(QColor("#999999"), 1))
            p.drawLine(0, int(y + line_h), int(page.width()), int(y + line_h))
            p.setPen(QColor("#000000"))
            p.setFont(body)
            return y + line_h * 1.1

        y = header(y)
        for n, row in enumerate(section.rows):
            if y + line_h > page.height():
                y = header(new_page())
            if n % 2:
                p.fillRect(QRectF(0, y, page.width(), line_h), QColor("#f3f5f7"))
            x = 0.0
            for text, w, num in zip(row, widths, section.numeric):
                align = Qt.AlignmentFlag.AlignRight if num else Qt.AlignmentFlag.AlignLeft
                metrics = QFontMetricsF(body, writer)
                shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, w - 4)
                p.drawText(QRectF(x + 2, y, w - 4, line_h), align | Qt.AlignmentFlag.AlignVCenter, shown)
                x += w
            y += line_h
            done += 1
            if done % 500 == 0:
                if cancelled is not None and cancelled():
                    raise Cancelled()
                if progress is not None:
                    progress(done, total)
        y += line_h
    if progress is not None:
        progress(total, total)
    return pages


def _widths(section: Section, body: QFont, bold: QFont, device, full: float) -> list[float]:
    fm, fb = QFontMetricsF(body, device), QFontMetricsF(bold, device)
    want = [fb.horizontalAdvance(h) + 12 for h in section.headers]
    for row in section.rows[:300]:
        for i, text in enumerate(row):
            want[i] = max(want[i], fm.horizontalAdvance(text) + 12)
    scale = min(1.0, full / max(sum(want), 1))
    widths = [w * scale for w in want]
    spare = full - sum(widths)
    if spare > 0 and widths:  # give the room to the widest text column
        text_cols = [i for i, num in enumerate(section.numeric) if not num] or [0]
        widest = max(text_cols, key=lambda i: widths[i])
        widths[widest] += spare
    return widths
