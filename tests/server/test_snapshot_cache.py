"""The snapshot: built once per catalog cursor, gzipped when accepted, ETag and 304."""

from __future__ import annotations

import gzip
import json

from sqlalchemy.orm import Session

from sync.server import catalog, changefeed

from .factories import event, movement
from .test_feed import import_csv


def fresh(engine) -> dict:
    """What a snapshot built from nothing says now."""
    with Session(engine) as session:
        changefeed.begin_consistent_read(session)
        return json.loads(catalog.snapshot_json(session))


def get(till, **headers):
    return till.client.get("/v1/sync/snapshot", headers={**till.headers, **headers})


def test_a_second_request_is_served_without_a_rebuild_and_says_what_a_build_would(app, admin, till, engine):
    import_csv(till.client, admin)
    cache = app.state.snapshots
    first = get(till)
    assert first.status_code == 200 and cache.builds == 1
    assert get(till).json() == first.json() == fresh(engine)
    assert cache.builds == 1
    # A push writes shop rows: the feed's head moves, the catalog does not. No rebuild, the new head.
    till.push([event("stock.movement", movement()) for _ in range(3)])
    third = get(till).json()
    assert cache.builds == 1
    assert third == fresh(engine) and third["cursor"] == first.json()["cursor"] + 3


def test_gzip_when_accepted_and_plain_when_not(till, admin, engine):
    import_csv(till.client, admin)
    zipped = get(till, **{"Accept-Encoding": "gzip"})
    assert zipped.headers["content-encoding"] == "gzip" and zipped.headers["vary"] == "Accept-Encoding"
    plain = get(till, **{"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers
    assert zipped.json() == plain.json() == fresh(engine)
    assert "content-encoding" not in get(till, **{"Accept-Encoding": "gzip;q=0"}).headers
    # The gzip stream stays whole when only the cursor at its end changes.
    till.push([event("stock.movement", movement())])
    raw = till.client.build_request("GET", "/v1/sync/snapshot", headers={**till.headers, "Accept-Encoding": "gzip"})
    response = till.client.send(raw, stream=True)
    body = b"".join(response.iter_raw())
    assert json.loads(gzip.decompress(body)) == fresh(engine)
    assert len(body) < len(plain.content)


def test_if_none_match_answers_304_until_the_catalog_moves(app, admin, till):
    import_csv(till.client, admin)
    first = get(till)
    etag = first.headers["etag"]
    assert etag.startswith('W/"')
    again = get(till, **{"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
    assert get(till, **{"If-None-Match": f'W/"other", {etag}'}).status_code == 304
    assert get(till, **{"If-None-Match": 'W/"p1-c0"'}).status_code == 200
    # Shop rows do not change the catalog: still 304.
    till.push([event("stock.movement", movement())])
    assert get(till, **{"If-None-Match": etag}).status_code == 304
    # A price publication or a policy does.
    r = till.client.put("/admin/products/A1/price", json={"price": 130, "min_price": 100, "max_price": 150}, headers=admin)
    assert r.status_code == 200
    assert get(till, **{"If-None-Match": etag}).status_code == 304  # edited, not yet published
    assert till.client.post("/admin/catalog/publish", headers=admin).status_code == 200
    moved = get(till, **{"If-None-Match": etag})
    assert moved.status_code == 200 and moved.headers["etag"] != etag
    assert moved.json()["products"][0]["price"] == 130
    assert till.client.put("/admin/policies/return_window_days", json={"value": "30"}, headers=admin).status_code == 200
    last = get(till, **{"If-None-Match": moved.headers["etag"]})
    assert last.status_code == 200 and last.json()["policies"] == {"return_window_days": "30"}
    assert app.state.snapshots.builds == 3


def test_an_empty_catalog_has_a_snapshot_too(till, engine):
    r = get(till)
    assert r.status_code == 200 and r.json() == fresh(engine) == {"cursor": 0, "products": [], "policies": {}}
