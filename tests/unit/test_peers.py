"""Tills of one shop sharing what they did (app/core/peers.py, app/peers_net.py): trust, applying a
peer's feed idempotently with its cursor, conflicts, and the listener on loopback."""

from __future__ import annotations

import json
import time

import pytest

from app.core import demo, peers
from app.core.errors import TillError
from app.core.sales import Tender
from app.core.store.models import Outbox
from tests.fixtures import demo_till

SECRET = "ab" * 32


@pytest.fixture(scope="module")
def paired_template(tmp_path_factory):
    """Two demo tills of one shop (till 1 and 2) that have exchanged their opening stock, made once;
    each test gets its own copy of their files."""
    base = tmp_path_factory.mktemp("pair")
    one = demo_till(base / "one", login=None)
    two = demo_till(base / "two", login=None)
    two.set_meta(till_no="2")
    for t in (one, two):
        t.peers.set_secret(SECRET)
    # each demo till stocked its own shelves: let each learn the other's opening stock first
    exchange(one, two)
    exchange(two, one)
    one.close()
    two.close()
    return base


@pytest.fixture
def pair(paired_template, tmp_path):
    import shutil

    from app.core.till import Till

    tills = []
    for name in ("one", "two"):
        shutil.copytree(paired_template / name, tmp_path / name)
        t = Till(tmp_path / name)
        t.peers.set_secret(SECRET)
        t.login(demo.CASHIER_PIN)
        tills.append(t)
    yield tills
    for t in tills:
        t.close()


def sell(till, sku="P0001", qty=2, customer_id=None):
    cart = till.new_cart()
    till.add_to_cart(cart, sku, qty)
    if customer_id:
        till.attach_customer(cart, customer_id)
    return till.pay(cart, [Tender("cash", 100000)])


def exchange(src, dst) -> peers.Applied:
    """dst pulls src's whole feed from its cursor for src, page by page, as the service does."""
    device = src.peers.device_id()
    dst.peers.met(device, src.shop().till_no, "", "", "static")
    total = peers.Applied()
    while True:
        events, cursor, more = src.peers.feed(dst.peers.cursor(device), 7)
        got = dst.peers.apply(device, [e.wire() for e in events], cursor)
        total = peers.Applied(total.applied + got.applied, total.skipped + got.skipped,
                              total.conflicts + got.conflicts)
        if not more:
            return total


# -- trust --------------------------------------------------------------------------------


def test_a_sealed_message_opens_only_with_the_same_secret_and_untouched():
    sealed = peers.seal(SECRET, "dev-1", "/peer/v1/feed", b'{"after": 0}', at=1000.0)
    assert b"after" not in sealed.body  # encrypted on the wire
    sender, nonce, plain = peers.unseal(SECRET, "/peer/v1/feed", sealed.headers, sealed.body, at=1001.0)
    assert (sender, plain) == ("dev-1", b'{"after": 0}')
    with pytest.raises(peers.PeerAuthError):
        peers.unseal("cd" * 32, "/peer/v1/feed", sealed.headers, sealed.body, at=1001.0)  # another shop
    with pytest.raises(peers.PeerAuthError):
        peers.unseal(SECRET, "/peer/v1/hello", sealed.headers, sealed.body, at=1001.0)  # another path
    tampered = bytes([sealed.body[0] ^ 1]) + sealed.body[1:]
    with pytest.raises(peers.PeerAuthError):
        peers.unseal(SECRET, "/peer/v1/feed", sealed.headers, tampered, at=1001.0)
    with pytest.raises(peers.PeerAuthError):
        peers.unseal(SECRET, "/peer/v1/feed", sealed.headers, sealed.body, at=1000.0 + 3600)  # stale
    with pytest.raises(peers.PeerAuthError):  # an answer must answer this request
        peers.unseal(SECRET, "/peer/v1/feed", sealed.headers, sealed.body, at=1001.0, bound_to="00" * 16)


def test_bad_secrets_and_addresses_are_refused_in_words(till):
    with pytest.raises(TillError, match="hexadecimal"):
        till.peers.set_secret("not a secret")
    with pytest.raises(TillError, match="HOST:PORT"):
        till.peers.add("till-two")
    assert till.peers.secret() is None and till.peers.addresses() == []
    assert till.peers.add("192.168.1.20:8765") == "192.168.1.20:8765"
    till.peers.add("192.168.1.20:8765")
    assert till.peers.addresses() == ["192.168.1.20:8765"]


