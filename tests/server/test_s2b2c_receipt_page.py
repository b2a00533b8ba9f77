"""The receipt page's rules without a browser (SQLite and PostgreSQL): bad input gets a clear page
and stores nothing, escaping, per-address rate limit, one feedback per receipt, attaching feedback
to a sale that arrives later, and the shop's feed."""

from __future__ import annotations

import re
import secrets
import warnings

import pytest

from sync.protocol import SalePayload
from sync.server.app import create_app
from sync.server.settings import Settings

from .factories import event
from .test_s2b2c import CATALOG, sale_of

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

FORM = {"content-type": "application/x-www-form-urlencoded"}


@pytest.fixture
def products(client, admin) -> dict[str, dict]:
    client.post("/admin/catalog/import", json={"format": "csv", "content": CATALOG, "publish": True}, headers=admin)
    return {p["sku"]: p for p in client.get("/admin/products", headers=admin).json()}


@pytest.fixture
def settings(db_url) -> Settings:
    """The app under test, with a rate limit that these tests' many posts stay under."""
    return Settings(database_url=db_url, receipt_posts_per_minute=10_000, receipt_posts_burst=10_000)


def token() -> str:
    return secrets.token_urlsafe(16)


def page(t: str, shop: str = "S001") -> str:
    return f"/r/{shop}/{t}"


def post(client, path: str, data: dict | None = None, **kwargs):
    """Post the page's own form: open the page first for its CSRF token (and cookie)."""
    opened = client.get(path)
    found = re.search(r'name="csrf" value="([^"]*)"', opened.text)
    form = {**(data or {}), "csrf": found.group(1) if found else ""}
    return client.post(path, data=form, **kwargs)


def web_feedback(client, admin) -> list[dict]:
    return [f for f in client.get("/admin/feedback", headers=admin).json() if f["source"] == "receipt_page"]


def feed(till, kind: str = "feedback.created") -> list[dict]:
    changes, _ = till.pull_all()
    return [c["payload"] for c in changes if c["kind"] == kind]


def test_bad_input_gets_a_clear_page_and_stores_nothing(client, admin, till):
    t = token()
    for bad in ("short", "x" * 23, "has%20space%20in%20it%20ab", "é" * 22):
        path = page(bad)
        r = client.get(path)
        assert r.status_code == 404 and "does not work" in r.text and r.headers["content-type"].startswith("text/html")
        assert client.post(path, data={"rating": "5"}).status_code == 404
    cases = [
        ({"rating": "7"}, "rating from 1 to 5"),
        ({"rating": "five"}, "rating from 1 to 5"),
        ({"comment": "no rating"}, "rating from 1 to 5"),
        ({"rating": "3", "comment": "x" * 2001}, "keep it to 2000"),
        ({"rating": "3", "comment": "nul\x00byte"}, "cannot keep"),
    ]
    for form, message in cases:
        r = post(client, page(t), form)
        assert r.status_code == 400 and message in r.text, (form, r.text)
    long = post(client, page(t), {"rating": "2", "comment": "y" * 2001})
    assert "y" * 2001 in long.text and 'value="2" checked' in long.text  # what they typed is kept for them
    assert client.post(page(t), json={"rating": 5}).status_code == 400
    assert client.post(page(t), content=b"rating=5&comment=\xff\xfe", headers=FORM).status_code == 400
    assert client.post(page(t), content=b"a=1&" * 20_000, headers=FORM).status_code == 413
    assert web_feedback(client, admin) == []


def test_everything_shown_is_escaped(client, make_till, products):
    till = make_till("Shop <b>A</b>")
    sale = sale_of(products, ("A1", 1))
    sale["lines"][0]["name"] = "<img src=x onerror=alert(1)>"
    sale["receipt_no"] = "<script>1</script>"
    till.push([event("sale.completed", sale)])
    r = post(client, page(sale["receipt_token"]), {"rating": "1", "comment": "</textarea><script>alert(2)</script>"},
             follow_redirects=True)
    assert r.status_code == 200 and "Thank you" in r.text
    assert "<script>" not in r.text and "<img" not in r.text and "<b>" not in r.text
    assert "&lt;/textarea&gt;&lt;script&gt;alert(2)&lt;/script&gt;" in r.text
    assert "&lt;img src=x onerror=alert(1)&gt;" in r.text and "Shop &lt;b&gt;A&lt;/b&gt;" in r.text
    assert "default-src 'none'" in r.headers["content-security-policy"]
    assert r.headers["referrer-policy"] == "no-referrer"


