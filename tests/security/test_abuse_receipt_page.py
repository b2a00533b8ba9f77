"""The customer's receipt page under abuse (real server process; the limits live in the process,
so SQLite is enough): random tokens are not free to walk, posts are limited per client address,
``X-Forwarded-For`` counts only from a proxy named in ``CORNER_TRUSTED_PROXIES``, a post from
another site (foreign ``Origin`` or no CSRF token) saves nothing, and enrollment codes cannot be
guessed at speed."""

from __future__ import annotations

import httpx

from sync.server import testing

from .helpers import csrf_of, platform, receipt_token

TIGHT = {
    "CORNER_RECEIPT_PAGES_PER_MINUTE": "6", "CORNER_RECEIPT_PAGES_BURST": "20",
    "CORNER_RECEIPT_POSTS_PER_MINUTE": "1", "CORNER_RECEIPT_POSTS_BURST": "3",
    "CORNER_ENROLL_PER_MINUTE": "1", "CORNER_ENROLL_BURST": "5",
}


def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'server.sqlite3'}"


def test_walking_random_tokens_is_rate_limited(tmp_path):
    with platform(sqlite_url(tmp_path), TIGHT) as p, httpx.Client(base_url=p.url, timeout=30) as c:
        codes = [c.get(f"/r/{p.a.code}/{receipt_token()}").status_code for _ in range(30)]
        assert codes[:20] == [200] * 20 and set(codes[20:]) == {429}
        r = c.get(f"/r/{receipt_token()}")  # the old address form shares the limit
        assert r.status_code == 429 and int(r.headers["retry-after"]) >= 1


def test_forwarded_for_counts_only_from_a_trusted_proxy(tmp_path):
    # Not trusted: a client that makes up X-Forwarded-For still shares its own address's limit.
    with platform(sqlite_url(tmp_path), TIGHT) as p, httpx.Client(base_url=p.url, timeout=30) as c:
        codes = [c.post(f"/r/{p.a.code}/{receipt_token()}", data={"rating": "3"},
                        headers={"X-Forwarded-For": f"10.0.0.{n}"}).status_code for n in range(5)]
        assert codes.count(429) == 2, codes
    # Trusted (the loopback proxy in front of it): each forwarded client has its own allowance.
    (tmp_path / "trusted").mkdir()
    with platform(sqlite_url(tmp_path / "trusted"), {**TIGHT, "CORNER_TRUSTED_PROXIES": "127.0.0.1/32"}) as p, \
            httpx.Client(base_url=p.url, timeout=30) as c:
        codes = [c.post(f"/r/{p.a.code}/{receipt_token()}", data={"rating": "3"},
                        headers={"X-Forwarded-For": f"1.2.3.4, 10.0.0.{n}"}).status_code for n in range(5)]
        assert 429 not in codes, codes
        same = [c.post(f"/r/{p.a.code}/{receipt_token()}", data={"rating": "3"},
                       headers={"X-Forwarded-For": "10.0.0.99"}).status_code for _ in range(4)]
        assert same[-1] == 429, same


def test_a_post_from_another_site_saves_nothing(tmp_path):
    with platform(sqlite_url(tmp_path)) as p, httpx.Client(base_url=p.url, timeout=30) as c:
        path = f"/r/{p.b.code}/{receipt_token()}"
        csrf = csrf_of(c.get(path).text)
        forged = [
            c.post(path, data={"rating": "1", "comment": "no token"}),
            c.post(path, data={"rating": "1", "csrf": "x" * 22}),
            c.post(path, data={"rating": "1", "csrf": csrf}, headers={"Origin": "https://evil.example"}),
        ]
        with httpx.Client(base_url=p.url, timeout=30) as stranger:  # the token without the cookie
            forged.append(stranger.post(path, data={"rating": "1", "csrf": csrf}))
        assert [r.status_code for r in forged] == [403] * 4
        assert "form on this page" in forged[0].text
        assert p.feedback() == []
        ok = c.post(path, data={"rating": "4", "csrf": csrf}, headers={"Origin": p.url})
        assert ok.status_code == 303
        ok = c.post(path, data={"rating": "5", "csrf": csrf}, headers={"Origin": "null"})  # no-referrer pages
        assert ok.status_code == 303
        assert [f["rating"] for f in p.feedback()] == [5]


def test_enrollment_codes_cannot_be_guessed_at_speed(tmp_path):
    with platform(sqlite_url(tmp_path), TIGHT) as p, httpx.Client(base_url=p.url, timeout=30) as c:
        codes = [c.post("/v1/devices/enroll", json={"code": f"GUESS-{n:04d}", "device_name": "x"},
                        headers=testing.protocol_headers()).status_code for n in range(8)]
        # A burst of 5 from this address, two of which enrolled the shops' tills.
        assert codes[:3] == [403] * 3 and set(codes[3:]) == {429}, codes
