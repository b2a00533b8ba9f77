"""One catalog row, one meaning per column: the contract both ends read.

The till's ``corner import catalog`` (``app/core/catalog.py``) and the platform's import
(``corner-server catalog import``, ``POST /admin/catalog/import``, the console's Import page,
``sync/server/catalog.py``) read a catalog file through this module, so a column means the same
thing at both ends. The format is documented in ``docs/catalog-format.md``.

**Money columns (price, min_price, max_price, cost) are whole numbers of minor units**: ``350`` is
3.50 in a currency with cents, 350 yen in one without. ``3.50`` is refused with a message that
says so, never read as something else (until 2026-12 the till read ``350`` as 350.00 and the
platform as 3.50). Minor units are what the wire, the JSON admin API and both databases carry,
and they need no knowledge of the currency's decimals.

Every message here is in English and names the column; the till wraps it in its own translated
"line N: ..." and the platform lists it by line in the console's preview.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator
from pydantic_core import PydanticCustomError
from stdnum import ean

# The columns in the order an export writes them. Only REQUIRED must be in the header.
COLUMNS = ["sku", "name", "category", "brand", "unit", "vat_rate_bp", "price", "min_price", "max_price", "cost",
           "barcodes", "plu", "image", "active"]
REQUIRED = ("sku", "name", "vat_rate_bp", "price")
UNITS = ("each", "kg")
MONEY_COLUMNS = ("price", "min_price", "max_price", "cost")
MAX_MONEY = 10**12  # minor units


def _fail(reason: str) -> PydanticCustomError:
    return PydanticCustomError("catalog_row", "{reason}", {"reason": reason})


def whole_number(value: Any, name: str, *, required: bool, low: int = 0, high: int = MAX_MONEY,
                 unit: str = "minor units") -> int | None:
    """A whole number in ``unit`` (money is in minor units; a policy may count days or basis
    points); raises ValueError with the column's name."""
    if value is None or (isinstance(value, str) and value.strip() == ""):
        if required:
            raise ValueError(f"{name} is required")
        return None
    if isinstance(value, bool):
        raise ValueError(f"{name} must be a whole number, not {value!r}")
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and re.fullmatch(r"-?\d+", value.strip()):
        number = int(value.strip())
    elif unit == "minor units" and isinstance(value, str) and re.fullmatch(r"-?\d*[.,]\d+", value.strip()):
        raise ValueError(f"{name} must be a whole number (minor units), like 350 for 3.50, not {value!r}")
    else:
        raise ValueError(f"{name} must be a whole number ({unit}), not {value!r}")
    if not low <= number <= high:
        raise ValueError(f"{name} must be between {low} and {high} ({unit}), not {number}")
    return number


def text(value: Any, name: str, *, required: bool, max_len: int) -> str | None:
    if value is None:
        value = ""
    elif not isinstance(value, str):
        raise ValueError(f"{name} must be text")
    value = value.strip()
    if "\x00" in value:
        raise ValueError(f"{name} contains a NUL character")
    if not value:
        if required:
            raise ValueError(f"{name} is required")
        return None
    if len(value) > max_len:
        raise ValueError(f"{name} is longer than {max_len} characters")
    return value


def check_barcode(code: str) -> str | None:
    """None when ``code`` is a valid EAN-13, EAN-8 or UPC-A; otherwise why not."""
    if not code.isdigit() or len(code) not in (8, 12, 13):
        return f"barcode {code!r} is not 8, 12 or 13 digits (EAN-8, UPC-A, EAN-13)"
    if not ean.is_valid(code):
        return f"barcode {code} has a wrong check digit"
    return None


def check_bounds(price: int, min_price: int | None, max_price: int | None) -> None:
    if min_price is not None and max_price is not None and min_price > max_price:
        raise ValueError(f"min_price {min_price} is above max_price {max_price}")
    if min_price is not None and price < min_price:
        raise ValueError(f"price {price} is below min_price {min_price}")
    if max_price is not None and price > max_price:
        raise ValueError(f"price {price} is above max_price {max_price}")


def _wrap(fn):
    """A field validator whose ValueError message is the whole reason (no "Value error, ")."""
    def validator(cls, value, info):
        try:
            return fn(value, info.field_name)
        except ValueError as exc:
            raise _fail(str(exc)) from None
    return validator


