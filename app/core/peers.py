"""Tills of one shop working together over the shop's own network (docs/peers.md). No Qt, no sockets.

What is here:

- **Trust.** The shop's tills share one peer secret: the platform hands it to each enrolled till
  (``GET /v1/devices/peer-secret``), or the owner types it on a till (``corner peers pair``). It is
  kept in the keyring with the till's other credentials. Every peer message is sealed with it
  (``seal`` / ``unseal``): encrypted with a SHAKE-256 key stream and authenticated with
  HMAC-SHA-256 over who, when, a fresh nonce, the path and the ciphertext; an answer is bound to
  its request's nonce. A device without the secret learns nothing and changes nothing.
- **The feed.** A till offers its outbox in outbox order (``feed``): its own events, and those of
  other tills it holds for relay. Each event says whether the platform already has it.
- **Applying.** ``apply_page`` applies a peer's events to this till's view (stock, receipts that can
  be refunded here, customers, points, feedback) idempotently by event id, in one transaction with
  the per-peer cursor; an event the platform has not acknowledged goes into this till's outbox, so
  whichever till reaches the platform first delivers it (the server keeps an event id once).
- **Conflicts** two tills made while they could not see each other are kept for the owner
  (``PeerConflict``): a sale refunded beyond what was sold, loyalty points spent below zero. A
  customer edited at both merges per field by HLC, as with the platform.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re
import secrets as _secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from . import customers, staff, stock
from .errors import QT_TRANSLATE_NOOP, TillError
from .ids import new_id
from .store import fast, now
from .store.models import (Customer, Feedback, LoyaltyEntry, Outbox, Payment, Peer, PeerConflict, PeerEvent,
                           Product, Refund, RefundLine, Sale, SaleLine, Staff, StockMovement)

log = logging.getLogger("corner.peers")

KEYRING_SERVICE = "corner-till-peers"
ADDRESSES_KEY = "peer_addresses"
PORT_KEY = "peer_port"
DEFAULT_PORT = 8765
NEARBY_S = 15  # a peer heard from this recently counts as "nearby"
MAX_SKEW_S = 300  # a message stamped further from our clock than this is refused
FEED_LIMIT = 500
# events only the shop's own tills see (never pushed: the platform is not told of these)
LOCAL_KINDS = ("customer.local", "loyalty.local")
SERVICE_TYPE = "_corner-till._tcp.local."
_ADDRESS = re.compile(r"^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):([0-9]{1,5})$")
_SECRET = re.compile(r"^[0-9a-f]{32,128}$")


# -- trust ----------------------------------------------------------------------------


class PeerAuthError(Exception):
    """A peer message that is not from a till of this shop, or was replayed or tampered with."""


def _key(secret: str, purpose: str) -> bytes:
    return hmac.new(secret.encode(), b"corner-peer:" + purpose.encode(), hashlib.sha256).digest()


def shop_tag(secret: str) -> str:
    """What a till announces on the network: tills of the same shop recognise it, others learn nothing."""
    return _key(secret, "tag").hex()[:16]


def _stream(secret: str, nonce: str, length: int) -> bytes:
    return hashlib.shake_256(_key(secret, "enc") + bytes.fromhex(nonce)).digest(length)


def _mac(secret: str, fields: list[str], body: bytes) -> str:
    text = "\n".join(fields).encode() + b"\n" + body
    return hmac.new(_key(secret, "mac"), text, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Sealed:
    headers: dict[str, str]
    body: bytes


def seal(secret: str, sender: str, path: str, plain: bytes, *, at: float, bound_to: str = "") -> Sealed:
    """Encrypt and authenticate ``plain`` for the path; ``bound_to``: the request nonce an answer answers."""
    nonce = _secrets.token_hex(16)
    body = bytes(a ^ b for a, b in zip(plain, _stream(secret, nonce, len(plain)))) if plain else b""
    stamp = str(int(at))
    mac = _mac(secret, [path, sender, stamp, nonce, bound_to], body)
    return Sealed({"X-Corner-Peer": sender, "X-Corner-Peer-Time": stamp, "X-Corner-Peer-Nonce": nonce,
                   "X-Corner-Peer-Mac": mac}, body)


def unseal(secret: str, path: str, headers, body: bytes, *, at: float, bound_to: str = "") -> tuple[str, str, bytes]:
    """(sender, nonce, plain text) of a sealed message, or PeerAuthError. Replays are the caller's
    to refuse (by nonce, within ``MAX_SKEW_S``)."""
    try:
        sender, stamp = headers["X-Corner-Peer"], headers["X-Corner-Peer-Time"]
        nonce, mac = headers["X-Corner-Peer-Nonce"], headers["X-Corner-Peer-Mac"]
        bytes.fromhex(nonce)
        when = int(stamp)
    except (KeyError, TypeError, ValueError):
        raise PeerAuthError("not a peer message") from None
    if not sender or len(nonce) != 32:
        raise PeerAuthError("not a peer message")
    if not hmac.compare_digest(_mac(secret, [path, sender, stamp, nonce, bound_to], body), mac or ""):
        raise PeerAuthError("not sealed with this shop's peer secret")
    if abs(at - when) > MAX_SKEW_S:
        raise PeerAuthError("stamped too far from this till's clock (more than 5 minutes)")
    plain = bytes(a ^ b for a, b in zip(body, _stream(secret, nonce, len(body)))) if body else b""
    return sender, nonce, plain


def new_secret() -> str:
    return _secrets.token_hex(32)


def check_secret(text: str) -> str:
    text = (text or "").strip().lower()
    if not _SECRET.match(text):
        raise TillError(QT_TRANSLATE_NOOP(
            "CoreError", "A peer secret is 32 to 128 hexadecimal characters (corner peers secret on another till shows it)."))
    return text


def check_address(text: str) -> str:
    text = (text or "").strip()
    m = _ADDRESS.match(text)
    if not m or not 0 < int(m.group(2)) < 65536:
        raise TillError(QT_TRANSLATE_NOOP("CoreError", "{address} is not HOST:PORT (for example 192.168.1.20:8765)."),
                        address=repr(text))
    return text


# -- rows -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PeerRow:
    device_id: str
    till_no: int
    name: str
    address: str
    source: str
    cursor: int
    last_contact_at: str | None
    nearby: bool
    last_error: str | None


@dataclass(frozen=True)
class ConflictRow:
    id: str
    kind: str  # over_refund | points_overspent
    ref_id: str
    detail: dict
    created_at: str
    resolved: bool
    resolved_at: str | None = None
    resolved_by: str | None = None  # the owner who settled it (None: open, or marked from the CLI)
    note: str | None = None  # what they did about it
    customer_name: str | None = None  # points_overspent: whose points


NOTE_MAX = 500  # characters of an owner's note on a settled conflict


@dataclass(frozen=True)
class FeedEvent:
    seq: int
    id: str
    kind: str
    created_at: str
    payload: str  # JSON text, as stored
    acked: bool  # the platform already holds it

    def wire(self) -> dict:
        return {"seq": self.seq, "id": self.id, "kind": self.kind, "created_at": self.created_at,
                "payload": json.loads(self.payload), "acked": self.acked}


@dataclass(frozen=True)
class Applied:
    applied: int = 0
    skipped: int = 0
    conflicts: int = 0
    topics: frozenset = frozenset()


# -- the feed ---------------------------------------------------------------------------


def feed(session: Session, after: int, limit: int = FEED_LIMIT) -> tuple[list[FeedEvent], int, bool]:
    """This till's outbox after ``after``: (events, cursor to ask from next, more waiting)."""
    t = Outbox.__table__
    rows = session.execute(
        select(t.c.seq, t.c.event_id, t.c.kind, t.c.created_at, t.c.payload, t.c.sent_at)
        .where(t.c.seq > after).order_by(t.c.seq).limit(limit + 1)
    ).all()
    more = len(rows) > limit
    rows = rows[:limit]
    events = [FeedEvent(r.seq, r.event_id, r.kind, r.created_at, r.payload, r.sent_at is not None) for r in rows]
    return events, (events[-1].seq if events else after), more


