"""Promotions on the platform: defining and publishing them, what the tills push back of them
(line savings, coupons), the settlement credits, the receipt page (docs/promotions-platform.md).

Every test runs on SQLite and on PostgreSQL (the ``db_url`` fixture)."""

from __future__ import annotations

import json
import secrets
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from sync.server.cli import main
from sync.server.db import session_scope
from sync.server.models import ChangeLog, Product
from sync.server.promo_models import (Coupon, CouponConflict, CouponRedemption, Promotion, RefundLinePromotion,
                                      SaleLinePromotion, ScheduledPriceRow)
from sync.server.promotions import apply_due_prices, round_share

from .factories import event, movement, now, uid

CATALOG = (
    "sku,name,category,brand,unit,vat_rate_bp,price,min_price,max_price,cost,barcodes\n"
    "COF,Coffee 250g,Coffee,Arabica Co,each,1000,450,400,500,250,\n"
    "YOG,Yogurt,Dairy,Dairyland,each,700,50,,,30,\n"
)


def promo(name: str = "Coffee 3 for 2", **fields) -> dict:
    body = {"name": name, "kind": "multi_buy", "buy_qty": 3, "pay_qty": 2, "skus": ["COF"],
            "starts_at": "2026-12-01T08:00", "ends_at": "2026-12-08T20:00", "platform_share_bp": 10_000}
    body.update(fields)
    return body


def yogurt(name: str = "Yogurt 10 % off", **fields) -> dict:
    return promo(name, kind="percent_off", percent_bp=1000, skus=[], categories=["Dairy"],
                 buy_qty=None, pay_qty=None, platform_share_bp=5000, **fields)


def clean(body: dict) -> dict:
    return {k: v for k, v in body.items() if v is not None}


@pytest.fixture
def products(client, admin) -> dict[str, dict]:
    r = client.post("/admin/catalog/import", json={"format": "csv", "content": CATALOG, "publish": True}, headers=admin)
    assert r.status_code == 200, r.text
    return {p["sku"]: p for p in client.get("/admin/products", headers=admin).json()}


def define(client, admin, body: dict) -> dict:
    r = client.post("/admin/promotions", json=clean(body), headers=admin)
    assert r.status_code == 201, r.text
    return r.json()


def sale_with(product: dict, qty: int, saving: int, promotions: list[dict], coupons: list[str] = (),
              vat_tax: int = 0) -> dict:
    """A one-line sale of ``qty`` units of ``product`` at its price, ``saving`` off by promotions."""
    gross = qty * product["price"]
    total = gross - saving
    line = {"id": uid(), "line_no": 1, "product_id": product["id"], "sku": product["sku"], "name": product["name"],
            "qty": qty, "unit": "each", "unit_price": product["price"], "discount": saving, "total": total,
            "vat_rate_bp": product["vat_rate_bp"], "tax": vat_tax, "unit_cost": product["cost"],
            "promotions": promotions}
    return {"id": uid(), "receipt_no": "S001-1-1", "receipt_token": secrets.token_urlsafe(16), "created_at": now(), "staff_id": uid(),
            "staff_name": "Ana", "subtotal": gross, "discount": saving, "total": total, "tax": vat_tax,
            "lines": [line], "payments": [{"id": uid(), "method": "card", "amount": total}],
            "movements": [movement(product["id"], -qty, "sale", product["sku"])], "coupons": list(coupons)}


def refund_of(sale: dict, promotions: list[dict]) -> dict:
    line = sale["lines"][0]
    return {"id": uid(), "sale_id": sale["id"], "receipt_no": sale["receipt_no"], "created_at": now(),
            "staff_id": uid(), "restock": True, "total": line["total"], "tax": line["tax"],
            "lines": [{"id": uid(), "sale_line_id": line["id"], "product_id": line["product_id"], "sku": line["sku"],
                       "qty": line["qty"], "amount": line["total"], "tax": line["tax"], "promotions": promotions}],
            "payments": [{"id": uid(), "method": "card", "amount": -line["total"]}],
            "movements": [movement(line["product_id"], line["qty"], "refund", line["sku"])]}


def applied(promotion: dict, amount: int, platform: int) -> dict:
    return {"promotion_id": promotion["id"], "amount": amount, "platform_amount": platform}


