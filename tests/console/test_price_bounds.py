"""A price edit never clears the bounds it was not given (CLI and admin API)."""

from __future__ import annotations

import json

import pytest

from sync.server.cli import main

HEADER = "sku,name,category,unit,vat_rate_bp,price,min_price,max_price,cost,barcodes\n"
MILK = HEADER + "P0001,Milk 1L,Dairy,each,700,119,99,149,80,\n"


@pytest.fixture
def cli(db_url, capsys, tmp_path):
    def run(*argv: str) -> tuple[int, str, str]:
        code = main([*argv, "--database-url", db_url])
        out, err = capsys.readouterr()
        return code, out, err

    csv = tmp_path / "milk.csv"
    csv.write_text(MILK)
    assert run("catalog", "import", str(csv))[0] == 0
    return run


def test_cli_set_price_keeps_the_bounds_it_was_not_given(cli):
    code, out, _ = cli("catalog", "set-price", "P0001", "139", "--json")
    assert code == 0
    assert json.loads(out) == {"sku": "P0001", "price": 139, "min_price": 99, "max_price": 149}
    code, out, _ = cli("catalog", "set-price", "P0001", "129", "--max", "139", "--json")
    assert json.loads(out) == {"sku": "P0001", "price": 129, "min_price": 99, "max_price": 139}


def test_cli_none_removes_a_bound(cli):
    code, out, _ = cli("catalog", "set-price", "P0001", "139", "--min", "none", "--json")
    assert code == 0 and json.loads(out)["min_price"] is None and json.loads(out)["max_price"] == 149


def test_cli_price_outside_the_kept_bounds_is_refused(cli):
    code, out, err = cli("catalog", "set-price", "P0001", "5000")
    assert code != 0 and out == "" and "above max_price 149" in err
    code, out, _ = cli("catalog", "set-price", "P0001", "119", "--json")
    assert json.loads(out)["max_price"] == 149


def test_admin_api_price_keeps_bounds_left_out(client, admin):
    r = client.post("/admin/catalog/import", json={"format": "csv", "content": MILK}, headers=admin)
    assert r.status_code == 200, r.text
    r = client.put("/admin/products/P0001/price", json={"price": 139}, headers=admin)
    assert r.status_code == 200, r.text
    assert (r.json()["min_price"], r.json()["max_price"]) == (99, 149)
    r = client.put("/admin/products/P0001/price", json={"price": 5000}, headers=admin)
    assert r.status_code == 400 and "above max_price 149" in r.text
    r = client.put("/admin/products/P0001/price", json={"price": 139, "max_price": None}, headers=admin)
    assert (r.json()["min_price"], r.json()["max_price"]) == (99, None)


@pytest.mark.parametrize("argv, words", [
    (["3.50"], "like 350 for 3.50, not '3.50'"),
    (["0"], "between 1 and"),
    (["-5"], "between 1 and"),
    (["abc"], "whole number (minor units), not 'abc'"),
    (["139", "--min", "0.99"], "like 350 for 3.50, not '0.99'; or 'none'"),
    (["139", "--max", "-1"], "between 0 and"),
])
def test_cli_a_price_that_is_not_whole_minor_units_is_refused_in_the_catalog_words(cli, capsys, argv, words):
    """The central team types 3.50: told it is 350, as the catalog file tells them; nothing changes."""
    with pytest.raises(SystemExit) as exit_:
        cli("catalog", "set-price", "P0001", *argv)
    err = capsys.readouterr().err
    assert exit_.value.code == 2 and words in err and "Traceback" not in err, err
    code, out, _ = cli("catalog", "set-price", "P0001", "119", "--json")  # prices as they were
    assert json.loads(out) == {"sku": "P0001", "price": 119, "min_price": 99, "max_price": 149}
