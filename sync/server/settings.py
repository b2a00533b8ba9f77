"""The server's settings: one pydantic-settings class, read from ``CORNER_*`` environment variables."""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Literal

import platformdirs
from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from sync.protocol import MAX_BODY_BYTES


def _default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("corner-server", appauthor=False))


class Settings(BaseSettings):
    """Everything the server can be told. Env: ``CORNER_DATABASE_URL``, ``CORNER_SERVER_DATA_DIR``, ..."""

    model_config = SettingsConfigDict(env_prefix="CORNER_", extra="ignore")

    # The till uses CORNER_DATA_DIR for its own files; the server's directory is a separate setting.
    server_data_dir: Path = Field(default_factory=_default_data_dir)
    database_url: str | None = None

    # Where rate limits keep their buckets: "postgres" or "redis" (shared by every server process),
    # "memory" (per process); "auto": redis when redis_url is set, else postgres on PostgreSQL,
    # else memory (sync/server/ratelimit.py).
    rate_limit_store: Literal["auto", "memory", "postgres", "redis"] = "auto"
    # redis://host:6379/0: rate limits in Redis (the ``limits`` library); "auto" then picks redis.
    redis_url: str | None = None
    # Requests per minute a single device may make (token bucket).
    rate_limit_per_minute: int = Field(default=1200, ge=1)
    rate_limit_burst: int = Field(default=200, ge=1)
    max_body_bytes: int = Field(default=MAX_BODY_BYTES, ge=1024)
    enrollment_code_ttl_hours: int = Field(default=72, ge=1)
    # The pool (SQLite's too) bounds how many requests use the database at once; the others wait
    # for a slot without holding a worker thread. Worker threads: more than the pool holds.
    db_pool_size: int = Field(default=10, ge=1)
    db_max_overflow: int = Field(default=20, ge=0)
    db_pool_timeout: float = Field(default=10.0, gt=0)
    worker_threads: int = Field(default=40, ge=2)
    # Batches of one till the server works on at once, told to tills on every push answer: its
    # processes (``run --workers N`` sets it). A till sends its next batch before the answer only
    # when this is more than one (sync/protocol.py PUSH_LANES_HEADER).
    push_lanes: int = Field(default=1, ge=1, le=64)
    # How long a batch sent beside the one before it (X-Corner-Push-After) waits for that one to
    # be stored before it is refused (409: the till sends it again after the answer before).
    push_after_wait_seconds: float = Field(default=15.0, gt=0, le=300)
    log_level: str = "INFO"
    # "json": one JSON object per line with the request id (default); "text" for a terminal.
    log_format: Literal["json", "text"] = "json"
    # /metrics: with a token, only `Authorization: Bearer <token>`; without, only direct loopback calls.
    metrics_token: str | None = None

    # The digital receipt page: money display, and feedback posts per minute from one address.
    currency: str = "EUR"
    locale: str = "en_GB"
    # Customers on a shop's guest Wi-Fi share one address, so the limit is not tight.
    receipt_posts_per_minute: int = Field(default=30, ge=1)
    receipt_posts_burst: int = Field(default=10, ge=1)
    # Receipt pages opened per minute from one address (stops walking through random tokens).
    receipt_pages_per_minute: int = Field(default=60, ge=1)
    receipt_pages_burst: int = Field(default=30, ge=1)
    # Enrollment attempts per minute from one address (stops guessing enrollment codes).
    enroll_per_minute: int = Field(default=10, ge=1)
    enroll_burst: int = Field(default=5, ge=1)
    # The reverse proxies whose X-Forwarded-For is believed: addresses or networks, comma separated
    # (``CORNER_TRUSTED_PROXIES=127.0.0.1,10.0.0.0/8``). Empty: the peer's own address is the client's.
    trusted_proxies: str = ""

    @field_validator("trusted_proxies")
    @classmethod
    def _proxies_are_networks(cls, value: str) -> str:
        for item in value.split(","):
            if item.strip():
                try:
                    ipaddress.ip_network(item.strip(), strict=False)
                except ValueError:
                    raise ValueError(f"{item.strip()!r} is not an IP address or network") from None
        return value

    @property
    def proxy_networks(self) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
        return [ipaddress.ip_network(item.strip(), strict=False) for item in self.trusted_proxies.split(",")
                if item.strip()]

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.server_data_dir / 'corner-server.sqlite3'}"
