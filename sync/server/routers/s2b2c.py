"""The central team's side of the s2b2c loop (admin token): orders and shipments, what the shops
received, settlement statements, network insights."""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, status
from fastapi.responses import PlainTextResponse, Response
from pydantic import BaseModel, Field

from sync.protocol import Sku

from .. import insights, orders, settlement, takings
from ..db import SessionDep
from ..jsondoor import StrictBody
from ..security import AdminDep, current_admin
from .admin import Limit, Offset, _shop
from .common import ADMIN_RESPONSES, refused

router = APIRouter(
    prefix="/admin", tags=["admin: s2b2c"], dependencies=[Depends(current_admin)], responses=ADMIN_RESPONSES
)


class _In(StrictBody):
    """A request body: unknown fields refused; ``false`` or ``"5"`` is not a number."""


class OrderLineOut(BaseModel):
    product_id: uuid.UUID
    sku: str
    qty: int
    shipped: int


class OrderOut(BaseModel):
    id: uuid.UUID
    shop_code: str
    created_at: str
    status: str
    note: str
    lines: list[OrderLineOut]
    shipments: list[uuid.UUID]


class ShipLine(_In):
    sku: Sku
    qty: Annotated[int, Field(gt=0, le=10**9)]
    unit_cost: Annotated[int | None, Field(ge=0, le=10**12, description="minor units; default: the catalog's cost")] = None


class ShipCost(_In):
    sku: Sku
    unit_cost: Annotated[int, Field(ge=0, le=10**12)]


class ShipIn(_In):
    lines: Annotated[list[ShipLine] | None, Field(max_length=1000, description="default: everything still open")] = None
    costs: Annotated[list[ShipCost] | None, Field(max_length=1000, description="unit cost per SKU shipped")] = None


class ShipmentLineOut(BaseModel):
    product_id: uuid.UUID
    sku: str
    qty: int
    unit_cost: int


class ShipmentOut(BaseModel):
    id: uuid.UUID
    shop_id: uuid.UUID
    order_id: uuid.UUID | None
    created_at: str
    lines: list[ShipmentLineOut]


class DeliveryLineOut(BaseModel):
    product_id: uuid.UUID
    sku: str
    unit_cost: int
    shipped: int
    received: int | None = Field(description="None until the shop has counted the delivery")
    damaged: int | None
    discrepancy: bool
    counted_unit_cost: int | None = Field(
        None, description="the cost the shop's till counted the line at (goods are valued at unit_cost)")
    cost_mismatch: bool = Field(False, description="the till counted the line at another cost than shipped")


class DeliveryOut(BaseModel):
    id: uuid.UUID
    shop_code: str
    order_id: uuid.UUID | None
    shipped_at: str
    shipped_by: str
    status: Literal["shipped", "received"]
    received_at: str | None
    lines: list[DeliveryLineOut]
    discrepancy: bool


class StatementOut(BaseModel):
    shop_code: str
    period_start: str
    period_end: str
    goods_received: int
    platform_sales: int
    platform_sales_tax: int
    local_sales: int
    local_sales_tax: int
    cost_of_platform_goods_sold: int
    margin: int
    commission_bp: int
    commission: int
    amount_due: int
    promotion_credits: int = Field(0, description="savings the platform funded, credited to the shop")
    credits: dict[str, int] = Field(default_factory=dict, description="promotion credits per promotion id")


class InsightsIn(_In):
    days: Annotated[int, Field(ge=1, le=3660)] = 28
    top: Annotated[int, Field(ge=1, le=100)] = 10


class InsightsOut(BaseModel):
    shops: int
    cursor: int | None


# --------------------------------------------------------------------------- orders and shipments

