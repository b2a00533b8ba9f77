"""The console's routes: one function per page or form."""

from __future__ import annotations

import re
import secrets
import uuid
from datetime import date
from importlib import resources
from typing import Annotated, Any

import pygal
import qrcode
import qrcode.image.svg
from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup
from pygal.style import Style
from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import catalog, identity, insights, orders, promotions, settlement
from ..catalog import CatalogError
from ..db import get_db
from ..models import EventRow, Feedback, Product, Shipment
from ..routers.admin import shop_health
from . import auth, services
from .models import ROLES, ConsoleAudit, ConsoleImport
from .web import (COOKIE, LANG_COOKIE, LOGIN_CSRF_COOKIE, PREFIX, SECURITY_HEADERS, Page, Refused, anonymous,
                  login_redirect, posted, redirect, safe_next, signed_in)

router = APIRouter(prefix=PREFIX, include_in_schema=False)
DB = Annotated[Session, Depends(get_db)]

NOTES = {
    "saved": "Saved.",
    "published": "Published to the tills.",
    "applied": "The import was applied. Publish to send it to the tills.",
    "revoked": "The device was revoked: its token no longer works.",
    "shipped": "Shipped: the shop sees it on its next sync.",
    "resolved": "The discrepancy is marked resolved.",
    "handled": "Marked as handled.",
    "rejected": "The event was rejected.",
    "reapplied": "The event was applied.",
    "user_added": "The user was added.",
    "user_disabled": "The user was disabled: their sessions ended.",
    "user_enabled": "The user was enabled.",
    "password_reset": "The password was reset: the user's sessions ended.",
    "policy": "The policy was set and published to every till.",
    "insights": "Network insights were published to the shops.",
}


def _cookie_args(request: Request) -> dict[str, Any]:
    return {"httponly": True, "samesite": "strict", "secure": request.url.scheme == "https", "path": PREFIX}


def _note(page: Page) -> str | None:
    key = page.request.query_params.get("note")
    return page._(NOTES[key]) if key in NOTES else None


def _int(value: Any, default: int | None = None) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return default


# --------------------------------------------------------------------------- assets, language, login

@router.get("/static/console.css")
def stylesheet() -> Response:
    css = (resources.files("sync.server.console") / "static" / "console.css").read_text(encoding="utf-8")
    return Response(css, media_type="text/css", headers={"Cache-Control": "max-age=3600"})


@router.get("/lang/{lang}")
def set_language(lang: str, request: Request, next: str = "") -> RedirectResponse:  # noqa: A002
    response = RedirectResponse(safe_next(next), status_code=303)
    if lang in ("en", "zh_Hans"):
        response.set_cookie(LANG_COOKIE, lang, max_age=365 * 86400, **_cookie_args(request))
    return response


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, db: DB, next: str = "") -> HTMLResponse:  # noqa: A002
    page = anonymous(request, db)
    token = secrets.token_urlsafe(24)
    response = page.render("login.html", next=safe_next(next), login_csrf=token, error=None, name="")
    response.set_cookie(LOGIN_CSRF_COOKIE, token, max_age=3600, **_cookie_args(request))
    return response


@router.post("/login", response_class=HTMLResponse)
async def login(request: Request, db: DB) -> Response:
    page = anonymous(request, db)
    form = await request.form()
    name, password = str(form.get("name", "")), str(form.get("password", ""))
    next_url = safe_next(str(form.get("next", "")))
    if not auth.csrf_ok(request.cookies.get(LOGIN_CSRF_COOKIE), form.get("csrf")):
        return page.render("refused.html", status=403,
                           reason=page._("The form had no valid security token. Reload the page and try again."))
    result = auth.login(db, name, password)
    if result.user is None:
        if result.error == "locked":
            auth.audit(db, name[:100], "login.locked", f"user:{name[:100]}", None, None)
        db.commit()
        error = {
            "locked": page._("Too many wrong passwords: this name is locked for 15 minutes."),
            "disabled": page._("This user is disabled."),
        }.get(result.error or "", page._("Wrong name or password."))
        token = secrets.token_urlsafe(24)
        response = page.render("login.html", status=401, next=next_url, login_csrf=token, error=error, name=name)
        response.set_cookie(LOGIN_CSRF_COOKIE, token, max_age=3600, **_cookie_args(request))
        return response
    cookie = auth.start_session(db, result.user)
    db.commit()
    response = RedirectResponse(next_url, status_code=303)
    response.set_cookie(COOKIE, cookie, max_age=int(auth.SESSION_TTL.total_seconds()), **_cookie_args(request))
    response.delete_cookie(LOGIN_CSRF_COOKIE, path=PREFIX)
    return response


