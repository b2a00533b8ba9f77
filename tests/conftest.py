"""Test-wide setup: Qt offscreen before any Qt import, a keyring that lives in memory."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("CORNER_LOG_LEVEL", "WARNING")
os.environ.setdefault("CORNER_PEERS", "off")  # windows under test start no peer service (docs/peers.md)

import keyring  # noqa: E402
from keyring.backend import KeyringBackend  # noqa: E402


class MemoryKeyring(KeyringBackend):
    """A keyring backend for tests: passwords live in this process only."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self._store: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self._store.get((service, username))

    def set_password(self, service, username, password):
        self._store[(service, username)] = password

    def delete_password(self, service, username):
        self._store.pop((service, username), None)


keyring.set_keyring(MemoryKeyring())


import pytest  # noqa: E402


@pytest.fixture
def till(tmp_path):
    """A demo till logged in as the cashier, with a cash session open."""
    from tests.fixtures import demo_till

    t = demo_till(tmp_path / "till")
    yield t
    t.close()


@pytest.fixture
def platform(tmp_path):
    """A real platform server (a corner-server process on loopback, SQLite) with the demo
    catalog published; see tests/sync/platform.py."""
    from tests.sync.platform import running

    with running(tmp_path) as p:
        yield p
