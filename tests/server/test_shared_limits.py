"""Rate limits shared by every server process (PostgreSQL store): with two real server processes on
one database, a device, an enrolling address and a receipt-page address each get the configured
limit, not twice it; X-Forwarded-For from an untrusted peer does not open new buckets."""

from __future__ import annotations

import os
import uuid

import httpx
import pytest

from sync.server import testing
from sync.server.db import make_engine
from sync.server.ratelimit import Limiters, PostgresRateLimiter
from sync.server.security import RateLimiter
from sync.server.settings import Settings

PROTO = {"X-Corner-Protocol": "1"}
DEVICE_BURST = 6
ENV = {
    # One token a minute: within the test, what a client gets is its burst.
    "CORNER_RATE_LIMIT_PER_MINUTE": "1", "CORNER_RATE_LIMIT_BURST": str(DEVICE_BURST),
    "CORNER_ENROLL_PER_MINUTE": "1", "CORNER_ENROLL_BURST": "3",
    "CORNER_RECEIPT_PAGES_PER_MINUTE": "1", "CORNER_RECEIPT_PAGES_BURST": "4",
}


@pytest.mark.postgres
def test_two_processes_share_the_limits(pg_url):
    shop = testing.create_shop(pg_url, "Limits")
    codes = [testing.create_enrollment_code(pg_url, shop.code) for _ in range(5)]
    servers = [testing.ServerProcess(pg_url, env=ENV).start() for _ in range(2)]
    try:
        for s in servers:
            s.wait_ready()
        # Enrollment per address: 3 attempts in all, whichever process answers.
        answers = [
            httpx.post(servers[i % 2].base_url + "/v1/devices/enroll", headers=PROTO,
                       json={"code": code, "device_name": f"till {i}"})
            for i, code in enumerate(codes)
        ]
        assert [r.status_code for r in answers] == [200, 200, 200, 429, 429]
        assert int(answers[-1].headers["Retry-After"]) >= 1

        # One device: its burst in all across both processes (each process alone would allow it).
        token = answers[0].json()["token"]
        headers = PROTO | {"Authorization": f"Bearer {token}"}
        seen = [httpx.get(servers[i % 2].base_url + "/v1/sync/pull", headers=headers).status_code for i in range(14)]
        assert seen.count(200) == DEVICE_BURST and seen.count(429) == 14 - DEVICE_BURST, seen
        # Another device of the same shop has its own bucket.
        other = PROTO | {"Authorization": f"Bearer {answers[1].json()['token']}"}
        assert httpx.get(servers[1].base_url + "/v1/sync/pull", headers=other).status_code == 200

        # Receipt pages per address: 4 in all; a made-up X-Forwarded-For from a peer that is not a
        # trusted proxy changes nothing.
        pages = [
            httpx.get(f"{servers[i % 2].base_url}/r/{shop.code}/{uuid.uuid4().hex}",
                      headers={"X-Forwarded-For": f"203.0.113.{i}"}).status_code
            for i in range(9)
        ]
        assert pages.count(429) == 5 and 429 not in pages[:4], pages
    finally:
        for s in servers:
            s.stop()


@pytest.mark.postgres
def test_postgres_bucket_says_how_long_to_wait(pg_url):
    settings = Settings(database_url=pg_url, rate_limit_per_minute=1, rate_limit_burst=2)
    engine = make_engine(settings)
    from sync.server.db import migrate

    migrate(engine)
    limiters = Limiters(settings, engine)
    try:
        assert limiters.store == "postgres" and isinstance(limiters.device, PostgresRateLimiter)
        assert [limiters.device.check("d1") for _ in range(2)] == [0.0, 0.0]
        wait = limiters.device.check("d1")
        assert 55 < wait <= 60  # one token a minute
        assert limiters.device.check("d2") == 0.0  # keys do not share
        assert limiters.enroll.check("d1") == 0.0  # nor do limiters
    finally:
        limiters.dispose()
        engine.dispose()


def test_sqlite_keeps_limits_in_memory(tmp_path):
    settings = Settings(database_url=f"sqlite:///{tmp_path / 's.sqlite3'}")
    engine = make_engine(settings)
    limiters = Limiters(settings, engine)
    assert limiters.store == "memory" and isinstance(limiters.device, RateLimiter)
    with pytest.raises(ValueError, match="PostgreSQL"):
        Limiters(Settings(database_url=settings.database_url, rate_limit_store="postgres"), engine)
    engine.dispose()


def _redis_or_skip() -> str:
    import socket

    url = os.environ.get("CORNER_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        pytest.skip("no Redis at 127.0.0.1:6379")
    return url


def test_redis_limits_are_shared_between_two_processes_limiters(tmp_path):
    """Two ``Limiters`` (as two processes would have, each its own connection) on one Redis: a
    device gets its burst once in all."""
    url = _redis_or_skip()
    settings = Settings(database_url=f"sqlite:///{tmp_path / 's.sqlite3'}", redis_url=url,
                        rate_limit_per_minute=1, rate_limit_burst=4)
    engine = make_engine(settings)
    one, two = Limiters(settings, engine), Limiters(settings, engine)
    assert one.store == "redis"
    device = uuid.uuid4()
    waits = [(one if i % 2 else two).device.check(device) for i in range(8)]
    assert waits[:4] == [0.0] * 4 and all(w > 50 for w in waits[4:]), waits
    assert one.device.check(uuid.uuid4()) == 0.0  # another device: its own window
    engine.dispose()
