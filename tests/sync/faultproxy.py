"""A fault-injecting HTTP/1.1 proxy for sync tests: real sockets between a till and a server.

Each request the till sends is read whole, then handled in one of these modes:

``pass``      forward it and relay the answer.
``drop``      close the till's connection before forwarding anything (the server never sees it).
``delay``     wait a little (``delay`` seconds, drawn from a range), then pass.
``502``       answer ``502 Bad Gateway`` without forwarding.
``cut``       forward it, read the server's whole answer (so the server has committed), then close
              the till's connection without sending a byte of it: the till cannot know it landed.
``truncate``  like ``cut``, but send the first half of the answer before closing.
``late``      hold the request for ``late`` seconds (longer than the till's read timeout), then
              forward it anyway: the server applies a request the till has already given up on,
              possibly while the till is resending the same events.

The mode of each request comes from ``plan()`` (a queue of modes for the next requests), else from
``mode`` when it is set, else from ``weights`` drawn with a seeded RNG. Every request is logged
(mode, method, path, the server's status if it was forwarded). Only requests whose path starts
with one of ``targets`` are faulted; others always pass.

    proxy = FaultProxy(server_url, seed=7, weights={"pass": 5, "cut": 1}).start()
    ...  # point the till at proxy.url
    proxy.mode = "pass"; proxy.wait_idle(); proxy.close()
"""

from __future__ import annotations

import random
import socket
import threading
import time
from collections import deque
from dataclasses import dataclass
from typing import Callable
from urllib.parse import urlsplit

MODES = ("pass", "drop", "delay", "502", "cut", "truncate", "late")


@dataclass
class Record:
    mode: str
    method: str
    path: str
    status: int | None = None  # the server's answer, when the request was forwarded


class _Closed(Exception):
    """The peer closed the connection before a whole message arrived."""


def _read_head(reader) -> tuple[bytes, str, list[tuple[str, str]]]:
    lines = []
    while True:
        line = reader.readline(65537)
        if not line:
            raise _Closed()
        if line in (b"\r\n", b"\n"):
            if not lines:
                continue  # tolerate stray blank lines between keep-alive requests
            break
        lines.append(line)
    head = b"".join(lines) + b"\r\n"
    start = lines[0].decode("latin-1").strip()
    headers = []
    for raw in lines[1:]:
        name, _, value = raw.decode("latin-1").partition(":")
        headers.append((name.strip().lower(), value.strip()))
    return head, start, headers


def _read_exact(reader, n: int) -> bytes:
    data = reader.read(n)
    if len(data) < n:
        raise _Closed()
    return data


def _read_chunked(reader) -> bytes:
    """The raw chunked body (forwarded verbatim)."""
    parts = []
    while True:
        size_line = reader.readline(65537)
        if not size_line:
            raise _Closed()
        parts.append(size_line)
        size = int(size_line.split(b";")[0].strip(), 16)
        if size == 0:
            while True:  # trailers, then the blank line
                trailer = reader.readline(65537)
                if not trailer:
                    raise _Closed()
                parts.append(trailer)
                if trailer in (b"\r\n", b"\n"):
                    return b"".join(parts)
        parts.append(_read_exact(reader, size + 2))


def _read_body(reader, headers: list[tuple[str, str]], *, response: bool, no_body: bool = False) -> bytes:
    values = dict(headers)
    if no_body:
        return b""
    if "chunked" in values.get("transfer-encoding", "").lower():
        return _read_chunked(reader)
    if "content-length" in values:
        return _read_exact(reader, int(values["content-length"]))
    if response:  # delimited by the server closing the connection
        return reader.read()
    return b""


