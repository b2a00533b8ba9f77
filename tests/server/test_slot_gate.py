"""The gate in front of the database sessions (db.SlotGate): never more holders than slots, writes
served before waiting reads, FIFO within each, and a waiter cancelled at any moment loses no slot."""

from __future__ import annotations

import asyncio
import random

from sync.server.db import SlotGate


def test_writes_that_wait_go_before_reads_that_wait_fifo_within_each():
    async def scenario() -> list[str]:
        gate = SlotGate(1)
        order: list[str] = []
        release = asyncio.Event()

        async def holder(name: str, first: bool, hold: asyncio.Event | None = None) -> None:
            async with gate.hold(first=first):
                order.append(name)
                if hold is not None:
                    await hold.wait()

        tasks = [asyncio.create_task(holder("busy", False, release))]
        await asyncio.sleep(0)
        for name, first in (("read1", False), ("write1", True), ("read2", False), ("write2", True)):
            tasks.append(asyncio.create_task(holder(name, first)))
            await asyncio.sleep(0)
        release.set()
        await asyncio.gather(*tasks)
        assert gate.in_use == 0
        return order

    assert asyncio.run(scenario()) == ["busy", "write1", "write2", "read1", "read2"]


def test_never_more_holders_than_slots_and_cancelled_waiters_lose_no_slot():
    async def scenario(seed: int) -> None:
        rng = random.Random(seed)
        gate = SlotGate(3)
        holding = 0
        most = 0

        async def holder() -> None:
            nonlocal holding, most
            async with gate.hold(first=rng.random() < 0.3):
                holding += 1
                most = max(most, holding)
                try:
                    await asyncio.sleep(rng.random() / 1000)
                finally:
                    holding -= 1

        tasks = [asyncio.create_task(holder()) for _ in range(60)]
        for _ in range(20):  # cancel some: waiting, just granted, or holding
            await asyncio.sleep(rng.random() / 2000)
            rng.choice(tasks).cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        assert most <= 3
        assert gate.in_use == 0 and not any(gate._waiting)
        async with gate.hold():  # and every slot can still be taken
            async with gate.hold(first=True):
                async with gate.hold():
                    assert gate.in_use == 3

    for seed in range(25):
        asyncio.run(scenario(seed))
