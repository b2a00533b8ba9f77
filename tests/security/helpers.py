"""Two shops, their tills and an admin against a real server process (``corner-server run``)."""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import httpx

from sync.server import testing


@dataclass
class Shop:
    code: str
    token: str  # the till's device token

    @property
    def headers(self) -> dict[str, str]:
        return testing.protocol_headers(self.token)


@dataclass
class Platform:
    url: str
    admin_token: str
    a: Shop
    b: Shop

    @property
    def admin(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.admin_token}"}

    def push(self, shop: Shop, events: list[dict]) -> dict:
        r = httpx.post(self.url + "/v1/sync/push", json={"events": events}, headers=shop.headers, timeout=30)
        assert r.status_code == 200, r.text
        return r.json()

    def pull(self, shop: Shop, kind: str) -> list[dict]:
        r = httpx.get(self.url + "/v1/sync/pull", params={"after": 0, "limit": 1000}, headers=shop.headers, timeout=30)
        assert r.status_code == 200, r.text
        return [c["payload"] for c in r.json()["changes"] if c["kind"] == kind]

    def feedback(self) -> list[dict]:
        r = httpx.get(self.url + "/admin/feedback", headers=self.admin, timeout=30)
        assert r.status_code == 200, r.text
        return [f for f in r.json() if f["source"] == "receipt_page"]


@contextmanager
def platform(db_url: str, env: dict[str, str] | None = None) -> Iterator[Platform]:
    a = testing.create_shop(db_url, "Shop A")
    b = testing.create_shop(db_url, "Shop B")
    admin_token = testing.create_admin_token(db_url)
    with testing.run_server(db_url, env=env) as url:
        yield Platform(url, admin_token, Shop(a.code, testing.enroll(url, a.enrollment_code).token),
                       Shop(b.code, testing.enroll(url, b.enrollment_code).token))


def receipt_token() -> str:
    return secrets.token_urlsafe(16)  # as a till makes it


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]*)"', html)
    assert found, html
    return found.group(1)


def leave_feedback(client: httpx.Client, path: str, rating: int, comment: str = "") -> httpx.Response:
    """What a customer's browser does: open the page, send its form."""
    opened = client.get(path)
    assert opened.status_code == 200, opened.text
    return client.post(path, data={"rating": str(rating), "comment": comment, "csrf": csrf_of(opened.text)},
                       follow_redirects=True)
