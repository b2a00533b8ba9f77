"""The core's refusals: an English template with named params, formatted by ``str(exc)``,
translated only when a translator is installed (the window does; the CLI does not)."""

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from app.core import errors
from app.core.errors import (
    QT_TRANSLATE_NOOP, ApprovalRequired, AuthError, Message, NotFound, TillError, line_error, not_imported,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def translator():
    """A stand-in for Qt's translate: a small dictionary of 'translations' that reorder params."""
    table = {
        "Only {left} of {name} can still be refunded on {receipt_no}.": "[{receipt_no}] {name} x{left} left",
        "An owner must approve: {action}.": "OWNER: {action}!",
        "a refund": "REFUND",
        "line {line}: {error}": "L{line} {error}",
        "The file was not imported:\n{errors}": "NOT IMPORTED\n{errors}",
        "unknown SKU {sku}": "SKU? {sku}",
        "Wrong PIN.": "{oops}",  # a translation with a placeholder the message does not have
    }
    calls = []

    def translate(context, text):
        calls.append(context)
        return table.get(text, text)

    errors.set_translator(translate)
    yield calls
    errors.set_translator(None)


def test_str_formats_the_template_with_its_params_and_keeps_both():
    exc = NotFound(QT_TRANSLATE_NOOP("CoreError", "Unknown barcode or SKU: {code}."), code="4006381333931")
    assert str(exc) == "Unknown barcode or SKU: 4006381333931."
    assert exc.template == "Unknown barcode or SKU: {code}."
    assert exc.params == {"code": "4006381333931"}
    assert isinstance(exc, TillError)
    plain = TillError("A message with {braces} but no params")  # e.g. the CLI's own messages
    assert str(plain) == "A message with {braces} but no params"


def test_a_translation_is_applied_before_the_params_so_it_may_reorder_them(translator):
    exc = TillError(QT_TRANSLATE_NOOP("CoreError", "Only {left} of {name} can still be refunded on {receipt_no}."),
                    left=2, name="Milk", receipt_no="DEMO-1-000001")
    assert str(exc) == "[DEMO-1-000001] Milk x2 left"
    assert set(translator) == {"CoreError"}
    errors.set_translator(None)
    assert str(exc) == "Only 2 of Milk can still be refunded on DEMO-1-000001."


def test_nested_messages_are_translated_too(translator):
    exc = ApprovalRequired(QT_TRANSLATE_NOOP("CoreError", "An owner must approve: {action}."),
                           Message(QT_TRANSLATE_NOOP("CoreError", "a refund")))
    assert str(exc) == "OWNER: REFUND!"
    assert str(exc.action) == "REFUND"
    bad = not_imported([line_error(3, TillError("unknown SKU {sku}", sku="'X1'")), line_error(4, ValueError("nope"))])
    assert str(bad) == "NOT IMPORTED\nL3 SKU? 'X1'\nL4 nope"


def test_a_translation_that_breaks_a_placeholder_falls_back_to_english(translator):
    assert str(AuthError(QT_TRANSLATE_NOOP("CoreError", "Wrong PIN."))) == "{oops}"  # no params: shown as given
    exc = AuthError("Wrong PIN.", name="x")
    assert str(exc) == "Wrong PIN."


def test_approval_required_keeps_its_action_and_survives_pickling():
    exc = ApprovalRequired("An owner must approve: {action}.", "a refund")
    assert exc.action == "a refund" and str(exc) == "An owner must approve: a refund."
    copy = pickle.loads(pickle.dumps(exc))
    assert (type(copy), str(copy), copy.action) == (ApprovalRequired, str(exc), "a refund")
    other = pickle.loads(pickle.dumps(NotFound("No receipt {receipt_no} on this till.", receipt_no="R-1")))
    assert str(other) == "No receipt R-1 on this till."


def test_a_refusal_from_the_till_keeps_its_params(till):
    with pytest.raises(NotFound) as info:
        till.add_to_cart(till.new_cart(), "NOPE")
    assert info.value.template == "Unknown barcode or SKU: {code}."
    assert info.value.params == {"code": "NOPE"}


def test_the_cli_speaks_english_even_in_a_chinese_locale(tmp_path):
    env = {**os.environ, "LANG": "zh_CN.UTF-8", "LC_ALL": "zh_CN.UTF-8", "LANGUAGE": "zh_CN"}
    cli = [sys.executable, "-m", "app.cli", "--data-dir", str(tmp_path)]
    subprocess.run([*cli, "init-demo"], cwd=ROOT, env=env, check=True, capture_output=True)
    done = subprocess.run([*cli, "sell", "--pin", "1111", "NOPE"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode != 0
    assert done.stderr.strip() == "error: Unknown barcode or SKU: NOPE."


def test_the_core_does_not_import_qt():
    code = ("import sys, app.core.till, app.core.errors, app.syncing\n"
            "print(any(m.startswith('PySide6') for m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_parse_errors_are_refusals_in_our_words_and_still_value_errors(translator):
    from app.core import catalog, stock
    from app.core.errors import COMMA, InputError
    from app.core.money import parse_amount

    with pytest.raises(ValueError) as caught:  # callers that check a parse with except ValueError still do
        parse_amount("12,5x")
    assert isinstance(caught.value, InputError) and isinstance(caught.value, TillError)
    assert caught.value.template == "not an amount: {text} (write it like 12.50)"
    assert caught.value.params == {"text": "'12,5x'"}
    assert errors.whole_number(" 7 ", QT_TRANSLATE_NOOP("CoreError", "the quantity")) == 7
    with pytest.raises(InputError) as caught:
        errors.whole_number("2.5", QT_TRANSLATE_NOOP("CoreError", "the quantity"))
    assert str(caught.value) == "the quantity must be a whole number: '2.5'"
    # an import's row list carries none of Python's own words ("invalid literal for int()")
    bad = "sku,name,vat_rate_bp,price\nL1,Jam,ten,200\nL2,Tea,2000,two\n"
    with pytest.raises(TillError) as caught:
        catalog.parse_csv(bad)
    text = str(caught.value)
    assert "invalid literal" not in text and "NOT IMPORTED" in text
    # the reasons are the shared catalog contract's (sync/catalog_row.py), in English at both ends
    assert "L2 vat_rate_bp must be a whole number (basis points), not 'ten'" in text
    assert "L3 price must be a whole number (minor units), not 'two'" in text
    # a write-off reason is named by its label, listed with the language's comma
    labels = [str(stock.reason_label(code)) for code in stock.WRITE_OFF_REASONS]
    assert labels == ["spoiled", "damaged", "stolen", "past its date", "other"]
    assert str(stock.shown_reason("spoilage: fell off the shelf")) == "spoiled: fell off the shelf"
    assert str(stock.shown_reason("stock count")) == "stock count"
    assert str(stock.shown_reason("typed by a person")) == "typed by a person"
    assert errors.render(COMMA) == ", "


def test_a_sales_import_reports_bad_numbers_and_dates_in_our_words(tmp_path):
    from app.core import demo, history
    from app.core.till import Till

    till = Till(tmp_path / "shop")
    try:
        demo.seed(till)
        till.login(demo.OWNER_PIN)
        bad = ("receipt_no,created_at,sku,qty,unit_price\n"
               "R1,yesterday,P0001,1,1.00\nR2,2024-05-01T10:00,P0001,lots,1.00\n")
        with pytest.raises(TillError) as caught:
            history.import_sales_csv(till, bad)
        assert str(caught.value).splitlines()[1:] == [
            "line 2: not a date and time: 'yesterday' (write it like 2024-05-31T14:30)",
            "line 3: the quantity must be a whole number: 'lots'",
        ]
    finally:
        till.close()