def last_seq(session: Session) -> int:
    return session.scalar(select(func.max(Outbox.seq))) or 0


# -- applying a peer's events ----------------------------------------------------------------


_RELAY = ("INSERT INTO outbox (event_id, kind, payload, created_at, sent_at, status, note) "
          "VALUES (:event_id, :kind, :payload, :created_at, :sent_at, :status, :note) ON CONFLICT (event_id) DO NOTHING")


def apply_page(session: Session, clock, origin: str, events: list[dict], cursor: int) -> Applied:
    """Apply a page of a peer's feed and move its cursor, in the caller's transaction."""
    applied = skipped = conflicts = 0
    topics: set[str] = set()
    stamp = now(session)
    relays = []
    for e in events:
        event_id = str(e["id"])
        if session.get(PeerEvent, event_id) is not None or \
                session.scalar(select(Outbox.seq).where(Outbox.event_id == event_id)) is not None:
            skipped += 1  # this till's own, or already applied
            continue
        kind, payload = e["kind"], e["payload"]
        note, topic, found = _apply_one(session, clock, kind, payload)
        conflicts += found
        if topic:
            topics.add(topic)
        session.add(PeerEvent(event_id=event_id, kind=kind, origin=origin, note=note, applied_at=stamp))
        acked = bool(e.get("acked")) or kind in LOCAL_KINDS
        relays.append({"event_id": event_id, "kind": kind, "payload": json.dumps(payload, separators=(",", ":")),
                       "created_at": e.get("created_at") or stamp, "sent_at": stamp if acked else None,
                       "status": ("local" if kind in LOCAL_KINDS else "peer") if acked else None,
                       "note": f"from till {origin}"})
        applied += 1
    session.flush()
    if relays:
        fast.executemany(session, _RELAY, relays)
    peer = session.get(Peer, origin)
    if peer is not None:
        peer.cursor = max(peer.cursor, int(cursor))
        peer.last_contact_at = stamp
        peer.last_error = None
    if conflicts:
        topics.add("peers")
    return Applied(applied, skipped, conflicts, frozenset(topics))


