"""A customer's words are plain text in the shop's feedback inbox: markup they typed on the
receipt page is shown as the characters they typed, never rendered (Qt renders any tooltip or
label text that looks like HTML as rich text)."""

from __future__ import annotations

from datetime import datetime, timezone

from PySide6.QtCore import Qt
from PySide6 import QtGui
from PySide6.QtGui import QTextDocument

from app.ui.backoffice.feedback_page import FeedbackModel

HOSTILE = "<b>Great</b> <img src='http://evil.example/x.png'> <a href='http://evil.example'>win</a> &amp; 5 < 6\n  bye"


def shown(text: str) -> str:
    """What Qt displays for a tooltip or label ``text`` (it picks rich text the way Qt does)."""
    doc = QTextDocument()
    if QtGui.Qt.mightBeRichText(text):
        doc.setHtml(text)
    else:
        doc.setPlainText(text)
    return doc.toPlainText()


def test_comment_tooltip_shows_the_customers_text_not_their_html(qtbot):
    model = FeedbackModel()
    created = datetime(2026, 12, 1, 12, 0, tzinfo=timezone.utc)
    model.set_rows([("f1", created, 1, HOSTILE, "receipt_page", "S001-1-7", False)])
    tip = model.index(0, FeedbackModel.COMMENT).data(Qt.ItemDataRole.ToolTipRole)
    assert shown(tip) == HOSTILE
    assert "<img" not in tip and "<a " not in tip


def test_plain_html_keeps_every_character(qtbot):
    from app.ui.backoffice.feedback_page import plain_html

    for text in (HOSTILE, "</span><script>x</script>", "line 1\nline 2", "&lt;b&gt;"):
        assert shown(plain_html(text)) == text
