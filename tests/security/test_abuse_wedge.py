"""A burst of abandoned requests must not wedge the server (real server process, real sockets,
loopback only): 300 concurrent ``GET /healthz`` whose clients hang up after 0.1 s, then the server
must still answer ``/healthz``, a pull and a push at once (SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
import httpx
import pytest

from sync.server import testing

from ..server.factories import event, sale

BURST = 300


async def _abandon(port: int, path: str) -> None:
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), 5)
    except (OSError, asyncio.TimeoutError):
        return
    try:
        writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
        await writer.drain()
        await asyncio.sleep(0.1)
    finally:
        writer.transport.abort()  # hang up without reading the answer


async def _burst(port: int, path: str) -> None:
    await asyncio.gather(*(_abandon(port, path) for _ in range(BURST)))


@pytest.fixture
def server_url(db_url):
    shop = testing.create_shop(db_url, "Wedge shop")
    with testing.run_server(db_url) as base_url:
        yield base_url, testing.enroll(base_url, shop.enrollment_code)


def test_abandoned_healthz_burst_leaves_the_server_answering(server_url):
    base_url, enrolled = server_url
    port = int(base_url.rsplit(":", 1)[1])
    for _ in range(2):
        asyncio.run(_burst(port, "/healthz"))
    headers = testing.protocol_headers(enrolled.token)
    # Bounded: a wedged server answers none of these within the client's timeout.
    with httpx.Client(base_url=base_url, timeout=10) as client:
        assert client.get("/healthz").status_code == 200
        assert client.get("/v1/sync/pull", headers=headers).status_code == 200
        r = client.post("/v1/sync/push", json={"events": [event("sale.completed", sale())]}, headers=headers)
        assert r.status_code == 200, r.text