def _apply_one(session: Session, clock, kind: str, payload: dict) -> tuple[str | None, str | None, int]:
    """(note when it changed nothing, topic to notify, conflicts found)."""
    if kind == "sale.completed":
        return _apply_sale(session, payload)
    if kind == "refund.completed":
        return _apply_refund(session, payload)
    if kind == "stock.movement":
        return (None, "stock", 0) if stock.apply_remote(session, payload) else ("already here", None, 0)
    if kind == "delivery.received":
        for m in payload.get("movements") or []:
            stock.apply_remote(session, m)
        return None, "stock", 0
    if kind in ("customer.upserted", "customer.local"):
        customers.apply_remote(session, clock, payload)
        return None, "customers", 0
    if kind in ("loyalty.entry", "loyalty.local"):
        return _apply_loyalty(session, payload)
    if kind == "product.local_upserted":
        return _apply_product(session, payload)
    if kind == "feedback.created":
        if session.get(Feedback, str(payload["id"])) is None:
            session.add(Feedback(
                id=str(payload["id"]), sale_id=payload.get("sale_id"), receipt_token=payload.get("receipt_token"),
                rating=int(payload["rating"]), comment=payload.get("comment") or "",
                source=payload.get("source") or "counter", created_at=payload.get("created_at") or now(session)))
            return None, "feedback", 0
        return "already here", None, 0
    return "kept for the platform only", None, 0


