"""Takings and VAT for a period: one computation that the till and the platform both run.

Both ends feed it the same synced facts (sale lines and refund lines with their VAT rate and the
tax each receipt printed, and the tenders), so the report for a period is identical to the cent on
the till and on the server. Money is integer minor units, rates basis points (2000 = 20 %).

VAT rounding: the tax inside a tax-inclusive amount is ``gross * rate / (1 + rate)`` rounded to
the cent, an exact half cent away from zero (commercial rounding: halves up for a sale, the mirror
image for a refund). A receipt computes it per rate on that rate's total; the report computes it
again on the period's total per rate, and shows both and the difference.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Iterable


def tax_in_gross(gross: int, rate_bp: int) -> int:
    """The VAT inside a tax-inclusive ``gross`` at ``rate_bp``, rounded to the nearest minor unit,
    an exact half away from zero (``tax_in_gross(-g, r) == -tax_in_gross(g, r)``)."""
    if rate_bp < 0:
        raise ValueError("a VAT rate cannot be negative")
    if rate_bp == 0 or gross == 0:
        return 0
    denominator = 10000 + rate_bp
    q, r = divmod(abs(gross) * rate_bp, denominator)
    if 2 * r >= denominator:
        q += 1
    return q if gross > 0 else -q


@dataclass(frozen=True)
class TakenLine:
    """One sale line (positive) or refund line (``refund=True``, amounts positive as given back)."""

    rate_bp: int
    gross: int  # tax included
    tax: int  # as the receipt printed it
    refund: bool = False


@dataclass(frozen=True)
class Tendered:
    method: str
    amount: int  # positive for money taken, negative for money given back
    refund: bool = False


@dataclass(frozen=True)
class RateRow:
    rate_bp: int
    gross_sales: int  # tax included
    refunds: int  # tax included, given back (positive)
    net: int  # gross_sales - refunds, tax included
    vat_on_total: int  # tax_in_gross(net, rate): VAT on the period's total at this rate
    vat_receipts: int  # the receipts' VAT less the refunds' VAT
    sales_vat: int  # the sale receipts' VAT
    refunds_vat: int  # the refunds' VAT (positive)

    @property
    def difference(self) -> int:
        """What computing VAT on the total instead of per receipt changes (total - receipts)."""
        return self.vat_on_total - self.vat_receipts

    @property
    def net_ex_vat(self) -> int:
        return self.net - self.vat_receipts


@dataclass(frozen=True)
class TenderRow:
    method: str
    taken: int
    given_back: int  # positive

    @property
    def net(self) -> int:
        return self.taken - self.given_back


@dataclass(frozen=True)
class Takings:
    period_start: str
    period_end: str
    sales: int  # number of sales
    refunds: int  # number of refunds
    rates: list[RateRow] = field(default_factory=list)
    tenders: list[TenderRow] = field(default_factory=list)
    rounding: int = 0  # cash rounding on sales less what refunds gave back of it

    @property
    def gross_sales(self) -> int:
        return sum(r.gross_sales for r in self.rates)

    @property
    def refunded(self) -> int:
        return sum(r.refunds for r in self.rates)

    @property
    def net(self) -> int:
        return sum(r.net for r in self.rates)

    @property
    def vat_on_total(self) -> int:
        return sum(r.vat_on_total for r in self.rates)

    @property
    def vat_receipts(self) -> int:
        return sum(r.vat_receipts for r in self.rates)

    @property
    def difference(self) -> int:
        return self.vat_on_total - self.vat_receipts

    def as_dict(self) -> dict:
        out = asdict(self)
        for row, rate in zip(out["rates"], self.rates):
            row["difference"] = rate.difference
            row["net_ex_vat"] = rate.net_ex_vat
        for row, tender in zip(out["tenders"], self.tenders):
            row["net"] = tender.net
        out.update(gross_sales=self.gross_sales, refunded=self.refunded, net=self.net,
                   vat_on_total=self.vat_on_total, vat_receipts=self.vat_receipts, difference=self.difference)
        return out


def compute(period_start: str, period_end: str, lines: Iterable[TakenLine], tenders: Iterable[Tendered], *,
            sales: int, refunds: int, rounding: int = 0) -> Takings:
    acc: dict[int, list[int]] = {}
    for line in lines:
        a = acc.setdefault(line.rate_bp, [0, 0, 0, 0])
        if line.refund:
            a[1] += line.gross
            a[3] += line.tax
        else:
            a[0] += line.gross
            a[2] += line.tax
    rates = []
    for rate in sorted(acc):
        gross, back, tax, back_tax = acc[rate]
        net = gross - back
        rates.append(RateRow(rate_bp=rate, gross_sales=gross, refunds=back, net=net,
                             vat_on_total=tax_in_gross(net, rate), vat_receipts=tax - back_tax,
                             sales_vat=tax, refunds_vat=back_tax))
    by_method: dict[str, list[int]] = {}
    for t in tenders:
        a = by_method.setdefault(t.method, [0, 0])
        if t.refund:
            a[1] += -t.amount
        else:
            a[0] += t.amount
    tender_rows = [TenderRow(m, taken, back) for m, (taken, back) in sorted(by_method.items())]
    return Takings(period_start, period_end, sales, refunds, rates, tender_rows, rounding)
