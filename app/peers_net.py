"""The peer service: a till's listener and its exchange with the shop's other tills (docs/peers.md).

``app.core.peers`` knows the events, the trust and the rules; this module is the network:

- a small HTTP listener (stdlib ``ThreadingHTTPServer``) answering ``hello`` and ``feed``, every
  request and answer sealed with the shop's peer secret (anything else gets a bare 403);
- an exchange loop that asks each known peer for its feed after the cursor kept for it, about
  every second, and applies what comes in the same transaction as the cursor;
- discovery over mDNS/DNS-SD (``zeroconf``) when it is installed, beside the addresses the owner
  set (``corner peers add HOST:PORT``); a till that says hello is also asked back at the port it
  announced, so one address set on one till joins both.
"""

from __future__ import annotations

import http.client
import json
import logging
import os
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from .core import peers as core
from .core.errors import QT_TRANSLATE_NOOP, TillError

log = logging.getLogger("corner.peers")

MAX_BODY = 8 * 1024 * 1024
TIMEOUT = 5.0


def _page() -> int:
    """Events asked for per request: 500, or fewer when ``CORNER_PEER_PAGE`` says so (the kill test
    uses tiny pages so that a kill lands in the middle of an exchange)."""
    try:
        return max(1, min(core.FEED_LIMIT, int(os.environ.get("CORNER_PEER_PAGE", core.FEED_LIMIT))))
    except ValueError:
        return core.FEED_LIMIT