def _barcodes(value: Any, name: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        items = [b.strip() for b in value.split("|") if b.strip()]
    elif isinstance(value, (list, tuple)) and all(isinstance(b, str) for b in value):
        items = [b.strip() for b in value if b.strip()]
    else:
        raise ValueError("barcodes must be text separated by '|' or a list of strings")
    problems = [msg for msg in (check_barcode(b) for b in items) if msg]
    if problems:
        raise ValueError("; ".join(problems))
    if len(set(items)) != len(items):
        raise ValueError("the same barcode is listed twice")
    return items


def _unit(value: Any, name: str) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        return "each"
    if isinstance(value, str) and value.strip() in UNITS:
        return value.strip()
    raise ValueError(f"unit must be 'each' or 'kg', not {value!r}")


def _active(value: Any, name: str) -> bool:
    if value is None or value == "":
        return True
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "1", "yes", "false", "0", "no"):
        return value.strip().lower() in ("true", "1", "yes")
    raise ValueError(f"active must be true or false, not {value!r}")


def _plu(value: Any, name: str) -> str | None:
    value = text(value if not isinstance(value, int) or isinstance(value, bool) else str(value), name,
                 required=False, max_len=5)
    if value is not None and not value.isdigit():
        raise ValueError(f"plu (a scale item code) is up to 5 digits, not {value!r}")
    return value


class CatalogRow(BaseModel):
    """A catalog row as both ends read it. Money in minor units; ``vat_rate_bp`` in basis points
    (2000 = 20 %); ``barcodes`` EAN-13/EAN-8/UPC-A separated by ``|``; ``plu`` the scale's item
    code (the till's; the platform ignores it)."""

    model_config = ConfigDict(extra="forbid")

    sku: str
    name: str
    category: str | None = None
    brand: str | None = None
    unit: str = "each"
    vat_rate_bp: int
    price: int
    min_price: int | None = None
    max_price: int | None = None
    cost: int = 0
    barcodes: list[str] = []
    plu: str | None = None
    image: str | None = None
    active: bool = True

    check_sku = field_validator("sku", mode="before")(_wrap(lambda v, n: text(v, n, required=True, max_len=64)))
    check_name = field_validator("name", mode="before")(_wrap(lambda v, n: text(v, n, required=True, max_len=200)))
    check_cat = field_validator("category", "brand", mode="before")(
        _wrap(lambda v, n: text(v, n, required=False, max_len=100)))
    check_image = field_validator("image", mode="before")(_wrap(lambda v, n: text(v, n, required=False, max_len=500)))
    check_unit = field_validator("unit", mode="before")(_wrap(_unit))
    check_vat = field_validator("vat_rate_bp", mode="before")(
        _wrap(lambda v, n: whole_number(v, n, required=True, high=10_000, unit="basis points")))
    check_price = field_validator("price", mode="before")(_wrap(lambda v, n: whole_number(v, n, required=True, low=1)))
    check_bounds = field_validator("min_price", "max_price", mode="before")(
        _wrap(lambda v, n: whole_number(v, n, required=False)))
    check_cost = field_validator("cost", mode="before")(_wrap(lambda v, n: whole_number(v, n, required=False) or 0))
    check_codes = field_validator("barcodes", mode="before")(_wrap(_barcodes))
    check_plu = field_validator("plu", mode="before")(_wrap(_plu))
    check_active = field_validator("active", mode="before")(_wrap(_active))

    @model_validator(mode="after")
    def _price_in_bounds(self):
        try:
            check_bounds(self.price, self.min_price, self.max_price)
        except ValueError as exc:
            raise _fail(str(exc)) from None
        return self


def parse_row(raw: dict[str, Any]) -> CatalogRow:
    """One row (CSV cells or a JSON object) to a CatalogRow; raises ValueError naming every
    problem of the row, in column order."""
    problems = []
    unknown = sorted(k for k in raw if k not in COLUMNS)
    if unknown:
        problems.append(f"unknown field(s): {', '.join(unknown)}")
        raw = {k: v for k, v in raw.items() if k in COLUMNS}
    try:
        row = CatalogRow.model_validate(raw)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            if error["type"] == "missing":
                problems.append(f"{error['loc'][0]} is required")
            else:
                problems.append(error["msg"])
        row = None
    if problems:
        raise ValueError("; ".join(problems))
    return row


