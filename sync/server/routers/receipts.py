"""The digital receipt page ``/r/{shop code}/{token}``: no login, server-rendered, feedback by plain
HTML form.

The token is the secret (128 random bits made by the till); the shop code binds it to the shop
that printed it, so no other shop can claim, pre-empt or shadow the page or its feedback, also
before the sale has synced (a sale another shop pushes with the same token is on that shop's own
page). Addresses printed before the shop code was part of them (``/r/{token}``) are sent on to the
one shop that holds the token, and to none when two shops do. Pages and posts are rate limited
per client address (``CORNER_TRUSTED_PROXIES`` names the proxies whose ``X-Forwarded-For`` is
believed); the form carries a CSRF token (double-submit cookie) and a foreign ``Origin`` is
refused. The page never answers 500: bad input gets a page saying what to fix, trouble on our
side a page asking to try again.
"""

from __future__ import annotations

import logging
import math
import secrets
from urllib.parse import parse_qs, quote, urlsplit

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from .. import changefeed, feedback, promotions
from ..db import SessionDep
from ..feedback import FeedbackError
from ..models import Payment, Refund, RefundLine, SaleLine, Shop
from ..receipt_page import Page, message_page, render
from ..security import client_address
from .common import is_retryable

log = logging.getLogger("corner.server.receipts")

router = APIRouter(tags=["receipt page"])

_PAGE = {"content": {"text/html": {"schema": {"type": "string"}}}}
PAGE_RESPONSES: dict[int | str, dict] = {
    200: {**_PAGE, "description": "The page"},
    404: {**_PAGE, "description": "Not a receipt of a shop of ours"},
    429: {**_PAGE, "description": "Too many requests from this address (Retry-After)"},
    503: {**_PAGE, "description": "Trouble on our side: try again (Retry-After)"},
}
LEGACY_RESPONSES: dict[int | str, dict] = {
    **PAGE_RESPONSES,
    303: {"description": "The receipt's page at its address with the shop code"},
}
POST_RESPONSES: dict[int | str, dict] = {
    **PAGE_RESPONSES,
    303: {"description": "Saved: see the page again"},
    400: {**_PAGE, "description": "Input to correct (the page says what)"},
    403: {**_PAGE, "description": "Not sent from the receipt page's own form (CSRF token or Origin)"},
    413: {**_PAGE, "description": "The form is too large"},
}
FORM_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/x-www-form-urlencoded": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "rating": {"type": "string", "enum": ["1", "2", "3", "4", "5"]},
                        "comment": {"type": "string", "maxLength": 2000},
                        "csrf": {"type": "string", "description": "The token the page's form carries"},
                    },
                    "required": ["rating"],
                }
            }
        },
    }
}

MAX_FORM_BYTES = 32 * 1024
CSRF_COOKIE = "corner_csrf"
HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",  # the token is in the address
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'",
}


def _html(body: str, status_code: int = 200, extra: dict[str, str] | None = None) -> HTMLResponse:
    return HTMLResponse(body, status_code=status_code, headers={**HEADERS, **(extra or {})})


def _bad_link() -> HTMLResponse:
    return _html(message_page(
        "This receipt link does not work",
        "The address is not a receipt of ours. Scan the QR code on your receipt again, "
        "or type the address exactly as printed.",
    ), 404)


def _try_later() -> HTMLResponse:
    return _html(message_page(
        "Please try again in a minute", "We could not do that just now. Nothing you sent was lost; please try again.",
    ), 503, {"Retry-After": "30"})


def _too_many(wait: float) -> HTMLResponse:
    return _html(message_page(
        "Too many tries", "You have opened or sent receipt pages many times in a short while. "
        "Please wait a minute and try again.",
    ), 429, {"Retry-After": str(max(1, math.ceil(wait)))})


def _limited(request: Request, limiter_name: str) -> HTMLResponse | None:
    """A 429 page when this client address is over the limit, else None."""
    limiter = getattr(request.app.state, limiter_name)
    wait = limiter.check(client_address(request, request.app.state.settings))
    return _too_many(wait) if wait > 0 else None


