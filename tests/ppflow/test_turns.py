"""A burst of updates to one workflow goes a few at a time from one process (Temporal refuses
more than its in-flight limit), in order, and a wait that runs out sends nothing."""

from __future__ import annotations

import asyncio

import pytest

from ppflow.turns import Turns, TurnTimeout


async def test_updates_to_one_workflow_take_turns_and_others_do_not_wait() -> None:
    turns = Turns(size=2)
    in_flight: dict[str, int] = {"round-1": 0, "round-2": 0}
    most: dict[str, int] = {"round-1": 0, "round-2": 0}
    order: list[int] = []

    async def answer(key: str, n: int) -> None:
        async with turns.turn(key, wait=5):
            in_flight[key] += 1
            most[key] = max(most[key], in_flight[key])
            if key == "round-1":
                order.append(n)
            await asyncio.sleep(0.01)
            in_flight[key] -= 1

    await asyncio.gather(
        *(answer("round-1", n) for n in range(10)), *(answer("round-2", n) for n in range(2))
    )
    assert most == {"round-1": 2, "round-2": 2}
    assert order == list(range(10))  # first come, first sent
    assert turns.waiting() == 0  # nothing kept once a workflow has no update going


async def test_a_turn_that_does_not_come_in_time_sends_nothing() -> None:
    turns = Turns(size=1)
    sent: list[str] = []
    release = asyncio.Event()

    async def slow() -> None:
        async with turns.turn("round-1", wait=5):
            await release.wait()

    first = asyncio.create_task(slow())
    await asyncio.sleep(0)
    with pytest.raises(TurnTimeout):
        async with turns.turn("round-1", wait=0.05):
            sent.append("late")
    release.set()
    await first
    assert sent == [] and turns.waiting() == 0
