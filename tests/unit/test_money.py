from hypothesis import given, strategies as st

from app.core.money import allocate, div_round, fmt, parse_amount, round_to_increment, tax_included, weighed_total
from app.core.sales import CartLine, compute_totals

rates = st.sampled_from([0, 500, 700, 1000, 1900, 2000, 2100])


def test_parse_amount_reads_what_people_type():
    assert parse_amount("12.5") == 1250
    assert parse_amount("12,05") == 1205
    assert parse_amount("3") == 300
    assert parse_amount("-0.99") == -99


def test_parse_amount_refuses_garbage():
    import pytest
    for bad in ["", "abc", "1.234", "1e3", "12.5.1"]:
        with pytest.raises(ValueError):
            parse_amount(bad)


def test_format_uses_the_locale():
    assert fmt(123456, "EUR", "en_GB") == "€1,234.56"
    assert fmt(123456, "EUR", "de_DE").replace("\xa0", " ") == "1.234,56 €"
    assert fmt(1234, "JPY", "ja_JP") == "￥1,234"  # yen has no minor unit: 1234 minor units are 1,234 yen


@given(st.integers(-10**9, 10**9), st.lists(st.integers(0, 10**6), min_size=1, max_size=20))
def test_allocate_sums_exactly(total, weights):
    parts = allocate(total, weights)
    assert sum(parts) == total
    assert len(parts) == len(weights)


@given(st.integers(0, 10**7), rates)
def test_tax_included_is_between_zero_and_gross(gross, rate):
    tax = tax_included(gross, rate)
    assert 0 <= tax <= gross
    net = gross - tax
    assert abs(net * (10000 + rate) - gross * 10000) <= (10000 + rate)  # within one minor unit


@given(st.integers(-10**6, 10**6), st.sampled_from([1, 5, 10, 50]))
def test_cash_rounding_lands_on_the_increment_nearby(amount, inc):
    r = round_to_increment(amount, inc)
    assert r % inc == 0
    assert abs(r - amount) * 2 <= inc


def test_div_round_is_half_away_from_zero():
    assert div_round(5, 10) == 1
    assert div_round(-5, 10) == -1
    assert div_round(4, 10) == 0
    assert weighed_total(299, 350) == 105  # 1.0465 -> 1.05


line_strategy = st.builds(
    lambda price, qty, rate, unit, disc: CartLine(
        product_id="p", sku="s", name="n", unit=unit, qty=qty, unit_price=price, vat_rate_bp=rate,
        discount=0,
    ),
    st.integers(1, 50_000), st.integers(1, 5_000), rates, st.sampled_from(["each", "kg"]), st.integers(0, 100),
)


@given(st.lists(line_strategy, min_size=1, max_size=12), st.integers(0, 100))
def test_tax_per_rate_sums_to_the_receipt_tax_and_lines_agree(lines, discount_pct):
    base = sum(line.gross for line in lines)
    totals = compute_totals(lines, base * discount_pct // 100)
    assert totals.tax == sum(tax for _, tax in totals.tax_by_rate.values())
    assert totals.tax == sum(lt.tax for lt in totals.lines)
    assert totals.total == sum(lt.total for lt in totals.lines)
    assert totals.subtotal - totals.discount == totals.total
    for rate, (gross, tax) in totals.tax_by_rate.items():
        assert gross == sum(lt.total for line, lt in zip(lines, totals.lines) if line.vat_rate_bp == rate)
        assert tax == tax_included(gross, rate)
