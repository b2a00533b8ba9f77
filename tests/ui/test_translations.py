"""Simplified Chinese: every message of the .ts is translated with the same placeholders, the
core's refusals are all in it, and the window really shows Chinese once the language is installed
(its own texts and the core's refusals alike)."""

from __future__ import annotations

import ast
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.core import demo, errors
from app.ui import i18n

from .helpers import login, press, type_enter

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "translations" / "corner_zh_CN.ts"
# the exceptions whose message a person reads (app.core.errors and its subclasses elsewhere in the core)
REFUSALS = {"TillError", "NotFound", "ApprovalRequired", "AuthError", "BarcodeError", "WeightRequired", "InputError"}
# helpers whose second argument names what is wrong, in a person's words: it must be marked too
NAMED = {"whole_number"}
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




def test_the_back_office_speaks_chinese(qtbot, till, chinese):
    from app.ui.backoffice import BackOffice

    till.login(demo.OWNER_PIN)
    office = BackOffice(till, None)
    qtbot.addWidget(office)
    titles = [office.tabs.tabText(i) for i in range(office.tabs.count())]
    assert len(titles) == 11  # stock, count, customers, dashboard, data, orders, deliveries, settlement, feedback,
    # reports, staff
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


def _marked(tree: ast.AST) -> list[ast.Call]:
    return [node for node in ast.walk(tree) if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
            and node.func.id == "QT_TRANSLATE_NOOP"]


def test_every_core_message_is_marked_and_in_the_translations():
    """A refusal raised in the core (or app.syncing, whose refusals the enrollment dialog shows)
    with an unmarked f-string, or a marked template missing from the .ts, fails here: run lupdate
    (docs/window.md) and translate it."""
    in_ts = {(context, message.findtext("source")) for context, message in _messages()}
    sources = [*sorted((ROOT / "app" / "core").rglob("*.py")), ROOT / "app" / "syncing.py",
               ROOT / "app" / "ui" / "approval.py"]
    unmarked, missing, marked = [], [], 0
    for path in sources:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        constants = {target.id for node in ast.walk(tree)  # NO_KEYRING = QT_TRANSLATE_NOOP(...)
                     if isinstance(node, ast.Assign) and node.value in _marked(node)
                     for target in node.targets if isinstance(target, ast.Name)}
        for call in _marked(tree):
            marked += 1
            context, text = (arg.value if isinstance(arg, ast.Constant) else None for arg in call.args)
            if context != errors.CONTEXT or (context, text) not in in_ts:
                missing.append(f"{path.name}:{call.lineno}: {context!r}, {text!r}")
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in REFUSALS \
                    and node.args:
                first = node.args[0]
                if not (first in _marked(first) or isinstance(first, ast.Name) and first.id in constants):
                    unmarked.append(f"{path.name}:{node.lineno}: {ast.unparse(first)}")
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in NAMED:
                if len(node.args) < 2 or node.args[1] not in _marked(node.args[1]):
                    unmarked.append(f"{path.name}:{node.lineno}: {ast.unparse(node)}")
    assert marked > 130
    assert not unmarked and not missing, "\n".join(
        ["refusals without a QT_TRANSLATE_NOOP template:", *unmarked,
         "marked but not in the .ts (or not the CoreError context):", *missing])


def test_the_window_shows_the_cores_refusals_in_chinese(qtbot, chinese, window, till, dialogs, approvals):
    from app.ui.common import AmountDialog

    assert window.login.pad.field.isVisible()
    login(qtbot, window, demo.CASHIER_PIN)
    sell = window.sell
    type_enter(qtbot, sell.scan, "4006381333931")  # a valid EAN the shop does not sell
    assert sell.banner.text() == "未知的条码或货号：4006381333931。"
    sell.scan.clear()
    # a weighed product without a scale label: the screen knows the refusal by its type, not its words
    dialogs.expect(AmountDialog, lambda d: type_enter(qtbot, d.edit, "350"))
    type_enter(qtbot, sell.scan, "W0101")
    assert [(line.sku, line.qty) for line in sell.cart.lines] == [("W0101", 350)]
    # a discount over the cashier's limit: the approval asks in Chinese, nested parts included
    dialogs.expect(AmountDialog, lambda d: type_enter(qtbot, d.edit, "50%"))
    press(qtbot, sell.scan, Qt.Key.Key_F3)
    assert approvals == ["需要店主授权：超过 10% 的单品折扣。"]


def test_printer_errors_and_dates_read_chinese(chinese):
    from datetime import date

    from escpos.printer import Dummy

    from app.devices.printers import PrinterConfig, PrinterError, ReceiptPrinter
    from app.devices.receipt import Report

    with pytest.raises(PrinterError) as missing:
        ReceiptPrinter(PrinterConfig("network", "")).open_drawer()
    assert CJK.search(str(missing.value)), str(missing.value)

    class Jammed(Dummy):
        def textln(self, txt=""):
            raise OSError("paper jam")

    with pytest.raises(PrinterError) as jammed:
        ReceiptPrinter(device=Jammed()).print_doc(Report("X", "Shop", []))
    assert CJK.search(str(jammed.value)) and "paper jam" not in str(jammed.value)  # the detail is in the log

    assert i18n.day_text(date(2026, 11, 1)) == "2026年11月1日"
    assert i18n.date_field().displayFormat() == "yyyy-MM-dd"


def test_table_times_are_the_machines_time_and_read_the_same_in_every_language(monkeypatch):
    import time

    from app.ui.i18n import table_time

    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    try:
        assert table_time("2026-11-25T00:06:30.123456+00:00") == "2026-11-25 08:06"
        assert table_time("2026-11-24T20:00:00") == "2026-11-25 04:00"  # a naive stamp is UTC
        assert table_time("2026-11-25") == "2026-11-25"  # a bare date is not moved
        assert table_time(None) == "" and table_time("") == ""
        assert table_time("not a time at all") == "not a time at all"[:16]
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
