"""The push answered in front of FastAPI (sync/server/fastpush.py) answers exactly as the FastAPI
operation of the same path does: the same statuses and bodies for good batches, resent ones,
mixed ones, odd sales and every kind of garbage, and the same rows stored."""

from __future__ import annotations

import json
import re
import uuid

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from sync.server import fastpush
from sync.server.app import create_app
from sync.server.models import ChangeLog, EventRow, Sale, SaleLine, StockMovement

from .conftest import PROTO
from .factories import customer, event, movement, one_of_each_kind, sale, uid
from .test_fast_sale import till_sale

_STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)?")
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


def _body(events) -> bytes:
    return json.dumps({"events": events}).encode()


def _deep(levels: int) -> dict:
    value: dict = {}
    for _ in range(levels):
        value = {"a": value}
    return value


def _cases():
    """(name, headers, content type, body maker): each maker is called once per app, so the two
    apps get batches alike in all but their ids; ``memo`` carries a batch to its resending."""

    def sales(memo):
        memo["sales"] = _body([event("sale.completed", till_sale()) for _ in range(3)])
        return memo["sales"]

    def conflicting(memo):
        first = event("sale.completed", till_sale())
        other = {**first, "payload": till_sale()}
        return _body([first, other, event("sale.completed", till_sale())])

    def mixed(memo):
        cust = uid()
        events = [event("customer.upserted", customer(cust, "0000000000001-0000-t1", name="Ana"))]
        events += [event("sale.completed", till_sale(customer_id=cust)), event("stock.movement", movement())]
        events += [event("sale.completed", sale(lines=2))]  # defaults left out: the model path
        return _body(events)

    def odd_sales(memo):
        upper = till_sale()
        upper["id"] = upper["id"].upper()
        wrong_sum = till_sale()
        wrong_sum["total"] += 1
        zero = till_sale()
        zero["movements"][0]["qty"] = 0
        coupon = till_sale(coupons=["NOPE"])
        stranger = till_sale(customer_id=uid())
        bad_day = till_sale(created_at="2026-02-30T10:00:00.000000Z")
        return _body([event("sale.completed", s) for s in (upper, wrong_sum, zero, coupon, stranger, bad_day)])

    def every_kind(memo):
        return _body(one_of_each_kind())

    def with_nul(memo):
        s = till_sale(staff_name="A\u0000B")
        return _body([event("sale.completed", s), event("sale.completed", till_sale())])

    def raw(text: str):
        return lambda memo: text.encode()

    def events_with(**changes):
        return lambda memo: _body([{**event("sale.completed", till_sale()), **changes}])

    good, bearer_only = "good", "bearer"
    return [
        ("sales", good, "application/json", sales),
        ("resent", good, "application/json", lambda memo: memo["sales"]),
        ("conflicting", good, "application/json", conflicting),
        ("mixed", good, "application/json", mixed),
        ("odd sales", good, "application/json", odd_sales),
        ("every kind", good, "application/json", every_kind),
        ("a NUL", good, "application/json", with_nul),
        ("no content type", good, None, sales),
        ("a +json type", good, "application/vnd.corner+json", sales),
        ("text", good, "text/plain", sales),
        ("empty", good, "application/json", raw("")),
        ("not JSON", good, "application/json", raw("{nope")),
        ("trailing", good, "application/json", lambda memo: sales(memo) + b" x"),
        ("a BOM", good, "application/json", lambda memo: b"\xef\xbb\xbf" + sales(memo)),
        ("a lone surrogate", good, "application/json", raw('{"events":[{"id":"%s","kind":"k","created_at":'
                                                            '"2026-01-01T00:00:00Z","payload":{"a":"\\ud800"}}]}' % uid())),
        ("an array", good, "application/json", raw("[]")),
        ("no events", good, "application/json", raw("{}")),
        ("another field", good, "application/json", lambda memo: _body([]).replace(b"{", b'{"x":1,', 1)),
        ("no events at all", good, "application/json", lambda memo: _body([])),
        ("too many", good, "application/json", lambda memo: _body([event("stock.movement", movement())] * 1001)),
        ("an event's field", good, "application/json", events_with(extra=1)),
        ("a number for a stamp", good, "application/json", events_with(created_at=0)),
        ("a bad stamp", good, "application/json", events_with(created_at="yesterday")),
        ("no kind", good, "application/json", events_with(kind="")),
        ("a long kind", good, "application/json", events_with(kind="k" * 65)),
        ("a bad id", good, "application/json", events_with(id="not-a-uuid")),
        ("a braced id", good, "application/json", events_with(id="{%s}" % uid())),
        ("a list payload", good, "application/json", events_with(payload=[1, 2])),
        ("a deep payload", good, "application/json",
         lambda memo: _body([event("stock.movement", {**movement(), "reason": None, "x": _deep(40)})])),
        ("a very deep payload", good, "application/json",
         lambda memo: _body([event("stock.movement", {**movement(), "x": "DEEP"})]).replace(
             b'"DEEP"', b'{"a":' * 1500 + b"1" + b"}" * 1500)),
        ("a deep sale", good, "application/json", lambda memo: _body([event("sale.completed", {**till_sale(), "x": _deep(40)})])),
        ("a huge number", good, "application/json", lambda memo: _body([event("sale.completed", till_sale())]).replace(
            b'"loyalty_points": ', b'"loyalty_points": 123456789012345678901234567890', 1)),
        ("no protocol", bearer_only, "application/json", sales),
        ("another protocol", "v99", "application/json", sales),
        ("no token", "proto", "application/json", sales),
        ("a bad token", "bad token", "application/json", sales),
        ("a bad token and garbage", "bad token", "application/json", raw("{nope")),
        ("a bad token and a bad batch", "bad token", "application/json", raw("{}")),
    ]