@router.post("/logout")
async def logout(request: Request, db: DB) -> Response:
    page, _ = await posted(request, db)
    assert page.login is not None
    auth.end_session(db, page.login)
    db.commit()
    response = RedirectResponse(PREFIX + "/login", status_code=303)
    response.delete_cookie(COOKIE, path=PREFIX)
    return response


# --------------------------------------------------------------------------- dashboard

def _chart(page: Page, labels: list[str], series: dict[str, list[int]]) -> Markup:
    style = Style(background="#ffffff", plot_background="#ffffff", font_family="system-ui, sans-serif",
                  colors=("#2f6d3a", "#c2410c", "#1d4ed8", "#a16207", "#7e22ce", "#0f766e", "#be123c"))
    chart = pygal.Line(width=900, height=320, style=style, js=[], disable_xml_declaration=True,
                       show_dots=True, x_label_rotation=30, legend_at_bottom=True, margin=12,
                       value_formatter=lambda v: page.fmt.money(int(v)) if v is not None else "")
    chart.title = page._("Sales by day (tax included)")
    chart.x_labels = [page.fmt.date(date.fromisoformat(d)) for d in labels]
    for code, values in series.items():
        chart.add(code, [v / 10 ** page.fmt.digits for v in values])
    chart.value_formatter = lambda v: page.fmt.money(round(v * 10 ** page.fmt.digits)) if v is not None else ""
    # pygal writes its tooltip configuration as an inline script even without its JavaScript:
    # the console runs none (and its Content-Security-Policy would refuse it).
    svg = re.sub(r"<script\b.*?</script>", "", chart.render(is_unicode=True), flags=re.S)
    return Markup(svg)


@router.get("/", response_class=HTMLResponse)
def dashboard(request: Request, db: DB, days: int = 14) -> HTMLResponse:
    page = signed_in(request, db)
    days = min(max(days, 7), 92)
    labels, series = services.sales_by_day(db, days)
    return page.render(
        "dashboard.html", days=days, chart=_chart(page, labels, series) if series else None,
        top=services.top_products(db, days), slow=services.top_products(db, days, slow=True),
        falling=services.falling_shops(db, days), note=_note(page),
    )


@router.post("/insights/publish")
async def publish_insights(request: Request, db: DB) -> Response:
    page, _ = await posted(request, db)
    page.require("catalog")
    shops, cursor = insights.publish(db)
    auth.audit(db, page.user.name, "insights.publish", "network", None, {"shops": shops, "cursor": cursor})
    db.commit()
    return redirect(PREFIX + "/", "insights")


# --------------------------------------------------------------------------- catalog

@router.get("/catalog", response_class=HTMLResponse)
def catalog_list(request: Request, db: DB, q: str = "", category: str = "", status: str = "",
                 page: int = 1) -> HTMLResponse:
    view = signed_in(request, db)
    found = services.search_products(db, q[:200], category[:100], status, page)
    return view.render("catalog.html", found=found, q=q, category=category, status_filter=status,
                       categories=services.categories(db), unpublished=services.unpublished_count(db),
                       note=_note(view))


def _product_or_404(page: Page, sku: str) -> Product:
    product = page.db.scalar(select(Product).where(Product.sku == sku))
    if product is None:
        raise Refused(page, page._("There is no product %(sku)s.", sku=sku))
    return product


@router.get("/catalog/products/{sku}", response_class=HTMLResponse)
def product_page(sku: str, request: Request, db: DB) -> HTMLResponse:
    page = signed_in(request, db)
    product = _product_or_404(page, sku)
    return _product_render(page, product)


def _product_render(page: Page, product: Product, error: str | None = None, form: dict | None = None,
                    status: int = 200) -> HTMLResponse:
    return page.render("product.html", status=status, product=product, error=error, form=form or {},
                       history=services.history(page.db, f"product:{product.sku}"), note=_note(page))