class PeerService:
    """One till's peer listener, exchange loop and discovery. ``start()`` / ``stop()``."""

    def __init__(self, till, *, host: str = "0.0.0.0", port: int | None = None, interval: float = 1.0,
                 discovery: bool = True, advertise: str | None = None) -> None:
        self.till = till
        secret = till.peers.secret()
        if not secret:
            raise TillError(QT_TRANSLATE_NOOP(
                "CoreError", "This till has no peer secret yet: corner peers fetch (enrolled tills) or corner peers pair SECRET."))
        self.secret = secret
        self.me = till.peers.identity()
        self.host = host
        self.port = till.peers.port() if port is None else port
        self.interval = interval
        self.discovery = discovery
        self.advertise = advertise  # the address others should use, when not this host's own
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._seen: dict[str, float] = {}  # request nonces within the allowed skew (no replays)
        self._seen_lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._threads: list[threading.Thread] = []
        self._discovered: dict[str, str] = {}  # mDNS service name -> host:port
        self._inbound: dict[str, str] = {}  # device id -> host:port it announced in its hello
        self._devices: dict[str, str] = {}  # address -> device id behind it
        self._contact: dict[str, float] = {}  # device id -> last contact (monotonic)
        self._written: dict[str, float] = {}
        self._nearby = -1
        self._logged: dict[str, str] = {}
        self._zc = None

    # -- life ----------------------------------------------------------------------------

    def start(self) -> "PeerService":
        self._server = ThreadingHTTPServer((self.host, self.port), _handler(self))
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self._spawn(self._server.serve_forever, "corner-peers-listen")
        self._spawn(self._loop, "corner-peers-exchange")
        if self.discovery:  # registering probes the network for a moment: never on the caller's thread
            self._spawn(self._start_discovery, "corner-peers-discovery")
        log.info("peer service on %s:%s", self.host, self.port)
        return self

    def _spawn(self, target, name: str) -> None:
        thread = threading.Thread(target=target, name=name, daemon=True)
        thread.start()
        self._threads.append(thread)

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        for thread in self._threads:
            if thread.name == "corner-peers-discovery":
                thread.join(10)
        if self._zc is not None:
            try:
                self._zc.unregister_all_services()
                self._zc.close()
            except Exception:  # noqa: BLE001 - going away anyway
                pass
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        for thread in self._threads:
            thread.join(5)

    def trigger(self) -> None:
        self._wake.set()

    # -- the listener's side ----------------------------------------------------------------

    def answer(self, path: str, headers, body: bytes, client_ip: str) -> tuple[int, dict[str, str], bytes]:
        now = time.time()
        try:
            sender, nonce, plain = core.unseal(self.secret, path, headers, body, at=now)
        except core.PeerAuthError as exc:
            log.info("refused a peer request from %s: %s", client_ip, exc)
            return 403, {}, b""
        with self._seen_lock:
            for old in [n for n, t in self._seen.items() if now - t > 2 * core.MAX_SKEW_S]:
                del self._seen[old]
            if nonce in self._seen:
                log.info("refused a replayed peer request from %s", client_ip)
                return 403, {}, b""
            self._seen[nonce] = now
        try:
            request = json.loads(plain or b"{}")
            if path == "/peer/v1/hello":
                port = int(request.get("port") or 0)
                address = request.get("address") or (f"{_host(client_ip)}:{port}" if port else "")
                if sender != self.me["device_id"]:
                    if address:
                        self._inbound[sender] = address
                    self.till.peers.met(sender, request.get("till_no", 0), request.get("name", ""), address, "inbound")
                    self._touch(sender)
                    self._wake.set()
                reply: dict[str, Any] = {**self.me, "last": self.till.peers.last_seq()}
            elif path == "/peer/v1/feed":
                events, cursor, more = self.till.peers.feed(int(request.get("after", 0)), int(request.get("limit", 500)))
                reply = {"events": [e.wire() for e in events], "cursor": cursor, "more": more}
                if sender != self.me["device_id"]:
                    self._touch(sender)
            else:
                return 404, {}, b""
        except (ValueError, TypeError, KeyError) as exc:
            log.info("a bad peer request from %s: %s", client_ip, exc)
            return 400, {}, b""
        sealed = core.seal(self.secret, self.me["device_id"], path, json.dumps(reply).encode(), at=time.time(),
                           bound_to=nonce)
        return 200, sealed.headers, sealed.body

    # -- the exchange's side -------------------------------------------------------------------

    def call(self, address: str, path: str, request: dict) -> dict:
        """One sealed request to a peer; its unsealed answer. Raises OSError / PeerAuthError."""
        sealed = core.seal(self.secret, self.me["device_id"], path, json.dumps(request).encode(), at=time.time())
        host, _, port = address.rpartition(":")
        conn = http.client.HTTPConnection(host.strip("[]"), int(port), timeout=TIMEOUT)
        try:
            conn.request("POST", path, body=sealed.body,
                         headers={**sealed.headers, "Content-Type": "application/octet-stream"})
            response = conn.getresponse()
            body = response.read(MAX_BODY + 1)
            if response.status != 200:
                raise core.PeerAuthError(f"the till at {address} refused ({response.status})")
            _, _, plain = core.unseal(self.secret, path, dict(response.getheaders()), body, at=time.time(),
                                      bound_to=sealed.headers["X-Corner-Peer-Nonce"])
            return json.loads(plain)
        finally:
            conn.close()

    def targets(self) -> list[str]:
        found = list(self.till.peers.addresses()) + list(self._discovered.values()) + list(self._inbound.values())
        seen, out = set(), []
        for a in found:
            if a not in seen and a != self.advertise:
                seen.add(a)
                out.append(a)
        return out

    def exchange(self, address: str) -> int:
        """Say hello if needed, then pull the peer's feed from our cursor for it; events applied."""
        device = self._devices.get(address)
        if device is None:
            hello = self.call(address, "/peer/v1/hello", {**self.me, "port": self.port, "address": self.advertise})
            device = hello["device_id"]
            if device == self.me["device_id"]:
                self._devices[address] = device
                return 0
            self.till.peers.met(device, hello.get("till_no", 0), hello.get("name", ""), address, self._source(address))
            self._devices[address] = device
        if device == self.me["device_id"]:
            return 0
        applied = 0
        while not self._stop.is_set():
            page = self.call(address, "/peer/v1/feed", {"after": self.till.peers.cursor(device), "limit": _page()})
            if page["events"] or page["cursor"] != self.till.peers.cursor(device):
                applied += self.till.peers.apply(device, page["events"], page["cursor"]).applied
            self._touch(device)
            if not page.get("more"):
                break
        return applied

    def _source(self, address: str) -> str:
        if address in self.till.peers.addresses():
            return "static"
        return "mdns" if address in self._discovered.values() else "inbound"

    def round(self) -> int:
        applied = 0
        for address in self.targets():
            try:
                applied += self.exchange(address)
            except (OSError, core.PeerAuthError, ValueError, KeyError, http.client.HTTPException) as exc:
                device = self._devices.pop(address, None)
                log.debug("peer %s: %s", address, exc)
                if device:
                    try:
                        self.till.peers.failed(device, str(exc))
                    except Exception:  # noqa: BLE001
                        log.exception("could not record a peer's failure")
            except Exception as exc:  # noqa: BLE001 - a page this till cannot apply: the others go on
                self._devices.pop(address, None)
                text = f"{type(exc).__name__}: {exc}"
                if self._logged.get(address) != text:  # once per distinct trouble, not every second
                    self._logged[address] = text
                    log.exception("could not apply what the till at %s sent", address)
        self._report()
        return applied

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.round()
            except Exception:  # noqa: BLE001 - the loop must outlive a bug in one round
                log.exception("peer exchange round failed")
            self._wake.wait(self.interval)
            self._wake.clear()

    def _touch(self, device: str) -> None:
        moment = time.monotonic()
        self._contact[device] = moment
        if moment - self._written.get(device, 0) > 5:  # the last contact reaches the store every 5 s
            self._written[device] = moment
            try:
                self.till.peers.touch(device)
            except Exception:  # noqa: BLE001
                log.exception("could not record a peer's contact")

    def nearby(self) -> int:
        moment = time.monotonic()
        return sum(1 for t in self._contact.values() if moment - t <= core.NEARBY_S)

    def _report(self) -> None:
        count = self.nearby()
        if count != self._nearby:
            self._nearby = count
            self.till.notify("peers")

    # -- discovery ------------------------------------------------------------------------------

    def _start_discovery(self) -> None:
        try:
            import ifaddr
            from zeroconf import ServiceBrowser, ServiceInfo, ServiceStateChange, Zeroconf
        except ImportError:
            log.info("zeroconf is not installed: peers only at the addresses set (corner peers add)")
            return
        try:
            addresses = [ip.ip for adapter in ifaddr.get_adapters() for ip in adapter.ips
                         if isinstance(ip.ip, str) and not ip.ip.startswith("127.")]
            if self.host not in ("0.0.0.0", ""):
                addresses = [self.host]
            tag = core.shop_tag(self.secret)
            name = f"corner-{tag[:6]}-{self.me['device_id'][-8:]}.{core.SERVICE_TYPE}"
            info = ServiceInfo(core.SERVICE_TYPE, name, port=self.port, properties={"shop": tag},
                               parsed_addresses=addresses or ["127.0.0.1"])
            if self._stop.is_set():
                return
            self._zc = Zeroconf()
            self._zc.register_service(info, allow_name_change=True)
            self._own_name = name

            def changed(zeroconf, service_type, name, state_change):
                if name == self._own_name:
                    return
                if state_change is ServiceStateChange.Removed:
                    self._discovered.pop(name, None)
                    return
                found = zeroconf.get_service_info(service_type, name, timeout=3000)
                if found is None or (found.properties or {}).get(b"shop", b"").decode() != tag:
                    return  # a till of another shop, or something else: not ours
                hosts = found.parsed_addresses()
                if hosts:
                    self._discovered[name] = f"{hosts[0]}:{found.port}"
                    self._wake.set()

            self._browser = ServiceBrowser(self._zc, core.SERVICE_TYPE, handlers=[changed])
        except Exception as exc:  # noqa: BLE001 - no multicast here: the static addresses still work
            log.warning("peer discovery is off: %s", exc)