def _headers(kind: str, token: str, content_type: str | None) -> dict[str, str]:
    headers = {
        "good": {**PROTO, "Authorization": f"Bearer {token}"},
        "bearer": {"Authorization": f"Bearer {token}"},
        "v99": {"X-Corner-Protocol": "99", "Authorization": f"Bearer {token}"},
        "proto": dict(PROTO),
        "bad token": {**PROTO, "Authorization": "Bearer not-a-token"},
    }[kind]
    if content_type is not None:
        headers["Content-Type"] = content_type
    return headers


def _answers(client: TestClient, token: str) -> list[tuple[str, int, str, str | None, str | None]]:
    out, memo = [], {}
    for name, kind, content_type, make in _cases():
        body = make(memo)
        r = client.post("/v1/sync/push", content=body, headers=_headers(kind, token, content_type))
        names: dict[str, str] = {}  # the batch's ids, by first appearance, to compare two apps' answers
        for found in _UUID.findall(body.decode(errors="replace")):
            names.setdefault(found.lower(), f"<id {len(names)}>")
        text = _UUID.sub(lambda m: names.get(m.group(0).lower(), "<other id>"), _STAMP.sub("<stamp>", r.text))
        out.append((name, r.status_code, text, r.headers.get("www-authenticate"), r.headers.get("content-type")))
    return out


def _stored(engine, shop_id: str) -> dict[str, int]:
    shop = uuid.UUID(shop_id)
    with engine.connect() as conn:
        return {model.__tablename__: conn.scalar(select(func.count()).select_from(model).where(model.shop_id == shop))
                for model in (EventRow, Sale, SaleLine, StockMovement, ChangeLog)}


def test_the_fast_push_answers_as_the_fastapi_operation(settings, engine, app, client, make_till, monkeypatch):
    assert any(isinstance(r, fastpush._PushRoute) for r in app.router.routes) and app.state.fast_push
    fast_till = make_till("Fast")
    served: list[int] = []
    serve = fastpush._serve
    monkeypatch.setattr(fastpush, "_serve", lambda request, token, events, after: served.append(len(events)) or serve(
        request, token, events, after))
    fast = _answers(client, fast_till.token)

    plain_app = create_app(settings, engine)
    plain_app.state.fast_push = False  # the FastAPI operation, with the body judged at the door, as before
    with TestClient(plain_app) as plain_client:
        plain_till = make_till("Plain")
        plain = _answers(plain_client, plain_till.token)

    for got, expected in zip(fast, plain):
        assert got == expected, got[0]
    # the fast route answered the 11 batches as tills send them (good, odd or refused for their
    # token), and handed the rest on
    assert len(served) == 11, str(served)
    statuses = {name: status for name, status, *_ in fast}
    assert statuses["sales"] == 200 and statuses["odd sales"] == 200 and statuses["mixed"] == 200
    assert {401, 422, 426} <= set(statuses.values())
    assert _stored(engine, fast_till.shop_id) == _stored(engine, plain_till.shop_id)
    assert _stored(engine, fast_till.shop_id)["sales"] > 5


def test_a_resent_batch_is_answered_duplicate_and_stored_once(client, till, engine):
    body = _body([event("sale.completed", till_sale()) for _ in range(4)])
    first = client.post("/v1/sync/push", content=body, headers={**till.headers, "Content-Type": "application/json"})
    again = client.post("/v1/sync/push", content=body, headers={**till.headers, "Content-Type": "application/json"})
    assert [r["status"] for r in first.json()["results"]] == ["accepted"] * 4
    assert [r["status"] for r in again.json()["results"]] == ["duplicate"] * 4
    assert _stored(engine, till.shop_id)["sales"] == 4
