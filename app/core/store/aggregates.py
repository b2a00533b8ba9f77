"""The dashboard's running totals: sales, lines, tenders and refunds summed per UTC quarter
hour or UTC day, kept by SQLite triggers in the same transaction as the rows they sum.

Why triggers: every writer of a sale (the counter's prepared statements, imported history,
a bulk generator in the tests, a restore) keeps them right without knowing they exist, and
a sale and its totals commit together or not at all. A row inserted is added, a row
updated is taken away as it was and added as it is (a refund's total is written after its
lines), a row deleted is taken away (a line deleted after its sale cannot find its day: the
till never deletes sales; ``rebuild`` recomputes every table from the rows, the migration's
backfill, and ``differences`` is what ``corner doctor`` checks).

Products are summed per UTC day and per UTC month (three years of a 200-product shop are
170,000 product-days but 7,000 product-months). Keys are UTC so the shop's time zone can change and summer time can come and go: a range of
shop days is read as the whole UTC quarters (sales) or UTC days (products, tenders, staff,
refunds) inside it from these tables, and the few hours at its two edges from the rows
(app/core/insights.py).

Shared by the till's migration 0004_daily and by ``rebuild``: change both together.
"""

from __future__ import annotations

# a stored UTC time's quarter hour, ``2025-03-30T01:15``
QUARTER_SQL = "substr({col}, 1, 14) || printf('%02d', CAST(substr({col}, 15, 2) AS INTEGER) / 15 * 15)"
# a stored UTC time's day, ``2025-03-30``
DAY_SQL = "substr({col}, 1, 10)"
# a stored UTC time's month, ``2025-03``
MONTH_SQL = "substr({col}, 1, 7)"
# the wholesale cost of a line, rounded like money.weighed_total for weighed goods (grams x per-kg cost)
LINE_COST_SQL = "(CASE WHEN {p}unit = 'kg' THEN ({p}unit_cost * {p}qty + 500) / 1000 ELSE {p}unit_cost * {p}qty END)"
LINE_ITEMS_SQL = "(CASE WHEN {p}unit = 'kg' THEN 1 ELSE {p}qty END)"

TABLES = ("agg_sale_quarter", "agg_staff_day", "agg_product_day", "agg_product_month", "agg_tender_day",
          "agg_refund_day")



def _add(table: str, row: str, sign: str) -> str:
    """The statements that add a ``row`` (``NEW`` or ``OLD``) of ``table`` to the running totals,
    or take it away (``sign`` ``-``). Every upsert adds what it is given, so both work."""
    r = row + "."
    if table == "sale":
        return (
            f"INSERT INTO agg_sale_quarter (bucket, sales, revenue, tax, discount) "
            f"VALUES ({QUARTER_SQL.format(col=r + 'created_at')}, {sign}1, {sign}{r}total, {sign}{r}tax, "
            f"{sign}{r}discount) "
            f"ON CONFLICT (bucket) DO UPDATE SET sales = sales + excluded.sales, revenue = revenue + excluded.revenue, "
            f"tax = tax + excluded.tax, discount = discount + excluded.discount;\n"
            f"  INSERT INTO agg_staff_day (day, staff_id, sales, revenue) "
            f"VALUES ({DAY_SQL.format(col=r + 'created_at')}, {r}staff_id, {sign}1, {sign}{r}total) "
            f"ON CONFLICT (day, staff_id) DO UPDATE SET sales = sales + excluded.sales, "
            f"revenue = revenue + excluded.revenue;")
    if table == "sale_line":  # the day is the sale's
        return (
            f"INSERT INTO agg_product_day (day, product_id, qty, revenue, net, cost, items) "
            f"SELECT {DAY_SQL.format(col='s.created_at')}, {r}product_id, {sign}{r}qty, {sign}{r}total, "
            f"{sign}({r}total - {r}tax), {sign}{LINE_COST_SQL.format(p=r)}, {sign}{LINE_ITEMS_SQL.format(p=r)} "
            f"FROM sale s WHERE s.id = {r}sale_id "
            f"ON CONFLICT (day, product_id) DO UPDATE SET qty = qty + excluded.qty, revenue = revenue + excluded.revenue, "
            f"net = net + excluded.net, cost = cost + excluded.cost, items = items + excluded.items;\n"
            f"  INSERT INTO agg_product_month (month, product_id, qty, revenue, net, cost, items) "
            f"SELECT {MONTH_SQL.format(col='s.created_at')}, {r}product_id, {sign}{r}qty, {sign}{r}total, "
            f"{sign}({r}total - {r}tax), {sign}{LINE_COST_SQL.format(p=r)}, {sign}{LINE_ITEMS_SQL.format(p=r)} "
            f"FROM sale s WHERE s.id = {r}sale_id "
            f"ON CONFLICT (month, product_id) DO UPDATE SET qty = qty + excluded.qty, "
            f"revenue = revenue + excluded.revenue, net = net + excluded.net, cost = cost + excluded.cost, "
            f"items = items + excluded.items;")
    if table == "payment":  # a sale's tenders; money given back by a refund is not a tender
        return (
            f"INSERT INTO agg_tender_day (day, method, payments, amount) "
            f"SELECT {DAY_SQL.format(col=r + 'created_at')}, {r}method, {sign}1, {sign}{r}amount "
            f"WHERE {r}refund_id IS NULL "
            f"ON CONFLICT (day, method) DO UPDATE SET payments = payments + excluded.payments, "
            f"amount = amount + excluded.amount;")
    if table == "refund":
        return (
            f"INSERT INTO agg_refund_day (day, refunds, refunded) "
            f"VALUES ({DAY_SQL.format(col=r + 'created_at')}, {sign}1, {sign}{r}total) "
            f"ON CONFLICT (day) DO UPDATE SET refunds = refunds + excluded.refunds, "
            f"refunded = refunded + excluded.refunded;")
    raise ValueError(table)


