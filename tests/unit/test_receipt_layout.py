"""Fixed-width receipt and Z-report lines with Chinese labels: amounts end in the last column,
counted in printer cells (a Chinese character is two), on screen and on an ESC/POS printer."""

from escpos.printer import Dummy

from app.devices import escpos_out
from app.devices.receipt import Receipt, ReceiptItem, Report, cells, gb_cells, pair, text_lines

WIDTH = 42


def z_report() -> Report:
    return Report(title="Z 报表", shop_name="Corner Demo Grocery", header=["开班 2026-11-25 09:00"], sections=[
        ("销售", [("销售总额", "€17.34"), ("退款（0）", "€0.00"), ("Float", "€100.00")]),
        ("钱箱", [("钱箱应有", "€94.17"), ("短款", "-€0.50")]),
    ])


def test_a_chinese_label_and_an_amount_end_in_the_last_column():
    line = pair("  销售总额", "€17.34", WIDTH)
    assert line.endswith("€17.34")
    assert cells(line) == WIDTH  # the label's four characters take eight cells
    assert len(line) == WIDTH - 4


def test_every_amount_of_a_chinese_z_report_ends_in_the_last_column():
    lines = text_lines(z_report(), WIDTH)
    amounts = [line for line in lines if "€" in line]
    assert len(amounts) == 5
    assert all(cells(line) == WIDTH for line in amounts), amounts
    assert all(cells(line) <= WIDTH for line in lines)


def test_a_chinese_receipt_keeps_its_tax_columns_under_their_headings():
    receipt = Receipt(title="", shop_name="店", header=[], items=[ReceiptItem("全脂牛奶 1 l", "2 x €1.19", "€2.38")],
                      totals=[("小计", "€2.38")], total=("合计", "€2.38"), tax=[("增值税 7%", "€2.38", "€0.16")],
                      tenders=[("现金", "€5.00")], change="€2.62", footer="")
    lines = text_lines(receipt, WIDTH)
    assert all(cells(line) == WIDTH for line in lines if "€" in line)
    head = next(line for line in lines if line.startswith("VAT rate"))
    row = next(line for line in lines if line.startswith("增值税 7%"))
    assert cells(head) == cells(row) == WIDTH  # "Tax" ends where "€0.16" does
    assert cells(head[:head.index("Gross") + len("Gross")]) == cells(row[:row.index("€2.38") + len("€2.38")])


def test_escpos_sends_a_chinese_report_in_gb18030_with_every_amount_in_the_last_column():
    printer = Dummy()
    escpos_out.print_doc(printer, z_report(), WIDTH)
    text = printer.output.decode("gb18030", errors="replace")
    for label, amount in (("销售总额", "€17.34"), ("Float", "€100.00"), ("短款", "-€0.50")):
        start = text.index("  " + label)
        line = text[start:text.index("\n", start)]
        assert line.endswith(amount)
        # on the printer in GB18030 every non-ASCII character ("€" too) is two cells wide
        assert gb_cells(line) == WIDTH, line
    out = printer.output  # Chinese mode on before the first line, off again before the cut
    assert out.index(escpos_out.KANJI_ON) < out.index("销售总额".encode("gb18030")) < out.rindex(escpos_out.KANJI_OFF)
    assert out.rindex(escpos_out.KANJI_OFF) < out.rindex(b"\x1dV")


def test_escpos_english_report_is_unchanged_by_the_wide_layout():
    report = Report(title="Z report", shop_name="Shop", header=[], sections=[("Sales", [("Gross sales", "€17.34")])])
    printer = Dummy()
    escpos_out.print_doc(printer, report, WIDTH)
    # "€" counts one cell and goes out in a single-byte code page (after its ESC t switch)
    assert b"  Gross sales" + b" " * (WIDTH - 2 - 11 - 6) + b"\x1bt" in printer.output
    assert "€".encode("gb18030") not in printer.output
    assert escpos_out.KANJI_ON not in printer.output and escpos_out.KANJI_OFF not in printer.output
