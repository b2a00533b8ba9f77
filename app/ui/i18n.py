"""Languages of the window: Corner's own .qm translations plus Qt's qtbase ones."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

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
