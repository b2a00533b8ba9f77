"""``corner-server promo ...``, ``coupon ...`` and ``catalog set-price --at``: the command-line face
of ``sync.server.promotions`` (see docs/promotions-platform.md)."""

from __future__ import annotations

import argparse
import json
import re
from datetime import datetime, time
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sync.promotions import KINDS

from . import promotions
from .promotions import PromoError

BY = "corner-server"


def add_parsers(sub, common: argparse.ArgumentParser, parser_class) -> None:
    promo = sub.add_parser("promo", help="promotions").add_subparsers(dest="action", required=True,
                                                                      parser_class=parser_class)
    add = promo.add_parser("add", parents=[common], help="define and publish a promotion (a JSON file, or flags)")
    add.add_argument("file", nargs="?", type=Path, help="a promotion as JSON (sync.promotions.PromotionData)")
    add.add_argument("--name")
    add.add_argument("--kind", choices=KINDS)
    add.add_argument("--skus", help="comma-separated SKUs")
    add.add_argument("--categories", help="comma-separated categories")
    add.add_argument("--brands", help="comma-separated brands")
    add.add_argument("--percent", help="percent off, like 20 or 12.5")
    add.add_argument("--amount", type=int, help="amount off (minor units)")
    add.add_argument("--buy", type=int, help="multi-buy / bundle: units bought")
    add.add_argument("--pay", type=int, help="multi-buy: units paid (3 for 2: --buy 3 --pay 2)")
    add.add_argument("--bundle-price", type=int, help="price of --buy units together (minor units)")
    add.add_argument("--threshold", type=int, help="basket: spend at least this (minor units)")
    add.add_argument("--starts", help="start, the shop's wall clock: 2026-12-05T08:00")
    add.add_argument("--ends", help="end, the shop's wall clock: 2026-12-12T20:00")
    add.add_argument("--weekdays", help="days it runs, 1 = Monday: 6,7")
    add.add_argument("--hours", help="daily hours it runs, the shop's wall clock: 08:00-12:00")
    add.add_argument("--shops", help="comma-separated shop codes (default: every shop)")
    add.add_argument("--platform-share", help="percent of each saving the platform funds (default 100)")
    add.add_argument("--coupon-required", action="store_true", default=None, help="applies only with a coupon")
    plist = promo.add_parser("list", parents=[common], help="promotions still on, with what each gave away")
    plist.add_argument("--all", action="store_true", help="ended ones too")
    end = promo.add_parser("end", parents=[common], help="withdraw a promotion now")
    end.add_argument("promotion_id")
    show = promo.add_parser("show", parents=[common], help="a promotion and what it gave away")
    show.add_argument("promotion_id")

    coupon = sub.add_parser("coupon", help="coupons").add_subparsers(dest="action", required=True,
                                                                     parser_class=parser_class)
    issue = coupon.add_parser("issue", parents=[common],
                              help="issue codes for a promotion: --count N (a campaign) or --to feedback")
    issue.add_argument("promotion_id")
    issue.add_argument("--count", type=int, help="how many campaign codes")
    issue.add_argument("--to", dest="audience", choices=["feedback"],
                       help="one code per consented customer who left feedback")
    issue.add_argument("--since", help="with --to feedback: feedback left since this date (2026-11-01)")
    issue.add_argument("--prefix", default="", help="codes start with this, like XMAS")
    issue.add_argument("--multi-use", action="store_true", help="a code may be redeemed more than once")
    issue.add_argument("--expires", help="the shop's wall clock: 2026-12-31T23:59")
    coupon.add_parser("conflicts", parents=[common], help="single-use codes redeemed more than once")


def add_set_price_options(price: argparse.ArgumentParser) -> None:
    price.add_argument("--at", help="a scheduled price: the time it takes effect, like 2026-12-05T08:00 "
                                    "(the tills switch by their own clock, online or not)")
    price.add_argument("--tz", default="UTC", help="time zone of --at when it has none (default UTC), "
                                                    "like Europe/Madrid")


def _list(text: str | None) -> list[str]:
    return [x.strip() for x in text.split(",") if x.strip()] if text else []


def _bp(text: str, name: str, *, zero: bool = False) -> int:
    try:
        value = Decimal(text.strip().rstrip("%"))
    except InvalidOperation:
        raise PromoError(f"{name}: {text!r} is not a percentage like 20 or 12.5") from None
    bp = value * 100
    if bp != bp.to_integral_value():
        raise PromoError(f"{name}: {text!r} has more than two decimals")
    if not (0 <= bp if zero else 0 < bp) or bp > 10000:  # in the flag's words, not the model's field
        raise PromoError(f"{name}: {text!r} is not a percentage {'from' if zero else 'above'} 0 up to 100")
    return int(bp)


def _wall(text: str, name: str) -> str:
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise PromoError(f"{name}: {text!r} is not a date and time like 2026-12-05T08:00") from None
    if value.tzinfo is not None:
        raise PromoError(f"{name}: give the shop's wall-clock time without a time zone")
    return value.isoformat()


