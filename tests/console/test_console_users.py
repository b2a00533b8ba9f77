"""An admin disables a console user and resets a password, in the console and with
``corner-server user``; audited; a disabled user cannot log in and their sessions end."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from sync.server.cli import main
from sync.server.console.models import ConsoleAudit
from sync.server.console.web import COOKIE
from sync.server.db import session_scope

from .helpers import PASSWORD, add_user, csrf_of, login, signed_in

NEW_PASSWORD = "a brand new passphrase"


def post(client, page_url: str, action: str, data: dict):
    return client.post(action, data={"csrf": csrf_of(client.get(page_url).text), **data}, follow_redirects=False)


def actions(engine) -> list[tuple[str, str]]:
    with session_scope(engine) as s:
        return [(a.user_name, a.action) for a in s.scalars(select(ConsoleAudit).order_by(ConsoleAudit.at))
                if a.action.startswith("user.")]


def test_admin_disables_a_user_whose_session_ends_then_enables_them(client, engine):
    add_user(engine, "lin", "support")
    assert login(client, "lin").status_code == 303
    lin_cookie = client.cookies.get(COOKIE)
    assert client.get("/console/catalog", follow_redirects=False).status_code == 200
    client.cookies.clear()
    signed_in(client, engine)
    r = post(client, "/console/users", "/console/users/lin/disable", {})
    assert r.status_code == 303
    page = client.get(r.headers["location"]).text
    assert "The user was disabled" in page and "Disabled" in page and "Enable lin" in page
    assert "Disable ada" not in page  # no button to disable yourself
    # lin's open session ended, and lin cannot log in again
    client.cookies.clear()
    client.cookies.set(COOKIE, lin_cookie, path="/console")
    assert client.get("/console/catalog", follow_redirects=False).status_code == 303
    client.cookies.clear()
    r = login(client, "lin")
    assert r.status_code != 303 and "This user is disabled" in r.text
    # the admin enables lin again
    client.cookies.clear()
    assert login(client, "ada").status_code == 303
    assert post(client, "/console/users", "/console/users/lin/enable", {}).status_code == 303
    client.cookies.clear()
    assert login(client, "lin").status_code == 303
    assert actions(engine) == [("ada", "user.disable"), ("ada", "user.enable")]


def test_a_reset_password_ends_sessions_and_only_the_new_one_works(client, engine):
    add_user(engine, "lin", "catalog")
    assert login(client, "lin").status_code == 303
    lin_cookie = client.cookies.get(COOKIE)
    client.cookies.clear()
    signed_in(client, engine)
    r = post(client, "/console/users", "/console/users/-/password", {"name": "lin", "password": "short"})
    assert r.status_code == 400 and "at least 10 characters" in r.text
    r = post(client, "/console/users", "/console/users/-/password", {"name": "lin", "password": NEW_PASSWORD})
    assert r.status_code == 303 and "password_reset" in r.headers["location"]
    client.cookies.clear()
    client.cookies.set(COOKIE, lin_cookie, path="/console")
    assert client.get("/console/catalog", follow_redirects=False).status_code == 303
    client.cookies.clear()
    assert login(client, "lin").status_code != 303
    assert login(client, "lin", NEW_PASSWORD).status_code == 303
    assert actions(engine) == [("ada", "user.reset_password")]


def test_only_an_admin_changes_users_and_needs_the_csrf_token(client, engine):
    add_user(engine, "lin", "support")
    signed_in(client, engine, "cat", "catalog")
    page = client.get("/console/catalog").text
    r = client.post("/console/users/lin/disable", data={"csrf": csrf_of(page)}, follow_redirects=False)
    assert r.status_code == 403
    client.cookies.clear()
    signed_in(client, engine)
    r = client.post("/console/users/lin/disable", data={}, follow_redirects=False)
    assert r.status_code == 403
    assert actions(engine) == []
    r = post(client, "/console/users", "/console/users/ada/disable", {})
    assert r.status_code == 400 and "cannot disable yourself" in r.text


@pytest.fixture
def cli(db_url, capsys, monkeypatch):
    def run(*argv: str, stdin: str = "") -> tuple[int, str, str]:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        code = main([*argv, "--database-url", db_url])
        out, err = capsys.readouterr()
        return code, out, err
    return run


def test_cli_disables_enables_and_resets_a_password(cli, engine, client):
    assert cli("user", "add", "ada", "--role", "admin", stdin=PASSWORD + "\n")[0] == 0
    code, _, err = cli("user", "disable", "ada")
    assert code == 2 and "last active admin" in err
    assert cli("user", "add", "lin", "--role", "operations", stdin=PASSWORD + "\n")[0] == 0
    code, out, _ = cli("user", "disable", "lin")
    assert code == 0 and "disabled" in out
    assert login(client, "lin").status_code != 303
    assert cli("user", "disable", "lin")[0] == 2  # already disabled: one line, exit 2
    assert cli("user", "enable", "lin")[0] == 0
    code, _, err = cli("user", "reset-password", "lin", stdin="short\n")
    assert code == 2 and "at least 10 characters" in err
    assert cli("user", "reset-password", "lin", stdin=NEW_PASSWORD + "\n")[0] == 0
    client.cookies.clear()
    assert login(client, "lin", NEW_PASSWORD).status_code == 303
    code, _, err = cli("user", "disable", "nobody")
    assert code == 2 and "no console user named 'nobody'" in err
    assert actions(engine) == [("corner-server", a) for a in
                               ("user.add", "user.add", "user.disable", "user.enable", "user.reset_password")]
