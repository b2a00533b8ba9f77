"""English and Simplified Chinese for the console: gettext catalogs through Babel.

The catalog sources are ``locale/<lang>/LC_MESSAGES/messages.po`` inside the package; they are
compiled with Babel when first used (so no compiled file can fall behind its source). Money and
dates are formatted for the page's locale with Babel too.
"""

from __future__ import annotations

import io
from datetime import datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from importlib import resources
from typing import Callable
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_currency, format_decimal, get_currency_precision
from babel.support import NullTranslations, Translations

LANGUAGES = {"en": "English", "zh_Hans": "简体中文"}
BABEL_LOCALE = {"zh_Hans": "zh_Hans_CN"}


@lru_cache(maxsize=None)
def translations(lang: str) -> NullTranslations:
    if lang == "en":
        return NullTranslations()
    source = resources.files("sync.server.console") / "locale" / lang / "LC_MESSAGES" / "messages.po"
    with source.open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    buf = io.BytesIO()
    write_mo(buf, catalog)
    buf.seek(0)
    return Translations(buf)


def pick_language(cookie: str | None, accept: str | None) -> str:
    if cookie in LANGUAGES:
        return cookie
    if accept and accept.strip().lower().startswith("zh"):
        return "zh_Hans"
    return "en"


class Formats:
    """Money, numbers and dates of one page, in its locale."""

    def __init__(self, lang: str, default_locale: str, currency: str, zone: str = "UTC") -> None:
        self.locale = BABEL_LOCALE.get(lang, default_locale)
        self.currency = currency
        self.digits = get_currency_precision(currency)
        self.zone = ZoneInfo(zone)

    def money(self, amount: int | None) -> str:
        if amount is None:
            return "–"
        return format_currency(Decimal(amount).scaleb(-self.digits), self.currency, locale=self.locale)

    def amount(self, amount: int | None) -> str:
        """Minor units as a plain decimal for a form field (``139`` -> ``1.39``)."""
        if amount is None:
            return ""
        return f"{Decimal(amount).scaleb(-self.digits):.{self.digits}f}"

    def parse_amount(self, text: str, name: str, gettext: Callable[[str], str]) -> int | None:
        """A form's money field to minor units; empty is None. Raises ValueError in the user's words."""
        text = (text or "").strip().replace(",", ".")
        if not text:
            return None
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise ValueError(gettext("%(field)s: %(value)s is not an amount like 1.39") % {"field": name, "value": text}) from None
        minor = value.scaleb(self.digits)
        if minor != minor.to_integral_value() or value < 0 or value >= 10**10:
            raise ValueError(gettext("%(field)s: %(value)s is not an amount like 1.39") % {"field": name, "value": text})
        return int(minor)

    def number(self, value: int | float) -> str:
        return format_decimal(value, locale=self.locale)

    def percent_bp(self, bp: int) -> str:
        return format_decimal(Decimal(bp) / 100, locale=self.locale) + " %"

    def datetime(self, value: datetime | str | None) -> str:
        if value is None:
            return "–"
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        return format_datetime(value.astimezone(self.zone), "medium", tzinfo=self.zone, locale=self.locale)

    def date(self, value) -> str:
        return format_date(value, "medium", locale=self.locale)