def _shop(session: Session, shop_code: str) -> Shop | None:
    code = shop_code.upper()
    return feedback.shop_by_code(session, code) if feedback.valid_shop_code(code) else None


def _page(session: Session, request: Request, shop: Shop, token: str) -> Page:
    settings = request.app.state.settings
    page = Page(token=token, currency=settings.currency, locale=settings.locale, shop_name=shop.name)
    sale = feedback.sale_for_token(session, shop.id, token)
    if sale is not None:
        page.sale = sale
        page.lines = list(session.scalars(
            select(SaleLine).where(SaleLine.shop_id == shop.id, SaleLine.sale_id == sale.id).order_by(SaleLine.line_no)))
        page.savings = promotions.savings(session, shop.id, sale.id)
        page.payments = list(session.scalars(select(Payment).where(Payment.shop_id == shop.id, Payment.sale_id == sale.id).order_by(Payment.id)))
        for refund in session.scalars(select(Refund).where(Refund.shop_id == shop.id, Refund.sale_id == sale.id)
                                      .order_by(Refund.created_at, Refund.id)):
            lines = list(session.scalars(select(RefundLine).where(RefundLine.shop_id == shop.id, RefundLine.refund_id == refund.id)
                                         .order_by(RefundLine.id)))
            page.refunds.append((refund, lines))
    page.feedback = feedback.for_token(session, shop.id, token)
    return page


def _csrf_cookie(request: Request) -> str:
    value = request.cookies.get(CSRF_COOKIE, "")
    return value if feedback.valid_token(value) else ""


def _with_csrf(response: Response, request: Request, value: str) -> Response:
    if request.cookies.get(CSRF_COOKIE) != value:
        response.set_cookie(CSRF_COOKIE, value, path="/r/", httponly=True, samesite="strict",
                            secure=request.url.scheme == "https")
    return response


def _show(session: Session, request: Request, shop: Shop, token: str, status_code: int = 200,
          fill=None) -> Response:
    csrf = _csrf_cookie(request) or secrets.token_urlsafe(16)
    page = _page(session, request, shop, token)
    page.csrf = csrf
    if fill is not None:
        fill(page)
    return _with_csrf(_html(render(page), status_code), request, csrf)


@router.get("/r/{shop_code}/{token}", response_class=HTMLResponse, summary="A receipt's page (for the customer)",
            responses=PAGE_RESPONSES)
def receipt_page(shop_code: str, token: str, request: Request, session: SessionDep,
                 saved: str | None = None) -> Response:
    if (limited := _limited(request, "receipt_page_limiter")) is not None:
        return limited
    if not feedback.valid_token(token):
        return _bad_link()
    try:
        shop = _shop(session, shop_code)
        if shop is None:
            return _bad_link()

        def notice(page: Page) -> None:
            if saved in ("new", "updated"):
                page.notice = saved

        return _show(session, request, shop, token, fill=notice)
    except Exception:  # noqa: BLE001 - the customer gets a page, the details go to the log
        log.exception("receipt page %s… failed", token[:4])
        return _try_later()
    finally:
        session.rollback()


@router.get("/r/{token}", response_class=HTMLResponse, summary="A receipt's page at an address printed without "
            "the shop code", responses=LEGACY_RESPONSES)
def legacy_receipt_page(token: str, request: Request, session: SessionDep) -> Response:
    """Receipts printed before the address named the shop: sent on to the one shop whose sale
    carries the token; when none or several do, the page cannot say whose receipt it is."""
    if (limited := _limited(request, "receipt_page_limiter")) is not None:
        return limited
    if not feedback.valid_token(token):
        return _bad_link()
    try:
        codes = feedback.shops_with_token(session, token)
    except Exception:  # noqa: BLE001
        log.exception("receipt page %s… failed", token[:4])
        return _try_later()
    finally:
        session.rollback()
    if len(codes) != 1:
        return _html(message_page(
            "We cannot find this receipt yet",
            "This receipt has not reached us yet, or its address is incomplete. Please come back later, "
            "or scan the QR code of a newer receipt.",
        ), 404)
    return RedirectResponse(f"/r/{quote(codes[0])}/{token}", status_code=303, headers=HEADERS)


