from hypothesis import given, strategies as st

from sync.hlc import Clock, Stamp


def test_ticks_increase_even_when_the_wall_clock_goes_back():
    times = iter([1000, 1000, 900, 800, 2000])
    clock = Clock("a", now_ms=lambda: next(times))
    stamps = [clock.tick() for _ in range(5)]
    assert stamps == sorted(stamps)
    assert len(set(stamps)) == 5
    assert [str(s) for s in stamps] == sorted(str(s) for s in stamps)


def test_observe_moves_past_a_remote_stamp_from_the_future():
    clock = Clock("a", now_ms=lambda: 1000)
    remote = Stamp(5000, 3, "b")
    after = clock.observe(remote)
    assert after > remote
    assert clock.tick() > after


@given(st.integers(0, 10**12), st.integers(0, 99999), st.text("abc", min_size=1, max_size=3))
def test_stamp_text_round_trips(millis, counter, node):
    stamp = Stamp(millis, counter, node)
    assert Stamp.parse(str(stamp)) == stamp
