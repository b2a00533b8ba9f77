"""The device token lives in the OS keyring, never in the SQLite file or a log.

On a machine with no usable keyring backend (a headless Linux box), enrolling stops
with a clear message and the documented way on: choose a file backend from
keyrings.alt explicitly, e.g. ``PYTHON_KEYRING_BACKEND=keyrings.alt.file.EncryptedKeyring``
(asks for a password) or ``keyrings.alt.file.PlaintextKeyring`` (a file only your
user can read). See docs/sync.md.
"""

from __future__ import annotations

import os

import keyring
from keyring.errors import KeyringError, NoKeyringError

from .errors import QT_TRANSLATE_NOOP, TillError

SERVICE = "corner-till"

NO_KEYRING = QT_TRANSLATE_NOOP(
    "CoreError",
    "No keyring is available to keep this till's device token safely. Choose one and try again: "
    "set PYTHON_KEYRING_BACKEND=keyrings.alt.file.EncryptedKeyring (asks for a password) or "
    "keyrings.alt.file.PlaintextKeyring (a file only your user can read). See docs/sync.md."
)


def _is_fallback(backend) -> bool:
    module = type(backend).__module__
    return module.startswith("keyring.backends.fail") or module.startswith("keyrings.alt")


def _check_backend() -> None:
    """A system keyring, or a file backend the user chose on purpose; never one picked silently."""
    backend = keyring.get_keyring()
    chosen = bool(os.environ.get("PYTHON_KEYRING_BACKEND"))
    members = getattr(backend, "backends", None) or [backend]
    if type(backend).__module__.startswith("keyring.backends.fail"):
        raise TillError(NO_KEYRING)
    if not chosen and all(_is_fallback(b) for b in members):
        raise TillError(NO_KEYRING)


def save_token(device_id: str, token: str) -> None:
    _check_backend()
    try:
        keyring.set_password(SERVICE, device_id, token)
    except NoKeyringError:
        raise TillError(NO_KEYRING) from None
    except KeyringError as exc:
        raise TillError(QT_TRANSLATE_NOOP("CoreError", "The keyring refused to store the device token: {exc}"),
                        exc=exc) from None


def load_token(device_id: str) -> str | None:
    try:
        return keyring.get_password(SERVICE, device_id)
    except NoKeyringError:
        raise TillError(NO_KEYRING) from None
    except KeyringError as exc:
        raise TillError(QT_TRANSLATE_NOOP("CoreError", "The keyring could not be read: {exc}"), exc=exc) from None


def forget_token(device_id: str) -> None:
    try:
        keyring.delete_password(SERVICE, device_id)
    except KeyringError:
        pass
