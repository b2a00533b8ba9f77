"""Conflicts between tills (docs/peers.md): what two tills of the shop did while they could not see
each other — the same sale refunded at both, loyalty points spent twice. The owner sees each one
here (on the Data page) and settles it saying what was done; ``till.peers`` keeps the name, the
time and the note, and audits it."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from app.core.errors import TillError
from app.core.peers import NOTE_MAX, ConflictRow

from .common import StatusLine, error_text, table_view
from .dialogs import _Form
from .models import Col, RowsModel


class SettleDialog(_Form):
    """What the owner did about a conflict, in their words (kept with the conflict)."""

    def __init__(self, parent: QWidget | None, what: str) -> None:
        super().__init__(parent, self.tr("Settle a conflict between tills"))
        self.form.addRow(QLabel(what, wordWrap=True))
        self.note = QLineEdit()
        self.note.setMaxLength(NOTE_MAX)
        self.note.setPlaceholderText(self.tr("e.g. called the customer, the money came back"))
        self.form.addRow(self.tr("What was done:"), self.note)
        self.note.returnPressed.connect(self._accept)

    def _accept(self) -> None:
        if not self.note.text().strip():
            self.fail(self.tr("Say what was done about it."))
            return
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, what: str) -> str | None:
        dialog = cls(parent, what)
        return dialog.note.text().strip() if dialog.exec() == _Form.DialogCode.Accepted else None


class PeerConflictsBox(QGroupBox):
    """The open conflicts (and, on request, the settled ones with who settled them and how)."""

    def __init__(self, till, status: StatusLine, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Conflicts between tills"), parent)
        self.till, self.status = till, status
        self.rows: list[ConflictRow] = []
        self.summary = QLabel(wordWrap=True)
        self.show_settled = QCheckBox(self.tr("Show the settled ones too"))
        self.settle_button = QPushButton(self.tr("Settle…"))
        # the long text last, where the table stretches; a settled one's note is cut with a tooltip
        self.model = RowsModel([Col(self.tr("Found"), "date"), Col(self.tr("Status")), Col(self.tr("What happened"))],
                               lambda amount: str(amount), self)
        self.view = table_view()
        self.view.setModel(self.model)
        row = QHBoxLayout()
        row.addWidget(self.summary, 1)
        row.addWidget(self.show_settled)
        row.addWidget(self.settle_button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.view, 1)
        self.show_settled.toggled.connect(self.reload)
        self.settle_button.clicked.connect(self.settle_selected)
        self.view.doubleClicked.connect(lambda _index: self.settle_selected())
        self.view.selectionModel().selectionChanged.connect(self._enable)

    def describe(self, c: ConflictRow) -> str:
        d = c.detail
        if c.kind == "over_refund":
            return self.tr("Receipt {receipt}: {item} refunded {refunded} times but sold {sold} "
                           "(refunded at two tills apart)").format(
                receipt=d.get("receipt_no", "?"), item=d.get("name") or d.get("sku", "?"),
                refunded=d.get("refunded", "?"), sold=d.get("sold", "?"))
        if c.kind == "points_overspent":
            return self.tr("{customer}: loyalty points at {balance} (spent at two tills apart)").format(
                customer=c.customer_name or c.ref_id, balance=d.get("balance", "?"))
        return f"{c.kind} {c.ref_id}"

    def settled_text(self, c: ConflictRow) -> str:
        if not c.resolved:
            return self.tr("Open")
        if c.resolved_by:
            return self.tr("By {name}: {note}").format(name=c.resolved_by, note=" ".join((c.note or "").split()))
        return self.tr("Marked as looked at")

    def reload(self) -> None:
        chosen = self.selected()
        self.rows = self.till.peers.conflicts(include_resolved=self.show_settled.isChecked())
        self.rows.sort(key=lambda c: (c.resolved, c.created_at))  # the open ones first, oldest first
        self.model.set_rows([(c.created_at, self.settled_text(c), self.describe(c)) for c in self.rows])
        waiting = sum(1 for c in self.rows if not c.resolved)
        self.summary.setText(
            self.tr("%n conflict(s) wait for you: two tills did this while they could not see each other.", "",
                    waiting) if waiting else self.tr("No conflict between tills waits for you."))
        ids = [c.id for c in self.rows]
        if chosen is not None and chosen.id in ids:  # the row the owner chose stays chosen
            self.view.selectRow(ids.index(chosen.id))
        elif waiting:
            self.view.selectRow(0)
        self._enable()

    def _enable(self, *_args) -> None:
        c = self.selected()
        self.settle_button.setEnabled(c is not None and not c.resolved)

    def selected(self) -> ConflictRow | None:
        rows = self.view.selectionModel().selectedRows() if self.view.selectionModel() else []
        return self.rows[rows[0].row()] if rows and rows[0].row() < len(self.rows) else None

    def settle_selected(self) -> None:
        c = self.selected()
        if c is None or c.resolved:
            return
        note = SettleDialog.ask(self, self.describe(c))
        if note is None:
            return
        try:
            self.till.peers.settle(c.id, note)
        except TillError as exc:
            self.status.fail(error_text(exc))
            return
        self.status.ok(self.tr("Settled: {what}").format(what=self.describe(c)))
        self.reload()

