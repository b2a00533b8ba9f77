"""Promotions end to end against a real corner-server process, with hand-built till payloads over
raw HTTP (the till's own pricing is exercised by the till-side end-to-end test).

A promotion is published; a till pulls it, goes offline, sells across the promotion's end time
(the sale after the end carries no saving), comes back and pushes; the settlement the server
computes equals the one the till computes from the same facts (``sync.settlement.compute``), to the
cent, crediting the platform-funded part. A single-use coupon redeemed at two offline tills of two
shops is reported once.
"""

from __future__ import annotations

import json
import secrets
import subprocess
import sys
import uuid
from datetime import datetime, timedelta, timezone

import httpx

from sync.promotions import PromotionData
from sync.server import testing
from sync.settlement import SoldLine, compute, line_cost


def uid() -> str:
    return str(uuid.uuid4())


class RawTill:
    """An enrolled device talking the protocol by hand."""

    def __init__(self, base_url: str, code: str) -> None:
        self.base_url = base_url
        enrolled = testing.enroll(base_url, code)
        self.headers = testing.protocol_headers(enrolled.token)
        self.shop_code = enrolled.shop_code
        self.cursor = 0

    def pull(self) -> list[dict]:
        out = []
        while True:
            r = httpx.get(self.base_url + "/v1/sync/pull", params={"after": self.cursor}, headers=self.headers)
            assert r.status_code == 200, r.text
            body = r.json()
            out += body["changes"]
            self.cursor = body["cursor"]
            if not body["more"]:
                return out

    def push(self, kind: str, payload: dict) -> dict:
        r = httpx.post(self.base_url + "/v1/sync/push", headers=self.headers, timeout=30,
                       json={"events": [{"id": uid(), "kind": kind, "created_at": payload["created_at"],
                                         "payload": payload}]})
        assert r.status_code == 200, r.text
        return r.json()["results"][0]

    def settlement(self) -> dict:
        r = httpx.get(self.base_url + "/v1/settlement", params={"start": "2000-01-01", "end": "2100-01-01"},
                      headers=self.headers)
        assert r.status_code == 200, r.text
        return r.json()


def priced_sale(product: dict, qty: int, at: datetime, promo: PromotionData | None, coupons=()) -> dict:
    """What a till's pricing makes of ``qty`` units at ``at`` (percent off while the promotion runs)."""
    gross = qty * product["price"]
    saving, applied = 0, []
    if promo is not None and promo.starts_at <= at.replace(tzinfo=None) < promo.ends_at:
        saving = (gross * promo.percent_bp + 5000) // 10_000
        q, r = divmod(saving * promo.platform_share_bp, 10_000)
        applied = [{"promotion_id": str(promo.id), "amount": saving, "platform_amount": q + (1 if 2 * r >= 10_000 else 0)}]
    total = gross - saving
    tax = total - total * 10_000 // (10_000 + product["vat_rate_bp"])
    return {"id": uid(), "receipt_no": f"R-{secrets.token_hex(3)}", "receipt_token": secrets.token_urlsafe(16),
            "created_at": at.isoformat(), "staff_id": uid(), "subtotal": gross, "discount": saving, "total": total,
            "tax": tax, "coupons": list(coupons),
            "lines": [{"id": uid(), "line_no": 1, "product_id": product["id"], "sku": product["sku"],
                       "name": product["name"], "qty": qty, "unit": "each", "unit_price": product["price"],
                       "discount": saving, "total": total, "vat_rate_bp": product["vat_rate_bp"], "tax": tax,
                       "unit_cost": product["cost"], "promotions": applied}],
            "payments": [{"id": uid(), "method": "card", "amount": total}], "movements": []}