def status_of(till, payload: dict, kind: str = "sale.completed") -> dict:
    return till.push([event(kind, payload)])["results"][0]


def feed_kinds(till, kind: str) -> list[dict]:
    changes, _ = till.pull_all()
    return [c["payload"] for c in changes if c["kind"] == kind]


# --------------------------------------------------------------------------- defining and publishing

@pytest.mark.parametrize("body, words", [
    (promo(ends_at="2026-11-30T08:00"), "ends before it starts"),
    (promo(shops=["S999"]), "no shop S999"),
    (promo(skus=["NOPE"]), "no product with sku NOPE"),
    (promo(kind="percent_off"), "percent_off promotion does not take"),
    (promo(starts_at="2026-12-01T08:00+01:00"), "wall-clock"),
    (promo(platform_share_bp=12_000), "platform_share_bp"),
])
def test_a_bad_promotion_is_refused_with_its_reason_and_changes_nothing(client, admin, products, engine, body, words):
    with session_scope(engine) as s:
        before = s.scalar(select(func.count()).select_from(ChangeLog))
    r = client.post("/admin/promotions", json=body, headers=admin)
    assert r.status_code == 400, r.text
    assert words in r.json()["detail"]
    with session_scope(engine) as s:
        assert s.scalar(select(func.count()).select_from(Promotion)) == 0
        assert s.scalar(select(func.count()).select_from(ChangeLog)) == before


def test_the_admin_api_needs_the_admin_token(client, products):
    assert client.post("/admin/promotions", json=promo()).status_code == 401
    assert client.get("/admin/coupons/conflicts").status_code == 401


def test_a_promotion_for_every_shop_is_one_global_row_and_a_targeted_one_reaches_only_its_shops(
        client, admin, products, make_till, engine):
    a, b = make_till("Shop A"), make_till("Shop B")
    everyone = define(client, admin, promo())
    only_b = define(client, admin, yogurt(shops=[b.shop_code]))
    with session_scope(engine) as s:
        rows = s.execute(select(ChangeLog.shop_id).where(ChangeLog.kind == "promotion.upserted")).scalars().all()
    assert sorted(str(x) for x in rows) == sorted(["None", b.shop_id])
    assert [p["id"] for p in feed_kinds(a, "promotion.upserted")] == [everyone["id"]]
    assert [p["id"] for p in feed_kinds(b, "promotion.upserted")] == [everyone["id"], only_b["id"]]
    # Withdrawn: its shops hear it again, inactive; it is listed only with ?all=true.
    r = client.post(f"/admin/promotions/{only_b['id']}/end", headers=admin)
    assert r.status_code == 200 and r.json()["active"] is False
    assert [p["active"] for p in feed_kinds(b, "promotion.upserted")] == [True, True, False]
    assert [p["id"] for p in client.get("/admin/promotions", headers=admin).json()] == [everyone["id"]]
    assert len(client.get("/admin/promotions?all=true", headers=admin).json()) == 2
    assert client.post(f"/admin/promotions/{only_b['id']}/end", headers=admin).status_code == 400


def test_a_new_till_starts_with_its_shops_promotions_and_coupons_in_its_snapshot(client, admin, products, make_till):
    a, b = make_till("Shop A"), make_till("Shop B")
    plain = client.get("/v1/sync/snapshot", headers=a.headers).json()
    assert "promotions" not in plain  # nothing current: the document is the catalog's as before
    everyone = define(client, admin, promo())
    only_b = define(client, admin, yogurt(shops=[b.shop_code], coupon_required=True))
    issued = client.post("/admin/coupons", json={"promotion_id": only_b["id"], "count": 2}, headers=admin).json()
    snap_a = client.get("/v1/sync/snapshot", headers=a.headers)
    snap_b = client.get("/v1/sync/snapshot", headers={**b.headers, "Accept-Encoding": "gzip"})
    assert [p["id"] for p in snap_a.json()["promotions"]] == [everyone["id"]]
    assert snap_a.json()["coupons"] == []
    assert sorted(p["id"] for p in snap_b.json()["promotions"]) == sorted([everyone["id"], only_b["id"]])
    assert sorted(c["code"] for c in snap_b.json()["coupons"]) == sorted(c["code"] for c in issued["coupons"])
    assert snap_a.headers["etag"] != snap_b.headers["etag"]
    # A till that has this document gets 304; a new promotion makes a new document.
    again = client.get("/v1/sync/snapshot", headers={**a.headers, "If-None-Match": snap_a.headers["etag"]})
    assert again.status_code == 304
    define(client, admin, yogurt(name="Yogurt week"))
    assert client.get("/v1/sync/snapshot", headers={**a.headers, "If-None-Match": snap_a.headers["etag"]}).status_code == 200