# -- what flows ---------------------------------------------------------------------------


def test_a_sale_on_one_till_is_refundable_on_the_other_and_moves_its_stock(pair):
    one, two = pair
    before = two.level("P0001")
    sale = sell(one, "P0001", 3)
    got = exchange(one, two)
    assert got.applied >= 1
    assert two.level("P0001") == before - 3
    line_id = next(iter(one.refundable(sale.receipt_no)))
    assert two.refundable(sale.receipt_no) == {line_id: 3}
    two.refund(sale.receipt_no, {"P0001": 1}, restock=True, approver_pin=demo.OWNER_PIN)
    assert two.level("P0001") == before - 2
    # and back: till 1 sees the refund, and will not refund more than is left
    one_before = one.level("P0001")
    exchange(two, one)
    assert one.level("P0001") == one_before + 1
    assert one.refundable(sale.receipt_no) == {line_id: 2}


def test_applying_twice_changes_nothing_and_the_cursor_moves_with_the_page(pair):
    one, two = pair
    sell(one)
    first = exchange(one, two)
    level = two.level("P0001")
    device = one.peers.device_id()
    assert two.peers.cursor(device) == one.peers.last_seq()
    # the whole feed again from 0 (a crash before the cursor was kept): nothing doubles
    events, cursor, _ = one.peers.feed(0, 500)
    again = two.peers.apply(device, [e.wire() for e in events], cursor)
    assert again.applied == 0 and again.skipped == len(events)
    assert two.level("P0001") == level and first.applied == 1
    # two's own events coming back from one (one holds them for relay) are skipped too
    sell(two)
    exchange(two, one)
    back = exchange(one, two)
    assert back.applied == 0


def test_a_customer_added_on_one_till_is_found_on_the_other_even_without_platform_consent(pair):
    one, two = pair
    c = one.save_customer({"name": "Zebulon Quartermaine", "phone": "+44 20 7946 0000"})
    sell(one, "P0049", 1, customer_id=c.id)
    exchange(one, two)
    found = two.find_customers("Quartermaine")
    assert [x.id for x in found] == [c.id]
    assert two.loyalty_points(c.id) == one.loyalty_points(c.id) > 0
    # what only the shop's tills see never goes to the platform
    assert all("Quartermaine" not in json.dumps(p) for _, _, p in one.iter_outbox())
    assert all("Quartermaine" not in json.dumps(p) for _, _, p in two.iter_outbox())


def test_a_customer_edited_at_both_tills_merges_field_by_field(pair):
    one, two = pair
    c = one.save_customer({"name": "Bo", "phone": "+44 1111 1111", "consent_share": True})
    exchange(one, two)
    one.save_customer({"phone": "+44 2222 2222"}, c.id)
    time.sleep(0.01)
    two.save_customer({"name": "Bo Diddley"}, c.id)
    exchange(one, two)
    exchange(two, one)
    for t in (one, two):
        got = t.customer(c.id)
        assert (got.name, got.phone) == ("Bo Diddley", "+44 2222 2222")


def test_unacknowledged_peer_events_are_queued_for_the_platform_and_acknowledged_ones_are_not(pair):
    one, two = pair
    sale = sell(one)
    with one.write() as s:  # the platform already holds this one
        s.query(Outbox).filter(Outbox.event_id == sale.id).update({"sent_at": "2026-01-01T00:00:00+00:00"})
    later = sell(one)
    exchange(one, two)
    waiting = {r.event_id for r in two.store.session().query(Outbox).filter(Outbox.sent_at.is_(None))}
    assert later.id in waiting and sale.id not in waiting


def test_the_same_sale_refunded_at_two_tills_apart_is_flagged_and_both_refunds_kept(pair):
    one, two = pair
    sale = sell(one, "P0001", 1)
    exchange(one, two)
    # they lose sight of each other; each refunds the one item
    one.refund(sale.receipt_no, {"P0001": 1}, restock=True, approver_pin=demo.OWNER_PIN)
    two.refund(sale.receipt_no, {"P0001": 1}, restock=True, approver_pin=demo.OWNER_PIN)
    got = exchange(two, one)
    assert got.conflicts == 1
    exchange(one, two)
    for t in (one, two):
        rows = t.peers.conflicts()
        assert [(r.kind, r.detail["receipt_no"], r.detail["sold"], r.detail["refunded"]) for r in rows] == [
            ("over_refund", sale.receipt_no, 1, 2)]
    # both refunds stay true on both tills (the money went out twice)
    refunds = [k for _, k, _ in one.iter_outbox() if k == "refund.completed"]
    assert len(refunds) == 2
    one.peers.resolve(one.peers.conflicts()[0].id)
    assert one.peers.conflicts() == [] and len(one.peers.conflicts(include_resolved=True)) == 1


