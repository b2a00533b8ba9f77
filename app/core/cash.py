"""Cash sessions: open with a float, paid in and out, close with a count, over/short, Z report."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sync.money import MAX_AMOUNT

from . import outbox
from .errors import QT_TRANSLATE_NOOP, TillError
from .ids import new_id
from .store import fast, now
from .store.models import CashMovement, CashSession, Payment, Refund, RefundLine, Sale, SaleLine


def check_amount(amount: int) -> int:
    """A float, a paid in/out or a count the drawer could hold: at most what the platform takes
    for an amount (a barcode scanned into the field by mistake is thirteen digits: far above it)."""
    if amount > MAX_AMOUNT:
        raise TillError(QT_TRANSLATE_NOOP(
            "CoreError", "That is far more cash than a drawer holds: check the amount and type it again."))
    return amount


def current(session: Session) -> CashSession | None:
    return session.scalar(select(CashSession).where(CashSession.closed_at.is_(None)))


def current_id(session: Session) -> str | None:
    """The open session's id, cheaply (asked on every sale)."""
    cur = fast.cursor(session)
    try:
        row = cur.execute("SELECT id FROM cash_session WHERE closed_at IS NULL LIMIT 1").fetchone()
    finally:
        cur.close()
    return row[0] if row else None


def open_session(session: Session, staff_id: str, float_amount: int) -> CashSession:
    if current(session) is not None:
        raise TillError(QT_TRANSLATE_NOOP("CoreError", "A cash session is already open; close it first."))
    if float_amount < 0:
        raise TillError(QT_TRANSLATE_NOOP("CoreError", "The float cannot be negative."))
    check_amount(float_amount)
    cs = CashSession(id=new_id(), opened_by=staff_id, opened_at=now(session), float_amount=float_amount)
    session.add(cs)
    return cs


def paid(session: Session, staff_id: str, kind: str, amount: int, reason: str) -> CashMovement:
    cs = current(session)
    if cs is None:
        raise TillError(QT_TRANSLATE_NOOP("CoreError", "No cash session is open."))
    if kind not in ("paid_in", "paid_out"):
        raise TillError(QT_TRANSLATE_NOOP("CoreError", "Choose paid in or paid out."))
    if amount <= 0:
        raise TillError(QT_TRANSLATE_NOOP("CoreError", "The amount must be above zero."))
    check_amount(amount)
    if not reason.strip():
        raise TillError(QT_TRANSLATE_NOOP("CoreError", "Say what the money is for."))
    if kind == "paid_out" and amount > expected_cash(session, cs):
        raise TillError(QT_TRANSLATE_NOOP("CoreError", "There is not that much cash in the drawer."))
    m = CashMovement(id=new_id(), session_id=cs.id, kind=kind, amount=amount, reason=reason.strip(),
                     staff_id=staff_id, created_at=now(session))
    session.add(m)
    return m


def _sum(session: Session, stmt) -> int:
    return int(session.scalar(stmt) or 0)


def expected_cash(session: Session, cs: CashSession) -> int:
    """Float + cash taken - cash given back + paid in - paid out."""
    cash_sales = _sum(session, select(func.sum(Payment.amount)).join(Sale, Sale.id == Payment.sale_id).where(
        Sale.cash_session_id == cs.id, Payment.refund_id.is_(None), Payment.method == "cash"))
    cash_refunds = _sum(session, select(func.sum(Payment.amount)).join(Refund, Refund.id == Payment.refund_id).where(
        Refund.cash_session_id == cs.id, Payment.method == "cash"))
    moves = {kind: _sum(session, select(func.sum(CashMovement.amount)).where(
        CashMovement.session_id == cs.id, CashMovement.kind == kind)) for kind in ("paid_in", "paid_out")}
    return cs.float_amount + cash_sales + cash_refunds + moves["paid_in"] - moves["paid_out"]


@dataclass
class ZReport:
    session_id: str
    opened_at: str
    closed_at: str | None
    float_amount: int
    sales_count: int
    gross_sales: int
    discounts: int
    rounding: int
    net_sales: int
    refunds_count: int
    refunds_total: int
    tenders: dict[str, int] = field(default_factory=dict)  # method -> net taken
    tax_by_rate: dict[int, int] = field(default_factory=dict)
    paid_in: int = 0
    paid_out: int = 0
    expected: int = 0
    counted: int | None = None
    over_short: int | None = None

    def as_dict(self) -> dict:
        return asdict(self)