# --------------------------------------------------------------------------- push

def test_a_sale_with_promotions_is_stored_and_a_forged_platform_part_is_quarantined(
        client, admin, products, make_till, engine):
    a, b = make_till("Shop A"), make_till("Shop B")
    coffee = define(client, admin, promo())
    half = define(client, admin, yogurt())
    b_only = define(client, admin, yogurt(name="B's yogurt", shops=[b.shop_code]))
    good = sale_with(products["COF"], 3, 450, [applied(coffee, 450, 450)])
    assert status_of(a, good)["status"] == "accepted"
    # half of 25 is 12.5: 13 at most (half up, per line)
    assert round_share(25, 5000) == 13
    assert status_of(a, sale_with(products["YOG"], 5, 25, [applied(half, 25, 13)]))["status"] == "accepted"
    forged = status_of(a, sale_with(products["YOG"], 5, 25, [applied(half, 25, 14)]))
    assert forged["status"] == "quarantined"
    assert "more than its share of 50 % allows (13)" in forged["reason"]
    other = status_of(a, sale_with(products["YOG"], 5, 25, [applied(b_only, 25, 12)]))
    assert other["status"] == "quarantined" and "not a promotion the platform published for this shop" in other["reason"]
    unknown = status_of(a, sale_with(products["YOG"], 5, 25, [{**applied(half, 25, 12), "promotion_id": uid()}]))
    assert unknown["status"] == "quarantined" and "not a promotion the platform published" in unknown["reason"]
    # The same promotion is fine at the shop it names.
    assert status_of(b, sale_with(products["YOG"], 5, 25, [applied(b_only, 25, 12)]))["status"] == "accepted"
    with session_scope(engine) as s:
        rows = s.execute(select(SaleLinePromotion.promotion_id, SaleLinePromotion.amount,
                                SaleLinePromotion.platform_amount)).all()
    assert sorted((str(p), x, y) for p, x, y in rows) == sorted(
        [(coffee["id"], 450, 450), (half["id"], 25, 13), (b_only["id"], 25, 12)])
    quarantined = client.get("/admin/quarantine", headers=admin).json()
    assert len(quarantined) == 3


def test_a_refund_gives_back_promotion_savings_within_the_share(client, admin, products, till, engine):
    half = define(client, admin, yogurt())
    sold = sale_with(products["YOG"], 5, 25, [applied(half, 25, 13)])
    assert status_of(till, sold)["status"] == "accepted"
    bad = status_of(till, refund_of(sold, [applied(half, 25, 20)]), "refund.completed")
    assert bad["status"] == "quarantined" and "more than its share" in bad["reason"]
    assert status_of(till, refund_of(sold, [applied(half, 25, 13)]), "refund.completed")["status"] == "accepted"
    with session_scope(engine) as s:
        assert s.execute(select(RefundLinePromotion.amount, RefundLinePromotion.platform_amount)).all() == [(25, 13)]


# --------------------------------------------------------------------------- coupons

