"""Data: back up now, restore a backup (saying what is replaced), where backups live,
and the long CSV jobs (imports and exports) off the UI thread."""

from __future__ import annotations

import csv
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget,
)

from app.core import history
from app.core.csvfile import read_csv
from app.core.insights import Cancelled

from ..i18n import table_time, when_text
from .common import Page, table_view
from app.ui.approval import ApprovalDialog

from .dialogs import Confirm, Files
from .models import Col, RowsModel
from .peer_conflicts_page import PeerConflictsBox


def _when(dt) -> str:
    return when_text(dt)


def _size(n: int) -> str:
    if n < 1024:
        return QCoreApplication.translate("DataPage", "{n} bytes").format(n=n)
    for unit in ("KB", "MB", "GB"):
        n /= 1024
        if n < 1024 or unit == "GB":
            return f"{n:.1f} {unit}"
    return str(n)


class DataPage(Page):
    restored = Signal()  # the till's data was replaced: every page must reload

    LONG_JOBS = True

    def __init__(self, till, parent: QWidget | None = None) -> None:
        super().__init__(till, parent)

        self.where = QLabel()
        self.where.setWordWrap(True)
        self.where.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.open_button = QPushButton(self.tr("Open folder"))
        self.backup_button = QPushButton(self.tr("Back up now"))
        self.restore_button = QPushButton(self.tr("Restore selected…"))
        self.model = RowsModel([Col(self.tr("Made")), Col(self.tr("Kind")), Col(self.tr("Sales"), "int"),
                                Col(self.tr("Last sale")), Col(self.tr("Size"))], self.money, self)
        self.view = table_view()
        self.view.setModel(self.model)
        for col, width in ((0, 170), (1, 120), (2, 80), (3, 170)):
            self.view.horizontalHeader().resizeSection(col, width)
        self.infos: list = []

        backups = QGroupBox(self.tr("Backups"))
        bl = QVBoxLayout(backups)
        row = QHBoxLayout()
        row.addWidget(self.where, 1)
        row.addWidget(self.open_button)
        bl.addLayout(row)
        bl.addWidget(self.view, 1)
        row = QHBoxLayout()
        row.addWidget(self.backup_button)
        row.addWidget(self.restore_button)
        row.addStretch()
        bl.addLayout(row)

        files = QGroupBox(self.tr("Import and export (CSV)"))
        fl = QHBoxLayout(files)
        self.import_products_button = QPushButton(self.tr("Import local products…"))
        self.import_sales_button = QPushButton(self.tr("Import sales history…"))
        self.export_buttons = {what: QPushButton(label) for what, label in (
            ("sales", self.tr("Export sales…")), ("stock", self.tr("Export stock…")),
            ("customers", self.tr("Export customers…")))}
        fl.addWidget(self.import_products_button)
        fl.addWidget(self.import_sales_button)
        for b in self.export_buttons.values():
            fl.addWidget(b)
        fl.addStretch()

        self.conflicts = PeerConflictsBox(till, self.status)  # what two tills did apart (docs/peers.md)

        layout = QVBoxLayout(self)
        layout.addWidget(backups, 1)
        layout.addWidget(files)
        layout.addWidget(self.conflicts, 1)
        layout.addWidget(self.jobs)
        layout.addWidget(self.status)

        self.open_button.clicked.connect(self.open_folder)
        self.backup_button.clicked.connect(self.back_up)
        self.restore_button.clicked.connect(self.restore_selected)
        self.import_products_button.clicked.connect(lambda: self.import_csv("products"))
        self.import_sales_button.clicked.connect(lambda: self.import_csv("sales"))
        for what, b in self.export_buttons.items():
            b.clicked.connect(lambda _=False, what=what: self.export_csv(what))

    # -- backups --------------------------------------------------------------------------------

    def reload(self) -> None:
        folder = self.till.backup_folder()
        self.where.setText(self.tr("Backups are kept in <b>{folder}</b>. Copy them to a USB stick or another "
                                   "computer now and then.").format(folder=folder))
        kinds = {"manual": self.tr("made by hand"), "auto": self.tr("automatic"),
                 "pre-migration": self.tr("before an update"), "pre-restore": self.tr("before a restore")}
        self.infos = self.till.backups()
        self.model.set_rows([(_when(b.made_at), kinds.get(b.label, b.label), b.sales,
                              table_time(b.last_sale_at), _size(b.size)) for b in self.infos])
        self.restore_button.setEnabled(bool(self.infos))
        self.conflicts.reload()

    def open_folder(self) -> None:
        folder = self.till.backup_folder()
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def back_up(self):
        def done(path: Path) -> None:
            self.reload()
            self.status.ok(self.tr("Backed up to {path}.").format(path=path))
        return self.jobs.start(self.tr("Backing up…"), lambda task: self.till.backup(), done, cancellable=False)

    def restore_selected(self):
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            self.status.fail(self.tr("Choose the backup to restore in the list."))
            return None
        return self.restore(self.infos[rows[0].row()])

    def restore_text(self, info) -> str:
        now = self.till.status()
        return self.tr(
            "Restore the backup made on {made}?\n\n"
            "This replaces ALL of this till's data: today it holds {sales_now} sales; the backup holds {sales} "
            "(last sale {last}). Sales, stock movements, counts and customer changes recorded after {made} will "
            "no longer be on this till.\n\n"
            "A safety copy of the current data is saved in {folder} first, so this can be undone by restoring it."
        ).format(made=_when(info.made_at), sales_now=now["sales"], sales=info.sales,
                 last=table_time(info.last_sale_at) or self.tr("none"),
                 folder=self.till.backup_folder())

    def restore(self, info):
        if not Confirm.ask(self, self.tr("Restore a backup"), self.restore_text(info), self.tr("Replace my data")):
            return None
        till = self.till
        pin = None
        if till.user is None or not till.user.is_owner:
            pin = ApprovalDialog.ask(self, self.tr("An owner must approve restoring a backup."))
            if not pin:
                return None

        def job(task):
            return till.restore_backup(info.path, pin)

        def done(result) -> None:
            self.reload()
            self.status.ok(self.tr("Restored the backup of {made}. The data before it is in {copy}.").format(
                made=_when(result.restored.made_at), copy=result.safety_copy.name))
            self.restored.emit()

        return self.jobs.start(self.tr("Restoring…"), job, done, cancellable=False)

    # -- CSV ----------------------------------------------------------------------------------

    def import_csv(self, what: str, path: Path | None = None):
        path = path or Files.open(self, self.tr("CSV file to import"), self.tr("CSV files (*.csv)"))
        if path is None:
            return None
        till = self.till

        def job(task) -> int:
            text = read_csv(path)  # a file in another encoding is refused in the person's words
            if task.cancelled:  # the import itself is one transaction: all or nothing
                raise Cancelled()
            return till.import_catalog_csv(text) if what == "products" else history.import_sales_csv(till, text)

        def done(n: int) -> None:
            self.status.ok(self.tr("Imported {n} products.").format(n=n) if what == "products"
                           else self.tr("Imported {n} receipts of history.").format(n=n))

        return self.jobs.start(self.tr("Importing {name}…").format(name=Path(path).name), job, done,
                               cancellable=False)

    def export_csv(self, what: str, path: Path | None = None):
        path = path or Files.save(self, self.tr("Export to CSV"), f"corner-{what}.csv", self.tr("CSV files (*.csv)"))
        if path is None:
            return None
        till = self.till

        def job(task) -> int:
            total = till.status().get({"sales": "sales", "stock": "products", "customers": "customers"}[what], 0)
            rows = 0
            tmp = Path(str(path) + ".part")
            try:
                with open(tmp, "w", newline="", encoding="utf-8") as f:
                    writer = csv.writer(f)
                    for row in history.export_rows(till, what):
                        writer.writerow(row)
                        rows += 1
                        if rows % 2000 == 0:
                            if task.cancelled:
                                raise Cancelled()
                            task.progress(min(rows, total), max(total, rows) if what != "sales" else 0)
                tmp.replace(path)
            finally:
                tmp.unlink(missing_ok=True)
            return rows - 1

        def done(n: int) -> None:
            self.status.ok(self.tr("Exported {n} rows to {path}.").format(n=n, path=path))

        return self.jobs.start(self.tr("Exporting {what}…").format(what=what), job, done)
