"""Promotions, coupons and scheduled prices on the platform: defining, publishing, and what the
tills report back of them (see docs/promotions-platform.md).

One service for the admin API (``routers/promotions.py``), ``corner-server promo|coupon`` and the
console. Every change is checked first (``PromoError`` with a message in the user's words, nothing
changed) and published on the change feed in the same transaction: ``promotion.upserted``,
``coupon.issued``, ``price.scheduled``; one global row when a promotion is for every shop, else one
row per shop it names. A new till gets what is current in its snapshot (``snapshot_part``).
"""

from __future__ import annotations

import secrets
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

import uuid6
from pydantic import ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sync.promotions import CouponData, PromotionData, ScheduledPrice

from . import changefeed
from .catalog import KEEP, CatalogError, check_bounds, get_product
from .changefeed import NewChange
from .identity import utcnow
from .models import Customer, Feedback, Product, Sale, Shop
from .promo_models import (  # noqa: F401 - the tables on the server's Base
    Coupon,
    CouponConflict,
    CouponRedemption,
    Promotion,
    RefundLinePromotion,
    SaleLinePromotion,
    ScheduledPriceRow,
)

MAX_COUPONS = 100_000  # codes per issue
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed at a till
DUPLICATE_RULE = ("platform bears it: a single-use coupon redeemed again by a till that was offline was "
                  "accepted in good faith; both sales and both shops' credits stand")


class PromoError(ValueError):
    """Bad input for a promotion, coupon or scheduled price; the message says why."""


