"""The push's fast path for sales (sync/server/fastsale.py) stores, serves and refuses exactly what
the model path does: same rows (values and SQLite types), same feed text, same answers."""

from __future__ import annotations

import copy
import json
import re
import uuid
from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError
from sqlalchemy import func, select

from sync import protocol as p
from sync.server import fastsale
from sync.server.bulk import sqlite_stamp
from sync.server.models import ChangeLog, EventRow, Refund, Sale

from .factories import event, refund, sale, uid


def till_sale(**changes) -> dict:
    """A sale as a till sends it: every field written, ids and stamps in canonical text."""
    payload = p.SalePayload.model_validate(sale(lines=3)).model_dump(mode="json")
    payload.update(changes)
    return payload


def odd_sales() -> list[dict]:
    """Sales with the values where a conversion could go wrong."""
    a = till_sale(created_at="2026-03-01T10:00:00+02:30", cash_session_id=None, staff_name="Zoë \"Z\" \\ \u2028")
    a["lines"][0].update(is_local=True, name="Käse\x01\ttab", line_no=7)
    a["payments"][0]["reference"] = "ref ü"
    a["movements"][0].update(reason="broken\nseal", unit_cost=120, ref_id=None, staff_id=None,
                              created_at="2026-03-01T08:00:00")  # naive: UTC
    a["movements"][1].update(created_at="2026-03-01T08:00:00.000000Z", ref_id=a["id"], staff_id=a["staff_id"])
    b = till_sale(created_at="2026-03-01T23:59:59.999999-05:00", loyalty_points=-3, cash_session_id=uid())
    b["lines"][1]["discount"] = -5  # a negative discount (a surcharge) keeps the sums when the total follows
    b["lines"][1]["total"] += 5
    b["subtotal"] += 0
    b["discount"] = -5
    b["total"] += 5
    b["payments"][0]["amount"] += 5
    c = till_sale(created_at="2026-03-02T00:00:00.5+00:00")
    c["movements"][0]["created_at"] = "2026-03-01T19:00:00.500000-05:00"  # c's instant, in another zone
    c["movements"][1]["created_at"] = "0999-03-01T19:00:00.000001+00:00"
    c["movements"][2]["created_at"] = "2026-03-02T00:00:00.500000Z"  # movement 0's instant, in UTC
    return [a, b, c, till_sale(), till_sale()]


def stored(engine, shop_id: str) -> dict[str, list]:
    """The shop's rows as SQLite holds them (value and type of every column but the shop, the device
    and the time received)."""
    out: dict[str, list] = {}
    with engine.connect() as conn:
        dbapi = conn.connection.driver_connection
        shop = shop_id.replace("-", "")
        for table in ("events", "sales", "sale_lines", "payments", "stock_movements"):
            columns = [row[1] for row in dbapi.execute(f"PRAGMA table_info({table})") if row[1] not in
                       ("shop_id", "device_id", "received_at")]
            values = ", ".join(columns + [f"typeof({c})" for c in columns])
            rows = dbapi.execute(f"SELECT {values} FROM {table} WHERE shop_id = ? ORDER BY id", [shop]).fetchall()
            if table == "events":  # a payload is kept as its text came (the fast path) or as the model
                at = columns.index("payload")  # path writes its dict: the same JSON, compared as such
                rows = [(*row[:at], json.loads(row[at]), *row[at + 1:]) for row in rows]
            out[table] = rows
        out["feed"] = [tuple(row) for row in conn.execute(
            select(ChangeLog.kind, ChangeLog.payload).where(ChangeLog.shop_id == uuid.UUID(shop_id)).order_by(ChangeLog.seq))]
    return out


def model_path_only(monkeypatch) -> None:
    monkeypatch.setattr(fastsale, "agrees", lambda sale: False)  # every sale then takes the model path


def test_the_structs_have_the_models_fields_in_their_order():
    pairs = [(fastsale.Sale, p.SalePayload), (fastsale.Line, p.SaleLinePayload),
             (fastsale.Pay, p.PaymentPayload), (fastsale.Movement, p.StockMovementPayload)]
    for fast, model in pairs:
        assert list(fast.__struct_fields__) == list(model.model_fields), fast.__name__
    # the rows' columns are the model path's (sync/server/push.py)
    from sync.server import push
    assert [columns for _, columns in fastsale.TABLES] == [push._SALES[1], push._SALE_LINES[1], push._PAYMENTS[1],
                                                           push._MOVEMENTS[1]]