@router.get("/orders", response_model=list[OrderOut])
def list_orders(
    session: SessionDep,
    status_: Annotated[Literal["placed", "shipped", "received"] | None, Query(alias="status")] = None,
    shop: str | None = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> list[dict[str, Any]]:
    """Replenishment orders from the shops, oldest first, with what has been shipped per line."""
    shop_id = _shop(session, shop).id if shop else None
    return [o.as_dict() for o in orders.list_orders(session, status=status_, shop_id=shop_id, limit=limit, offset=offset)]


@router.post("/orders/{order_id}/ship", response_model=ShipmentOut, status_code=status.HTTP_201_CREATED,
             responses=refused("Nothing to ship, more than is open, or a product not on the order"))
def ship_order(order_id: uuid.UUID, session: SessionDep, admin: AdminDep, body: ShipIn | None = None) -> dict[str, Any]:
    """Ship an order (or part of it). The shop's feed gets ``delivery.shipped`` and ``order.updated``."""
    lines = [(line.sku, line.qty) for line in body.lines] if body is not None and body.lines is not None else None
    costs = {c.sku: c.unit_cost for c in (body.costs or [])} if body is not None else {}
    for line in (body.lines or []) if body is not None else []:
        if line.unit_cost is not None:
            costs[line.sku] = line.unit_cost
    try:
        shipment = orders.ship(session, order_id, lines, admin.name, costs)
    except orders.OrderNotFound as exc:
        session.rollback()
        raise HTTPException(status.HTTP_404_NOT_FOUND, str(exc)) from None
    except orders.OrderError as exc:
        session.rollback()
        raise HTTPException(status.HTTP_400_BAD_REQUEST, str(exc)) from None
    session.commit()
    return {"id": shipment.id, "shop_id": shipment.shop_id, "order_id": shipment.order_id,
            "created_at": shipment.created_at.isoformat(), "lines": shipment.lines}


@router.get("/deliveries", response_model=list[DeliveryOut])
def list_deliveries(session: SessionDep, shop: str | None = None, limit: Limit = 100,
                    offset: Offset = 0) -> list[dict[str, Any]]:
    """Shipments, newest first, with the shop's count per line and a discrepancy flag."""
    shop_id = _shop(session, shop).id if shop else None
    return orders.delivery_view(session, shop_id, limit, offset)


# --------------------------------------------------------------------------- settlement

@router.get(
    "/shops/{shop}/settlement",
    response_model=StatementOut,
    responses={200: {"content": {"text/csv": {}}, "description": "The statement (JSON, or CSV with format=csv)"},
               **refused("Bad period: start or end is not an ISO date or time, or end is not after start")},
)
def shop_settlement(
    shop: str,
    session: SessionDep,
    start: Annotated[str, Query(max_length=64, description="ISO date or time; a date is its midnight UTC")],
    end: Annotated[str, Query(max_length=64, description="exclusive")],
    format: Literal["json", "csv"] = "json",
) -> Any:
    """The shop's settlement for ``start <= time < end``: the same computation the till runs."""
    row = _shop(session, shop)
    try:
        a, b = settlement.period(start, end)
    except settlement.PeriodError as exc:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, str(exc)) from None
    st = settlement.statement(session, row.id, a, b)
    session.rollback()
    if format == "csv":
        name = f"settlement-{row.code}-{a:%Y%m%d}-{b:%Y%m%d}.csv"
        return PlainTextResponse(settlement.as_csv(st), media_type="text/csv",
                                 headers={"Content-Disposition": f'attachment; filename="{name}"'})
    return {"shop_code": row.code, **st.as_dict()}


@router.get("/shops/{shop}/takings", responses=refused("Bad period: start or end is not an ISO date or time, or end is not after start"))
def shop_takings(
    shop: str,
    session: SessionDep,
    start: Annotated[str, Query(max_length=64, description="ISO date or time; a date is its midnight UTC")],
    end: Annotated[str, Query(max_length=64, description="exclusive")],
) -> dict[str, Any]:
    """The shop's takings and VAT per rate for ``start <= time < end``: the computation the till runs."""
    row = _shop(session, shop)
    try:
        a, b = settlement.period(start, end)
    except settlement.PeriodError as exc:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, str(exc)) from None
    report = takings.takings(session, row.id, a, b)
    session.rollback()
    return {"shop_code": row.code, **report.as_dict()}


# --------------------------------------------------------------------------- insights

@router.post("/insights/publish", response_model=InsightsOut)
def publish_insights(session: SessionDep, body: InsightsIn | None = None) -> Response | dict[str, Any]:
    """Compute network benchmarks per shop and send each shop its own (``insights.published``)."""
    body = body or InsightsIn()
    shops, cursor = insights.publish(session, days=body.days, top=body.top)
    session.commit()
    return {"shops": shops, "cursor": cursor}
