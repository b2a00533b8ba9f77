"""The stock list's filter (app/ui/backoffice/models.py StockModel) finds exactly the rows the
plain definition finds: the search in the name or at the start of the SKU, and the status,
in the current sort order."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt

from app.core.catalog import name_key
from app.ui.backoffice.models import StockModel

WORDS = ("honey", "tea", "oat", "B00", "b001", "milk", "a", "ea")

row = st.tuples(
    st.sampled_from(("B001", "B0012", "C1", "b00x", "X", "")),
    st.lists(st.sampled_from(WORDS + ("Tée", "Ç")), min_size=0, max_size=3).map(" ".join),
    st.integers(-3, 12), st.integers(0, 10))


def plain(rows, text, status, order):
    key, sku = name_key(text), text.strip().casefold()
    out = []
    for i in order:
        r = rows[i]
        if key and not (key in name_key(r[1]) or r[0].casefold().startswith(sku)):
            continue
        level, reorder = r[4], r[5]
        if status == "low" and not 0 < level <= reorder or status == "out" and level != 0 \
                or status == "negative" and level >= 0:
            continue
        out.append(r[0] + "|" + r[1])
    return out


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(row, max_size=30), text=st.sampled_from(WORDS + ("", " ", "zz", "B0012", "tée")),
       status=st.sampled_from(("all", "low", "out", "negative")), sort=st.sampled_from((None, 3, 1, 0)))
def test_the_filter_shows_what_the_plain_definition_shows(rows, text, status, sort):
    full = [(sku, name, "Cat", "each", level, reorder, 100, False, True) for sku, name, level, reorder in rows]
    model = StockModel(str)
    model.set_rows(full)
    order = list(range(len(full)))
    if sort is not None:
        model.sort(sort, Qt.SortOrder.DescendingOrder)
        order = model._order
    model.set_filter(text, status)
    shown = [model.row_tuple(r)[0] + "|" + model.row_tuple(r)[1] for r in range(model.rowCount())]
    assert shown == plain(full, text, status, order)
