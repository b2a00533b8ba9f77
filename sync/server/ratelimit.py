"""Rate limits every server process shares.

A token bucket per key (a device, a client address): ``per_minute`` tokens a minute, at most
``burst`` saved up. Where the buckets live:

- ``memory`` (:class:`~sync.server.security.RateLimiter`): in this process. Right for one process
  (SQLite's default); with N processes a client gets N times its limit.
- ``postgres``: one row per bucket in ``rate_buckets``, taken from in one atomic statement
  (``INSERT ... ON CONFLICT DO UPDATE ... WHERE there is a token ... RETURNING``) on the
  database's clock, through a small pool of its own in autocommit (a request's transaction never
  holds a bucket's row lock, and a burst that fills the request pool cannot starve the limiter).

- ``redis`` (``CORNER_REDIS_URL``): through the ``limits`` library, a moving window of ``burst``
  requests per ``burst / rate`` seconds (the time a bucket takes to fill: the same long-run rate
  and the same burst) in Redis, shared by every process that names the same Redis.

``CORNER_RATE_LIMIT_STORE=auto`` (default) picks ``redis`` when ``CORNER_REDIS_URL`` is set, else
``postgres`` on PostgreSQL, else ``memory``.
"""

from __future__ import annotations

import logging
import math
import random
import time
from collections.abc import Hashable

from sqlalchemy import Engine, create_engine, text

from .db import normalise_url, ping_when_idle
from .security import RateLimiter
from .settings import Settings

log = logging.getLogger("corner.server.ratelimit")

_NOW = "extract(epoch from clock_timestamp())"
_TAKE = text(f"""
INSERT INTO rate_buckets AS b (key, tokens, stamp) VALUES (:key, :burst - 1, {_NOW})
ON CONFLICT (key) DO UPDATE
   SET tokens = least(:burst, b.tokens + ({_NOW} - b.stamp) * :rate) - 1, stamp = {_NOW}
 WHERE least(:burst, b.tokens + ({_NOW} - b.stamp) * :rate) >= 1
RETURNING tokens""")
_LEFT = text(f"SELECT least(:burst, tokens + ({_NOW} - stamp) * :rate) FROM rate_buckets WHERE key = :key")
_FORGET = text(f"DELETE FROM rate_buckets WHERE stamp < {_NOW} - :age")


# The limiter's connections do not wait for a bucket update's WAL to reach the disk
# (synchronous_commit=off): every request takes a token, and a flush per request was one of the
# database's top waits (WALWrite). A crash can lose the last fraction of a second of token counts
# (buckets a little fuller than they were), never anyone's data; other processes still see each
# update at once (visibility does not wait for the flush).


class PostgresRateLimiter:
    """A token bucket per key in PostgreSQL, shared by every process on the database."""

    def __init__(self, engine: Engine, name: str, per_minute: int, burst: int) -> None:
        self.engine = engine
        self.name = name
        self.rate = per_minute / 60.0
        self.burst = float(burst)

    def check(self, key: Hashable) -> float:
        """Take one token; returns 0 when allowed, otherwise the seconds to wait."""
        params = {"key": f"{self.name}:{key}"[:200], "burst": self.burst, "rate": self.rate}
        with self.engine.connect() as conn:
            if conn.execute(_TAKE, params).first() is not None:
                if random.random() < 0.0005:  # now and then: forget buckets that have filled up again
                    conn.execute(_FORGET, {"age": 2 * self.burst / self.rate + 60})
                return 0.0
            left = conn.scalar(_LEFT, params) or 0.0
        return max(0.01, (1.0 - left) / self.rate)


class RedisRateLimiter:
    """``burst`` requests per ``burst / rate`` seconds per key, in Redis (the ``limits`` library)."""

    def __init__(self, strategy, name: str, per_minute: int, burst: int) -> None:
        from limits import RateLimitItemPerSecond

        self.strategy = strategy
        self.name = name
        self.item = RateLimitItemPerSecond(burst, max(1, math.ceil(burst * 60 / per_minute)))

    def check(self, key: Hashable) -> float:
        if self.strategy.hit(self.item, "corner", self.name, str(key)):
            return 0.0
        stats = self.strategy.get_window_stats(self.item, "corner", self.name, str(key))
        return max(0.01, stats.reset_time - time.time())


class Limiters:
    """The server's four limiters, on one store."""

    def __init__(self, settings: Settings, engine: Engine) -> None:
        store = settings.rate_limit_store
        if store == "auto":
            store = "redis" if settings.redis_url else "postgres" if engine.dialect.name == "postgresql" else "memory"
        self.store = store
        self._engine: Engine | None = None
        self._redis = None
        if store == "redis":
            if not settings.redis_url:
                raise ValueError("CORNER_RATE_LIMIT_STORE=redis needs CORNER_REDIS_URL")
            from limits.storage import storage_from_string
            from limits.strategies import MovingWindowRateLimiter

            self._redis = MovingWindowRateLimiter(storage_from_string(settings.redis_url))
        if store == "postgres":
            if engine.dialect.name != "postgresql":
                raise ValueError("CORNER_RATE_LIMIT_STORE=postgres needs a PostgreSQL database")
            self._engine = create_engine(
                normalise_url(settings.effective_database_url),
                pool_size=4, max_overflow=8, isolation_level="AUTOCOMMIT",
                connect_args={"options": "-c synchronous_commit=off"},  # see above PostgresRateLimiter
            )
            ping_when_idle(self._engine)

        def make(name: str, per_minute: int, burst: int):
            if self._redis is not None:
                return RedisRateLimiter(self._redis, name, per_minute, burst)
            if self._engine is not None:
                return PostgresRateLimiter(self._engine, name, per_minute, burst)
            return RateLimiter(per_minute, burst)

        self.device = make("device", settings.rate_limit_per_minute, settings.rate_limit_burst)
        self.receipt_posts = make("receipt-post", settings.receipt_posts_per_minute, settings.receipt_posts_burst)
        self.receipt_pages = make("receipt-page", settings.receipt_pages_per_minute, settings.receipt_pages_burst)
        self.enroll = make("enroll", settings.enroll_per_minute, settings.enroll_burst)

    def dispose(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
