"""The window never opens a blank till on top of a lost one: it says why and exits 2."""

from __future__ import annotations

from app.core.store.engine import DB_NAME, MARKER
from app.ui import app as window_app


def test_the_window_refuses_a_folder_whose_till_file_is_gone(qapp, tmp_path, monkeypatch):
    data = tmp_path / "till"
    data.mkdir()
    (data / MARKER).write_text("a till was made here\n")
    (data / (DB_NAME + "-wal")).write_bytes(b"\0" * 64)  # the database itself was deleted
    said: list[str] = []
    monkeypatch.setattr(window_app, "refuse_to_start", said.append)
    assert window_app.main(["--data-dir", str(data)]) == 2
    assert len(said) == 1 and "missing" in said[0] and "restore" in said[0]
    assert not (data / DB_NAME).exists()  # nothing was created


def test_the_window_refuses_a_data_dir_that_is_a_file(qapp, tmp_path, monkeypatch):
    path = tmp_path / "not-a-folder"
    path.write_text("x")
    said: list[str] = []
    monkeypatch.setattr(window_app, "refuse_to_start", said.append)
    assert window_app.main(["--data-dir", str(path)]) == 2
    assert said and "not a folder" in said[0]


def test_a_back_office_form_starts_with_the_keyboard_in_its_first_field(qtbot):
    """Seen under Xvfb without a window manager: typing a new cashier's name at once pressed OK
    (the focus began on the buttons) and the dialog said "Type a name."."""
    from PySide6.QtWidgets import QApplication

    from app.ui.backoffice.staff_page import StaffDialog

    dialog = StaffDialog(None, "Add a cashier", name="", role="cashier")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.name)