# the columns whose change moves a row's totals (a refund's total is written after its lines)
_SUMMED = {
    "sale": "created_at, staff_id, total, tax, discount",
    "sale_line": "sale_id, product_id, qty, unit, total, tax, unit_cost",
    "payment": "refund_id, method, amount, created_at",
    "refund": "created_at, total",
}

TRIGGERS: dict[str, str] = {}
for _table, _columns in _SUMMED.items():
    TRIGGERS[f"agg_{_table}_insert"] = (
        f"CREATE TRIGGER agg_{_table}_insert AFTER INSERT ON {_table} BEGIN\n  {_add(_table, 'NEW', '')}\nEND")
    TRIGGERS[f"agg_{_table}_update"] = (
        f"CREATE TRIGGER agg_{_table}_update AFTER UPDATE OF {_columns} ON {_table} BEGIN\n"
        f"  {_add(_table, 'OLD', '-')}\n  {_add(_table, 'NEW', '')}\nEND")
    TRIGGERS[f"agg_{_table}_delete"] = (
        f"CREATE TRIGGER agg_{_table}_delete AFTER DELETE ON {_table} BEGIN\n  {_add(_table, 'OLD', '-')}\nEND")

# every table recomputed from the rows (the backfill)
REBUILD: tuple[str, ...] = (
    *(f"DELETE FROM {t}" for t in TABLES),
    f"INSERT INTO agg_sale_quarter (bucket, sales, revenue, tax, discount) "
    f"SELECT {QUARTER_SQL.format(col='created_at')} AS b, COUNT(*), SUM(total), SUM(tax), SUM(discount) "
    f"FROM sale GROUP BY b",
    f"INSERT INTO agg_staff_day (day, staff_id, sales, revenue) "
    f"SELECT {DAY_SQL.format(col='created_at')} AS d, staff_id, COUNT(*), SUM(total) FROM sale GROUP BY d, staff_id",
    f"INSERT INTO agg_product_day (day, product_id, qty, revenue, net, cost, items) "
    f"SELECT {DAY_SQL.format(col='s.created_at')} AS d, l.product_id, SUM(l.qty), SUM(l.total), SUM(l.total - l.tax), "
    f"SUM({LINE_COST_SQL.format(p='l.')}), SUM({LINE_ITEMS_SQL.format(p='l.')}) "
    f"FROM sale_line l JOIN sale s ON s.id = l.sale_id GROUP BY d, l.product_id",
    f"INSERT INTO agg_product_month (month, product_id, qty, revenue, net, cost, items) "
    f"SELECT substr(day, 1, 7) AS m, product_id, SUM(qty), SUM(revenue), SUM(net), SUM(cost), SUM(items) "
    f"FROM agg_product_day GROUP BY m, product_id",
    f"INSERT INTO agg_tender_day (day, method, payments, amount) "
    f"SELECT {DAY_SQL.format(col='created_at')} AS d, method, COUNT(*), SUM(amount) FROM payment "
    f"WHERE refund_id IS NULL GROUP BY d, method",
    f"INSERT INTO agg_refund_day (day, refunds, refunded) "
    f"SELECT {DAY_SQL.format(col='created_at')} AS d, COUNT(*), SUM(total) FROM refund GROUP BY d",
)


def rebuild(conn) -> None:
    """Recompute every running total from the rows, in the caller's transaction (a DBAPI or
    SQLAlchemy connection: anything with ``exec_driver_sql`` or ``execute`` of plain SQL)."""
    run = getattr(conn, "exec_driver_sql", None) or conn.execute
    for sql in REBUILD:
        run(sql)


def differences(conn) -> list[str]:
    """Where the running totals disagree with a fresh computation from the rows (empty: none)."""
    run = getattr(conn, "exec_driver_sql", None) or conn.execute
    problems = []
    for table, key, sql in _CHECKS:
        fresh = {tuple(r[:key]): tuple(r[key:]) for r in run(sql).fetchall()}
        kept = {tuple(r[:key]): tuple(r[key:]) for r in run(f"SELECT * FROM {table}").fetchall()
                if any(r[key:])}  # a row taken back to nothing is no row
        for k in sorted(set(fresh) | set(kept), key=repr):
            if fresh.get(k) != kept.get(k):
                problems.append(f"running totals in {table} at {'/'.join(map(str, k))} are {kept.get(k)}, "
                                f"the rows say {fresh.get(k)}")
    return problems


def _select_of(insert: str) -> str:
    return insert[insert.index("SELECT"):]


_CHECKS = (
    ("agg_sale_quarter", 1, _select_of(REBUILD[len(TABLES)])),
    ("agg_staff_day", 2, _select_of(REBUILD[len(TABLES) + 1])),
    ("agg_product_day", 2, _select_of(REBUILD[len(TABLES) + 2])),
    ("agg_product_month", 2, _select_of(REBUILD[len(TABLES) + 2]).replace(
        DAY_SQL.format(col="s.created_at"), MONTH_SQL.format(col="s.created_at"))),
    ("agg_tender_day", 2, _select_of(REBUILD[len(TABLES) + 4])),
    ("agg_refund_day", 1, _select_of(REBUILD[len(TABLES) + 5])),
)