@router.post("/catalog/products/{sku}", response_class=HTMLResponse)
async def product_save(sku: str, request: Request, db: DB) -> Response:
    """Price, bounds and the other fields in one form; a field left as it was is not changed."""
    page, form = await posted(request, db)
    page.require("catalog")
    product = _product_or_404(page, sku)
    before = services.product_dict(product)
    try:
        price = page.fmt.parse_amount(str(form.get("price", "")), page._("Price"), page._)
        min_price = page.fmt.parse_amount(str(form.get("min_price", "")), page._("Lowest price"), page._)
        max_price = page.fmt.parse_amount(str(form.get("max_price", "")), page._("Highest price"), page._)
        cost = page.fmt.parse_amount(str(form.get("cost", "")), page._("Cost to the shop"), page._)
        if price is None:
            raise ValueError(page._("Price is required."))
        vat = _vat_bp(str(form.get("vat_rate", "")), page)
        barcodes = [b.strip() for b in str(form.get("barcodes", "")).replace(",", " ").split() if b.strip()]
        changes = {
            "name": str(form.get("name", "")), "category": str(form.get("category", "")) or None,
            "unit": str(form.get("unit", "each")), "vat_rate_bp": vat, "cost": cost or 0,
            "barcodes": barcodes, "active": form.get("active") == "on",
        }
        # The same services as PATCH /admin/products/{sku} and PUT /admin/products/{sku}/price.
        with db.begin_nested():
            catalog.edit_product(db, sku, changes)
            catalog.set_price(db, sku, price, min_price, max_price)
    except (ValueError, CatalogError) as exc:
        db.rollback()
        product = _product_or_404(page, sku)
        return _product_render(page, product, error=str(exc), form=dict(form), status=400)
    old, new = auth.changed_only(before, services.product_dict(product))
    if new:
        auth.audit(db, page.user.name, "product.edit", f"product:{sku}", old, new)
    db.commit()
    return redirect(f"{PREFIX}/catalog/products/{sku}", "saved")


def _vat_bp(text: str, page: Page) -> int:
    from decimal import Decimal, InvalidOperation

    try:
        value = Decimal(text.strip().rstrip("%").strip().replace(",", "."))
    except InvalidOperation:
        raise ValueError(page._("VAT rate: %(value)s is not a percentage like 7 or 5.5", value=text)) from None
    bp = value * 100
    if bp != bp.to_integral_value() or not 0 <= bp <= 10_000:
        raise ValueError(page._("VAT rate: %(value)s is not a percentage like 7 or 5.5", value=text))
    return int(bp)


@router.post("/catalog/publish")
async def publish_catalog(request: Request, db: DB) -> Response:
    page, _ = await posted(request, db)
    page.require("catalog")
    count, cursor = catalog.publish(db)
    auth.audit(db, page.user.name, "catalog.publish", "catalog", None, {"published": count, "cursor": cursor})
    db.commit()
    return redirect(PREFIX + "/catalog", "published")


@router.get("/catalog/import", response_class=HTMLResponse)
def import_form(request: Request, db: DB) -> HTMLResponse:
    page = signed_in(request, db)
    return page.render("import.html", preview=None, upload=None, threshold=10, note=_note(page),
                       unpublished=services.unpublished_count(db))


MAX_UPLOAD = 50 * 1024 * 1024


@router.post("/catalog/import", response_class=HTMLResponse)
async def import_preview(request: Request, db: DB) -> HTMLResponse:
    page, form = await posted(request, db)
    page.require("catalog")
    upload = form.get("file")
    threshold = _int(form.get("threshold"), 10) or 10
    error = None
    text = ""
    filename = ""
    if upload is None or isinstance(upload, str) or not upload.filename:
        error = page._("Choose a CSV file to import.")
    else:
        filename = upload.filename[:200]
        raw = await upload.read(MAX_UPLOAD + 1)
        if len(raw) > MAX_UPLOAD:
            error = page._("The file is larger than 50 MB.")
        else:
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                error = page._("The file is not UTF-8 text.")
    if error:
        return page.render("import.html", status=400, preview=None, upload=None, threshold=threshold, error=error,
                           unpublished=services.unpublished_count(db))
    fmt = "json" if filename.lower().endswith(".json") else "csv"
    preview = services.preview_import(db, text, fmt, threshold * 100)
    upload_row = None
    if preview.ok:
        upload_row = ConsoleImport(id=auth.new_id(), created_by=page.user.name, created_at=identity.utcnow(),
                                   filename=filename, content=text, status="previewed")
        db.add(upload_row)
        db.commit()
    return page.render("import.html", status=200 if preview.ok else 400, preview=preview, upload=upload_row,
                       threshold=threshold, filename=filename, unpublished=services.unpublished_count(db))


