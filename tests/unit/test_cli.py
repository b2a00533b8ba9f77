"""The `corner` command: bad input gets one clear line, a non-zero exit, and changes nothing."""

import json

import pytest

from app.cli import main


@pytest.fixture(scope="module")
def shop(tmp_path_factory):
    d = tmp_path_factory.mktemp("cli")
    assert main(["--data-dir", str(d), "init-demo"]) == 0
    return d


def run(shop, capsys, *args):
    code = main(["--data-dir", str(shop), *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def snapshot(shop, capsys):
    code, out, _ = run(shop, capsys, "--json", "status")
    data = json.loads(out)
    return data["sales"], data["events_waiting"]


def test_sell_and_refund_round_trip(shop, capsys):
    code, out, err = run(shop, capsys, "--json", "sell", "--pin", "1111", "P0001", "W0101*350", "--pay", "cash:10")
    assert code == 0, err
    sale = json.loads(out)
    assert sale["total"] == 119 + 105 and sale["change"] == 1000 - 224
    code, out, err = run(shop, capsys, "refund", sale["receipt_no"], "P0001", "--pin", "1234")
    assert code == 0, err
    assert "refunded" in out


@pytest.mark.parametrize("args,message", [
    (["sell", "--pin", "1111", "NOPE"], "Unknown barcode or SKU"),
    (["sell", "--pin", "1111", "5012345000028"], "check digit"),
    (["sell", "--pin", "1111", "P0001*0"], "above zero"),
    (["sell", "--pin", "1111", "P0001*-2"], "above zero"),
    (["sell", "--pin", "1111", "P0001*x"], "whole number"),
    (["sell", "--pin", "9999", "P0001"], "Wrong PIN"),
    (["sell", "--pin", "1111", "P0001", "--pay", "cash:abc"], "not an amount"),
    (["sell", "--pin", "1111", "P0001", "--pay", "card:1.19"], "reference"),
    (["refund", "DEMO-1-999999", "--pin", "1234"], "No receipt"),
    (["refund", "DEMO-1-000001", "P0001*9", "--pin", "1234"], "already been refunded in full"),  # refunded above
    (["refund", "DEMO-1-000001", "W0101", "--pin", "1111"], "owner must approve"),
    (["stock", "write-off", "P0001", "1", "damage", "--pin", "1111"], "owner must approve"),
    (["stock", "count", "P0001=abc", "--pin", "1234"], "SKU=QTY"),
    (["session", "open", "--float", "10", "--pin", "1234"], "already open"),
], ids=lambda v: v if isinstance(v, str) else None)
def test_bad_input_says_why_and_changes_nothing(shop, capsys, args, message):
    before = snapshot(shop, capsys)
    code, out, err = run(shop, capsys, *args)
    assert code != 0
    assert message.lower() in err.lower(), err
    assert len(err.strip().splitlines()) == 1
    assert snapshot(shop, capsys) == before


def test_a_malformed_catalog_row_is_reported_by_line_and_nothing_is_imported(shop, capsys, tmp_path):
    bad = tmp_path / "cat.csv"
    bad.write_text(
        "sku,name,category,unit,vat_rate_bp,price,barcodes\n"
        "X1,Good thing,Local,each,700,150,\n"
        "X2,Bad code,Local,each,700,150,4006381333932\n"
        "X3,,Local,each,700,150,\n"
        "X4,Free,Local,each,700,0,\n"
    )
    code, out, err = run(shop, capsys, "import", "catalog", str(bad))
    assert code != 0
    assert "line 3" in err and "line 4" in err and "line 5" in err and "line 2" not in err
    code, out, err = run(shop, capsys, "stock", "list", "Good thing")
    assert "no products match" in out


def test_catalog_and_sales_history_import_then_export(shop, capsys, tmp_path):
    cat = tmp_path / "cat.csv"
    cat.write_text("sku,name,category,unit,vat_rate_bp,price,barcodes\nX9,Jam from next door,Local,each,700,320,4006381333931\n")
    assert run(shop, capsys, "import", "catalog", str(cat))[0] == 0
    hist = tmp_path / "hist.csv"
    hist.write_text("receipt_no,created_at,sku,qty,unit_price,discount,method\n"
                    "OLD-1,2026-01-05T10:00:00,X9,2,3.20,,cash\nOLD-1,2026-01-05T10:00:00,P0001,1,1.19,,cash\n"
                    "OLD-2,2026-01-06T11:00:00,NOPE,1,1.00,,cash\n")
    code, _, err = run(shop, capsys, "import", "sales", str(hist))
    assert code != 0 and "line 4" in err
    hist.write_text("receipt_no,created_at,sku,qty,unit_price,discount,method\n"
                    "OLD-1,2026-01-05T10:00:00,X9,2,3.20,,cash\nOLD-1,2026-01-05T10:00:00,P0001,1,1.19,,card\n")
    # importing history is an owner's job
    code, out, err = run(shop, capsys, "import", "sales", str(hist))
    assert code != 0 and "owner" in err.lower()
    code, out, err = run(shop, capsys, "--json", "import", "sales", str(hist), "--pin", "1234")
    assert code == 0, err
    assert json.loads(out) == {"imported": 1}
    code, out, err = run(shop, capsys, "import", "sales", str(hist), "--pin", "1234")
    assert code != 0 and "already on this till" in err
    exported = tmp_path / "sales.csv"
    assert run(shop, capsys, "export", "sales", str(exported))[0] == 0
    assert "OLD-1" in exported.read_text()


def test_doctor_and_backup(shop, capsys):
    code, out, _ = run(shop, capsys, "doctor")
    assert code == 0 and "all checks passed" in out
    code, out, _ = run(shop, capsys, "--json", "backup")
    assert code == 0 and json.loads(out)["file"].endswith(".sqlite3")


def test_unusable_paths_get_one_line_not_a_traceback(shop, capsys, tmp_path):
    code, out, err = run(shop, capsys, "export", "sales", str(tmp_path / "missing" / "x.csv"))
    assert code == 2 and err.startswith("error: No such file") and "Traceback" not in err
    not_a_dir = tmp_path / "file"
    not_a_dir.write_text("x")
    code = main(["--data-dir", str(not_a_dir), "status"])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("error:") and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("interval", ["-5", "0", "nan", "inf", "ten", "1e9"])
def test_a_sync_interval_that_makes_no_sense_is_refused_in_words(shop, capsys, interval):
    with pytest.raises(SystemExit) as exit_:
        main(["--data-dir", str(shop), "sync", "--interval", interval])
    err = capsys.readouterr().err
    assert exit_.value.code == 2 and "--interval" in err and "seconds" in err and "Traceback" not in err
