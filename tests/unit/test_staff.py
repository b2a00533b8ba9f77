"""A shop's own staff (``till.staff``): the first owner, adding, renaming, new PINs, deactivating,
and the growing wait after wrong PINs. Every change is audited and queued for the platform."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from app.core import staff as staff_mod
from app.core.errors import ApprovalRequired, AuthError, TillError
from app.core.sales import Tender
from app.core.staff import LockedOut
from app.core.till import Till

OWNER, CASHIER = "2468", "1357"


class Clock:
    def __init__(self) -> None:
        self.at = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)

    def __call__(self) -> datetime:
        return self.at

    def advance(self, seconds: float) -> None:
        self.at += timedelta(seconds=seconds)


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def till(tmp_path, clock):
    t = Till(tmp_path / "shop")
    t.staff.now = clock
    yield t
    t.close()


@pytest.fixture
def shop(till):
    """A new shop with its owner (logged in) and one cashier."""
    till.staff.create_first_owner("Ana Lima", OWNER)
    till.staff.add("Bo Chen", "cashier", CASHIER)
    return till


def audits(till) -> list[dict]:
    return [p for _, kind, p in till.iter_outbox() if kind == "audit.entry"]


def wrong(till, times: int) -> list[BaseException]:
    seen = []
    for _ in range(times):
        with pytest.raises(AuthError) as info:
            till.login("0000")
        seen.append(info.value)
    return seen


def test_a_new_till_needs_its_owner_and_nobody_can_log_in(till):
    assert till.staff.needs_owner()
    with pytest.raises(AuthError):
        till.login(OWNER)
    owner = till.staff.create_first_owner("Ana Lima", OWNER)
    assert not till.staff.needs_owner()
    assert till.user is not None and till.user.id == owner.id and till.user.is_owner
    assert till.login(OWNER).name == "Ana Lima"
    with pytest.raises(TillError, match="already has staff"):
        till.staff.create_first_owner("Someone else", "9999")
    assert [m.name for m in till.staff.list()] == ["Ana Lima"]


def test_only_an_owner_adds_people_and_a_pin_is_4_to_8_digits(shop):
    shop.login(CASHIER)
    with pytest.raises(AuthError, match="Only an owner"):
        shop.staff.add("Cy", "cashier", "5555")
    shop.login(OWNER)
    for bad in ("123", "123456789", "12a4", ""):
        with pytest.raises(TillError, match="4 to 8 digits"):
            shop.staff.add("Cy", "cashier", bad)
    with pytest.raises(TillError, match="already used"):
        shop.staff.add("Cy", "cashier", CASHIER)
    with pytest.raises(TillError, match="already works here"):
        shop.staff.add("bo chen", "cashier", "5555")
    assert [m.name for m in shop.staff.list()] == ["Ana Lima", "Bo Chen"]


def test_typed_twice_pins_must_match():
    assert staff_mod.confirm_pin("4321", "4321") == "4321"
    with pytest.raises(TillError, match="not the same"):
        staff_mod.confirm_pin("4321", "4312")


def test_a_deactivated_cashier_cannot_log_in_and_their_sales_keep_their_name(shop):
    shop.login(CASHIER)
    shop.open_session(0)
    cart = shop.new_cart()
    from app.core.catalog import ProductSpec

    shop.login(OWNER)
    shop.upsert_product(ProductSpec(sku="L001", name="Jam", category="Local", unit="each", price=250,
                                    vat_rate_bp=700))
    shop.login(CASHIER)
    shop.add_to_cart(cart, "L001")
    sale = shop.pay(cart, [Tender("cash", 250)])
    bo = shop.staff.find("Bo Chen")
    shop.login(OWNER)
    shop.staff.disable(bo.id)
    with pytest.raises(AuthError, match="Wrong PIN"):
        shop.login(CASHIER)
    sold = [p for _, kind, p in shop.iter_outbox() if kind == "sale.completed"]
    assert sold[0]["staff_name"] == "Bo Chen"
    assert shop.staff_name(shop.sale(sale.receipt_no).staff_id) == "Bo Chen"  # a reprint says "Served by Bo Chen"
    assert [(m.name, m.active) for m in shop.staff.list()] == [("Ana Lima", True), ("Bo Chen", False)]
    assert [m.name for m in shop.staff.list(include_inactive=False)] == ["Ana Lima"]
    assert shop.login(OWNER)  # a wrong PIN in between is not a lockout


def test_the_last_owner_and_oneself_cannot_be_deactivated(shop):
    ana = shop.staff.find("Ana Lima")
    with pytest.raises(TillError, match="yourself"):
        shop.staff.disable(ana.id)
    second = shop.staff.add("Dee", "owner", "8642")
    shop.login("8642")
    shop.staff.disable(ana.id)
    with pytest.raises(TillError, match="yourself"):
        shop.staff.disable(second.id)


def test_rename_keeps_the_person_and_refuses_an_empty_name(shop):
    bo = shop.staff.find("Bo Chen")
    renamed = shop.staff.rename(bo.id, "Bo Chen-Li")
    assert renamed.id == bo.id and shop.staff.find("bo chen-li").id == bo.id
    with pytest.raises(TillError, match="needs a name"):
        shop.staff.rename(bo.id, "  ")
    assert shop.login(CASHIER).name == "Bo Chen-Li"


def test_a_new_pin_needs_an_owner_approval(shop):
    bo = shop.staff.find("Bo Chen")
    shop.login(CASHIER)
    with pytest.raises(ApprovalRequired):
        shop.staff.set_pin(bo.id, "9753")
    with pytest.raises(AuthError, match="not an owner"):
        shop.staff.set_pin(bo.id, "9753", approver_pin=CASHIER)
    shop.staff.set_pin(bo.id, "9753", approver_pin=OWNER)
    with pytest.raises(AuthError):
        shop.login(CASHIER)
    assert shop.login("9753").name == "Bo Chen"
    entry = audits(shop)[-1]
    assert entry["action"] == "staff_set_pin" and entry["staff_id"] == bo.id
    assert entry["approved_by"] == shop.staff.find("Ana Lima").id
    assert "9753" not in str(audits(shop))


def test_every_change_is_audited_and_queued_for_the_platform_in_its_transaction(shop):
    bo = shop.staff.find("Bo Chen")
    shop.staff.rename(bo.id, "Bo")
    shop.staff.set_pin(bo.id, "9753")
    shop.staff.disable(bo.id)
    actions = [e["action"] for e in audits(shop)]
    assert actions == ["staff_first_owner", "staff_add", "staff_rename", "staff_set_pin", "staff_disable"]
    with shop.read() as s:
        from sqlalchemy import select

        from app.core.store.models import AuditEntry
        stored = [a.action for a in s.scalars(select(AuditEntry).order_by(AuditEntry.created_at))]
    assert stored == actions
    # the wire shape the platform accepts
    from sync import protocol

    for entry in audits(shop):
        protocol.AuditPayload.model_validate(entry)


def test_a_refused_change_writes_nothing(shop):
    before = len(audits(shop))
    with pytest.raises(TillError):
        shop.staff.add("Cy", "cashier", "12")
    with pytest.raises(TillError):
        shop.staff.add("Cy", "boss", "5555")
    assert len(audits(shop)) == before and len(shop.staff.list()) == 2


def test_five_wrong_pins_make_everyone_wait_30_s_then_twice_as_long(shop, clock):
    errors = wrong(shop, 5)
    assert [type(e) for e in errors] == [AuthError] * 4 + [LockedOut]
    assert errors[-1].seconds == 30 and str(errors[-1]) == "Too many wrong PINs. Try again in 30 s."
    with pytest.raises(LockedOut):  # even the right PIN waits: a guesser learns nothing
        shop.login(OWNER)
    clock.advance(20)
    assert shop.staff.wait_seconds() == 10
    clock.advance(10)
    assert shop.staff.wait_seconds() == 0
    assert wrong(shop, 1)[0].seconds == 60
    clock.advance(60)
    assert wrong(shop, 1)[0].seconds == 120
    clock.advance(120)
    assert shop.login(OWNER).name == "Ana Lima"  # the right PIN clears the count
    assert wrong(shop, 4) and shop.staff.failures() == 4 and shop.staff.wait_seconds() == 0


def test_the_wait_survives_a_restart_and_is_audited(shop, clock, tmp_path):
    wrong(shop, 5)
    shop.close()
    again = Till(tmp_path / "shop")
    again.staff.now = clock
    try:
        with pytest.raises(LockedOut) as info:
            again.login(OWNER)
        assert info.value.seconds == 30
        waits = [e for e in audits(again) if e["action"] == "pin_lockout"]
        assert [(e["detail"]["failures"], e["detail"]["wait_seconds"], e["staff_id"]) for e in waits] == [(5, 30, None)]
    finally:
        again.close()


def test_wrong_approval_pins_count_too(shop, clock):
    bo = shop.staff.find("Bo Chen")
    shop.login(CASHIER)
    for _ in range(4):
        with pytest.raises(AuthError, match="Wrong PIN"):
            shop.staff.set_pin(bo.id, "9753", approver_pin="0000")
    with pytest.raises(LockedOut):
        shop.staff.set_pin(bo.id, "9753", approver_pin="0000")
    assert [e["detail"]["purpose"] for e in audits(shop) if e["action"] == "pin_lockout"] == ["approval"]


def test_wait_grows_to_at_most_an_hour():
    assert [staff_mod.wait_after(n) for n in (1, 4, 5, 6, 7)] == [0, 0, 30, 60, 120]
    assert staff_mod.wait_after(40) == 3600
