"""A real platform for sync tests: a corner-server process on loopback with the demo catalog,
and tills enrolled with it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from app import syncing
from app.core import demo
from app.core.till import Till
from sync.server import testing


@dataclass
class Platform:
    database_url: str
    server: testing.ServerProcess
    shop: testing.ShopInfo
    admin_token: str
    tills: list[Till] = field(default_factory=list)

    @property
    def url(self) -> str:
        return self.server.base_url

    def admin(self, method: str, path: str, **kwargs) -> httpx.Response:
        response = httpx.request(method, self.url + "/admin" + path, headers=testing.protocol_headers(self.admin_token),
                                 timeout=60, **kwargs)
        assert response.status_code < 400, response.text
        return response

    def publish_demo_catalog(self) -> None:
        self.admin("POST", "/catalog/import", json={"format": "csv", "content": demo.platform_catalog_csv(), "publish": True})

    def set_price(self, sku: str, price: int, min_price: int | None = None, max_price: int | None = None) -> None:
        self.admin("PUT", f"/products/{sku}/price", json={"price": price, "min_price": min_price, "max_price": max_price})
        self.admin("POST", "/catalog/publish")

    def sales(self, shop: str | None = None) -> dict:
        out = {"sales": []}
        offset = 0
        while True:
            page = self.admin("GET", f"/shops/{shop or self.shop.code}/sales", params={"limit": 1000, "offset": offset}).json()
            out["count"], out["total"] = page["count"], page["total"]
            out["sales"].extend(page["sales"])
            offset += 1000
            if offset >= page["count"]:
                return out

    def stock(self, shop: str | None = None) -> dict[str, int]:
        return {row["sku"]: row["level"] for row in self.admin("GET", f"/shops/{shop or self.shop.code}/stock").json()}

    def new_till(self, path: Path, url: str | None = None, seed: bool = True, clock=None) -> Till:
        """A till enrolled with this platform, synced once (catalog from the snapshot), with the
        demo shop's staff, stock and customers, logged in as the cashier. ``clock``: the till's
        clock (app/core/clock.py; the system clock by default)."""
        till = Till(path, clock=clock)
        code = self.shop.enrollment_code if not self.tills else testing.create_enrollment_code(self.database_url, self.shop.code)
        syncing.enroll(till, url or self.url, code, f"till-{len(self.tills) + 1}")
        syncing.sync_once(till)
        if seed:
            demo.seed(till, catalog=False)
            till.login(demo.CASHIER_PIN)
        self.tills.append(till)
        return till


def outbox_sale_ids(till: Till) -> set[str]:
    return {p["id"] for _, kind, p in till.iter_outbox() if kind == "sale.completed"}


def dump(obj) -> str:
    return json.dumps(obj, indent=1, default=str)


@contextmanager
def running(directory: Path) -> Iterator[Platform]:
    """A corner-server process on loopback (SQLite in ``directory``) with the demo shop and the demo
    catalog published; its tills are closed and the server stopped at the end."""
    url = f"sqlite:///{Path(directory) / 'server.sqlite3'}"
    shop = testing.create_shop(url, "Corner Demo Grocery", "DEMO")
    admin = testing.create_admin_token(url)
    server = testing.ServerProcess(url).start()
    p = Platform(database_url=url, server=server, shop=shop, admin_token=admin)
    try:
        server.wait_ready()
        p.publish_demo_catalog()
        yield p
    finally:
        for till in p.tills:
            till.close()
        server.stop()
