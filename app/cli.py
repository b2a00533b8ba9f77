"""The `corner` command: the till without a window, over the same facade.

Every command prints one clear line and exits non-zero on bad input, and then has
changed nothing. ``--json`` prints machine-readable output instead.
"""

from __future__ import annotations

import argparse
import csv
import json
import logging
import os
import sqlite3
import sys
from dataclasses import asdict, is_dataclass
from pathlib import Path
from typing import Any

from .core.errors import TillError
from .core.paths import default_data_dir  # noqa: F401 (the CLI's default, also imported from here)

log = logging.getLogger("corner.cli")

EXIT_ERROR = 2




class Output:
    def __init__(self, as_json: bool) -> None:
        self.as_json = as_json

    def emit(self, data: Any, text: str | list[str]) -> None:
        if self.as_json:
            print(json.dumps(_plain(data), indent=2, default=str))
        else:
            print(text if isinstance(text, str) else "\n".join(text))


def _plain(data: Any) -> Any:
    if is_dataclass(data):
        return asdict(data)
    if isinstance(data, dict):
        return {str(k): _plain(v) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [_plain(v) for v in data]
    return data


def _amount(text: str) -> int:
    from .core.money import parse_amount

    try:
        return parse_amount(text)
    except ValueError as exc:
        raise TillError(str(exc)) from None


def _item(text: str) -> tuple[str, int | None]:
    """``CODE`` or ``CODE*QTY`` (QTY in units, or grams for weighed goods)."""
    code, sep, qty = text.partition("*")
    if not sep:
        return code, None
    try:
        value = int(qty)
    except ValueError:
        raise TillError(f"{text}: the quantity after * must be a whole number") from None
    if value <= 0:
        raise TillError(f"{text}: the quantity must be above zero")
    return code, value


def _tender(text: str):
    """A Tender, or None for ``cash`` alone: exact cash for what the other tenders leave."""
    from .core.sales import Tender

    parts = text.split(":")
    if parts == ["cash"]:
        return None
    if len(parts) < 2 or parts[0] not in ("cash", "card", "mobile"):
        raise TillError(f"{text}: write a tender as cash (exact), cash:AMOUNT, card:AMOUNT:REF or mobile:AMOUNT:REF")
    return Tender(parts[0], _amount(parts[1]), ":".join(parts[2:]) or None)


# -- commands --------------------------------------------------------------------------


def cmd_init_demo(till, args, out: Output) -> None:
    from .core import demo

    made = demo.seed(till)
    out.emit(made, [
        f"Demo shop ready in {till.data_dir}: {made['products']} products, {made['customers']} customers.",
        f"Owner {made['owner']} PIN {made['owner_pin']}; cashier PIN {made['cashier_pin']}. A cash session is open.",
    ])


def cmd_status(till, args, out: Output) -> None:
    st = till.status()
    out.emit(st, [
        f"{st['shop']} ({st['shop_code']}-{st['till_no']}) in {st['data_dir']}",
        f"products {st['products']}, sales {st['sales']}, customers {st['customers']}",
        f"cash session: {'open' if st['cash_session'] else 'closed'}",
        f"events waiting to sync: {st['events_waiting']}; last sync: {st['last_sync'] or 'never'}",
        f"platform: {st['server_url'] or 'not enrolled'}",
    ])


def cmd_sell(till, args, out: Output) -> None:
    till.login(args.pin)
    cart = till.new_cart()
    for item in args.items:
        code, qty = _item(item)
        till.add_to_cart(cart, code, qty)
    if args.customer:
        found = till.find_customers(args.customer)
        if len(found) != 1:
            raise TillError(f"{args.customer!r} matches {len(found)} customers; give a phone number that matches one.")
        till.attach_customer(cart, found[0].id)
    for code in getattr(args, "coupon", None) or []:
        till.promotions.add_coupon(cart, code)
    if args.discount:
        till.set_sale_discount(cart, _amount(args.discount), approver_pin=args.approve)
    from .core.sales import Tender

    given = [_tender(t) for t in args.pay or ["cash"]]
    if given.count(None) > 1:
        raise TillError("give --pay cash (exact cash) once")
    rest = max(cart.totals().total - sum(t.amount for t in given if t is not None), 0)
    tenders = [t if t is not None else Tender("cash", rest) for t in given]
    sale = till.pay(cart, tenders)
    sale = till.sale(sale.id)
    change = sum(p.change for p in sale.payments)
    out.emit(
        {"receipt_no": sale.receipt_no, "id": sale.id, "total": sale.total, "tax": sale.tax, "change": change,
         "receipt_token": sale.receipt_token},
        f"sold {sale.receipt_no}: total {till.money(sale.total)}, change {till.money(change)}",
    )


def cmd_refund(till, args, out: Output) -> None:
    till.login(args.pin)
    quantities: dict[str, int] = {}
    sale = till.sale(args.receipt)
    if not args.items:
        left = till.refundable(sale.receipt_no)
        quantities = {k: v for k, v in left.items() if v}
        if not quantities:
            raise TillError(f"Everything on {sale.receipt_no} has already been refunded.")
    for item in args.items:
        code, qty = _item(item)
        quantities[code] = quantities.get(code, 0) + (qty or 1)
    refund = till.refund(sale.receipt_no, quantities, restock=not args.no_restock, approver_pin=args.approve,
                         reason=args.reason)
    out.emit({"refund_id": refund.id, "receipt_no": sale.receipt_no, "total": refund.total},
             f"refunded {till.money(refund.total)} on {sale.receipt_no}")


def cmd_stock(till, args, out: Output) -> None:
    action = args.action
    if action == "list":
        rows = till.stock_rows(args.search or "", args.filter)
        out.emit([dict(zip(("sku", "name", "category", "unit", "level", "reorder_point"), r)) for r in rows],
                 [f"{r[0]:<8} {r[4]:>8} {'g' if r[3] == 'kg' else ' '} {r[1]}" for r in rows] or ["no products match"])
        return
    if action == "history":  # reading needs no PIN
        rows = till.stock_history(args.sku)
        out.emit([{"kind": m.kind, "qty": m.qty, "reason": m.reason, "at": m.created_at} for m in rows],
                 [f"{m.created_at[:19]} {m.kind:<10} {m.qty:>7} {m.reason or ''}" for m in rows] or ["no movements"])
        return
    till.login(args.pin)
    if action == "write-off":
        m = till.write_off(args.sku, args.qty, args.reason, approver_pin=args.approve)
        out.emit({"movement": m.id, "level": till.level(args.sku)}, f"wrote off {args.qty} of {args.sku}; level now {till.level(args.sku)}")
    elif action == "receive":
        till.receive_stock(args.sku, args.qty, _amount(args.cost) if args.cost else None)
        out.emit({"level": till.level(args.sku)}, f"received {args.qty} of {args.sku}; level now {till.level(args.sku)}")
    elif action == "count":
        counted = {}
        for pair in args.counts:
            sku, sep, qty = pair.partition("=")
            if not sep or not qty.strip().lstrip("-").isdigit():
                raise TillError(f"{pair}: write counts as SKU=QTY")
            counted[sku] = int(qty)
        moves = till.post_count(counted, approver_pin=args.approve)
        out.emit({"adjusted": len(moves)}, f"count posted: {len(moves)} product(s) adjusted")


def cmd_customers(till, args, out: Output) -> None:
    if args.add:
        till.login(args.pin) if args.pin else None
        c = till.save_customer({"name": args.name or "", "phone": args.phone or "", "email": args.email or "",
                                "consent_share": args.share, "consent_marketing": args.marketing})
        out.emit({"id": c.id}, f"customer {c.name or c.phone} saved ({c.id})")
        return
    rows = till.find_customers(args.search or "")
    out.emit(
        [{"id": c.id, "name": c.name, "phone": c.phone, "email": c.email, "consent_share": c.consent_share,
          "consent_marketing": c.consent_marketing, "points": till.loyalty_points(c.id)} for c in rows],
        [f"{c.name:<24} {c.phone:<18} points {till.loyalty_points(c.id):>5}{'  shares' if c.consent_share else ''}" for c in rows]
        or ["no customers match"],
    )


def cmd_session(till, args, out: Output) -> None:
    if args.action == "status":
        cs = till.cash_session()
        if cs is None:
            out.emit({"open": False}, "no cash session is open")
        else:
            out.emit({"open": True, "id": cs.id, "expected": till.expected_cash()},
                     f"session open since {cs.opened_at[:16]}; expected in drawer {till.money(till.expected_cash())}")
        return
    till.login(args.pin)
    if args.action == "open":
        cs = till.open_session(_amount(args.float))
        out.emit({"id": cs.id}, f"cash session open with a float of {till.money(cs.float_amount)}")
    elif args.action == "close":
        report = till.close_session(_amount(args.counted))
        out.emit(report, [
            f"Z report for session {report.session_id}",
            f"sales {report.sales_count}  net {till.money(report.net_sales)}  refunds {till.money(report.refunds_total)}",
            *[f"  {m:<7} {till.money(v)}" for m, v in sorted(report.tenders.items())],
            f"expected {till.money(report.expected)}  counted {till.money(report.counted)}  over/short {till.money(report.over_short)}",
        ])
    elif args.action in ("paid-in", "paid-out"):
        till.paid_in_out(args.action.replace("-", "_"), _amount(args.amount), args.reason or "")
        out.emit({"expected": till.expected_cash()}, f"{args.action} recorded; expected in drawer {till.money(till.expected_cash())}")


def cmd_import(till, args, out: Output) -> None:
    from .core import history

    path = Path(args.file)
    if not path.is_file():
        raise TillError(f"No such file: {path}")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise TillError(f"{path} is not a UTF-8 text file; save it as CSV (UTF-8) and try again.") from None
    if args.pin:
        till.login(args.pin)
    if args.what == "catalog":
        n = till.import_catalog_csv(text)
        out.emit({"imported": n}, f"imported {n} products")
    else:
        n = history.import_sales_csv(till, text)
        out.emit({"imported": n}, f"imported {n} past sales")


def cmd_export(till, args, out: Output) -> None:
    from .core import history

    rows = history.export_rows(till, args.what)
    path = Path(args.file)
    partial = path.with_name(path.name + ".part")
    with partial.open("w", newline="", encoding="utf-8") as fh:  # no half-written file under the real name
        writer = csv.writer(fh)
        n = -1
        for n, row in enumerate(rows):
            writer.writerow(row)
    partial.replace(path)
    out.emit({"rows": max(n, 0), "file": str(path)}, f"wrote {max(n, 0)} rows to {path}")


def cmd_backup(till, args, out: Output) -> None:
    dest = till.backup(Path(args.dest) if args.dest else None)
    out.emit({"file": str(dest)}, f"backup written to {dest}")


def cmd_restore(data_dir: Path, args, out: Output) -> None:
    """Restore a backup. The till need not open: a lost, empty or damaged file (or a new
    machine's empty folder) is brought back with the PIN of an owner in the backup."""
    from .core import restore
    from .core.store.engine import NoTill, TillFileError

    if args.list:
        rows = restore.list_backups(data_dir)
        out.emit(rows, [f"{b.made_at:%Y-%m-%d %H:%M} UTC  {b.label:<13} {b.sales:>6} sales  {b.path}" for b in rows]
                 or [f"no backups in {restore.backup_dir(data_dir)}"])
        return
    if args.latest == bool(args.file):
        raise TillError("name the backup to restore (a FILE) or give --latest; --list shows them")
    if not args.pin:
        raise TillError("restoring a backup needs an owner's PIN: --pin PIN")
    if args.latest:
        found = restore.list_backups(data_dir)
        if not found:
            raise TillError(f"There is no usable backup in {restore.backup_dir(data_dir)}.")
        path = found[0].path
    else:
        path = Path(args.file)
    from .core.till import Till

    try:
        till = Till(data_dir) if _state(data_dir) == "ok" else None
    except (TillFileError, NoTill):
        till = None
    if till is None:
        result = restore.recover(data_dir, path, args.pin)
        out.emit({"restored": str(result.restored.path), "set_aside": str(result.set_aside or ""),
                  "sales": result.restored.sales},
                 [f"restored {result.restored.path.name} ({result.restored.sales} sales) by {result.owner}"]
                 + ([f"what was left of the old file is in {result.set_aside}"] if result.set_aside else []))
        return
    try:
        till.login(args.pin)
        done = till.restore_backup(path)
    finally:
        till.close()
    out.emit({"restored": str(done.restored.path), "safety_copy": str(done.safety_copy), "sales": done.restored.sales},
             [f"restored {done.restored.path.name} ({done.restored.sales} sales)",
              f"the data as it was just before is in {done.safety_copy}"])


def _state(data_dir: Path) -> str:
    from .core.store.engine import till_state

    return till_state(data_dir)


def cmd_doctor(till, args, out: Output) -> int:
    problems = till.doctor()
    out.emit({"ok": not problems, "problems": problems}, problems or ["all checks passed"])
    return EXIT_ERROR if problems else 0


# -- wiring ----------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="corner", description="Corner till, from the command line.")
    p.add_argument("--data-dir", type=Path, help="the till's data directory (env CORNER_DATA_DIR)")
    p.add_argument("--json", action="store_true", help="print JSON")
    sub = p.add_subparsers(dest="command", required=True)

    sub.add_parser("init-demo", help="fill an empty till with the demo shop").set_defaults(fn=cmd_init_demo)
    sub.add_parser("status", help="the till's state at a glance").set_defaults(fn=cmd_status)

    s = sub.add_parser("sell", help="ring up a sale: corner sell --pin 1111 P0001 'W0101*350' --pay cash:10")
    s.add_argument("items", nargs="+", help="barcode, SKU or scale label; CODE*QTY for a quantity (grams if weighed)")
    s.add_argument("--pin", required=True)
    s.add_argument("--pay", action="append", help="cash (exact cash for what is left) | cash:AMOUNT | card:AMOUNT:REF | mobile:AMOUNT:REF (default: exact cash)")
    s.add_argument("--discount", help="a discount on the whole sale, e.g. 1.50")
    s.add_argument("--approve", help="an owner's PIN, where the rules ask for one")
    s.add_argument("--customer", help="phone or name of the customer")
    s.add_argument("--coupon", action="append", help="a coupon code the customer gives (may repeat)")
    s.set_defaults(fn=cmd_sell)

    r = sub.add_parser("refund", help="refund lines of a receipt")
    r.add_argument("receipt")
    r.add_argument("items", nargs="*", help="SKU or SKU*QTY; none refunds everything left")
    r.add_argument("--pin", required=True)
    r.add_argument("--approve", help="an owner's PIN (not needed when --pin is an owner's)")
    r.add_argument("--no-restock", action="store_true", help="the goods do not go back on the shelf")
    r.add_argument("--reason")
    r.set_defaults(fn=cmd_refund)

    st = sub.add_parser("stock", help="stock levels and movements")
    st_sub = st.add_subparsers(dest="action")
    st.set_defaults(fn=cmd_stock, action="list", search="", filter="all")
    lst = st_sub.add_parser("list", help="stock levels (the default): corner stock list milk --filter low")
    lst.add_argument("search", nargs="?", default="")
    lst.add_argument("--filter", choices=["all", "low", "out", "negative"], default="all")
    for name, what in (("write-off", "take goods off the books (spoilt, damaged, stolen, expired)"),
                       ("receive", "goods that came in outside a platform delivery")):
        a = st_sub.add_parser(name, help=what)
        a.add_argument("sku")
        a.add_argument("qty", type=int)
        if name == "write-off":
            a.add_argument("reason", choices=["spoilage", "damage", "theft", "expiry", "other"])
        else:
            a.add_argument("--cost")
        a.add_argument("--pin", required=True)
        a.add_argument("--approve")
    c = st_sub.add_parser("count", help="post a (partial) count: SKU=QTY ...")
    c.add_argument("counts", nargs="+")
    c.add_argument("--pin", required=True)
    c.add_argument("--approve")
    h = st_sub.add_parser("history", help="a product's stock movements, newest first")
    h.add_argument("sku")

    cu = sub.add_parser("customers", help="list, search or add customers")
    cu.add_argument("search", nargs="?", default="")
    cu.add_argument("--add", action="store_true")
    cu.add_argument("--name")
    cu.add_argument("--phone")
    cu.add_argument("--email")
    cu.add_argument("--share", action="store_true", help="consents to sharing with the platform")
    cu.add_argument("--marketing", action="store_true", help="consents to marketing")
    cu.add_argument("--pin")
    cu.set_defaults(fn=cmd_customers)

    se = sub.add_parser("session", help="cash sessions")
    se_sub = se.add_subparsers(dest="action", required=True)
    o = se_sub.add_parser("open")
    o.add_argument("--float", required=True)
    o.add_argument("--pin", required=True)
    cl = se_sub.add_parser("close")
    cl.add_argument("--counted", required=True)
    cl.add_argument("--pin", required=True)
    for name in ("paid-in", "paid-out"):
        pi = se_sub.add_parser(name)
        pi.add_argument("amount")
        pi.add_argument("--reason", required=True)
        pi.add_argument("--pin", required=True)
    se_sub.add_parser("status")
    se.set_defaults(fn=cmd_session)

    im = sub.add_parser("import", help="import catalog or sales history from CSV")
    im.add_argument("what", choices=["catalog", "sales"])
    im.add_argument("file")
    im.add_argument("--pin", help="an owner's PIN (importing sales history is an owner's job)")
    im.set_defaults(fn=cmd_import)

    ex = sub.add_parser("export", help="export sales, refunds, stock or customers to CSV")
    ex.add_argument("what", choices=["sales", "refunds", "stock", "customers"])
    ex.add_argument("file")
    ex.set_defaults(fn=cmd_export)

    b = sub.add_parser("backup", help="back up the till's database now")
    b.add_argument("--dest")
    b.set_defaults(fn=cmd_backup)
    sub.add_parser("doctor", help="check the database and the books").set_defaults(fn=cmd_doctor)
    rs = sub.add_parser("restore", help="bring the till back from a backup (an owner's PIN); --list shows them")
    rs.add_argument("file", nargs="?", help="the backup file (see --list)")
    rs.add_argument("--latest", action="store_true", help="the newest usable backup in the backups folder")
    rs.add_argument("--list", action="store_true", help="list the backups, newest first")
    rs.add_argument("--pin", help="an owner's PIN (when the till's file is lost: an owner's PIN in the backup)")
    rs.set_defaults(fn=cmd_restore, opens_till=False)

    _add_sync_commands(sub)
    _add_staff_commands(sub)
    return p


def _add_sync_commands(sub) -> None:
    from .syncing import add_commands

    add_commands(sub)
    from .cli_report import add_commands as add_report_commands

    add_report_commands(sub)


def _add_staff_commands(sub) -> None:
    from .cli_staff import add_commands

    add_commands(sub)
    from .cli_promo import add_commands as add_promo_commands

    add_promo_commands(sub)


# Only these commands may make a till in an empty folder; every other one refuses, so a
# mistyped --data-dir never silently becomes an empty shop.
CREATES_TILL = frozenset({"init-demo", "enroll", "setup"})
EXIT_BUG = 1  # not the person's input: a one-line message, the details in the log


def _json_everywhere(parser: argparse.ArgumentParser) -> None:
    """``--json`` after the subcommand too (``corner status --json``), on every subcommand,
    those other modules add included. SUPPRESS keeps ``--json`` given before the subcommand."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in set(action.choices.values()):
                if not any("--json" in a.option_strings for a in child._actions):
                    child.add_argument("--json", action="store_true", default=argparse.SUPPRESS,
                                       help="print JSON")
                _json_everywhere(child)


def _database_error(exc: Exception, data_dir: Path) -> str:
    """A database error in the person's words, with what to do."""
    from .core.store.engine import sqlite_error_name

    name = sqlite_error_name(exc)
    orig = getattr(exc, "orig", exc)
    if name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_AUTH")):
        return (f"the till cannot write to {data_dir} ({orig}); nothing was changed. Check that the folder "
                "and its files belong to the till's user and can be written.")
    if name.startswith(("SQLITE_FULL", "SQLITE_IOERR")):
        return (f"the till could not write to its disk ({orig}); nothing was changed. Free some space on "
                f"the disk that holds {data_dir} and try again.")
    if name.startswith("SQLITE_BUSY") or name.startswith("SQLITE_LOCKED"):
        return f"the till's database is busy in another program ({orig}); try again in a moment."
    return f"the till's database could not be used ({orig}); `corner doctor` checks it."


def _fail(message: object) -> int:
    text = " ".join(str(message).split())  # one line, whatever the message held
    print(f"error: {text}", file=sys.stderr)
    return EXIT_ERROR


def main(argv: list[str] | None = None) -> int:
    from sqlalchemy.exc import DBAPIError

    from .core.logs import setup_logging

    parser = build_parser()
    _json_everywhere(parser)
    args = parser.parse_args(argv)
    out = Output(args.json)
    data_dir = args.data_dir or default_data_dir()
    till = None
    if not logging.getLogger("corner").handlers:  # until the log file is set up: no stray lines on stderr
        logging.getLogger("corner").addHandler(logging.NullHandler())
    try:
        if args.command != "restore" and _state(data_dir) == "none" and args.command not in CREATES_TILL:
            raise TillError(f"no till in {data_dir}; run corner --data-dir {data_dir} enroll URL CODE "
                            "(or init-demo) to make one, or check the folder's name.")
        setup_logging(data_dir)
        if getattr(args, "opens_till", True):
            from .core.till import Till

            till = Till(data_dir)
            code = args.fn(till, args, out)
        else:
            code = args.fn(data_dir, args, out)
        sys.stdout.flush()
        return code or 0
    except BrokenPipeError:  # `corner ... | head`: the reader has gone; that is not an error
        _quiet_stdout()
        return 0
    except TillError as exc:
        return _fail(exc)
    except RuntimeError as exc:
        return _fail(exc)
    except OSError as exc:  # a data directory or a file the person named cannot be used
        where = f": {exc.filename}" if exc.filename else ""
        return _fail(f"{exc.strerror or exc}{where}")
    except (DBAPIError, sqlite3.Error) as exc:
        log.warning("database error: %s", getattr(exc, "orig", exc))
        return _fail(_database_error(exc, data_dir))
    except (OverflowError, RecursionError, MemoryError) as exc:
        log.warning("input out of range: %r", exc)
        return _fail(f"a number or a file is too large for the till ({exc}); nothing was changed.")
    except Exception as exc:  # a bug, not the person's input: one line here, the traceback in the log
        log.exception("unexpected error in %s", args.command)
        print(f"error: something went wrong ({type(exc).__name__}: {' '.join(str(exc).split())}). "
              f"The details are in {Path(data_dir) / 'corner.log'}.", file=sys.stderr)
        return EXIT_BUG
    finally:
        if till is not None:
            till.close()


def _quiet_stdout() -> None:
    """Point stdout at /dev/null so Python's own flush at exit does not complain either."""
    try:
        if sys.stdout is sys.__stdout__:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


if __name__ == "__main__":
    sys.exit(main())
