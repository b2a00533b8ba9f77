"""Money in integer minor units: parsing, tax-inclusive tax, allocation, rounding, display.

No floats anywhere: amounts are ``int`` minor units (cents), rates are ``int`` basis points
(1 bp = 0.01 %), quantities are ``int`` (units, or grams for weighed goods).
"""

from __future__ import annotations

import re
from decimal import Decimal

from babel.numbers import format_currency, get_currency_precision

from sync.money import allocate  # noqa: F401 - re-exported: sales and refunds split with it
from sync.takings import tax_in_gross

from .errors import QT_TRANSLATE_NOOP, InputError

_AMOUNT = re.compile(r"^\s*(-)?(\d+)(?:[.,](\d{1,2}))?\s*$")


def parse_amount(text: str) -> int:
    """``"12.5"`` -> 1250. Raises InputError (a ValueError) with a message for the person who typed it."""
    text = "" if text is None else str(text)
    match = _AMOUNT.match(text)
    if not match:
        raise InputError(QT_TRANSLATE_NOOP("CoreError", "not an amount: {text} (write it like 12.50)"),
                         text=repr(text))
    sign, whole, frac = match.groups()
    value = int(whole) * 100 + int((frac or "0").ljust(2, "0"))
    return -value if sign else value


def div_round(numerator: int, denominator: int) -> int:
    """Integer division rounding half away from zero."""
    if denominator <= 0:
        raise ValueError("denominator must be positive")
    q, r = divmod(abs(numerator), denominator)
    if 2 * r >= denominator:
        q += 1
    return q if numerator >= 0 else -q


def tax_included(gross: int, rate_bp: int) -> int:
    """The tax inside a tax-inclusive amount at ``rate_bp`` (2000 = 20 %): the tax itself rounded
    to the nearest minor unit, an exact half up (away from zero for a negative amount).

    Until 2026-12 the net was rounded instead, which sent every exact half cent of tax down (in
    the shop's favour). Receipts keep the tax they printed; only new receipts use this. Both ends
    share the computation (``sync.takings.tax_in_gross``)."""
    return tax_in_gross(gross, rate_bp)


def weighed_total(price_per_kg: int, grams: int) -> int:
    return div_round(price_per_kg * grams, 1000)


def round_to_increment(amount: int, increment: int) -> int:
    """Cash rounding: nearest multiple of ``increment`` (half up). 1 means no rounding."""
    if increment <= 1:
        return amount
    return div_round(amount, increment) * increment


def fmt(amount: int, currency: str = "EUR", locale: str = "en_GB") -> str:
    """Display an amount with Babel, using the currency's CLDR precision."""
    digits = get_currency_precision(currency)
    value = Decimal(amount).scaleb(-digits)
    return format_currency(value, currency, locale=locale)


def fmt_plain(amount: int) -> str:
    """``1250`` -> ``"12.50"``: for CSV files and the command line."""
    sign = "-" if amount < 0 else ""
    whole, cents = divmod(abs(amount), 100)
    return f"{sign}{whole}.{cents:02d}"