def _foreign_origin(request: Request) -> bool:
    """An ``Origin`` that is not this server's own. (``null``, which browsers send for a page with
    ``Referrer-Policy: no-referrer``, proves nothing either way: the CSRF token decides.)"""
    origin = request.headers.get("origin")
    if origin is None or origin == "null":
        return False
    host = request.headers.get("host", "")
    return urlsplit(origin).netloc.lower() != host.lower()


def _save(session: Session, request: Request, shop: Shop, token: str, rating_text: str | None,
          comment: str | None) -> Response:
    try:
        rating, clean = feedback.check(rating_text, comment)
    except FeedbackError as exc:
        def keep(page: Page) -> None:
            page.error = str(exc)
            page.comment = comment or ""
            try:
                page.rating = int(rating_text or "")
            except ValueError:
                page.rating = None

        response = _show(session, request, shop, token, 400, keep)
        session.rollback()
        return response
    for attempt in range(3):
        try:
            saved, changes = feedback.save(session, shop.id, token, rating, clean)
            changefeed.append(session, changes)
            session.commit()
            break
        except DBAPIError as exc:
            session.rollback()
            if attempt < 2 and is_retryable(exc):
                continue
            raise
    log.info("receipt feedback %s (%s, %s)", saved.feedback.id, "new" if saved.created else "edited",
             "with its sale" if saved.published else "waiting for its sale")
    return RedirectResponse(f"/r/{quote(shop.code)}/{token}?saved={'new' if saved.created else 'updated'}",
                            status_code=303, headers=HEADERS)


def _refuse_forgery(session: Session, request: Request, shop: Shop, token: str) -> Response:
    def say(page: Page) -> None:
        page.error = "Please send your feedback with the form on this page."

    response = _show(session, request, shop, token, 403, say)
    session.rollback()
    return response


@router.post("/r/{shop_code}/{token}", response_class=HTMLResponse, summary="Leave or change feedback on a receipt",
             responses=POST_RESPONSES, openapi_extra=FORM_BODY)
async def post_feedback(shop_code: str, token: str, request: Request, session: SessionDep) -> Response:
    if (limited := _limited(request, "receipt_limiter")) is not None:
        return limited
    if not feedback.valid_token(token):
        return _bad_link()
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > MAX_FORM_BYTES:
            return _html(message_page("That was too long", "Please shorten your comment and send it again."), 413)
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    try:
        if kind != "application/x-www-form-urlencoded":
            raise ValueError("not a form")
        fields = parse_qs(bytes(body).decode("utf-8"), keep_blank_values=True, max_num_fields=10)
    except (ValueError, UnicodeDecodeError):
        return _html(message_page(
            "We could not read that", "Please send your feedback with the form on the receipt page.",
        ), 400)
    rating = (fields.get("rating") or [None])[0]
    comment = (fields.get("comment") or [""])[0]
    sent_csrf = (fields.get("csrf") or [""])[0]
    cookie = _csrf_cookie(request)
    forged = _foreign_origin(request) or not cookie or not secrets.compare_digest(sent_csrf.encode(), cookie.encode())
    try:
        shop = await run_in_threadpool(_shop, session, shop_code)
        if shop is None:
            return _bad_link()
        if forged:
            return await run_in_threadpool(_refuse_forgery, session, request, shop, token)
        return await run_in_threadpool(_save, session, request, shop, token, rating, comment)
    except Exception:  # noqa: BLE001 - never a 500 for a customer
        log.exception("saving receipt feedback failed")
        return _try_later()
    finally:
        session.rollback()
