"""The owner's view of conflicts between tills (back office, Data page; docs/peers.md): each open
one said in words, settled with a note through ``till.peers.settle``, shown settled with who and how."""

import json

import pytest

from app.core import demo
from app.core.store.models import PeerConflict
from app.ui.backoffice import BackOffice
from app.ui.backoffice.peer_conflicts_page import SettleDialog

from .helpers import type_enter


@pytest.fixture
def conflicts(till):
    cy = till.save_customer({"name": "Cy Lee", "consent_share": True})
    with till.write() as s:
        s.add(PeerConflict(id="c-refund", kind="over_refund", ref_id="sale-1", created_at="2026-12-01T09:00:00",
                           detail=json.dumps({"receipt_no": "DEMO-1-000007", "sku": "P0001", "name": "Whole milk 1 l",
                                              "sold": 1, "refunded": 2, "refund_id": "r-2"})))
        s.add(PeerConflict(id="c-points", kind="points_overspent", ref_id=cy.id, created_at="2026-12-01T10:00:00",
                           detail=json.dumps({"balance": -5, "entry_id": "e-1"})))
    till.login(demo.OWNER_PIN)
    return cy


@pytest.fixture
def office(qtbot, till):
    window = BackOffice(till)
    qtbot.addWidget(window)
    window.show()
    window.tabs.setCurrentIndex(window.DATA)
    return window


def test_the_data_page_lists_open_conflicts_in_words_and_the_owner_settles_one_with_a_note(
        qtbot, till, conflicts, office, monkeypatch):
    box = office.data.conflicts
    texts = [box.model.index(r, 2).data() for r in range(box.model.rowCount())]
    assert texts == ["Receipt DEMO-1-000007: Whole milk 1 l refunded 2 times but sold 1 (refunded at two tills apart)",
                     "Cy Lee: loyalty points at -5 (spent at two tills apart)"]
    assert box.summary.text().startswith("2 conflicts wait for you")
    assert [box.model.index(r, 1).data() for r in range(2)] == ["Open", "Open"]
    asked = []
    monkeypatch.setattr(SettleDialog, "ask", classmethod(lambda cls, parent, what: asked.append(what) or
                                                         "Called Cy: 5 points off her next visit"))
    box.view.selectRow(1)
    box.settle_button.click()
    assert asked == [texts[1]]
    assert [c.id for c in till.peers.conflicts()] == ["c-refund"] and till.peers.open_conflict_count() == 1
    assert box.model.rowCount() == 1 and box.summary.text().startswith("1 conflict waits for you")
    assert office.data.status.text().startswith("Settled: Cy Lee")
    box.show_settled.setChecked(True)
    assert box.model.rowCount() == 2
    assert box.model.index(1, 1).data() == "By Mei Chen: Called Cy: 5 points off her next visit"
    box.view.selectRow(1)
    assert not box.settle_button.isEnabled()  # a settled one is not settled twice


def test_the_settle_dialog_asks_what_was_done_and_giving_up_changes_nothing(qtbot, till, conflicts, office, dialogs):
    box = office.data.conflicts
    box.view.selectRow(0)
    seen = []

    def empty_then_note(dialog):
        type_enter(qtbot, dialog.note, "")
        seen.append((dialog.isVisible(), dialog.error.text()))
        type_enter(qtbot, dialog.note, "Refund asked back at the counter")

    dialogs.expect(SettleDialog, empty_then_note)
    box.settle_button.click()
    assert seen == [(True, "Say what was done about it.")]
    [settled] = [c for c in till.peers.conflicts(include_resolved=True) if c.resolved]
    assert (settled.id, settled.note, settled.resolved_by) == ("c-refund", "Refund asked back at the counter",
                                                              "Mei Chen")
    dialogs.expect(SettleDialog, lambda d: d.reject())
    box.view.selectRow(0)
    box.settle_button.click()
    assert till.peers.open_conflict_count() == 1


def test_a_conflict_found_while_the_page_is_open_shows_at_once(qtbot, till, office):
    box = office.data.conflicts
    assert box.model.rowCount() == 0 and box.summary.text() == "No conflict between tills waits for you."
    with till.write() as s:
        s.add(PeerConflict(id="c-new", kind="over_refund", ref_id="sale-9", created_at="2026-12-01T11:00:00",
                           detail=json.dumps({"receipt_no": "DEMO-2-000001", "name": "Bread", "sold": 1,
                                              "refunded": 2})))
    till.notify("peers")  # what applying another till's page says
    qtbot.waitUntil(lambda: box.model.rowCount() == 1, timeout=2000)