def test_a_single_use_coupon_redeemed_at_two_offline_tills_is_accepted_and_recorded_once(
        client, admin, products, make_till, engine):
    a, b = make_till("Shop A"), make_till("Shop B")
    p = define(client, admin, yogurt(name="Feedback thanks", coupon_required=True))
    code = client.post("/admin/coupons", json={"promotion_id": p["id"], "count": 1, "prefix": "THANKS"},
                       headers=admin).json()["coupons"][0]["code"]
    assert code.startswith("THANKS-")
    first = event("sale.completed", sale_with(products["YOG"], 5, 25, [applied(p, 25, 13)], [code]))
    second = event("sale.completed", sale_with(products["YOG"], 5, 25, [applied(p, 25, 12)], [code.lower()]))
    assert a.push([first])["results"][0]["status"] == "accepted"
    assert client.get("/admin/coupons/conflicts", headers=admin).json() == []
    # The first redemption tells every till the code is used.
    assert [c["active"] for c in feed_kinds(b, "coupon.issued")] == [True, False]
    assert b.push([second])["results"][0]["status"] == "accepted"  # the money happened
    b.push([second])  # a retry is a duplicate, not a second conflict
    conflicts = client.get("/admin/coupons/conflicts", headers=admin).json()
    assert len(conflicts) == 1
    c = conflicts[0]
    assert (c["code"], c["first_shop_code"], c["shop_code"]) == (code, a.shop_code, b.shop_code)
    assert (c["amount"], c["platform_amount"]) == (25, 12)
    assert "platform bears it" in c["rule"]
    # Both shops keep their credit (the platform bears the duplicate).
    for till, credit in ((a, 13), (b, 12)):
        st = till.client.get("/v1/settlement", params={"start": "2000-01-01", "end": "2100-01-01"},
                             headers=till.headers)
        assert st.status_code == 200, st.text
        assert st.json()["credits"] == {p["id"]: credit}
    with session_scope(engine) as s:
        assert s.scalar(select(func.count()).select_from(CouponRedemption)) == 2


def test_a_coupon_that_was_never_issued_for_the_shop_is_quarantined(client, admin, products, make_till):
    a, b = make_till("Shop A"), make_till("Shop B")
    p = define(client, admin, yogurt(name="B only", coupon_required=True, shops=[b.shop_code]))
    code = client.post("/admin/coupons", json={"promotion_id": p["id"], "count": 1}, headers=admin).json()["coupons"][0]["code"]
    r = status_of(a, sale_with(products["YOG"], 5, 0, [], ["NEVER-ISSUED"]))
    assert r["status"] == "quarantined" and "coupon NEVER-ISSUED was not issued for this shop" in r["reason"]
    r = status_of(a, sale_with(products["YOG"], 5, 0, [], [code]))
    assert r["status"] == "quarantined"
    # A coupon-only saving claimed without its coupon.
    r = status_of(b, sale_with(products["YOG"], 5, 25, [applied(p, 25, 12)]))
    assert r["status"] == "quarantined" and "applies only with one of its coupons" in r["reason"]
    assert status_of(b, sale_with(products["YOG"], 5, 25, [applied(p, 25, 12)], [code]))["status"] == "accepted"


def test_coupons_for_customers_who_left_feedback_go_to_their_shop_only(client, admin, products, make_till, engine):
    a, b = make_till("Shop A"), make_till("Shop B")
    customer = uid()
    sold = sale_with(products["YOG"], 5, 0, [])
    sold["customer_id"] = customer
    a.push([event("customer.upserted", {"id": customer, "hlc": "1700000000000:00000:t1", "fields": {"name": "Eva"}}),
            event("sale.completed", sold),
            event("feedback.created", {"id": uid(), "sale_id": sold["id"], "rating": 5, "comment": "",
                                       "created_at": now()})])
    anonymous = sale_with(products["YOG"], 5, 0, [])
    b.push([event("sale.completed", anonymous),
            event("feedback.created", {"id": uid(), "sale_id": anonymous["id"], "rating": 4, "created_at": now()})])
    p = define(client, admin, yogurt(name="Thanks", coupon_required=True))
    r = client.post("/admin/coupons", json={"promotion_id": p["id"], "audience": "feedback"}, headers=admin)
    assert r.status_code == 201, r.text
    assert [c["customer_id"] for c in r.json()["coupons"]] == [customer]
    assert len(feed_kinds(a, "coupon.issued")) == 1 and feed_kinds(b, "coupon.issued") == []
    again = client.post("/admin/coupons", json={"promotion_id": p["id"], "audience": "feedback"}, headers=admin)
    assert again.json()["issued"] == 0  # one per customer and promotion
    no_coupons = define(client, admin, yogurt(name="No coupons"))
    r = client.post("/admin/coupons", json={"promotion_id": no_coupons["id"], "count": 3}, headers=admin)
    assert r.status_code == 400 and "does not take coupons" in r.json()["detail"]


