"""The ``corner-server`` command: every subcommand, --json, and bad input: one line on stderr, exit
status 2 (as ``corner``), nothing changed."""

from __future__ import annotations

import json

import pytest

from sqlalchemy import create_engine, func, select

from sync.server.cli import main
from sync.server.models import Product, Shop

from .test_catalog import HEADER


@pytest.fixture
def cli(db_url, capsys):
    def run(*argv: str) -> tuple[int, str, str]:
        code = main([*argv, "--database-url", db_url])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def test_shop_lifecycle_with_json_output(cli):
    code, out, _ = cli("shop", "add", "Corner One", "--json")
    shop = json.loads(out)
    assert code == 0 and shop["code"] == "S001" and len(shop["enrollment_code"]) == 14
    code, out, _ = cli("shop", "add", "Corner Two", "--code", "north-1")
    assert code == 0 and "NORTH-1" in out and "enrollment code:" in out
    code, out, _ = cli("shop", "enroll-code", "S001", "--json")
    assert code == 0 and json.loads(out)["enrollment_code"] != shop["enrollment_code"]
    code, out, _ = cli("shop", "list", "--json")
    assert [s["code"] for s in json.loads(out)] == ["NORTH-1", "S001"]
    code, out, _ = cli("admin-token", "create", "ops", "--json")
    assert code == 0 and len(json.loads(out)["token"]) >= 43


def test_catalog_and_policy_commands(cli, tmp_path):
    good = tmp_path / "catalog.csv"
    good.write_text(HEADER + "A1,Apple,,each,900,120,100,150,80,4006381333931\n")
    code, out, _ = cli("catalog", "import", str(good), "--publish", "--json")
    assert code == 0 and json.loads(out)["published"] == 1
    code, out, _ = cli("catalog", "set-price", "A1", "140", "--min", "100", "--max", "150", "--json")
    assert code == 0 and json.loads(out)["price"] == 140
    code, out, _ = cli("catalog", "publish", "--json")
    assert json.loads(out)["published"] == 1
    code, out, _ = cli("policy", "set", "receipt_footer", "Thank you!", "--json")
    assert code == 0 and json.loads(out)["value"] == "Thank you!"


@pytest.mark.parametrize(
    "argv, message",
    [
        (("shop", "enroll-code", "S404"), "no shop 'S404'"),
        (("device", "revoke", "not-a-uuid"), "is not a device id"),
        (("catalog", "set-price", "NOPE", "100"), "no product with sku"),
        (("policy", "set", "commission_bp", "lots"), "whole number"),
        (("catalog", "import", "/nonexistent.csv"), "cannot read"),
    ],
)
def test_bad_input_is_one_line_on_stderr(cli, argv, message):
    code, out, err = cli(*argv)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("corner-server: ") and message in err


def test_bad_catalog_lists_the_lines(cli, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "A1,Apple,,each,900,120,,,,\nA2,,,each,900,1.5,,,,\n")
    code, _, err = cli("catalog", "import", str(bad))
    assert code == 2 and "line 3:" in err and err.count("\n") == 1


def test_usage_errors_are_one_line(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["catalog", "set-price", "A1", "cheap"])
    assert exit_info.value.code == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_unreachable_database_is_one_line(capsys):
    assert main(["shop", "list", "--database-url", "postgresql://postgres@127.0.0.1:1/none"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("corner-server: cannot use the database") and err.count("\n") == 1


def _state(db_url: str) -> tuple:
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            shops = conn.execute(select(Shop.code).order_by(Shop.code)).scalars().all()
            products = conn.execute(select(Product.sku, Product.price, Product.min_price, Product.max_price)
                                    .order_by(Product.sku)).all()
            return tuple(shops), tuple(products), conn.execute(select(func.count()).select_from(Product)).scalar()
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    "argv, message",
    [
        (("shop", "add", "Corner Again", "--code", "s001"), "S001"),  # the code is taken
        (("catalog", "set-price", "A1", "90"), "min_price"),  # below the product's lowest price
        (("catalog", "set-price", "A1", "160", "--max", "none", "--min", "170"), "min_price"),
        (("catalog", "import", "BAD_CSV"), "line 3:"),  # one bad row: no row of the file is imported
        (("promo", "add", "--name", "X", "--kind", "percent_off", "--percent", "lots", "--skus", "A1",
          "--starts", "2026-12-01T08:00", "--ends", "2026-12-08T20:00"), "not a percentage"),
        (("promo", "add", "--name", "X", "--kind", "percent_off", "--percent", "250", "--skus", "A1",
          "--starts", "2026-12-01T08:00", "--ends", "2026-12-08T20:00"), "--percent: '250' is not a percentage above 0 up to 100"),
        (("promo", "add", "--name", "X", "--kind", "percent_off", "--percent", "10", "--skus", "A1", "--platform-share", "-5",
          "--starts", "2026-12-01T08:00", "--ends", "2026-12-08T20:00"), "--platform-share: '-5' is not a percentage from 0 up to 100"),
        (("settlement", "S001", "--start", "2026-13-01", "--end", "2027-01-01"), "not a date"),
    ],
)
def test_bad_input_exits_2_with_one_line_and_changes_nothing(cli, db_url, tmp_path, argv, message):
    good = tmp_path / "catalog.csv"
    good.write_text(HEADER + "A1,Apple,,each,900,120,100,150,80,4006381333931\n")
    assert cli("shop", "add", "Corner One")[0] == 0
    assert cli("catalog", "import", str(good), "--publish")[0] == 0
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "B1,Pear,,each,900,120,,,,\nB2,,,each,900,1.5,,,,\n")
    before = _state(db_url)
    code, out, err = cli(*[str(bad) if a == "BAD_CSV" else a for a in argv])
    assert (code, out) == (2, ""), err
    assert err.startswith("corner-server: ") and err.count("\n") == 1 and message in err, err
    assert _state(db_url) == before
    code, out, _ = cli("promo", "list", "--json")
    assert code == 0 and json.loads(out) == []


@pytest.mark.parametrize(
    "argv, message",
    [
        (("shop",), "the following arguments are required"),
        (("shop", "remove", "S001"), "invalid choice"),
        (("catalog", "set-price", "A1", "cheap"), "cheap"),
        (("run", "--workers", "0"), "not a number of processes"),
        (("feed", "compact", "--max-age-days", "-1"), "not a number of days"),
    ],
)
def test_usage_errors_exit_2_with_one_line_naming_the_help(capsys, argv, message):
    with pytest.raises(SystemExit) as exit_info:
        main(list(argv))
    assert exit_info.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1
    assert captured.err.startswith("corner-server: ") and message in captured.err
    assert "(see corner-server --help)" in captured.err
