"""Shared helpers for tests: a till on a temporary directory, seeded with the demo shop."""

from __future__ import annotations

from pathlib import Path

from app.core import demo
from app.core.till import Till


def demo_till(path: Path, login: str | None = demo.CASHIER_PIN) -> Till:
    till = Till(path)
    demo.seed(till)
    if login:
        till.login(login)
    return till