def z_report(session: Session, cs: CashSession) -> ZReport:
    sales = select(Sale.id).where(Sale.cash_session_id == cs.id).scalar_subquery()
    row = session.execute(
        select(func.count(Sale.id), func.coalesce(func.sum(Sale.subtotal), 0), func.coalesce(func.sum(Sale.discount), 0),
               func.coalesce(func.sum(Sale.rounding), 0), func.coalesce(func.sum(Sale.total), 0))
        .where(Sale.cash_session_id == cs.id)
    ).one()
    refunds = session.execute(
        select(func.count(Refund.id), func.coalesce(func.sum(Refund.total), 0)).where(Refund.cash_session_id == cs.id)
    ).one()
    tenders: dict[str, int] = {}
    for method, amount in session.execute(
        select(Payment.method, func.sum(Payment.amount)).where(Payment.sale_id.in_(sales), Payment.refund_id.is_(None))
        .group_by(Payment.method)
    ):
        tenders[method] = int(amount)
    for method, amount in session.execute(
        select(Payment.method, func.sum(Payment.amount)).join(Refund, Refund.id == Payment.refund_id)
        .where(Refund.cash_session_id == cs.id).group_by(Payment.method)
    ):
        tenders[method] = tenders.get(method, 0) + int(amount)
    tax = {int(rate): int(t) for rate, t in session.execute(
        select(SaleLine.vat_rate_bp, func.sum(SaleLine.tax)).where(SaleLine.sale_id.in_(sales)).group_by(SaleLine.vat_rate_bp)
    )}
    for rate, t in session.execute(
        select(SaleLine.vat_rate_bp, func.sum(RefundLine.tax)).join(SaleLine, SaleLine.id == RefundLine.sale_line_id)
        .join(Refund, Refund.id == RefundLine.refund_id).where(Refund.cash_session_id == cs.id)
        .group_by(SaleLine.vat_rate_bp)
    ):
        tax[int(rate)] = tax.get(int(rate), 0) - int(t)
    moves = {kind: _sum(session, select(func.sum(CashMovement.amount)).where(
        CashMovement.session_id == cs.id, CashMovement.kind == kind)) for kind in ("paid_in", "paid_out")}
    return ZReport(
        session_id=cs.id, opened_at=cs.opened_at, closed_at=cs.closed_at, float_amount=cs.float_amount,
        sales_count=row[0], gross_sales=int(row[1]), discounts=int(row[2]), rounding=int(row[3]), net_sales=int(row[4]),
        refunds_count=refunds[0], refunds_total=int(refunds[1]), tenders=tenders, tax_by_rate=tax,
        paid_in=moves["paid_in"], paid_out=moves["paid_out"], expected=expected_cash(session, cs),
        counted=cs.counted, over_short=cs.over_short,
    )


def close_session(session: Session, staff_id: str, counted: int) -> ZReport:
    cs = current(session)
    if cs is None:
        raise TillError(QT_TRANSLATE_NOOP("CoreError", "No cash session is open."))
    if counted < 0:
        raise TillError(QT_TRANSLATE_NOOP("CoreError", "The counted cash cannot be negative."))
    check_amount(counted)
    cs.expected = expected_cash(session, cs)
    cs.counted = counted
    cs.over_short = counted - cs.expected
    cs.closed_at = now(session)
    cs.closed_by = staff_id
    report = z_report(session, cs)
    outbox.emit(session, "cash.session_closed", {
        "id": cs.id, "opened_at": cs.opened_at, "closed_at": cs.closed_at, "opened_by": cs.opened_by,
        "closed_by": staff_id, "float_amount": cs.float_amount, "expected": cs.expected, "counted": counted,
        "over_short": cs.over_short, "report": {**report.as_dict(), "tax_by_rate": {str(k): v for k, v in report.tax_by_rate.items()}},
    }, event_id=cs.id)
    return report
