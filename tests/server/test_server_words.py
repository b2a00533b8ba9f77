"""The platform's refusals in a person's words: a policy counts days (not money), a file that
is not UTF-8 is named as such (not Python's codec message)."""

from __future__ import annotations

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


@pytest.mark.parametrize("key,value,words", [
    ("return_window_days", "ten", "return_window_days: value must be a whole number (days), not 'ten'"),
    ("return_window_days", "4000", "value must be between 0 and 3650 (days), not 4000"),
    ("cashier_discount_limit_bp", "10%", "whole number (basis points)"),
    ("cash_rounding", "0.05", "whole number (minor units)"),
])
def test_a_policy_number_is_refused_in_its_own_unit(cli, key, value, words):
    code, out, err = cli("policy", "set", key, value)
    assert code != 0 and out == "" and words in err and err.count("\n") == 1
    assert "minor units" not in err or key == "cash_rounding"


def test_a_catalog_file_that_is_not_utf8_says_so(cli, tmp_path):
    latin1 = tmp_path / "catalog.csv"
    latin1.write_bytes((HEADER + "A1,Caf\xe9 cr\xe8me,,each,900,120,,,,\n").encode("latin-1"))
    code, out, err = cli("catalog", "import", str(latin1))
    assert code != 0 and out == ""
    assert err == f"corner-server: {latin1} is not a UTF-8 text file; save it as CSV (UTF-8) or JSON and try again.\n"
    assert "codec" not in err and "0xe9" not in err
