"""An event the platform quarantined, then rejected with a reason: the till records the reason
(feed row ``event.rejected``) and shows it in its status; a re-applied one counts again."""

from __future__ import annotations

from app.core.syncport import TillSyncPort
from sync.protocol import Change, PullResponse


def pull(till, *changes):
    TillSyncPort(till).apply_page(PullResponse(
        changes=[Change(seq=n + 1, kind=kind, payload=payload) for n, (kind, payload) in enumerate(changes)],
        cursor=len(changes), more=False))


def test_a_rejected_event_reaches_the_till_with_its_reason(till):
    port = TillSyncPort(till)
    sent = port.pending(10, 1_000_000)
    assert len(sent) >= 2
    first, second = sent[0], sent[1]
    port.mark_sent([{"id": first.id, "status": "quarantined", "reason": "invalid payload"},
                    {"id": second.id, "status": "quarantined", "reason": "unknown product"}]
                   + [{"id": e.id, "status": "accepted"} for e in sent[2:]])
    status = till.status()
    assert (status["events_quarantined"], status["events_rejected"]) == (2, 0)
    pull(till, ("event.rejected", {"event_id": first.id, "kind": first.kind, "reason": "a test sale; void it"}),
         ("event.rejected", {"event_id": "not-ours", "kind": "sale.completed", "reason": "another till's"}),
         ("event.reapplied", {"event_id": second.id, "kind": second.kind}))
    status = till.status()
    assert (status["events_quarantined"], status["events_rejected"]) == (0, 1)
    assert status["last_rejected"] == {"event_id": first.id, "kind": first.kind, "reason": "a test sale; void it"}
    [refused] = till.refused_events()
    assert (refused.event_id, refused.status, refused.reason) == (first.id, "rejected", "a test sale; void it")


def test_corner_status_shows_the_rejection(till, capsys):
    from app.cli import Output, cmd_status

    port = TillSyncPort(till)
    [event] = port.pending(1, 1_000_000)
    port.mark_sent([{"id": event.id, "status": "quarantined", "reason": "bad"}])
    pull(till, ("event.rejected", {"event_id": event.id, "kind": event.kind, "reason": "duplicate test sale"}))
    cmd_status(till, None, Output(False))
    out = capsys.readouterr().out
    assert "refused by the platform: 1 rejected, 0 held for review" in out and "duplicate test sale" in out
