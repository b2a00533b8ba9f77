"""The pull answered in front of FastAPI (sync/server/fastpull.py) answers exactly as the FastAPI
operation of the same path does: every refusal in the same order, with the same status, body and
headers, and the same pages."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from sync.server import fastpull
from sync.server.app import create_app

from .conftest import PROTO
from .factories import event, movement


def _answers(client: TestClient, cases) -> list[tuple[int, str, str | None, str | None]]:
    out = []
    for method, query, headers in cases:
        r = client.request(method, "/v1/sync/pull" + query, headers=headers)
        out.append((r.status_code, r.text, r.headers.get("www-authenticate"), r.headers.get("allow")))
    return out


def _cases(token: str):
    good = {**PROTO, "Authorization": f"Bearer {token}"}
    bearer = {"Authorization": f"Bearer {token}"}
    return [
        ("GET", "", good),
        ("GET", "?after=0&limit=1", good),
        ("GET", "?after=1&limit=1", good),
        ("GET", "?after=0&after=2", good),  # a repeated parameter: the last one, as Starlette reads it
        ("GET", "?after=-1", good),
        ("GET", "?after=abc", good),
        ("GET", "?after=12345678901234567890", good),  # beyond a 64-bit cursor
        ("GET", "?after=%EF%BC%91", good),  # a full-width digit
        ("GET", "?after=+5", good),
        ("GET", "?after=", good),
        ("GET", "?limit=0", good),
        ("GET", "?limit=1001", good),
        ("GET", "?limit=abc&after=-1", good),  # two errors at once
        ("GET", "", bearer),  # no protocol header: 426
        ("GET", "?after=abc", bearer),  # no protocol header and a bad cursor: 426 still
        ("GET", "", {"X-Corner-Protocol": "99", "Authorization": f"Bearer {token}"}),
        ("GET", "", {"X-Corner-Protocol": "99"}),  # an unsupported version comes before the token
        ("GET", "", {}),  # nothing at all: 401 (the token is asked before the missing header is judged)
        ("GET", "", PROTO),
        ("GET", "", {**PROTO, "Authorization": "Basic abc"}),
        ("GET", "", {**PROTO, "Authorization": "Bearer"}),
        ("GET", "", {**PROTO, "Authorization": "Bearer not-a-token"}),
        ("GET", "?after=abc", {**PROTO, "Authorization": "Bearer not-a-token"}),  # 422 before the token is looked up
        ("HEAD", "", good),
        ("POST", "", good),
        ("DELETE", "?after=1", good),
    ]


def test_the_fast_pull_answers_as_the_fastapi_operation(settings, engine, app, client, till):
    till.push([event("stock.movement", movement()), event("stock.movement", movement())])
    cases = _cases(till.token)
    assert any(getattr(r, "endpoint", None) is fastpull.pull for r in app.router.routes)
    fast = _answers(client, cases)

    plain_app = create_app(settings, engine)
    plain_app.router.routes[:] = [r for r in plain_app.router.routes if getattr(r, "endpoint", None) is not fastpull.pull]
    with TestClient(plain_app) as plain_client:
        plain = _answers(plain_client, cases)

    for case, got, expected in zip(cases, fast, plain):
        assert got == expected, case
    statuses = [status for status, *_ in fast]
    assert statuses[0] == 200 and statuses[1] == 200
    assert {401, 405, 422, 426} <= set(statuses)


def test_the_fast_pull_serves_pages_and_skips_other_shops_rows(client, till, make_till):
    till.push([event("stock.movement", movement()) for _ in range(3)])
    changes, cursor = till.pull_all(limit=2)
    assert [c["seq"] for c in changes] == [1, 2, 3] and cursor == 3
    other = make_till("Shop B")
    assert other.pull_all() == ([], 3)  # another shop's rows are skipped, its cursor still moves on


@pytest.mark.parametrize("path", ["/v1/sync/pull/", "/v1/sync/pull/x"])
def test_other_paths_are_not_the_pull(client, till, path):
    r = client.get(path, headers=till.headers, follow_redirects=False)
    assert r.status_code == (307 if path.endswith("/") else 404)  # the slash: redirected to the pull
