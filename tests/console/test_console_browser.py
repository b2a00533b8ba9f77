"""The console in a real browser (Debian's chromium, headless, through Playwright) against a real
corner-server process: login with a wrong password first, then change a price with the keyboard,
publish it, and a real till syncs and sells at the new price; create a shop and enroll a till with
the code the console shows; ship part of a real till's order at a cost set in the form, and the till
receives it."""

from __future__ import annotations

import re

import pytest

from tests.browser import launched, needs_chromium
from sqlalchemy import create_engine

from app import syncing
from app.core.sales import Tender
from app.core.till import Till
from sync.server.console import auth
from sync.server.db import session_scope

PASSWORD = "correct horse battery"

pytestmark = needs_chromium


@pytest.fixture(scope="module")
def browser():
    with launched() as b:
        yield b


@pytest.fixture(scope="module")
def platform(tmp_path_factory):
    """One real platform server for the module (starting one and publishing the demo catalog per
    test cost most of the module's time); the tests use their own users and products."""
    from tests.sync.platform import running

    with running(tmp_path_factory.mktemp("console-browser")) as p:
        yield p


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 768})  # the office laptop
    p = context.new_page()
    p.set_default_timeout(15_000)
    yield p
    context.close()


def add_user(database_url: str, name: str, role: str) -> None:
    engine = create_engine(database_url)
    with session_scope(engine) as s:
        auth.add_user(s, name, role, PASSWORD)
    engine.dispose()


def log_in(page, base: str, name: str, password: str) -> None:
    page.goto(f"{base}/console/catalog")
    assert "/console/login" in page.url
    page.get_by_label("Name").fill(name)
    page.get_by_label("Password").fill(password)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_a_price_changed_in_the_console_reaches_a_till_that_sells_at_it(platform, tmp_path, page):
    add_user(platform.database_url, "cat", "catalog")
    till = platform.new_till(tmp_path / "t1")
    assert till.product("P0001").price == 119

    log_in(page, platform.url, "cat", "not the password")
    assert "Wrong name or password" in page.inner_text("main")
    log_in(page, platform.url, "cat", PASSWORD)
    assert page.url.endswith("/console/catalog")
    assert page.locator("script").count() == 0

    page.get_by_label("Search SKU, name or barcode").fill("P0001")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    with page.expect_navigation():
        page.get_by_role("link", name="P0001").click()
    price = page.get_by_label("Price (EUR)")
    assert price.input_value() == "1.19"
    assert page.get_by_label("Lowest price").input_value() == "0.95"
    price.fill("1.39")
    with page.expect_navigation():
        price.press("Enter")  # submits the form, like a person at a keyboard
    assert "Saved." in page.inner_text("main")
    assert "119 → 139" in page.inner_text("main")
    assert page.get_by_label("Highest price").input_value() == "1.54"  # the bounds stayed

    page.goto(f"{platform.url}/console/catalog")
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("Publish 1 edited products")).click()
    assert "Published to the tills." in page.inner_text("main")

    syncing.sync_once(till)
    assert till.product("P0001").price == 139
    cart = till.new_cart()
    till.add_to_cart(cart, "P0001")
    assert till.pay(cart, [Tender("cash", 500)]).total == 139


def test_a_shop_created_in_the_console_enrolls_a_till_and_support_may_not_create_one(platform, tmp_path, page):
    add_user(platform.database_url, "ops", "operations")
    add_user(platform.database_url, "sue", "support")
    log_in(page, platform.url, "ops", PASSWORD)
    page.goto(f"{platform.url}/console/shops")
    page.get_by_label("Name", exact=True).fill("Corner North")
    page.get_by_label("Code (optional)").fill("N1")
    with page.expect_navigation():
        page.get_by_role("button", name="Create the shop").click()
    code = page.locator("p.code").inner_text().strip()
    assert page.locator("figure.qr svg").count() == 1
    assert f"corner enroll {platform.url} {code}" in page.inner_text("main")

    till = Till(tmp_path / "north")
    try:
        syncing.enroll(till, platform.url, code, "north-1")
        syncing.sync_once(till)
        assert till.product("P0001") is not None
    finally:
        till.close()
    page.goto(f"{platform.url}/console/shops/N1")
    assert "north-1" in page.inner_text("main")

    with page.expect_navigation():
        page.get_by_role("button", name="Log out").click()
    log_in(page, platform.url, "sue", PASSWORD)
    page.goto(f"{platform.url}/console/shops")
    assert page.get_by_role("button", name="Create the shop").count() == 0
    response = page.goto(f"{platform.url}/console/users")
    assert response.status == 403 and "may not do this" in page.inner_text("main")


def _catalog_rows(text: str) -> list[list[str]]:
    import csv
    import io

    return list(csv.reader(io.StringIO(text)))


def _csv(rows: list[list[str]]) -> bytes:
    import csv
    import io

    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode()


def _preview(page, base: str, name: str, content: bytes) -> None:
    page.goto(f"{base}/console/catalog/import")
    page.get_by_label("CSV file").set_input_files(files=[{"name": name, "mimeType": "text/csv", "buffer": content}])
    with page.expect_navigation():
        page.get_by_role("button", name="Preview").click()


