"""Takings and VAT for a period of shop days (``till.reports``): per VAT rate the gross takings,
refunds and net takings, the VAT on the period's totals beside the receipts' VAT and the
difference, and the tenders; exported as CSV (one file per table) and PDF."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.core import reports

from ..i18n import date_field, day_text
from .common import Page, table_view
from .dialogs import Files
from .models import ReportModel
from .pdf import Section, write_pdf

PRESETS = ("today", "yesterday", "this_month", "last_month", "this_quarter", "last_quarter", "custom")


def preset_days(preset: str, today: date) -> tuple[date, date]:
    """First and last shop day (both included) of a preset period."""
    if preset == "today":
        return today, today
    if preset == "yesterday":
        return today - timedelta(days=1), today - timedelta(days=1)
    if preset in ("this_month", "last_month"):
        first = today.replace(day=1)
        if preset == "last_month":
            first = (first - timedelta(days=1)).replace(day=1)
        nxt = (first + timedelta(days=32)).replace(day=1)
        return first, nxt - timedelta(days=1)
    if preset in ("this_quarter", "last_quarter"):
        q = (today.month - 1) // 3
        year = today.year
        if preset == "last_quarter":
            q, year = (q - 1) % 4, year - (q == 0)
        first = date(year, 3 * q + 1, 1)
        nxt = date(year + (q == 3), (3 * q + 3) % 12 + 1, 1)
        return first, nxt - timedelta(days=1)
    raise ValueError(preset)


class ReportsPage(Page):
    LONG_JOBS = True
    KEYS = ("takings", "vat", "tenders")

    def __init__(self, till, parent: QWidget | None = None) -> None:
        super().__init__(till, parent)
        self.result = None
        self.shown_days: tuple[date, date] | None = None
        self.tables: dict[str, reports.Report] = {}
        self.last_export: list[Path] = []
        self._again = False

        self.preset = QComboBox()
        for key, label in zip(PRESETS, (self.tr("Today"), self.tr("Yesterday"), self.tr("This month"),
                                        self.tr("Last month"), self.tr("This quarter"), self.tr("Last quarter"),
                                        self.tr("Chosen dates"))):
            self.preset.addItem(label, key)
        self.start = date_field()
        self.end = date_field()
        self.show_button = QPushButton(self.tr("Show"))
        self.csv_button = QPushButton(self.tr("Export CSV…"))
        self.pdf_button = QPushButton(self.tr("Export PDF…"))
        self.heading = QLabel()
        self.models = {key: ReportModel(self.money, self) for key in self.KEYS}
        self.views = {}
        for key, model in self.models.items():
            view = table_view()
            view.setModel(model)
            self.views[key] = view
        self.explain = QLabel(self.tr(
            "Days are the shop's calendar days in its time zone ({zone}). VAT on the total is worked out on each "
            "rate's net takings for the whole period, rounded to the cent once; the receipts' VAT is what each "
            "receipt printed. The difference is the rounding between the two.").format(zone=till.time_zone_name()))
        self.explain.setWordWrap(True)
        self.explain.setObjectName("hint")  # the theme's muted colour (a fixed grey was unreadable in the dark theme)

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
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.heading)
        for key, title in self._titles().items():
            layout.addWidget(QLabel(f"<b>{title}</b>"))
            layout.addWidget(self.views[key], 1)
        layout.addWidget(self.explain)
        layout.addWidget(self.jobs)
        layout.addWidget(self.status)

        self.preset.currentIndexChanged.connect(self._preset_changed)
        self.show_button.clicked.connect(self.refresh)
        self.csv_button.clicked.connect(lambda: self.export_csv())
        self.pdf_button.clicked.connect(lambda: self.export_pdf())
        self.preset.setCurrentIndex(PRESETS.index("this_month"))
        self._preset_changed()

    def _titles(self) -> dict[str, str]:
        return {"takings": self.tr("Takings per VAT rate"), "vat": self.tr("VAT per rate"),
                "tenders": self.tr("Tenders")}

    def _columns(self) -> dict[str, str]:
        return {"rate": self.tr("VAT rate"), "gross_sales": self.tr("Gross takings"), "refunds": self.tr("Refunds"),
                "net_takings": self.tr("Net takings"), "net_ex_vat": self.tr("Net excl. VAT"),
                "vat": self.tr("VAT"), "vat_on_total": self.tr("VAT on the total"),
                "sales_vat": self.tr("VAT on sales receipts"), "refunds_vat": self.tr("VAT on refunds"),
                "vat_receipts": self.tr("Receipts' VAT"), "difference": self.tr("Difference"),
                "method": self.tr("Paid by"), "taken": self.tr("Taken"), "given_back": self.tr("Given back"),
                "net": self.tr("Net")}

    # -- period -------------------------------------------------------------------------------

    def _preset_changed(self, *args) -> None:
        custom = self.preset.currentData() == "custom"
        self.start.setEnabled(custom)
        self.end.setEnabled(custom)
        if not custom:
            first, last = preset_days(self.preset.currentData(), self.till.today())
            self.start.setDate(QDate(first.year, first.month, first.day))
            self.end.setDate(QDate(last.year, last.month, last.day))

    def days(self) -> tuple[date, date]:
        return self.start.date().toPython(), self.end.date().toPython()

    # -- figures ------------------------------------------------------------------------------

    def refresh(self):
        first, last = self.days()
        if last < first:
            self.status.fail(self.tr("The period must end after it starts: check the dates."))
            return None
        if self.jobs.busy:  # asked again while working: once more for the latest choice when done
            self._again = True
            return None
        till = self.till

        def done(result) -> None:
            self.show_result(result, first, last)
            if self._again:
                self._again = False
                self.refresh()

        return self.jobs.start(self.tr("Working out the takings…"), lambda task: till.reports.takings(first, last),
                               done, cancellable=False)

    def show_result(self, result, first: date, last: date) -> None:
        self.result = result
        self.shown_days = (first, last)
        names = {"total": self.tr("Total")}
        self.tables = {"takings": reports.takings_report(result, self.tr("Takings per VAT rate")),
                       "vat": reports.vat_report(result, self.tr("VAT per rate")),
                       "tenders": reports.tenders_report(result, self.tr("Tenders"))}
        columns = self._columns()
        for key, table in self.tables.items():
            shown = reports.Report(table.key, table.title, table.columns,
                                   [(names.get(r[0], r[0]), *r[1:]) for r in table.rows])
            self.models[key].set_report(shown, [columns.get(n, n) for n in table.names])
            self.views[key].resizeColumnsToContents()
        self.heading.setText(self.tr("{first} – {last}: {sales} sales, {refunds} refunds, net takings {net}.").format(
            first=day_text(first), last=day_text(last), sales=result.sales, refunds=result.refunds,
            net=self.money(result.net)))
        self.status.note("")

    def figures(self) -> dict[str, dict[str, tuple]]:
        """What the tables show, raw, by table and first column (for tests)."""
        return {key: {row[0]: row[1:] for row in self.tables[key].rows} for key in self.tables}

    # -- exports ------------------------------------------------------------------------------

    def _slug(self) -> str:
        first, last = self.shown_days
        return f"{first.isoformat()}_{last.isoformat()}"

    def export_csv(self, folder: Path | None = None):
        """One CSV per table (machine headers, plain amounts) into a folder."""
        if self.result is None:
            self.status.fail(self.tr("Show the figures first."))
            return None
        folder = folder or Files.folder(self, self.tr("Folder for the CSV reports"))
        if folder is None:
            return None
        tables, slug = dict(self.tables), self._slug()

        def job(task) -> list[Path]:
            written = []
            for key, table in tables.items():
                path = Path(folder) / f"{key}_{slug}.csv"
                reports.write_csv(table, path)
                written.append(path)
            return written

        def done(paths: list[Path]) -> None:
            self.last_export = paths
            self.status.ok(self.tr("Exported {n} report(s) to {where}.").format(n=len(paths), where=folder))

        return self.jobs.start(self.tr("Exporting CSV…"), job, done, cancellable=False)

    def export_pdf(self, path: Path | None = None):
        if self.result is None:
            self.status.fail(self.tr("Show the figures first."))
            return None
        path = path or Files.save(self, self.tr("Export as PDF"), f"takings_{self._slug()}.pdf",
                                  self.tr("PDF files (*.pdf)"))
        if path is None:
            return None
        first, last = self.shown_days
        shop = self.till.shop()
        title = self.tr("Takings and VAT – {shop}").format(shop=shop.name)
        subtitle = self.tr("{first} to {last} (shop days, {zone}) · shop {code}").format(
            first=day_text(first), last=day_text(last), zone=self.till.time_zone_name(), code=shop.code)
        sections = []
        for key in self.KEYS:
            model = self.models[key]
            headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
            rows = [[model.text(r, c) for c in range(model.columnCount())] for r in range(model.rowCount())]
            sections.append(Section(self._titles()[key], headers, rows, [c > 0 for c in range(len(headers))]))

        def done(pages: int) -> None:
            self.last_export = [Path(path)]
            self.status.ok(self.tr("Saved to {path}.").format(path=path))

        return self.jobs.start(self.tr("Writing the PDF…"), lambda task: write_pdf(Path(path), title, subtitle, sections),
                               done, cancellable=False)

