"""Two shops, their tills and an admin against a real server process (``corner-server run``)."""

from __future__ import annotations

import re
import secrets
import threading
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


# -- one real server per database for a whole test module -----------------------------------------

# Generous limits: the module's tests share one server and enroll a pair of tills each from the
# same address; the limits themselves are attacked in test_abuse_receipt_page.py.
UNLIMITED = {f"CORNER_{name}_{kind}": "1000000" for name in ("RATE_LIMIT", "RECEIPT_POSTS", "RECEIPT_PAGES", "ENROLL")
             for kind in ("PER_MINUTE", "BURST")}


@dataclass
class Till:
    """A shop's till as the server sees it: its device token and its shop."""

    code: str
    token: str
    shop_id: str

    @property
    def headers(self) -> dict[str, str]:
        return testing.protocol_headers(self.token)


class Served:
    """A real ``corner-server run`` process on one database, shared by a module's tests; each test
    takes two new shops (:meth:`two_shops`) so that nothing of another test is in its way."""

    def __init__(self, url: str, db_url: str, admin_token: str, log: list[str]) -> None:
        self.url, self.db_url, self.admin_token, self.log = url, db_url, admin_token, log
        self.http = httpx.Client(base_url=url, timeout=60)
        self._engine = None

    @property
    def db(self):
        """An engine on the server's database, to read what the server wrote."""
        if self._engine is None:
            from sync.server.db import make_engine
            from sync.server.settings import Settings

            self._engine = make_engine(Settings(database_url=self.db_url))
        return self._engine

    def close(self) -> None:
        self.http.close()
        if self._engine is not None:
            self._engine.dispose()

    @property
    def admin_headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.admin_token}"}

    def admin(self, method: str, path: str, expect: int = 200, **kwargs) -> httpx.Response:
        r = self.http.request(method, "/admin" + path, headers=self.admin_headers, **kwargs)
        assert r.status_code == expect, (r.status_code, r.text)
        return r

    def new_till(self, name: str) -> Till:
        """A new shop (admin API) and a till enrolled with its code (the till's own request)."""
        created = self.admin("POST", "/shops", expect=201, json={"name": name}).json()
        r = self.http.post("/v1/devices/enroll", json={"code": created["enrollment"]["code"], "device_name": "till"},
                           headers=testing.protocol_headers())
        assert r.status_code == 200, r.text
        body = r.json()
        return Till(body["shop_code"], body["token"], body["shop_id"])

    def push(self, till: Till, events: list[dict]) -> dict:
        r = self.http.post("/v1/sync/push", json={"events": events}, headers=till.headers)
        assert r.status_code == 200, r.text
        return r.json()

    def pull_all(self, till: Till) -> list[dict]:
        changes, after = [], 0
        while True:
            r = self.http.get("/v1/sync/pull", params={"after": after, "limit": 1000}, headers=till.headers)
            assert r.status_code == 200, r.text
            body = r.json()
            changes.extend(body["changes"])
            after = body["cursor"]
            if not body["more"]:
                return changes

    def log_lines(self, *words: str) -> list[str]:
        """The server's own log lines (its stderr) holding every one of ``words``."""
        return [line for line in list(self.log) if all(w in line for w in words)]


class Two:
    """Shops A and B (new ones) on the module's server, as the old per-test platform offered them."""

    def __init__(self, served: Served) -> None:
        self.s, self.url = served, served.url
        self.a, self.b = served.new_till("Shop A"), served.new_till("Shop B")

    @property
    def admin(self) -> dict[str, str]:
        return self.s.admin_headers

    def push(self, till, events: list[dict]) -> dict:
        return self.s.push(till, events)

    def pull(self, till, kind: str) -> list[dict]:
        return [c["payload"] for c in self.s.pull_all(till) if c["kind"] == kind]

    def feedback(self) -> list[dict]:
        """Receipt-page feedback on either of the two shops (or on no shop: there must be none)."""
        rows = self.s.admin("GET", "/feedback", params={"limit": 1000}).json()
        return [f for f in rows if f["source"] == "receipt_page" and f["shop_code"] in (self.a.code, self.b.code, None)]


@contextmanager
def served(db_url: str) -> Iterator[Served]:
    admin_token = testing.create_admin_token(db_url)  # migrates the database first
    log: list[str] = []
    with testing.ServerProcess(db_url, env={**UNLIMITED, "CORNER_LOG_LEVEL": "warning"}) as server:
        def drain() -> None:  # the server's stderr, kept (and never left to fill its pipe)
            try:
                for raw in server.proc.stderr:
                    log.append(raw.decode(errors="replace"))
            except (ValueError, OSError):
                pass

        threading.Thread(target=drain, daemon=True).start()
        server.wait_ready()
        s = Served(server.base_url, db_url, admin_token, log)
        try:
            yield s
        finally:
            s.close()
