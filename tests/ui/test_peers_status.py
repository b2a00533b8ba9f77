"""The status bar says how many of the shop's other tills are nearby (docs/peers.md)."""

from app.ui.status import SyncStatusWidget


class FakeService:
    def __init__(self, nearby: int) -> None:
        self.count = nearby
        self.stopped = False

    def nearby(self) -> int:
        return self.count

    def stop(self) -> None:
        self.stopped = True


def test_the_status_bar_shows_tills_nearby_and_says_platform_offline(qtbot):
    status = SyncStatusWidget()
    qtbot.addWidget(status)
    status.show_state(False, 2, None)
    assert status.state.text() == "Offline" and status.peers.isHidden()
    status.show_peers(1)
    assert (status.state.text(), status.peers.text()) == ("Platform offline", "· 1 till nearby")
    status.show_state(True, 0, "12:00:00")
    assert (status.state.text(), status.peers.text()) == ("Online", "· 1 till nearby")
    assert "Online · 1 till nearby" in status.toolTip()
    status.show_peers(0)
    assert status.peers.isHidden() and status.state.text() == "Online"


def test_the_window_reads_the_peer_service_and_stops_it_on_close(qtbot, till):
    from app.ui.app import open_window

    window = open_window(till.data_dir, till=till, first_run=False, sync=False)
    qtbot.addWidget(window)
    service = FakeService(2)
    window.attach_peers(service)
    assert window.sync_status.peers.text() == "· 2 tills nearby"
    window.close()
    assert service.stopped


def test_a_paired_till_s_window_runs_the_peer_service_until_it_closes(qtbot, till, monkeypatch):
    from app.ui.app import _start_peers, open_window

    monkeypatch.setenv("CORNER_PEERS", "on")
    window = open_window(till.data_dir, till=till, first_run=False, sync=False)
    qtbot.addWidget(window)
    _start_peers(window, till)
    assert getattr(window, "peer_service", None) is None  # not paired: the till works alone
    till.peers.set_secret("ab" * 32)
    till.peers.set_port(0)  # any free port
    _start_peers(window, till)
    service = window.peer_service
    assert service.port > 0 and service._server is not None
    window.close()
    assert service._stop.is_set()


def test_a_conflict_between_tills_shows_in_the_status_bar_until_the_owner_settles_it(qtbot, till):
    # a sale refunded at two tills that could not see each other is never silent (docs/peers.md)
    from app.core.store.models import PeerConflict
    from app.ui.app import open_window

    window = open_window(till.data_dir, till=till, first_run=False, sync=False)
    qtbot.addWidget(window)
    window.refresh_status()
    assert window.sync_status.conflicts.isHidden()
    with till.write() as s:
        s.add(PeerConflict(id="c1", kind="over_refund", ref_id="sale-1", detail="{}", created_at="2026-12-01T10:00:00"))
    window.refresh_status()
    note = window.sync_status.conflicts
    assert not note.isHidden() and note.text() == "· 1 conflict between tills"
    assert "corner peers conflicts" in note.toolTip()
    [row] = till.peers.conflicts()
    till.peers.resolve(row.id)
    window.refresh_status()
    assert window.sync_status.conflicts.isHidden()


def test_a_peer_service_that_cannot_start_is_said_in_the_status_bar(qtbot, till, monkeypatch):
    # another program holds the peer port: the till works alone, and the owner can see why
    import socket

    from app.ui.app import _start_peers, open_window

    monkeypatch.setenv("CORNER_PEERS", "on")
    holder = socket.socket()
    holder.bind(("0.0.0.0", 0))
    holder.listen()
    try:
        window = open_window(till.data_dir, till=till, first_run=False, sync=False)
        qtbot.addWidget(window)
        till.peers.set_secret("ab" * 32)
        till.peers.set_port(holder.getsockname()[1])
        _start_peers(window, till)
        assert getattr(window, "peer_service", None) is None
        note = window.sync_status.peers
        assert not note.isHidden() and note.text() == "· tills nearby: off"
        assert note.toolTip().startswith("The other tills cannot reach this one: ")
        window.close()
    finally:
        holder.close()


def test_the_status_bar_counts_conflicts_without_reading_them(qtbot, till, monkeypatch):
    # every 15 s: a count query (till.peers.open_conflict_count), never the list of conflicts
    from app.core.store.models import PeerConflict
    from app.ui.app import open_window

    window = open_window(till.data_dir, till=till, first_run=False, sync=False)
    qtbot.addWidget(window)
    with till.write() as s:
        for n in range(2):
            s.add(PeerConflict(id=f"c{n}", kind="points_overspent", ref_id=f"cust-{n}", detail="{}",
                               created_at="2026-12-01T10:00:00"))

    def read_them(*args, **kwargs):
        raise AssertionError("the status bar read the conflicts instead of counting them")

    monkeypatch.setattr(till.peers, "conflicts", read_them)
    window.refresh_status()
    assert window.sync_status.conflicts.text() == "· 2 conflicts between tills"
