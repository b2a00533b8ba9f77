"""A till further behind than the feed keeps starts again from a snapshot, by itself: the platform
compacts and expires its change feed (``corner-server feed compact``), the till's next pull is
answered 410, and its sync client fetches the snapshot and carries on pulling after it."""

from __future__ import annotations

import json

from sqlalchemy import create_engine, func, select

from app import syncing
from app.core.sales import Tender
from app.core.syncport import TillSyncPort
from sync.server import cli
from sync.server.db import normalise_url
from sync.server.models import ChangeLog, FeedFloor


def sell(till, code, qty=1):
    cart = till.new_cart()
    till.add_to_cart(cart, code, qty)
    return till.pay(cart, [Tender("cash", 100000)])


def test_a_till_behind_the_kept_feed_starts_again_from_a_snapshot(platform, tmp_path, capsys):
    behind = platform.new_till(tmp_path / "t1")
    syncing.sync_once(behind)
    cursor_before = TillSyncPort(behind).cursor()
    other = platform.new_till(tmp_path / "t2")
    for _ in range(3):  # the other till of the shop sells on: stock movements in the shop's feed
        sell(other, "P0001")
        syncing.sync_once(other)
    platform.set_price("P0001", 149, 100, 200)
    platform.set_price("P0001", 159, 100, 200)  # supersedes 149
    engine = create_engine(normalise_url(platform.database_url))
    with engine.connect() as conn:
        rows_before = conn.scalar(select(func.count()).select_from(ChangeLog))

    # Everything of the shop older than now goes, even what the first till has not pulled.
    assert cli.main(["feed", "compact", "--max-age-days", "0", "--database-url", platform.database_url, "--json"]) == 0
    done = json.loads(capsys.readouterr().out)
    assert done["superseded"] == 2  # the first publication of P0001 and the price 149
    assert done["expired"] > 0 and done["shops"] == 1
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(ChangeLog)) < rows_before
        floor = conn.scalar(select(FeedFloor.expired_to))
    engine.dispose()
    assert floor > cursor_before

    result = syncing.sync_once(behind)  # 410, then the snapshot, then pages after it: no error
    assert result["snapshot_products"] > 0
    assert behind.product("P0001").price == 159
    assert TillSyncPort(behind).cursor() >= floor

    # ... and from there on it follows the feed as before.
    platform.set_price("P0001", 169, 100, 200)
    again = syncing.sync_once(behind)
    assert again["snapshot_products"] == 0 and again["pulled"] >= 1
    assert behind.product("P0001").price == 169
