"""Languages of the window: Corner's own .qm translations plus Qt's qtbase ones."""

from __future__ import annotations

import logging
from datetime import datetime, timezone

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QLibraryInfo, QLocale, QTime, QTranslator
from PySide6.QtWidgets import QDateEdit

from app.core import errors

from . import resources

log = logging.getLogger("corner.ui")

# language code -> its own name (shown in its own language, never translated)
LANGUAGES = {"en": "English", "zh_CN": "简体中文"}

_installed: list[QTranslator] = []


def install(app: QCoreApplication, language: str) -> str:
    """Switch the application's translators to ``language``; returns the language in use.
    The core's messages (``app.core.errors``) are translated through the same translators."""
    if language not in LANGUAGES:
        language = "en"
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    QLocale.setDefault(QLocale(language))
    if language != "en":
        qt = QTranslator(app)
        if qt.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            app.installTranslator(qt)
            _installed.append(qt)
    # English too has a file: the plural forms of the "%n ..." messages ("1 event", "2 events").
    own = QTranslator(app)
    name = f"corner_{language}.qm"
    if resources.exists("translations", name) and own.load(str(resources.path("translations", name))):
        app.installTranslator(own)
        _installed.append(own)
    else:
        log.warning("no translation file %s", name)
    errors.set_translator(QCoreApplication.translate if language != "en" else None)
    return language


# -- dates in the window's language ---------------------------------------------------------
# The patterns are translated with the words (Qt's pattern letters: d, M, MMM, yyyy, HH, mm), and
# QLocale() (the default set by ``install``) names the months, so English reads "25 Nov 2025" and
# Chinese "2025年11月25日". Never strftime("%b") for a person: it is English whatever the language.

def _qdatetime(when) -> QDateTime:
    """A Python date or datetime (an aware one in the machine's time zone) as a QDateTime."""
    if isinstance(when, datetime):
        if when.tzinfo is not None:
            when = when.astimezone()
        return QDateTime(QDate(when.year, when.month, when.day), QTime(when.hour, when.minute, when.second))
    return QDateTime(QDate(when.year, when.month, when.day), QTime(0, 0))


def _parse(when):
    if isinstance(when, str):
        return datetime.fromisoformat(when)
    return when


def day_text(day) -> str:
    """A day: "25 Nov 2025", "2025年11月25日"."""
    return QLocale().toString(_qdatetime(_parse(day)).date(), QCoreApplication.translate("Dates", "d MMM yyyy"))


def when_text(when) -> str:
    """A moment, in the machine's time: "25 Nov 2025, 14:03", "2025年11月25日 14:03"."""
    return QLocale().toString(_qdatetime(_parse(when)), QCoreApplication.translate("Dates", "d MMM yyyy, HH:mm"))


def short_when_text(when) -> str:
    """A moment of this year, in the machine's time: "24 Nov 23:47", "11月24日 23:47"."""
    return QLocale().toString(_qdatetime(_parse(when)), QCoreApplication.translate("Dates", "d MMM HH:mm"))


def table_time(stored: str | None) -> str:
    """A stored moment (the till stores UTC, ISO 8601) for a table cell, in the machine's time:
    "2026-11-25 08:06". The same in every language and it sorts as text; a bare date stays as it is."""
    if not stored:
        return ""
    if len(stored) <= 10:
        return stored
    try:
        when = datetime.fromisoformat(stored)
    except ValueError:
        return stored[:16].replace("T", " ")
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return when.astimezone().strftime("%Y-%m-%d %H:%M")


def date_edit_format() -> str:
    """The pattern date fields show: "01 Nov 2026" in English, "2026-11-01" in Chinese."""
    return QCoreApplication.translate("Dates", "dd MMM yyyy")


def chart_day_format(many_days: bool) -> str:
    """The pattern of a chart's date axis: days ("25 Nov") or, over a long range, months ("Nov 25")."""
    return (QCoreApplication.translate("Dates", "MMM yy") if many_days
            else QCoreApplication.translate("Dates", "d MMM"))


def date_field(edit: QDateEdit | None = None) -> QDateEdit:
    """A date field (a new one, or ``edit``) with a calendar and the language's display format."""
    edit = edit if edit is not None else QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(date_edit_format())
    return edit
