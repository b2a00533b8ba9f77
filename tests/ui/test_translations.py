"""Simplified Chinese: every message of the .ts is translated with the same placeholders, and
the back office really shows Chinese once the language is installed."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale

from app.core import demo
from app.ui import i18n

TS = Path(__file__).resolve().parents[2] / "resources" / "translations" / "corner_zh_CN.ts"
PLACEHOLDER = re.compile(r"\{\w*\}|%n|%L?\d+")
CJK = re.compile(r"[\u4e00-\u9fff]")


def _messages():
    root = ET.parse(TS).getroot()
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            yield name, message


def _placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text or ""))


def test_every_message_is_finished_with_the_same_placeholders():
    problems = []
    count = 0
    for context, message in _messages():
        count += 1
        source = message.findtext("source") or ""
        translation = message.find("translation")
        where = f"{context}: {source!r}"
        if translation is None or translation.get("type") in ("unfinished", "vanished", "obsolete"):
            problems.append(f"unfinished {where}")
            continue
        if message.get("numerus") == "yes":
            forms = [f.text or "" for f in translation.iter("numerusform")]
        else:
            forms = [translation.text or ""]
        if not forms or not all(f.strip() for f in forms):
            problems.append(f"empty {where}")
        for form in forms:
            if _placeholders(form) != _placeholders(source):
                problems.append(f"placeholders differ in {where}: {form!r}")
    assert count > 400, f"only {count} messages in {TS.name}"
    assert not problems, "\n".join(problems)


@pytest.fixture
def chinese(qapp):
    app = qapp
    locale = QLocale()
    assert i18n.install(app, "zh_CN") == "zh_CN"
    yield
    i18n.install(app, "en")
    QLocale.setDefault(locale)


def test_the_back_office_speaks_chinese(qtbot, till, chinese):
    from app.ui.backoffice import BackOffice

    till.login(demo.OWNER_PIN)
    office = BackOffice(till, None)
    qtbot.addWidget(office)
    titles = [office.tabs.tabText(i) for i in range(office.tabs.count())]
    assert len(titles) == 5
    for text in [office.windowTitle(), *titles]:
        assert CJK.search(text), f"not Chinese: {text!r}"
    assert titles[0] == "库存(&S)"
    assert CJK.search(office.stock.search.placeholderText())
    assert CJK.search(office.dashboard.preset.itemText(0))
    qtbot.waitUntil(lambda: not any(p.jobs.busy for p in (office.stock, office.dashboard, office.data)),
                    timeout=10000)


def test_english_is_back_after_the_chinese_test(qtbot, till):
    from app.ui.backoffice import BackOffice

    till.login(demo.OWNER_PIN)
    office = BackOffice(till, None)
    qtbot.addWidget(office)
    assert office.tabs.tabText(0) == "&Stock"
    qtbot.waitUntil(lambda: not any(p.jobs.busy for p in (office.stock, office.dashboard, office.data)),
                    timeout=10000)