def _host(ip: str) -> str:
    return f"[{ip}]" if ":" in ip else ip


def _handler(service: PeerService):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "corner-peer"
        sys_version = ""

        def do_POST(self) -> None:  # noqa: N802 (http.server)
            try:
                length = int(self.headers.get("Content-Length") or 0)
            except ValueError:
                length = -1
            if length < 0 or length > MAX_BODY:
                self._send(413, {}, b"")
                return
            body = self.rfile.read(length)
            try:
                status, headers, out = service.answer(self.path, self.headers, body, self.client_address[0])
            except Exception:  # noqa: BLE001
                log.exception("peer request failed")
                status, headers, out = 500, {}, b""
            self._send(status, headers, out)

        def do_GET(self) -> None:  # noqa: N802
            self._send(404, {}, b"")

        def _send(self, status: int, headers: dict, body: bytes) -> None:
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format, *args) -> None:  # noqa: A002
            log.debug("peer http: " + format, *args)

    return Handler


# -- pairing with the platform ------------------------------------------------------------------


def fetch_secret(till) -> str:
    """Ask the platform for the shop's peer secret and keep it (an enrolled till)."""
    from sync.client import SyncError

    from .syncing import client_for

    try:
        answer = client_for(till).peer_secret()
    except SyncError as exc:
        raise TillError(QT_TRANSLATE_NOOP("CoreError", "Could not fetch the peer secret: {exc}"), exc=exc) from None
    till.peers.set_secret(answer.peer_secret)
    return answer.peer_secret


# -- commands ---------------------------------------------------------------------------------


