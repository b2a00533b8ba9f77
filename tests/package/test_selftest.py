"""The packaged till's self-test, run in-process (not frozen) so `make test` covers its code path;
`make package-test` runs the same code inside the frozen build."""

from __future__ import annotations

import configparser
import importlib.util
import re
from pathlib import Path

import pytest
from PySide6.QtCore import qWarning
from PySide6.QtGui import QImage

from app import selftest
from app.core.till import Till
from app.ui import appicon, resources

ROOT = Path(__file__).resolve().parents[2]
OK_LINE = re.compile(r"^self-test ok: DEMO-1-\d{6}, \d+ products, window 1366x768$")


def launcher():
    spec = importlib.util.spec_from_file_location("corner_launcher", ROOT / "packaging" / "launcher.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_self_test_prints_one_ok_line_and_exits_0(capsys, tmp_path):
    shot = tmp_path / "window.png"
    code = launcher().main(["--self-test", "--screenshot", str(shot)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert OK_LINE.match(out.strip()), out
    assert len(out.splitlines()) == 1 and err == ""
    image = QImage(str(shot))
    assert (image.width(), image.height()) == (1366, 768)


def test_an_unexpected_qt_warning_fails_the_self_test(capsys, monkeypatch):
    check_resources = selftest._check_resources

    def with_a_warning():
        check_resources()
        qWarning("QFont: a font the bundle lacks")

    monkeypatch.setattr(selftest, "_check_resources", with_a_warning)
    assert selftest.main([]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert "self-test failed at resources: Qt warning: QFont: a font the bundle lacks" in err


def test_the_offscreen_size_hint_line_is_the_one_warning_expected():
    messages = selftest.QtMessages()
    with messages:
        qWarning("This plugin does not support propagateSizeHints()")
        qWarning("QXcbConnection: could not connect to display")
    assert messages.unexpected == ["Qt warning: QXcbConnection: could not connect to display"]


def test_a_problem_found_by_doctor_fails_the_self_test_and_names_the_step(capsys, monkeypatch):
    monkeypatch.setattr(Till, "doctor", lambda self: ["sale DEMO-1-000001 has no outbox event"])
    assert selftest.main([]) == 1
    assert "self-test failed at doctor: till.doctor(): sale DEMO-1-000001 has no outbox event" in capsys.readouterr().err


def test_the_launcher_runs_the_command_line_with_cli(capsys, tmp_path):
    # an empty folder is not a till: only init-demo, enroll and setup make one (issue 13)
    assert launcher().main(["cli", "--data-dir", str(tmp_path), "--json", "status"]) == 2
    assert "no till in" in capsys.readouterr().err
    assert launcher().main(["cli", "--data-dir", str(tmp_path), "restore", "--list", "--json"]) == 0
    assert capsys.readouterr().out.strip() == "[]"


def test_the_icon_is_shipped_at_every_size_the_window_asks_for():
    for size in appicon.SIZES:
        image = QImage(str(resources.path("icons", f"corner-{size}.png")))
        assert (image.width(), image.height()) == (size, size)
    for name in ("corner.ico", "corner.icns"):
        assert (ROOT / "packaging" / name).stat().st_size > 1000


def test_the_desktop_entry_starts_the_till_with_its_icon():
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(ROOT / "packaging" / "corner.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Type"] == "Application"
    assert desktop["Exec"].split()[0] == "corner"
    assert desktop["Icon"] == appicon.DESKTOP_FILE
    assert desktop["Terminal"] == "false"
    assert desktop["Categories"].endswith(";")


@pytest.mark.parametrize("name", ["corner.spec", "launcher.py", "build.py"])
def test_packaging_files_compile(name):
    source = (ROOT / "packaging" / name).read_text(encoding="utf-8")
    compile(source, name, "exec")
