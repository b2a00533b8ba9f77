"""Qt item models over the back office's core queries.

Small tables (customers, a product's ledger, reports) are a ``RowsModel`` behind a
``QSortFilterProxyModel``. The stock list is different: at 100,000 products a proxy whose
``filterAcceptsRow`` is Python took about 55 ms per filter here (over the 50 ms budget before
the view repaints) and sorting through the proxy, which calls ``data()`` in Python for every
comparison, about 5 s. So ``StockModel`` keeps every row with precomputed keys and a cached
sort order, filters with ``str.find``/``str.count`` and list comprehensions and shows the result
(the figures: docs/backoffice.md, tests/bench/bench_backoffice.py).
"""

from __future__ import annotations

from bisect import bisect_right

from dataclasses import dataclass
from typing import Any, Callable

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QFont

from app.core.catalog import name_key

from app.core.reports import Report, cell, fmt_qty

from ..i18n import table_time
from .common import tone

RawRole = Qt.ItemDataRole.UserRole  # the unformatted value, for sorting and tests
_NUMERIC = ("int", "money", "qty", "bp")

Index = QModelIndex | QPersistentModelIndex


translate = QCoreApplication.translate  # translate("Context", "text"): the form lupdate reads


@dataclass(frozen=True)
class Col:
    title: str  # already translated
    kind: str = "text"  # text | int | money | qty | bp | date | bool
    unit_col: int | None = None  # for qty: which column holds the unit


class RowsModel(QAbstractTableModel):
    """A read-only table over a list of tuples; ``money`` formats amounts for people."""

    def __init__(self, columns: list[Col], money: Callable[[int], str], parent=None) -> None:
        super().__init__(parent)
        self.columns = columns
        self.money = money
        self.rows: list[tuple] = []

    def set_rows(self, rows: list[tuple]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self.columns):
            return self.columns[section].title
        return None

    def text(self, row: int, column: int) -> str:
        value = self.rows[row][column]
        col = self.columns[column]
        if value is None:
            return ""
        if col.kind == "money":
            return self.money(int(value))
        if col.kind == "qty":
            unit = self.rows[row][col.unit_col] if col.unit_col is not None else "each"
            return fmt_qty(int(value), unit)
        if col.kind == "bool":
            return translate("RowsModel", "yes") if value else translate("RowsModel", "no")
        if col.kind == "date":
            return table_time(str(value))
        return str(value)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.rows)):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(index.row(), index.column())
        if role == RawRole:
            value = self.rows[index.row()][index.column()]
            return value if value is not None else ""
        if role == Qt.ItemDataRole.TextAlignmentRole and self.columns[index.column()].kind in _NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and self.columns[index.column()].kind in ("money", "int", "qty"):
            value = self.rows[index.row()][index.column()]
            if isinstance(value, int) and value < 0:
                return QBrush(tone("error"))
        return None


class ReportModel(RowsModel):
    """A report of app/core/reports.py, formatted the way reports.cell formats it."""

    def __init__(self, money: Callable[[int], str], parent=None) -> None:
        super().__init__([], money, parent)
        self.report: Report | None = None

    def set_report(self, report: Report, titles: list[str]) -> None:
        self.beginResetModel()
        self.report = report
        self.columns = [Col(title, kind if kind in _NUMERIC else "text") for title, (_, kind) in
                        zip(titles, report.columns)]
        self.rows = list(report.rows)
        self.endResetModel()

    def text(self, row: int, column: int) -> str:
        assert self.report is not None
        return cell(self.report, self.rows[row], column, self.money)


# -- stock -------------------------------------------------------------------------------------

STATUSES = ("all", "low", "out", "negative")


class TitledModel(QAbstractTableModel):
    """A table model with column titles in ``_titles`` and as many rows as ``_size()`` says."""

    _titles: list[str] = []

    def _size(self) -> int:
        raise NotImplementedError

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else self._size()

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._titles)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self._titles):
            return self._titles[section]
        return None


