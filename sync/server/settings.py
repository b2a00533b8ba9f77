"""The server's settings: one pydantic-settings class, read from ``CORNER_*`` environment variables."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import platformdirs
from pydantic import Field
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

    # Requests per minute a single device may make (token bucket, per server process).
    rate_limit_per_minute: int = Field(default=1200, ge=1)
    rate_limit_burst: int = Field(default=200, ge=1)
    max_body_bytes: int = Field(default=MAX_BODY_BYTES, ge=1024)
    enrollment_code_ttl_hours: int = Field(default=72, ge=1)
    db_pool_size: int = Field(default=10, ge=1)
    db_max_overflow: int = Field(default=20, ge=0)
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

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.server_data_dir / 'corner-server.sqlite3'}"
