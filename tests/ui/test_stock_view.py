"""The Stock page's view at many rows: the model answers the roles Qt paints with (colours,
bold, alignment) the same for an int role as for the enum, and the table sizes its columns to
the rows on screen, including rows scrolled into view later (common.Table.fit_columns)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QFont

from app.ui.backoffice.common import table_view, tone
from app.ui.backoffice.models import RawRole, StockModel

ROLE = Qt.ItemDataRole


def rows(count: int, wide_at: int | None = None) -> list[tuple]:
    out = []
    for n in range(count):
        level = (-2, 0, 3, 50)[n % 4]  # negative, out, low (reorder 5), plenty
        price = 10**12 if n == wide_at else 100 + n
        out.append((f"S{n:05d}", f"Product {n:05d}", "Cat", "each", level, 5, price, n % 5 == 0, True))
    return out


def test_the_models_roles_say_the_level_in_colour_and_weight(qapp):
    model = StockModel(lambda amount: f"€{amount / 100:.2f}")
    model.set_rows(rows(8) + [("K1", "Cheese", "Deli", "kg", 2, 0, 1999, False, False)])
    level = {model.sku_at(r): model.index(r, StockModel.LEVEL) for r in range(model.rowCount())}
    for role in (ROLE.ForegroundRole, int(ROLE.ForegroundRole.value)):
        assert level["S00000"].data(role) == QBrush(tone("error"))  # negative
        assert level["S00001"].data(role) == QBrush(tone("muted"))  # out
        assert level["S00002"].data(role) == QBrush(tone("warn"))  # at or below its reorder point
        assert level["S00003"].data(role) is None
        assert level["K1"].data(role) is None  # weighed goods have no reorder point
    bold = [sku for sku, index in level.items() if isinstance(index.data(ROLE.FontRole), QFont)]
    assert sorted(bold) == ["S00000", "S00001", "S00002", "S00004", "S00005", "S00006"]  # at or below reorder
    assert all(index.data(ROLE.FontRole).bold() for sku, index in level.items() if sku in bold)
    right = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    row = model.row_of("K1")
    aligned = [c for c in range(model.columnCount()) if model.index(row, c).data(ROLE.TextAlignmentRole) == right]
    assert aligned == [StockModel.LEVEL, StockModel.REORDER, StockModel.PRICE]
    assert model.index(row, StockModel.NAME).data() == "Cheese (no longer sold)"
    assert model.index(row, StockModel.PRICE).data() == "€19.99 /kg"
    assert model.index(row, StockModel.REORDER).data() == ""
    assert model.index(row, StockModel.LEVEL).data(RawRole) == 2
    for role in (ROLE.DecorationRole, ROLE.BackgroundRole, ROLE.ToolTipRole, ROLE.CheckStateRole):
        assert model.index(row, StockModel.LEVEL).data(role) is None


def test_a_wide_figure_far_down_is_fitted_once_scrolled_into_view(qtbot):
    model = StockModel(lambda amount: f"€{amount / 100:,.2f}")
    model.set_rows(rows(5000, wide_at=4000))
    view = table_view()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(700, 300)
    view.show()
    qtbot.waitExposed(view)
    qtbot.wait(10)
    wide = model.index(model.row_of("S04000"), StockModel.PRICE)
    need = view.sizeHintForIndex(wide).width()
    assert view.columnWidth(StockModel.PRICE) < need  # not on screen: not measured
    shown = view.rows_on_screen()
    assert 0 < len(shown) < 20 and shown.start == 0
    view.scrollTo(wide, view.ScrollHint.PositionAtTop)
    qtbot.waitUntil(lambda: view.columnWidth(StockModel.PRICE) >= need)
    assert wide.row() in view.rows_on_screen()
    # and a filter that brings it to the top fits it as well
    model.set_rows(rows(5000, wide_at=4001))
    model.set_filter("S04001")
    view.scrollToTop()
    wider = view.sizeHintForIndex(model.index(0, StockModel.PRICE)).width()
    qtbot.waitUntil(lambda: view.columnWidth(StockModel.PRICE) >= wider)
