"""The settlement statement as PDF, drawn with fpdf2 (pure Python: the server needs no Qt).

The text uses a TrueType font found on the server — a CJK one for Chinese pages (WenQuanYi, Noto
CJK), DejaVu Sans otherwise — so money signs and Chinese labels print as on the page. With no
such font installed, the PDF falls back to the built-in Helvetica (Latin-1: "€" becomes "EUR"
and a Chinese page's statement is printed with English labels by the caller).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from fpdf import FPDF

LATIN = ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/dejavu/DejaVuSans.ttf")
CJK = ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
       "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")


def font_for(cjk: bool) -> str | None:
    """A TrueType font file for the text (``CORNER_PDF_FONT`` wins), or None for Helvetica."""
    override = os.environ.get("CORNER_PDF_FONT")
    if override and Path(override).is_file():
        return override
    for path in (CJK if cjk else LATIN + CJK):
        if Path(path).is_file():
            return path
    return None


def _latin1(text: str) -> str:
    return text.replace("€", "EUR ").replace("\xa0", " ").encode("latin-1", "replace").decode("latin-1")


def statement_pdf(title: str, subtitle: str, rows: Sequence[tuple[str, str]], total: tuple[str, str],
                  footer: str, *, cjk: bool = False) -> bytes:
    """A one-page statement: a title, a subtitle, label/amount rows, the total in bold, a footer."""
    font = font_for(cjk)
    pdf = FPDF(format="A4")
    pdf.set_title(title)
    pdf.set_creator("Corner platform console")
    pdf.add_page()
    if font:
        pdf.add_font("body", "", font)
        family, clean = "body", (lambda s: s)
    else:
        family, clean = "helvetica", _latin1
    width = pdf.epw
    pdf.set_font(family, size=18)
    pdf.cell(width, 12, clean(title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, size=11)
    pdf.set_text_color(90, 90, 90)
    pdf.multi_cell(width, 7, clean(subtitle), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_text_color(0, 0, 0)
    pdf.set_draw_color(200, 200, 200)
    for label, amount in rows:
        pdf.cell(width * 0.7, 9, clean(label), border="B")
        pdf.cell(width * 0.3, 9, clean(amount), border="B", align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, size=13)
    pdf.set_draw_color(0, 0, 0)
    pdf.cell(width * 0.7, 11, clean(total[0]), border="TB")
    pdf.cell(width * 0.3, 11, clean(total[1]), border="TB", align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font(family, size=9)
    pdf.set_text_color(90, 90, 90)
    pdf.multi_cell(width, 5, clean(footer), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
