"""The digital receipt page's HTML: small, mobile-first, no scripts, no external assets.

Every value that comes from a till or a customer goes through ``html.escape``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from html import escape

from babel.numbers import format_currency, get_currency_precision

from .models import Feedback, Payment, Refund, RefundLine, Sale, SaleLine

CSS = """
*{box-sizing:border-box}
body{margin:0;font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f4f1ea;color:#222}
main{max-width:30rem;margin:0 auto;padding:1rem}
.card{background:#fff;border-radius:.6rem;padding:1rem;margin:0 0 1rem;box-shadow:0 1px 3px #0002}
h1{font-size:1.3rem;margin:.2rem 0}
h2{font-size:1.05rem;margin:0 0 .6rem}
.muted{color:#666;font-size:.9rem}
table{width:100%;border-collapse:collapse}
td{padding:.25rem 0;vertical-align:top}
td.n{text-align:right;white-space:nowrap;padding-left:.6rem}
tr.sub td{color:#666;font-size:.88rem;padding-top:0}
tr.total td{font-weight:700;font-size:1.1rem;border-top:2px solid #222;padding-top:.4rem}
tr.sep td{border-top:1px solid #ddd}
tr.saving td{color:#2f6d3a}
tr.saved td{color:#2f6d3a;font-weight:600}
.notice{padding:.7rem .9rem;border-radius:.5rem;margin:0 0 1rem}
.ok{background:#e3f4e1;border:1px solid #9ccf95}
.err{background:#fde7e4;border:1px solid #e69a8f}
.wait{background:#fff5d6;border:1px solid #e5c76b}
fieldset{border:0;padding:0;margin:0 0 .8rem}
legend{font-weight:600;margin-bottom:.4rem}
.stars{display:grid;gap:.4rem}
.stars label{display:flex;align-items:center;gap:.6rem;border:1px solid #bbb;border-radius:.5rem;padding:.55rem .7rem;
cursor:pointer}
.stars label:has(input:checked){border-color:#2f6d3a;background:#eef6ec}
.stars input{margin:0;width:1.1rem;height:1.1rem}
.stars .s{color:#d39b00;min-width:6.2rem;letter-spacing:.05em}
label.block{display:block;font-weight:600;margin-bottom:.3rem}
textarea{width:100%;min-height:7rem;font:inherit;padding:.5rem;border:1px solid #bbb;border-radius:.5rem}
button{width:100%;margin-top:.8rem;padding:.75rem;font:inherit;font-weight:600;color:#fff;background:#2f6d3a;
border:0;border-radius:.5rem;cursor:pointer}
"""


def money(amount: int, currency: str, locale: str) -> str:
    digits = get_currency_precision(currency)
    return format_currency(Decimal(amount).scaleb(-digits), currency, locale=locale)


def _qty(line: SaleLine) -> str:
    return _quantity(line.qty, line.unit)


def _quantity(qty: int, unit: str) -> str:
    if unit == "kg":
        return f"{Decimal(qty).scaleb(-3):.3f} kg"
    return str(qty)


def _rate(bp: int) -> str:
    return f"{Decimal(bp) / 100:f}".rstrip("0").rstrip(".") + " %"


@dataclass
class Page:
    """What the receipt page shows; the router fills it in."""

    token: str
    currency: str = "EUR"
    locale: str = "en_GB"
    shop_name: str | None = None
    sale: Sale | None = None
    lines: list[SaleLine] = field(default_factory=list)
    payments: list[Payment] = field(default_factory=list)
    refunds: list[tuple[Refund, list[RefundLine]]] = field(default_factory=list)
    savings: dict = field(default_factory=dict)  # sale line id -> [(promotion name, amount)]
    csrf: str = ""  # the form's CSRF token (the same value is in the page's cookie)
    feedback: Feedback | None = None
    notice: str | None = None  # "saved" | "updated"
    error: str | None = None
    rating: int | None = None  # what the form shows (after a bad post: what was sent)
    comment: str = ""

    def m(self, amount: int) -> str:
        return escape(money(amount, self.currency, self.locale))


def _document(title: str, body: str) -> str:
    return (
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
        "<meta name=\"robots\" content=\"noindex\">"
        f"<title>{escape(title)}</title><style>{CSS}</style></head>"
        f"<body><main>{body}</main></body></html>\n"
    )


def _receipt(page: Page) -> str:
    sale = page.sale
    assert sale is not None
    rows = []
    for line in page.lines:
        gross = line.total + line.discount
        rows.append(f'<tr><td>{escape(line.name)}</td><td class="n">{page.m(gross)}</td></tr>')
        detail = f"{escape(_qty(line))} × {page.m(line.unit_price)}"
        promoted = page.savings.get(line.id, [])
        other = line.discount - sum(amount for _, amount in promoted)
        if other:
            detail += f", discount −{page.m(other)}"
        rows.append(f'<tr class="sub"><td colspan="2">{detail}</td></tr>')
        for name, amount in promoted:
            rows.append(f'<tr class="sub saving"><td>{escape(name)}</td><td class="n">−{page.m(amount)}</td></tr>')
    if sale.discount:
        rows.append(f'<tr class="sep"><td>Subtotal</td><td class="n">{page.m(sale.subtotal)}</td></tr>')
        rows.append(f'<tr><td>Discounts</td><td class="n">−{page.m(sale.discount)}</td></tr>')
    if sale.rounding:
        rows.append(f'<tr><td>Rounding</td><td class="n">{page.m(sale.rounding)}</td></tr>')
    rows.append(f'<tr class="total"><td>Total</td><td class="n">{page.m(sale.total)}</td></tr>')
    saved = sum(amount for promoted in page.savings.values() for _, amount in promoted)
    if saved:
        rows.append(f'<tr class="saved"><td>You saved</td><td class="n">{page.m(saved)}</td></tr>')
    by_rate: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for line in page.lines:
        by_rate[line.vat_rate_bp][0] += line.total
        by_rate[line.vat_rate_bp][1] += line.tax
    for bp in sorted(by_rate):
        gross, tax = by_rate[bp]
        rows.append(
            f'<tr class="sub"><td>VAT {escape(_rate(bp))} on {page.m(gross)}</td><td class="n">{page.m(tax)}</td></tr>'
        )
    for pay in page.payments:
        label = {"cash": "Cash", "card": "Card", "mobile": "Mobile"}.get(pay.method, pay.method)
        if pay.method == "cash" and pay.tendered > pay.amount:
            rows.append(f'<tr class="sep"><td>{escape(label)} given</td><td class="n">{page.m(pay.tendered)}</td></tr>')
            rows.append(f'<tr class="sub"><td>Change</td><td class="n">{page.m(pay.change)}</td></tr>')
        else:
            rows.append(f'<tr class="sep"><td>Paid by {escape(label.lower())}</td><td class="n">{page.m(pay.amount)}</td></tr>')
    when = sale.created_at.strftime("%d %b %Y, %H:%M UTC")
    return (
        '<section class="card" aria-label="Receipt">'
        f"<h1>{escape(page.shop_name or 'Your receipt')}</h1>"
        f'<p class="muted">Receipt {escape(sale.receipt_no)} · {escape(when)}</p>'
        f"<table>{''.join(rows)}</table></section>" + _refunds(page)
    )


def _refunds(page: Page) -> str:
    """What was given back on this sale: each refund's lines, the amount refunded and what the
    customer paid in the end."""
    if page.sale is None or not page.refunds:
        return ""
    names = {line.id: line for line in page.lines}
    rows = []
    refunded = 0
    for refund, lines in page.refunds:
        when = refund.created_at.strftime("%d %b %Y, %H:%M UTC")
        rows.append(f'<tr class="sep"><td colspan="2">Refund {escape(refund.receipt_no)} · {escape(when)}</td></tr>')
        for rl in lines:
            sold = names.get(rl.sale_line_id)
            name = sold.name if sold is not None else rl.sku
            qty = _quantity(rl.qty, sold.unit if sold is not None else "each")
            rows.append(f'<tr><td>{escape(name)} <span class="muted">({escape(qty)} returned)</span></td>'
                        f'<td class="n">−{page.m(rl.amount)}</td></tr>')
        refunded += refund.total
    rows.append(f'<tr class="total"><td>Refunded</td><td class="n">−{page.m(refunded)}</td></tr>')
    rows.append(f'<tr><td>Paid after refunds</td><td class="n">{page.m(page.sale.total - refunded)}</td></tr>')
    return ('<section class="card" aria-label="Refunds"><h2>Refunded</h2>'
            f"<table>{''.join(rows)}</table></section>")


def _form(page: Page) -> str:
    rating = page.rating if page.rating is not None else (page.feedback.rating if page.feedback else None)
    comment = page.comment if page.error else (page.feedback.comment if page.feedback else page.comment)
    stars = []
    for n, word in ((5, "Excellent"), (4, "Good"), (3, "All right"), (2, "Poor"), (1, "Bad")):
        checked = " checked" if rating == n else ""
        stars.append(
            f'<label><input type="radio" name="rating" value="{n}"{checked} required>'
            f'<span class="s" aria-hidden="true">{"★" * n}{"☆" * (5 - n)}</span>'
            f"<span>{word} <span class=\"muted\">({n} of 5)</span></span></label>"
        )
    heading = "Change your feedback" if page.feedback else "How was your visit?"
    button = "Save changes" if page.feedback else "Send feedback"
    return (
        '<section class="card"><form method="post" action="" accept-charset="utf-8">'
        f'<input type="hidden" name="csrf" value="{escape(page.csrf)}">'
        f"<h2>{heading}</h2>"
        '<fieldset><legend>Your rating (1 to 5 stars)</legend>'
        f'<div class="stars">{"".join(stars)}</div></fieldset>'
        '<label class="block" for="comment">Anything to tell the shop? (optional)</label>'
        f'<textarea id="comment" name="comment" maxlength="2000">{escape(comment)}</textarea>'
        f'<button type="submit">{button}</button>'
        '<p class="muted">Your feedback goes to the shop and to its supplier. '
        "You can change it later from this page.</p>"
        "</form></section>"
    )


def render(page: Page) -> str:
    parts = []
    if page.notice:
        text = "Thank you! Your feedback was updated." if page.notice == "updated" else "Thank you for your feedback!"
        parts.append(f'<p class="notice ok" role="status">{text}</p>')
    if page.error:
        parts.append(f'<p class="notice err" role="alert">{escape(page.error)}</p>')
    if page.sale is not None:
        parts.append(_receipt(page))
        title = f"Receipt {page.sale.receipt_no}"
    else:
        parts.append(
            '<section class="card"><h1>Your receipt is on its way</h1>'
            f'<p class="muted">{escape(page.shop_name or "")}</p>'
            '<p>The shop\'s till has not sent this receipt to us yet; it usually arrives within minutes '
            "(longer if the shop is offline). Come back to this page later to see it.</p>"
            "<p>You can already tell us about your visit below.</p></section>"
        )
        title = "Your receipt is on its way"
    parts.append(_form(page))
    return _document(title, "".join(parts))


def message_page(title: str, text: str) -> str:
    """A page that only says something (bad link, too many tries, try again later)."""
    return _document(title, f'<section class="card"><h1>{escape(title)}</h1><p>{escape(text)}</p></section>')
