"""A lean HTTP/1.1 client for load generators (asyncio streams, keep-alive, Content-Length bodies).

The network simulation plays thousands of tills from one process on the same two cores as the
servers it measures. With httpx the simulated tills took ~40% of a core (its connection pool,
header models and response objects per request): CPU the servers did not get. Real tills run on
their own machines, so the simulator should cost as little as it can. This client does only what
the simulation needs: one request at a time per connection, a fixed pool of connections, bodies
with ``Content-Length`` (what the server sends), and an error on anything else.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit


class HTTPError(Exception):
    """The request could not be sent or its answer could not be read."""


@dataclass(slots=True)
class Answer:
    status_code: int
    content: bytes


class _Connection:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer

    def close(self) -> None:
        self.writer.close()


class Client:
    """At most ``connections`` requests in flight; callers beyond that wait for a free connection."""

    def __init__(self, base_url: str, connections: int = 8, timeout: float = 120.0,
                 headers: dict[str, str] | None = None) -> None:
        parts = urlsplit(base_url)
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or 80
        self.timeout = timeout
        self.default_headers = headers or {}
        self._free: list[_Connection] = []
        self._slots = asyncio.Semaphore(connections)
        self._host_header = f"{self.host}:{self.port}"

    async def get(self, path: str, params: dict | None = None, headers: dict[str, str] | None = None) -> Answer:
        if params:
            path = f"{path}?{urlencode(params)}"
        return await self.request("GET", path, b"", headers)

    async def post(self, path: str, content: bytes = b"", headers: dict[str, str] | None = None) -> Answer:
        return await self.request("POST", path, content, headers)

    async def request(self, method: str, path: str, body: bytes, headers: dict[str, str] | None) -> Answer:
        async with self._slots:
            conn = self._free.pop() if self._free else None
            for attempt in (1, 2):
                fresh = conn is None
                if fresh:
                    conn = await self._connect()
                try:
                    answer, keep = await asyncio.wait_for(self._exchange(conn, method, path, body, headers), self.timeout)
                except (OSError, asyncio.IncompleteReadError, ValueError, asyncio.TimeoutError) as exc:
                    conn.close()
                    conn = None
                    if fresh or attempt == 2:  # a kept-alive connection the server closed: once more, new
                        raise HTTPError(f"{method} {path}: {type(exc).__name__}") from exc
                    continue
                if keep:
                    self._free.append(conn)
                else:
                    conn.close()
                return answer
        raise AssertionError("unreachable")

    async def _connect(self) -> _Connection:
        try:
            reader, writer = await asyncio.wait_for(asyncio.open_connection(self.host, self.port), self.timeout)
        except (OSError, asyncio.TimeoutError) as exc:
            raise HTTPError(f"connect {self._host_header}: {type(exc).__name__}") from exc
        return _Connection(reader, writer)

    async def _exchange(self, conn: _Connection, method: str, path: str, body: bytes,
                        headers: dict[str, str] | None) -> tuple[Answer, bool]:
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self._host_header}", f"Content-Length: {len(body)}"]
        for name, value in (self.default_headers | (headers or {})).items():
            lines.append(f"{name}: {value}")
        conn.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
        head = await conn.reader.readuntil(b"\r\n\r\n")
        status_line, *header_lines = head[:-4].decode("latin-1").split("\r\n")
        status = int(status_line.split(" ", 2)[1])
        length, keep = None, True
        for line in header_lines:
            name, _, value = line.partition(":")
            name = name.strip().lower()
            if name == "content-length":
                length = int(value)
            elif name == "connection" and value.strip().lower() == "close":
                keep = False
            elif name == "transfer-encoding":
                raise ValueError("chunked answers are not read by this client")
        if length is None:
            raise ValueError("an answer without Content-Length")
        content = await conn.reader.readexactly(length) if length else b""
        return Answer(status, content), keep

    async def aclose(self) -> None:
        for conn in self._free:
            conn.close()
        self._free.clear()

    async def __aenter__(self) -> "Client":
        return self

    async def __aexit__(self, *exc) -> None:
        await self.aclose()
