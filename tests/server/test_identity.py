"""Enrollment, device and admin tokens, revocation, protocol version."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import select, text, update

from sync.server import identity
from sync.server.db import session_scope
from sync.server.models import Device, EnrollmentCode

from .conftest import PROTO


def _code(engine, shop_name="Shop A", ttl_hours=1):
    with session_scope(engine) as session:
        shop = identity.create_shop(session, shop_name)
        code, _ = identity.create_enrollment_code(session, shop, ttl_hours)
    return code


def test_enrollment_gives_a_token_and_numbers_tills_per_shop(client, make_till):
    first, second = make_till("Shop A"), make_till("Shop A")
    other = make_till("Shop B")
    assert (first.till_no, second.till_no, other.till_no) == (1, 2, 1)
    assert first.shop_code == second.shop_code == "S001" and other.shop_code == "S002"
    assert len(first.token) >= 43  # 32 random bytes, url-safe base64


def test_enrollment_code_is_single_use(client, engine):
    code = _code(engine)
    assert client.post("/v1/devices/enroll", json={"code": code}, headers=PROTO).status_code == 200
    again = client.post("/v1/devices/enroll", json={"code": code}, headers=PROTO)
    assert again.status_code == 403
    assert "already used" in again.json()["detail"]


def test_enrollment_code_is_accepted_without_dashes_in_lower_case(client, engine):
    code = _code(engine)
    r = client.post("/v1/devices/enroll", json={"code": code.replace("-", "").lower()}, headers=PROTO)
    assert r.status_code == 200


def test_expired_enrollment_code_is_refused(client, engine):
    code = _code(engine)
    with session_scope(engine) as session:
        session.execute(update(EnrollmentCode).values(expires_at=identity.utcnow() - timedelta(seconds=1)))
    assert client.post("/v1/devices/enroll", json={"code": code}, headers=PROTO).status_code == 403


def test_only_token_hashes_are_stored(till, engine, admin_token):
    with engine.connect() as conn:
        dump = " ".join(str(row) for t in ("devices", "admin_tokens") for row in conn.execute(text(f"SELECT * FROM {t}")))
    assert till.token not in dump and admin_token not in dump
    assert identity.hash_secret(till.token) in dump


def test_revoked_device_gets_401_everywhere(client, till, admin):
    assert client.get("/v1/sync/pull", headers=till.headers).status_code == 200
    r = client.post(f"/admin/devices/{till.device_id}/revoke", headers=admin)
    assert r.status_code == 200 and r.json()["revoked_at"]
    for method, path in (("GET", "/v1/sync/pull"), ("GET", "/v1/sync/snapshot"), ("POST", "/v1/sync/push")):
        r = client.request(method, path, headers=till.headers, json={"events": []} if method == "POST" else None)
        assert r.status_code == 401, (path, r.text)
        assert "revoked" in r.json()["detail"]


def test_unknown_or_missing_token_gets_401(client):
    assert client.get("/v1/sync/pull", headers={**PROTO, "Authorization": "Bearer nope"}).status_code == 401
    r = client.get("/v1/sync/pull", headers=PROTO)
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"


def test_device_token_is_not_an_admin_token(client, till, admin):
    assert client.get("/admin/shops", headers=till.headers).status_code == 401
    assert client.get("/admin/shops", headers=admin).status_code == 200
    # ... and an admin token is not a device token.
    assert client.get("/v1/sync/pull", headers={**PROTO, **admin}).status_code == 401


def test_unsupported_protocol_version_gets_426_update_required(client, till):
    headers = {**till.headers, "X-Corner-Protocol": "2"}
    r = client.get("/v1/sync/pull", headers=headers)
    assert r.status_code == 426
    assert r.json() == {"detail": "update required: this server speaks protocol 1"}
    missing = {k: v for k, v in till.headers.items() if k != "X-Corner-Protocol"}
    r = client.post("/v1/sync/push", json={"events": []}, headers=missing)
    assert r.status_code == 426 and "update required" in r.json()["detail"]
    assert client.post("/v1/devices/enroll", json={"code": "ABCD-EFGH"}, headers={"X-Corner-Protocol": "x"}).status_code == 426


def test_shop_health_counts_devices_and_events(client, make_till, admin, engine):
    a = make_till("Shop A")
    make_till("Shop B")
    from .factories import event, sale

    a.push([event("sale.completed", sale()), event("sale.completed", {"nope": 1})])
    shops = {s["code"]: s for s in client.get("/admin/shops", headers=admin).json()}
    assert shops["S001"]["events_received"] == 2 and shops["S001"]["events_quarantined"] == 1
    assert shops["S001"]["last_seen_at"] is not None and shops["S002"]["events_received"] == 0
    with session_scope(engine) as session:
        assert session.scalar(select(Device.till_no).where(Device.shop_id == uuid.UUID(a.shop_id))) == 1
