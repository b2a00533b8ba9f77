"""A batch sent beside the one before it (``X-Corner-Push-After``, docs/sync.md "Two batches in
flight") is applied only after that one: it waits for it, follows it, and is refused (409, nothing
kept) when it does not come, or when the event it names is another shop's. Every push answer says
how many batches of a till the server works on at once."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import func, select

from sync.protocol import PUSH_AFTER_HEADER, PUSH_LANES_HEADER
from sync.server.app import create_app
from sync.server.db import session_scope
from sync.server.models import EventRow
from sync.server.settings import Settings

from .conftest import TestClient
from .factories import customer, event, uid
from .test_fast_sale import till_sale


def _post(till, events, after: str | None = None):
    headers = dict(till.headers)
    if after is not None:
        headers[PUSH_AFTER_HEADER] = after
    return till.client.post("/v1/sync/push", json={"events": events}, headers=headers)


def _stored(engine) -> int:
    with session_scope(engine) as session:
        return session.scalar(select(func.count()).select_from(EventRow))


@pytest.mark.parametrize("fast", [True, False], ids=["fast route", "operation"])
def test_a_batch_sent_ahead_waits_for_the_one_before_and_follows_it(app, till, engine, fast):
    app.state.fast_push = fast
    cust = uid()
    first = [event("customer.upserted", customer(cust, "1700000000000:00000:t1", name="Ana")),
             event("sale.completed", till_sale())]
    # The second batch's sale names the customer the first batch brings: applied before it, the
    # sale would be quarantined ("not a customer of this shop").
    second = [event("sale.completed", till_sale(customer_id=cust))]
    answers: dict[str, object] = {}

    def send_second():
        answers["second"] = _post(till, second, after=first[-1]["id"])

    sender = threading.Thread(target=send_second)
    sender.start()
    time.sleep(0.4)  # the second batch is at the server, waiting
    assert "second" not in answers
    assert _stored(engine) == 0
    answers["first"] = _post(till, first)
    sender.join(30)
    for name in ("first", "second"):
        response = answers[name]
        assert response.status_code == 200, response.text
        assert [r["status"] for r in response.json()["results"]] == ["accepted"] * len(
            first if name == "first" else second)
    assert _stored(engine) == 3


def test_a_batch_whose_batch_before_never_comes_is_refused_and_nothing_of_it_is_kept(app, till, engine):
    app.state.settings.push_after_wait_seconds = 0.3
    missing = uid()
    response = _post(till, [event("sale.completed", till_sale())], after=missing)
    assert response.status_code == 409
    assert response.json()["detail"] == (
        f"the batch sent before this one (ending with event {missing}) has not reached the platform: "
        "send it first, then this one")
    assert _stored(engine) == 0


def test_a_till_cannot_follow_another_shops_event(app, make_till, engine):
    """An attacker's till naming a victim's stored event gets what a missing event gets: its batch
    refused, nothing kept, and no word on whether the event exists."""
    app.state.settings.push_after_wait_seconds = 0.3
    victim, attacker = make_till("Victim shop"), make_till("Attacker shop")
    stored = event("sale.completed", till_sale())
    victim.push([stored])
    nowhere = uid()
    theirs = _post(attacker, [event("sale.completed", till_sale())], after=stored["id"])
    never = _post(attacker, [event("sale.completed", till_sale())], after=nowhere)
    assert theirs.status_code == never.status_code == 409
    assert theirs.json()["detail"].replace(stored["id"], "X") == never.json()["detail"].replace(nowhere, "X")
    assert _stored(engine) == 1
    own = _post(victim, [event("sale.completed", till_sale())], after=stored["id"])
    assert own.status_code == 200 and own.json()["results"][0]["status"] == "accepted"


@pytest.mark.parametrize("value", ["yesterday", "", "1234", "x" * 300])
def test_an_after_that_is_not_an_event_id_is_refused_in_words_and_nothing_is_kept(till, engine, value):
    response = _post(till, [event("sale.completed", till_sale())], after=value)
    assert response.status_code == 422
    assert "x-corner-push-after" in response.text.lower()
    assert _stored(engine) == 0


@pytest.mark.parametrize("lanes", [1, 3])
def test_every_push_answer_says_how_many_batches_of_a_till_the_server_takes_at_once(settings, engine, till, lanes):
    told = Settings(database_url=settings.database_url, push_lanes=lanes)
    with TestClient(create_app(told, engine)) as other:
        till.client = other
        assert _post(till, [event("sale.completed", till_sale())]).headers[PUSH_LANES_HEADER] == str(lanes)


def test_a_till_has_one_batch_waiting_at_most_and_a_second_is_refused_at_once(app, make_till, engine):
    """A device that sends batch after batch naming events that never come holds one worker
    thread for the wait, not one per request; its shop's other tills are not held up by it."""
    app.state.settings.push_after_wait_seconds = 1.5
    greedy, neighbour = make_till("Shop A"), make_till("Shop A")
    answers: dict[str, object] = {}

    def wait_first():
        answers["first"] = _post(greedy, [event("sale.completed", till_sale())], after=uid())

    waiting = threading.Thread(target=wait_first)
    waiting.start()
    time.sleep(0.3)  # the first is waiting
    t0 = time.monotonic()
    second = _post(greedy, [event("sale.completed", till_sale())], after=uid())
    assert second.status_code == 409 and time.monotonic() - t0 < 1.0
    stored = event("sale.completed", till_sale())
    neighbour.push([stored])
    other = _post(neighbour, [event("sale.completed", till_sale())], after=stored["id"])
    assert other.status_code == 200
    waiting.join(30)
    assert answers["first"].status_code == 409
    assert _stored(engine) == 2
