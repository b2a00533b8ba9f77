"""Receipt and Z-report layout, independent of the device that prints or shows it.

``receipt_for(till, sale)`` turns a stored sale into a ``Receipt`` (structured, with money
already formatted for the shop's locale); ``text_lines(doc, width)`` lays any document out
as fixed-width lines. The ESC/POS printer, the PDF writer, the system printer and the
on-screen view all start from these, so they always say the same thing.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import quote

from PySide6.QtCore import QCoreApplication

DEFAULT_WIDTH = 42  # characters per line of an 80 mm printer in font A


translate = QCoreApplication.translate  # translate("Receipt", "text"): the form lupdate reads


def method_name(method: str) -> str:
    names = {"cash": translate("Receipt", "Cash"), "card": translate("Receipt", "Card"),
             "mobile": translate("Receipt", "Mobile")}
    return names.get(method, method)


def rate_name(rate_bp: int) -> str:
    return translate("Receipt", "VAT {rate}%").format(rate=f"{rate_bp / 100:g}")


def local_time(stamp: str | None) -> str:
    if not stamp:
        return ""
    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return stamp


@dataclass(frozen=True)
class ReceiptItem:
    name: str
    detail: str  # "2 x €1.19" or "0.450 kg x €2.99/kg"
    total: str
    discount: str | None = None  # "-€0.20", when the line had one (other than its promotions)
    savings: tuple[tuple[str, str], ...] = ()  # (promotion name, "-€0.60") per promotion on the line


@dataclass(frozen=True)
class Receipt:
    title: str
    shop_name: str
    header: list[str]  # receipt no, date, staff, customer
    items: list[ReceiptItem]
    totals: list[tuple[str, str]]  # subtotal, discounts, rounding
    total: tuple[str, str]
    tax: list[tuple[str, str, str]]  # (rate, gross, tax)
    tenders: list[tuple[str, str]]
    change: str | None
    footer: str
    qr_url: str | None = None
    qr_caption: str = ""
    saved: str | None = None  # "You saved €1.79" (the promotions), when they saved anything
    coupons: tuple[str, ...] = ()  # coupon codes redeemed


@dataclass(frozen=True)
class Report:
    """A titled list of sections of label/value rows (the Z report)."""

    title: str
    shop_name: str
    header: list[str]
    sections: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)
    qr_url: str | None = None
    qr_caption: str = ""


def qty_text(qty: int, unit: str) -> str:
    if unit == "kg":
        return f"{qty / 1000:.3f} kg"
    return str(qty)


def receipt_for(till, sale, *, copy: bool = False) -> Receipt:
    """The receipt of a stored sale (``till.sale(...)``), as the customer gets it."""
    money = till.money
    shop = till.shop()
    promos, coupons = till.promotions.sale_promotions(sale.id)
    items, saved = [], 0
    for line in sorted(sale.lines, key=lambda line: line.line_no):
        per = (translate("Receipt", "{price}/kg").format(price=money(line.unit_price)) if line.unit == "kg"
               else money(line.unit_price))
        savings = promos.get(line.id, [])
        own = line.discount - sum(amount for _, amount in savings)  # the shop's own discount, and the sale's
        saved += sum(amount for _, amount in savings)
        items.append(ReceiptItem(
            name=line.name, detail=f"{qty_text(line.qty, line.unit)} x {per}", total=money(line.total + line.discount),
            discount=money(-own) if own else None,
            savings=tuple((name, money(-amount)) for name, amount in savings if amount),
        ))
    totals = [(translate("Receipt", "Subtotal"), money(sale.subtotal))]
    if sale.discount:
        totals.append((translate("Receipt", "Discounts"), money(-sale.discount)))
    if sale.rounding:
        totals.append((translate("Receipt", "Cash rounding"), money(sale.rounding)))
    tax = []
    by_rate: dict[int, list[int]] = {}
    for line in sale.lines:
        gross_tax = by_rate.setdefault(line.vat_rate_bp, [0, 0])
        gross_tax[0] += line.total
        gross_tax[1] += line.tax
    for rate in sorted(by_rate):
        tax.append((rate_name(rate), money(by_rate[rate][0]), money(by_rate[rate][1])))
    tenders, change = [], 0
    for p in sale.payments:
        if p.refund_id is not None:
            continue
        label = method_name(p.method) + (f" {p.reference}" if p.reference else "")
        tenders.append((label, money(p.tendered if p.method == "cash" else p.amount)))
        change += p.change
    header = [translate("Receipt", "Receipt {no}").format(no=sale.receipt_no), local_time(sale.created_at)]
    served_by = till.staff_name(sale.staff_id)
    if served_by:
        header.append(translate("Receipt", "Served by {name}").format(name=served_by))
    if sale.customer_id:
        try:
            customer = till.customer(sale.customer_id)
            header.append(translate("Receipt", "Customer: {name}").format(name=customer.name or customer.phone))
            if sale.loyalty_points:
                header.append(translate("Receipt", "Points earned: {points}").format(points=sale.loyalty_points))
        except Exception:  # a customer removed since: the receipt still prints
            pass
    policies = till.policies()
    qr_url = None
    if till.policy_bool("feedback_qr") and shop.server_url:
        # The shop's code binds the page to this shop: no other shop can claim the token.
        qr_url = f"{shop.server_url.rstrip('/')}/r/{quote(shop.code, safe='')}/{sale.receipt_token}"
    return Receipt(
        title=translate("Receipt", "COPY") if copy else "", shop_name=shop.name, header=header, items=items,
        totals=totals, total=(translate("Receipt", "TOTAL"), money(sale.total)), tax=tax, tenders=tenders,
        change=money(change) if change else None,
        footer=policies.get("receipt_footer", ""), qr_url=qr_url,
        qr_caption=translate("Receipt", "Scan for your digital receipt and tell us how we did") if qr_url else "",
        saved=translate("Receipt", "You saved {amount}").format(amount=money(saved)) if saved else None,
        coupons=tuple(coupons),
    )


def z_report_for(till, report) -> Report:
    money = till.money
    shop = till.shop()
    closed = report.closed_at is not None
    header = [
        translate("Receipt", "Opened {when}").format(when=local_time(report.opened_at)),
        (translate("Receipt", "Closed {when}").format(when=local_time(report.closed_at)) if closed
         else translate("Receipt", "Still open (X report)")),
    ]
    sales = [
        (translate("Receipt", "Sales"), str(report.sales_count)),
        (translate("Receipt", "Gross sales"), money(report.gross_sales)),
        (translate("Receipt", "Discounts"), money(-report.discounts)),
        (translate("Receipt", "Cash rounding"), money(report.rounding)),
        (translate("Receipt", "Net sales"), money(report.net_sales)),
        (translate("Receipt", "Refunds ({count})").format(count=report.refunds_count),
         money(-report.refunds_total)),
    ]
    tenders = ([(method_name(m), money(a)) for m, a in sorted(report.tenders.items())]
               or [(translate("Receipt", "None"), money(0))])
    tax = [(rate_name(rate), money(t)) for rate, t in sorted(report.tax_by_rate.items())]
    drawer = [
        (translate("Receipt", "Float"), money(report.float_amount)),
        (translate("Receipt", "Paid in"), money(report.paid_in)),
        (translate("Receipt", "Paid out"), money(-report.paid_out)),
        (translate("Receipt", "Expected in drawer"), money(report.expected)),
    ]
    if report.counted is not None:
        drawer.append((translate("Receipt", "Counted"), money(report.counted)))
        over_short = report.over_short or 0
        label = (translate("Receipt", "Over") if over_short > 0 else translate("Receipt", "Short") if over_short < 0
                 else translate("Receipt", "Over/short"))
        drawer.append((label, money(over_short)))
    return Report(
        title=translate("Receipt", "Z report") if closed else translate("Receipt", "X report"), shop_name=shop.name,
        header=header,
        sections=[(translate("Receipt", "Sales"), sales), (translate("Receipt", "Tenders"), tenders),
                  (translate("Receipt", "Tax"), tax), (translate("Receipt", "Cash drawer"), drawer)],
    )


# -- fixed-width layout -------------------------------------------------------------------
# Widths are counted in printer cells, not characters: a CJK character takes two cells on a
# receipt printer, on paper and on screen (paper.draw_cells puts each character on that grid), so
# Chinese labels keep the amounts in the last column. Every layout function takes the measure.

def cells(text: str) -> int:
    """Printed width: East Asian wide and fullwidth characters take two cells."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def gb_cells(text: str) -> int:
    """Printed width of text sent to an ESC/POS printer in GB18030 (its Chinese mode): every
    character outside ASCII is a two-byte code printed two cells wide, "€" and "×" included."""
    return sum(1 if ord(ch) < 128 else 2 for ch in text)


