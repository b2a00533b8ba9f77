"""``corner-server``: run the sync server and manage shops, devices, tokens, catalog and policies.

Every command accepts ``--database-url`` (or env CORNER_DATABASE_URL), ``--data-dir`` and ``--json``.
Bad input (a usage error, an unknown shop or product, a bad file or value, a database that cannot be
used) ends with one line on stderr, exit status 2 and nothing changed, as ``corner`` does.
"""

from __future__ import annotations

import argparse
import gc
import inspect
import json
import sys
from pathlib import Path
from typing import Any, NoReturn

from pydantic import ValidationError
from sqlalchemy.exc import DBAPIError, OperationalError

from .settings import Settings


EXIT_ERROR = 2  # bad input, as `corner` (app/cli.py) and argparse's usage errors


class CliError(Exception):
    """A problem the user can fix; printed as one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_ERROR, f"corner-server: {message} (see corner-server --help)\n")


def _positive(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of processes (1 or more)")
    return number


def _common() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--database-url", default=argparse.SUPPRESS, help="SQLAlchemy URL (env CORNER_DATABASE_URL)")
    common.add_argument("--data-dir", default=argparse.SUPPRESS, help="where the default SQLite file lives")
    common.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="machine-readable output")
    return common


def _price(value: str) -> int:
    """A price on the command line: whole minor units, in the catalog file's words."""
    from sync.catalog_row import whole_number

    try:
        return whole_number(value, "the price", required=True, low=1)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _bound(value: str) -> int | None:
    """A price bound on the command line: minor units, or ``none`` to remove the bound."""
    from sync.catalog_row import whole_number

    if value.strip().lower() == "none":
        return None
    try:
        return whole_number(value, "the bound", required=True)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{exc}; or 'none' to remove it") from None


def _days(value: str) -> float:
    try:
        days = float(value)
    except ValueError:
        days = -1.0
    if not days >= 0:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of days (0 or more)")
    return days


