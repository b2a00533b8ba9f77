"""Restoring a backup: the data comes back, a safety copy is kept, receipt numbers never repeat."""

from __future__ import annotations

import pytest

from app.core import restore
from app.core.errors import ApprovalRequired, TillError
from app.core.sales import Tender
from tests.history_gen import demo_till


@pytest.fixture
def till(tmp_path):
    t = demo_till(tmp_path / "till")
    yield t
    t.close()


def sell(till, sku="P0001"):
    cart = till.new_cart()
    till.add_to_cart(cart, sku, 1)
    return till.pay(cart, [Tender("cash", cart.totals().total)])


def test_restore_brings_back_the_data_of_the_backup_and_keeps_a_safety_copy(till):
    first = sell(till)
    made = till.backup()
    later = sell(till)
    till.save_customer({"name": "Zed After Backup"})

    info = till.backups()[0]
    assert info.path == made and info.sales == 1 and info.label == "manual"
    result = till.restore_backup(made)

    assert result.restored.path == made
    assert result.safety_copy.exists() and "pre-restore" in result.safety_copy.name
    assert till.sale(first.receipt_no).total == first.total
    with pytest.raises(TillError):
        till.sale(later.receipt_no)
    assert not till.find_customers("Zed")
    assert till.doctor() == []
    # the safety copy holds what was replaced
    assert restore.inspect(result.safety_copy).sales == 2


def test_receipt_numbers_do_not_repeat_after_a_restore(till):
    sell(till)
    made = till.backup()
    second = sell(till)
    till.restore_backup(made)
    third = sell(till)
    assert third.receipt_no != second.receipt_no
    assert third.receipt_no > second.receipt_no


def test_a_file_that_is_not_a_backup_is_refused_and_nothing_changes(till, tmp_path):
    sell(till)
    bogus = tmp_path / "corner-20250101T000000000000Z-manual.sqlite3"
    bogus.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(TillError):
        till.restore_backup(bogus)
    assert till.status()["sales"] == 1
    assert not list(till.backup_folder().glob("*pre-restore*"))


def test_a_cashier_needs_an_owner_to_restore(till):
    made = till.backup()
    till.lock()
    till.login("1111")
    with pytest.raises(ApprovalRequired):
        till.restore_backup(made)
    till.restore_backup(made, approver_pin="1234")


def test_the_backup_being_restored_is_not_pruned_by_the_safety_copy(till):
    for _ in range(10):
        till.backup()
    oldest = till.backups()[-1].path
    till.restore_backup(oldest)
    assert oldest.exists()
