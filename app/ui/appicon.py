"""The application's icon and desktop identity.

The icon is drawn once in resources/icons/corner.svg and shipped as PNGs of every size the
platforms ask for (rendered by packaging/make_icons.py), so no SVG plugin is needed to show it.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication, QIcon

from . import resources

SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
DESKTOP_FILE = "corner"  # packaging/corner.desktop: the Wayland app id and the X11 WM class match it


def app_icon() -> QIcon:
    icon = QIcon()
    for size in SIZES:
        name = f"corner-{size}.png"
        if resources.exists("icons", name):
            icon.addFile(str(resources.path("icons", name)), QSize(size, size))
    return icon


def install(app: QGuiApplication) -> QIcon:
    """Give every window the Corner icon and tie the app to its desktop entry."""
    icon = app_icon()
    app.setWindowIcon(icon)
    QGuiApplication.setDesktopFileName(DESKTOP_FILE)
    return icon