def _wall(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat(timespec="seconds")


def pydantic_message(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors(include_url=False):
        loc = ".".join(str(x) for x in err["loc"])
        msg = err["msg"].removeprefix("Value error, ")
        parts.append(f"{loc}: {msg}" if loc else msg)
    return "; ".join(parts)


def round_share(amount: int, share_bp: int) -> int:
    """The platform's part of a saving: ``amount * share_bp / 10000`` rounded half up (per line)."""
    q, r = divmod(amount * share_bp, 10_000)
    return q + (1 if 2 * r >= 10_000 else 0)


# --------------------------------------------------------------------------- targeting

def _shop_ids(session: Session, codes: Sequence[str]) -> list[uuid.UUID]:
    """The ids of the shops named by code, in order; a code that is no shop of ours is refused."""
    if not codes:
        return []
    found = dict(session.execute(select(Shop.code, Shop.id).where(Shop.code.in_(list(codes)))).all())
    missing = [c for c in codes if c not in found]
    if missing:
        raise PromoError(f"no shop {', '.join(missing)}: name shops by their code, like S001")
    return [found[c] for c in codes]


def _changes(session: Session, kind: str, payload: str, shop_codes: Sequence[str]) -> list[NewChange]:
    """One global feed row (every shop), or one per shop named."""
    if not shop_codes:
        return [NewChange(None, kind, payload)]
    return [NewChange(sid, kind, payload) for sid in _shop_ids(session, shop_codes)]


# --------------------------------------------------------------------------- promotions

def parse_promotion(data: dict[str, Any]) -> PromotionData:
    """A promotion from the API, a JSON file or flags; a new one gets an id."""
    if not isinstance(data, dict):
        raise PromoError("a promotion is a JSON object")
    data = dict(data)
    if data.get("id") in (None, ""):
        data["id"] = str(uuid6.uuid7())
    try:
        return PromotionData.model_validate(data)
    except ValidationError as exc:
        raise PromoError(pydantic_message(exc)) from None


def _check(session: Session, promo: PromotionData) -> None:
    _shop_ids(session, list(dict.fromkeys(promo.shops)))
    if len(set(promo.shops)) != len(promo.shops):
        raise PromoError("a shop is named twice")
    if promo.skus:
        wanted = list(dict.fromkeys(promo.skus))
        known: set[str] = set()
        for start in range(0, len(wanted), 1000):
            known.update(session.scalars(select(Product.sku).where(Product.sku.in_(wanted[start:start + 1000]))))
        missing = [s for s in wanted if s not in known]
        if missing:
            more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
            raise PromoError(f"no product with sku {', '.join(missing[:5])}{more}")


def save_promotion(session: Session, promo: PromotionData, by: str) -> Promotion:
    """Define (or redefine) a promotion and publish it (``promotion.upserted``)."""
    _check(session, promo)
    row = session.get(Promotion, promo.id)
    now = utcnow()
    if row is not None:
        old = PromotionData.model_validate(row.data)
        gone = [c for c in old.shops if promo.shops and c not in promo.shops]
    else:
        row = Promotion(id=promo.id, created_at=now, created_by=by)
        session.add(row)
        gone = []
    row.name, row.kind, row.active = promo.name, promo.kind, promo.active
    row.starts_at, row.ends_at = _wall(promo.starts_at), _wall(promo.ends_at)
    row.data = promo.model_dump(mode="json")
    row.updated_at, row.updated_by = now, by
    session.flush()
    payload = promo.model_dump_json()
    changes = _changes(session, "promotion.upserted", payload, promo.shops)
    if gone:  # shops no longer named: they hear it is over for them
        ended = promo.model_copy(update={"active": False}).model_dump_json()
        changes += _changes(session, "promotion.upserted", ended, gone)
    changefeed.append(session, changes)
    return row


def add_promotion(session: Session, data: dict[str, Any], by: str) -> Promotion:
    promo = parse_promotion(data)
    if session.get(Promotion, promo.id) is not None:
        raise PromoError(f"promotion {promo.id} already exists")
    return save_promotion(session, promo, by)


def get_promotion(session: Session, ref: str | uuid.UUID) -> Promotion:
    try:
        pid = ref if isinstance(ref, uuid.UUID) else uuid.UUID(str(ref).strip())
    except ValueError:
        raise PromoError(f"{ref!r} is not a promotion id") from None
    row = session.get(Promotion, pid)
    if row is None:
        raise PromoError(f"no promotion {pid}")
    return row


def end_promotion(session: Session, ref: str | uuid.UUID, by: str) -> Promotion:
    """Withdraw a promotion now: published again with ``active = false`` (the tills stop it when
    they hear of it; a till that is offline stops at its end time anyway)."""
    row = get_promotion(session, ref)
    if not row.active:
        raise PromoError(f"promotion {row.name!r} has already ended")
    promo = PromotionData.model_validate(row.data).model_copy(update={"active": False})
    return save_promotion(session, promo, by)


def promotion_data(row: Promotion) -> PromotionData:
    return PromotionData.model_validate(row.data)


def list_promotions(session: Session, include_ended: bool = False) -> list[Promotion]:
    query = select(Promotion).order_by(Promotion.starts_at, Promotion.name, Promotion.id)
    if not include_ended:
        query = query.where(Promotion.active.is_(True))
    return list(session.scalars(query))


@dataclass(frozen=True)
class Sold:
    lines: int
    amount: int  # savings given (tax included)
    platform_amount: int  # of it, funded by the platform (net of refunds)


def sold(session: Session, promotion_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, Sold]:
    """What each promotion gave away across the network, net of refunds."""
    ids = list(promotion_ids)
    if not ids:
        return {}
    out: dict[uuid.UUID, list[int]] = defaultdict(lambda: [0, 0, 0])
    for pid, n, amount, platform in session.execute(
        select(SaleLinePromotion.promotion_id, func.count(), func.sum(SaleLinePromotion.amount),
               func.sum(SaleLinePromotion.platform_amount))
        .where(SaleLinePromotion.promotion_id.in_(ids)).group_by(SaleLinePromotion.promotion_id)
    ):
        out[pid][0] += n
        out[pid][1] += int(amount or 0)
        out[pid][2] += int(platform or 0)
    for pid, amount, platform in session.execute(
        select(RefundLinePromotion.promotion_id, func.sum(RefundLinePromotion.amount),
               func.sum(RefundLinePromotion.platform_amount))
        .where(RefundLinePromotion.promotion_id.in_(ids)).group_by(RefundLinePromotion.promotion_id)
    ):
        out[pid][1] -= int(amount or 0)
        out[pid][2] -= int(platform or 0)
    return {pid: Sold(*v) for pid, v in out.items()}


def promotion_view(row: Promotion, sold_row: Sold | None = None) -> dict[str, Any]:
    data = dict(row.data)
    data.update(created_at=row.created_at.isoformat(), created_by=row.created_by,
                updated_at=row.updated_at.isoformat(), updated_by=row.updated_by)
    s = sold_row or Sold(0, 0, 0)
    data["sold"] = {"lines": s.lines, "amount": s.amount, "platform_amount": s.platform_amount}
    return data


# --------------------------------------------------------------------------- coupons

def _new_code(prefix: str) -> str:
    body = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
    return f"{prefix}-{body}" if prefix else body


def _coupon_data(row: Coupon) -> CouponData:
    return CouponData(code=row.code, promotion_id=row.promotion_id, customer_id=row.customer_id,
                      single_use=row.single_use,
                      expires_at=datetime.fromisoformat(row.expires_at) if row.expires_at else None, active=row.active)


def coupon_changes(session: Session, row: Coupon, promo: PromotionData | None = None,
                   active: bool | None = None) -> list[NewChange]:
    """``coupon.issued`` rows for where the coupon may be redeemed: the customer's shop, or the
    promotion's shops (every shop when it names none). ``active=False``: it may no longer be."""
    data = _coupon_data(row)
    if active is not None:
        data = data.model_copy(update={"active": active})
    payload = data.model_dump_json()
    if row.shop_id is not None:
        return [NewChange(row.shop_id, "coupon.issued", payload)]
    if promo is None:
        promo = PromotionData.model_validate(session.get(Promotion, row.promotion_id).data)
    return _changes(session, "coupon.issued", payload, promo.shops)


def consented_feedback_customers(session: Session, since: datetime | None = None) -> list[tuple[uuid.UUID, uuid.UUID]]:
    """(shop id, customer id) of customers who left feedback on a sale they shared with the platform
    (a sale names its customer only when the customer consented), once each."""
    query = (
        select(Sale.shop_id, Sale.customer_id)
        .join(Feedback, (Feedback.shop_id == Sale.shop_id) & (Feedback.sale_id == Sale.id))
        .join(Customer, (Customer.shop_id == Sale.shop_id) & (Customer.id == Sale.customer_id))
        .where(Sale.customer_id.is_not(None))
        .distinct()
    )
    if since is not None:
        query = query.where(Feedback.created_at >= since)
    return sorted(session.execute(query).all(), key=lambda t: (str(t[0]), str(t[1])))


def issue_coupons(session: Session, promotion: str | uuid.UUID, by: str, *, count: int | None = None,
                  prefix: str = "", audience: str | None = None, since: datetime | None = None,
                  single_use: bool = True, expires_at: datetime | None = None) -> list[Coupon]:
    """Issue coupons for a promotion: ``count`` campaign codes, or one per consented customer of
    ``audience`` (``feedback``: customers who left feedback); published as ``coupon.issued``."""
    row = get_promotion(session, promotion)
    promo = promotion_data(row)
    if not promo.coupon_required:
        raise PromoError(f"promotion {promo.name!r} does not take coupons (define it with coupon_required)")
    if not promo.active:
        raise PromoError(f"promotion {promo.name!r} has ended")
    if (count is None) == (audience is None):
        raise PromoError("give a number of codes (a campaign) or an audience (one per customer), not both")
    if expires_at is not None and expires_at.tzinfo is not None:
        raise PromoError("a coupon's expiry is the shop's wall-clock time: give it without a time zone")
    prefix = prefix.strip().upper()
    if prefix and (len(prefix) > 12 or not prefix.replace("-", "").isalnum() or not prefix.isascii()):
        raise PromoError("a coupon prefix is up to 12 letters or digits")
    now = utcnow()
    targets: list[tuple[uuid.UUID | None, uuid.UUID | None]]
    if count is not None:
        if not 1 <= count <= MAX_COUPONS:
            raise PromoError(f"issue 1 to {MAX_COUPONS} codes at a time")
        targets = [(None, None)] * count
    elif audience == "feedback":
        already = set(session.execute(select(Coupon.shop_id, Coupon.customer_id)
                                      .where(Coupon.promotion_id == row.id)))
        allowed = set(_shop_ids(session, promo.shops)) if promo.shops else None
        targets = [(s, c) for s, c in consented_feedback_customers(session, since)
                   if (s, c) not in already and (allowed is None or s in allowed)]
    else:
        raise PromoError(f"unknown audience {audience!r}: the audience is 'feedback'")
    existing = set()
    rows: list[Coupon] = []
    for shop_id, customer_id in targets:
        code = _new_code(prefix)
        while code in existing or session.get(Coupon, code) is not None:
            code = _new_code(prefix)
        existing.add(code)
        try:
            CouponData(code=code, promotion_id=row.id)
        except ValidationError as exc:  # pragma: no cover - the alphabet and prefix make valid codes
            raise PromoError(pydantic_message(exc)) from None
        rows.append(Coupon(code=code, promotion_id=row.id, customer_id=customer_id, shop_id=shop_id,
                           single_use=single_use, expires_at=_wall(expires_at), active=True, created_at=now,
                           created_by=by))
    session.add_all(rows)
    session.flush()
    changes: list[NewChange] = []
    for c in rows:
        changes += coupon_changes(session, c, promo)
    changefeed.append(session, changes)
    return rows


def coupon_view(row: Coupon) -> dict[str, Any]:
    return {**_coupon_data(row).model_dump(mode="json"), "shop_id": str(row.shop_id) if row.shop_id else None,
            "created_at": row.created_at.isoformat(), "created_by": row.created_by}


def list_coupons(session: Session, promotion: str | None = None, limit: int = 1000, offset: int = 0) -> list[Coupon]:
    query = select(Coupon).order_by(Coupon.created_at, Coupon.code)
    if promotion:
        query = query.where(Coupon.promotion_id == get_promotion(session, promotion).id)
    return list(session.scalars(query.limit(limit).offset(offset)))


def conflicts(session: Session, limit: int = 1000, offset: int = 0) -> list[dict[str, Any]]:
    """Single-use coupons redeemed more than once, newest first, with both shops and sales."""
    codes = dict(session.execute(select(Shop.id, Shop.code)).all())
    names = dict(session.execute(select(Promotion.id, Promotion.name)).all())
    out = []
    for c in session.scalars(select(CouponConflict).order_by(CouponConflict.detected_at.desc(), CouponConflict.id)
                             .limit(limit).offset(offset)):
        out.append({
            "id": str(c.id), "code": c.code, "promotion_id": str(c.promotion_id),
            "promotion": names.get(c.promotion_id, ""),
            "first_shop_code": codes.get(c.first_shop_id, ""), "first_sale_id": str(c.first_sale_id),
            "shop_code": codes.get(c.shop_id, ""), "sale_id": str(c.sale_id),
            "amount": c.amount, "platform_amount": c.platform_amount, "rule": c.rule,
            "detected_at": c.detected_at.isoformat(),
        })
    return out


# --------------------------------------------------------------------------- scheduled prices

def schedule_price(session: Session, sku: str, price: int, effective_at: datetime, by: str,
                   min_price: Any = KEEP, max_price: Any = KEEP) -> ScheduledPriceRow:
    """A platform price from ``effective_at`` (an instant). A bound not given (``keep``) is the
    product's current bound: a scheduled price never wipes the bounds a shop's price is held to."""
    if effective_at.tzinfo is None:
        raise PromoError("give the time the price takes effect with its time zone, like 2026-12-05T08:00+01:00")
    try:
        product = get_product(session, sku)
    except CatalogError as exc:
        raise PromoError(str(exc)) from None
    low = product.min_price if min_price is KEEP else min_price
    high = product.max_price if max_price is KEEP else max_price
    for name, value in (("price", price), ("min_price", low), ("max_price", high)):
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10**11):
            raise PromoError(f"{name} must be a whole number of minor units, 0 or more")
    try:
        check_bounds(price, low, high)
    except ValueError as exc:
        raise PromoError(str(exc)) from None
    if effective_at.astimezone(timezone.utc) <= utcnow():
        raise PromoError("the time is in the past: set a price now with set-price without --at")
    row = ScheduledPriceRow(id=uuid6.uuid7(), product_id=product.id, sku=product.sku, price=price, min_price=low,
                            max_price=high, effective_at=effective_at.astimezone(timezone.utc), created_at=utcnow(),
                            created_by=by)
    session.add(row)
    session.flush()
    changefeed.append(session, [NewChange(None, "price.scheduled", scheduled_data(row).model_dump_json())])
    return row


def scheduled_data(row: ScheduledPriceRow) -> ScheduledPrice:
    at = row.effective_at if row.effective_at.tzinfo else row.effective_at.replace(tzinfo=timezone.utc)
    return ScheduledPrice(id=row.id, product_id=row.product_id, sku=row.sku, price=row.price, min_price=row.min_price,
                          max_price=row.max_price, effective_at=at)


def apply_due_prices(session: Session, now: datetime | None = None) -> int:
    """Take scheduled prices that are due into the working catalog (not published: every till
    switched by its own clock), so a later publish of the product carries them. Returns how many."""
    now = now or utcnow()
    due = list(session.scalars(select(ScheduledPriceRow).where(ScheduledPriceRow.applied_at.is_(None),
                                                               ScheduledPriceRow.effective_at <= now)
                               .order_by(ScheduledPriceRow.effective_at, ScheduledPriceRow.id)))
    for row in due:
        product = session.get(Product, row.product_id)
        if product is not None:
            product.price, product.min_price, product.max_price = row.price, row.min_price, row.max_price
        row.applied_at = now
    session.flush()
    return len(due)


# --------------------------------------------------------------------------- snapshot

def snapshot_part(session: Session, shop_id: uuid.UUID) -> dict[str, list[Any]]:
    """What a new till of ``shop_id`` needs besides the catalog: promotions not yet over, coupons it
    may still take, and scheduled prices it must still switch to (or has to, when it comes up after
    the time and the product was not published since). Empty lists when there are none."""
    now = utcnow()
    code = session.scalar(select(Shop.code).where(Shop.id == shop_id))
    horizon = _wall((now - timedelta(days=1)).replace(tzinfo=None))  # any shop's wall clock is past this
    promos = [PromotionData.model_validate(r.data) for r in session.scalars(
        select(Promotion).where(Promotion.active.is_(True), Promotion.ends_at >= horizon).order_by(Promotion.id))]
    promos = [p for p in promos if not p.shops or code in p.shops]
    ids = {p.id for p in promos}
    used = select(CouponRedemption.code)
    coupons = [
        _coupon_data(c) for c in session.scalars(
            select(Coupon).where(Coupon.active.is_(True), (Coupon.shop_id.is_(None)) | (Coupon.shop_id == shop_id),
                                 (Coupon.expires_at.is_(None)) | (Coupon.expires_at >= horizon),
                                 ~(Coupon.single_use.is_(True) & Coupon.code.in_(used)))
            .order_by(Coupon.code))
        if c.promotion_id in ids
    ]
    prices = [
        scheduled_data(r) for r, updated in session.execute(
            select(ScheduledPriceRow, Product.updated_at).join(Product, Product.id == ScheduledPriceRow.product_id)
            .order_by(ScheduledPriceRow.effective_at, ScheduledPriceRow.id))
        if r.effective_at > now or updated < r.effective_at
    ]
    return {"promotions": [p.model_dump(mode="json") for p in promos],
            "coupons": [c.model_dump(mode="json") for c in coupons],
            "scheduled_prices": [s.model_dump(mode="json") for s in prices]}


def savings(session: Session, shop_id: uuid.UUID, sale_id: uuid.UUID) -> dict[uuid.UUID, list[tuple[str, int]]]:
    """Each line's savings of a sale, by promotion name (the receipt page)."""
    out: dict[uuid.UUID, list[tuple[str, int]]] = defaultdict(list)
    for line_id, name, amount in session.execute(
        select(SaleLinePromotion.sale_line_id, Promotion.name, SaleLinePromotion.amount)
        .join(Promotion, Promotion.id == SaleLinePromotion.promotion_id)
        .where(SaleLinePromotion.shop_id == shop_id, SaleLinePromotion.sale_id == sale_id)
        .order_by(SaleLinePromotion.sale_line_id, Promotion.name)
    ):
        if amount:
            out[line_id].append((name, amount))
    return dict(out)


def names(session: Session, ids: Iterable[str]) -> dict[str, str]:
    """Promotion names by id (text), for statements that list credits per promotion id."""
    wanted = []
    for pid in ids:
        try:
            wanted.append(uuid.UUID(str(pid)))
        except ValueError:
            continue
    if not wanted:
        return {}
    return {str(pid): name for pid, name in session.execute(select(Promotion.id, Promotion.name)
                                                            .where(Promotion.id.in_(wanted)))}
