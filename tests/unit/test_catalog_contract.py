"""One catalog contract: the same CSV file imported at the till and at the platform means the same
products, the same prices (minor units at both ends), and the same bad lines."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from app.core import catalog
from app.core.errors import TillError
from sync import catalog_row
from sync.server import catalog as server_catalog
from sync.server.db import make_engine, migrate, session_scope
from sync.server.models import Product as ServerProduct
from sync.server.settings import Settings

DATA = Path(__file__).resolve().parents[1] / "data"
GOOD = (DATA / "catalog.csv").read_text(encoding="utf-8")
BAD = (DATA / "catalog-bad.csv").read_text(encoding="utf-8")
FIELDS = ("name", "category", "brand", "unit", "vat_rate_bp", "price", "min_price", "max_price", "cost", "barcodes")


@pytest.fixture
def server_engine(tmp_path):
    engine = make_engine(Settings(database_url=f"sqlite:///{tmp_path / 'server.sqlite3'}"))
    migrate(engine)
    yield engine
    engine.dispose()


def server_products(engine) -> dict[str, dict]:
    with session_scope(engine) as s:
        return {p.sku: {f: getattr(p, f) for f in FIELDS} for p in s.scalars(select(ServerProduct))}


def till_products(till, skus) -> dict[str, dict]:
    out = {}
    with till.read() as s:
        for sku in skus:
            p = catalog.by_sku(s, sku)
            out[sku] = {f: [b.code for b in p.barcodes] if f == "barcodes" else getattr(p, f) for f in FIELDS}
    return out


def test_the_same_file_gives_the_same_products_and_prices_at_both_ends(till, server_engine):
    assert till.import_catalog_csv(GOOD) == 4
    with session_scope(server_engine) as s:
        result = server_catalog.import_products(s, server_catalog.parse_catalog(GOOD, "csv"))
    assert result.created == 4
    at_server = server_products(server_engine)
    at_till = till_products(till, at_server)
    for sku in at_server:
        at_server[sku]["brand"] = at_server[sku]["brand"] or ""
        at_server[sku]["category"] = at_server[sku]["category"] or ""
    assert at_till == at_server
    # "350" is 3.50 at both ends (minor units), bounds and cost too
    assert at_till["C001"]["price"] == 350 and at_till["C001"]["min_price"] == 280 and at_till["C001"]["cost"] == 150
    assert at_till["C003"]["barcodes"] == ["96385074", "5012345678900"] and at_till["C003"]["brand"] == "Oliva"
    assert till.product("C002").plu == "00042" and till.product("C002").unit == "kg"  # the scale's code is the till's


def test_the_same_bad_file_is_refused_on_the_same_lines_at_both_ends(till, server_engine):
    with pytest.raises(server_catalog.CatalogError) as at_server:
        server_catalog.parse_catalog(BAD, "csv")
    server_lines = {e.line: e.reason for e in at_server.value.errors}
    assert sorted(server_lines) == [3, 4, 5, 6, 7]
    assert "minor units), like 350 for 3.50" in server_lines[3]
    with pytest.raises(TillError) as at_till:
        till.import_catalog_csv(BAD)
    text = str(at_till.value)
    for line, reason in server_lines.items():
        assert f"line {line}: {reason}" in text  # the same words, the same line
    assert "line 2:" not in text
    with pytest.raises(Exception):
        till.product("C101")  # nothing imported


def test_a_till_export_reads_back_the_same_at_the_platform(till):
    till.import_catalog_csv(GOOD)
    with till.read() as s:
        rows = list(catalog.export_rows(s))
    assert rows[0] == catalog_row.COLUMNS
    text = "\n".join(",".join(f'"{c}"' for c in row) for row in rows) + "\n"
    parsed = {p.sku: p for p in server_catalog.parse_catalog(text, "csv")}
    assert parsed["C001"].price == 350 and parsed["C003"].barcodes == ["96385074", "5012345678900"]
    assert parsed["P0001"].price == till.product("P0001").price  # the demo's platform products too


def test_one_meaning_per_column():
    row = catalog_row.parse_row({"sku": "A", "name": "Apple", "vat_rate_bp": "700", "price": "350"})
    assert row.price == 350 and row.unit == "each" and row.cost == 0 and row.active
    with pytest.raises(ValueError, match=r"price must be a whole number \(minor units\), like 350 for 3.50, not '3.50'"):
        catalog_row.parse_row({"sku": "A", "name": "Apple", "vat_rate_bp": "700", "price": "3.50"})
    with pytest.raises(ValueError, match="unknown field"):
        catalog_row.parse_row({"sku": "A", "name": "Apple", "vat_rate_bp": "700", "price": "350", "prcie": "1"})