@router.post("/catalog/import/{import_id}/apply")
async def import_apply(import_id: uuid.UUID, request: Request, db: DB) -> Response:
    page, _ = await posted(request, db)
    page.require("catalog")
    row = db.get(ConsoleImport, import_id)
    if row is None or row.status != "previewed":
        raise Refused(page, page._("This import was already applied or does not exist."))
    fmt = "json" if row.filename.lower().endswith(".json") else "csv"
    try:
        # The same service as POST /admin/catalog/import: all rows or none.
        result = catalog.import_products(db, catalog.parse_catalog(row.content, fmt))
    except CatalogError as exc:
        db.rollback()
        return page.render("import.html", status=400, preview=None, upload=None, threshold=10,
                           error=str(exc) + "; " + "; ".join(f"line {e.line}: {e.reason}" for e in exc.errors[:20]),
                           unpublished=services.unpublished_count(db))
    row.status = "applied"
    auth.audit(db, page.user.name, "catalog.import", f"import:{row.filename}", None, result.as_dict())
    db.commit()
    return redirect(PREFIX + "/catalog/import", "applied")


# --------------------------------------------------------------------------- policies

POLICY_HELP = {
    "return_window_days": "Days after a sale in which the till accepts a refund.",
    "cashier_discount_limit_bp": "The largest discount a cashier may give without the owner's PIN, in basis points (1000 = 10 %).",
    "loyalty_earn_per_100": "Loyalty points a customer earns per 100 minor units spent.",
    "commission_bp": "The platform's commission on sales of platform goods, in basis points; used in settlement.",
    "receipt_footer": "Text printed at the foot of every receipt.",
    "feedback_qr": "Whether receipts carry the QR code to the digital receipt and feedback page (true or false).",
    "cash_rounding": "Cash totals are rounded to this many minor units (0: no rounding).",
}


@router.get("/policies", response_class=HTMLResponse)
def policies_page(request: Request, db: DB) -> HTMLResponse:
    page = signed_in(request, db)
    current = catalog.policies(db)
    return page.render("policies.html", current=current, keys=list(catalog.POLICY_CHECKS), help=POLICY_HELP,
                       note=_note(page), error=None)


@router.post("/policies/{key}", response_class=HTMLResponse)
async def policy_set(key: str, request: Request, db: DB) -> Response:
    page, form = await posted(request, db)
    page.require("catalog")
    before = catalog.policies(db).get(key)
    try:
        value, _seq = catalog.set_policy(db, key, str(form.get("value", "")))
    except CatalogError as exc:
        db.rollback()
        return page.render("policies.html", status=400, current=catalog.policies(db), keys=list(catalog.POLICY_CHECKS),
                           help=POLICY_HELP, note=None, error=f"{key}: {exc}")
    auth.audit(db, page.user.name, "policy.set", f"policy:{key}", {"value": before}, {"value": value})
    db.commit()
    return redirect(PREFIX + "/policies", "policy")


# --------------------------------------------------------------------------- shops

def _qr_svg(text: str) -> Markup:
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    svg = image.to_string(encoding="unicode")
    if svg.startswith("<?xml"):
        svg = svg[svg.index("?>") + 2:]
    return Markup(svg)


@router.get("/shops", response_class=HTMLResponse)
def shops_page(request: Request, db: DB) -> HTMLResponse:
    page = signed_in(request, db)
    return page.render("shops.html", health=shop_health(db), extras=services.shop_extras(db), note=_note(page),
                       error=None, enrollment=None)


def _enrollment(page: Page, shop, code: str, expires) -> dict[str, Any]:
    base = str(page.request.base_url).rstrip("/")
    command = f"corner enroll {base} {code}"
    return {"shop": shop, "code": code, "expires": expires, "command": command, "qr": _qr_svg(command)}


@router.post("/shops", response_class=HTMLResponse)
async def shop_create(request: Request, db: DB) -> HTMLResponse:
    page, form = await posted(request, db)
    page.require("operations")
    try:
        shop = identity.create_shop(db, str(form.get("name", "")), str(form.get("code", "")).strip() or None)
        code, expires = identity.create_enrollment_code(db, shop, request.app.state.settings.enrollment_code_ttl_hours)
    except identity.IdentityError as exc:
        db.rollback()
        return page.render("shops.html", status=400, health=shop_health(db), extras=services.shop_extras(db),
                           note=None, error=str(exc), enrollment=None)
    auth.audit(db, page.user.name, "shop.create", f"shop:{shop.code}", None, {"code": shop.code, "name": shop.name})
    db.commit()
    return page.render("enrollment.html", enrollment=_enrollment(page, shop, code, expires))