# --------------------------------------------------------------------------- settlement and receipt page

def test_settlement_credits_platform_funded_savings_per_promotion_to_the_cent(client, admin, products, till, db_url,
                                                                             capsys):
    """The worked example of docs/promotions-platform.md."""
    coffee = define(client, admin, promo())
    half = define(client, admin, yogurt())
    s1 = sale_with(products["COF"], 3, 450, [applied(coffee, 450, 450)], vat_tax=82)
    s2 = sale_with(products["YOG"], 5, 25, [applied(half, 25, 13)], vat_tax=15)
    s3 = sale_with(products["YOG"], 5, 25, [applied(half, 25, 13)], vat_tax=15)
    r = till.push([event("sale.completed", s) for s in (s1, s2, s3)]
                  + [event("refund.completed", refund_of(s3, [applied(half, 25, 13)]))])
    assert [x["status"] for x in r["results"]] == ["accepted"] * 4
    st = client.get("/v1/settlement", params={"start": "2000-01-01", "end": "2100-01-01"}, headers=till.headers).json()
    assert st["platform_sales"] == 900 + 225 + 225 - 225 == 1125
    assert st["commission"] == 56  # 5 % of 1125 = 56.25
    assert st["credits"] == {coffee["id"]: 450, half["id"]: 13}
    assert st["promotion_credits"] == 463
    assert st["amount_due"] == 56 - 463 == -407  # the platform owes the shop 4.07
    # corner-server settlement names each credit's promotion
    assert main(["settlement", till.shop_code, "--start", "2000-01-01", "--end", "2100-01-01",
                 "--database-url", db_url]) == 0
    out = capsys.readouterr().out
    assert "credit Coffee 3 for 2: 450" in out and "credit Yogurt" in out and "{" not in out


def test_the_receipt_page_shows_each_saving(client, admin, products, till):
    coffee = define(client, admin, promo())
    s = sale_with(products["COF"], 3, 450, [applied(coffee, 450, 450)])
    till.push([event("sale.completed", s)])
    html = client.get(f"/r/{till.shop_code}/{s['receipt_token']}").text
    assert "Coffee 3 for 2" in html and "You saved" in html
    assert "4.50" in html


# --------------------------------------------------------------------------- scheduled prices

def test_a_scheduled_price_keeps_the_bounds_and_a_publish_after_it_keeps_the_price(
        client, admin, products, till, engine):
    at = (datetime.now(timezone.utc) + timedelta(hours=1)).isoformat()
    r = client.post("/admin/scheduled-prices", json={"sku": "COF", "price": 420, "effective_at": at}, headers=admin)
    assert r.status_code == 201, r.text
    assert (r.json()["min_price"], r.json()["max_price"]) == (400, 500)  # never wiped
    bad = client.post("/admin/scheduled-prices", json={"sku": "COF", "price": 390, "effective_at": at}, headers=admin)
    assert bad.status_code == 400 and "below min_price" in bad.json()["detail"]
    naive = client.post("/admin/scheduled-prices", json={"sku": "COF", "price": 420, "effective_at": at[:19]},
                        headers=admin)
    assert naive.status_code == 400 and "time zone" in naive.json()["detail"]
    assert [p["price"] for p in feed_kinds(till, "price.scheduled")] == [420]
    assert [p["price"] for p in client.get("/v1/sync/snapshot", headers=till.headers).json()["scheduled_prices"]] == [420]
    with session_scope(engine) as s:
        assert apply_due_prices(s) == 0
        assert apply_due_prices(s, datetime.now(timezone.utc) + timedelta(hours=2)) == 1
        product = s.scalar(select(Product).where(Product.sku == "COF"))
        assert (product.price, product.min_price, product.max_price) == (420, 400, 500)
        assert s.scalar(select(ScheduledPriceRow.applied_at)) is not None
    # Once due, a later publish of the product carries the scheduled price (never the old one).
    r = client.post("/admin/scheduled-prices", json={"sku": "YOG", "price": 45, "effective_at": at}, headers=admin)
    assert r.status_code == 201
    with session_scope(engine) as s:
        row = s.scalar(select(ScheduledPriceRow).where(ScheduledPriceRow.sku == "YOG"))
        row.effective_at = datetime.now(timezone.utc) - timedelta(minutes=1)  # time has come
    client.patch("/admin/products/YOG", json={"name": "Yogurt 125 g"}, headers=admin)
    client.post("/admin/catalog/publish", headers=admin)
    published = [p for p in feed_kinds(till, "product.upserted") if p["sku"] == "YOG"]
    assert (published[-1]["name"], published[-1]["price"]) == ("Yogurt 125 g", 45)


