"""The console in a real browser (Debian's chromium, headless, through Playwright) against a real
corner-server process: login with a wrong password first, then change a price with the keyboard,
publish it, and a real till syncs and sells at the new price; create a shop and enroll a till with
the code the console shows."""

from __future__ import annotations

import os
import re

import pytest
from sqlalchemy import create_engine

from app import syncing
from app.core.sales import Tender
from app.core.till import Till
from sync.server.console import auth
from sync.server.db import session_scope

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PASSWORD = "correct horse battery"

pytestmark = pytest.mark.skipif(
    not os.path.exists(CHROMIUM),
    reason="Debian's chromium is not installed (scripts/system-deps.sh installs it)",
)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


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