@router.get("/shops/{code}", response_class=HTMLResponse)
def shop_page(code: str, request: Request, db: DB) -> HTMLResponse:
    page = signed_in(request, db)
    try:
        shop = identity.find_shop(db, code)
    except identity.IdentityError:
        raise Refused(page, page._("There is no shop %(code)s.", code=code)) from None
    return page.render("shop.html", shop=shop, devices=services.devices(db, shop.id), note=_note(page),
                       deliveries=_deliveries(db, shop.id, limit=20))


@router.post("/shops/{code}/enrollment-code", response_class=HTMLResponse)
async def shop_new_code(code: str, request: Request, db: DB) -> HTMLResponse:
    page, _ = await posted(request, db)
    page.require("operations")
    try:
        shop = identity.find_shop(db, code)
    except identity.IdentityError:
        raise Refused(page, page._("There is no shop %(code)s.", code=code)) from None
    new_code, expires = identity.create_enrollment_code(db, shop, request.app.state.settings.enrollment_code_ttl_hours)
    auth.audit(db, page.user.name, "shop.enrollment_code", f"shop:{shop.code}", None,
               {"expires_at": expires.isoformat()})
    db.commit()
    return page.render("enrollment.html", enrollment=_enrollment(page, shop, new_code, expires))


@router.post("/devices/{device_id}/revoke")
async def device_revoke(device_id: uuid.UUID, request: Request, db: DB) -> Response:
    page, _ = await posted(request, db)
    page.require("operations")
    try:
        device = identity.revoke_device(db, device_id)
    except identity.IdentityError as exc:
        raise Refused(page, str(exc)) from None
    shop = db.get(identity.Shop, device.shop_id)
    auth.audit(db, page.user.name, "device.revoke", f"shop:{shop.code}", {"device": str(device.id), "revoked": False},
               {"device": str(device.id), "revoked": True})
    db.commit()
    return redirect(f"{PREFIX}/shops/{shop.code}", "revoked")


# --------------------------------------------------------------------------- quarantine

@router.get("/quarantine", response_class=HTMLResponse)
def quarantine_page(request: Request, db: DB, shop: str = "", show: str = "open") -> HTMLResponse:
    page = signed_in(request, db)
    shop_id = None
    if shop:
        try:
            shop_id = identity.find_shop(db, shop).id
        except identity.IdentityError:
            shop_id = uuid.UUID(int=0)
    return page.render("quarantine.html", rows=services.quarantined(db, shop_id, show), shop=shop, show=show,
                       conflicts=services.held_conflicts(db, shop_id), shops=services.shops(db), note=_note(page))


def _event(page: Page, event_id: uuid.UUID) -> EventRow:
    # Event ids are unique within a shop (the key is (shop, id)); a quarantined one is the one meant.
    event = page.db.scalars(select(EventRow).where(EventRow.id == event_id)
                            .order_by((EventRow.status == "quarantined").desc(), EventRow.received_at)).first()
    if event is None:
        raise Refused(page, page._("There is no such event."))
    return event


@router.get("/quarantine/{event_id}", response_class=HTMLResponse)
def quarantine_event(event_id: uuid.UUID, request: Request, db: DB) -> HTMLResponse:
    page = signed_in(request, db)
    return _event_render(page, _event(page, event_id))


def _event_render(page: Page, event: EventRow, error: str | None = None, status: int = 200) -> HTMLResponse:
    import json

    shop = page.db.get(identity.Shop, event.shop_id)
    mark = services.marks(page.db, "event", [event.id]).get(event.id)
    return page.render("event.html", status=status, event=event, shop=shop, mark=mark, error=error,
                       raw=json.dumps(event.payload, indent=2, ensure_ascii=False, default=str), note=_note(page))


