"""Hostile JSON gets a 4xx with a reason, never a 500, and leaves nothing behind that breaks a
later request (real server, SQLite and PostgreSQL): a push nested ~1,000 deep, an unknown kind of
event nested 300 deep (then the quarantine list must still answer), and admin bodies with NaN,
Infinity or a lone surrogate on every admin endpoint that takes a body; ``false`` is not a number."""

from __future__ import annotations

import uuid

import httpx
import pytest

from ..server.factories import now
from .helpers import Two

ADMIN_BODIES = [  # (method, path, a valid body whose first field the test spoils)
    ("POST", "/admin/shops", {"name": "x"}),
    ("POST", "/admin/catalog/import", {"format": "csv", "content": "x", "publish": False}),
    ("PATCH", "/admin/products/A1", {"vat_rate_bp": 900}),
    ("PUT", "/admin/products/A1/price", {"price": 100, "min_price": 50, "max_price": 200}),
    ("PUT", "/admin/policies/return_window_days", {"value": "14"}),
    ("POST", f"/admin/orders/{uuid.uuid4()}/ship", {"lines": [{"sku": "A1", "qty": 1}]}),
    ("POST", "/admin/insights/publish", {"days": 28, "top": 10}),
]
SPOILED = ['NaN', 'Infinity', '-Infinity', '"\\ud800"', '1e999']


def nested(depth: int) -> str:
    return '{"a":' * depth + "1" + "}" * depth


@pytest.fixture
def server(served):
    """Two new shops on the module's server process (SQLite, PostgreSQL) and an HTTP client."""
    p = Two(served)
    with httpx.Client(base_url=p.url, timeout=30) as client:
        yield p, client


def test_a_deeply_nested_push_is_refused_with_a_reason(server):
    p, client = server
    for depth in (1000, 300, 40):
        payload = nested(depth)
        body = ('{"events":[{"id":"%s","kind":"sale.completed","created_at":"%s","payload":%s}]}'
                % (uuid.uuid4(), now(), payload))
        r = client.post("/v1/sync/push", content=body, headers={**p.a.headers, "Content-Type": "application/json"})
        assert 400 <= r.status_code < 500, (depth, r.status_code, r.text)
        assert "nested deeper" in r.text or "depth" in r.text


def test_a_deep_unknown_event_does_not_break_the_quarantine_list(server):
    p, client = server
    body = ('{"events":[{"id":"%s","kind":"mystery.kind","created_at":"%s","payload":%s}]}'
            % (uuid.uuid4(), now(), nested(300)))
    r = client.post("/v1/sync/push", content=body, headers={**p.a.headers, "Content-Type": "application/json"})
    assert 400 <= r.status_code < 500, r.text
    assert client.get("/admin/quarantine", headers=p.admin).status_code == 200
    # A shallow unknown kind is still quarantined as before, and listed.
    shallow = {"events": [{"id": str(uuid.uuid4()), "kind": "mystery.kind", "created_at": now(), "payload": {"a": {"b": 1}}}]}
    assert client.post("/v1/sync/push", json=shallow, headers=p.a.headers).json()["results"][0]["status"] == "quarantined"
    listed = client.get("/admin/quarantine", params={"shop": p.a.code}, headers=p.admin)
    assert listed.status_code == 200 and len(listed.json()) == 1


@pytest.mark.parametrize("method,path,valid", ADMIN_BODIES, ids=[f"{m} {p}" for m, p, _ in ADMIN_BODIES])
def test_admin_bodies_with_non_json_numbers_or_lone_surrogates_get_4xx(server, method, path, valid):
    p, client = server
    first = next(iter(valid))
    for spoiled in SPOILED:
        text = client.build_request(method, path, json=valid).content.decode()
        head, _, _ = text.partition(f'"{first}":')
        rest = text[len(head) + len(f'"{first}":'):]
        # replace the first field's value (up to the next comma or brace at its level)
        depth, end = 0, 0
        for end, ch in enumerate(rest):
            if ch in "[{":
                depth += 1
            elif ch in "]}":
                if depth == 0:
                    break
                depth -= 1
            elif ch == "," and depth == 0:
                break
        body = f'{head}"{first}":{spoiled}{rest[end:]}'
        r = client.request(method, path, content=body, headers={**p.admin, "Content-Type": "application/json"})
        assert 400 <= r.status_code < 500, (spoiled, r.status_code, r.text)
        assert r.json()["detail"], r.text


def test_false_is_not_a_price(server):
    p, client = server
    catalog = ("sku,name,category,unit,vat_rate_bp,price,min_price,max_price,cost,barcodes\n"
               "A1,Apple,Fruit,each,900,120,100,150,80,\n")
    r = client.post("/admin/catalog/import", json={"format": "csv", "content": catalog, "publish": True}, headers=p.admin)
    assert r.status_code == 200, r.text
    for body in ({"price": 120, "max_price": False}, {"price": True}, {"price": "120"}, {"price": 120.5}):
        r = client.put("/admin/products/A1/price", json=body, headers=p.admin)
        assert r.status_code == 422, (body, r.text)
    [product] = [x for x in client.get("/admin/products", headers=p.admin).json() if x["sku"] == "A1"]
    assert product["max_price"] == 150
