"""The central console: the platform team's web workplace at ``/console``.

``install(app)`` adds its routes and the two page-level answers (sign in first; refused).
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import Response

from . import models  # noqa: F401 - the console's tables on the server's Base
from .web import NeedLogin, Refused, login_redirect


def install(app: FastAPI) -> None:
    from .pages import router
    from .promo_pages import router as promotions_router

    app.include_router(router)
    app.include_router(promotions_router)

    @app.exception_handler(NeedLogin)
    async def _need_login(_request: Request, exc: NeedLogin) -> Response:
        return login_redirect(exc.next_url)

    @app.exception_handler(Refused)
    async def _refused(_request: Request, exc: Refused) -> Response:
        return exc.page.render("refused.html", status=403, reason=exc.reason)
