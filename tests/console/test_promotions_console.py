"""The console's Promotions page: list, create and end (catalog managers and admins), coupon
conflicts listed; every change through the same service as the admin API, audited, CSRF-checked."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from sync.server.console.models import ConsoleAudit
from sync.server.db import session_scope
from sync.server.promo_models import Promotion
from tests.server.factories import event
from tests.server.test_promotions import applied, sale_with, yogurt

from .helpers import CATALOG, csrf_of, signed_in

FORM = {"name": "Dairy week", "kind": "percent_off", "categories": "Dairy", "percent": "15",
        "starts_at": "2026-12-01T08:00", "ends_at": "2026-12-08T20:00", "platform_share": "50", "day6": "on",
        "day7": "on", "hours_from": "08:00", "hours_to": "12:00"}


@pytest.fixture
def catalog(client, admin) -> dict[str, dict]:
    r = client.post("/admin/catalog/import", json={"format": "csv", "content": CATALOG.replace("Bakery", "Dairy")
                                                   .replace("P0002,Bread", "YOG,Yogurt"), "publish": True},
                    headers=admin)
    assert r.status_code == 200, r.text
    return {p["sku"]: p for p in client.get("/admin/products", headers=admin).json()}


def post(client, action: str, data: dict):
    return client.post(action, data={"csrf": csrf_of(client.get("/console/promotions").text), **data},
                       follow_redirects=False)


def promotions(engine) -> list[Promotion]:
    with session_scope(engine) as s:
        rows = list(s.scalars(select(Promotion)))
        s.expunge_all()
        return rows


def test_a_catalog_manager_publishes_and_ends_a_promotion_and_both_are_audited(client, engine, catalog, till):
    signed_in(client, engine, "cat", "catalog")
    assert "No promotions." in client.get("/console/promotions").text
    r = post(client, "/console/promotions", FORM)
    assert r.status_code == 303, r.text
    [row] = promotions(engine)
    assert (row.data["percent_bp"], row.data["platform_share_bp"], row.data["weekdays"], row.data["hours_from"]) == (
        1500, 5000, [6, 7], "08:00:00")
    changes, _ = till.pull_all()
    assert [c["payload"]["name"] for c in changes if c["kind"] == "promotion.upserted"] == ["Dairy week"]
    page = client.get("/console/promotions").text
    assert "Dairy week" in page and "End now" in page
    assert post(client, f"/console/promotions/{row.id}/end", {}).status_code == 303
    assert promotions(engine)[0].active is False
    assert "Dairy week" not in client.get("/console/promotions").text
    assert "Dairy week" in client.get("/console/promotions?all=1").text
    with session_scope(engine) as s:
        assert [a for (a,) in s.execute(select(ConsoleAudit.action).order_by(ConsoleAudit.at))] == [
            "promotion.add", "promotion.end"]


def test_a_bad_promotion_form_says_why_and_changes_nothing(client, engine, catalog):
    signed_in(client, engine, "cat", "catalog")
    r = post(client, "/console/promotions", {**FORM, "ends_at": "2026-11-01T08:00"})
    assert r.status_code == 400 and "ends before it starts" in r.text
    assert 'value="Dairy week"' in r.text  # the form keeps what was typed
    r = post(client, "/console/promotions", {**FORM, "percent": "lots"})
    assert r.status_code == 400 and "not a percentage" in r.text
    assert promotions(engine) == []


def test_other_roles_see_promotions_and_conflicts_but_may_not_change_them(client, engine, catalog, admin, make_till):
    a, b = make_till("Shop A"), make_till("Shop B")
    p = client.post("/admin/promotions", json={k: v for k, v in yogurt(name="Thanks", coupon_required=True).items()
                                               if v is not None}, headers=admin).json()
    code = client.post("/admin/coupons", json={"promotion_id": p["id"], "count": 1}, headers=admin).json()["coupons"][0]["code"]
    for till in (a, b):
        sale = sale_with(catalog["YOG"], 5, 25, [applied(p, 25, 12)], [code])
        assert till.push([event("sale.completed", sale)])["results"][0]["status"] == "accepted"
    signed_in(client, engine, "ops", "operations")
    page = client.get("/console/promotions").text
    assert "Thanks" in page and code in page and "New promotion" not in page and "End now" not in page
    assert page.count(f"<code>{code}</code>") == 1  # reported once
    page = client.get(f"/console/settlement?shop={a.shop_code}&start=2000-01-01&end=2100-01-01").text
    assert "Promotion credits" in page and "Thanks" in page  # credited per promotion, by name
    r = post(client, "/console/promotions", FORM)
    assert r.status_code == 403
    r = post(client, f"/console/promotions/{p['id']}/end", {})
    assert r.status_code == 403
    assert len(promotions(engine)) == 1 and promotions(engine)[0].active
