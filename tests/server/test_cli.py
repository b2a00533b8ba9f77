"""The ``corner-server`` command: every subcommand, --json, and one-line errors."""

from __future__ import annotations

import json

import pytest

from sync.server.cli import main

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
    assert code != 0 and out == ""
    assert err.count("\n") == 1 and err.startswith("corner-server: ") and message in err


def test_bad_catalog_lists_the_lines(cli, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "A1,Apple,,each,900,120,,,,\nA2,,,each,900,1.5,,,,\n")
    code, _, err = cli("catalog", "import", str(bad))
    assert code == 1 and "line 3:" in err and err.count("\n") == 1


def test_usage_errors_are_one_line(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["catalog", "set-price", "A1", "cheap"])
    assert exit_info.value.code == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_unreachable_database_is_one_line(capsys):
    assert main(["shop", "list", "--database-url", "postgresql://postgres@127.0.0.1:1/none"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("corner-server: cannot use the database") and err.count("\n") == 1