@router.post("/quarantine/{event_id}/reject", response_class=HTMLResponse)
async def quarantine_reject(event_id: uuid.UUID, request: Request, db: DB) -> Response:
    page, form = await posted(request, db)
    page.require("operations")
    event = _event(page, event_id)
    reason = str(form.get("reason", "")).strip()
    if not reason or len(reason) > 500:
        return _event_render(page, event, page._("Give a reason of 1 to 500 characters."), 400)
    old = services.reject(db, event, reason, page.user.name)
    auth.audit(db, page.user.name, "event.reject", f"event:{event.id}",
               None if old is None else {"state": old.state, "note": old.note}, {"state": "rejected", "note": reason})
    db.commit()
    return redirect(f"{PREFIX}/quarantine/{event.id}", "rejected")


@router.post("/quarantine/{event_id}/reapply", response_class=HTMLResponse)
async def quarantine_reapply(event_id: uuid.UUID, request: Request, db: DB) -> Response:
    page, _ = await posted(request, db)
    page.require("operations")
    event = _event(page, event_id)
    before = {"status": event.status, "reason": event.reason}
    try:
        services.reapply(db, event)
    except services.ReapplyError as exc:
        db.rollback()
        return _event_render(page, _event(page, event_id),
                             page._("It still cannot be applied: %(reason)s", reason=str(exc)), 400)
    services.reapplied(db, event, page.user.name)
    auth.audit(db, page.user.name, "event.reapply", f"event:{event.id}", before, {"status": "accepted"})
    db.commit()
    return redirect(f"{PREFIX}/quarantine/{event.id}", "reapplied")


# --------------------------------------------------------------------------- feedback

@router.get("/feedback", response_class=HTMLResponse)
def feedback_page(request: Request, db: DB, rating: str = "", shop: str = "", unread: str = "",
                  days: str = "") -> HTMLResponse:
    page = signed_in(request, db)
    shop_id = None
    if shop:
        try:
            shop_id = identity.find_shop(db, shop).id
        except identity.IdentityError:
            shop_id = uuid.UUID(int=0)
    r = _int(rating)
    rows = services.feedback_rows(db, r if r in (1, 2, 3, 4, 5) else None, shop_id, unread == "1",
                                  _int(days) if _int(days) in (1, 7, 30, 90) else None)
    return page.render("feedback.html", rows=rows, rating=rating, shop=shop, unread=unread, days=days,
                       shops=services.shops(db), note=_note(page))


@router.post("/feedback/{feedback_id}/handled")
async def feedback_handled(feedback_id: uuid.UUID, request: Request, db: DB) -> Response:
    page, form = await posted(request, db)
    page.require("feedback")
    if db.get(Feedback, feedback_id) is None:
        raise Refused(page, page._("There is no such feedback."))
    old = services.set_mark(db, "feedback", feedback_id, "handled", str(form.get("note", ""))[:500], page.user.name)
    auth.audit(db, page.user.name, "feedback.handled", f"feedback:{feedback_id}",
               None if old is None else {"state": old.state}, {"state": "handled"})
    db.commit()
    back = str(form.get("back", ""))
    return redirect(safe_next(back) if back else PREFIX + "/feedback", "handled")


# --------------------------------------------------------------------------- orders and shipments

def _deliveries(db: Session, shop_id: uuid.UUID | None = None, limit: int = 50) -> list[dict]:
    """Shipments with what the shops counted, and how each discrepancy was resolved (if it was)."""
    rows = orders.delivery_view(db, shop_id, limit=limit)
    found = services.marks(db, "delivery", [uuid.UUID(d["id"]) for d in rows])
    for d in rows:
        d["mark"] = found.get(uuid.UUID(d["id"]))
    return rows


@router.post("/deliveries/{shipment_id}/resolved")
async def delivery_resolved(shipment_id: uuid.UUID, request: Request, db: DB) -> Response:
    """A shop's count that differs from the shipment, settled by the operations team (a credit, a
    reshipment, a write-off): marked resolved with what was done, audited."""
    page, form = await posted(request, db)
    page.require("operations")
    if db.get(Shipment, shipment_id) is None:
        raise Refused(page, page._("There is no such shipment."))
    note = str(form.get("note", "")).strip()[:500]
    if not note:
        raise Refused(page, page._("Say what was done about the discrepancy (a credit, a reshipment…)."))
    old = services.set_mark(db, "delivery", shipment_id, "resolved", note, page.user.name)
    auth.audit(db, page.user.name, "delivery.resolved", f"shipment:{shipment_id}",
               None if old is None else {"state": old.state, "note": old.note}, {"state": "resolved", "note": note})
    db.commit()
    back = str(form.get("back", ""))
    return redirect(safe_next(back) if back else PREFIX + "/orders", "resolved")