def _staff(session: Session, staff_id: str | None, name: str | None = None) -> str | None:
    """A staff member of another till, as an inactive row here (who rang a sale stays true)."""
    if not staff_id:
        return None
    if session.get(Staff, staff_id) is None:
        session.add(Staff(id=staff_id, name=(name or "staff of another till")[:100], role="cashier", pin_salt="",
                          pin_hash="", active=False, created_at=now(session)))
        session.flush()
    return staff_id


def _product(session: Session, line: dict) -> str:
    if line.get("product_id") and session.get(Product, line["product_id"]) is not None:
        return line["product_id"]
    found = session.scalar(select(Product.id).where(Product.sku == line["sku"]))
    if found:
        return found
    product = Product(id=line.get("product_id") or new_id(), sku=line["sku"], name=line.get("name") or line["sku"],
                      name_key=(line.get("name") or line["sku"]).casefold(), category="", unit=line.get("unit", "each"),
                      vat_rate_bp=int(line.get("vat_rate_bp") or 0), price=int(line.get("unit_price") or 0),
                      cost=int(line.get("unit_cost") or 0), is_local=True, active=False, updated_at=now(session))
    session.add(product)
    session.flush()
    return product.id


def _movements(session: Session, movements: list[dict]) -> None:
    fresh = [m for m in movements if session.get(StockMovement, m["id"]) is None]
    for m in fresh:
        m["product_id"] = _product(session, m)
        m["origin"] = "remote"
    if fresh:
        stock.record_many(session, fresh)


def _apply_sale(session: Session, p: dict) -> tuple[str | None, str | None, int]:
    if session.get(Sale, p["id"]) is not None:
        return "already here", None, 0
    if session.scalar(select(Sale.id).where(Sale.receipt_no == p["receipt_no"])) is not None:
        log.warning("receipt %s of a peer clashes with one of this till: two tills with one number?", p["receipt_no"])
        return "its receipt number is already used here (two tills with the same till number?)", None, 0
    customer_id = p.get("customer_id")
    if customer_id and session.get(Customer, customer_id) is None:
        customer_id = None
    sale = Sale(id=p["id"], receipt_no=p["receipt_no"], receipt_token=p["receipt_token"], created_at=p["created_at"],
                staff_id=_staff(session, p.get("staff_id"), p.get("staff_name")), customer_id=customer_id,
                cash_session_id=None, subtotal=p["subtotal"], discount=p["discount"], rounding=p.get("rounding", 0),
                total=p["total"], tax=p["tax"], loyalty_points=p.get("loyalty_points", 0), imported=False)
    session.add(sale)
    session.flush()
    for line in p["lines"]:
        session.add(SaleLine(id=line["id"], sale_id=sale.id, line_no=line["line_no"], product_id=_product(session, line),
                             sku=line["sku"], name=line["name"], qty=line["qty"], unit=line["unit"],
                             unit_price=line["unit_price"], discount=line["discount"], total=line["total"],
                             vat_rate_bp=line["vat_rate_bp"], tax=line["tax"], unit_cost=line.get("unit_cost", 0)))
    for pay in p.get("payments") or []:
        session.add(Payment(id=pay["id"], sale_id=sale.id, refund_id=None, method=pay["method"], amount=pay["amount"],
                            tendered=pay.get("tendered", 0), change=pay.get("change", 0), reference=pay.get("reference"),
                            created_at=p["created_at"]))
    session.flush()
    _movements(session, [dict(m) for m in p.get("movements") or []])
    return None, "stock", 0


