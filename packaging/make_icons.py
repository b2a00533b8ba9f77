"""Render the app icon from its SVG source into the sizes the platforms want.

    .venv/bin/python packaging/make_icons.py

Writes resources/icons/corner-<N>.png (the window icon and the Linux desktop icon) and
packaging/corner.ico (Windows) and packaging/corner.icns (macOS). The outputs are committed,
so a build never needs this script; run it again only after editing corner.svg.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
SVG = ROOT / "resources" / "icons" / "corner.svg"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS_SIZES = (16, 32, 64, 128, 256, 512)


def render(size: int, dest: Path) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"{SVG} is not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    if not image.save(str(dest)):
        raise SystemExit(f"could not write {dest}")


def main() -> int:
    from PIL import Image
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication(sys.argv[:1])  # noqa: F841 (QImage and the SVG renderer need one)
    icons = SVG.parent
    for size in PNG_SIZES:
        render(size, icons / f"corner-{size}.png")
    biggest = Image.open(icons / f"corner-{PNG_SIZES[-1]}.png")
    biggest.save(ROOT / "packaging" / "corner.ico", sizes=[(s, s) for s in ICO_SIZES])
    biggest.save(ROOT / "packaging" / "corner.icns", sizes=[(s, s) for s in ICNS_SIZES])
    print(f"wrote {len(PNG_SIZES)} PNGs, corner.ico and corner.icns")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