def _orders(db: Session, status: str) -> list:
    """The orders of a tab. "Open" also holds orders shipped in part: something is still to ship."""
    rows = orders.list_orders(db, status=status, limit=200)
    if status == "placed":
        rows += [o for o in orders.list_orders(db, status="shipped", limit=500)
                 if any(line["shipped"] < line["qty"] for line in o.lines)]
        rows.sort(key=lambda o: (o.created_at, str(o.id)))
    return rows


@router.get("/orders", response_class=HTMLResponse)
def orders_page(request: Request, db: DB, status: str = "placed") -> HTMLResponse:
    page = signed_in(request, db)
    status = status if status in orders.ORDER_STATUSES else "placed"
    rows = _orders(db, status)
    costs = {p.sku: p.cost for p in db.scalars(select(Product).where(
        Product.sku.in_({line["sku"] for o in rows for line in o.lines})))} if rows else {}
    return page.render("orders.html", rows=rows, order_status=status, costs=costs, takes_costs=services.ship_takes_costs(),
                       deliveries=_deliveries(db), note=_note(page), error=None)


@router.post("/orders/{order_id}/ship", response_class=HTMLResponse)
async def order_ship(order_id: uuid.UUID, request: Request, db: DB) -> Response:
    page, form = await posted(request, db)
    page.require("operations")
    lines: list[tuple[str, int]] = []
    costs: dict[str, int] = {}
    error = None
    for key, value in form.items():
        if key.startswith("qty:"):
            sku = key[4:]
            qty = _int(value, -1)
            if qty is None or qty < 0:
                error = page._("%(sku)s: the quantity must be a whole number, 0 or more.", sku=sku)
            elif qty > 0:
                lines.append((sku, qty))
                cost_text = str(form.get(f"cost:{sku}", "")).strip()
                if cost_text:
                    try:
                        cost = page.fmt.parse_amount(cost_text, sku, page._)
                    except ValueError as exc:
                        error = str(exc)
                    else:
                        if cost is not None:
                            costs[sku] = cost
    if not lines and error is None:
        error = page._("Enter a quantity for at least one line.")
    if error is None:
        try:
            shipment = services.ship(db, order_id, lines, costs, page.user.name)
        except orders.OrderError as exc:
            db.rollback()
            error = str(exc)
    if error is not None:
        rows = _orders(db, "placed")
        return page.render("orders.html", status=400, order_status="placed", rows=rows, costs={}, takes_costs=services.ship_takes_costs(),
                           deliveries=_deliveries(db), note=None, error=error)
    auth.audit(db, page.user.name, "order.ship", f"order:{order_id}", None,
               {"shipment": str(shipment.id), "lines": shipment.lines})
    db.commit()
    return redirect(PREFIX + "/orders", "shipped")


# --------------------------------------------------------------------------- settlement

@router.get("/settlement", response_class=HTMLResponse)
def settlement_page(request: Request, db: DB, shop: str = "", start: str = "", end: str = "",
                    format: str = "") -> Response:  # noqa: A002
    page = signed_in(request, db)
    statement, error, row = None, None, None
    if shop and start and end:
        try:
            row = identity.find_shop(db, shop)
            a, b = settlement.period(start, end)
            statement = settlement.statement(db, row.id, a, b)
        except identity.IdentityError:
            error = page._("There is no shop %(code)s.", code=shop)
        except settlement.PeriodError as exc:
            error = str(exc)
    if statement is not None and format == "csv":
        name = f"settlement-{row.code}-{start}-{end}.csv".replace("/", "-")
        return Response(settlement.as_csv(statement), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})
    names = promotions.names(db, [pid for pid, _ in statement.credits]) if statement is not None else {}
    if statement is not None and format == "pdf":
        name = f"settlement-{row.code}-{start}-{end}.pdf".replace("/", "-")
        return Response(_statement_pdf(page, row, start, end, statement), media_type="application/pdf",
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})
    return page.render("settlement.html", status=400 if error else 200, shops=services.shops(db), shop=shop,
                       start=start, end=end, statement=statement, error=error, shop_row=row, promotion_names=names)


