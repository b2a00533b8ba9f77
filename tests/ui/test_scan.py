"""The scanned item is the item sold: a scanner's burst rings up exactly the code it sent,
whatever the scan field or a search list shows; a person's Enter adds the text as a code, the
chosen result of the list shown for that text, or its only match; CODE*QTY works as in the CLI.

Scanner and person are told apart by the gaps between keys, so these tests send key events
stamped as they would be pressed: bursts with keys a few ms apart (``scanner``) and typing far
slower (``person``); one test sends plain QTest bursts, timed as they arrive."""

import pytest
from PySide6.QtCore import Qt

from app.core import demo
from app.ui.sell.scanner import KeyBursts

from .helpers import login, person, press, scanner

MILK = "5012345000022"  # Semi-skimmed milk 1 l (P0002)


@pytest.fixture
def sell(qtbot, window):
    login(qtbot, window, demo.CASHIER_PIN)
    return window.sell


def names(sell) -> list[str]:
    return [line.name for line in sell.cart.lines]


def wait_for_one_match(qtbot, sell, word: str, name: str) -> None:
    """The list shows the one match of ``word``, highlighted, with the hint that Enter adds it."""
    qtbot.waitUntil(lambda: sell.side.currentIndex() == 1 and sell.results_for == word)
    assert [p.name for p in sell.results_model.products] == [name]
    assert sell.results.currentIndex().row() == 0  # highlighted
    assert "Enter to add" in sell.results_title.text()


def test_type_sourdough_enter_then_scan_the_milk_sells_both_in_order(qtbot, sell):
    # the sequence of the issue: the list's match used to win over the milk scanned after it
    person(qtbot, sell.scan, "sourdough")
    wait_for_one_match(qtbot, sell, "sourdough", "Sourdough loaf")
    press(qtbot, sell.scan, Qt.Key.Key_Return)  # Enter on a single match adds it
    assert names(sell) == ["Sourdough loaf"] and sell.scan.text() == ""
    scanner(qtbot, sell.scan, MILK)
    assert names(sell) == ["Sourdough loaf", "Semi-skimmed milk 1 l"]
    assert sell.banner.text() == ""


@pytest.mark.parametrize("word,name", [("sourdough", "Sourdough loaf"), ("baguet", "Baguette"),
                                       ("cucum", "Cucumber"), ("banan", "Bananas bunch")])
def test_a_scan_over_a_typed_search_rings_up_only_the_code_scanned(qtbot, sell, word, name):
    person(qtbot, sell.scan, word)
    wait_for_one_match(qtbot, sell, word, name)
    scanner(qtbot, sell.scan, MILK)  # the burst lands after the typed word: "banan5012345000022"
    assert names(sell) == ["Semi-skimmed milk 1 l"]
    assert sell.scan.text() == "" and sell.side.currentIndex() == 0  # the half-typed search is gone
    assert sell.banner.text() == ""


def test_a_scan_rings_up_its_code_even_with_another_result_chosen(qtbot, sell):
    person(qtbot, sell.scan, "milk")
    qtbot.waitUntil(lambda: sell.results_for == "milk" and sell.results_model.rowCount() == 4)
    assert not sell.results.currentIndex().isValid()  # several: nothing is chosen for the cashier
    press(qtbot, sell.scan, Qt.Key.Key_Down)  # the cashier chooses Coconut milk ...
    assert sell.results.currentIndex().row() == 0
    scanner(qtbot, sell.scan, MILK)  # ... but scans the semi-skimmed
    assert names(sell) == ["Semi-skimmed milk 1 l"]


def test_an_unknown_scan_says_so_and_never_takes_the_listed_match(qtbot, sell):
    person(qtbot, sell.scan, "banan")
    wait_for_one_match(qtbot, sell, "banan", "Bananas bunch")
    scanner(qtbot, sell.scan, "4006381333931")  # a valid EAN the shop does not sell
    assert names(sell) == []
    assert "Unknown barcode or SKU: 4006381333931" in sell.banner.text()
    assert sell.scan.text() == ""  # ready for the next scan


