"""The snapshot a new till starts from, built once per catalog cursor and served gzipped when asked.

The catalog part of the snapshot (published products and policies) only changes when a global row is
written to the change feed (``product.upserted``, ``policy.set``): the *catalog cursor* is the
largest seq of a global row. Each process keeps the document built for the newest catalog cursor it
has seen, as plain bytes and as a gzip stream, and answers a request whose catalog cursor matches from
memory.

The document's ``cursor`` is still the head of the feed as this request sees it (read in the same
snapshot as the catalog cursor), exactly what a fresh build would say. It is the document's last
member, so only those few bytes are added per request: to the plain bytes, and to the gzip stream
through a copy of the compressor that has already taken the catalog.

``ETag`` is weak and names the catalog cursor: two documents with one catalog cursor hold the same
catalog and policies, and either one's cursor is a correct place to pull after. A till that sends
``If-None-Match`` with it gets ``304``.
"""

from __future__ import annotations

import threading
import uuid
import zlib
from dataclasses import dataclass

from fastapi import Request, Response
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sync.protocol import PROTOCOL_VERSION

from . import catalog, changefeed, observability, promotions
from .models import ChangeLog, Product

GZIP_LEVEL = 6


def catalog_cursor(session: Session, horizon: int) -> int:
    """The seq of the newest global row of the feed up to ``horizon``: moves when the catalog or a
    policy is published. (Above the horizon a global row may still be in flight with a lower seq than
    a visible one: the document built for a catalog cursor holds every global row up to it.)"""
    return session.scalar(
        select(func.max(ChangeLog.seq)).where(ChangeLog.shop_id.is_(None), ChangeLog.seq <= horizon)
    ) or 0


@dataclass(frozen=True)
class _Built:
    catalog_cursor: int
    head: bytes  # '{"products":[...],"policies":{...},"cursor":'
    gzip_head: bytes  # what the compressor has written for ``head`` so far
    compressor: object  # zlib compress object that has taken ``head``; copied, never used itself

    @property
    def etag(self) -> str:
        return f'W/"p{PROTOCOL_VERSION}-c{self.catalog_cursor}"'

    def plain(self, cursor: int, extra: str = "") -> bytes:
        return self.head + f"{cursor}{extra}}}".encode()

    def gzipped(self, cursor: int, extra: str = "") -> bytes:
        tail = self.compressor.copy()
        return self.gzip_head + tail.compress(f"{cursor}{extra}}}".encode()) + tail.flush()


def _build(session: Session, cursor_of_catalog: int) -> _Built:
    published = session.scalars(
        select(Product.published).where(Product.published.is_not(None)).order_by(Product.sku)
    ).all()
    head = f'{{"products":[{",".join(published)}],"policies":{changefeed.dumps(catalog.policies(session))},"cursor":'
    raw = head.encode()
    compressor = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, 31)  # 31: a gzip header and trailer
    gzip_head = compressor.compress(raw)
    return _Built(cursor_of_catalog, raw, gzip_head, compressor)


class SnapshotCache:
    """One built snapshot per process: the newest catalog cursor's."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._built: _Built | None = None
        self.builds = 0

    def get(self, session: Session) -> tuple[_Built, int]:
        """The built document for what ``session`` sees, and the feed's head; starts a consistent read."""
        head = changefeed.begin_consistent_read(session)
        wanted = catalog_cursor(session, head)
        built = self._built
        if built is not None and built.catalog_cursor == wanted:
            return built, head
        with self._lock:  # one build at a time: a crowd of new tills waits for the first one's
            built = self._built
            if built is None or built.catalog_cursor != wanted:
                built = _build(session, wanted)
                self.builds += 1
                observability.SNAPSHOT_BUILDS.inc()
                if self._built is None or self._built.catalog_cursor < wanted:
                    self._built = built  # an older reader never replaces a newer build
            return built, head


def _accepts_gzip(request: Request) -> bool:
    for part in request.headers.get("accept-encoding", "").split(","):
        coding, *params = (p.strip() for p in part.split(";"))
        if coding.lower() in ("gzip", "x-gzip"):
            for param in params:
                name, _, value = param.partition("=")
                if name.strip().lower() == "q":
                    try:
                        return float(value) > 0
                    except ValueError:
                        return False
            return True
    return False


def _matches(request: Request, etag: str) -> bool:
    given = request.headers.get("if-none-match")
    if not given:
        return False
    if given.strip() == "*":
        return True
    opaque = etag.removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == opaque for tag in given.split(","))  # weak comparison


def promotions_part(session: Session, shop_id: uuid.UUID | None) -> str:
    """The shop's own members after ``cursor``: promotions, coupons and scheduled prices current
    now (read in the same snapshot as the cursor, so pulling after it misses none); "" when none.
    They are per shop, so they are never part of the shared cached document."""
    if shop_id is None:
        return ""
    part = promotions.snapshot_part(session, shop_id)
    if not any(part.values()):
        return ""
    return "".join(f',"{key}":{changefeed.dumps(value)}' for key, value in part.items())


def respond(request: Request, session: Session, cache: SnapshotCache, shop_id: uuid.UUID | None = None) -> Response:
    """The snapshot response: 304 for a matching If-None-Match, gzip when the client accepts it."""
    built, cursor = cache.get(session)
    extra = promotions_part(session, shop_id)
    session.rollback()
    etag = built.etag if not extra else built.etag[:-1] + f'-m{zlib.crc32(extra.encode()):08x}"'
    headers = {"ETag": etag, "Vary": "Accept-Encoding", "Cache-Control": "private, no-cache"}
    if _matches(request, etag):
        return Response(status_code=304, headers=headers)
    if _accepts_gzip(request):
        headers["Content-Encoding"] = "gzip"
        return Response(built.gzipped(cursor, extra), media_type="application/json", headers=headers)
    return Response(built.plain(cursor, extra), media_type="application/json", headers=headers)
