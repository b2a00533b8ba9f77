"""Update the console's message catalogs from the templates and the Python sources.

    python -m sync.server.console.extract

Collects every ``_("...")`` (and the NOTES and POLICY_HELP texts), keeps the translations the
``.po`` files already have, and lists the ones still missing. Babel reads and writes the files.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

HERE = Path(__file__).parent
CALL = re.compile(r"""\b(?:_|gettext)\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')""")


def messages() -> list[str]:
    found: dict[str, None] = {}
    sources = sorted(HERE.glob("templates/*.html")) + sorted(p for p in HERE.glob("*.py") if p.name != "extract.py")
    for path in sources:
        text = path.read_text(encoding="utf-8")
        for m in CALL.finditer(text):
            found.setdefault((m.group(1) if m.group(1) is not None else m.group(2)).replace('\\"', '"'), None)
    from .pages import NOTES, POLICY_HELP

    for text in [*NOTES.values(), *POLICY_HELP.values()]:
        found.setdefault(text, None)
    return list(found)


def main() -> int:
    ids = messages()
    missing = 0
    for po in sorted(HERE.glob("locale/*/LC_MESSAGES/messages.po")):
        lang = po.parts[-3]
        with po.open("rb") as fh:
            old = read_po(fh, locale=lang)
        new = Catalog(locale=lang, project="Corner console", charset="utf-8")
        for msgid in ids:
            previous = old.get(msgid)
            new.add(msgid, previous.string if previous is not None else "")
            if previous is None or not previous.string:
                missing += 1
                print(f"{lang}: missing {msgid!r}")
        with po.open("wb") as fh:
            write_po(fh, new, width=0, omit_header=False, sort_output=False)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