def build_parser() -> argparse.ArgumentParser:
    common = _common()
    parser = _Parser(prog="corner-server", description="Corner's central sync server", parents=[common])
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    run = sub.add_parser("run", parents=[common], help="migrate, then serve HTTP")
    run.add_argument("--host", default="127.0.0.1")
    run.add_argument("--port", type=int, default=8080)
    run.add_argument("--workers", type=_positive, default=1, help="server processes (uvicorn workers; default 1)")
    sub.add_parser("migrate", parents=[common], help="bring the database schema up to date")

    shop = sub.add_parser("shop", help="shops").add_subparsers(dest="action", required=True, parser_class=_Parser)
    add = shop.add_parser("add", parents=[common], help="create a shop; prints its enrollment code")
    add.add_argument("name")
    add.add_argument("--code", help="short unique code such as S001 (default: next free)")
    shop.add_parser("list", parents=[common], help="shops with their health")
    code = shop.add_parser("enroll-code", parents=[common], help="a new enrollment code for a shop")
    code.add_argument("shop", help="shop code or id")

    device = sub.add_parser("device", help="devices").add_subparsers(dest="action", required=True, parser_class=_Parser)
    revoke = device.add_parser("revoke", parents=[common], help="revoke a device's token")
    revoke.add_argument("device_id")

    token = sub.add_parser("admin-token", help="admin tokens").add_subparsers(dest="action", required=True, parser_class=_Parser)
    create = token.add_parser("create", parents=[common], help="create an admin token (shown once)")
    create.add_argument("name")

    cat = sub.add_parser("catalog", help="catalog").add_subparsers(dest="action", required=True, parser_class=_Parser)
    imp = cat.add_parser("import", parents=[common], help="import a CSV or JSON catalog (all rows or none)")
    imp.add_argument("file", type=Path)
    imp.add_argument("--format", choices=["csv", "json"], help="default: from the file extension")
    imp.add_argument("--publish", action="store_true", help="publish to the tills right away")
    price = cat.add_parser("set-price", parents=[common],
                           help="set a product's price; bounds not given stay as they are")
    price.add_argument("sku")
    price.add_argument("price", type=_price, help="whole minor units: 350 for 3.50")
    price.add_argument("--min", type=_bound, dest="min_price", default=argparse.SUPPRESS,
                       help="lowest price a shop may set (minor units), or 'none' to remove it")
    price.add_argument("--max", type=_bound, dest="max_price", default=argparse.SUPPRESS,
                       help="highest price a shop may set (minor units), or 'none' to remove it")
    from .promo_cli import add_parsers as promo_parsers, add_set_price_options

    add_set_price_options(price)
    cat.add_parser("publish", parents=[common], help="publish catalog edits to the tills")
    promo_parsers(sub, common, _Parser)

    policy = sub.add_parser("policy", help="policies").add_subparsers(dest="action", required=True, parser_class=_Parser)
    pset = policy.add_parser("set", parents=[common], help="set and publish a policy")
    pset.add_argument("key")
    pset.add_argument("value")

    orders = sub.add_parser("orders", help="replenishment orders").add_subparsers(
        dest="action", required=True, parser_class=_Parser)
    olist = orders.add_parser("list", parents=[common], help="orders from the shops, oldest first")
    olist.add_argument("--status", choices=["placed", "shipped", "received"])
    olist.add_argument("--shop", help="shop code or id")
    oship = orders.add_parser("ship", parents=[common], help="ship an order (default: all that is still open)")
    oship.add_argument("order_id")
    oship.add_argument("--lines", nargs="+", metavar="SKU=QTY[@COST]",
                       help="ship only these (partial shipment); @COST: the unit cost charged, with its decimals, "
                            "like @0.79")
    oship.add_argument("--cost", nargs="+", metavar="SKU=COST",
                       help="unit cost charged for a SKU of this shipment (default: the catalog's cost now)")
    deliveries = sub.add_parser("deliveries", help="shipments and what the shops received").add_subparsers(
        dest="action", required=True, parser_class=_Parser)
    dlist = deliveries.add_parser("list", parents=[common], help="shipments with the shops' counts")
    dlist.add_argument("--shop", help="shop code or id")

    user = sub.add_parser("user", help="console users").add_subparsers(dest="action", required=True, parser_class=_Parser)
    uadd = user.add_parser("add", parents=[common], help="add a console user (password asked, or one line on stdin)")
    uadd.add_argument("name")
    uadd.add_argument("--role", required=True, choices=["admin", "catalog", "operations", "support"])
    udis = user.add_parser("disable", parents=[common], help="a console user can no longer log in; their sessions end")
    udis.add_argument("name")
    uen = user.add_parser("enable", parents=[common], help="let a disabled console user log in again")
    uen.add_argument("name")
    ureset = user.add_parser("reset-password", parents=[common],
                             help="set a console user's password (asked, or one line on stdin); their sessions end")
    ureset.add_argument("name")

    settle = sub.add_parser("settlement", parents=[common], help="a shop's settlement statement for a period")
    settle.add_argument("shop", help="shop code or id")
    settle.add_argument("--start", required=True, help="first day (2026-11-01), or an ISO time")
    settle.add_argument("--end", required=True, help="the day after the last (exclusive)")
    settle.add_argument("--csv", type=Path, dest="csv_file", metavar="FILE", help="also write the statement as CSV")

    feed = sub.add_parser("feed", help="the change feed").add_subparsers(dest="action", required=True, parser_class=_Parser)
    fcompact = feed.add_parser("compact", parents=[common],
                               help="drop superseded catalog and policy rows and shop rows every till has pulled")
    fcompact.add_argument("--max-age-days", type=_days, default=None, metavar="DAYS",
                          help="also expire shop rows older than DAYS that a till has not pulled "
                               "(that till starts again from a snapshot)")

    ins = sub.add_parser("insights", help="network insights").add_subparsers(
        dest="action", required=True, parser_class=_Parser)
    ipub = ins.add_parser("publish", parents=[common], help="compute benchmarks and send each shop its own")
    ipub.add_argument("--days", type=int, default=28, help="sales of the last N days (default 28)")
    ipub.add_argument("--top", type=int, default=10, help="how many network best sellers (default 10)")
    return parser


def _ship_lines(specs: list[str] | None, costs: dict[str, int] | None = None) -> list[tuple[str, int]] | None:
    """``SKU=QTY`` or ``SKU=QTY@COST`` (COST like 0.79, the unit cost the shop is charged)."""
    if specs is None:
        return None
    out = []
    for spec in specs:
        sku, sep, qty = spec.partition("=")
        qty, at, cost = qty.partition("@")
        try:
            number = int(qty)
        except ValueError:
            number = 0
        if not sep or not sku.strip() or number <= 0:
            raise CliError(f"{spec!r}: write each line as SKU=QTY with a quantity above zero, like P0001=12")
        if at and costs is not None:
            costs[sku.strip()] = _cost(cost, spec)
        out.append((sku.strip(), number))
    return out


