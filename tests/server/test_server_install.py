"""A server install has no Qt: the server's import graph and its requirements stay clear of the till's."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TILL_ONLY = ("PySide6", "shiboken6", "escpos", "keyring", "requests", "app")  # qrcode: the console's enrollment QR

_GUARD = textwrap.dedent(
    """
    import sys

    BANNED = {banned!r}

    class Guard:
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in BANNED:
                raise ImportError(f"the server imported {{name}}, a till-only package")
            return None

    sys.meta_path.insert(0, Guard())
    for name in list(sys.modules):
        if name.split(".")[0] in BANNED:
            raise SystemExit(f"{{name}} was imported before the guard")
    """
)


def _run_guarded(code: str, tmp_path: Path) -> subprocess.CompletedProcess:
    script = _GUARD.format(banned=set(TILL_ONLY)) + textwrap.dedent(code)
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=tmp_path,  # not the repo root: the checkout's `app` package must come from the install only
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "CORNER_SERVER_DATA_DIR": str(tmp_path), "HOME": str(tmp_path)},
    )


def test_the_server_app_and_cli_import_nothing_of_the_till(tmp_path):
    done = _run_guarded(
        """
        import sync.server.app, sync.server.cli, sync.server.observability
        from sync.server.app import create_app
        from sync.server.db import make_engine, migrate
        from sync.server.settings import Settings
        settings = Settings()
        engine = make_engine(settings)
        migrate(engine)
        create_app(settings, engine)
        print("ok")
        """,
        tmp_path,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().endswith("ok")


def test_the_guard_catches_a_till_import(tmp_path):
    done = _run_guarded("import sync.client\n", tmp_path)  # the till's sync client uses requests
    assert done.returncode != 0
    assert "till-only package" in done.stderr


def _name(requirement: str) -> str:
    return re.split(r"[\s\[<>=!~;]", requirement, maxsplit=1)[0].lower()


def test_the_servers_requirements_have_no_qt():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    server = {_name(r) for r in project["dependencies"]}
    assert not {n for n in server if n.startswith(("pyside6", "shiboken6"))}
    assert not server & {"python-escpos", "keyring", "keyrings.alt", "requests"}
    assert {"fastapi", "uvicorn", "sqlalchemy", "alembic", "prometheus-client"} <= server
    till = {_name(r) for r in project["optional-dependencies"]["till"]}
    assert {"pyside6-essentials", "python-escpos"} <= till
    # `make install` installs .[dev]: the till comes with it.
    assert any(_name(r) == "corner" and "till" in r for r in project["optional-dependencies"]["dev"])
