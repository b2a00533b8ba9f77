"""Every `corner` subcommand with generated arguments and files (issue 13 §5).

Whatever hypothesis throws at it, the command exits 0 or 2, never prints a traceback, and an
exit 2 changed nothing in the till's database. The runs are in-process (``app.cli.main``) and
bounded (a fixed number of examples, no deadline: a shared machine's load is not a failure);
a few real processes check what only a process shows (a closed pipe, the console script).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.cli import main

ROOT = Path(__file__).resolve().parents[2]

# Not the person's data: audit lines and sign-in attempts a refusal may rightly record.
_NOT_COMPARED = ("audit", "attempt", "lockout")


@pytest.fixture(scope="module")
def shop(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("fuzz") / "till"
    assert main(["--data-dir", str(d), "init-demo"]) == 0
    assert main(["--data-dir", str(d), "sell", "--pin", "1111", "P0001", "P0002"]) == 0
    assert main(["--data-dir", str(d), "backup"]) == 0
    return d


def content(db: Path) -> str:
    """A hash of everything the till holds, but for audit lines and sign-in attempts."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        digest = hashlib.sha256()
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        for table in tables:
            if any(word in table for word in _NOT_COMPARED):
                continue
            where = {"outbox": " WHERE kind NOT LIKE 'audit%'",  # a wrong PIN counts towards the wait:
                     "meta": " WHERE key NOT LIKE 'pin_%'"}.get(table, "")  # that is not a change of the shop's
            for row in conn.execute(f'SELECT * FROM "{table}"{where} ORDER BY 1'):
                digest.update(repr((table, row)).encode())
        return digest.hexdigest()
    finally:
        conn.close()


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse's own usage errors
            code = exc.code
    return code, out.getvalue(), err.getvalue()


# -- what hypothesis generates ----------------------------------------------------------------

text = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=12)
huge = st.integers(min_value=-(10**30), max_value=10**30)
number = st.one_of(st.integers(-5, 500), huge).map(str)
amount = st.one_of(number, st.sampled_from(["1.00", "0", "-1", "1e9", "abc", "0.001", "9" * 40, "1,50", ""]), text)
code = st.one_of(st.sampled_from(["P0001", "P0002", "W0101", "5012345000022", "5012345000028", "NOPE", "L004", ""]),
                 text)
item = st.one_of(code, st.tuples(code, number).map(lambda t: f"{t[0]}*{t[1]}"))
pin = st.sampled_from(["1111", "1234", "9999", "", "12", "abcd", "1" * 40])
receipt = st.one_of(st.sampled_from(["DEMO-1-000001", "DEMO-1-999999", "DEMO-1-000002"]), text)
tender = st.one_of(
    st.just("cash"),
    amount.map(lambda a: f"cash:{a}"),
    st.tuples(st.sampled_from(["card", "mobile", "cheque"]), amount, text).map(lambda t: ":".join(t)),
    text,
)
sku = st.one_of(st.sampled_from(["P0001", "W0101", "NOPE"]), text)


def opt(name: str, values) -> st.SearchStrategy[list[str]]:
    return st.one_of(st.just([]), values.map(lambda v: [name, v]))


def cat(*parts) -> st.SearchStrategy[list[str]]:
    return st.tuples(*parts).map(lambda ps: [a for p in ps for a in p])


def const(*args: str) -> st.SearchStrategy[list[str]]:
    return st.just(list(args))


CATALOG_HEADER = "sku,name,category,unit,vat_rate_bp,price,min_price,max_price,cost,barcodes,plu\n"
SALES_HEADER = "receipt_no,created_at,sku,qty,unit_price,discount,method\n"
cell = st.one_of(number, amount, text, st.sampled_from(["P0001", "each", "kg", "2026-11-30T10:00:00", "cash"]))
csv_row = st.lists(cell, min_size=0, max_size=11).map(lambda cells: ",".join(c.replace("\n", " ") for c in cells))
csv_file = st.one_of(
    st.tuples(st.sampled_from([CATALOG_HEADER, SALES_HEADER, ""]), st.lists(csv_row, max_size=4)).map(
        lambda t: (t[0] + "\n".join(t[1])).encode("utf-8", "surrogatepass")),
    st.binary(max_size=64),
)

