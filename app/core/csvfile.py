"""Reading a CSV file a person chose (catalog or sales history), with their words for what can
go wrong: no such file, or a file saved in another encoding than UTF-8."""

from __future__ import annotations

from pathlib import Path

from .errors import QT_TRANSLATE_NOOP, TillError


def read_csv(path: str | Path) -> str:
    """The text of ``path`` (UTF-8, with or without a byte-order mark, as spreadsheets save it)."""
    path = Path(path)
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise TillError(QT_TRANSLATE_NOOP(
            "CoreError", "{path} is not a UTF-8 text file; save it as CSV (UTF-8) and try again."),
            path=str(path)) from None
    except FileNotFoundError:
        raise TillError(QT_TRANSLATE_NOOP("CoreError", "No such file: {path}"), path=str(path)) from None
    except IsADirectoryError:
        raise TillError(QT_TRANSLATE_NOOP("CoreError", "{path} is a folder, not a file."), path=str(path)) from None
    except OSError as exc:
        raise TillError(QT_TRANSLATE_NOOP("CoreError", "{path} could not be read: {reason}"),
                        path=str(path), reason=exc.strerror or str(exc)) from None
