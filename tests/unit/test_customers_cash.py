import pytest

from app.core import customers, demo
from app.core.errors import TillError
from app.core.sales import Tender


def test_customer_edits_sync_only_with_consent(till):
    c = till.save_customer({"name": "Eve", "phone": "+44 7700 900099"})
    assert not [p for _, k, p in till.iter_outbox() if k == "customer.upserted" and p["id"] == c.id]
    till.save_customer({"consent_share": True}, c.id)
    sent = [p for _, k, p in till.iter_outbox() if k == "customer.upserted" and p["id"] == c.id]
    assert sent[-1]["fields"]["name"] == "Eve"
    till.save_customer({"consent_share": False}, c.id)
    sent = [p for _, k, p in till.iter_outbox() if k == "customer.upserted" and p["id"] == c.id]
    assert sent[-1]["fields"] == {"consent_share": False, "name": "", "phone": "", "email": ""}


def test_bad_customer_input_is_refused(till):
    with pytest.raises(TillError):
        till.save_customer({"name": "", "phone": ""})
    with pytest.raises(TillError, match="phone"):
        till.save_customer({"name": "X", "phone": "call me"})
    with pytest.raises(TillError, match="email"):
        till.save_customer({"name": "X", "email": "nope"})


def test_remote_customer_changes_merge_per_field_by_clock(till):
    c = till.save_customer({"name": "Fay", "phone": "+44 7700 900100", "consent_share": True})
    with till.write() as s:
        customers.apply_remote(s, till.clock, {"id": c.id, "hlc": "0000000000001:00000:zz", "fields": {"name": "Old"}})
        customers.apply_remote(s, till.clock, {"id": c.id, "hlc": "9999999999999:00000:zz", "fields": {"phone": "+44 1"}})
    fresh = till.customer(c.id)
    assert fresh.name == "Fay" and fresh.phone == "+44 1"


def test_search_by_phone_ignores_spaces(till):
    assert [c.name for c in till.find_customers("7700900002")] == ["Bao Nguyen"]


def test_cash_session_close_shows_over_and_short(till):
    cart = till.new_cart()
    till.add_to_cart(cart, "P0049")
    till.pay(cart, [Tender("cash", 1000)])  # 5.99 in the drawer
    till.paid_in_out("paid_out", 250, "window cleaner")
    assert till.expected_cash() == 10000 + 599 - 250
    report = till.close_session(10000 + 599 - 250 - 100)
    assert report.over_short == -100 and report.sales_count == 1 and report.tenders == {"cash": 599}
    assert report.tax_by_rate == {700: 39}
    closes = [p for _, k, p in till.iter_outbox() if k == "cash.session_closed"]
    assert closes and closes[0]["over_short"] == -100
    with pytest.raises(TillError):
        till.close_session(0)


def test_paid_out_more_than_the_drawer_holds_is_refused(till):
    with pytest.raises(TillError, match="not that much"):
        till.paid_in_out("paid_out", 10**7, "x")


def test_wrong_pin_and_duplicate_pin(till):
    from app.core.errors import AuthError
    with pytest.raises(AuthError):
        till.login("0000")
    with pytest.raises(TillError, match="already used"):
        till.add_staff("Copy", "cashier", demo.CASHIER_PIN)