def test_the_open_conflict_count_is_one_count_query_of_the_open_ones(till):
    from sqlalchemy import event

    from app.core.store.models import PeerConflict

    assert till.peers.open_conflict_count() == 0
    with till.write() as s:
        for n in range(3):
            s.add(PeerConflict(id=f"c{n}", kind="over_refund", ref_id=f"sale-{n}", detail="{}",
                               created_at=f"2026-12-01T10:0{n}:00"))
    till.peers.resolve("c1")
    statements: list[str] = []
    engine = till.store.engine
    listen = lambda conn, cursor, sql, *a: statements.append(sql)  # noqa: E731
    event.listen(engine, "before_cursor_execute", listen)
    try:
        assert till.peers.open_conflict_count() == 2
    finally:
        event.remove(engine, "before_cursor_execute", listen)
    [sql] = [q for q in statements if "peer_conflict" in q]
    assert "count(" in sql.lower() and "detail" not in sql  # no row is read, only the count
    assert till.peers.open_conflict_count() == len(till.peers.conflicts())


def test_an_owner_settles_a_conflict_with_a_note_kept_with_their_name_and_audited(till):
    from sqlalchemy import select

    from app.core.store.models import AuditEntry, Customer, PeerConflict

    c = till.save_customer({"name": "Cy Lee", "consent_share": True})
    with till.write() as s:
        s.add(PeerConflict(id="c1", kind="points_overspent", ref_id=c.id, detail=json.dumps({"balance": -5}),
                           created_at="2026-12-01T10:00:00"))
        s.add(PeerConflict(id="c2", kind="over_refund", ref_id="sale-2", detail="{}", created_at="2026-12-01T10:01:00"))
        assert s.get(Customer, c.id) is not None
    [row, _] = till.peers.conflicts()
    assert (row.customer_name, row.resolved_by, row.note) == ("Cy Lee", None, None)
    with pytest.raises(TillError, match="Only an owner"):  # the fixture's cashier
        till.peers.settle("c1", "asked for the points back")
    till.login(demo.OWNER_PIN)
    for bad in ("", "   ", "x" * (peers.NOTE_MAX + 1)):
        with pytest.raises(TillError, match="Say what was done"):
            till.peers.settle("c1", bad)
    with pytest.raises(TillError, match="No such conflict"):
        till.peers.settle("nope", "done")
    assert till.peers.open_conflict_count() == 2  # nothing refused changed anything
    settled = till.peers.settle("c1", "  Took 5 points off her next visit.  ")
    assert settled.resolved and settled.resolved_by == till.user.name
    assert settled.note == "Took 5 points off her next visit." and settled.resolved_at
    assert [r.id for r in till.peers.conflicts()] == ["c2"] and till.peers.open_conflict_count() == 1
    with pytest.raises(TillError, match="already settled"):
        till.peers.settle("c1", "again")
    with till.read() as s:
        entries = list(s.scalars(select(AuditEntry).where(AuditEntry.action == "peer_conflict.settled")))
    assert len(entries) == 1 and json.loads(entries[0].detail)["note"] == "Took 5 points off her next visit."
    assert entries[0].staff_id == till.user.id
    assert any(kind == "audit.entry" and p["action"] == "peer_conflict.settled" for _, kind, p in till.iter_outbox())


def test_points_spent_below_zero_at_two_tills_are_flagged(pair):
    one, two = pair
    c = one.save_customer({"name": "Cy", "consent_share": True})
    exchange(one, two)
    entry = {"id": "0190-spend-1", "customer_id": c.id, "points": -5, "reason": "redeem", "sale_id": None,
             "created_at": "2026-01-01T00:00:00+00:00"}
    got = two.peers.apply(one.peers.device_id(), [{"id": "ev-spend-1", "kind": "loyalty.entry", "payload": entry,
                                                  "created_at": entry["created_at"], "acked": False}], 0)
    assert got.conflicts == 1
    assert [r.kind for r in two.peers.conflicts()] == ["points_overspent"]
    assert two.loyalty_points(c.id) == -5  # the ledger keeps the entry