def clip(text: str, width: int, measure=cells) -> str:
    out, used = "", 0
    for ch in text:
        w = measure(ch)
        if used + w > width:
            break
        out += ch
        used += w
    return out


def pair(left: str, right: str, width: int, measure=cells) -> str:
    """``left`` and ``right`` on one line, right aligned; a long left side wraps above."""
    room = width - measure(right) - 1
    if measure(left) <= room:
        return left + " " * (width - measure(left) - measure(right)) + right
    return clip(left, width, measure) + "\n" + " " * (width - measure(right)) + right


def center(text: str, width: int, measure=cells) -> str:
    text = clip(text, width, measure)
    pad = (width - measure(text)) // 2
    return " " * pad + text


def wrap(text: str, width: int, measure=cells) -> list[str]:
    lines, current = [], ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if measure(candidate) <= width:
            current = candidate
        else:
            if current:
                lines.append(current)
            current = clip(word, width, measure)
    if current:
        lines.append(current)
    return lines


def text_lines(doc: Receipt | Report, width: int = DEFAULT_WIDTH, measure=cells) -> list[str]:
    """The document as plain fixed-width lines (the QR code is drawn by each device).
    ``measure`` is the printed width of a text: ``cells``, or ``gb_cells`` for ESC/POS in GB18030."""
    rule = "-" * width
    out = [center(doc.shop_name, width, measure)]
    if doc.title:
        out.append(center(doc.title, width, measure))
    out += [center(h, width, measure) for h in doc.header if h]
    out.append(rule)
    if isinstance(doc, Receipt):
        for item in doc.items:
            out.append(clip(item.name, width, measure))
            out += pair("  " + item.detail, item.total, width, measure).split("\n")
            for name, amount in item.savings:
                out += pair("  " + name, amount, width, measure).split("\n")
            if item.discount:
                out.append(pair("  " + translate("Receipt", "Discount"), item.discount, width, measure))
        out.append(rule)
        out += [pair(label, value, width, measure) for label, value in doc.totals]
        out.append(pair(doc.total[0], doc.total[1], width, measure))
        if doc.saved:
            out.append(center(doc.saved, width, measure))
        for code in doc.coupons:
            out.append(pair(translate("Receipt", "Coupon"), code, width, measure))
        out.append(rule)
        for label, value in doc.tenders:
            out += pair(label, value, width, measure).split("\n")
        if doc.change:
            out.append(pair(translate("Receipt", "Change"), doc.change, width, measure))
        out.append(rule)
        out += tax_table(doc.tax, width, measure)
        if doc.footer:
            out.append(rule)
            out += [center(part, width, measure) for part in wrap(doc.footer, width, measure)]
    else:
        for heading, rows in doc.sections:
            out.append(heading)
            out += [pair("  " + label, value, width, measure) for label, value in rows]
            out.append(rule)
    return out


def tax_table(tax: list[tuple[str, str, str]], width: int, measure=cells) -> list[str]:
    """Rate, gross and tax in three columns, the two amounts right aligned under their headings."""
    gross_head, tax_head = translate("Receipt", "Gross"), translate("Receipt", "Tax")
    gross_w = max([measure(gross_head)] + [measure(gross) for _, gross, _ in tax])
    tax_w = max([measure(tax_head)] + [measure(t) for _, _, t in tax])

    def right(text: str, w: int) -> str:
        return " " * (w - measure(text)) + text

    rows = [(translate("Receipt", "VAT rate"), gross_head, tax_head)] + list(tax)
    return [pair(rate, right(gross, gross_w) + "  " + right(t, tax_w), width, measure) for rate, gross, t in rows]