commands = st.one_of(
    const("status"), const("doctor"), const("backup"), const("init-demo"),
    cat(const("sell"), st.lists(item, min_size=1, max_size=3), const("--pin"), pin.map(lambda p: [p]),
        st.lists(tender, max_size=2).map(lambda ts: [a for t in ts for a in ("--pay", t)]),
        opt("--discount", amount), opt("--approve", pin), opt("--customer", text)),
    cat(const("refund"), receipt.map(lambda r: [r]), st.lists(item, max_size=2), const("--pin"), pin.map(lambda p: [p]),
        opt("--approve", pin), st.sampled_from([[], ["--no-restock"]]), opt("--reason", text)),
    cat(const("stock", "list"), st.lists(text, max_size=1),
        opt("--filter", st.sampled_from(["all", "low", "out", "negative", "bogus"]))),
    cat(const("stock"), st.sampled_from([["write-off"], ["receive"]]), sku.map(lambda s: [s]), number.map(lambda n: [n]),
        st.sampled_from([["damage"], ["spoilage"], ["bogus"], []]), const("--pin"), pin.map(lambda p: [p])),
    cat(const("stock", "count"), st.lists(st.tuples(sku, number).map(lambda t: f"{t[0]}={t[1]}") | text,
                                          min_size=1, max_size=3),
        const("--pin"), pin.map(lambda p: [p]), opt("--approve", pin)),
    cat(const("stock", "history"), sku.map(lambda s: [s])),
    cat(const("customers"), st.lists(text, max_size=1),
        st.sampled_from([[], ["--add"]]), opt("--name", text), opt("--phone", text), opt("--email", text),
        opt("--pin", pin)),
    cat(const("session"), st.sampled_from([["status"], ["open", "--float"], ["close", "--counted"]]),
        amount.map(lambda a: [a]), const("--pin"), pin.map(lambda p: [p])),
    cat(const("session"), st.sampled_from([["paid-in"], ["paid-out"]]), amount.map(lambda a: [a]),
        const("--reason"), text.map(lambda t: [t]), const("--pin"), pin.map(lambda p: [p])),
    cat(const("import"), st.sampled_from([["catalog"], ["sales"], ["bogus"]]), const("@FILE"), opt("--pin", pin)),
    cat(const("export"), st.sampled_from([["sales"], ["stock"], ["customers"], ["bogus"]]),
        st.sampled_from([["@OUT"], ["@MISSING"], ["@DIR"]])),
    cat(const("restore"), st.sampled_from([["--list"], ["--latest"], ["@FILE"], ["@MISSING"], []]), opt("--pin", pin)),
    st.lists(text, max_size=3),  # anything at all
)


@settings(max_examples=70, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large])
@given(args=commands, data=csv_file, json_at=st.sampled_from(["none", "before", "after"]))
def test_every_command_exits_0_or_2_never_a_traceback_and_2_changes_nothing(shop, tmp_path_factory, args, data,
                                                                             json_at):
    work = tmp_path_factory.getbasetemp() / "fuzz-files"
    work.mkdir(exist_ok=True)
    (work / "in.csv").write_bytes(data)
    paths = {"@FILE": str(work / "in.csv"), "@OUT": str(work / "out.csv"), "@MISSING": str(work / "no" / "x.csv"),
             "@DIR": str(work)}
    args = [paths.get(a, a) for a in args]
    argv = ["--data-dir", str(shop)]
    if json_at == "before":
        argv.append("--json")
    argv += args
    if json_at == "after" and args:
        argv.append("--json")
    before = content(shop / "corner.sqlite3")
    code, out, err = run(argv)
    assert code in (0, 2), (argv, code, err)
    assert "Traceback" not in err + out, (argv, err)
    if code == 2:
        assert content(shop / "corner.sqlite3") == before, (argv, err)
        assert err.strip(), argv  # a refusal always says why
    if code == 0 and json_at != "none" and args and args[0] in ("status", "doctor", "stock", "customers", "sell"):
        json.loads(out)
    forget_wrong_pins(shop)  # the wait after 5 wrong PINs is tested elsewhere; here it would refuse all that follows


def forget_wrong_pins(shop: Path) -> None:
    conn = sqlite3.connect(shop / "corner.sqlite3")
    try:
        with conn:
            conn.execute("DELETE FROM meta WHERE key LIKE 'pin_%'")
    finally:
        conn.close()


# -- what only a real process shows -------------------------------------------------------------


def corner(shop: Path, *args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "app.cli", "--data-dir", str(shop), *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=300, **kwargs)


def test_a_reader_that_stops_early_is_not_an_error(shop):
    pipe = subprocess.Popen([sys.executable, "-m", "app.cli", "--data-dir", str(shop), "stock", "list"], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert pipe.stdout is not None and pipe.stderr is not None
    pipe.stdout.close()  # `| head -0`: gone before the till writes its first line (it takes a while to start)
    err = pipe.stderr.read().decode()
    assert pipe.wait(timeout=300) == 0
    assert err == "", err


def test_json_after_the_command_help_for_stock_and_exact_cash(shop, tmp_path):
    forget_wrong_pins(shop)  # the fuzz run before may have left the till waiting after wrong PINs
    done = corner(shop, "status", "--json")
    assert done.returncode == 0 and json.loads(done.stdout)["shop_code"] == "DEMO"
    helped = corner(shop, "stock", "--help")
    for action in ("list", "write-off", "receive", "count", "history"):
        line = next(ln for ln in helped.stdout.splitlines() if ln.strip().startswith(action + " "))
        assert len(line.split()) > 1, line  # each one says what it does
    # the fuzz run before may have closed the cash session (a random `session close` with the right PIN)
    opened = corner(shop, "session", "open", "--float", "0", "--pin", "1111")
    assert opened.returncode == 0 or "already open" in opened.stderr, opened.stderr
    sold = corner(shop, "sell", "--pin", "1111", "P0001", "P0002", "--pay", "card:1.00:AUTH1", "--pay", "cash",
                  "--json")
    assert sold.returncode == 0, sold.stderr
    assert json.loads(sold.stdout)["change"] == 0


def test_a_huge_number_in_a_catalog_is_one_line_and_exit_2(shop, tmp_path):
    before = content(shop / "corner.sqlite3")
    big = tmp_path / "big.csv"
    big.write_text(CATALOG_HEADER + "X9,Huge,Local,each,700,99999999999999999999999999,,,,,\n")
    code, out, err = run(["--data-dir", str(shop), "import", "catalog", str(big)])
    assert code == 2 and len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    assert content(shop / "corner.sqlite3") == before


def test_a_mistyped_data_dir_makes_no_shop(tmp_path):
    code, out, err = run(["--data-dir", str(tmp_path / "shpo"), "status"])
    assert code == 2 and "no till in" in err
    assert not (tmp_path / "shpo").exists()
