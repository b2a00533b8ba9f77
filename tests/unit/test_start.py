"""Starting the till: the schema revision is checked with plain SQL; alembic only when it differs."""

from __future__ import annotations

import subprocess
import sys

from app.core.store.engine import Store, current_revision, head_revision, make_engine, migrate


def test_the_head_read_from_the_files_is_alembics_head():
    from alembic.script import ScriptDirectory

    from app.core.store.engine import alembic_config

    assert head_revision() == ScriptDirectory.from_config(alembic_config()).get_current_head()


def test_the_revision_is_read_with_plain_sql(tmp_path):
    from alembic.runtime.migration import MigrationContext

    store = Store(tmp_path)
    with store.engine.connect() as conn:
        assert current_revision(store.engine) == MigrationContext.configure(conn).get_current_revision()
    store.close()


OPEN = ("import sys; from pathlib import Path; from app.core.till import Till; "
        "Till(Path(sys.argv[1])).close(); print('alembic' in sys.modules)")


def run(data_dir) -> str:
    return subprocess.run([sys.executable, "-c", OPEN, str(data_dir)], capture_output=True, text=True,
                          check=True).stdout.strip()


def test_an_up_to_date_store_opens_without_alembic_and_an_old_one_migrates(tmp_path):
    assert run(tmp_path / "new") == "True"  # a fresh store is made by the migrations
    assert run(tmp_path / "new") == "False"  # at the head: alembic is not even imported
    (tmp_path / "old").mkdir()
    engine = make_engine(tmp_path / "old" / "corner.sqlite3")
    migrate(engine, "0001")
    engine.dispose()
    assert run(tmp_path / "old") == "True"  # behind: migrated, after a backup
    assert list((tmp_path / "old" / "backups").glob("*pre-migration*"))
    store = Store(tmp_path / "old")
    assert current_revision(store.engine) == head_revision()
    store.close()


def test_the_window_module_imports_neither_alembic_nor_the_qr_code_maker():
    import os

    out = subprocess.run([sys.executable, "-c", "import sys, app.ui.app; "
                          "print(sorted({'alembic', 'qrcode', 'PIL'} & set(sys.modules)))"],
                         capture_output=True, text=True, check=True,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}).stdout.strip()
    assert out == "[]"


WINDOW = """
import os, sys
from pathlib import Path
from PySide6.QtCore import QEvent, QObject
from app.ui.app import make_app, open_window
class Painted(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            print(sorted({'alembic', 'qrcode', 'PIL', 'pydantic', 'keyring', 'sync.catalog_row', 'sync.promotions'}
                         & set(sys.modules)), flush=True)
            os._exit(0)
        return False
app = make_app([])
window = open_window(Path(sys.argv[1]), app=app, sync=False, first_run=False)
watch = Painted()
window.sell.installEventFilter(watch)
window._logged_in(window.till.login(sys.argv[2]))
app.exec()
"""


def test_the_first_sell_screen_loads_no_pydantic_keyring_or_alembic(tmp_path):
    """What the first screen does not need stays out of the start: the pydantic models (the
    catalog CSV format, the promotions: loaded off the UI thread after the first paint, or by
    the first use), the keyring (a paired till's peers) and alembic."""
    import os

    from app.core import demo
    from app.core.till import Till

    till = Till(tmp_path / "shop")
    demo.seed(till)
    till.close()
    out = subprocess.run([sys.executable, "-c", WINDOW, str(tmp_path / "shop"), demo.CASHIER_PIN],
                         capture_output=True, text=True, check=True,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}).stdout.strip()
    assert out.splitlines()[-1] == "[]"
