"""Customers with consent flags, merged per field by hybrid logical clock, and loyalty points.

Only customers who agreed to share with the platform leave the shop with their
details; a sale of anyone else still syncs, without their identity.
"""

from __future__ import annotations

import json
import re

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from sync.hlc import Clock, Stamp

from . import outbox
from .errors import QT_TRANSLATE_NOOP, Message, NotFound, TillError
from .ids import new_id
from .store import now
from .store.models import Customer, LoyaltyEntry, Sale

FIELDS = ("name", "phone", "email", "consent_marketing", "consent_share")
_FIELD_NAMES = {"name": QT_TRANSLATE_NOOP("CoreError", "name"), "phone": QT_TRANSLATE_NOOP("CoreError", "phone"),
                "email": QT_TRANSLATE_NOOP("CoreError", "email")}  # as "the {field}" in a message
_PHONE = re.compile(r"^\+?[0-9 ()-]{5,20}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _check(fields: dict) -> dict:
    clean = {}
    for key, value in fields.items():
        if key not in FIELDS:
            raise TillError(QT_TRANSLATE_NOOP("CoreError", "Unknown customer field {key}."), key=repr(key))
        if key.startswith("consent_"):
            clean[key] = bool(value)
            continue
        value = (value or "").strip()
        if key == "phone" and value and not _PHONE.match(value):
            raise TillError(QT_TRANSLATE_NOOP("CoreError", "{value} does not look like a phone number."),
                            value=repr(value))
        if key == "email" and value and not _EMAIL.match(value):
            raise TillError(QT_TRANSLATE_NOOP("CoreError", "{value} does not look like an email address."),
                            value=repr(value))
        if len(value) > 200:
            raise TillError(QT_TRANSLATE_NOOP("CoreError", "The {field} is too long."),
                            field=Message(_FIELD_NAMES.get(key, key)))
        clean[key] = value
    return clean


def save(session: Session, clock: Clock, fields: dict, customer_id: str | None = None) -> Customer:
    """Create or edit a customer; the change is queued for the platform only with consent."""
    fields = _check(fields)
    stamp = now(session)
    if customer_id is None:
        if not (fields.get("name") or fields.get("phone")):
            raise TillError(QT_TRANSLATE_NOOP("CoreError", "A customer needs at least a name or a phone number."))
        customer = Customer(id=new_id(), created_at=stamp, updated_at=stamp, hlc="{}", name="", phone="", email="",
                            consent_marketing=False, consent_share=False)
        session.add(customer)
        fields = {**{k: getattr(customer, k) for k in FIELDS}, **fields}
    else:
        customer = session.get(Customer, customer_id)
        if customer is None:
            raise NotFound(QT_TRANSLATE_NOOP("CoreError", "That customer does not exist."))
        fields = {k: v for k, v in fields.items() if getattr(customer, k) != v}
        if not fields:
            return customer
    was_shared = customer.consent_share
    tick = str(clock.tick())
    stamps = json.loads(customer.hlc or "{}")
    for key, value in fields.items():
        setattr(customer, key, value)
        stamps[key] = tick
    customer.hlc = json.dumps(stamps)
    customer.updated_at = stamp
    if not customer.consent_share:
        # the shop's other tills know the shop's customers (docs/peers.md); the platform does not
        # (consent withdrawn: the real details too, stamped like the platform's blanking event, which
        # then changes nothing at the other tills: a tie keeps what a till has)
        local = {**({k: getattr(customer, k) for k in ("name", "phone", "email")} if was_shared else {}), **fields}
        outbox.emit(session, "customer.local", {"id": customer.id, "hlc": tick, "fields": local}, local_only=True)
    if customer.consent_share:
        # newly consenting: send the whole record; otherwise only what changed
        send = {k: getattr(customer, k) for k in FIELDS} if not was_shared else fields
        outbox.emit(session, "customer.upserted", {"id": customer.id, "hlc": tick, "fields": send})
    elif was_shared:
        # consent withdrawn: tell the platform to forget the identifying fields
        outbox.emit(session, "customer.upserted", {
            "id": customer.id, "hlc": tick, "fields": {"consent_share": False, "name": "", "phone": "", "email": ""},
        })
    return customer


def apply_remote(session: Session, clock: Clock, payload: dict) -> None:
    """A customer change from the platform (another till of this shop); per-field, larger HLC wins."""
    remote = Stamp.parse(payload["hlc"])
    clock.observe(remote)
    customer = session.get(Customer, payload["id"])
    stamp = now(session)
    if customer is None:
        customer = Customer(id=payload["id"], created_at=stamp, updated_at=stamp, hlc="{}", name="", phone="",
                            email="", consent_marketing=False, consent_share=False)
        session.add(customer)
    stamps = json.loads(customer.hlc or "{}")
    for key, value in payload["fields"].items():
        if key in FIELDS and (key not in stamps or Stamp.parse(stamps[key]) < remote):
            setattr(customer, key, value)
            stamps[key] = payload["hlc"]
    customer.hlc = json.dumps(stamps)
    customer.updated_at = stamp


def search(session: Session, text: str, limit: int = 50) -> list[Customer]:
    text = text.strip()
    stmt = select(Customer).order_by(Customer.name).limit(limit)
    if text:
        digits = re.sub(r"\D", "", text)
        conds = [func.lower(Customer.name).contains(text.lower())]
        if digits:
            conds.append(func.replace(func.replace(Customer.phone, " ", ""), "-", "").contains(digits))
        stmt = stmt.where(or_(*conds))
    return list(session.scalars(stmt))


def points(session: Session, customer_id: str) -> int:
    return int(session.scalar(
        select(func.coalesce(func.sum(LoyaltyEntry.points), 0)).where(LoyaltyEntry.customer_id == customer_id)
    ))


def loyalty_history(session: Session, customer_id: str) -> list[LoyaltyEntry]:
    return list(session.scalars(
        select(LoyaltyEntry).where(LoyaltyEntry.customer_id == customer_id).order_by(LoyaltyEntry.created_at.desc())
    ))


def purchases(session: Session, customer_id: str, limit: int = 100) -> list[Sale]:
    return list(session.scalars(
        select(Sale).where(Sale.customer_id == customer_id).order_by(Sale.created_at.desc()).limit(limit)
    ))