class RowError(ValueError):
    """What is wrong with the row on ``line`` (line 1 is the header)."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(f"line {line}: {reason}")
        self.line, self.reason = line, reason

    def as_dict(self) -> dict[str, Any]:
        return {"line": self.line, "reason": self.reason}

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RowError) and (self.line, self.reason) == (other.line, other.reason)

    def __hash__(self) -> int:
        return hash((self.line, self.reason))


class FileError(ValueError):
    """The file as a whole is not a catalog (no header, a wrong header, not CSV)."""

    def __init__(self, message: str, error: RowError) -> None:
        super().__init__(message)
        self.error = error


def read_csv(content: str) -> tuple[list[tuple[int, dict[str, str]]], list[RowError]]:
    """The rows of a catalog CSV with the line each starts on (the header is line 1), and the
    rows that are not even CSV-shaped. A header without a required column, with an unknown or a
    repeated one raises FileError. A spreadsheet's BOM is dropped; blank rows are skipped."""
    content = content.lstrip("\ufeff")
    reader = csv.reader(io.StringIO(content, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise FileError("the file is empty", RowError(1, "no header row")) from None
    except csv.Error as exc:
        raise FileError("the file is not valid CSV", RowError(1, str(exc))) from None
    header = [h.strip().lower() for h in header]
    missing = [c for c in REQUIRED if c not in header]
    unknown = [c for c in header if c not in COLUMNS]
    dupes = sorted({c for c in header if header.count(c) > 1})
    if missing or unknown or dupes:
        parts = []
        if missing:
            parts.append("missing column(s): " + ", ".join(missing))
        if unknown:
            parts.append("unknown column(s): " + ", ".join(unknown))
        if dupes:
            parts.append("repeated column(s): " + ", ".join(dupes))
        raise FileError("the header row is wrong", RowError(1, "; ".join(parts)))
    rows: list[tuple[int, dict[str, str]]] = []
    errors: list[RowError] = []
    line = reader.line_num + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            errors.append(RowError(line, f"not valid CSV: {exc}"))
            break
        if any(c.strip() for c in cells):
            if len(cells) != len(header):
                errors.append(RowError(line, f"has {len(cells)} fields, the header has {len(header)}"))
            else:
                rows.append((line, dict(zip(header, cells))))
        line = reader.line_num + 1
    return rows, errors


def parse_csv(content: str) -> tuple[list[tuple[int, CatalogRow]], list[RowError]]:
    """Every row of a catalog CSV checked: (line, row) for the good ones, a RowError for each bad
    one (a SKU or barcode repeated within the file included). Raises FileError for a bad header."""
    raw_rows, errors = read_csv(content)
    return check_rows(raw_rows, errors)


def check_rows(raw_rows, errors: list[RowError] | None = None) -> tuple[list[tuple[int, CatalogRow]], list[RowError]]:
    errors = list(errors or [])
    good: list[tuple[int, CatalogRow]] = []
    sku_line: dict[str, int] = {}
    barcode_line: dict[str, int] = {}
    for line, raw in raw_rows:
        try:
            row = parse_row(raw)
        except ValueError as exc:
            errors.append(RowError(line, str(exc)))
            continue
        problems = []
        if row.sku in sku_line:
            problems.append(f"sku {row.sku} is already on line {sku_line[row.sku]}")
        for code in row.barcodes:
            if code in barcode_line:
                problems.append(f"barcode {code} is already on line {barcode_line[code]}")
        if problems:
            errors.append(RowError(line, "; ".join(problems)))
            continue
        sku_line[row.sku] = line
        barcode_line.update({code: line for code in row.barcodes})
        good.append((line, row))
    errors.sort(key=lambda e: e.line)
    return good, errors


def csv_cells(row: CatalogRow) -> list[str]:
    """A row as an export writes it, in COLUMNS order (money in minor units)."""
    values = row.model_dump()
    out = []
    for column in COLUMNS:
        value = values[column]
        if column == "barcodes":
            out.append("|".join(value))
        elif column == "active":
            out.append("true" if value else "false")
        else:
            out.append("" if value is None else str(value))
    return out