def _apply_refund(session: Session, p: dict) -> tuple[str | None, str | None, int]:
    if session.get(Refund, p["id"]) is not None:
        return "already here", None, 0
    sale = session.get(Sale, p["sale_id"])
    if sale is None:
        _movements(session, [dict(m) for m in p.get("movements") or []])
        return "its sale is not on this till; stock moved only", "stock", 0
    refund = Refund(id=p["id"], sale_id=sale.id, created_at=p["created_at"], staff_id=_staff(session, p.get("staff_id")),
                    approved_by=_staff(session, p.get("approved_by")), cash_session_id=None,
                    restock=bool(p.get("restock")), reason=p.get("reason"), total=p["total"], tax=p["tax"])
    session.add(refund)
    session.flush()
    lines = {line.id: line for line in sale.lines}
    for line in p["lines"]:
        if line["sale_line_id"] in lines:
            session.add(RefundLine(id=line["id"], refund_id=refund.id, sale_line_id=line["sale_line_id"],
                                   qty=line["qty"], amount=line["amount"], tax=line["tax"]))
    for pay in p.get("payments") or []:
        session.add(Payment(id=pay["id"], sale_id=sale.id, refund_id=refund.id, method=pay["method"],
                            amount=pay["amount"], tendered=0, change=0, reference=pay.get("reference"),
                            created_at=p["created_at"]))
    session.flush()
    _movements(session, [dict(m) for m in p.get("movements") or []])
    found = 0
    for line in sale.lines:
        done = session.scalar(select(func.coalesce(func.sum(RefundLine.qty), 0))
                              .where(RefundLine.sale_line_id == line.id)) or 0
        if done > line.qty:
            found += _flag(session, "over_refund", sale.id, {
                "receipt_no": sale.receipt_no, "sku": line.sku, "name": line.name, "sold": line.qty,
                "refunded": int(done), "refund_id": refund.id})
    return None, "stock", found


def _apply_loyalty(session: Session, p: dict) -> tuple[str | None, str | None, int]:
    if session.get(LoyaltyEntry, p["id"]) is not None:
        return "already here", None, 0
    if session.get(Customer, p["customer_id"]) is None:
        return "its customer is not on this till", None, 0
    session.add(LoyaltyEntry(id=p["id"], customer_id=p["customer_id"], sale_id=p.get("sale_id"), points=int(p["points"]),
                             reason=p.get("reason") or "sale", created_at=p.get("created_at") or now(session)))
    if p.get("sale_id"):
        sale = session.get(Sale, p["sale_id"])
        if sale is not None and sale.customer_id is None:
            sale.customer_id = p["customer_id"]
    session.flush()
    found = 0
    if int(p["points"]) < 0:
        balance = customers.points(session, p["customer_id"])
        if balance < 0:
            found = _flag(session, "points_overspent", p["customer_id"], {"balance": balance, "entry_id": p["id"]})
    return None, "customers", found


def _apply_product(session: Session, p: dict) -> tuple[str | None, str | None, int]:
    if session.get(Product, p["id"]) is not None or session.scalar(select(Product.id).where(Product.sku == p["sku"])):
        return "already here", None, 0
    session.add(Product(id=p["id"], sku=p["sku"], name=p["name"], name_key=p["name"].casefold(),
                        category=p.get("category") or "", unit=p.get("unit") or "each", vat_rate_bp=p["vat_rate_bp"],
                        price=p["price"], is_local=True, active=True, updated_at=now(session)))
    session.flush()
    session.execute(stock_level_insert(), {"product_id": p["id"]})
    return None, "catalog", 0


def stock_level_insert():
    from sqlalchemy import text

    return text("INSERT INTO stock_level (product_id, qty) VALUES (:product_id, 0) ON CONFLICT DO NOTHING")


def _flag(session: Session, kind: str, ref_id: str, detail: dict) -> int:
    """Keep a conflict once per (kind, thing, detail's refund/entry)."""
    marker = detail.get("refund_id") or detail.get("entry_id") or ""
    for row in session.scalars(select(PeerConflict).where(PeerConflict.kind == kind, PeerConflict.ref_id == ref_id)):
        old = json.loads(row.detail or "{}")
        if (old.get("refund_id") or old.get("entry_id") or "") == marker and old.get("sku") == detail.get("sku"):
            return 0
    session.add(PeerConflict(id=new_id(), kind=kind, ref_id=ref_id, detail=json.dumps(detail), created_at=now(session)))
    log.warning("peer conflict %s on %s: %s", kind, ref_id, detail)
    return 1


