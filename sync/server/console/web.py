"""Plumbing of the console's pages: templates, the page context, login and role checks, CSRF.

Every page is rendered on the server from a Jinja2 template with autoescaping; every form posts
the session's CSRF token; every change goes through a service function the JSON admin API uses too,
and is audited in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from jinja2 import Environment, PackageLoader, select_autoescape
from sqlalchemy.orm import Session

from . import auth, i18n
from .models import ConsoleSession, ConsoleUser

COOKIE = "corner_console"
LOGIN_CSRF_COOKIE = "corner_console_login"
LANG_COOKIE = "corner_console_lang"
PREFIX = "/console"

# What each role may change; every signed-in user may look at every page but Users and Audit.
MAY = {
    "catalog": {"admin", "catalog"},  # products, prices, imports, publishing, policies
    "operations": {"admin", "operations"},  # shops, devices, orders and shipments, quarantine
    "feedback": {"admin", "operations", "support"},  # mark feedback handled
    "admin": {"admin"},  # users, audit
}

env = Environment(
    loader=PackageLoader("sync.server.console", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


class NeedLogin(Exception):
    def __init__(self, next_url: str) -> None:
        self.next_url = next_url


class Refused(Exception):
    """A role refused where it does not belong, or a form without its CSRF token."""

    def __init__(self, page: Page, reason: str) -> None:
        self.page, self.reason = page, reason


@dataclass
class Page:
    """One request's view of the console: who, in which language, with which formats."""

    request: Request
    db: Session
    lang: str
    user: ConsoleUser | None = None
    login: ConsoleSession | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        settings = self.request.app.state.settings
        self.tr = i18n.translations(self.lang)
        self.fmt = i18n.Formats(self.lang, settings.locale, settings.currency)

    def _(self, text: str, **kw: Any) -> str:
        out = self.tr.gettext(text)
        return out % kw if kw else out

    @property
    def csrf(self) -> str:
        return self.login.csrf if self.login else ""

    def may(self, what: str) -> bool:
        return self.user is not None and self.user.role in MAY[what]

    def require(self, what: str) -> None:
        if not self.may(what):
            raise Refused(self, self._("Your role (%(role)s) may not do this.", role=self.role_name(self.user.role)
                                       if self.user else "–"))

    def role_name(self, role: str) -> str:
        return {
            "admin": self._("admin"), "catalog": self._("catalog manager"),
            "operations": self._("operations"), "support": self._("support"),
        }.get(role, role)

    def render(self, template: str, status: int = 200, **values: Any) -> HTMLResponse:
        html = env.get_template(template).render(
            p=self, _=self._, fmt=self.fmt, user=self.user, csrf=self.csrf, lang=self.lang,
            languages=i18n.LANGUAGES, path=self.request.url.path, query=self.request.url.query,
            **values,
        )
        return HTMLResponse(html, status_code=status, headers=SECURITY_HEADERS)


SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                               "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


def language(request: Request) -> str:
    return i18n.pick_language(request.cookies.get(LANG_COOKIE), request.headers.get("accept-language"))


def anonymous(request: Request, db: Session) -> Page:
    return Page(request, db, language(request))


def signed_in(request: Request, db: Session) -> Page:
    found = auth.find_session(db, request.cookies.get(COOKIE))
    if found is None:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise NeedLogin(target)
    login, user = found
    return Page(request, db, language(request), user=user, login=login)


async def posted(request: Request, db: Session) -> tuple[Page, dict[str, Any]]:
    """A signed-in page for a form post whose CSRF token matches the session's; else refused."""
    page = signed_in(request, db)
    form = await request.form()
    data = {k: v for k, v in form.multi_items()}
    if not auth.csrf_ok(page.csrf, data.get("csrf")):
        raise Refused(page, page._("The form had no valid security token. Reload the page and try again."))
    return page, data


def safe_next(target: str | None) -> str:
    """Only console paths: a login link never sends anyone off the site."""
    if target and target.startswith(PREFIX) and not target.startswith("//") and "\\" not in target:
        return target
    return PREFIX + "/"


def redirect(url: str, note: str | None = None) -> RedirectResponse:
    if note:
        url += ("&" if "?" in url else "?") + "note=" + quote(note)
    return RedirectResponse(url, status_code=303)


def login_redirect(next_url: str) -> RedirectResponse:
    return RedirectResponse(f"{PREFIX}/login?next={quote(next_url)}", status_code=303)
