"""The books end to end: a real corner-server process and a till on a settable clock. The till's
takings and VAT report for a day, and for the whole period, is what the platform computes from
the synced rows, to the cent; a shipment's own cost is what the goods are valued at on both ends."""

from __future__ import annotations

import httpx

from app import syncing
from app.core import demo
from app.core.clock import SettableClock
from app.core.sales import Tender

OWNER = demo.OWNER_PIN


def pay(till, items, method="cash"):
    cart = till.new_cart()
    for code, qty in items:
        till.add_to_cart(cart, code, qty)
    total = cart.totals().total
    tender = Tender("cash", total + 100) if method == "cash" else Tender(method, total, "AUTH7")
    return till.pay(cart, [tender])


def test_the_tills_takings_and_vat_are_the_platforms_to_the_cent(platform, tmp_path):  # noqa: F811
    platform.admin("PUT", "/policies/cash_rounding", json={"value": "5"})  # cash rounds to 0.05
    clock = SettableClock("2026-03-28T08:30+01:00")
    till = platform.new_till(tmp_path / "t1", clock=clock)
    till.set_time_zone("Europe/Paris")
    assert till.policy_int("cash_rounding") == 5

    # A shipment at a cost the shipper gives (not the catalog's): goods received are valued at it.
    order = till.place_order({"P0002": 24}, approver_pin=OWNER)
    syncing.sync_once(till)
    shipment = platform.admin("POST", f"/orders/{order.id}/ship",
                              json={"lines": [{"sku": "P0002", "qty": 20, "unit_cost": 41}]}).json()
    assert shipment["lines"][0]["unit_cost"] == 41
    syncing.sync_once(till)
    till.receive_delivery(shipment["id"], {"P0002": (20, 2)})

    # Saturday 28 March (winter time) and Sunday 29 March (summer time from 02:00), in Paris.
    first = pay(till, [("P0001", 3), ("P0049", 1), ("L001", 2), ("P0073", 1)])
    clock.advance(minutes=7)
    pay(till, [("W0101", 1250), ("P0002", 5)], "card")
    clock.set("2026-03-28T23:55+01:00")
    late = pay(till, [("P0003", 2), ("P0010", 1)])
    clock.set("2026-03-29T10:15+02:00")
    till.refund(first.receipt_no, {"P0001": 1, "L001": 1}, restock=True, approver_pin=OWNER)
    pay(till, [("P0001", 1), ("W0101", 333), ("P0075", 3)], "mobile")
    till.refund(late.receipt_no, {"P0003": 2, "P0010": 1}, restock=False, approver_pin=OWNER)  # all of it
    syncing.sync_once(till)
    assert till.pending_events() == 0

    till.login(OWNER)
    headers = syncing.client_for(till).http.headers

    for period in (till.reports.day("2026-03-28"), till.reports.day("2026-03-29"),
                   till.reports.period("2026-03-01", "2026-03-31")):
        a, b = period.bounds()
        mine = till.reports.takings(period).as_dict()
        central = platform.admin("GET", f"/shops/{platform.shop.code}/takings", params={"start": a, "end": b}).json()
        own = httpx.get(platform.url + "/v1/takings", params={"start": a, "end": b}, headers=headers, timeout=30)
        assert own.status_code == 200, own.text
        own = own.json()
        assert central.pop("shop_code") == own.pop("shop_code") == platform.shop.code
        assert mine == central == own, period
    saturday = till.reports.takings("2026-03-28")
    sunday = till.reports.takings("2026-03-29")
    assert (saturday.sales, saturday.refunds, sunday.sales, sunday.refunds) == (3, 0, 1, 2)
    assert {r.rate_bp for r in saturday.rates} == {r.rate_bp for r in sunday.rates} == {700, 1900}
    for day in (saturday, sunday):  # the tenders hold the takings plus the cash rounding
        assert sum(t.net for t in day.tenders) == day.net + day.rounding

    # Settlement values the goods received at the shipment's cost, on both ends alike.
    a, b = till.reports.period("2026-03-01", "2026-03-31").bounds()
    mine = till.settlement(a, b).as_dict()
    central = platform.admin("GET", f"/shops/{platform.shop.code}/settlement", params={"start": a, "end": b}).json()
    central.pop("shop_code")
    assert mine == central
    assert mine["goods_received"] == 18 * 41
