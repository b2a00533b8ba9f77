"""The window's side of a shop's own staff: the first run creates the owner (instead of a PIN pad
nobody can use), the PIN pad makes people wait after wrong PINs, and the back office's Staff
page adds, renames, re-PINs and deactivates people."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from PySide6.QtCore import Qt

from app.core import demo
from app.core.errors import AuthError, TillError
from app.core.staff import LockedOut
from app.core.till import Till
from app.ui.backoffice.staff_page import ConfirmDeactivate, StaffDialog

from .helpers import login, type_enter
from .test_chinese_audit import Audit


@pytest.fixture
def new_till(tmp_path):
    """An empty till, as after `corner enroll`: no staff."""
    till = Till(tmp_path / "new")
    yield till
    till.close()


def open_on(qtbot, till):
    from app.ui.window import TillWindow

    window = TillWindow(till)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def test_a_till_with_no_staff_opens_on_the_first_run_and_creates_the_owner(qtbot, new_till):
    window = open_on(qtbot, new_till)
    first = window.login.first_run
    assert first.isVisible() and not window.login.pad.isVisible()
    type_enter(qtbot, first.name, "Ana Lima")
    assert first.pin.hasFocus()  # Enter moves on
    type_enter(qtbot, first.pin, "2468")
    type_enter(qtbot, first.again, "2486")
    assert "not the same" in first.error.text() and window.stack.currentWidget() is window.login
    assert new_till.staff.needs_owner()
    type_enter(qtbot, first.pin, "24")
    type_enter(qtbot, first.again, "24")
    assert "4 to 8 digits" in first.error.text()
    type_enter(qtbot, first.pin, "2468")
    type_enter(qtbot, first.again, "2468")
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.sell)
    assert new_till.user.name == "Ana Lima" and new_till.user.is_owner
    window.lock()
    assert window.login.pad.isVisible() and not first.isVisible()
    login(qtbot, window, "2468")


def test_after_enrolment_the_window_starts_on_the_first_run(qtbot, new_till, monkeypatch):
    from app.ui import app as ui_app
    from app.ui.enroll import EnrollDialog

    asked = []
    monkeypatch.setattr(EnrollDialog, "ask", classmethod(lambda cls, parent, till: asked.append(till) or {}))
    window = ui_app.open_window(new_till.data_dir, till=new_till, show=False, sync=False)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert asked == [new_till]
    assert window.login.first_run.isVisible() and not window.login.pad.isVisible()


def test_five_wrong_pins_at_the_pad_make_everyone_wait(qtbot, window, till):
    at = [datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)]
    till.staff.now = lambda: at[0]
    for n in range(4):
        type_enter(qtbot, window.login.pad.field, "0000")
        assert window.login.error.text() == "Wrong PIN. Try again."
    type_enter(qtbot, window.login.pad.field, "0000")
    assert window.login.error.text() == "Too many wrong PINs. Try again in 30 s."
    type_enter(qtbot, window.login.pad.field, demo.OWNER_PIN)  # the right PIN waits too
    assert window.stack.currentWidget() is window.login
    assert window.login.error.text() == "Too many wrong PINs. Try again in 30 s."
    at[0] += timedelta(seconds=12)
    qtbot.waitUntil(lambda: window.login.error.text() == "Too many wrong PINs. Try again in 18 s.", timeout=3000)
    at[0] += timedelta(seconds=18)
    qtbot.waitUntil(lambda: window.login.error.text() == "", timeout=3000)
    login(qtbot, window, demo.OWNER_PIN)


@pytest.fixture
def page(qtbot, till):
    from app.ui.backoffice import BackOffice

    till.login(demo.OWNER_PIN)
    office = BackOffice(till)
    qtbot.addWidget(office)
    office.show()
    office.tabs.setCurrentIndex(office.STAFF)
    assert office.tabs.tabText(office.STAFF) == "Sta&ff"
    return office.staff


def answer(monkeypatch, **values):
    """The dialog answered with ``values``: its ``apply`` run as OK runs it; a refusal, which the
    dialog shows, is kept in ``refused`` and the person then cancels."""
    refused = []

    def ask(cls, parent, title, apply=None, **fields):
        if apply is None:
            return dict(values)
        try:
            return apply(dict(values))
        except TillError as exc:
            refused.append(str(exc))
            return None

    monkeypatch.setattr(StaffDialog, "ask", classmethod(ask))
    return refused


def names(page):
    return [(r.name, r.role, r.active) for r in page.model.rows]


def test_the_staff_page_lists_adds_renames_and_deactivates(qtbot, page, till, monkeypatch):
    assert names(page) == [("Mei Chen", "owner", True), ("Sam Patel", "cashier", True)]
    answer(monkeypatch, name="Lou Park", role="cashier", pin="4321")
    added = page.add("cashier")
    assert added is not None and page.selected().id == added.id
    assert "Lou Park can now log in" in page.status.text()
    assert ("Lou Park", "cashier", True) in names(page)

    refused = answer(monkeypatch, name="Sam Patel", role="cashier", pin="9876")  # a name already here
    assert page.add("cashier") is None and "already works here" in refused[0]

    answer(monkeypatch, name="Lou Parker")
    assert page.rename().name == "Lou Parker"
    assert page.selected().name == "Lou Parker"

    assert page.disable_button.isEnabled()
    asked = []
    monkeypatch.setattr(ConfirmDeactivate, "ask", classmethod(lambda cls, parent, name: asked.append(name) or False))
    assert page.disable() is None and asked == ["Lou Parker"]
    assert ("Lou Parker", "cashier", True) in names(page)
    monkeypatch.setattr(ConfirmDeactivate, "ask", classmethod(lambda cls, parent, name: True))
    page.disable()
    assert ("Lou Parker", "cashier", False) in names(page)
    assert not page.pin_button.isEnabled() and not page.disable_button.isEnabled()
    with pytest.raises(AuthError):
        till.login("4321")
    page.select(till.staff.find("Mei Chen").id)
    assert not page.disable_button.isEnabled()  # not oneself


def test_a_new_pin_from_the_staff_page_asks_an_owner(qtbot, page, till, monkeypatch, approvals):
    sam = till.staff.find("Sam Patel")
    till.login(demo.CASHIER_PIN)  # a cashier at the page (say the owner stepped away): an owner approves
    page.select(sam.id)
    answer(monkeypatch, pin="7531")
    assert page.new_pin().id == sam.id
    assert len(approvals) == 1 and "resetting a PIN" in approvals[0]
    assert till.login("7531").name == "Sam Patel"
    approvals.pin[0] = None
    page.select(sam.id)
    assert page.new_pin() is None and "not changed" in page.status.text()


def test_a_refused_new_person_keeps_the_dialog_and_the_name_typed(qtbot, page, till, dialogs):
    """A PIN someone else has (seen at a real shop): the owner is told in the dialog, the name stays,
    the PIN fields are emptied; a fresh PIN then adds the person."""
    def script(dialog):
        type_enter(qtbot, dialog.name, "Raj Patel")
        qtbot.keyClicks(dialog.pin, demo.OWNER_PIN)
        type_enter(qtbot, dialog.again, demo.OWNER_PIN)
        assert dialog.isVisible() and "already used" in dialog.error.text()
        assert dialog.name.text() == "Raj Patel" and dialog.pin.text() == "" and dialog.again.text() == ""
        assert "Raj Patel" not in [r.name for r in till.staff.list()]
        qtbot.keyClicks(dialog.pin, "8642")
        type_enter(qtbot, dialog.again, "8642")

    dialogs.expect(StaffDialog, script)
    added = page.add("cashier")
    assert added is not None and added.name == "Raj Patel"
    assert till.login("8642").name == "Raj Patel"


def test_the_staff_dialog_wants_the_pin_typed_twice(qtbot, dialogs):
    def script(dialog):
        type_enter(qtbot, dialog.name, "Kim")
        qtbot.keyClicks(dialog.pin, "1234")
        qtbot.keyClicks(dialog.again, "1243")
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
        assert dialog.isVisible() and "not the same" in dialog.error.text()
        dialog.again.clear()
        qtbot.keyClicks(dialog.again, "1234")
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()

    dialogs.expect(StaffDialog, script)
    assert StaffDialog.ask(None, "Add a cashier", name="", role="cashier") == {
        "name": "Kim", "role": "cashier", "pin": "1234"}


def test_first_run_and_staff_page_speak_chinese(qtbot, chinese, new_till, till):  # noqa: F811
    window = open_on(qtbot, new_till)
    window.login.first_run.error.setText(str(LockedOut(30)))
    audit = Audit(qtbot, new_till)
    audit.look(window, "first run")

    from app.ui.backoffice import BackOffice

    till.login(demo.OWNER_PIN)
    office = BackOffice(till)
    office.setWindowFlag(Qt.WindowType.Window, True)
    qtbot.addWidget(office)
    office.show()
    office.tabs.setCurrentIndex(office.STAFF)
    audit = Audit(qtbot, till)
    audit.look(office.staff, "staff page")
    audit.look(office.tabs.tabBar(), "tabs")
    audit.dialog(StaffDialog(office, "x", name="", role="cashier"), "add staff")
    assert audit.seen > 15
    assert not audit.leaks, audit.leaks
