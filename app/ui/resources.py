"""Files shipped with the window (stylesheets, translations, icons), found through
importlib.resources so they work from a checkout, a wheel and a PyInstaller bundle."""

from __future__ import annotations

import contextlib
from importlib import resources
from pathlib import Path


def read_text(package: str, name: str) -> str:
    return resources.files(f"resources.{package}").joinpath(name).read_text(encoding="utf-8")


def exists(package: str, name: str) -> bool:
    return resources.files(f"resources.{package}").joinpath(name).is_file()


def path(package: str, name: str) -> Path:
    """A real file path for APIs that need one (QTranslator); kept for the process's life."""
    ref = resources.files(f"resources.{package}").joinpath(name)
    return Path(_files.enter_context(resources.as_file(ref)))


_files = contextlib.ExitStack()
