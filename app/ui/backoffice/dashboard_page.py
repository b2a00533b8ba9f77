"""The insights dashboard: figures from app/core/insights.py over a chosen range, as charts and
tables, each report exportable as CSV or PDF. Computing and exporting run off the UI thread."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, QSortFilterProxyModel
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QComboBox, QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QSplitter, QStackedWidget,
    QTabWidget, QVBoxLayout, QWidget,
)
from PySide6.QtCore import Qt

from app.core import insights, reports
from app.core.insights import Dashboard, DateRange

from ..i18n import date_field, day_text
from . import charts
from .common import Page, table_view
from .dialogs import Files
from .models import RawRole, ReportModel
from .pdf import Section, write_pdf

NUMERIC = ("int", "money", "qty", "bp")


class Kpi(QFrame):
    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kpi")
        # colours from the theme (QFrame#kpi in resources/themes/*.qss): dark stays dark
        self.title = QLabel(title, objectName="hint")
        self.value = QLabel("–")
        self.value.setStyleSheet("font-size: 19px; font-weight: bold")
        self.sub = QLabel("", objectName="hint")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(1)
        layout.addWidget(self.title)
        layout.addWidget(self.value)
        layout.addWidget(self.sub)

    def set(self, value: str, sub: str = "") -> None:
        self.value.setText(value)
        self.sub.setText(sub)


class ReportTab(QWidget):
    """One report: an optional chart over its table."""

    def __init__(self, key: str, money, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.model = ReportModel(money, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(RawRole)
        self.view = table_view()
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.empty = QLabel()
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.empty)
        self.split = QSplitter(Qt.Orientation.Vertical)
        self.chart_holder = QWidget()
        self.chart_layout = QVBoxLayout(self.chart_holder)
        self.chart_layout.setContentsMargins(0, 0, 0, 0)
        self.chart_view = None
        self.split.addWidget(self.chart_holder)
        self.split.addWidget(self.stack)
        self.chart_holder.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.split)

    def _size_columns(self) -> None:
        self._unsized = False
        self.view.resizeColumnsToContents()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if getattr(self, "_unsized", False):
            self._size_columns()
        super().showEvent(event)

    def set_chart(self, chart) -> None:
        if self.chart_view is not None:
            self.chart_layout.removeWidget(self.chart_view)
            self.chart_view.deleteLater()
        self.chart_view = charts.view(chart)
        self.chart_layout.addWidget(self.chart_view)
        self.chart_holder.show()
        self.split.setSizes([340, 300])

    def set_report(self, report: reports.Report, titles: list[str], empty_text: str) -> None:
        self.view.setSortingEnabled(False)
        self.model.set_report(report, titles)
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.view.setSortingEnabled(True)  # the report's own order until a header is clicked
        # Sizing columns reads up to 200 rows of every column through Python: ~0.1 s a table, ten
        # tables a dashboard. Only the table in sight is sized now; the others when first shown.
        self._unsized = True
        if self.isVisible():
            self._size_columns()
        self.empty.setText(empty_text)
        self.stack.setCurrentIndex(0 if report.rows else 1)


class DashboardPage(Page):
    LONG_JOBS = True

    def __init__(self, till, parent: QWidget | None = None) -> None:
        super().__init__(till, parent)
        self.board: Dashboard | None = None
        self.currency = till.shop().currency

        self.preset = QComboBox()
        for label, key in ((self.tr("Last 7 days"), "7"), (self.tr("Last 30 days"), "30"),
                           (self.tr("This month"), "month"), (self.tr("This year"), "year"),
                           (self.tr("Last 12 months"), "365"), (self.tr("Chosen dates"), "custom")):
            self.preset.addItem(label, key)
        self.start = date_field()
        self.end = date_field()
        self.refresh_button = QPushButton(self.tr("Show"))
        self.csv_button = QPushButton(self.tr("Export CSV…"))
        self.pdf_button = QPushButton(self.tr("Export PDF…"))
        self.csv_button.setToolTip(self.tr("The report on screen; from the overview, every report into a folder"))
        self.pdf_button.setToolTip(self.tr("The report on screen; from the overview, every report in one PDF"))

        self.kpis = {key: Kpi(title) for key, title in (
            ("revenue", self.tr("Sales (incl. VAT)")), ("sales", self.tr("Receipts")),
            ("basket", self.tr("Average basket")), ("margin", self.tr("Margin (excl. VAT)")),
            ("refunds", self.tr("Refunds")))}

        self.tabs = QTabWidget()
        self.tabs.setStyleSheet("QTabBar::tab { padding: 6px 7px; }")  # ten reports in sight at 1024 px
        self.overview = QWidget()
        self.grid = QGridLayout(self.overview)
        self.grid.setContentsMargins(0, 4, 0, 0)
        self.overview_charts: dict[str, object] = {}
        self.tabs.addTab(self.overview, self.tr("Overview"))
        self.report_tabs: dict[str, ReportTab] = {}
        short = {"by_day": self.tr("By day"), "by_hour": self.tr("By hour"), "categories": self.tr("Margins"),
                 "benchmarks": self.tr("Network"), "removals": self.tr("Removed")}  # eleven tabs in sight at 1024 px
        for key, title in self._report_titles().items():
            tab = ReportTab(key, self.money, self)
            self.report_tabs[key] = tab
            self.tabs.addTab(tab, short.get(key, title))
            self.tabs.setTabToolTip(self.tabs.count() - 1, title)

        bar = QHBoxLayout()
        bar.addWidget(self.preset)
        bar.addWidget(QLabel(self.tr("from")))
        bar.addWidget(self.start)
        bar.addWidget(QLabel(self.tr("to")))
        bar.addWidget(self.end)
        bar.addWidget(self.refresh_button)
        bar.addStretch()
        bar.addWidget(self.csv_button)
        bar.addWidget(self.pdf_button)
        kpis = QHBoxLayout()
        for kpi in self.kpis.values():
            kpis.addWidget(kpi)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.jobs)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addLayout(kpis)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)

        self.preset.currentIndexChanged.connect(self._preset)
        self.start.dateChanged.connect(self._custom)
        self.end.dateChanged.connect(self._custom)
        self.refresh_button.clicked.connect(self.refresh)
        self.csv_button.clicked.connect(self.export_csv)
        self.pdf_button.clicked.connect(self.export_pdf)
        self._setting = False
        self.preset.setCurrentIndex(1)
        self._preset()

    # -- range -------------------------------------------------------------------------------

    def _report_titles(self) -> dict[str, str]:
        return {"by_day": self.tr("Sales by day"), "by_hour": self.tr("Sales by hour"),
                "top": self.tr("Top sellers"), "slow": self.tr("Slow sellers"),
                "categories": self.tr("Margin by category"), "tenders": self.tr("Tender mix"),
                "staff": self.tr("Staff"), "low_stock": self.tr("Low stock"),
                "benchmarks": self.tr("Network benchmarks"), "removals": self.tr("Removed at the counter")}

    def _column_titles(self) -> dict[str, str]:
        return {"day": self.tr("Day"), "hour": self.tr("Hour"), "sales": self.tr("Receipts"),
                "revenue": self.tr("Revenue"), "sku": self.tr("SKU"), "name": self.tr("Name"),
                "category": self.tr("Category"), "unit": self.tr("Unit"), "qty": self.tr("Sold"),
                "margin": self.tr("Margin"), "stock": self.tr("In stock"), "revenue_ex_vat": self.tr("Excl. VAT"),
                "cost": self.tr("Cost"), "margin_pct": self.tr("Margin %"), "method": self.tr("Paid by"),
                "payments": self.tr("Payments"), "amount": self.tr("Amount"), "staff": self.tr("Staff member"),
                "avg_basket": self.tr("Average basket"), "level": self.tr("In stock"),
                "reorder_point": self.tr("Reorder at"), "key": self.tr("Key"), "title": self.tr("Benchmark"),
                "network": self.tr("Network"), "shop": self.tr("This shop"), "period": self.tr("Period"),
                "when": self.tr("When"), "action": self.tr("What"), "value": self.tr("Value")}

    def _preset(self) -> None:
        key = self.preset.currentData()
        if key == "custom":
            return
        today = self.till.today()  # the shop's today, by the till's clock
        start = {"7": today - timedelta(days=6), "30": today - timedelta(days=29), "month": today.replace(day=1),
                 "year": today.replace(month=1, day=1), "365": today - timedelta(days=364)}[key]
        self._setting = True
        self.start.setDate(QDate(start.year, start.month, start.day))
        self.end.setDate(QDate(today.year, today.month, today.day))
        self._setting = False

    def _custom(self) -> None:
        if not self._setting:
            self.preset.setCurrentIndex(self.preset.findData("custom"))

    def set_range(self, start: date, end: date) -> None:
        self._setting = True
        self.start.setDate(QDate(start.year, start.month, start.day))
        self.end.setDate(QDate(end.year, end.month, end.day))
        self._setting = False
        self.preset.setCurrentIndex(self.preset.findData("custom"))

    def date_range(self) -> DateRange:
        start, end = self.start.date().toPython(), self.end.date().toPython()
        if end < start:
            start, end = end, start
        return DateRange(start, end, insights.local_offset_minutes(), zone=self.till.time_zone_name())

    # -- computing ------------------------------------------------------------------------------

    def refresh(self):
        rng = self.date_range()
        till = self.till
        return self.jobs.start(
            self.tr("Working out the figures…"),
            lambda task: till.insights(rng, progress=task.progress, cancelled=lambda: task.cancelled),
            self.show_board)

    def show_board(self, board: Dashboard) -> None:
        self.board = board
        money, s = self.money, board.summary
        self.kpis["revenue"].set(money(s.revenue), self.tr("%n day(s)", "", board.range.days))
        self.kpis["sales"].set(f"{s.sales:,}", self.tr("%Ln item(s)", "", s.items))
        self.kpis["basket"].set(money(s.avg_basket))
        self.kpis["margin"].set(money(board.margin), reports.fmt_bp(board.margin_bp))
        self.kpis["refunds"].set(money(s.refunded), self.tr("%n refund(s)", "", s.refunds))

        for chart_view in self.overview_charts.values():
            self.grid.removeWidget(chart_view)
            chart_view.deleteLater()
        cur = self.currency
        self.overview_charts = {
            "by_day": charts.view(charts.sales_by_day(board.by_day, cur)),
            "by_hour": charts.view(charts.sales_by_hour(board.by_hour, cur)),
            "tenders": charts.view(charts.tender_mix(board.tenders)),
            "staff": charts.view(charts.staff(board.staff, cur)),
        }
        for n, chart_view in enumerate(self.overview_charts.values()):
            self.grid.addWidget(chart_view, n // 2, n % 2)

        titles = self._column_titles()
        empty = {"benchmarks": self.tr("No network benchmarks yet: the platform sends them when the till syncs."),
                 "low_stock": self.tr("Nothing is low on stock."),
                 "slow": self.tr("Nothing is on the shelf unsold."),
                 "removals": self.tr("Nothing was taken off a cart in this range.")}
        for key, tab in self.report_tabs.items():
            report = reports.build(board, key)
            tab.set_report(report, [titles.get(name, name) for name in report.names],
                           empty.get(key, self.tr("No sales in this range.")))
        self.report_tabs["top"].set_chart(charts.top_sellers(board.products, cur))
        self.report_tabs["categories"].set_chart(charts.categories(board.categories, cur))
        self.status.note(self.tr("{start} – {end}: {n} receipts.").format(
            start=day_text(board.range.start), end=day_text(board.range.end), n=s.sales))

    # -- exporting -----------------------------------------------------------------------------

    def current_keys(self) -> list[str]:
        tab = self.tabs.currentWidget()
        return [tab.key] if isinstance(tab, ReportTab) else list(reports.REPORT_KEYS)

    def _slug(self) -> str:
        rng = self.board.range
        return f"{rng.start.isoformat()}_{rng.end.isoformat()}"

    def export_csv(self, dest: Path | None = None):
        if self.board is None:
            self.status.fail(self.tr("Show the figures first."))
            return None
        keys = self.current_keys()
        board = self.board
        if dest is None:
            if len(keys) == 1:
                dest = Files.save(self, self.tr("Export report as CSV"), f"{keys[0]}_{self._slug()}.csv",
                                  self.tr("CSV files (*.csv)"))
            else:
                dest = Files.folder(self, self.tr("Folder for the CSV reports"))
        if dest is None:
            return None
        slug = self._slug()

        def job(task) -> list[Path]:
            written = []
            for n, key in enumerate(keys):
                if task.cancelled:
                    raise insights.Cancelled()
                path = dest if len(keys) == 1 else Path(dest) / f"{key}_{slug}.csv"
                reports.write_csv(reports.build(board, key), path, cancelled=lambda: task.cancelled)
                written.append(Path(path))
                task.progress(n + 1, len(keys))
            return written

        def done(paths: list[Path]) -> None:
            self.last_export = paths
            where = paths[0] if len(paths) == 1 else paths[0].parent
            self.status.ok(self.tr("Exported {n} report(s) to {where}.").format(n=len(paths), where=where))

        return self.jobs.start(self.tr("Exporting CSV…"), job, done)

    def export_pdf(self, dest: Path | None = None):
        if self.board is None:
            self.status.fail(self.tr("Show the figures first."))
            return None
        keys = self.current_keys()
        if dest is None:
            name = f"{keys[0] if len(keys) == 1 else 'report'}_{self._slug()}.pdf"
            dest = Files.save(self, self.tr("Export as PDF"), name, self.tr("PDF files (*.pdf)"))
        if dest is None:
            return None
        board, money = self.board, self.money
        titles, names = self._column_titles(), self._report_titles()
        images = self._chart_images(keys)  # grabbed here, on the UI thread
        shop = self.till.shop().name
        subtitle = self.tr("{shop}, {start} – {end}").format(
            shop=shop, start=day_text(board.range.start), end=day_text(board.range.end))

        def job(task) -> Path:
            sections = []
            for key in keys:
                report = reports.build(board, key)
                sections.append(Section(names[key], [titles.get(n, n) for n in report.names],
                                        [list(r) for r in reports.text_rows(report, money)],
                                        [kind in NUMERIC for _, kind in report.columns], images.get(key)))
            write_pdf(Path(dest), self.tr("Corner report"), subtitle, sections, progress=task.progress,
                      cancelled=lambda: task.cancelled)
            return Path(dest)

        def done(path: Path) -> None:
            self.last_export = [path]
            self.status.ok(self.tr("Saved {path}.").format(path=path))

        return self.jobs.start(self.tr("Writing PDF…"), job, done)

    def _chart_images(self, keys: list[str]) -> dict[str, QImage]:
        views = dict(self.overview_charts)
        for key in ("top", "categories"):
            if self.report_tabs[key].chart_view is not None:
                views[key] = self.report_tabs[key].chart_view
        out = {}
        for key in keys:
            view = views.get(key)
            if view is not None:
                out[key] = view.grab().toImage()
        return out