class StockModel(TitledModel):
    """Every product with its level; ``set_filter`` and ``sort`` work on plain Python lists."""

    SKU, NAME, CATEGORY, LEVEL, REORDER, PRICE, LOCAL = range(7)

    def __init__(self, money: Callable[[int], str], parent=None) -> None:
        super().__init__(parent)
        self.money = money
        self._all: list[tuple] = []  # (sku, name, category, unit, level, reorder, price, is_local, active)
        self._keys: list[str] = []
        self._skus: list[str] = []
        self._shown: list[int] = []
        self._order: list[int] = []
        self._rank: list[int] = []
        self._by_status: dict[str, list[int]] = {"low": [], "out": [], "negative": []}
        self._status_sets: dict[str, set[int]] = {"low": set(), "out": set(), "negative": set()}
        self._key_blob, self._key_starts, self._sku_blob, self._sku_starts = "\n", [], "\n", []
        self._text = ""
        self._status = "all"
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self._brushes: dict[tuple, QBrush] = {}
        self._bold = QFont()
        self._bold.setBold(True)
        self._titles = [translate("StockModel", "SKU"), translate("StockModel", "Name"),
                        translate("StockModel", "Category"), translate("StockModel", "In stock"),
                        translate("StockModel", "Reorder at"), translate("StockModel", "Price"),
                        translate("StockModel", "Local")]

    # data in
    def set_rows(self, rows: list[tuple]) -> None:
        self._all = rows
        self._keys = [name_key(r[1]) for r in rows]
        self._skus = [r[0].casefold() for r in rows]
        self._index_text()
        self._reorder()
        self._apply()

    def set_filter(self, text: str = "", status: str = "all") -> None:
        if status not in STATUSES:
            raise ValueError(status)
        self._text, self._status = text, status
        self._apply()

    def _apply(self) -> None:
        """The rows shown: matching the search (in the name, or the SKU's start) and the status.

        100,000 products: each status's rows are listed once per sort, in the order shown. A
        rare search text hops through one text of every name with ``str.find`` (Python per
        match, then the matches sorted); a common one (``str.count`` says so, in C) is one pass
        over the rows in the order shown (already sorted): 12,000 matches of "honey" cost ~8 ms
        the first way and ~3 ms the second."""
        key = name_key(self._text)
        sku = self._text.strip().casefold()
        base = self._order if self._status == "all" else self._by_status[self._status]
        if not key:
            picked = list(base)
        elif self._key_blob.count(key) * 20 < len(base):  # rare: hop from match to match
            hits = self._find(self._key_blob, self._key_starts, key)
            if sku:
                hits |= self._find(self._sku_blob, self._sku_starts, "\n" + sku, 1)
            if self._status != "all":
                hits &= self._status_sets[self._status]
            picked = self._in_order(hits)
        else:  # common: one pass in the order shown
            keys = self._keys
            picked = [i for i in base if key in keys[i]]
            if sku:
                extra = self._find(self._sku_blob, self._sku_starts, "\n" + sku, 1)
                if self._status != "all":
                    extra &= self._status_sets[self._status]
                extra.difference_update(picked)
                if extra:
                    picked = self._in_order(extra.union(picked))
        self.beginResetModel()
        self._shown = picked
        self.endResetModel()

    def _in_order(self, rows: set[int]) -> list[int]:
        return sorted(rows, key=self._rank.__getitem__) if self._sort is not None else sorted(rows)

    @staticmethod
    def _find(blob: str, starts: list[int], needle: str, shift: int = 0) -> set[int]:
        """Rows of ``blob`` (one row a line, row i from ``starts[i]``) holding ``needle``."""
        found: set[int] = set()
        pos = blob.find(needle)
        last = len(starts) - 1
        while pos != -1:
            row = bisect_right(starts, pos + shift) - 1
            found.add(row)
            if row >= last:
                break
            pos = blob.find(needle, starts[row + 1] - shift)
        return found

    def _reorder(self) -> None:
        """The sort order of every row (rows arrive sorted by name from the core), and each
        status's rows in that order."""
        self._order = list(range(len(self._all)))
        if self._sort is not None:
            column, order = self._sort
            self._order.sort(key=self._sort_key(column), reverse=order == Qt.SortOrder.DescendingOrder)
        self._rank = [0] * len(self._order)
        for n, i in enumerate(self._order):
            self._rank[i] = n
        rows = self._all
        self._by_status = {
            "low": [i for i in self._order if 0 < rows[i][4] <= rows[i][5]],
            "out": [i for i in self._order if rows[i][4] == 0],
            "negative": [i for i in self._order if rows[i][4] < 0],
        }
        self._status_sets = {k: set(v) for k, v in self._by_status.items()}

    def _index_text(self) -> None:
        """One text of every name key and one of every SKU, a row a line, for ``_find``."""
        def joined(parts: list[str]) -> tuple[str, list[int]]:
            starts, at = [], 0
            for p in parts:
                starts.append(at)
                at += len(p) + 1
            return "\n".join(parts) + "\n", starts

        self._key_blob, self._key_starts = joined(self._keys)
        # the SKU's text starts with a newline, so "\n" + prefix finds a SKU's start
        blob, self._sku_starts = joined(self._skus)
        self._sku_blob = "\n" + blob

    def _sort_key(self, column: int) -> Callable[[int], Any]:
        rows = self._all
        source = {self.SKU: 0, self.CATEGORY: 2, self.LEVEL: 4, self.REORDER: 5, self.PRICE: 6, self.LOCAL: 7}
        if column == self.NAME:
            keys = self._keys
            return lambda i: keys[i]
        field = source[column]
        return lambda i: rows[i][field]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self._titles):
            return
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        old_rows = [self._shown[i.row()] for i in old]
        self._sort = (column, order)
        self._reorder()
        rank = {src: n for n, src in enumerate(self._order)}
        self._shown.sort(key=rank.__getitem__)
        where = {src: n for n, src in enumerate(self._shown)}
        self.changePersistentIndexList(old, [self.index(where[r], i.column()) for r, i in zip(old_rows, old)])
        self.layoutChanged.emit()

    # data out
    @property
    def total(self) -> int:
        return len(self._all)

    def row_tuple(self, row: int) -> tuple:
        return self._all[self._shown[row]]

    def sku_at(self, row: int) -> str:
        return self.row_tuple(row)[0]

    def row_of(self, sku: str) -> int | None:
        for n, i in enumerate(self._shown):
            if self._all[i][0] == sku:
                return n
        return None

    def _size(self) -> int:
        return len(self._shown)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Qt asks for half a dozen roles per cell it paints or measures: the roles this model
        # never answers return before anything else is looked at (plain ints, no enum compares)
        if role not in _STOCK_ROLES or not index.isValid():
            return None
        row = index.row()
        if not 0 <= row < len(self._shown):
            return None
        sku, name, category, unit, level, reorder, price, is_local, active = self._all[self._shown[row]]
        col = index.column()
        if role == _DISPLAY:
            if col == self.SKU:
                return sku
            if col == self.NAME:
                return name if active else translate("StockModel", "{name} (no longer sold)").format(name=name)
            if col == self.CATEGORY:
                return category
            if col == self.LEVEL:
                return fmt_qty(level, unit)
            if col == self.REORDER:
                return "" if unit == "kg" else str(reorder)
            if col == self.PRICE:
                return self.money(price) + (translate("StockModel", " /kg") if unit == "kg" else "")
            if col == self.LOCAL:
                return translate("StockModel", "local") if is_local else ""
            return None
        if role == _RAW:
            return (sku, name, category, level, reorder, price, is_local)[col]
        if col != self.LEVEL:
            return _RIGHT if role == _ALIGN and col in (self.REORDER, self.PRICE) else None
        if role == _ALIGN:
            return _RIGHT
        if role == _FOREGROUND:
            if level < 0:
                return self._brush("error")
            if level == 0:
                return self._brush("muted")
            if unit == "each" and level <= reorder:
                return self._brush("warn")
            return None
        if level < 0 or (unit == "each" and level <= reorder):  # _FONT
            return self._bold
        return None

    def _brush(self, name: str) -> QBrush:
        """The theme's tone as a brush, made once per theme (not once per painted cell)."""
        app = QCoreApplication.instance()
        key = (app.property("corner_theme") if app is not None else None, name)
        brush = self._brushes.get(key)
        if brush is None:
            brush = self._brushes[key] = QBrush(tone(name))
        return brush


_DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
_RAW = int(RawRole.value)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole.value)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole.value)
_FONT = int(Qt.ItemDataRole.FontRole.value)
_STOCK_ROLES = frozenset((_DISPLAY, _RAW, _ALIGN, _FOREGROUND, _FONT))
_RIGHT = int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)


# -- stock count -------------------------------------------------------------------------------




class SheetModel(TitledModel):
    """A table of ``lines`` under ``_titles`` where the columns in ``EDITABLE`` can be typed in:
    the count sheet, the order sheet and the receiving sheet share this much."""

    EDITABLE: tuple[int, ...] = ()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.lines: list = []
        self._titles: list[str] = []

    def _size(self) -> int:
        return len(self.lines)

    def row_of(self, sku: str) -> int | None:
        """The row of ``sku`` on the sheet (None: not on it)."""
        for n, line in enumerate(self.lines):
            if line.sku == sku:
                return n
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() in self.EDITABLE:
            return base | Qt.ItemFlag.ItemIsEditable
        return base


@dataclass
class CountRow:
    sku: str
    name: str
    unit: str
    expected: int
    counted: int | None = None

    @property
    def difference(self) -> int | None:
        return None if self.counted is None else self.counted - self.expected


class CountModel(SheetModel):
    """A count sheet: the "Counted" column is typed into or raised by scanning."""

    SKU, NAME, EXPECTED, COUNTED, DIFF = range(5)
    EDITABLE = (COUNTED,)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.lines: list[CountRow] = []
        self._titles = [translate("CountModel", "SKU"), translate("CountModel", "Name"),
                        translate("CountModel", "On the books"), translate("CountModel", "Counted"),
                        translate("CountModel", "Difference")]

    def set_sheet(self, rows: list[tuple]) -> None:
        """rows: (sku, name, category, unit, level) as from ``Till.count_sheet``."""
        self.beginResetModel()
        self.lines = [CountRow(sku, name, unit, level) for sku, name, _cat, unit, level in rows]
        self.endResetModel()

    def add_line(self, sku: str, name: str, unit: str, expected: int) -> int:
        n = len(self.lines)
        self.beginInsertRows(QModelIndex(), n, n)
        self.lines.append(CountRow(sku, name, unit, expected))
        self.endInsertRows()
        return n

    def set_counted(self, row: int, qty: int | None) -> None:
        if qty is not None and qty < 0:
            raise ValueError("negative count")
        self.lines[row].counted = qty
        self.dataChanged.emit(self.index(row, self.COUNTED), self.index(row, self.DIFF))

    def bump(self, row: int, by: int = 1) -> None:
        self.set_counted(row, (self.lines[row].counted or 0) + by)

    def set_expected(self, expected: dict[str, int]) -> None:
        for n, line in enumerate(self.lines):
            if line.sku in expected:
                line.expected = expected[line.sku]
        if self.lines:
            self.dataChanged.emit(self.index(0, self.EXPECTED), self.index(len(self.lines) - 1, self.DIFF))

    def counted(self) -> dict[str, int]:
        """Only the lines someone counted: a partial count leaves the rest alone."""
        return {line.sku: line.counted for line in self.lines if line.counted is not None}

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.lines)):
            return None
        line = self.lines[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if col == self.SKU:
                return line.sku
            if col == self.NAME:
                return line.name
            if col == self.EXPECTED:
                return fmt_qty(line.expected, line.unit)
            if col == self.COUNTED:
                if line.counted is None:
                    return "" if role == Qt.ItemDataRole.EditRole else "–"
                return str(line.counted) if role == Qt.ItemDataRole.EditRole else fmt_qty(line.counted, line.unit)
            if col == self.DIFF:
                diff = line.difference
                if diff is None:
                    return ""
                return ("+" if diff > 0 else "") + fmt_qty(diff, line.unit)
        if role == RawRole:
            return (line.sku, line.name, line.expected, line.counted, line.difference)[col]
        if role == Qt.ItemDataRole.TextAlignmentRole and col >= self.EXPECTED:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and col == self.DIFF and line.difference:
            return QBrush(tone("error") if line.difference < 0 else tone("ok"))
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() != self.COUNTED:
            return False
        text = str(value).strip()
        if text == "":
            self.set_counted(index.row(), None)
            return True
        try:
            qty = int(text)
        except ValueError:
            return False
        if qty < 0:
            return False
        self.set_counted(index.row(), qty)
        return True