def till_statement(sales: list[dict], commission_bp: int = 500):
    """The till's computation from its own facts (what app/core/settlement.py feeds the same function)."""
    lines = [SoldLine(False, ln["total"], ln["tax"], line_cost(ln["qty"], ln["unit"], ln["unit_cost"]),
                      tuple((p["promotion_id"], p["platform_amount"]) for p in ln["promotions"]))
             for s in sales for ln in s["lines"]]
    return compute("2000-01-01T00:00:00.000000+00:00", "2100-01-01T00:00:00.000000+00:00", lines, [], commission_bp)


def test_a_promotion_sold_across_its_end_offline_settles_to_the_cent_and_a_double_coupon_is_reported_once(
        platform, tmp_path):
    url = platform.url
    a = RawTill(url, platform.shop.enrollment_code)
    other = testing.create_shop(platform.database_url, "Shop Two")
    b = RawTill(url, other.enrollment_code)
    product = platform.admin("GET", "/products", params={"limit": 1}).json()[0]

    # The shop's wall clock: the promotion ends at 12:00 today (shop time = UTC here).
    noon = datetime.now(timezone.utc).replace(hour=12, minute=0, second=0, microsecond=0)
    body = {"name": "Lunch 15 %", "kind": "percent_off", "percent_bp": 1500, "skus": [product["sku"]],
            "starts_at": (noon - timedelta(hours=4)).replace(tzinfo=None).isoformat(),
            "ends_at": noon.replace(tzinfo=None).isoformat(), "platform_share_bp": 4000}
    made = platform.admin("POST", "/promotions", json=body).json()
    coupon_promo = platform.admin("POST", "/promotions", json={
        **body, "name": "Thanks", "percent_bp": 1000, "coupon_required": True,
        "ends_at": (noon + timedelta(days=1)).replace(tzinfo=None).isoformat()}).json()
    code = platform.admin("POST", "/coupons", json={"promotion_id": coupon_promo["id"], "count": 1}).json()["coupons"][0]["code"]

    # The till hears of both, then goes offline (it pushes nothing until later).
    heard = [c["payload"] for c in a.pull() if c["kind"] == "promotion.upserted"]
    assert [p["id"] for p in heard] == [made["id"], coupon_promo["id"]]
    promo = PromotionData.model_validate(heard[0])
    before = priced_sale(product, 7, noon - timedelta(minutes=5), promo)
    after = priced_sale(product, 7, noon + timedelta(minutes=5), promo)  # past its end: full price
    assert before["discount"] > 0 and after["discount"] == 0
    # Back online: pushed late, accepted, credited.
    assert [a.push("sale.completed", s)["status"] for s in (before, after)] == ["accepted", "accepted"]
    central = a.settlement()
    mine = till_statement([before, after]).as_dict()
    assert {k: central[k] for k in mine} == mine
    expected_credit = before["lines"][0]["promotions"][0]["platform_amount"]
    assert central["credits"] == {made["id"]: expected_credit}
    assert expected_credit == (before["discount"] * 4000 + 5000) // 10_000

    # The same single-use coupon at two offline tills of two shops.
    thanks = PromotionData.model_validate(heard[1])
    first = priced_sale(product, 2, noon - timedelta(minutes=1), thanks, [code])
    second = priced_sale(product, 3, noon - timedelta(minutes=1), thanks, [code])
    assert a.push("sale.completed", first)["status"] == "accepted"
    assert b.push("sale.completed", second)["status"] == "accepted"
    b.push("sale.completed", second)  # a retry after a lost answer
    conflicts = platform.admin("GET", "/coupons/conflicts").json()
    assert [(c["code"], c["first_shop_code"], c["shop_code"]) for c in conflicts] == [(code, a.shop_code, other.code)]
    out = subprocess.run([sys.executable, "-m", "sync.server.cli", "coupon", "conflicts", "--json",
                          "--database-url", platform.database_url], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and len(json.loads(out.stdout)) == 1
    # The platform bears it: both shops keep their credit, and each end still agrees.
    assert {k: a.settlement()[k] for k in mine} == till_statement([before, after, first]).as_dict()
    assert {k: b.settlement()[k] for k in mine} == till_statement([second]).as_dict()
