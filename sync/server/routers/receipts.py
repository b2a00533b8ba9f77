"""The digital receipt page ``/r/{token}``: no login, server-rendered, feedback by plain HTML form.

The token is the secret (128 random bits made by the till). The page never answers 500: bad input
gets a page saying what to fix, trouble on our side a page asking to try again.
"""

from __future__ import annotations

import logging
import math
from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from .. import changefeed, feedback
from ..db import SessionDep
from ..feedback import FeedbackError
from ..models import Payment, SaleLine, Shop
from ..receipt_page import Page, message_page, render
from .common import is_retryable

log = logging.getLogger("corner.server.receipts")

router = APIRouter(tags=["receipt page"])

_PAGE = {"content": {"text/html": {"schema": {"type": "string"}}}}
PAGE_RESPONSES: dict[int | str, dict] = {
    200: {**_PAGE, "description": "The page"},
    404: {**_PAGE, "description": "Not a receipt token"},
    503: {**_PAGE, "description": "Trouble on our side: try again (Retry-After)"},
}
POST_RESPONSES: dict[int | str, dict] = {
    **PAGE_RESPONSES,
    303: {"description": "Saved: see the page again"},
    400: {**_PAGE, "description": "Input to correct (the page says what)"},
    413: {**_PAGE, "description": "The form is too large"},
    429: {**_PAGE, "description": "Too many posts from this address (Retry-After)"},
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
                    },
                    "required": ["rating"],
                }
            }
        },
    }
}

MAX_FORM_BYTES = 32 * 1024
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


def _page(session: Session, request: Request, token: str) -> Page:
    settings = request.app.state.settings
    page = Page(token=token, currency=settings.currency, locale=settings.locale)
    sale = feedback.sale_for_token(session, token)
    if sale is not None:
        page.sale = sale
        page.shop_name = session.scalar(select(Shop.name).where(Shop.id == sale.shop_id))
        page.lines = list(session.scalars(
            select(SaleLine).where(SaleLine.sale_id == sale.id).order_by(SaleLine.line_no)))
        page.payments = list(session.scalars(select(Payment).where(Payment.sale_id == sale.id).order_by(Payment.id)))
    page.feedback = feedback.for_token(session, token)
    return page


@router.get("/r/{token}", response_class=HTMLResponse, summary="A receipt's page (for the customer)",
            responses=PAGE_RESPONSES)
def receipt_page(token: str, request: Request, session: SessionDep, saved: str | None = None) -> Response:
    if not feedback.valid_token(token):
        return _bad_link()
    try:
        page = _page(session, request, token)
        if saved in ("new", "updated"):
            page.notice = saved
        return _html(render(page))
    except Exception:  # noqa: BLE001 - the customer gets a page, the details go to the log
        log.exception("receipt page %s… failed", token[:4])
        return _try_later()
    finally:
        session.rollback()


def _save(session: Session, request: Request, token: str, rating_text: str | None, comment: str | None) -> Response:
    try:
        rating, clean = feedback.check(rating_text, comment)
    except FeedbackError as exc:
        page = _page(session, request, token)
        session.rollback()
        page.error = str(exc)
        page.comment = comment or ""
        try:
            page.rating = int(rating_text or "")
        except ValueError:
            page.rating = None
        return _html(render(page), 400)
    for attempt in range(3):
        try:
            saved, changes = feedback.save(session, token, rating, clean)
            changefeed.append(session, changes)
            session.commit()
            break
        except DBAPIError as exc:
            session.rollback()
            if attempt < 2 and is_retryable(exc):
                continue
            raise
    log.info("receipt feedback %s (%s, %s)", saved.feedback.id, "new" if saved.created else "edited",
             "published" if saved.published else "waiting for its sale")
    return RedirectResponse(f"/r/{token}?saved={'new' if saved.created else 'updated'}", status_code=303,
                            headers=HEADERS)


@router.post("/r/{token}", response_class=HTMLResponse, summary="Leave or change feedback on a receipt",
             responses=POST_RESPONSES, openapi_extra=FORM_BODY)
async def post_feedback(token: str, request: Request, session: SessionDep) -> Response:
    if not feedback.valid_token(token):
        return _bad_link()
    limiter = request.app.state.receipt_limiter
    wait = limiter.check(request.client.host if request.client else "?")
    if wait > 0:
        return _html(message_page(
            "Too many tries", "You have sent feedback many times in a short while. Please wait a minute and try again.",
        ), 429, {"Retry-After": str(max(1, math.ceil(wait)))})
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
    try:
        return await run_in_threadpool(_save, session, request, token, rating, comment)
    except Exception:  # noqa: BLE001 - never a 500 for a customer
        log.exception("saving receipt feedback failed")
        return _try_later()
    finally:
        session.rollback()
