"""`corner promo`: the platform's promotions at this shop, from the command line.

    corner promo list            # running now and next, with what each sold here
    corner promo list --all      # ended and withdrawn ones too
    corner promo list --json
    corner promo prices          # scheduled price changes (applied or waiting)
"""

from __future__ import annotations

STATUS = {"running": "running now", "next": "starts soon", "paused": "paused (outside its days or hours)",
          "later": "later", "ended": "ended", "withdrawn": "withdrawn"}


def _funded(bp: int) -> str:
    if bp >= 10_000:
        return "platform"
    if bp <= 0:
        return "shop"
    return f"platform {bp / 100:g}%"


def cmd_promo(till, args, out) -> None:
    if args.action == "prices":
        rows = till.promotions.scheduled_prices()
        out.emit([{"sku": sku, "name": name, "price": price, "effective_at": at, "applied": applied}
                  for sku, name, price, at, applied in rows],
                 [f"{sku:<8} {name[:30]:<30} {till.money(price):>10}  {at[:16].replace('T', ' ')} UTC  "
                  f"{'in effect' if applied else 'waiting'}" for sku, name, price, at, applied in rows]
                 or ["no scheduled prices"])
        return
    till.promotions.apply_due_prices()
    rows = till.promotions.list(include_ended=args.all)
    lines = []
    for r in rows:
        lines.append(f"{r.name} — {r.terms}{' (coupon)' if r.coupon_required else ''}: {STATUS[r.status]}, "
                     f"{r.starts_at:%Y-%m-%d %H:%M} to {r.ends_at:%Y-%m-%d %H:%M}, funded by {_funded(r.platform_share_bp)}")
        lines.append(f"    sold {r.qty} on {r.sales} sale(s), savings {till.money(r.savings)}, "
                     f"platform-funded {till.money(r.platform_part)}")
    from .core.promotions import dumps
    import json

    out.emit(json.loads(dumps(rows)), lines or ["no promotions at this shop"])


def add_commands(sub) -> None:
    p = sub.add_parser("promo", help="the platform's promotions here: corner promo list [--all] [--json]")
    p_sub = p.add_subparsers(dest="action")
    lst = p_sub.add_parser("list", help="running now and next, with what each sold (the default)")
    lst.add_argument("--all", action="store_true", help="ended and withdrawn promotions too")
    p_sub.add_parser("prices", help="scheduled price changes")
    p.set_defaults(fn=cmd_promo, action="list", all=False)