def promotion_from_flags(args: argparse.Namespace) -> dict[str, Any]:
    if args.file is not None:
        flags = [k for k in ("name", "kind", "skus", "categories", "brands", "percent", "amount", "buy", "pay",
                             "bundle_price", "threshold", "starts", "ends", "weekdays", "hours", "shops",
                             "platform_share", "coupon_required") if getattr(args, k, None) is not None]
        if flags:
            raise PromoError("give a JSON file or flags, not both")
        try:
            data = json.loads(args.file.read_text(encoding="utf-8"))
        except OSError as exc:
            raise PromoError(f"cannot read {args.file}: {exc.strerror or exc}") from None
        except (ValueError, UnicodeDecodeError) as exc:
            raise PromoError(f"{args.file} is not JSON: {exc}") from None
        return data
    missing = [f"--{k}" for k in ("name", "kind", "starts", "ends") if not getattr(args, k)]
    if missing:
        raise PromoError(f"give {', '.join(missing)} (or a JSON file)")
    data: dict[str, Any] = {"name": args.name, "kind": args.kind, "skus": _list(args.skus),
                            "categories": _list(args.categories), "brands": _list(args.brands),
                            "starts_at": _wall(args.starts, "--starts"), "ends_at": _wall(args.ends, "--ends"),
                            "shops": _list(args.shops)}
    if args.percent is not None:
        data["percent_bp"] = _bp(args.percent, "--percent")
    for flag, key in (("amount", "amount"), ("buy", "buy_qty"), ("pay", "pay_qty"), ("bundle_price", "bundle_price"),
                      ("threshold", "threshold")):
        if getattr(args, flag) is not None:
            data[key] = getattr(args, flag)
    if args.weekdays:
        try:
            data["weekdays"] = [int(x) for x in _list(args.weekdays)]
        except ValueError:
            raise PromoError(f"--weekdays: {args.weekdays!r} is not days like 6,7 (1 = Monday)") from None
    if args.hours:
        m = re.fullmatch(r"\s*(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})\s*", args.hours)
        try:
            if not m:
                raise ValueError
            data["hours_from"], data["hours_to"] = (time.fromisoformat(x.zfill(5)).isoformat() for x in m.groups())
        except ValueError:
            raise PromoError(f"--hours: {args.hours!r} is not hours like 08:00-12:00") from None
    if args.platform_share is not None:
        data["platform_share_bp"] = _bp(args.platform_share, "--platform-share", zero=True)
    if args.coupon_required:
        data["coupon_required"] = True
    return data


def _promo_line(view: dict[str, Any]) -> str:
    where = ",".join(view["shops"]) or "all shops"
    state = "on" if view["active"] else "ended"
    sold = view.get("sold") or {}
    return (f"{view['id']}  {view['name']!r:<24} {view['kind']:<11} {view['starts_at'][:16]} .. {view['ends_at'][:16]}"
            f"  {where}  platform {view['platform_share_bp'] / 100:g} %  {state}"
            f"  gave {sold.get('amount', 0)} (platform {sold.get('platform_amount', 0)})")


def scheduled_at(args: argparse.Namespace) -> datetime:
    try:
        value = datetime.fromisoformat(args.at.strip())
    except ValueError:
        raise PromoError(f"--at: {args.at!r} is not a date and time like 2026-12-05T08:00") from None
    if value.tzinfo is None:
        try:
            value = value.replace(tzinfo=ZoneInfo(args.tz))
        except (ZoneInfoNotFoundError, ValueError):
            raise PromoError(f"--tz: {args.tz!r} is not a time zone like Europe/Madrid") from None
    return value


def run(args: argparse.Namespace, session, key: tuple, emit) -> bool:
    """The promotion commands; False when ``key`` is not one of them."""
    if key == ("promo", "add"):
        row = promotions.add_promotion(session, promotion_from_flags(args), BY)
        view = promotions.promotion_view(row)
        emit(args, view, f"promotion {row.id} {row.name!r} published to "
             + (", ".join(view["shops"]) or "every shop"))
    elif key == ("promo", "list"):
        rows = promotions.list_promotions(session, include_ended=args.all)
        sold = promotions.sold(session, [r.id for r in rows])
        views = [promotions.promotion_view(r, sold.get(r.id)) for r in rows]
        emit(args, views, "\n".join(_promo_line(v) for v in views) or "no promotions")
    elif key == ("promo", "end"):
        row = promotions.end_promotion(session, args.promotion_id, BY)
        emit(args, promotions.promotion_view(row), f"promotion {row.name!r} ended; the tills stop it on their next sync")
    elif key == ("promo", "show"):
        row = promotions.get_promotion(session, args.promotion_id)
        view = promotions.promotion_view(row, promotions.sold(session, [row.id]).get(row.id))
        emit(args, view, json.dumps(view, indent=2, ensure_ascii=False))
    elif key == ("coupon", "issue"):
        since = None
        if args.since:
            try:
                since = datetime.fromisoformat(args.since.strip())
            except ValueError:
                raise PromoError(f"--since: {args.since!r} is not a date like 2026-11-01") from None
        expires = datetime.fromisoformat(_wall(args.expires, "--expires")) if args.expires else None
        rows = promotions.issue_coupons(session, args.promotion_id, BY, count=args.count, prefix=args.prefix,
                                        audience=args.audience, since=since, single_use=not args.multi_use,
                                        expires_at=expires)
        emit(args, [promotions.coupon_view(c) for c in rows],
             "\n".join(c.code for c in rows) + f"\n{len(rows)} coupon(s) issued" if rows else "no coupons issued "
             "(no consented customer left feedback, or each already has one)")
    elif key == ("coupon", "conflicts"):
        rows = promotions.conflicts(session)
        emit(args, rows, "\n".join(
            f"{c['code']}  first {c['first_shop_code']} sale {c['first_sale_id']}, again {c['shop_code']} sale "
            f"{c['sale_id']}  saving {c['amount']} (platform {c['platform_amount']})  {c['detected_at'][:16]}"
            for c in rows) or "no coupon redeemed twice")
    else:
        return False
    return True