def _cost(text: str, spec: str) -> int:
    """A unit cost in major units with its decimals (0.79, 79.00). A bare whole number is refused:
    the catalog file and ``set-price`` count minor units, so 79 could mean 0.79 or 79.00, and a
    shipment charged a hundred times over is settled before anyone sees it."""
    import re

    m = re.fullmatch(r"\s*(\d+)[.,](\d{1,2})\s*", text)
    if m:
        return int(m.group(1)) * 100 + int(m.group(2).ljust(2, "0"))
    if re.fullmatch(r"\s*\d+\s*", text):
        raise CliError(f"{spec!r}: write the unit cost with its decimals, like 0.79 or {text.strip()}.00: "
                       f"a whole number could mean either")
    raise CliError(f"{spec!r}: write a unit cost like 0.79")


def _ship_costs(specs: list[str] | None) -> dict[str, int]:
    out: dict[str, int] = {}
    for spec in specs or []:
        sku, sep, cost = spec.partition("=")
        if not sep or not sku.strip():
            raise CliError(f"{spec!r}: write each cost as SKU=COST, like P0001=0.79")
        out[sku.strip()] = _cost(cost, spec)
    return out


def _s2b2c(args: argparse.Namespace, session, key: tuple) -> bool:
    """The s2b2c commands; False when ``key`` is not one of them."""
    import uuid

    from . import identity, insights, orders, settlement

    def shop_id(ref: str | None):
        return identity.find_shop(session, ref).id if ref else None

    if key == ("orders", "list"):
        rows = [o.as_dict() for o in orders.list_orders(session, status=args.status, shop_id=shop_id(args.shop),
                                                          limit=10**6)]
        text = [
            f"{o['id']}  {o['shop_code']:<8} {o['status']:<9} {o['created_at'][:16]}  "
            + ", ".join(f"{line['sku']} x{line['qty']}" + (f" ({line['shipped']} shipped)" if line["shipped"] else "")
                        for line in o["lines"])
            for o in rows
        ]
        _emit(args, rows, "\n".join(text) or "no orders")
    elif key == ("orders", "ship"):
        try:
            order_id = uuid.UUID(args.order_id)
        except ValueError:
            raise CliError(f"{args.order_id!r} is not an order id") from None
        try:
            costs = _ship_costs(args.cost)
            shipment = orders.ship(session, order_id, _ship_lines(args.lines, costs), "corner-server", costs)
        except orders.OrderError as exc:
            raise CliError(str(exc)) from None
        data = {"id": str(shipment.id), "order_id": str(order_id), "lines": shipment.lines}
        _emit(args, data, f"shipment {shipment.id}: "
              + ", ".join(f"{line['sku']} x{line['qty']}" for line in shipment.lines)
              + "; the shop sees it on its next sync")
    elif key == ("deliveries", "list"):
        rows = orders.delivery_view(session, shop_id(args.shop), limit=10**6)
        text = []
        for d in rows:
            flag = "  DISCREPANCY" if d["discrepancy"] else ""
            text.append(f"{d['id']}  {d['shop_code']:<8} {d['status']:<8} shipped {d['shipped_at'][:16]}{flag}")
            for line in d["lines"]:
                got = "not counted yet" if line["received"] is None else \
                    f"received {line['received']}, damaged {line['damaged']}"
                text.append(f"    {line['sku']:<12} shipped {line['shipped']:>5}  {got}"
                            + ("  <-" if line["discrepancy"] else ""))
        _emit(args, rows, "\n".join(text) or "no shipments")
    elif key == ("settlement", None):
        shop = identity.find_shop(session, args.shop)
        try:
            start, end = settlement.period(args.start, args.end)
        except settlement.PeriodError as exc:
            raise CliError(str(exc)) from None
        st = settlement.statement(session, shop.id, start, end)
        if args.csv_file:
            try:
                args.csv_file.write_text(settlement.as_csv(st), encoding="utf-8")
            except OSError as exc:
                raise CliError(f"cannot write {args.csv_file}: {exc}") from None
        from .promotions import names

        totals = {k: v for k, v in st.as_dict().items() if k != "credits"}
        width = max(len(k) for k in totals)
        called = names(session, [pid for pid, _ in st.credits])
        credits = [f"    credit {called.get(pid, pid)}: {amount}" for pid, amount in st.credits]
        _emit(args, {"shop_code": shop.code, **st.as_dict()},
              f"settlement for {shop.code} {shop.name}\n"
              + "\n".join(f"  {k:<{width}}  {v}" for k, v in totals.items())
              + ("\n" + "\n".join(credits) if credits else ""))
    elif key == ("insights", "publish"):
        if not 1 <= args.days <= 3660 or not 1 <= args.top <= 100:
            raise CliError("--days is 1 to 3660 and --top 1 to 100")
        shops, cursor = insights.publish(session, days=args.days, top=args.top)
        _emit(args, {"shops": shops, "cursor": cursor}, f"insights published to {shops} shop(s); cursor {cursor}")
    else:
        return False
    return True


