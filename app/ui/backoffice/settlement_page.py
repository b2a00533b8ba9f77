"""Settlement with the platform: choose a period, see the statement (the same computation the
platform runs, to the cent), export it as CSV or PDF."""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ..i18n import date_field, day_text
from .common import Page, table_view
from .dialogs import Files
from .models import Col, RawRole, RowsModel
from .pdf import Section, write_pdf

PRESETS = ("this_week", "last_week", "this_month", "last_month", "custom")


def period(preset: str, today: date, start: date | None = None, end: date | None = None) -> tuple[date, date]:
    """First and last day (both included) of a preset period; ``custom`` uses ``start``/``end``."""
    if preset == "this_week":
        first = today - timedelta(days=today.weekday())
        return first, first + timedelta(days=6)
    if preset == "last_week":
        first = today - timedelta(days=today.weekday() + 7)
        return first, first + timedelta(days=6)
    if preset == "this_month":
        first = today.replace(day=1)
        return first, (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    if preset == "last_month":
        last = today.replace(day=1) - timedelta(days=1)
        return last.replace(day=1), last
    if preset == "custom" and start is not None and end is not None:
        return start, end
    raise ValueError(preset)


class StatementModel(RowsModel):
    """(label, amount in minor units or a text, field name) per line of the statement."""

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if index.isValid() and role == Qt.ItemDataRole.FontRole and self.rows[index.row()][2] == "amount_due":
            font = QFont()
            font.setBold(True)
            return font
        return super().data(index, role)


class SettlementPage(Page):
    LONG_JOBS = True

    def __init__(self, till, parent: QWidget | None = None) -> None:
        super().__init__(till, parent)
        self.statement = None
        self.shown_days: tuple[date, date] | None = None
        self._again = False

        self.preset = QComboBox()
        for key, label in zip(PRESETS, (self.tr("This week"), self.tr("Last week"), self.tr("This month"),
                                        self.tr("Last month"), self.tr("Chosen dates"))):
            self.preset.addItem(label, key)
        self.preset.setCurrentIndex(PRESETS.index("last_month"))
        self.start = date_field()
        self.end = date_field()
        self.show_button = QPushButton(self.tr("Show"))
        self.csv_button = QPushButton(self.tr("Export CSV…"))
        self.pdf_button = QPushButton(self.tr("Export PDF…"))
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.model = StatementModel([Col(self.tr("Item")), Col(self.tr("Amount"), "money")], self.money, self)
        self.view = table_view()
        self.view.setModel(self.model)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, header.ResizeMode.ResizeToContents)  # every line whole, never "commis…"
        header.setSectionResizeMode(1, header.ResizeMode.ResizeToContents)
        header.setMinimumSectionSize(150)
        self.view.verticalHeader().setDefaultSectionSize(28)
        self.view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.explain = QLabel(self.tr(
            "Periods are whole days in UTC, as the platform settles them. The platform computes the same statement "
            "from the same synced sales, refunds and deliveries: sales not yet synced are on this till's statement "
            "but not yet on the platform's."))
        self.explain.setWordWrap(True)
        self.explain.setObjectName("hint")  # the theme's muted colour (a fixed grey was unreadable in the dark theme)
        # the owner's view of the platform's promotions: what runs now and next, and what each sold here
        self.promo_title = QLabel(self.tr("<b>Promotions</b>"))
        self.promo_title.setTextFormat(Qt.TextFormat.RichText)
        self.promo_model = RowsModel([
            Col(self.tr("Promotion")), Col(self.tr("Offer")), Col(self.tr("Status")), Col(self.tr("From")),
            Col(self.tr("To")), Col(self.tr("Sold"), "int"), Col(self.tr("Savings"), "money"),
            Col(self.tr("Platform-funded"), "money")], self.money, self)
        self.promo_view = table_view()
        self.promo_view.setModel(self.promo_model)
        self.promo_view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.promo_view.horizontalHeader().setSectionResizeMode(self.promo_view.horizontalHeader().ResizeMode.ResizeToContents)
        self.promo_title.hide()
        self.promo_view.hide()

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Period")))
        top.addWidget(self.preset)
        top.addWidget(self.start)
        top.addWidget(QLabel("–"))
        top.addWidget(self.end)
        top.addWidget(self.show_button)
        top.addStretch()
        top.addWidget(self.csv_button)
        top.addWidget(self.pdf_button)
        table = QHBoxLayout()
        table.addWidget(self.view, 0, Qt.AlignmentFlag.AlignTop)
        table.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.heading)
        layout.addLayout(table)
        layout.addWidget(self.explain)
        layout.addWidget(self.promo_title)
        layout.addWidget(self.promo_view, 1)
        layout.addStretch(1)
        layout.addWidget(self.jobs)
        layout.addWidget(self.status)
        self._fit()

        self.preset.currentIndexChanged.connect(self._preset_changed)
        self.show_button.clicked.connect(self.refresh)
        self.csv_button.clicked.connect(lambda: self.export_csv())
        self.pdf_button.clicked.connect(lambda: self.export_pdf())
        self._preset_changed()

    # -- period -------------------------------------------------------------------------------

    def _preset_changed(self, *args) -> None:
        custom = self.preset.currentData() == "custom"
        self.start.setEnabled(custom)
        self.end.setEnabled(custom)
        if not custom:
            first, last = period(self.preset.currentData(), date.today())
            self.start.setDate(QDate(first.year, first.month, first.day))
            self.end.setDate(QDate(last.year, last.month, last.day))
            if self.statement is not None or self.isVisible():
                self.refresh()

    def days(self) -> tuple[date, date]:
        """The first and last day shown (both included)."""
        return self.start.date().toPython(), self.end.date().toPython()

    def bounds(self) -> tuple[str, str]:
        """``start <= time < end`` as the facade takes it: bare dates are midnight UTC."""
        first, last = self.days()
        return first.isoformat(), (last + timedelta(days=1)).isoformat()

    # -- statement ----------------------------------------------------------------------------

    def refresh(self):
        """Work out the statement of the period chosen; asked again while one is being worked
        out, it runs once more for the latest choice when that one is done."""
        first, last = self.days()
        if last < first:
            self.status.fail(self.tr("The period must end after it starts: check the dates."))
            return None
        if self.jobs.busy:
            self._again = True
            return None
        start, end = self.bounds()
        till = self.till
        self.reload_promotions()

        def done(statement) -> None:
            self.show_statement(statement, first, last)
            self.status.note("")
            if self._again:
                self._again = False
                self.refresh()

        return self.jobs.start(self.tr("Working out the statement…"), lambda task: till.settlement(start, end),
                               done, cancellable=False)

    def lines(self, st) -> list[tuple]:
        rate = f"{st.commission_bp / 100:g} %"
        return [
            (self.tr("Goods received from the platform, at wholesale cost"), st.goods_received, "goods_received"),
            (self.tr("Sales of platform goods (tax included, net of refunds)"), st.platform_sales, "platform_sales"),
            (self.tr("   of which tax"), st.platform_sales_tax, "platform_sales_tax"),
            (self.tr("Sales of the shop's own goods (tax included)"), st.local_sales, "local_sales"),
            (self.tr("   of which tax"), st.local_sales_tax, "local_sales_tax"),
            (self.tr("Wholesale cost of platform goods sold"), st.cost_of_platform_goods_sold,
             "cost_of_platform_goods_sold"),
            (self.tr("Margin on platform goods (sales without tax, less cost)"), st.margin, "margin"),
            (self.tr("Platform commission ({rate} of platform sales)").format(rate=rate), st.commission, "commission"),
        ] + self.credit_lines(st) + [
            (self.tr("Amount due to the platform (goods received + commission)") if not st.promotion_credits else
             self.tr("Amount due to the platform (goods received + commission − promotion credits)"),
             st.amount_due, "amount_due"),
        ]

    def credit_lines(self, st) -> list[tuple]:
        """The savings the platform funded, credited to the shop: in all, then per promotion."""
        if not st.promotion_credits and not st.credits:
            return []
        names = {r.id: r.name for r in self.till.promotions.list(include_ended=True)}
        return [(self.tr("Promotions funded by the platform (credited to the shop)"), -st.promotion_credits,
                 "promotion_credits")] + [
            ("   " + names.get(pid, pid), -amount, f"credit:{pid}") for pid, amount in st.credits]

    def reload_promotions(self) -> None:
        """The promotions table: running now and next, then ended ones that sold here."""
        status = {"running": self.tr("running now"), "next": self.tr("starts soon"), "paused": self.tr("paused"),
                  "later": self.tr("later"), "ended": self.tr("ended"), "withdrawn": self.tr("withdrawn")}
        rows = self.till.promotions.list()
        self.promo_model.set_rows([
            (r.name, r.terms, status[r.status], r.starts_at.strftime("%Y-%m-%d %H:%M"),
             r.ends_at.strftime("%Y-%m-%d %H:%M"), r.qty, r.savings, r.platform_part) for r in rows])
        self.promo_title.setVisible(bool(rows))
        self.promo_view.setVisible(bool(rows))

    def show_statement(self, st, first: date, last: date) -> None:
        self.statement = st
        self.shown_days = (first, last)
        self.model.set_rows(self.lines(st))
        self._fit()
        self.heading.setText(self.tr("<b>Statement {first} – {last}</b>: {due} due to the platform.").format(
            first=day_text(first), last=day_text(last), due=self.money(st.amount_due)))

    def _fit(self) -> None:
        """The table as tall and as wide as its lines: a statement is short, and nothing should
        scroll or be cut."""
        header = self.view.horizontalHeader()
        width = sum(max(header.sectionSize(c), self.view.sizeHintForColumn(c), header.sectionSizeHint(c))
                    for c in range(self.model.columnCount()))
        self.view.setFixedWidth(width + 2 * self.view.frameWidth())
        rows = max(self.model.rowCount(), 9)
        self.view.setFixedHeight(self.view.horizontalHeader().sizeHint().height()
                                 + rows * self.view.verticalHeader().defaultSectionSize() + 2 * self.view.frameWidth())

    def figures(self) -> dict[str, int]:
        """What the table shows, by statement field (for tests and exports)."""
        return {row[2]: self.model.index(n, 1).data(RawRole) for n, row in enumerate(self.model.rows)}

    # -- exports ------------------------------------------------------------------------------

    def _name(self, ext: str) -> str:
        first, last = self.shown_days
        return f"settlement-{first.isoformat()}-{last.isoformat()}.{ext}"

    def export_csv(self, path: Path | None = None) -> Path | None:
        """The statement's own CSV rows (amounts in minor units, as the platform exports them)."""
        if self.statement is None:
            self.status.fail(self.tr("Show a statement first."))
            return None
        path = path or Files.save(self, self.tr("Export the statement to CSV"), self._name("csv"),
                                  self.tr("CSV files (*.csv)"))
        if path is None:
            return None
        try:
            with open(path, "w", newline="", encoding="utf-8") as f:
                csv.writer(f).writerows(self.statement.csv_rows())
        except OSError as exc:
            self.status.fail(self.tr("The file could not be written: {error}").format(error=exc.strerror or exc))
            return None
        self.status.ok(self.tr("Statement saved to {path}.").format(path=path))
        return Path(path)

    def export_pdf(self, path: Path | None = None):
        if self.statement is None:
            self.status.fail(self.tr("Show a statement first."))
            return None
        path = path or Files.save(self, self.tr("Export the statement to PDF"), self._name("pdf"),
                                  self.tr("PDF files (*.pdf)"))
        if path is None:
            return None
        first, last = self.shown_days
        shop = self.till.shop()
        title = self.tr("Settlement statement – {shop}").format(shop=shop.name)
        subtitle = self.tr("{first} to {last} (UTC days) · shop {code}").format(
            first=day_text(first), last=day_text(last), code=shop.code)
        section = Section(self.tr("Statement"), [self.tr("Item"), self.tr("Amount")],
                          [[label.strip(), self.money(amount)] for label, amount, _ in self.model.rows],
                          [False, True])

        def done(pages: int) -> None:
            self.status.ok(self.tr("Statement saved to {path}.").format(path=path))

        return self.jobs.start(self.tr("Writing the PDF…"),
                               lambda task: write_pdf(Path(path), title, subtitle, [section]), done,
                               cancellable=False)
