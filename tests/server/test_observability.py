"""Observability: request ids, the access line, JSON logs and /metrics (single and multi-process)."""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys
import warnings

import pytest
from prometheus_client import REGISTRY
from prometheus_client.parser import text_string_to_metric_families

from sync.server import observability
from sync.server.app import create_app

from .factories import event, sale

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

LOOPBACK = ("127.0.0.1", 40000)


@pytest.fixture
def json_lines():
    """Every log line the server writes while the test runs, as parsed JSON."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(observability.JsonFormatter())
    # The server's own loggers, whatever an earlier test in this process did to "corner" (a till
    # in the same process sets it to WARNING and stops it propagating, as the till should).
    server = logging.getLogger("corner.server")
    old_level = server.level
    server.addHandler(handler)
    server.setLevel(logging.INFO)
    yield lambda: [line for line in map(json.loads, stream.getvalue().splitlines())
                   if line["logger"].startswith("corner")]
    server.removeHandler(handler)
    server.setLevel(old_level)


def samples(text: str) -> dict[tuple, float]:
    out = {}
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            out[(s.name, tuple(sorted(s.labels.items())))] = s.value
    return out


def test_the_request_id_is_taken_or_made_and_answered(client):
    r = client.get("/healthz", headers={"X-Request-ID": "lb-7f3a.2"})
    assert r.headers["X-Request-ID"] == "lb-7f3a.2"
    made = client.get("/healthz").headers["X-Request-ID"]
    assert len(made) == 32 and made != client.get("/healthz").headers["X-Request-ID"]
    for bad in ("two words", "x" * 129, "a\"b"):
        answered = client.get("/healthz", headers={"X-Request-ID": bad}).headers["X-Request-ID"]
        assert answered != bad and len(answered) == 32


def test_one_json_access_line_per_request_with_template_status_shop_and_no_token(till, json_lines):
    r = till.client.post("/v1/sync/push", json={"events": [event("sale.completed", sale())]},
                         headers={**till.headers, "X-Request-ID": "req-1"})
    assert r.status_code == 200
    till.client.get("/r/some-receipt-token-abc")
    lines = json_lines()
    access = [line for line in lines if line["logger"] == "corner.server.access"]
    push = [line for line in access if line["request_id"] == "req-1"]
    assert len(push) == 1
    line = push[0]
    assert (line["method"], line["route"], line["status"], line["shop_id"]) == ("POST", "/v1/sync/push", 200, till.shop_id)
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    receipt = access[-1]
    assert receipt["route"] == "/r/{token}" and "shop_id" not in receipt
    text = json.dumps(lines)
    assert till.token not in text and "some-receipt-token-abc" not in text


def test_log_lines_written_inside_a_request_carry_its_id(settings, engine, json_lines):
    app = create_app(settings, engine)

    @app.get("/test-log")
    def _log() -> dict:  # a plain def: runs in the thread pool, like the real routes
        logging.getLogger("corner.server.test").warning("inside")
        return {}

    with TestClient(app) as c:
        rid = c.get("/test-log").headers["X-Request-ID"]
    inside = [line for line in json_lines() if line["message"] == "inside"]
    assert inside and inside[0]["request_id"] == rid and inside[0]["level"] == "WARNING"


def _value(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def test_metrics_count_pushes_events_latency_and_read_the_network(app, make_till):
    till = make_till("Shop A")
    before = {o: _value("corner_sync_events_total", outcome=o) for o in ("accepted", "duplicate", "quarantined")}
    pushes = _value("corner_sync_pushes_total")
    timed = _value("corner_sync_push_duration_seconds_count")
    good = event("sale.completed", sale())
    till.push([good, event("weird.kind", {})])
    till.push([good])
    till.pull_all()
    with TestClient(app, client=LOOPBACK) as c:
        r = c.get("/metrics")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/plain")
    got = samples(r.text)
    assert got[("corner_sync_pushes_total", ())] - pushes == 2
    assert got[("corner_sync_events_total", (("outcome", "accepted"),))] - before["accepted"] == 1
    assert got[("corner_sync_events_total", (("outcome", "duplicate"),))] - before["duplicate"] == 1
    assert got[("corner_sync_events_total", (("outcome", "quarantined"),))] - before["quarantined"] == 1
    assert got[("corner_sync_push_duration_seconds_count", ())] - timed == 2
    assert got[("corner_sync_pull_duration_seconds_count", ())] >= 1
    assert got[("corner_http_requests_total", (("method", "POST"), ("route", "/v1/sync/push"), ("status", "200")))] >= 2
    # Read from the database: right whichever process answers.
    assert got[("corner_database_up", ())] == 1
    assert got[("corner_events_quarantined", ())] == 1
    assert got[("corner_shops_seen_last_hour", ())] == 1
    assert got[("corner_change_log_head_seq", ())] >= 0


def test_labels_stay_bounded_whatever_the_caller_sends(app):
    with TestClient(app, client=LOOPBACK) as c:
        c.request("BREW", "/no/such/path/123")
        text = c.get("/metrics").text
    got = samples(text)
    assert got[("corner_http_requests_total", (("method", "OTHER"), ("route", "unmatched"), ("status", "404")))] >= 1
    assert "BREW" not in text and "/no/such/path" not in text


def test_metrics_are_loopback_only_by_default(app):
    with TestClient(app) as c:  # the test client's address is not loopback
        assert c.get("/metrics").status_code == 404
    with TestClient(app, client=LOOPBACK) as c:
        assert c.get("/metrics").status_code == 200
        # Through a proxy on the same box: not a local caller.
        assert c.get("/metrics", headers={"X-Forwarded-For": "203.0.113.9"}).status_code == 404


def test_a_metrics_token_is_required_from_anywhere_when_set(settings, engine):
    app = create_app(settings.model_copy(update={"metrics_token": "s3cret"}), engine)
    with TestClient(app, client=LOOPBACK) as c:
        assert c.get("/metrics").status_code == 404
        assert c.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 404
    with TestClient(app) as c:
        assert c.get("/metrics", headers={"Authorization": "Bearer s3cret"}).status_code == 200


def test_multiprocess_mode_adds_up_every_process(tmp_path):
    """With PROMETHEUS_MULTIPROC_DIR, /metrics shows the sum of all workers' counters."""
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}
    count = "from sync.server import observability; observability.count_push(['accepted'] * 3 + ['duplicate'])"
    for _ in range(2):
        subprocess.run([sys.executable, "-c", count], env=env, check=True, timeout=120)
    scrape = "from sync.server import observability; print(observability.metrics_text(None).decode())"
    out = subprocess.run([sys.executable, "-c", scrape], env=env, check=True, timeout=120,
                         capture_output=True, text=True).stdout
    got = samples(out)
    assert got[("corner_sync_events_total", (("outcome", "accepted"),))] == 6
    assert got[("corner_sync_pushes_total", ())] == 2