# -- the listener on loopback -------------------------------------------------------------


def test_two_services_on_loopback_exchange_and_a_stranger_learns_nothing(pair, tmp_path):
    from app.peers_net import PeerService

    one, two = pair
    a = PeerService(one, host="127.0.0.1", port=0, interval=0.2, discovery=False).start()
    b = PeerService(two, host="127.0.0.1", port=0, interval=0.2, discovery=False).start()
    from app.core.till import Till

    stranger_till = Till(tmp_path / "stranger")
    stranger_till.peers.set_secret("cd" * 32)
    stranger = PeerService(stranger_till, host="127.0.0.1", port=0, interval=0.2, discovery=False)
    try:
        two.peers.add(f"127.0.0.1:{a.port}")  # one address set on one till joins both
        sale = sell(one, "P0002", 1)
        b.trigger()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not _has(two, sale):
            time.sleep(0.05)
        assert _has(two, sale)
        # a till of another shop: refused, and it learns nothing
        with pytest.raises(peers.PeerAuthError):
            stranger.call(f"127.0.0.1:{a.port}", "/peer/v1/feed", {"after": 0})
        assert [r.device_id for r in one.peers.rows()] == [two.peers.device_id()]
        # a replayed request is refused
        import http.client

        sealed = peers.seal(SECRET, "x", "/peer/v1/feed", b'{"after": 0}', at=time.time())
        for expected in (200, 403):
            conn = http.client.HTTPConnection("127.0.0.1", a.port, timeout=5)
            conn.request("POST", "/peer/v1/feed", body=sealed.body, headers=sealed.headers)
            assert conn.getresponse().status == expected
            conn.close()
    finally:
        a.stop()
        b.stop()
        stranger_till.close()


def _has(till, sale) -> bool:
    try:
        till.refundable(sale.receipt_no)
        return True
    except TillError:
        return False


def test_corner_peers_lists_peers_with_their_last_contact_and_refuses_bad_input(pair, capsys):
    from app.cli import main

    one, two = pair
    sale = sell(one, "P0001", 1)
    exchange(one, two)
    one.refund(sale.receipt_no, {"P0001": 1}, restock=True, approver_pin=demo.OWNER_PIN)
    two.refund(sale.receipt_no, {"P0001": 1}, restock=True, approver_pin=demo.OWNER_PIN)
    exchange(one, two)
    data_dir = str(two.data_dir)
    two.close()
    assert main(["--data-dir", data_dir, "peers", "add", "till-one"]) == 2
    assert "HOST:PORT" in capsys.readouterr().err
    assert main(["--data-dir", data_dir, "peers", "pair", "xyz"]) == 2
    capsys.readouterr()
    assert main(["--data-dir", data_dir, "peers", "add", "10.0.0.5:8765"]) == 0
    capsys.readouterr()
    assert main(["--data-dir", data_dir, "peers", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed["paired"] is True and listed["addresses"] == ["10.0.0.5:8765"]
    assert [(p["device_id"], p["till_no"]) for p in listed["peers"]] == [(one.peers.device_id(), 1)]
    assert listed["peers"][0]["last_contact_at"] and listed["peers"][0]["nearby"] is True
    assert [c["kind"] for c in listed["conflicts"]] == ["over_refund"]
    assert main(["--data-dir", data_dir, "peers"]) == 0
    text = capsys.readouterr().out
    assert "till 1" in text and "nearby" in text and "1 conflict(s)" in text
    assert main(["--data-dir", data_dir, "peers", "conflicts"]) == 0
    assert sale.receipt_no in capsys.readouterr().out


def test_a_customer_withdrawing_consent_stays_known_to_the_shop_s_other_tills(pair):
    one, two = pair
    c = one.save_customer({"name": "Dora Quill", "phone": "+44 3333 3333", "consent_share": True})
    exchange(one, two)
    one.save_customer({"consent_share": False}, c.id)
    exchange(one, two)
    got = two.customer(c.id)
    assert (got.name, got.phone, got.consent_share) == ("Dora Quill", "+44 3333 3333", False)
    # while the platform is told to forget them
    blanked = [p for _, k, p in one.iter_outbox() if k == "customer.upserted" and p["id"] == c.id][-1]
    assert blanked["fields"]["name"] == ""