# -- the facade part ------------------------------------------------------------------------


class PeersPart:
    """``till.peers``: the shop's other tills on its network."""

    def __init__(self, till) -> None:
        self.till = till

    # trust
    def _account(self) -> str:
        """The keyring entry: the till's device id (its node id before it is enrolled)."""
        return self.device_id()

    def secret(self) -> str | None:
        import keyring  # here, not at the top: keyring costs every start-up ~60 ms, and only a paired till reads it
        from keyring.errors import KeyringError

        try:
            return keyring.get_password(KEYRING_SERVICE, self._account())
        except KeyringError:
            return None

    def set_secret(self, secret: str) -> None:
        """Pair this till with the shop's others: the secret from the platform or from another till."""
        secret = check_secret(secret)
        import keyring
        from keyring.errors import KeyringError

        try:
            keyring.set_password(KEYRING_SERVICE, self._account(), secret)
        except KeyringError as exc:
            raise TillError(QT_TRANSLATE_NOOP("CoreError", "The keyring refused to store the peer secret: {exc}"),
                            exc=exc) from None
        self.till.notify("peers")

    def identity(self) -> dict:
        info = self.till.shop()
        return {"device_id": self.device_id(), "till_no": info.till_no, "name": info.name, "shop": info.code}

    def device_id(self) -> str:
        return self.till.meta("device_id") or f"node-{self.till.meta('node_id') or self.till._node_id()}"

    # addresses
    def port(self) -> int:
        return int(self.till.meta(PORT_KEY) or DEFAULT_PORT)

    def set_port(self, port: int) -> None:
        if not 0 <= int(port) < 65536:
            raise TillError(QT_TRANSLATE_NOOP("CoreError", "A port is a number from 1 to 65535."))
        self.till.set_meta(**{PORT_KEY: str(int(port))})

    def addresses(self) -> list[str]:
        return json.loads(self.till.meta(ADDRESSES_KEY) or "[]")

    def add(self, address: str) -> str:
        address = check_address(address)
        known = self.addresses()
        if address not in known:
            self.till.set_meta(**{ADDRESSES_KEY: json.dumps(known + [address])})
        return address

    def remove(self, address: str) -> bool:
        known = self.addresses()
        if address.strip() not in known:
            return False
        self.till.set_meta(**{ADDRESSES_KEY: json.dumps([a for a in known if a != address.strip()])})
        return True

    # peers met
    def met(self, device_id: str, till_no: int, name: str, address: str, source: str) -> None:
        """Record a contact with a peer (made on first contact, its cursor at 0)."""
        with self.till.write() as s:
            peer = s.get(Peer, device_id)
            if peer is None:
                peer = Peer(device_id=device_id, till_no=int(till_no or 0), name=name or "", address=address or "",
                            source=source, cursor=0)
                s.add(peer)
            peer.till_no, peer.name = int(till_no or peer.till_no), name or peer.name
            # how this till found the peer (static, mdns) is kept over a hello it merely received
            if address and (source != "inbound" or not peer.address or peer.source == "inbound"):
                peer.address, peer.source = address, source
            peer.last_contact_at = now(s)
            peer.last_error = None
        self.till.notify("peers")

    def touch(self, device_id: str) -> None:
        """Note a contact with a known peer (its last contact, shown by corner peers)."""
        with self.till.write() as s:
            peer = s.get(Peer, device_id)
            if peer is not None:
                peer.last_contact_at = now(s)
                peer.last_error = None

    def failed(self, device_id: str, error: str) -> None:
        with self.till.write() as s:
            peer = s.get(Peer, device_id)
            if peer is not None:
                peer.last_error = error[:300]

    def cursor(self, device_id: str) -> int:
        with self.till.read() as s:
            peer = s.get(Peer, device_id)
            return peer.cursor if peer is not None else 0

    def rows(self) -> list[PeerRow]:
        with self.till.read() as s:
            peers = list(s.scalars(select(Peer).order_by(Peer.till_no, Peer.device_id)))
        moment = self.till.now()
        return [PeerRow(p.device_id, p.till_no, p.name, p.address, p.source, p.cursor, p.last_contact_at,
                        _recent(p.last_contact_at, moment), p.last_error) for p in peers]

    def nearby(self) -> int:
        return sum(1 for r in self.rows() if r.nearby)

    # the feed, both ways
    def feed(self, after: int, limit: int = FEED_LIMIT) -> tuple[list[FeedEvent], int, bool]:
        with self.till.read() as s:
            return feed(s, after, min(max(1, limit), FEED_LIMIT))

    def last_seq(self) -> int:
        with self.till.read() as s:
            return last_seq(s)

    def apply(self, origin: str, events: list[dict], cursor: int) -> Applied:
        with self.till.write() as s:
            result = apply_page(s, self.till.clock, origin, events, cursor)
        for topic in result.topics:
            self.till.notify(topic)
        if result.applied:
            self.till.notify("peers")
        return result

    # conflicts
    def conflicts(self, include_resolved: bool = False) -> list[ConflictRow]:
        with self.till.read() as s:
            q = select(PeerConflict).order_by(PeerConflict.created_at)
            if not include_resolved:
                q = q.where(PeerConflict.resolved_at.is_(None))
            rows = list(s.scalars(q))
            ids = [r.ref_id for r in rows if r.kind == "points_overspent"]
            names = {cid: name for cid, name in s.execute(
                select(Customer.id, Customer.name).where(Customer.id.in_(ids)))} if ids else {}
        return [ConflictRow(r.id, r.kind, r.ref_id, json.loads(r.detail or "{}"), r.created_at,
                            r.resolved_at is not None, r.resolved_at, r.resolved_by, r.note, names.get(r.ref_id))
                for r in rows]

    def open_conflict_count(self) -> int:
        """How many conflicts wait for the owner: one count, not the rows (the status bar asks often)."""
        with self.till.read() as s:
            return s.scalar(select(func.count()).select_from(PeerConflict)
                            .where(PeerConflict.resolved_at.is_(None))) or 0

    def settle(self, conflict_id: str, note: str) -> ConflictRow:
        """An owner settles a conflict, saying what was done (money asked back, points put right):
        kept with their name and the time, and audited (the audit goes to the platform)."""
        user = self.till._require_owner_user()
        note = (note or "").strip()
        if not note or len(note) > NOTE_MAX:
            raise TillError(QT_TRANSLATE_NOOP("CoreError", "Say what was done about it, in 1 to {n} characters."),
                            n=NOTE_MAX)
        with self.till.write() as s:
            row = s.get(PeerConflict, conflict_id)
            if row is None:
                raise TillError(QT_TRANSLATE_NOOP("CoreError", "No such conflict."))
            if row.resolved_at is not None:
                raise TillError(QT_TRANSLATE_NOOP("CoreError", "This conflict is already settled."))
            row.resolved_at, row.resolved_by, row.note = now(s), user.name, note
            staff.audit(s, "peer_conflict.settled", user.id, conflict_id=row.id, kind=row.kind, ref_id=row.ref_id,
                        note=note)
        self.till.notify("peers")
        return next(c for c in self.conflicts(include_resolved=True) if c.id == conflict_id)

    def resolve(self, conflict_id: str) -> None:
        with self.till.write() as s:
            row = s.get(PeerConflict, conflict_id)
            if row is None:
                raise TillError(QT_TRANSLATE_NOOP("CoreError", "No such conflict."))
            row.resolved_at = now(s)
        self.till.notify("peers")


def _recent(stamp: str | None, moment: datetime) -> bool:
    if not stamp:
        return False
    try:
        then = datetime.fromisoformat(stamp)
    except ValueError:
        return False
    return moment - then <= timedelta(seconds=NEARBY_S)
