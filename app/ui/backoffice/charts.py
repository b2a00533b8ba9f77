"""QtCharts for the dashboard. Amounts arrive in minor units; charts draw major units
(display only: every figure itself is an integer from app/core/insights.py)."""

from __future__ import annotations

from datetime import datetime, time

from PySide6.QtCharts import (
    QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QDateTimeAxis, QHorizontalBarSeries, QLineSeries,
    QPieSeries, QValueAxis,
)
from PySide6.QtCore import QCoreApplication, QDateTime, QMargins, QPointF, Qt
from PySide6.QtGui import QColor, QFont, QPainter

from ..i18n import chart_day_format
from app.core.insights import CategoryRow, DayRow, HourRow, ProductRow, StaffRow, TenderRow

ACCENT = QColor("#2f6f8f")
PALETTE = [QColor(c) for c in ("#2f6f8f", "#e08a3c", "#5a9e5a", "#b5524a", "#7d6bb0", "#c2a03b")]


translate = QCoreApplication.translate  # translate("Charts", "text"): the form lupdate reads


def _chart(title: str) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    chart.legend().hide()
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.setBackgroundRoundness(4)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    return chart


def view(chart: QChart) -> QChartView:
    v = QChartView(chart)
    v.setRenderHint(QPainter.RenderHint.Antialiasing)
    v.setMinimumHeight(220)
    return v


def _value_axis(top: float, fmt: str = "%.0f") -> QValueAxis:
    axis = QValueAxis()
    axis.setRange(0, max(top * 1.1, 1))
    axis.setLabelFormat(fmt)
    axis.applyNiceNumbers()
    return axis


def sales_by_day(rows: list[DayRow], currency: str) -> QChart:
    chart = _chart(translate("Charts", "Sales by day ({currency})").format(currency=currency))
    series = QLineSeries()
    series.setColor(ACCENT)
    # all points in one call, noon of each day as the machine's clock sees it (like QDateTime of a
    # naive datetime): a point at a time cost ~0.3 s for three years of days
    series.append([QPointF(datetime.combine(row.day, time(12)).timestamp() * 1000, row.revenue / 100)
                   for row in rows])
    top = max((row.revenue / 100 for row in rows), default=0.0)
    chart.addSeries(series)
    x = QDateTimeAxis()
    x.setFormat(chart_day_format(len(rows) > 62))
    x.setTickCount(min(max(len(rows), 2), 8))
    if rows:
        x.setRange(QDateTime(datetime.combine(rows[0].day, time(0))), QDateTime(datetime.combine(rows[-1].day, time(23))))
    chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(x)
    y = _value_axis(top)
    chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(y)
    return chart


def _bars(title: str, labels: list[str], values: list[float], horizontal: bool = False, color: QColor = ACCENT,
          fmt: str = "%.0f") -> QChart:
    chart = _chart(title)
    bar_set = QBarSet(title)
    bar_set.setColor(color)
    bar_set.setBorderColor(color)
    for v in values:
        bar_set.append(v)
    series = QHorizontalBarSeries() if horizontal else QBarSeries()
    series.append(bar_set)
    series.setBarWidth(0.7)
    chart.addSeries(series)
    cats = QBarCategoryAxis()
    cats.append(labels)
    cats.setTruncateLabels(False)  # a name cut to "…" says nothing
    if horizontal and len(labels) > 10:
        small = QFont()
        small.setPointSizeF(7.5)
        cats.setLabelsFont(small)
    vals = _value_axis(max(values, default=0), fmt)
    chart.addAxis(cats, Qt.AlignmentFlag.AlignLeft if horizontal else Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(vals, Qt.AlignmentFlag.AlignBottom if horizontal else Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(cats)
    series.attachAxis(vals)
    return chart


def sales_by_hour(rows: list[HourRow], currency: str) -> QChart:
    busy = [r for r in rows if r.sales]
    lo = busy[0].hour if busy else 8
    hi = busy[-1].hour if busy else 18
    shown = [r for r in rows if lo <= r.hour <= hi]
    return _bars(translate("Charts", "Sales by hour of the day ({currency})").format(currency=currency),
                 [f"{r.hour:02d}" for r in shown], [r.revenue / 100 for r in shown])


def tender_mix(rows: list[TenderRow]) -> QChart:
    chart = _chart(translate("Charts", "How customers paid"))
    names = {"cash": translate("Charts", "Cash"), "card": translate("Charts", "Card"), "mobile": translate("Charts", "Mobile")}
    series = QPieSeries()
    total = sum(r.amount for r in rows) or 1
    for n, r in enumerate(rows):
        piece = series.append(f"{names.get(r.method, r.method)} {r.amount * 100 // total}%", r.amount / 100)
        piece.setColor(PALETTE[n % len(PALETTE)])
        piece.setLabelVisible(True)
    series.setPieSize(0.62)
    chart.addSeries(series)
    return chart


def staff(rows: list[StaffRow], currency: str) -> QChart:
    return _bars(translate("Charts", "Sales per staff member ({currency})").format(currency=currency),
                 [r.name for r in rows], [r.revenue / 100 for r in rows], color=PALETTE[1])


def top_sellers(rows: list[ProductRow], currency: str, n: int = 10) -> QChart:
    rows = list(reversed(rows[:n]))  # best at the top
    return _bars(translate("Charts", "Top {n} by revenue ({currency})").format(n=len(rows), currency=currency),
                 [_short(r.name) for r in rows], [r.revenue / 100 for r in rows], horizontal=True)


def categories(rows: list[CategoryRow], currency: str) -> QChart:
    rows = list(reversed(rows))
    return _bars(translate("Charts", "Margin by category ({currency}, without VAT)").format(currency=currency),
                 [r.category or translate("Charts", "(none)") for r in rows], [r.margin / 100 for r in rows], horizontal=True,
                 color=PALETTE[2])


def _short(text: str, size: int = 26) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"
