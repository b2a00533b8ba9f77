"""The console's Promotions page: promotions on and ended with what each gave away, a form to
define one, a button to end one (catalog managers and admins), and the single-use coupons redeemed
twice (see docs/promotions-platform.md). No scripts: plain forms, each with the CSRF token."""

from __future__ import annotations

import uuid
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from sync.promotions import KINDS

from .. import promotions
from ..db import get_db
from ..promotions import PromoError
from . import auth
from .web import PREFIX, Page, Refused, posted, redirect, signed_in

router = APIRouter(prefix=PREFIX, include_in_schema=False)
DB = Annotated[Session, Depends(get_db)]


def _(text: str) -> str:
    """Marks a message for ``extract.py``; translated when shown (``page._``)."""
    return text


NOTES = {"promo_added": _("The promotion was published to its shops."), "promo_ended": _("The promotion was ended.")}


def _list(text: Any) -> list[str]:
    return [x.strip() for x in str(text or "").replace("\n", ",").split(",") if x.strip()]


def _bp(page: Page, text: Any, label: str) -> int | None:
    text = str(text or "").strip().rstrip("%").strip().replace(",", ".")
    if not text:
        return None
    try:
        bp = Decimal(text) * 100
    except InvalidOperation:
        bp = Decimal("0.5")
    if bp != bp.to_integral_value():
        raise PromoError(page._("%(label)s: %(value)s is not a percentage like 20 or 12.5", label=label, value=text))
    return int(bp)


def _int(page: Page, text: Any, label: str) -> int | None:
    text = str(text or "").strip()
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        raise PromoError(page._("%(label)s: %(value)s is not a whole number", label=label, value=text)) from None


def promotion_from_form(page: Page, form: dict[str, Any]) -> dict[str, Any]:
    money = page.fmt.parse_amount
    data: dict[str, Any] = {
        "name": str(form.get("name", "")).strip(), "kind": str(form.get("kind", "")),
        "skus": _list(form.get("skus")), "categories": _list(form.get("categories")),
        "brands": _list(form.get("brands")), "shops": _list(form.get("shops")),
        "starts_at": str(form.get("starts_at", "")), "ends_at": str(form.get("ends_at", "")),
        "coupon_required": form.get("coupon_required") == "on",
        "weekdays": sorted(int(d) for d in "1234567" if form.get(f"day{d}") == "on"),
    }
    try:
        values = {
            "percent_bp": _bp(page, form.get("percent"), page._("Percent off")),
            "amount": money(str(form.get("amount", "")), page._("Amount off"), page._),
            "buy_qty": _int(page, form.get("buy_qty"), page._("Units bought")),
            "pay_qty": _int(page, form.get("pay_qty"), page._("Units paid")),
            "bundle_price": money(str(form.get("bundle_price", "")), page._("Price together"), page._),
            "threshold": money(str(form.get("threshold", "")), page._("Basket of at least"), page._),
        }
        share = _bp(page, form.get("platform_share"), page._("Platform's share"))
    except ValueError as exc:
        raise PromoError(str(exc)) from None
    data.update({k: v for k, v in values.items() if v is not None})
    data["platform_share_bp"] = 10_000 if share is None else share
    hours = (str(form.get("hours_from", "")).strip(), str(form.get("hours_to", "")).strip())
    if any(hours):
        data["hours_from"], data["hours_to"] = hours[0] or None, hours[1] or None
    return data


def _render(page: Page, status: int = 200, error: str | None = None, form: dict | None = None) -> HTMLResponse:
    show_all = page.request.query_params.get("all") == "1"
    rows = promotions.list_promotions(page.db, include_ended=show_all)
    sold = promotions.sold(page.db, [r.id for r in rows])
    views = [promotions.promotion_view(r, sold.get(r.id)) for r in rows]
    key = page.request.query_params.get("note")
    return page.render("promotions.html", status=status, promotions=views, show_all=show_all, kinds=KINDS,
                       conflicts=promotions.conflicts(page.db, limit=200), error=error, form=form or {},
                       note=page._(NOTES[key]) if key in NOTES else None)


@router.get("/promotions", response_class=HTMLResponse)
def promotions_page(request: Request, db: DB) -> HTMLResponse:
    return _render(signed_in(request, db))


@router.post("/promotions", response_class=HTMLResponse)
async def promotion_add(request: Request, db: DB) -> Response:
    page, form = await posted(request, db)
    page.require("catalog")
    try:
        # The same service as POST /admin/promotions.
        row = promotions.add_promotion(db, promotion_from_form(page, form), page.user.name)
    except PromoError as exc:
        db.rollback()
        return _render(page, 400, str(exc), form)
    auth.audit(db, page.user.name, "promotion.add", f"promotion:{row.id}", None, row.data)
    db.commit()
    return redirect(PREFIX + "/promotions", "promo_added")


@router.post("/promotions/{promotion_id}/end")
async def promotion_end(promotion_id: uuid.UUID, request: Request, db: DB) -> Response:
    page, _ = await posted(request, db)
    page.require("catalog")
    try:
        row = promotions.end_promotion(db, promotion_id, page.user.name)
    except PromoError as exc:
        db.rollback()
        raise Refused(page, str(exc)) from None
    auth.audit(db, page.user.name, "promotion.end", f"promotion:{row.id}", {"active": True}, {"active": False})
    db.commit()
    return redirect(PREFIX + "/promotions", "promo_ended")