def _statement_pdf(page: Page, shop: identity.Shop, start: str, end: str, st) -> bytes:
    """The statement the page shows, as PDF (the same numbers, from the same computation)."""
    from . import pdf

    cjk = page.lang.startswith("zh")
    _ = page._ if not cjk or pdf.font_for(True) else (lambda text, **kw: text % kw if kw else text)
    money = page.fmt.money
    rows = [(_("Goods received at wholesale cost"), money(st.goods_received)),
            (_("Sales of platform goods"), money(st.platform_sales)), (_("of which VAT"), money(st.platform_sales_tax)),
            (_("Sales of local goods"), money(st.local_sales)), (_("of which VAT"), money(st.local_sales_tax)),
            (_("Cost of platform goods sold"), money(st.cost_of_platform_goods_sold)),
            (_("Margin on platform goods"), money(st.margin)),
            (_("Commission rate"), page.fmt.percent_bp(st.commission_bp)), (_("Commission"), money(st.commission))]
    if st.promotion_credits:
        rows.append((_("Promotion credits"), money(-st.promotion_credits)))
    title = f"{_('Settlement')} · {shop.code} {shop.name}"
    subtitle = f"{_('First day')}: {start}    {_('Day after the last')}: {end}"
    return pdf.statement_pdf(title, subtitle, rows, (_("Amount due to the platform"), money(st.amount_due)),
                             _("The same computation as the till's statement."), cjk=cjk and pdf.font_for(True) is not None)


# --------------------------------------------------------------------------- users and audit

@router.get("/users", response_class=HTMLResponse)
def users_page(request: Request, db: DB) -> HTMLResponse:
    page = signed_in(request, db)
    page.require("admin")
    return page.render("users.html", users=auth.users(db), roles=ROLES, error=None, note=_note(page))


@router.post("/users", response_class=HTMLResponse)
async def user_add(request: Request, db: DB) -> Response:
    page, form = await posted(request, db)
    page.require("admin")
    try:
        user = auth.add_user(db, str(form.get("name", "")), str(form.get("role", "")), str(form.get("password", "")))
    except auth.AuthError as exc:
        db.rollback()
        return page.render("users.html", status=400, users=auth.users(db), roles=ROLES, error=str(exc), note=None)
    auth.audit(db, page.user.name, "user.add", f"user:{user.name}", None, {"name": user.name, "role": user.role})
    db.commit()
    return redirect(PREFIX + "/users", "user_added")


@router.post("/users/{name}/{action}", response_class=HTMLResponse)
async def user_change(request: Request, db: DB, name: str, action: str) -> Response:
    """Disable or enable a user, or reset their password (admins; audited)."""
    page, form = await posted(request, db)
    page.require("admin")
    if action not in ("disable", "enable", "password"):
        raise HTTPException(404)
    if name == "-":  # the reset form names the user in a field
        name = str(form.get("name", ""))
    try:
        user = auth.find_user(db, name)
        before = {"disabled": user.disabled_at is not None}
        if action == "disable":
            if user.id == page.user.id:
                raise auth.AuthError("you cannot disable yourself")
            auth.disable_user(db, user)
            auth.audit(db, page.user.name, "user.disable", f"user:{user.name}", before, {"disabled": True})
        elif action == "enable":
            auth.enable_user(db, user)
            auth.audit(db, page.user.name, "user.enable", f"user:{user.name}", before, {"disabled": False})
        else:
            auth.set_password(db, user, str(form.get("password", "")))
            auth.audit(db, page.user.name, "user.reset_password", f"user:{user.name}", None, {"password": "reset"})
    except auth.AuthError as exc:
        db.rollback()
        return page.render("users.html", status=400, users=auth.users(db), roles=ROLES, error=str(exc), note=None)
    db.commit()
    if user.id == page.user.id and action == "password":
        return RedirectResponse(PREFIX + "/login", status_code=303)
    return redirect(PREFIX + "/users", {"disable": "user_disabled", "enable": "user_enabled"}.get(action, "password_reset"))


@router.get("/audit", response_class=HTMLResponse)
def audit_page(request: Request, db: DB, target: str = "", page: int = 1) -> HTMLResponse:
    view = signed_in(request, db)
    view.require("admin")
    query = select(ConsoleAudit).order_by(ConsoleAudit.at.desc(), ConsoleAudit.id.desc())
    if target:
        query = query.where(ConsoleAudit.target == target[:200])
    page = max(page, 1)
    rows = list(db.scalars(query.limit(101).offset((page - 1) * 100)))
    return view.render("audit.html", rows=rows[:100], more=len(rows) > 100, page_no=page, target=target)
