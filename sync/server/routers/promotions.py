"""The central team's API for promotions, coupons and scheduled prices (admin token).

Bad input answers 400 with the reason in ``detail`` and changes nothing; a body that is not the
right shape answers 422 like every other admin route.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Depends, HTTPException, Query, status
from pydantic import Field

from .. import promotions
from ..db import SessionDep
from ..jsondoor import StrictBody
from ..promotions import PromoError
from ..security import current_admin
from .common import ADMIN_RESPONSES, refused

router = APIRouter(
    prefix="/admin", tags=["promotions"], dependencies=[Depends(current_admin)], responses=ADMIN_RESPONSES
)

BY = "admin API"
Limit = Annotated[int, Query(ge=1, le=10_000)]
Offset = Annotated[int, Query(ge=0, le=10**9)]


class CouponIssue(StrictBody):
    """``count`` campaign codes, or ``audience: "feedback"``: one per consented customer who left feedback."""

    promotion_id: uuid.UUID
    count: Annotated[int, Field(ge=1, le=promotions.MAX_COUPONS)] | None = None
    audience: Literal["feedback"] | None = None
    since: datetime | None = None
    prefix: Annotated[str, Field(max_length=12)] = ""
    single_use: bool = True
    expires_at: datetime | None = Field(default=None, description="the shop's wall clock, no time zone")


class PriceSchedule(StrictBody):
    """A bound left out of the body is kept as the product has it; ``null`` clears it."""

    sku: Annotated[str, Field(min_length=1, max_length=64)]
    price: Annotated[int, Field(ge=0, le=10**11)]
    min_price: Annotated[int, Field(ge=0, le=10**11)] | None = None
    max_price: Annotated[int, Field(ge=0, le=10**11)] | None = None
    effective_at: datetime = Field(description="an instant, with its time zone")


def _bad(exc: PromoError) -> HTTPException:
    return HTTPException(status.HTTP_400_BAD_REQUEST, str(exc))


@router.post("/promotions", status_code=status.HTTP_201_CREATED,
             responses=refused("The promotion is not valid (a field missing or out of range, its times the wrong "
                               "way round, a kind given fields it does not take): nothing published"))
def add_promotion(session: SessionDep, body: Annotated[dict[str, Any], Body()]) -> dict[str, Any]:
    """Define a promotion (``sync.promotions.PromotionData``; ``id`` optional) and publish it:
    one ``promotion.upserted`` row for every shop, or one per shop it names."""
    try:
        row = promotions.add_promotion(session, body, BY)
    except PromoError as exc:
        session.rollback()
        raise _bad(exc) from None
    session.commit()
    return promotions.promotion_view(row)


@router.get("/promotions")
def list_promotions(session: SessionDep, all: bool = False) -> list[dict[str, Any]]:  # noqa: A002
    """Promotions still on (``all=true``: ended ones too), with what each gave away so far."""
    rows = promotions.list_promotions(session, include_ended=all)
    sold = promotions.sold(session, [r.id for r in rows])
    return [promotions.promotion_view(r, sold.get(r.id)) for r in rows]


@router.get("/promotions/{promotion_id}")
def show_promotion(promotion_id: str, session: SessionDep) -> dict[str, Any]:
    try:
        row = promotions.get_promotion(session, promotion_id)
    except PromoError as exc:
        raise HTTPException(status.HTTP_404_NOT_FOUND, str(exc)) from None
    return promotions.promotion_view(row, promotions.sold(session, [row.id]).get(row.id))


@router.post("/promotions/{promotion_id}/end", responses=refused("No such promotion, or it has already ended"))
def end_promotion(promotion_id: str, session: SessionDep) -> dict[str, Any]:
    """Withdraw a promotion now (published again with ``active: false``)."""
    try:
        row = promotions.end_promotion(session, promotion_id, BY)
    except PromoError as exc:
        session.rollback()
        raise _bad(exc) from None
    session.commit()
    return promotions.promotion_view(row)


@router.post("/coupons", status_code=status.HTTP_201_CREATED,
             responses=refused("No such promotion, it takes no coupons, or neither a count nor an audience was given"))
def issue_coupons(body: CouponIssue, session: SessionDep) -> dict[str, Any]:
    try:
        rows = promotions.issue_coupons(
            session, body.promotion_id, BY, count=body.count, prefix=body.prefix, audience=body.audience,
            since=body.since, single_use=body.single_use, expires_at=body.expires_at)
    except PromoError as exc:
        session.rollback()
        raise _bad(exc) from None
    session.commit()
    return {"issued": len(rows), "coupons": [promotions.coupon_view(c) for c in rows]}


@router.get("/coupons", responses=refused("The promotion id is not an id"))
def list_coupons(session: SessionDep, promotion_id: str | None = None, limit: Limit = 1000,
                 offset: Offset = 0) -> list[dict[str, Any]]:
    try:
        rows = promotions.list_coupons(session, promotion_id, limit, offset)
    except PromoError as exc:
        raise _bad(exc) from None
    return [promotions.coupon_view(c) for c in rows]


@router.get("/coupons/conflicts")
def coupon_conflicts(session: SessionDep, limit: Limit = 1000, offset: Offset = 0) -> list[dict[str, Any]]:
    """Single-use coupons redeemed more than once (tills offline), each recorded once, with the rule
    applied (the platform bears the duplicate)."""
    return promotions.conflicts(session, limit, offset)


@router.post("/scheduled-prices", status_code=status.HTTP_201_CREATED,
             responses=refused("No such product, or the price is outside its bounds"))
def schedule_price(body: PriceSchedule, session: SessionDep) -> dict[str, Any]:
    """A price that takes effect at ``effective_at``; published now as ``price.scheduled``."""
    given = body.model_fields_set
    try:
        row = promotions.schedule_price(
            session, body.sku, body.price, body.effective_at, BY,
            body.min_price if "min_price" in given else promotions.KEEP,
            body.max_price if "max_price" in given else promotions.KEEP)
    except PromoError as exc:
        session.rollback()
        raise _bad(exc) from None
    session.commit()
    return promotions.scheduled_data(row).model_dump(mode="json")
