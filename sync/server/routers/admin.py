"""The central team's API (admin token): shops and devices, catalog, policies, network data."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal, NamedTuple

from fastapi import APIRouter, Depends, HTTPException, Query, Request, status
from pydantic import BaseModel, Field
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sync.protocol import ProductData

from .. import catalog, refunds
from ..catalog import CatalogError
from ..db import SessionDep
from ..identity import IdentityError, create_enrollment_code, create_shop, find_shop, revoke_device
from ..jsondoor import StrictBody
from ..models import EVENT_QUARANTINED, Device, EventConflict, EventRow, Feedback, Product, Sale, Shop, StockMovement
from ..security import current_admin
from .common import ADMIN_RESPONSES, refused

router = APIRouter(
    prefix="/admin", tags=["admin"], dependencies=[Depends(current_admin)], responses=ADMIN_RESPONSES
)

Limit = Annotated[int, Query(ge=1, le=1000)]
Offset = Annotated[int, Query(ge=0, le=10**9)]


class _In(StrictBody):
    """A request body: unknown fields refused; ``false`` or ``"5"`` is not a number."""


class ShopCreate(_In):
    name: Annotated[str, Field(min_length=1, max_length=200)]
    code: Annotated[str | None, Field(max_length=16)] = None


class ShopOut(BaseModel):
    id: uuid.UUID
    code: str
    name: str


class ShopHealth(ShopOut):
    devices: int
    active_devices: int
    last_seen_at: datetime | None
    events_received: int
    events_quarantined: int


class EnrollmentCodeOut(BaseModel):
    shop_code: str
    code: str
    expires_at: datetime


class ShopCreated(BaseModel):
    shop: ShopOut
    enrollment: EnrollmentCodeOut


class DeviceOut(BaseModel):
    id: uuid.UUID
    shop_id: uuid.UUID
    till_no: int
    name: str
    created_at: datetime
    revoked_at: datetime | None
    last_seen_at: datetime | None


class CatalogImport(_In):
    format: Literal["csv", "json"]
    content: Annotated[str, Field(description="The whole file as text")]
    publish: bool = False


class ImportOut(BaseModel):
    created: int
    updated: int
    unchanged: int
    published: int
    cursor: int | None


class PublishOut(BaseModel):
    published: int
    cursor: int


class ProductOut(ProductData):
    dirty: bool = Field(description="edited since the last publish")


class ProductEdit(_In):
    name: str | None = None
    category: str | None = None
    unit: Literal["each", "kg"] | None = None
    vat_rate_bp: int | None = None
    cost: int | None = None
    barcodes: list[str] | None = None
    image: str | None = None
    active: bool | None = None


class PriceSet(_In):
    """A bound left out of the body is kept as it is; ``null`` clears it."""

    price: int
    min_price: int | None = None
    max_price: int | None = None


class PolicyIn(_In):
    value: Annotated[str, Field(max_length=1000)]


class PolicyOut(BaseModel):
    key: str
    value: str
    seq: int


class SaleOut(BaseModel):
    id: uuid.UUID
    receipt_no: str
    created_at: datetime
    device_id: uuid.UUID
    total: int
    tax: int
    discount: int


class SalesOut(BaseModel):
    count: int
    total: int
    tax: int
    sales: list[SaleOut]


class StockLevel(BaseModel):
    product_id: uuid.UUID
    sku: str
    level: int


class FeedbackOut(BaseModel):
    id: uuid.UUID
    shop_code: str | None = Field(description="None: left on a receipt page before its sale reached the platform")
    sale_id: uuid.UUID | None
    receipt_token: str | None
    rating: int
    comment: str
    source: str
    created_at: datetime
    updated_at: datetime | None


class QuarantinedOut(BaseModel):
    id: uuid.UUID
    shop_code: str
    device_id: uuid.UUID
    kind: str
    reason: str | None
    received_at: datetime
    payload: dict[str, Any]


def _catalog_error(exc: CatalogError) -> HTTPException:
    return HTTPException(status.HTTP_400_BAD_REQUEST, exc.as_dict())


def _shop(session: Session, ref: str) -> Shop:
    try:
        return find_shop(session, ref)
    except IdentityError as exc:
        raise HTTPException(status.HTTP_404_NOT_FOUND, str(exc)) from None


def _shop_out(shop: Shop) -> ShopOut:
    return ShopOut(id=shop.id, code=shop.code, name=shop.name)


# --------------------------------------------------------------------------- shops and devices

@router.post("/shops", response_model=ShopCreated, status_code=status.HTTP_201_CREATED,
             responses={**refused("A name of spaces only, or a code that is not 1 to 16 letters, digits or dashes"),
                        **refused("The shop code is already taken", 409)})
def add_shop(body: ShopCreate, session: SessionDep, request: Request) -> ShopCreated:
    """Create a shop and its first enrollment code."""
    try:
        shop = create_shop(session, body.name, body.code)
    except IdentityError as exc:
        taken = "already taken" in str(exc)
        raise HTTPException(status.HTTP_409_CONFLICT if taken else status.HTTP_400_BAD_REQUEST, str(exc)) from None
    code, expires = create_enrollment_code(session, shop, request.app.state.settings.enrollment_code_ttl_hours)
    session.commit()
    return ShopCreated(
        shop=_shop_out(shop), enrollment=EnrollmentCodeOut(shop_code=shop.code, code=code, expires_at=expires)
    )


class _EventCounts(NamedTuple):
    n: int
    q: int


def shop_health(session: Session) -> list[ShopHealth]:
    devices = {
        row.shop_id: row
        for row in session.execute(
            select(
                Device.shop_id,
                func.count().label("n"),
                func.count(Device.id).filter(Device.revoked_at.is_(None)).label("active"),
                func.max(Device.last_seen_at).label("last_seen"),
            ).group_by(Device.shop_id)
        )
    }
    # Two counts, each from an index alone: every event by shop (the primary key's), the quarantined
    # ones from their partial index (migration 0007: accepted events write no status entry).
    quarantined = dict(session.execute(
        select(EventRow.shop_id, func.count()).where(EVENT_QUARANTINED).group_by(EventRow.shop_id)).all())
    events = {
        shop_id: _EventCounts(n, quarantined.get(shop_id, 0))
        for shop_id, n in session.execute(select(EventRow.shop_id, func.count()).group_by(EventRow.shop_id))
    }
    out = []
    for shop in session.scalars(select(Shop).order_by(Shop.code)):
        d, e = devices.get(shop.id), events.get(shop.id)
        out.append(
            ShopHealth(
                id=shop.id,
                code=shop.code,
                name=shop.name,
                devices=d.n if d else 0,
                active_devices=d.active if d else 0,
                last_seen_at=d.last_seen if d else None,
                events_received=e.n if e else 0,
                events_quarantined=int(e.q or 0) if e else 0,
            )
        )
    return out


@router.get("/shops", response_model=list[ShopHealth])
def list_shops(session: SessionDep) -> list[ShopHealth]:
    """Every shop with its health: devices, last seen, events received and quarantined."""
    return shop_health(session)


@router.post("/shops/{shop}/enrollment-codes", response_model=EnrollmentCodeOut, status_code=201)
def new_enrollment_code(shop: str, session: SessionDep, request: Request) -> EnrollmentCodeOut:
    row = _shop(session, shop)
    code, expires = create_enrollment_code(session, row, request.app.state.settings.enrollment_code_ttl_hours)
    session.commit()
    return EnrollmentCodeOut(shop_code=row.code, code=code, expires_at=expires)


def _device_out(d: Device) -> DeviceOut:
    return DeviceOut(
        id=d.id,
        shop_id=d.shop_id,
        till_no=d.till_no,
        name=d.name,
        created_at=d.created_at,
        revoked_at=d.revoked_at,
        last_seen_at=d.last_seen_at,
    )


@router.get("/shops/{shop}/devices", response_model=list[DeviceOut])
def list_devices(shop: str, session: SessionDep) -> list[DeviceOut]:
    row = _shop(session, shop)
    return [_device_out(d) for d in session.scalars(select(Device).where(Device.shop_id == row.id).order_by(Device.till_no))]


@router.post("/devices/{device_id}/revoke", response_model=DeviceOut)
def revoke(device_id: uuid.UUID, session: SessionDep) -> DeviceOut:
    """Revoke a device: its token gets 401 from now on."""
    try:
        device = revoke_device(session, device_id)
    except IdentityError as exc:
        raise HTTPException(status.HTTP_404_NOT_FOUND, str(exc)) from None
    session.commit()
    return _device_out(device)


# --------------------------------------------------------------------------- catalog and policies

@router.post("/catalog/import", response_model=ImportOut,
             responses=refused("The file is empty or has bad rows (each with its line and reason): nothing imported"))
def import_catalog(body: CatalogImport, session: SessionDep) -> ImportOut:
    """Import a CSV or JSON catalog: all rows or none; bad rows come back with line numbers (400)."""
    try:
        items = catalog.parse_catalog(body.content, body.format)
        result = catalog.import_products(session, items, publish_now=body.publish)
    except CatalogError as exc:
        session.rollback()
        raise _catalog_error(exc) from None
    session.commit()
    return ImportOut(**result.as_dict())


@router.post("/catalog/publish", response_model=PublishOut)
def publish(session: SessionDep) -> PublishOut:
    """Send every product edited since the last publish to the tills (``product.upserted``)."""
    count, cursor = catalog.publish(session)
    session.commit()
    return PublishOut(published=count, cursor=cursor)


def _product_out(p: Product) -> ProductOut:
    return ProductOut(**catalog.product_data(p).model_dump(), dirty=p.dirty)


@router.get("/products", response_model=list[ProductOut])
def list_products(session: SessionDep, limit: Limit = 100, offset: Offset = 0) -> list[ProductOut]:
    return [_product_out(p) for p in catalog.iter_products(session, limit, offset)]


@router.patch("/products/{sku}", response_model=ProductOut,
              responses=refused("The product would not be valid (a required field cleared, a barcode another "
                                "product has)"))
def edit_product(sku: str, body: ProductEdit, session: SessionDep) -> ProductOut:
    """Change product fields (published with the next publish)."""
    try:
        product = catalog.edit_product(session, sku, body.model_dump(exclude_unset=True))
    except CatalogError as exc:
        session.rollback()
        raise _catalog_error(exc) from None
    session.commit()
    return _product_out(product)


@router.put("/products/{sku}/price", response_model=ProductOut,
            responses=refused("The price is outside its bounds, or the bounds are the wrong way round"))
def set_price(sku: str, body: PriceSet, session: SessionDep) -> ProductOut:
    """Set the recommended price and the bounds a shop's local price must stay within.

    A bound left out is kept (a price edit never clears bounds it was not given); ``null`` clears it."""
    try:
        given = body.model_fields_set
        product = catalog.set_price(
            session,
            sku,
            body.price,
            body.min_price if "min_price" in given else catalog.KEEP,
            body.max_price if "max_price" in given else catalog.KEEP,
        )
    except CatalogError as exc:
        session.rollback()
        raise _catalog_error(exc) from None
    session.commit()
    return _product_out(product)


@router.get("/policies", response_model=dict[str, str])
def get_policies(session: SessionDep) -> dict[str, str]:
    return catalog.policies(session)


@router.put("/policies/{key}", response_model=PolicyOut,
            responses=refused("Not a policy key (lower-case letters, digits, underscores), or a value it cannot take"))
def put_policy(key: str, body: PolicyIn, session: SessionDep) -> PolicyOut:
    """Set a policy; it is published to every till at once (``policy.set``)."""
    try:
        value, seq = catalog.set_policy(session, key, body.value)
    except CatalogError as exc:
        session.rollback()
        raise _catalog_error(exc) from None
    session.commit()
    return PolicyOut(key=key, value=value, seq=seq)


# --------------------------------------------------------------------------- network data

@router.get("/shops/{shop}/sales", response_model=SalesOut)
def shop_sales(shop: str, session: SessionDep, limit: Limit = 100, offset: Offset = 0) -> SalesOut:
    row = _shop(session, shop)
    count, total, tax = session.execute(
        select(func.count(), func.coalesce(func.sum(Sale.total), 0), func.coalesce(func.sum(Sale.tax), 0)).where(
            Sale.shop_id == row.id
        )
    ).one()
    sales = session.scalars(
        select(Sale).where(Sale.shop_id == row.id).order_by(Sale.created_at.desc()).limit(limit).offset(offset)
    )
    return SalesOut(
        count=count,
        total=int(total),
        tax=int(tax),
        sales=[
            SaleOut(
                id=s.id,
                receipt_no=s.receipt_no,
                created_at=s.created_at,
                device_id=s.device_id,
                total=s.total,
                tax=s.tax,
                discount=s.discount,
            )
            for s in sales
        ],
    )


@router.get("/shops/{shop}/stock", response_model=list[StockLevel])
def shop_stock(shop: str, session: SessionDep) -> list[StockLevel]:
    """Stock levels of a shop: the sum of its movement ledger per product."""
    row = _shop(session, shop)
    rows = session.execute(
        select(StockMovement.product_id, func.min(StockMovement.sku), func.sum(StockMovement.qty))
        .where(StockMovement.shop_id == row.id)
        .group_by(StockMovement.product_id)
        .order_by(func.min(StockMovement.sku))
    )
    return [StockLevel(product_id=pid, sku=sku, level=int(level)) for pid, sku, level in rows]


@router.get("/feedback", response_model=list[FeedbackOut])
def list_feedback(
    session: SessionDep, shop: str | None = None, limit: Limit = 100, offset: Offset = 0
) -> list[FeedbackOut]:
    query = select(Feedback, Shop.code).outerjoin(Shop, Shop.id == Feedback.shop_id)
    if shop is not None:
        query = query.where(Feedback.shop_id == _shop(session, shop).id)
    rows = session.execute(query.order_by(Feedback.created_at.desc(), Feedback.id).limit(limit).offset(offset))
    return [
        FeedbackOut(
            id=f.id,
            shop_code=code,
            sale_id=f.sale_id,
            receipt_token=f.receipt_token,
            rating=f.rating,
            comment=f.comment,
            source=f.source,
            created_at=f.created_at,
            updated_at=f.updated_at,
        )
        for f, code in rows
    ]


@router.get("/quarantine", response_model=list[QuarantinedOut])
def list_quarantine(
    session: SessionDep, shop: str | None = None, limit: Limit = 100, offset: Offset = 0
) -> list[QuarantinedOut]:
    """Events the server kept but could not apply, with the reason; and events that reused an id
    with another payload (the first was kept; ``reason`` says so)."""
    query = (
        select(EventRow, Shop.code)
        .join(Shop, Shop.id == EventRow.shop_id)
        .where(EVENT_QUARANTINED)
    )
    held = select(EventConflict, Shop.code).join(Shop, Shop.id == EventConflict.shop_id)
    if shop is not None:
        shop_id = _shop(session, shop).id
        query = query.where(EventRow.shop_id == shop_id)
        held = held.where(EventConflict.shop_id == shop_id)
    rows = session.execute(query.order_by(EventRow.received_at.desc(), EventRow.id).limit(limit + offset)).all()
    rows += session.execute(
        held.order_by(EventConflict.received_at.desc(), EventConflict.event_id).limit(limit + offset)).all()
    out = [
        QuarantinedOut(
            id=e.event_id if isinstance(e, EventConflict) else e.id,
            shop_code=code,
            device_id=e.device_id,
            kind=e.kind,
            reason=e.reason,
            received_at=e.received_at,
            payload=e.payload if isinstance(e.payload, dict) else {"value": e.payload},
        )
        for e, code in rows
    ]
    out.sort(key=lambda q: (-q.received_at.timestamp(), str(q.id)))
    return out[offset:offset + limit]


class UnmatchedRefundOut(BaseModel):
    id: uuid.UUID
    shop_code: str
    sale_id: uuid.UUID
    receipt_no: str
    created_at: datetime
    total: int


@router.get("/refunds/unmatched", response_model=list[UnmatchedRefundOut])
def list_unmatched_refunds(session: SessionDep, limit: Limit = 100, offset: Offset = 0) -> list[UnmatchedRefundOut]:
    """Refunds whose sale has not reached the server from the same shop (oldest first): a refund
    may come before its sale, but one whose sale never comes needs a look."""
    return [UnmatchedRefundOut(**row) for row in refunds.unmatched(session, limit, offset)]