def cmd_peers(till, args, out) -> None:
    action = args.action or "list"
    if action == "list":
        rows = till.peers.rows()
        data = {"paired": till.peers.secret() is not None, "port": till.peers.port(),
                "addresses": till.peers.addresses(), "nearby": sum(r.nearby for r in rows),
                "peers": [r.__dict__ for r in rows],
                "conflicts": [c.__dict__ for c in till.peers.conflicts()]}
        lines = [f"paired: {'yes' if data['paired'] else 'no (corner peers fetch, or corner peers pair SECRET)'}; "
                 f"listens on port {data['port']}"]
        if data["addresses"]:
            lines.append("addresses set: " + ", ".join(data["addresses"]))
        if not rows:
            lines.append("no other till met yet")
        for r in rows:
            lines.append(f"till {r.till_no} {r.name} at {r.address or '?'} ({r.source}): "
                         f"{'nearby' if r.nearby else 'away'}, last contact {r.last_contact_at or 'never'}"
                         + (f", {r.last_error}" if r.last_error and not r.nearby else ""))
        if data["conflicts"]:
            lines.append(f"{len(data['conflicts'])} conflict(s) to look at: corner peers conflicts")
        out.emit(data, lines)
    elif action == "add":
        address = till.peers.add(_one(args))
        out.emit({"added": address}, f"peer address {address} added")
    elif action == "remove":
        done = till.peers.remove(_one(args))
        out.emit({"removed": done}, "removed" if done else "that address was not set")
    elif action == "pair":
        till.peers.set_secret(_one(args))
        out.emit({"paired": True}, "paired: this till now trusts the tills of its shop that hold the same secret")
    elif action == "fetch":
        fetch_secret(till)
        out.emit({"paired": True}, "paired with the platform's peer secret for this shop")
    elif action == "secret":
        secret = till.peers.secret()
        if not secret:
            raise TillError(QT_TRANSLATE_NOOP("CoreError", "This till has no peer secret yet."))
        out.emit({"secret": secret}, secret)
    elif action == "port":
        till.peers.set_port(int(_one(args)))
        out.emit({"port": till.peers.port()}, f"peers listen on port {till.peers.port()}")
    elif action == "conflicts":
        rows = till.peers.conflicts(include_resolved=args.all)
        out.emit([c.__dict__ for c in rows], [_conflict_line(c) for c in rows] or ["no conflicts"])
    elif action == "resolve":
        till.peers.resolve(_one(args))
        out.emit({"resolved": True}, "marked as looked at")
    elif action == "serve":
        serve(till, args)
    else:
        raise TillError(QT_TRANSLATE_NOOP("CoreError", "Unknown peers action {action}."), action=repr(action))


def _conflict_line(c) -> str:
    d = c.detail
    if c.kind == "over_refund":
        return (f"{c.id}  {c.created_at}  receipt {d.get('receipt_no')}: {d.get('name')} refunded {d.get('refunded')} "
                f"times but sold {d.get('sold')} (refunded at two tills while they could not see each other)")
    if c.kind == "points_overspent":
        return f"{c.id}  {c.created_at}  customer {c.ref_id}: loyalty points at {d.get('balance')} (spent at two tills)"
    return f"{c.id}  {c.created_at}  {c.kind} {c.ref_id} {d}"


def _one(args) -> str:
    if not args.value:
        raise TillError(QT_TRANSLATE_NOOP("CoreError", "Say what: corner peers {action} VALUE."), action=args.action)
    return args.value


def serve(till, args) -> None:
    """Run the peer service (and the platform sync with ``--sync``) until interrupted."""
    import signal

    service = PeerService(till, host=args.host, port=args.port, interval=args.interval,
                          discovery=not args.no_discovery, advertise=args.advertise).start()
    engine = None
    if args.sync:
        from .syncing import build_engine

        engine = build_engine(till, interval=args.sync_interval)
        till.subscribe(lambda topic: engine.trigger() if topic in ("peers", "stock", "customers") else None)
        engine.start()
        engine.trigger()
    print(f"peers: listening on {service.host}:{service.port}", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        if engine is not None:
            engine.stop()
        service.stop()


def add_commands(sub) -> None:
    p = sub.add_parser("peers", help="the shop's other tills on its network: list, add, pair, serve")
    p.add_argument("action", nargs="?", default="list",
                   choices=["list", "add", "remove", "pair", "fetch", "secret", "port", "conflicts", "resolve", "serve"])
    p.add_argument("value", nargs="?", help="HOST:PORT (add/remove), SECRET (pair), PORT, or a conflict id")
    p.add_argument("--all", action="store_true", help="conflicts: the resolved ones too")
    p.add_argument("--host", default="0.0.0.0", help="serve: the address to listen on")
    p.add_argument("--port", type=int, default=None, help="serve: the port (default: corner peers port)")
    p.add_argument("--advertise", default=None, help="serve: HOST:PORT the other tills should call this one at")
    p.add_argument("--interval", type=float, default=1.0, help="serve: seconds between exchanges")
    p.add_argument("--no-discovery", action="store_true", help="serve: only the addresses set, no mDNS")
    p.add_argument("--sync", action="store_true", help="serve: also sync with the platform")
    p.add_argument("--sync-interval", type=float, default=30.0)
    p.set_defaults(fn=cmd_peers)