def test_run_takes_a_number_of_workers(capsys):
    from sync.server.cli import build_parser, main

    assert build_parser().parse_args(["run", "--workers", "3"]).workers == 3
    assert build_parser().parse_args(["run"]).workers == 1
    for bad in ("0", "-2", "many"):
        with pytest.raises(SystemExit) as exit_:
            main(["run", "--workers", bad])
        assert exit_.value.code == 2
        err = capsys.readouterr().err
        assert len(err.strip().splitlines()) == 1 and "number of processes" in err


def test_workers_share_one_emptied_metrics_directory(tmp_path, monkeypatch):
    from sync.server.cli import _prepare_workers, build_parser

    stale = tmp_path / "counter_1234.db"
    stale.write_bytes(b"old run")
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    for name in ("CORNER_DATABASE_URL", "CORNER_PUSH_LANES"):  # set here, gone again after the test
        monkeypatch.setenv(name, "")
        monkeypatch.delenv(name)
    _prepare_workers(build_parser().parse_args(["run", "--workers", "2", "--database-url", "sqlite:///x.db"]))
    assert not stale.exists()
    assert os.environ["CORNER_DATABASE_URL"] == "sqlite:///x.db"
    assert os.environ["CORNER_PUSH_LANES"] == "2"  # a till's batches the processes take at once
    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR")
    _prepare_workers(build_parser().parse_args(["run", "--workers", "2"]))
    made = os.environ["PROMETHEUS_MULTIPROC_DIR"]
    assert os.path.isdir(made) and not os.listdir(made)
    os.rmdir(made)