def test_scans_and_typing_interleaved(qtbot, sell):
    scanner(qtbot, sell.scan, MILK)
    person(qtbot, sell.scan, "banan", enter=True)  # Enter before the list even shows: its only match
    scanner(qtbot, sell.scan, "P0018")  # a SKU label
    person(qtbot, sell.scan, "W0101*350", enter=True)  # 350 g of apples, as `corner sell W0101*350`
    person(qtbot, sell.scan, "cucu")
    scanner(qtbot, sell.scan, MILK)
    person(qtbot, sell.scan, "P0001*3", enter=True)
    assert [(line.sku, line.qty) for line in sell.cart.lines] == [
        ("P0002", 1), ("P0028", 1), ("P0018", 1), ("W0101", 350), ("P0002", 1), ("P0001", 3)]


def test_an_exact_code_typed_wins_over_the_list(qtbot, sell):
    person(qtbot, sell.scan, "P000")
    qtbot.waitUntil(lambda: sell.results_for == "P000" and sell.results_model.rowCount() > 1)
    press(qtbot, sell.scan, Qt.Key.Key_Down)
    chosen = sell.results_model.products[sell.results.currentIndex().row()].sku
    assert chosen == "P0001"
    person(qtbot, sell.scan, "2", enter=True)  # "P0002" and Enter, before the list catches up
    assert [line.sku for line in sell.cart.lines] == ["P0002"]


def test_enter_on_several_matches_asks_to_choose_then_adds_the_chosen(qtbot, sell):
    person(qtbot, sell.scan, "yoghurt", enter=True)
    assert names(sell) == []
    assert "choose from the matches" in sell.banner.text()
    press(qtbot, sell.scan, Qt.Key.Key_Down)
    press(qtbot, sell.scan, Qt.Key.Key_Down)
    press(qtbot, sell.scan, Qt.Key.Key_Return)
    assert names(sell) == ["Natural yoghurt 500 g"]


def test_code_times_quantity_refusals_change_nothing(qtbot, sell):
    person(qtbot, sell.scan, "P0001*x", enter=True)
    assert "whole number" in sell.banner.text() and names(sell) == []
    assert sell.scan.text() == "P0001*x"  # kept, selected, to correct
    person(qtbot, sell.scan, "NOPE*2", enter=True)
    assert "Unknown barcode or SKU: NOPE" in sell.banner.text() and names(sell) == []


def test_key_bursts_tell_a_scanner_from_a_person():
    now = [0.0]
    bursts = KeyBursts(clock=lambda: now[0])

    def keys(text, gap):
        for char in text:
            now[0] += gap
            bursts.typed(char)

    keys("banan", 150)  # a person
    now[0] += 600  # picks up the scanner
    keys(MILK, 4)  # and scans
    now[0] += 4
    assert bursts.enter() == MILK
    keys("P0001", 120)
    now[0] += 200
    assert bursts.enter() is None  # a person's Enter
    keys("P0001", 4)
    now[0] += 500
    assert bursts.enter() is None  # typed fast, but Enter came later: a person pressed it
    keys("abc", 4)
    now[0] += 4
    assert bursts.enter() is None  # too short for a code
    keys("P00", 4)
    bursts.other()  # Backspace: not a scanner
    keys("01", 4)
    now[0] += 4
    assert bursts.enter() is None
    # the keys' own timestamps win over the clock (a window busy between two keys)
    for i, char in enumerate(MILK):
        bursts.typed(char, at=10_000 + 4 * i)
    assert bursts.enter(at=10_000 + 4 * len(MILK)) == MILK


def test_a_plain_qtest_burst_after_typing_is_the_scan(qtbot, sell):
    # QTest's events carry no timestamp: they are timed as they arrive (keys microseconds apart)
    person(qtbot, sell.scan, "baguet")
    wait_for_one_match(qtbot, sell, "baguet", "Baguette")
    qtbot.keyClicks(sell.scan, MILK)
    qtbot.keyClick(sell.scan, Qt.Key.Key_Return)
    assert names(sell) == ["Semi-skimmed milk 1 l"]
