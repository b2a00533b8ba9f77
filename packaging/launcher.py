"""The frozen till's entry point: PyInstaller builds this file into the `corner` executable.

    corner [--data-dir DIR]           the till window (the default)
    corner --self-test [--screenshot PNG] [--data-dir DIR]
                                      check this build headless; one line, exit 0 when all is well
    corner cli ARGS...                the `corner` command line of a checkout (status, doctor, ...)
    corner --help

Each branch imports only what it needs, so the CLI and the self-test start without the window.
"""

from __future__ import annotations

import sys

USAGE = __doc__.split("\n\n", 1)[1].split("\n\nEach", 1)[0]


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["--self-test"]:
        from app.selftest import main as self_test

        return self_test(args[1:])
    if args[:1] == ["cli"]:
        from app.cli import main as cli

        return cli(args[1:])
    if args[:1] in (["--help"], ["-h"]):
        print("usage:\n" + USAGE)
        return 0
    from app.ui.app import main as window

    return window(args)


if __name__ == "__main__":
    raise SystemExit(main())