def test_one_feedback_per_receipt_edited_in_place_and_republished(client, admin, make_till, products):
    till, other = make_till("Shop A"), make_till("Shop B")
    sale = sale_of(products, ("A1", 2), ("C3", 250))
    till.push([event("sale.completed", sale)])
    shown = client.get(page(sale["receipt_token"]))
    assert shown.status_code == 200 and "Shop A" in shown.text and "Apple" in shown.text and "0.250 kg" in shown.text
    first = post(client, page(sale["receipt_token"]), {"rating": "4", "comment": "Nice"}, follow_redirects=False)
    assert first.status_code == 303 and first.headers["location"] == page(sale["receipt_token"]) + "?saved=new"
    edit = post(client, page(sale["receipt_token"]), {"rating": "2", "comment": " Changed my mind "})
    assert "Your feedback was updated" in edit.text and "Change your feedback" in edit.text

    [fb] = web_feedback(client, admin)
    assert (fb["rating"], fb["comment"], fb["sale_id"], fb["shop_code"]) == (2, "Changed my mind", sale["id"], "S001")
    published = feed(till)
    assert [(p["id"], p["rating"], p["source"]) for p in published] == [(fb["id"], 4, "receipt_page"),
                                                                        (fb["id"], 2, "receipt_page")]
    assert published[-1]["sale_id"] == sale["id"] and published[-1]["receipt_token"] == sale["receipt_token"]
    assert feed(other) == []


@pytest.mark.parametrize("as_a_till_writes_it", [False, True])
def test_feedback_left_before_its_sale_is_attached_when_the_sale_arrives(client, admin, make_till, products,
                                                                         as_a_till_writes_it):
    till, other = make_till("Shop A"), make_till("Shop B")
    t = token()
    waiting = client.get(page(t))
    assert waiting.status_code == 200 and "on its way" in waiting.text
    assert post(client, page(t), {"rating": "5", "comment": "Lovely"}).status_code == 200
    [fb] = web_feedback(client, admin)
    assert fb["shop_code"] == "S001" and fb["sale_id"] is None  # the address names the shop
    [early] = feed(till)
    assert (early["id"], early["sale_id"], early["rating"]) == (fb["id"], None, 5)
    assert feed(other) == []

    sale, other_sale = sale_of(products, ("B2", 1), token=t), sale_of(products, ("A1", 1))
    if as_a_till_writes_it:  # every field written: on SQLite, the push's fast path (sync/server/fastsale.py)
        sale, other_sale = (SalePayload.model_validate(s).model_dump(mode="json") for s in (sale, other_sale))
    till.push([event("sale.completed", sale), event("sale.completed", other_sale)])
    [attached] = web_feedback(client, admin)
    assert (attached["id"], attached["shop_code"], attached["sale_id"]) == (fb["id"], "S001", sale["id"])
    payloads = feed(till)
    assert (payloads[-1]["id"], payloads[-1]["sale_id"], payloads[-1]["rating"], payloads[-1]["comment"]) == (
        fb["id"], sale["id"], 5, "Lovely")
    assert feed(other) == []
    till.push([event("sale.completed", sale)])  # a resent sale does not publish it again
    assert len(feed(till)) == len(payloads)
    assert "Bread" in client.get(page(t)).text


def test_posts_are_rate_limited_per_address(db_url, engine, till):
    settings = Settings(database_url=db_url, receipt_posts_per_minute=1, receipt_posts_burst=3)
    with TestClient(create_app(settings, engine)) as c:
        answers = [post(c, page(token()), {"rating": "3"}) for _ in range(4)]
        assert [a.status_code for a in answers] == [200, 200, 200, 429]
        assert "Too many tries" in answers[-1].text and int(answers[-1].headers["retry-after"]) >= 1
        assert c.get(page(token())).status_code == 200  # reading has its own, larger limit


def test_trouble_on_our_side_is_a_try_again_page_never_a_500(settings, engine, tmp_path):
    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session

    from sync.server.db import get_db

    empty = create_engine(f"sqlite:///{tmp_path / 'no-tables.sqlite3'}")  # every query fails

    def broken_db():
        with Session(empty) as session:
            yield session

    app = create_app(settings, engine)
    app.dependency_overrides[get_db] = broken_db
    with TestClient(app, raise_server_exceptions=False) as c:
        for r in (c.get(page(token())), c.post(page(token()), data={"rating": "4"})):
            assert r.status_code == 503 and "try again" in r.text and r.headers["retry-after"] == "30"
    empty.dispose()
