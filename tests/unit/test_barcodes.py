import pytest

from app.core.barcodes import BarcodeError, make_scale_label, parse_scale_label, validate, with_check_digit


def test_valid_codes_of_each_kind_pass():
    assert validate("4006381333931") == "4006381333931"  # EAN-13
    assert validate("73513537") == "73513537"  # EAN-8
    assert validate("036000291452") == "036000291452"  # UPC-A


@pytest.mark.parametrize("code,why", [
    ("4006381333932", "check digit"), ("73513538", "check digit"), ("12345", "digits"), ("40063813339a1", "digits only"),
])
def test_bad_codes_say_what_is_wrong(code, why):
    with pytest.raises(BarcodeError, match=why):
        validate(code)


def test_scale_labels_carry_weight_or_price():
    label = make_scale_label("101", grams=1234)
    assert validate(label) == label
    assert parse_scale_label(label).grams == 1234
    priced = make_scale_label("101", price=455)
    assert parse_scale_label(priced).price == 455
    assert parse_scale_label(with_check_digit("400638133393")) is None


def test_the_fast_check_agrees_with_stdnum():
    import random

    from app.core.barcodes import check_digit_ok
    from stdnum import ean

    rng = random.Random(3)
    for _ in range(3000):
        code = "".join(rng.choice("0123456789") for _ in range(rng.choice([7, 8, 11, 12, 13])))
        assert check_digit_ok(code) == ean.is_valid(code), code