def _read_password() -> str:
    """The new user's password: asked twice at a terminal, else the first line of stdin."""
    import getpass

    if sys.stdin.isatty():
        first = getpass.getpass("password: ")
        if getpass.getpass("again: ") != first:
            raise CliError("the two passwords differ")
        return first
    return sys.stdin.readline().rstrip("\r\n")


def _user_add(args: argparse.Namespace, session) -> None:
    from .console import auth

    try:
        user = auth.add_user(session, args.name, args.role, _read_password())
    except auth.AuthError as exc:
        raise CliError(str(exc)) from None
    auth.audit(session, "corner-server", "user.add", f"user:{user.name}", None, {"name": user.name, "role": user.role})
    _emit(args, {"name": user.name, "role": user.role}, f"console user {user.name} ({user.role}) added; log in at /console")


def _user_change(args: argparse.Namespace, session) -> None:
    from .console import auth

    try:
        user = auth.find_user(session, args.name)
        before = {"disabled": user.disabled_at is not None}
        if args.action == "disable":
            auth.disable_user(session, user)
            auth.audit(session, "corner-server", "user.disable", f"user:{user.name}", before, {"disabled": True})
            message = f"console user {user.name} disabled; their sessions ended"
        elif args.action == "enable":
            auth.enable_user(session, user)
            auth.audit(session, "corner-server", "user.enable", f"user:{user.name}", before, {"disabled": False})
            message = f"console user {user.name} enabled"
        else:
            auth.set_password(session, user, _read_password())
            auth.audit(session, "corner-server", "user.reset_password", f"user:{user.name}", None, {"password": "reset"})
            message = f"password of console user {user.name} reset; their sessions ended"
    except auth.AuthError as exc:
        raise CliError(str(exc)) from None
    _emit(args, {"name": user.name, "action": args.action}, message)


def _settings(args: argparse.Namespace) -> Settings:
    overrides: dict[str, Any] = {}
    if getattr(args, "database_url", None):
        overrides["database_url"] = args.database_url
    if getattr(args, "data_dir", None):
        overrides["server_data_dir"] = Path(args.data_dir)
    try:
        return Settings(**overrides)
    except ValidationError as exc:  # a bad CORNER_* setting: one line naming it, not pydantic's traceback
        err = exc.errors()[0]
        name = "CORNER_" + "_".join(str(p) for p in err["loc"]).upper()
        raise CliError(f"{name}: {err['msg'].lower()} (got {err.get('input')!r})") from None


def _emit(args: argparse.Namespace, data: Any, text: str) -> None:
    if getattr(args, "json", False):
        print(json.dumps(data, default=str, indent=2))
    else:
        print(text)


