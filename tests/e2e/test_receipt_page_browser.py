"""The digital receipt page in a real browser (Debian's chromium, headless, through Playwright).

A customer opens a receipt's page, rates the visit and comments; the platform has it at once and the
shop's till on its next sync. Also before the sale has synced, and editing the feedback.
"""

from __future__ import annotations


import pytest

from tests.browser import launched, needs_chromium

from app import syncing
from app.core.sales import Tender


pytestmark = needs_chromium


@pytest.fixture(scope="module")
def browser():
    with launched() as b:
        yield b


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)  # a phone
    p = context.new_page()
    p.set_default_timeout(15_000)
    yield p
    context.close()


def sell(till, *items):
    cart = till.new_cart()
    for code, qty in items:
        till.add_to_cart(cart, code, qty)
    return till.pay(cart, [Tender("cash", 2000)])


def rate(page, stars: int, comment: str) -> None:
    page.check(f'input[name="rating"][value="{stars}"]')
    page.fill("textarea[name=comment]", comment)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def web_feedback(platform) -> list[dict]:
    return [f for f in platform.admin("GET", "/feedback").json() if f["source"] == "receipt_page"]


def test_feedback_on_a_synced_receipt_reaches_the_platform_at_once_and_the_shop_on_its_next_sync(
    platform, tmp_path, page,  # noqa: F811
):
    till = platform.new_till(tmp_path / "t1")
    sale = sell(till, ("P0001", 2), ("P0049", 1))
    syncing.sync_once(till)

    page.goto(f"{platform.url}/r/{platform.shop.code}/{sale.receipt_token}")
    body = page.inner_text("body")
    assert "Corner Demo Grocery" in body and sale.receipt_no in body
    assert "€" in body and "Total" in body and "VAT" in body and "Cash given" in body
    assert page.locator("script").count() == 0

    rate(page, 4, "Friendly staff, <b>milk</b> was cold")
    assert "Thank you for your feedback" in page.inner_text("body")
    [fb] = web_feedback(platform)  # at once, before any till sync
    assert (fb["shop_code"], fb["sale_id"], fb["rating"]) == (platform.shop.code, sale.id, 4)
    assert fb["comment"] == "Friendly staff, <b>milk</b> was cold"
    # What the customer typed comes back as text, not markup.
    assert page.locator("textarea[name=comment]").input_value() == "Friendly staff, <b>milk</b> was cold"
    assert page.locator("b").count() == 0

    syncing.sync_once(till)
    [inbox] = [f for f in till.feedback_inbox() if f.source == "receipt_page"]
    assert (inbox.id, inbox.sale_id, inbox.rating, inbox.read) == (fb["id"], sale.id, 4, False)
    till.mark_feedback_read()

    # The customer changes their mind: same feedback, new rating; the till updates it.
    page.goto(f"{platform.url}/r/{platform.shop.code}/{sale.receipt_token}")
    assert page.locator('input[name="rating"][value="4"]').is_checked()
    rate(page, 2, "Milk was warm after all")
    assert "updated" in page.inner_text("body")
    [edited] = web_feedback(platform)
    assert (edited["id"], edited["rating"], edited["comment"]) == (fb["id"], 2, "Milk was warm after all")
    syncing.sync_once(till)
    [inbox] = [f for f in till.feedback_inbox() if f.source == "receipt_page"]
    assert (inbox.id, inbox.rating, inbox.comment, inbox.read) == (fb["id"], 2, "Milk was warm after all", False)


def test_feedback_before_the_sale_has_synced_is_kept_and_attached_when_it_arrives(
    platform, tmp_path, page,  # noqa: F811
):
    till = platform.new_till(tmp_path / "t1")
    syncing.sync_once(till)
    sale = sell(till, ("P0002", 1))  # not synced yet

    page.goto(f"{platform.url}/r/{platform.shop.code}/{sale.receipt_token}")
    assert "on its way" in page.inner_text("body")
    page.click("button[type=submit]")  # no rating chosen: the browser asks for one first
    assert "on its way" in page.inner_text("body") and not web_feedback(platform)
    rate(page, 5, "Quick and kind")
    assert "Thank you" in page.inner_text("body") and "on its way" in page.inner_text("body")
    [waiting] = web_feedback(platform)
    assert waiting["shop_code"] == platform.shop.code and waiting["sale_id"] is None and waiting["rating"] == 5

    syncing.sync_once(till)  # the sale goes up; the feedback comes down in the same round
    [fb] = web_feedback(platform)
    assert (fb["id"], fb["shop_code"], fb["sale_id"]) == (waiting["id"], platform.shop.code, sale.id)
    [inbox] = [f for f in till.feedback_inbox() if f.source == "receipt_page"]
    assert (inbox.id, inbox.sale_id, inbox.rating, inbox.comment) == (fb["id"], sale.id, 5, "Quick and kind")

    page.goto(f"{platform.url}/r/{platform.shop.code}/{sale.receipt_token}")
    assert sale.receipt_no in page.inner_text("body") and "on its way" not in page.inner_text("body")


def test_a_bad_link_gets_a_page_that_says_so(platform, page):  # noqa: F811
    response = page.goto(f"{platform.url}/r/not-a-receipt")
    assert response.status == 404
    assert "does not work" in page.inner_text("body")
