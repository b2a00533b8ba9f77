"""The first day of a real shop, from the command line: a new till (not the demo) is enrolled
with a real platform server, creates its owner, the owner adds a cashier, and the cashier sells.
The staff changes reach the platform as audit entries, and the sale carries the cashier's name."""

from __future__ import annotations

import json
import os
import subprocess

from sqlalchemy import create_engine, text

from tests.sync.kit import ROOT, corner_cmd


def test_a_new_shop_goes_from_enroll_to_a_cashiers_first_sale(platform, tmp_path):
    data = tmp_path / "till"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_DATA_HOME": str(tmp_path / "xdg-data"),
           "PYTHON_KEYRING_BACKEND": "keyrings.alt.file.PlaintextKeyring"}

    def corner(*args: str, stdin: str = "") -> tuple[int, str, str]:
        done = subprocess.run(corner_cmd(data, *args), input=stdin, capture_output=True, text=True, env=env,
                              timeout=120)
        assert "Traceback" not in done.stderr, done.stderr
        return done.returncode, done.stdout, done.stderr

    code, out, err = corner("enroll", platform.url, platform.shop.enrollment_code, "--name", "front counter")
    assert code == 0, err
    assert "catalog fetched:" in out and "catalog fetched: 0 " not in out  # a till is ready to sell at once
    code, out, err = corner("sync", "--once")
    assert code == 0, err

    # enrolled, but nobody works here yet: no PIN opens the till
    code, out, err = corner("sell", "--pin", "1234", "P0001")
    assert code == 2 and err.count("\n") == 1 and "Wrong PIN" in err

    code, out, err = corner("setup", "--owner-name", "Ana Lima", stdin="2468\n2486\n")
    assert code == 2 and "not the same" in err  # typed twice, differently: nothing made
    code, out, err = corner("setup", "--owner-name", "Ana Lima", stdin="2468\n2468\n")
    assert code == 0, err
    assert "Ana Lima is the owner" in out
    code, out, err = corner("setup", "--owner-name", "Mallory", "--pin", "9999")
    assert code == 2 and "already has staff" in err

    code, out, err = corner("staff", "add", "Bo Chen", "--role", "cashier", "--pin", "2468", "--new-pin", "1357")
    assert code == 0, err
    code, out, err = corner("staff", "add", "Cy", "--pin", "1357", "--new-pin", "5555")
    assert code == 2 and "Only an owner" in err
    code, out, err = corner("--json", "staff", "list", "--pin", "2468")
    assert code == 0, err
    assert [(m["name"], m["role"], m["active"]) for m in json.loads(out)] == [
        ("Ana Lima", "owner", True), ("Bo Chen", "cashier", True)]

    code, out, err = corner("session", "open", "--float", "50", "--pin", "1357")
    assert code == 0, err
    code, out, err = corner("--json", "sell", "--pin", "1357", "P0001", "--pay", "cash:5")
    assert code == 0, err
    receipt = json.loads(out)["receipt_no"]

    code, out, err = corner("sync", "--once")
    assert code == 0, err
    assert [s["receipt_no"] for s in platform.sales()["sales"]] == [receipt]
    engine = create_engine(platform.database_url)
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SELECT receipt_no, staff_name FROM sales")).all() == [(receipt, "Bo Chen")]
            actions = [row[0] for row in conn.execute(text(
                "SELECT action FROM audit_entries ORDER BY created_at"))]
    finally:
        engine.dispose()
    assert actions == ["staff_first_owner", "staff_add"]


def test_wrong_pins_at_the_command_line_make_people_wait(tmp_path):
    data = tmp_path / "till"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}

    def corner(*args: str, stdin: str = "") -> tuple[int, str, str]:
        done = subprocess.run(corner_cmd(data, *args), input=stdin, capture_output=True, text=True, env=env,
                              timeout=120)
        assert "Traceback" not in done.stderr, done.stderr
        return done.returncode, done.stdout, done.stderr

    assert corner("setup", "--owner-name", "Ana", "--pin", "2468")[0] == 0
    errors = [corner("staff", "list", "--pin", "0000")[2] for _ in range(5)]
    assert errors[:4] == ["error: Wrong PIN.\n"] * 4
    assert errors[4] == "error: Too many wrong PINs. Try again in 30 s.\n"
    code, out, err = corner("staff", "list", "--pin", "2468")  # even the right PIN waits
    assert code == 2 and err.startswith("error: Too many wrong PINs. Try again in ") and err.count("\n") == 1
