"""A receipt's page and its feedback belong to the shop that printed it (a real server process per
database for the module, SQLite and PostgreSQL; two new shops per test). Attack: shop A's till
pushes a sale carrying shop B's receipt token T — before or after B's sale has synced — to take
B's page or the feedback B's customer leaves on it."""

from __future__ import annotations

import httpx

from ..server.factories import event, refund, sale
from .helpers import Two, leave_feedback, receipt_token


def sale_with(token: str, name: str) -> dict:
    s = sale(lines=1)
    s["receipt_token"] = token
    s["lines"][0]["name"] = name
    return s


def test_another_shop_cannot_claim_preempt_or_shadow_a_receipt_token(served):
    p = Two(served)
    with httpx.Client(base_url=p.url, timeout=30) as customer:
        t = receipt_token()
        b_sale = sale_with(t, "B's bread")  # sold offline at B: not pushed yet
        p.push(p.a, [event("sale.completed", sale_with(t, "A's decoy"))])  # A pre-empts the token

        page = customer.get(f"/r/{p.b.code}/{t}")  # the QR on B's receipt
        assert page.status_code == 200 and "on its way" in page.text and "Shop B" in page.text
        assert "decoy" not in page.text and "Shop A" not in page.text

        saved = leave_feedback(customer, f"/r/{p.b.code}/{t}", 2, "for shop B")
        assert saved.status_code == 200 and "Thank you" in saved.text
        [fb] = p.feedback()
        assert fb["shop_code"] == p.b.code
        assert p.pull(p.a, "feedback.created") == []
        assert [f["comment"] for f in p.pull(p.b, "feedback.created")] == ["for shop B"]

        p.push(p.b, [event("sale.completed", b_sale)])  # B's sale syncs
        shown = customer.get(f"/r/{p.b.code}/{t}")
        assert "B&#x27;s bread" in shown.text and "decoy" not in shown.text
        [fb] = p.feedback()
        assert (fb["shop_code"], fb["sale_id"]) == (p.b.code, b_sale["id"])
        assert p.pull(p.a, "feedback.created") == []

        # A's page with the same token is A's own and does not show or take B's feedback.
        own = customer.get(f"/r/{p.a.code}/{t}")
        assert "decoy" in own.text and "for shop B" not in own.text and "bread" not in own.text
        # The old address cannot say whose token it is now: it sends nobody to either shop.
        legacy = customer.get(f"/r/{t}", follow_redirects=False)
        assert legacy.status_code == 404


def test_an_old_printed_address_reaches_the_one_shop_that_holds_the_token(served):
    p = Two(served)
    with httpx.Client(base_url=p.url, timeout=30) as customer:
        t = receipt_token()
        p.push(p.b, [event("sale.completed", sale_with(t, "Milk"))])
        moved = customer.get(f"/r/{t}", follow_redirects=False)
        assert moved.status_code == 303 and moved.headers["location"] == f"/r/{p.b.code}/{t}"
        assert customer.get(f"/r/{receipt_token()}").status_code == 404  # nobody's: no page, no feedback


def test_feedback_needs_a_shop_that_exists(served):
    p = Two(served)
    with httpx.Client(base_url=p.url, timeout=30) as customer:
        t = receipt_token()
        for path in (f"/r/NOPE/{t}", f"/r/{p.b.code}x/{t}"):
            assert customer.get(path).status_code == 404
            assert customer.post(path, data={"rating": "5"}).status_code == 404
        assert p.feedback() == []


def test_the_page_shows_what_was_refunded(served):
    p = Two(served)
    with httpx.Client(base_url=p.url, timeout=30) as customer:
        t = receipt_token()
        s = sale(lines=2)
        s["receipt_token"] = t
        s["lines"][0]["name"], s["lines"][1]["name"] = "Oat milk", "Rye bread"
        p.push(p.b, [event("sale.completed", s), event("refund.completed", refund(s))])
        shown = customer.get(f"/r/{p.b.code}/{t}").text
        assert "Refunded" in shown and "Oat milk" in shown and "(1 returned)" in shown
        assert "−€2.50" in shown and "Paid after refunds" in shown and "€2.50</td>" in shown


def test_a_shop_reusing_another_shops_sale_id_never_shows_its_lines_on_that_shops_page(served):
    """Sale ids are unique within a shop only: A pushes a sale with B's sale id (and its own
    lines and payments); B's customer still sees B's lines and nothing of A's."""
    p = Two(served)
    with httpx.Client(base_url=p.url, timeout=30) as customer:
        t = receipt_token()
        b_sale = sale_with(t, "B's bread")
        p.push(p.b, [event("sale.completed", b_sale)])
        a_sale = sale_with(receipt_token(), "A's decoy")
        a_sale["id"] = b_sale["id"]
        p.push(p.a, [event("sale.completed", a_sale)])
        shown = customer.get(f"/r/{p.b.code}/{t}")
        assert shown.status_code == 200 and "B&#x27;s bread" in shown.text
        assert "decoy" not in shown.text