def test_a_till_batch_of_sales_is_stored_and_served_as_the_model_path_does(make_till, engine, db_url, monkeypatch):
    sales = odd_sales()
    events = [event("sale.completed", s) for s in sales]
    fast_till, model_till = make_till("Fast"), make_till("Model")
    taken: list[str] = []
    prepared = fastsale._prepared
    with monkeypatch.context() as m:
        m.setattr(fastsale, "_prepared", lambda event_id, s, *args: taken.append(s.id) or prepared(event_id, s, *args))
        answers = fast_till.push(copy.deepcopy(events))["results"]
    with monkeypatch.context() as m:
        model_path_only(m)
        assert model_till.push(copy.deepcopy(events))["results"] == answers
    assert [r["status"] for r in answers] == ["accepted"] * 5  # a naive stamp (UTC) too, on PostgreSQL as well
    if not db_url.startswith("sqlite"):
        return  # the fast path is SQLite's; PostgreSQL took the model path both times
    assert taken == [s["id"] for s in sales]  # the fast path took them all
    fast, model = stored(engine, fast_till.shop_id), stored(engine, model_till.shop_id)
    assert fast == model
    assert len(fast["sales"]) == 5 and len(fast["feed"]) == 15
    # the feed rows are what the model writes, byte for byte
    movements = [m for s in sales for m in s["movements"]]
    assert [payload for _, payload in fast["feed"]] == [
        p.StockMovementPayload.model_validate(m).model_dump_json() for m in movements]


def test_sales_the_fast_path_does_not_take_get_the_model_paths_answers(till, engine, db_url):
    wrong_sum = till_sale()
    wrong_sum["total"] += 1
    wrong_sum["payments"][0]["amount"] += 1
    upper = till_sale()
    upper["id"] = upper["id"].upper()
    left_out = till_sale()
    del left_out["loyalty_points"], left_out["lines"][0]["is_local"]
    coupon = till_sale(coupons=["NOPE"])
    unknown_customer = till_sale(customer_id=uid())
    text_for_numbers = till_sale(loyalty_points="2")  # the model reads it as 2
    moves_nothing = till_sale()
    moves_nothing["movements"][0]["qty"] = 0
    batch = [till_sale(), wrong_sum, upper, left_out, coupon, unknown_customer, text_for_numbers, moves_nothing]
    results = till.push([event("sale.completed", s) for s in batch])["results"]
    assert [r["status"] for r in results] == ["accepted", "quarantined", "accepted", "accepted", "quarantined",
                                              "quarantined", "accepted", "quarantined"]
    assert "a quantity of zero moves nothing" in results[7]["reason"]
    assert results[1]["reason"].startswith("invalid payload: ") and "is not the lines'" in results[1]["reason"]
    assert results[4]["reason"] == "sale: coupon NOPE was not issued for this shop"
    assert "is not a customer of this shop" in results[5]["reason"]
    with engine.connect() as conn:
        ids = {str(i) for (i,) in conn.execute(select(Sale.id))}
    assert upper["id"].lower() in ids and left_out["id"] in ids and wrong_sum["id"] not in ids


@pytest.mark.parametrize("bad", [
    {"created_at": "2026-13-01T00:00:00Z"},
    {"staff_id": "not-a-uuid"},
    {"receipt_no": 12},
    {"subtotal": -1},
    {"extra": 1},
])
def test_a_payload_refused_by_the_model_is_refused_with_its_words(till, bad):
    good = till_sale()
    wrong = {**till_sale(), **bad}
    alone = till.push([event("sale.completed", wrong)])["results"][0]
    batch = till.push([event("sale.completed", good), event("sale.completed", wrong)])["results"]
    assert alone["status"] == "quarantined" and batch[0]["status"] == "accepted"
    assert batch[1]["status"] == "quarantined" and batch[1]["reason"] == alone["reason"]


