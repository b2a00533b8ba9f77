"""Barcodes: check digits of EAN-13, EAN-8 and UPC-A, and scale-label barcodes.

Scale labels are EAN-13 codes with prefix 2x printed by a shop's scale:
``2P IIIII VVVVV C`` where P picks the meaning, I is the item code (the product's
PLU) and V the value. Here prefixes 20-24 carry a weight in grams and 25-29 a price
in minor units, which is how most European scales are set up.
"""

from __future__ import annotations

from dataclasses import dataclass

from stdnum import ean
from stdnum.exceptions import ValidationError

from .errors import QT_TRANSLATE_NOOP, TillError


class BarcodeError(TillError, ValueError):
    pass


def validate(code: str) -> str:
    """Return the code cleaned, or raise BarcodeError saying what is wrong."""
    code = (code or "").strip()
    if not code.isdigit():
        raise BarcodeError(QT_TRANSLATE_NOOP("CoreError", "barcode {code} must be digits only"), code=repr(code))
    if len(code) not in (8, 12, 13):
        raise BarcodeError(QT_TRANSLATE_NOOP(
            "CoreError", "barcode {code} has {digits} digits; EAN-13, EAN-8 and UPC-A have 13, 8, 12"),
            code=code, digits=len(code))
    try:
        ean.validate(code)
    except ValidationError:
        raise BarcodeError(QT_TRANSLATE_NOOP(
            "CoreError", "barcode {code} has a wrong check digit (expected {expected})"),
            code=code, expected=ean.calc_check_digit(code[:-1])) from None
    return code


def check_digit_ok(code: str) -> bool:
    """The GS1 check digit of an EAN-13, EAN-8 or UPC-A code, in plain arithmetic: for bulk
    catalog loads, where python-stdnum's general cleaning costs more than the check itself."""
    if len(code) not in (8, 12, 13) or not code.isdigit():
        return False
    # from the right of the body, weights 3, 1, 3, ...: code[-2], code[-4], ... weigh 3
    if code.isascii():  # ASCII digits: their byte values less 48 ("0")
        raw = code.encode()
        odd, even = raw[-2::-2], raw[-3::-2]
        total = 3 * (sum(odd) - 48 * len(odd)) + sum(even) - 48 * len(even)
        return (10 - total % 10) % 10 == raw[-1] - 48
    total = 3 * sum(map(int, code[-2::-2])) + sum(map(int, code[-3::-2]))  # other Unicode digits
    return (10 - total % 10) % 10 == int(code[-1])


def with_check_digit(body: str) -> str:
    return body + ean.calc_check_digit(body)


@dataclass(frozen=True)
class ScaleLabel:
    plu: str
    grams: int | None
    price: int | None


def parse_scale_label(code: str) -> ScaleLabel | None:
    """A scale label's item and weight or price; None when ``code`` is not one."""
    if len(code) != 13 or not code.isdigit() or code[0] != "2":
        return None
    if ean.calc_check_digit(code[:-1]) != code[-1]:
        return None
    kind = int(code[1])
    plu = code[2:7]
    value = int(code[7:12])
    if kind <= 4:
        return ScaleLabel(plu=plu, grams=value, price=None)
    return ScaleLabel(plu=plu, grams=None, price=value)


def make_scale_label(plu: str, *, grams: int | None = None, price: int | None = None) -> str:
    if (grams is None) == (price is None):
        raise ValueError("give grams or price")
    prefix = "20" if grams is not None else "25"
    value = grams if grams is not None else price
    return with_check_digit(f"{prefix}{int(plu):05d}{value:05d}")
