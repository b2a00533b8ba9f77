"""The settlement statement: one computation that the till and the platform both run.

Both ends feed it the same synced facts (sale lines, refund lines, goods received), so
the statement for a period is identical to the cent on the till and on the server.
Money is integer minor units. A statement says what the shop owes the platform for
the period: the goods it received at wholesale cost plus the platform's commission on
its sales of platform goods, less the savings the platform funded (its promotions and coupons),
credited per promotion.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from typing import Iterable

# The commission when the platform has set no ``commission_bp`` policy (both ends use it).
DEFAULT_COMMISSION_BP = 500


class PeriodError(ValueError):
    pass


def parse_moment(text: str, name: str) -> datetime:
    """A period's start or end as both ends read it: a bare date is its midnight UTC, a time
    without a zone is UTC."""
    try:
        value = datetime.fromisoformat(text.strip())
    except (ValueError, AttributeError):
        raise PeriodError(f"{name}: {text!r} is not a date (write 2026-11-01)") from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


def line_cost(qty: int, unit: str, unit_cost: int) -> int:
    """Wholesale cost of a quantity (grams for weighed goods, cost per kg)."""
    if unit == "kg":
        q, r = divmod(qty * unit_cost, 1000)
        return q + (1 if 2 * r >= 1000 else 0)
    return qty * unit_cost


@dataclass(frozen=True)
class SoldLine:
    is_local: bool
    total: int  # what the customer paid for the line (tax included); negative for refunds
    tax: int
    cost: int  # wholesale cost of the goods on the line (negative for refunds)
    # (promotion id, the platform-funded part of its saving on this line); negative for refunds
    promotions: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class Received:
    qty: int
    unit_cost: int


@dataclass(frozen=True)
class Statement:
    period_start: str
    period_end: str
    goods_received: int  # at wholesale cost
    platform_sales: int  # tax included, net of refunds
    platform_sales_tax: int
    local_sales: int
    local_sales_tax: int
    cost_of_platform_goods_sold: int
    margin: int  # platform sales net of tax, less their wholesale cost
    commission_bp: int
    commission: int
    amount_due: int  # goods received + commission - promotion credits
    promotion_credits: int = 0  # savings the platform funded, credited to the shop
    credits: tuple[tuple[str, int], ...] = ()  # per promotion id, sorted by id

    def as_dict(self) -> dict:
        data = asdict(self)
        data["credits"] = {pid: amount for pid, amount in self.credits}
        return data

    def csv_rows(self) -> list[list[str]]:
        rows = [["item", "amount"]]
        for key, value in self.as_dict().items():
            if key == "credits":
                rows.extend([f"credit {pid}", str(amount)] for pid, amount in self.credits)
            else:
                rows.append([key, str(value)])
        return rows


def compute(period_start: str, period_end: str, lines: Iterable[SoldLine], received: Iterable[Received],
            commission_bp: int) -> Statement:
    platform_sales = platform_tax = local_sales = local_tax = cogs = 0
    credits: dict[str, int] = {}
    for line in lines:
        for pid, amount in line.promotions:
            credits[pid] = credits.get(pid, 0) + amount
        if line.is_local:
            local_sales += line.total
            local_tax += line.tax
        else:
            platform_sales += line.total
            platform_tax += line.tax
            cogs += line.cost
    goods = sum(r.qty * r.unit_cost for r in received)
    q, r = divmod(platform_sales * commission_bp, 10000)
    commission = q + (1 if 2 * r >= 10000 else 0)
    return Statement(
        period_start=period_start, period_end=period_end, goods_received=goods, platform_sales=platform_sales,
        platform_sales_tax=platform_tax, local_sales=local_sales, local_sales_tax=local_tax,
        cost_of_platform_goods_sold=cogs, margin=platform_sales - platform_tax - cogs, commission_bp=commission_bp,
        commission=commission, amount_due=goods + commission - sum(credits.values()),
        promotion_credits=sum(credits.values()),
        credits=tuple(sorted((pid, amount) for pid, amount in credits.items() if amount)),
    )