def test_refunds_that_came_first_are_bounded_when_their_sale_comes_on_the_fast_path(till, engine, db_url):
    s = till_sale()
    early = [event("refund.completed", refund(s)) for _ in range(3)]  # offline: pushed before the sale
    assert [r["status"] for r in till.push(early)["results"]] == ["accepted"] * 3
    assert [r["status"] for r in till.push([event("sale.completed", s), event("sale.completed", till_sale())])[
        "results"]] == ["accepted", "accepted"]
    shop_id = uuid.UUID(till.shop_id)
    with engine.connect() as conn:
        kept = conn.scalar(select(func.count()).select_from(Refund).where(
            Refund.shop_id == shop_id, Refund.sale_id == uuid.UUID(s["id"])))
        quarantined = conn.execute(select(EventRow.id, EventRow.reason).where(
            EventRow.shop_id == shop_id, EventRow.status == "quarantined")).all()
    assert kept == 1  # one unit was sold: the first refund stands
    assert {str(q.id) for q in quarantined} == {e["id"] for e in early[1:]}
    assert all("which sold 1" in q.reason for q in quarantined)


def test_a_sale_whose_sums_the_model_refuses_is_quarantined_alone_with_its_words(make_till, db_url, monkeypatch):
    wrong_sum = till_sale()
    wrong_sum["total"] += 1
    wrong_sum["payments"][0]["amount"] += 1
    moves_nothing = till_sale()
    moves_nothing["movements"][1]["qty"] = 0
    batch = [till_sale(), wrong_sum, moves_nothing, till_sale()]
    alone = make_till("Alone")
    words = [alone.push([event("sale.completed", s)])["results"][0]["reason"] for s in (wrong_sum, moves_nothing)]
    till = make_till("Batch")
    taken: list[str] = []
    prepared = fastsale._prepared
    monkeypatch.setattr(fastsale, "_prepared",
                        lambda event_id, s, *args: taken.append(s.id) or prepared(event_id, s, *args))
    results = till.push([event("sale.completed", s) for s in batch])["results"]
    assert [(r["status"], r["reason"]) for r in results] == [
        ("accepted", None), ("quarantined", words[0]), ("quarantined", words[1]), ("accepted", None)]
    assert "is not the lines'" in words[0] and "a quantity of zero moves nothing" in words[1]
    if db_url.startswith("sqlite"):
        assert taken == [batch[0]["id"], batch[3]["id"]]  # the others went the model way, alone


_MODEL_STAMP = TypeAdapter(datetime)


@settings(max_examples=400, deadline=None)
@given(st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31)),
       st.sampled_from(["Z", "+00:00", "", "+02:30", "-05:00"]),
       st.sampled_from(["micro", "whole", "milli"]),
       st.sampled_from([None, "2026-02-30", "2026-13-01", "0000-01-01", "2026-01-01T24:00:00", "2026-01-01T23:59:60",
                        "2026-01-01 10:00:00Z", "2026-01-01T10:00:00.1234567Z", "nonsense", ""]))
def test_a_stamp_reads_as_the_model_reads_it(moment, zone, precision, odd):
    """The fast path's reading of a stamp's text (its stored form and its JSON text) is the model's,
    and it refuses exactly the stamps the model refuses."""
    if odd is not None:
        text = odd
    else:
        spec = {"micro": "microseconds", "whole": "seconds", "milli": "milliseconds"}[precision]
        text = moment.isoformat(timespec=spec) + zone
    try:
        value = _MODEL_STAMP.validate_python(text)
    except ValidationError:
        with pytest.raises(ValueError):
            fastsale._Stamps()(text)
        return
    assert fastsale._Stamps()(text) == (sqlite_stamp(value), _MODEL_STAMP.dump_python(value, mode="json"))


_CANONICAL = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(
    st.uuids().map(str),
    st.uuids().map(lambda u: str(u).upper()),
    st.uuids().map(lambda u: u.hex + "----"),
    st.uuids().map(lambda u: "-" + str(u)[:35]),
    st.uuids().map(lambda u: str(u)[:35] + "é"),
    st.uuids().map(lambda u: str(u)[:8] + "g" + str(u)[9:]),
    st.text(alphabet="0123456789abcdef-", min_size=36, max_size=36),
), max_size=8))
def test_canonical_ids_are_told_as_a_regular_expression_tells_them(ids):
    assert fastsale._canonical(ids) == all(_CANONICAL.fullmatch(i) for i in ids)