class FaultProxy:
    def __init__(
        self,
        upstream: str,
        *,
        seed: int = 0,
        weights: dict[str, float] | None = None,
        delay: tuple[float, float] = (0.05, 0.3),
        late: float = 1.5,
        targets: tuple[str, ...] = ("/v1/sync/",),
    ) -> None:
        parts = urlsplit(upstream)
        self.upstream = (parts.hostname or "127.0.0.1", parts.port or 80)
        self.rng = random.Random(seed)
        self.weights = dict(weights or {"pass": 1.0})
        unknown = set(self.weights) - set(MODES)
        if unknown:
            raise ValueError(f"unknown fault modes: {sorted(unknown)}")
        self.delay = delay
        self.late = late
        self.targets = targets
        self.mode: str | None = None
        self.log: list[Record] = []
        self.on_forwarded: Callable[[Record], None] | None = None  # called once a request reached the server
        self._planned: deque[str] = deque()
        self._lock = threading.Lock()
        self._idle = threading.Condition(self._lock)
        self._in_flight = 0
        self._sockets: set[socket.socket] = set()
        self._threads: list[threading.Thread] = []
        self._listener: socket.socket | None = None
        self._closing = False

    # -- control ---------------------------------------------------------------------------

    @property
    def url(self) -> str:
        assert self._listener is not None, "start() first"
        host, port = self._listener.getsockname()[:2]
        return f"http://{host}:{port}"

    def start(self) -> "FaultProxy":
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.2)
        self._spawn(self._accept_loop, "faultproxy-accept")
        return self

    def plan(self, *modes: str) -> None:
        """The next requests (to targeted paths) get these modes, in order."""
        with self._lock:
            self._planned.extend(modes)

    def records(self, mode: str | None = None) -> list[Record]:
        with self._lock:
            return [r for r in self.log if mode is None or r.mode == mode]

    def wait_idle(self, timeout: float = 30.0) -> None:
        """Wait until no request is being handled (held ``late`` requests included)."""
        deadline = time.monotonic() + timeout
        with self._idle:
            while self._in_flight:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"{self._in_flight} request(s) still in the proxy")
                self._idle.wait(left)

    def close(self) -> None:
        self._closing = True
        with self._lock:
            sockets = list(self._sockets)
        for sock in sockets:
            _shut(sock)
        for thread in list(self._threads):
            thread.join(5)
        if self._listener is not None:
            self._listener.close()

    def __enter__(self) -> "FaultProxy":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.close()

    # -- the work --------------------------------------------------------------------------

    def _spawn(self, target, name: str, *args) -> None:
        thread = threading.Thread(target=target, args=args, name=name, daemon=True)
        self._threads.append(thread)
        thread.start()

    def _accept_loop(self) -> None:
        assert self._listener is not None
        while not self._closing:
            try:
                conn, _ = self._listener.accept()
            except socket.timeout:
                continue
            except OSError:
                return
            conn.settimeout(None)
            with self._lock:
                self._sockets.add(conn)
            self._spawn(self._serve, "faultproxy-conn", conn)

    def _choose(self, path: str) -> str:
        with self._lock:
            if not path.startswith(self.targets):
                return "pass"
            if self._planned:
                return self._planned.popleft()
            if self.mode is not None:
                return self.mode
            modes = list(self.weights)
            return self.rng.choices(modes, [self.weights[m] for m in modes])[0]

    def _serve(self, conn: socket.socket) -> None:
        reader = conn.makefile("rb")
        try:
            while not self._closing:
                try:
                    head, start, headers = _read_head(reader)
                    body = _read_body(reader, headers, response=False)
                except (_Closed, OSError, ValueError):
                    return
                method, path = (start.split(" ") + ["", ""])[:2]
                with self._lock:
                    self._in_flight += 1
                try:
                    keep = self._handle(conn, method, path, head + body)
                finally:
                    with self._idle:
                        self._in_flight -= 1
                        self._idle.notify_all()
                if not keep:
                    return
        finally:
            reader.close()
            _shut(conn)
            with self._lock:
                self._sockets.discard(conn)

    def _handle(self, conn: socket.socket, method: str, path: str, request: bytes) -> bool:
        """Handle one request; False when the till's connection must be closed."""
        mode = self._choose(path)
        record = Record(mode, method, path)
        with self._lock:
            self.log.append(record)
        if mode == "drop":
            return False
        if mode == "502":
            body = b"bad gateway (fault injected)"
            conn.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/plain\r\nContent-Length: "
                         + str(len(body)).encode() + b"\r\n\r\n" + body)
            return True
        if mode == "delay":
            with self._lock:
                pause = self.rng.uniform(*self.delay)
            time.sleep(pause)
        if mode == "late":
            time.sleep(self.late)
        try:
            response, status, keep_upstream = self._forward(method, request, record)
        except (OSError, _Closed, ValueError):
            return False  # the server is gone (killed?): the till sees a dropped connection
        record.status = status
        if mode in ("cut",):
            return False
        if mode == "truncate":
            try:
                conn.sendall(response[: len(response) // 2])
            except OSError:
                pass
            return False
        try:
            conn.sendall(response)
        except OSError:
            return False
        return keep_upstream

    def _forward(self, method: str, request: bytes, record: Record) -> tuple[bytes, int, bool]:
        """Send one request on a fresh upstream connection; the whole answer, its status, keep-alive."""
        with socket.create_connection(self.upstream, timeout=120) as up:
            up.sendall(request)
            if self.on_forwarded is not None:
                self.on_forwarded(record)
            reader = up.makefile("rb")
            try:
                head, start, headers = _read_head(reader)
                status = int(start.split(" ")[1])
                no_body = method == "HEAD" or status in (204, 304) or 100 <= status < 200
                body = _read_body(reader, headers, response=True, no_body=no_body)
            finally:
                reader.close()
        keep = dict(headers).get("connection", "").lower() != "close"
        return head + body, status, keep


def _shut(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    try:
        sock.close()
    except OSError:
        pass
