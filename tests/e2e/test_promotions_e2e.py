"""Promotions end to end: a real corner-server process on loopback and two tills syncing over HTTP:
till A in this process (the app's core with a SettableClock), till B as real ``corner`` processes
(its clock set with CORNER_TEST_CLOCK_START, app/core/clock.py).

Published before the tills exist (so they start with them from the snapshot): a platform-funded
promotion ending at noon and a coupon promotion. The server goes away; one till sells across the
promotion's end by its own clock, and the same single-use coupon is redeemed at two tills of two
shops. When the server is back and both sync: the settlement on both ends credits the platform's
part to the cent, and the double redemption is reported once.
"""

from __future__ import annotations

import subprocess
from datetime import datetime

import pytest

from app import syncing
from app.core import demo
from app.core.clock import TEST_CLOCK_ENV, SettableClock
from app.core.errors import TillError
from app.core.sales import Tender
from app.core.till import Till
from sync.server import testing
from tests.sync.kit import child_env, corner_cmd

MILK, CHOC = "P0001", "P0078"
PERIOD = {"start": "2026-12-01", "end": "2026-12-31"}


def sell(till, *items, coupon: str | None = None):
    cart = till.new_cart()
    for code, qty in items:
        till.add_to_cart(cart, code, qty)
    if coupon:
        till.promotions.add_coupon(cart, coupon)
    return till.pay(cart, [Tender("cash", 10**6)])


def other_shop_till(platform, path, tmp_path) -> tuple[dict, str]:
    """A till of another shop, enrolled and seeded here, then closed: it is used through `corner`
    child processes (the environment they need is returned)."""
    shop = testing.create_shop(platform.database_url, "Second Corner")
    till = Till(path)
    try:
        syncing.enroll(till, platform.url, shop.enrollment_code, "till-b")
        syncing.sync_once(till)
        demo.seed(till, catalog=False)
        till.set_time_zone("UTC")
        assert {p.name for p in till.promotions.list(datetime(2026, 12, 5, 11, 0))} >= {"Milk 20 % until noon"}
        env = child_env(till, tmp_path)
    finally:
        till.close()
    return env, shop.code


def corner(path, env: dict, *args: str, at: str | None = None) -> subprocess.CompletedProcess:
    extra = {TEST_CLOCK_ENV: at} if at else {}
    return subprocess.run(corner_cmd(path, *args), env={**env, **extra}, capture_output=True, text=True, timeout=120)


def statements(platform, till, shop_code: str) -> tuple[dict, dict]:
    mine = till.settlement(PERIOD["start"], PERIOD["end"]).as_dict()
    central = platform.admin("GET", f"/shops/{shop_code}/settlement", params=PERIOD).json()
    return mine, central


def test_a_promotion_sold_across_its_end_offline_settles_to_the_cent_and_a_double_coupon_is_reported_once(
        platform, tmp_path):
    lunch = platform.admin("POST", "/promotions", json={
        "name": "Milk 20 % until noon", "kind": "percent_off", "percent_bp": 2000, "skus": [MILK],
        "starts_at": "2026-12-05T08:00", "ends_at": "2026-12-05T12:00", "platform_share_bp": 4000}).json()
    thanks = platform.admin("POST", "/promotions", json={
        "name": "Thanks for your feedback", "kind": "amount_off", "amount": 50, "skus": [CHOC],
        "coupon_required": True, "starts_at": "2026-12-01T00:00", "ends_at": "2026-12-31T00:00"}).json()
    [coupon] = platform.admin("POST", "/coupons", json={"promotion_id": thanks["id"], "count": 1}).json()["coupons"]
    code = coupon["code"]

    clock = SettableClock("2026-12-05T11:50:00+00:00")
    a = platform.new_till(tmp_path / "a", clock=clock)
    a.set_time_zone("UTC")
    assert {p.name for p in a.promotions.list()} >= {"Milk 20 % until noon"}  # from the snapshot
    b_env, b_shop = other_shop_till(platform, tmp_path / "b", tmp_path)

    platform.server.stop()  # offline from here
    before = sell(a, (MILK, 3))
    sell(a, (CHOC, 1), coupon=code)
    # The other till has not heard: it takes the code too (a `corner` process at 11:52).
    done = corner(tmp_path / "b", b_env, "sell", "--pin", demo.CASHIER_PIN, CHOC, "--coupon", code.lower(), "--json",
                  at="2026-12-05T11:52:00+00:00")
    assert done.returncode == 0, done.stderr
    clock.advance(minutes=15)  # 12:05: the promotion has ended, by the till's own clock
    after = sell(a, (MILK, 3))
    with pytest.raises(TillError):
        syncing.sync_once(a)

    platform.server.start().wait_ready()
    syncing.sync_once(a)
    done = corner(tmp_path / "b", b_env, "sync", "--once", at="2026-12-05T12:30:00+00:00")
    assert done.returncode == 0, done.stderr
    syncing.sync_once(a)  # a second sync changes nothing (events are accepted once)
    b = Till(tmp_path / "b")
    platform.tills.append(b)  # closed by the fixture

    # Priced by the till: 20 % off each 1.19 is 0.238 -> 0.24, three of them 0.72 before noon; nothing after.
    sold = platform.admin("GET", f"/shops/{platform.shop.code}/sales").json()["sales"]
    discounts = {s["id"]: s["discount"] for s in sold}
    assert discounts[str(before.id)] == 72
    assert discounts[str(after.id)] == 0
    [b_sale] = platform.admin("GET", f"/shops/{b_shop}/sales").json()["sales"]
    assert b_sale["created_at"].startswith("2026-12-05T11:52")  # the child process's clock

    # Both ends, to the cent: the platform funds 40 % of 0.72 (0.288 -> 0.29) and all of each coupon.
    for till, shop_code in ((a, platform.shop.code), (b, b_shop)):
        mine, central = statements(platform, till, shop_code)
        assert {k: v for k, v in central.items() if k not in ("shop_code", "period_start", "period_end")} == {
            k: v for k, v in mine.items() if k not in ("period_start", "period_end")}
    mine_a, _ = statements(platform, a, platform.shop.code)
    assert mine_a["credits"] == {lunch["id"]: 29, thanks["id"]: 50}
    mine_b, _ = statements(platform, b, b_shop)
    assert mine_b["credits"] == {thanks["id"]: 50}  # the platform bears the duplicate: the shop keeps it

    conflicts = platform.admin("GET", "/coupons/conflicts").json()
    assert len(conflicts) == 1
    assert {conflicts[0]["first_shop_code"], conflicts[0]["shop_code"]} == {platform.shop.code, b_shop}
    assert conflicts[0]["code"] == code and conflicts[0]["platform_amount"] == 50
