"""Wiring the till to the platform: enrollment, the sync engine, and the `corner` sync commands.

``app.core`` knows the store and the shop's rules; ``sync.client`` knows the wire. This
module joins them (DESIGN.md: ``app (wiring) -> sync.client -> sync.protocol``).
"""

from __future__ import annotations

import logging
import platform
from typing import Callable

from sync.client import NotAuthorised, SyncClient, SyncEngine, SyncError, SyncState, UpdateRequired

from .core import credentials
from .core.errors import QT_TRANSLATE_NOOP, TillError
from .core.syncport import TillSyncPort
from .core.till import Till

log = logging.getLogger("corner.sync")


def enroll(till: Till, url: str, code: str, device_name: str | None = None) -> dict:
    """Exchange a single-use enrollment code for a device token (kept in the keyring)."""
    if till.meta("device_id"):
        raise TillError(QT_TRANSLATE_NOOP(
            "CoreError", "This till is already enrolled. Use a fresh data directory for another till."))
    if not url.startswith(("http://", "https://")):
        raise TillError(QT_TRANSLATE_NOOP("CoreError", "{url} is not a web address; it starts with https://"),
                        url=repr(url))
    credentials._check_backend()
    client = SyncClient(url, None)
    try:
        answer = client.enroll(code.strip(), device_name or platform.node() or "till")
    except NotAuthorised as exc:
        raise TillError(QT_TRANSLATE_NOOP("CoreError", "The platform refused the code: {exc}"), exc=exc) from None
    except UpdateRequired as exc:
        raise TillError(QT_TRANSLATE_NOOP("CoreError", "Update required: {exc}"), exc=exc) from None
    except SyncError as exc:
        raise TillError(QT_TRANSLATE_NOOP("CoreError", "Could not enroll: {exc}"), exc=exc) from None
    credentials.save_token(str(answer.device_id), answer.token)
    till.set_meta(server_url=url.rstrip("/"), device_id=str(answer.device_id), shop_id=str(answer.shop_id),
                  shop_code=answer.shop_code, shop_name=answer.shop_name, till_no=str(answer.till_no))
    log.info("enrolled as till %s of shop %s", answer.till_no, answer.shop_code)
    try:  # the secret the shop's tills share to trust each other on its network (docs/peers.md)
        till.peers.set_secret(SyncClient(url, answer.token).peer_secret().peer_secret)
    except (SyncError, TillError) as exc:  # an older platform: `corner peers fetch` or `pair` later
        log.info("no peer secret from the platform: %s", exc)
    return {"shop_code": answer.shop_code, "shop_name": answer.shop_name, "till_no": answer.till_no,
            "device_id": str(answer.device_id)}


def client_for(till: Till) -> SyncClient:
    info = till.shop()
    if not info.server_url or not info.device_id:
        raise TillError(QT_TRANSLATE_NOOP(
            "CoreError", "This till is not enrolled with a platform yet: corner enroll URL CODE"))
    token = credentials.load_token(info.device_id)
    if not token:
        raise TillError(QT_TRANSLATE_NOOP(
            "CoreError", "This till's device token is missing from the keyring; enroll it again."))
    return SyncClient(info.server_url, token)


def build_engine(till: Till, on_state: Callable[[SyncState], None] | None = None, interval: float = 30.0) -> SyncEngine:
    return SyncEngine(client_for(till), TillSyncPort(till), interval=interval, on_state=on_state,
                      waiting=till.pending_events)


def sync_once(till: Till) -> dict:
    client = client_for(till)
    port = TillSyncPort(till)
    try:
        result = client.sync_once(port)
    except UpdateRequired as exc:
        port.record(SyncState(online=True, message=f"Update required: {exc}", update_required=True))
        raise TillError(QT_TRANSLATE_NOOP(
            "CoreError", "Update required: this till is too old for the platform ({exc}). Nothing queued is lost."),
            exc=exc) from None
    except SyncError as exc:
        port.record(SyncState(online=False, message=str(exc)))
        raise TillError(QT_TRANSLATE_NOOP("CoreError", "Sync failed: {exc}. Sales stay queued and go out next time."),
                        exc=exc) from None
    from sync.client import _now

    port.record(SyncState(online=True, last_sync=_now()))
    return {"pushed": result.pushed, "duplicates": result.duplicates, "quarantined": result.quarantined,
            "pulled": result.pulled, "snapshot_products": result.snapshot_products,
            "waiting": till.pending_events()}


# -- commands ----------------------------------------------------------------------------


def cmd_enroll(till, args, out) -> None:
    made = enroll(till, args.url, args.code, args.name)
    line = f"enrolled as till {made['till_no']} of {made['shop_name']} ({made['shop_code']})"
    # A till is only useful with its catalog: fetch it now, as the window's first run does. The
    # enrollment stands if this fails; the next `corner sync` fetches it.
    try:
        first = sync_once(till)
    except Exception as exc:  # noqa: BLE001 - enrolled all the same; say what is left to do
        made["catalog_products"] = None
        out.emit(made, f"{line}; the catalog did not come yet ({exc}): run corner sync --once")
        return
    made["catalog_products"] = first["snapshot_products"]
    out.emit(made, f"{line}; catalog fetched: {first['snapshot_products']} products")


def cmd_sync(till, args, out) -> None:
    if args.once:
        result = sync_once(till)
        out.emit(result, f"pushed {result['pushed']} (+{result['duplicates']} already there, "
                         f"{result['quarantined']} quarantined), pulled {result['pulled']}, "
                         f"{result['waiting']} waiting")
        return
    import time

    engine = build_engine(till, on_state=lambda st: print(
        f"{'online' if st.online else 'offline'}; waiting {st.waiting}; last sync {st.last_sync or 'never'}"
        + (f"; {st.message}" if st.message else ""), flush=True), interval=args.interval)
    engine.start()
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        engine.stop()


def _interval(text: str) -> float:
    import argparse
    import math

    try:
        seconds = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not (math.isfinite(seconds) and 1 <= seconds <= 86400):
        raise argparse.ArgumentTypeError("the interval is 1 to 86400 seconds (a day)")
    return seconds


def add_commands(sub) -> None:
    e = sub.add_parser("enroll", help="join the platform with an enrollment code")
    e.add_argument("url")
    e.add_argument("code")
    e.add_argument("--name", help="this till's name on the platform")
    e.set_defaults(fn=cmd_enroll)
    s = sub.add_parser("sync", help="send what is waiting and fetch what is new, every --interval seconds "
                                    "until Ctrl-C (--once: one round, then exit)")
    s.add_argument("--once", action="store_true", help="one round, then exit")
    s.add_argument("--interval", type=_interval, default=30.0, help="seconds between rounds, 1 to 86400 (default 30)")
    s.set_defaults(fn=cmd_sync)