# --------------------------------------------------------------------------- CLI

def test_the_promotion_commands(db_url, client, admin, products, till, capsys, tmp_path, engine):
    def cli(*argv: str) -> tuple[int, str, str]:
        code = main([*argv, "--database-url", db_url])
        out, err = capsys.readouterr()
        return code, out, err

    code, out, _ = cli("promo", "add", "--name", "Dairy week", "--kind", "percent_off", "--categories", "Dairy",
                       "--percent", "12.5", "--starts", "2026-12-01T08:00", "--ends", "2026-12-08T20:00",
                       "--weekdays", "6,7", "--hours", "08:00-12:00", "--platform-share", "50", "--coupon-required",
                       "--json")
    assert code == 0
    made = json.loads(out)
    assert (made["percent_bp"], made["platform_share_bp"], made["hours_from"], made["weekdays"]) == (
        1250, 5000, "08:00:00", [6, 7])
    path = tmp_path / "promo.json"
    path.write_text(json.dumps(clean(promo())), encoding="utf-8")
    assert cli("promo", "add", str(path))[0] == 0
    code, out, _ = cli("promo", "list")
    assert code == 0 and "Dairy week" in out and "Coffee 3 for 2" in out
    code, out, _ = cli("coupon", "issue", made["id"], "--count", "3", "--prefix", "XMAS", "--json")
    assert code == 0 and len(json.loads(out)) == 3
    code, out, _ = cli("promo", "show", made["id"])
    assert code == 0 and '"Dairy week"' in out
    assert cli("promo", "end", made["id"])[0] == 0
    assert "Dairy week" not in cli("promo", "list")[1]
    assert cli("coupon", "conflicts")[1].strip() == "no coupon redeemed twice"
    # Bad input: one line, nothing changed.
    for argv, words in [
        (("promo", "add", "--name", "X", "--kind", "percent_off", "--starts", "2026-12-01T08:00",
          "--ends", "2026-12-08T20:00"), "percent_off promotion needs percent_bp"),
        (("promo", "add", "--name", "X"), "give --kind, --starts, --ends"),
        (("promo", "add", str(path), "--name", "X"), "a JSON file or flags, not both"),
        (("promo", "end", made["id"]), "already ended"),
        (("promo", "show", "nope"), "is not a promotion id"),
        (("coupon", "issue", made["id"], "--count", "2"), "has ended"),
        (("catalog", "set-price", "COF", "390", "--at", "2099-01-01T08:00"), "below min_price"),
        (("catalog", "set-price", "COF", "420", "--at", "2099-01-01T08:00", "--tz", "Mars/Base"), "not a time zone"),
    ]:
        code, out, err = cli(*argv)
        assert code == 2 and words in err, (argv, err)
        assert len(err.strip().splitlines()) == 1
    code, out, _ = cli("catalog", "set-price", "COF", "420", "--at", "2099-01-01T08:00", "--tz", "Europe/Madrid",
                       "--json")
    assert code == 0
    sp = json.loads(out)
    assert (sp["price"], sp["min_price"], sp["max_price"], sp["effective_at"]) == (
        420, 400, 500, "2099-01-01T07:00:00Z")
    code, out, _ = cli("catalog", "set-price", "COF", "420", "--at", "2099-01-01T08:00", "--min", "none", "--json")
    assert json.loads(out)["min_price"] is None  # a bound is cleared only when asked
    with session_scope(engine) as s:
        assert s.scalar(select(func.count()).select_from(Promotion)) == 2
        assert s.scalar(select(func.count()).select_from(Coupon)) == 3
        assert s.scalar(select(func.count()).select_from(CouponConflict)) == 0

