"""Light and high-contrast dark themes (QSS under resources/themes)."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QStyleFactory

from . import resources

THEMES = ("light", "dark")


def apply(app: QApplication, name: str) -> str:
    if name not in THEMES:
        name = "light"
    if "Fusion" in QStyleFactory.keys():
        app.setStyle("Fusion")  # the same look on every platform, and QSS applies fully
    app.setStyleSheet(resources.read_text("themes", f"{name}.qss"))
    app.setProperty("corner_theme", name)
    return name
