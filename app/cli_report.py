"""``corner report vat|takings|z`` and ``corner settings time_zone``: the period reports an
accountant asks for, over ``till.reports`` (registered from app/cli.py)."""

from __future__ import annotations

import re

from .core.errors import TillError


def _period(till, args):
    """The period from ``--day``, ``--month``, ``--quarter`` or ``--from``/``--to`` (shop days)."""
    given = [n for n in ("day", "month", "quarter") if getattr(args, n)] + (["from"] if args.start else [])
    if len(given) > 1:
        raise TillError("give one of --day, --month, --quarter or --from/--to")
    if args.end and not args.start:
        raise TillError("--to needs --from")
    if args.day:
        return till.reports.day(args.day)
    if args.month:
        m = re.fullmatch(r"(\d{4})-(\d{1,2})", args.month.strip())
        if not m or not 1 <= int(m.group(2)) <= 12:
            raise TillError(f"--month: {args.month!r} is not a month (write 2026-03)")
        return till.reports.month(int(m.group(1)), int(m.group(2)))
    if args.quarter:
        m = re.fullmatch(r"(\d{4})-?Q([1-4])", args.quarter.strip().upper())
        if not m:
            raise TillError(f"--quarter: {args.quarter!r} is not a quarter (write 2026-Q1)")
        return till.reports.quarter(int(m.group(1)), int(m.group(2)))
    if args.start:
        return till.reports.period(args.start, args.end or args.start)
    return till.reports.day(till.today())


def _money(amount: int) -> str:
    from .core.money import fmt_plain

    return fmt_plain(amount)


def _rate(bp: int) -> str:
    from .core.reports import fmt_bp

    return fmt_bp(bp)


def cmd_report(till, args, out) -> None:
    till.login(args.pin)
    if args.what == "z":
        report = till.reports.z(args.session)
        label = f"cash session {args.session or 'open now'}"
    else:
        period = _period(till, args)
        report = till.reports.takings(period)
        label = f"{period.label} ({period.zone})"
    data = {"period": label, **report.as_dict()}
    lines = [f"{args.what} report, {label}: {report.sales} sales, {report.refunds} refunds"]
    if args.what == "vat":
        lines.append(f"{'rate':>8} {'net takings':>12} {'VAT on total':>13} {'receipts VAT':>13} {'difference':>11}")
        for r in report.rates:
            lines.append(f"{_rate(r.rate_bp):>8} {_money(r.net):>12} {_money(r.vat_on_total):>13} "
                         f"{_money(r.vat_receipts):>13} {_money(r.difference):>11}")
        lines.append(f"{'total':>8} {_money(report.net):>12} {_money(report.vat_on_total):>13} "
                     f"{_money(report.vat_receipts):>13} {_money(report.difference):>11}")
    else:
        lines.append(f"{'rate':>8} {'gross':>12} {'refunds':>12} {'net':>12} {'VAT':>10}")
        for r in report.rates:
            lines.append(f"{_rate(r.rate_bp):>8} {_money(r.gross_sales):>12} {_money(r.refunds):>12} "
                         f"{_money(r.net):>12} {_money(r.vat_receipts):>10}")
        lines.append(f"{'total':>8} {_money(report.gross_sales):>12} {_money(report.refunded):>12} "
                     f"{_money(report.net):>12} {_money(report.vat_receipts):>10}")
        for t in report.tenders:
            lines.append(f"{t.method:>8} taken {_money(t.taken)}, given back {_money(t.given_back)}, "
                         f"net {_money(t.net)}")
        if report.rounding:
            lines.append(f"cash rounding {_money(report.rounding)}")
    out.emit(data, lines)


def cmd_settings(till, args, out) -> None:
    if args.key != "time_zone":
        raise TillError("the setting is time_zone")
    if args.value:
        till.login(args.pin)
        till._require_owner_user()
        till.set_time_zone(args.value)
    name = till.time_zone_name()
    out.emit({"time_zone": name, "set": till.meta("time_zone") is not None}, f"time_zone {name}")


def add_commands(sub) -> None:
    r = sub.add_parser("report", help="takings and VAT for a period: corner report vat --month 2026-03 --pin 1234")
    r.add_argument("what", choices=["vat", "takings", "z"])
    r.add_argument("--from", dest="start", help="first shop day, 2026-03-01")
    r.add_argument("--to", dest="end", help="last shop day (included), 2026-03-31")
    r.add_argument("--day", help="one shop day, 2026-03-02")
    r.add_argument("--month", help="a calendar month, 2026-03")
    r.add_argument("--quarter", help="a calendar quarter, 2026-Q1")
    r.add_argument("--session", help="z: a cash session id (the open one by default)")
    r.add_argument("--pin", required=True, help="an owner's PIN (a cashier may print the Z report)")
    r.set_defaults(fn=cmd_report)

    st = sub.add_parser("settings", help="the till's own settings: corner settings time_zone Europe/Paris --pin 1234")
    st.add_argument("key", choices=["time_zone"])
    st.add_argument("value", nargs="?")
    st.add_argument("--pin", help="an owner's PIN, to change a setting")
    st.set_defaults(fn=cmd_settings)