def tune_gc() -> None:
    """Keep the start-up objects out of garbage collection, and collect young objects less often.

    A push of 500 sales makes tens of thousands of short-lived objects; with the default
    thresholds every few hundred of them set off a collection that also walked the hundreds of
    thousands of objects of FastAPI, SQLAlchemy and pydantic. Frozen, they are never walked again
    (measured: about a quarter more events per second).
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 50, 100)


def _run(args: argparse.Namespace) -> None:
    import uvicorn

    from .app import create_app
    from .db import make_engine, migrate
    from .observability import configure_logging

    settings = _settings(args)
    configure_logging(settings.log_level, settings.log_format)
    engine = make_engine(settings)
    migrate(engine)
    if args.workers > 1:
        # Each worker builds its own app from the environment (worker_app below).
        engine.dispose()
        _prepare_workers(args)
        # A worker imports the whole app before it answers the supervisor's pings: allow a slow box.
        slow = {"timeout_worker_healthcheck": 30} if "timeout_worker_healthcheck" in inspect.signature(uvicorn.run).parameters else {}
        uvicorn.run(
            "sync.server.cli:worker_app",
            factory=True,
            workers=args.workers,
            host=args.host,
            port=args.port,
            log_level=settings.log_level.lower(),
            log_config=None,
            access_log=False,
            proxy_headers=False,  # as below: forwarded headers are judged by the app, not uvicorn
            **slow,
        )
        return
    app = create_app(settings, engine)
    tune_gc()
    uvicorn.run(
        app,
        host=args.host,
        port=args.port,
        log_level=settings.log_level.lower(),
        log_config=None,
        access_log=False,
        # X-Forwarded-For is judged by the app against CORNER_TRUSTED_PROXIES, not believed by
        # uvicorn from any local peer.
        proxy_headers=False,
    )


def _prepare_workers(args: argparse.Namespace) -> None:
    """Hand the command line's settings to the worker processes, and give them one metrics directory."""
    import os
    import tempfile

    if getattr(args, "database_url", None):
        os.environ["CORNER_DATABASE_URL"] = args.database_url
    if getattr(args, "data_dir", None):
        os.environ["CORNER_SERVER_DATA_DIR"] = str(Path(args.data_dir))
    # As many batches of one till at once as there are processes to take them (unless set).
    os.environ.setdefault("CORNER_PUSH_LANES", str(args.workers))
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if not directory:
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="corner-metrics-")
    else:
        # Counters of a previous run must not be added to this one's.
        Path(directory).mkdir(parents=True, exist_ok=True)
        for stale in Path(directory).glob("*.db"):
            stale.unlink()


def worker_app():
    """The app of one ``--workers`` process (uvicorn factory): settings from the environment."""
    from .app import create_app
    from .observability import configure_logging

    settings = Settings()
    configure_logging(settings.log_level, settings.log_format)
    app = create_app(settings)
    tune_gc()
    return app