def test_lockout_csrf_a_bad_then_a_good_import_reaching_a_till_and_disabling_a_user(platform, tmp_path, page):
    from app.core import demo

    add_user(platform.database_url, "ada", "admin")
    add_user(platform.database_url, "lin", "support")
    till = platform.new_till(tmp_path / "t1")

    for _ in range(5):  # five wrong passwords lock the name, even for the right one after
        log_in(page, platform.url, "lin", "not the password")
    assert "locked for 15 minutes" in page.inner_text("main")
    log_in(page, platform.url, "lin", PASSWORD)
    assert "locked for 15 minutes" in page.inner_text("main") and "/console/login" in page.url

    log_in(page, platform.url, "ada", PASSWORD)
    # a form posted without its CSRF token (same browser, same session cookie) is refused
    refused = page.request.post(f"{platform.url}/console/users", form={"name": "eve", "role": "admin",
                                                                        "password": PASSWORD})
    assert refused.status == 403
    page.goto(f"{platform.url}/console/users")
    assert "eve" not in page.inner_text("main")

    header, *rows = _catalog_rows(demo.platform_catalog_csv())
    milk = next(r for r in rows if r[0] == "P0001")
    price = header.index("price")
    # a bad row (a price written as 1.29): its line's error shows, nothing changes
    bad = [header, [*milk[:price], "1.29", *milk[price + 1:]]]
    _preview(page, platform.url, "bad.csv", _csv(bad))
    main = page.inner_text("main")
    assert "nothing was imported" in main and "(minor units), like 350 for 3.50" in main
    assert page.locator("tr.bad td.n").first.inner_text() == "2"
    assert page.get_by_role("button", name="Apply all of it").count() == 0

    # a good one: preview (1 changed, 1 new) -> apply -> publish -> the till sells at the new price
    new = [*milk]
    new[0], new[1], new[header.index("barcodes")] = "N0001", "Oat milk 1L", ""
    good = [header, [*milk[:price], "129", *milk[price + 1:]], new]
    _preview(page, platform.url, "good.csv", _csv(good))
    main = page.inner_text("main")
    assert "1 new" in main and "1 changed" in main and "€1.29" in main
    with page.expect_navigation():
        page.get_by_role("button", name="Apply all of it").click()
    assert "The import was applied" in page.inner_text("main")
    assert "receive 2 new or changed products" in page.inner_text("main")
    with page.expect_navigation():
        page.get_by_role("button", name="Publish to the tills").click()
    assert "Published to the tills." in page.inner_text("main")
    syncing.sync_once(till)
    assert till.product("P0001").price == 129 and till.product("N0001").name == "Oat milk 1L"

    # disable a user: lin can no longer log in (once the lock is lifted)
    page.goto(f"{platform.url}/console/users")
    with page.expect_navigation():
        page.get_by_role("button", name="Disable lin").click()
    assert "The user was disabled" in page.inner_text("main")
    assert page.get_by_role("button", name="Enable lin").count() == 1


def test_an_order_shipped_in_part_from_the_console_at_its_own_cost_reaches_the_till(platform, tmp_path, page):
    from app.core import demo

    add_user(platform.database_url, "olu", "operations")
    till = platform.new_till(tmp_path / "t1")
    milk, oil = till.level("P0001"), till.level("P0049")
    order = till.place_order({"P0001": 12, "P0049": 6}, note="before Saturday", approver_pin=demo.OWNER_PIN)
    syncing.sync_once(till)  # the order goes up

    log_in(page, platform.url, "olu", PASSWORD)
    page.goto(f"{platform.url}/console/orders")
    form = page.locator(f'form[action="/console/orders/{order.id}/ship"]')  # other tests' orders may be open too
    assert form.count() == 1
    card = page.locator("section.card", has=form)
    assert "before Saturday" in card.inner_text()
    milk_qty = form.get_by_label("Quantity of P0001 to ship")
    oil_qty = form.get_by_label("Quantity of P0049 to ship")
    assert (milk_qty.input_value(), oil_qty.input_value()) == ("12", "6")  # what is still open
    milk_cost = form.get_by_label("Cost per unit of P0001")
    assert milk_cost.input_value() == "0.79"  # the catalog's cost, to change at shipping time
    assert form.get_by_label("Cost per unit of P0049").input_value() == "4.20"
    milk_qty.fill("8")  # a partial shipment: 8 of 12 milk, no oil this time
    oil_qty.fill("0")
    milk_cost.fill("0.74")
    with page.expect_navigation():
        form.get_by_role("button", name="Ship").click()  # the real form, with its CSRF token
    assert "/console/orders" in page.url and "note=shipped" in page.url
    assert "Shipped: the shop sees it on its next sync." in page.inner_text("main")
    # a partly shipped order stays under "Open" with what is still to ship (and is under "Shipped" too)
    form = page.locator(f'form[action="/console/orders/{order.id}/ship"]')
    assert form.get_by_label("Quantity of P0001 to ship").input_value() == "4"
    assert form.get_by_label("Quantity of P0049 to ship").input_value() == "6"
    assert "P0001: 8 / – / – · €0.74" in page.inner_text("main")
    with page.expect_navigation():
        page.get_by_role("navigation", name="Order status").get_by_role("link", name="Shipped").click()
    assert page.locator(f'form[action="/console/orders/{order.id}/ship"]').count() == 1

    syncing.sync_once(till)  # the shipment comes down
    [delivery] = till.delivery_rows(status="shipped")
    delivery_id, order_id, status, _, _, lines, _ = delivery
    assert (order_id, status) == (order.id, "shipped")
    assert [(sku, qty, cost) for sku, _, _, qty, cost in lines] == [("P0001", 8, 74)]
    till.receive_delivery(delivery_id)  # received in full: 8 milk on the shelf, no oil
    assert till.level("P0001") == milk + 8 and till.level("P0049") == oil