def dispatch(args: argparse.Namespace) -> None:
    from . import catalog, identity, promo_cli, promotions
    from .catalog import CatalogError
    from .db import make_engine, migrate, session_scope
    from .routers.admin import shop_health

    if args.command == "run":
        _run(args)
        return
    settings = _settings(args)
    engine = make_engine(settings)
    migrate(engine)
    if args.command == "migrate":
        _emit(args, {"status": "ok"}, "database is up to date")
        return
    try:
        with session_scope(engine) as session:
            key = (args.command, getattr(args, "action", None))
            if key == ("shop", "add"):
                shop = identity.create_shop(session, args.name, args.code)
                code, expires = identity.create_enrollment_code(session, shop, settings.enrollment_code_ttl_hours)
                _emit(
                    args,
                    {"id": shop.id, "code": shop.code, "name": shop.name, "enrollment_code": code, "expires_at": expires},
                    f"shop {shop.code} {shop.name!r} created\nenrollment code: {code} (expires {expires:%Y-%m-%d %H:%M} UTC)",
                )
            elif key == ("shop", "list"):
                shops = [s.model_dump(mode="json") for s in shop_health(session)]
                lines = [
                    f"{s['code']:<8} {s['name']:<30} devices {s['active_devices']}/{s['devices']}  "
                    f"events {s['events_received']} (quarantined {s['events_quarantined']})  "
                    f"last seen {s['last_seen_at'] or 'never'}"
                    for s in shops
                ]
                _emit(args, shops, "\n".join(lines) or "no shops yet")
            elif key == ("shop", "enroll-code"):
                shop = identity.find_shop(session, args.shop)
                code, expires = identity.create_enrollment_code(session, shop, settings.enrollment_code_ttl_hours)
                _emit(
                    args,
                    {"shop_code": shop.code, "enrollment_code": code, "expires_at": expires},
                    f"enrollment code for {shop.code}: {code} (expires {expires:%Y-%m-%d %H:%M} UTC)",
                )
            elif key == ("device", "revoke"):
                device = identity.revoke_device(session, args.device_id)
                _emit(args, {"id": device.id, "revoked_at": device.revoked_at}, f"device {device.id} revoked")
            elif key == ("admin-token", "create"):
                row, token = identity.create_admin_token(session, args.name)
                _emit(args, {"id": row.id, "name": row.name, "token": token}, f"admin token for {row.name} (shown once):\n{token}")
            elif key == ("catalog", "import"):
                fmt = args.format or ("json" if args.file.suffix.lower() == ".json" else "csv")
                try:
                    text = args.file.read_text(encoding="utf-8")
                except UnicodeDecodeError:
                    raise CliError(f"{args.file} is not a UTF-8 text file; save it as CSV (UTF-8) or JSON "
                                   "and try again.") from None
                except OSError as exc:
                    raise CliError(f"cannot read {args.file}: {exc.strerror or exc}") from None
                result = catalog.import_products(session, catalog.parse_catalog(text, fmt), publish_now=args.publish)
                _emit(
                    args,
                    result.as_dict(),
                    f"imported: {result.created} new, {result.updated} changed, {result.unchanged} unchanged"
                    + (f"; published {result.published} (cursor {result.cursor})" if args.publish else ""),
                )
            elif key == ("catalog", "set-price") and args.at:
                row = promotions.schedule_price(session, args.sku, args.price, promo_cli.scheduled_at(args),
                                                "corner-server", getattr(args, "min_price", catalog.KEEP),
                                                getattr(args, "max_price", catalog.KEEP))
                _emit(args, promotions.scheduled_data(row).model_dump(mode="json"),
                      f"{row.sku}: price {row.price} (min {row.min_price}, max {row.max_price}) from "
                      f"{row.effective_at.isoformat()}; published to the tills now, they switch at that time")
            elif key == ("catalog", "set-price"):
                product = catalog.set_price(session, args.sku, args.price, getattr(args, "min_price", catalog.KEEP),
                                            getattr(args, "max_price", catalog.KEEP))
                _emit(
                    args,
                    {"sku": product.sku, "price": product.price, "min_price": product.min_price, "max_price": product.max_price},
                    f"{product.sku}: price {product.price} (min {product.min_price}, max {product.max_price}); "
                    "publish to send it to the tills",
                )
            elif key == ("catalog", "publish"):
                count, cursor = catalog.publish(session)
                _emit(args, {"published": count, "cursor": cursor}, f"published {count} product(s); cursor {cursor}")
            elif key == ("policy", "set"):
                value, seq = catalog.set_policy(session, args.key, args.value)
                _emit(args, {"key": args.key, "value": value, "seq": seq}, f"policy {args.key} = {value!r} published")
            elif key == ("user", "add"):
                _user_add(args, session)
            elif key[0] == "user":
                _user_change(args, session)
            elif key == ("feed", "compact"):
                from .compaction import compact

                done = compact(session, max_age_days=args.max_age_days)
                _emit(args, done.as_dict(),
                      f"feed compacted: {done.superseded} superseded and {done.expired} expired row(s) removed, "
                      f"{done.kept} kept; {done.shops} shop(s) start further on")
            elif _s2b2c(args, session, key) or promo_cli.run(args, session, key, _emit):
                pass
            else:  # pragma: no cover - argparse only lets known commands through
                raise CliError(f"unknown command {key}")
    except CatalogError as exc:
        if exc.errors:
            details = "; ".join(f"line {e.line}: {e.reason}" for e in exc.errors)
            raise CliError(f"{exc}: {details}") from None
        raise CliError(str(exc)) from None
    except identity.IdentityError as exc:
        raise CliError(str(exc)) from None
    except promotions.PromoError as exc:
        raise CliError(str(exc)) from None


def _first_line(error: object) -> str:
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        dispatch(args)
    except CliError as exc:
        print(f"corner-server: {' '.join(str(exc).split())}", file=sys.stderr)  # one line, whatever it held
        return EXIT_ERROR
    except OperationalError as exc:
        print(f"corner-server: cannot use the database: {_first_line(exc.orig)}", file=sys.stderr)
        return EXIT_ERROR
    except DBAPIError as exc:
        print(f"corner-server: database error: {_first_line(exc.orig)}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
