"""Updates to one workflow from this process, a few at a time.

Temporal admits a bounded number of updates in flight per workflow execution (the server's
`history.maxInFlightUpdates`, 10 by default) and refuses more with RESOURCE_EXHAUSTED, which the
client retries with a growing back-off. A burst of answers to one round (the hour before its
deadline) then waited seconds in back-off while the round was idle, and could run out of its wait
and hear "may not have been recorded". Here the updates of this process to one workflow go at
most `size` at a time, the others wait their turn in order: none is refused, none waits longer
than the work ahead of it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class TurnTimeout(Exception):
    """No turn within the wait: nothing was sent."""


class Turns:
    def __init__(self, size: int) -> None:
        self.size = size
        self._gates: dict[str, tuple[asyncio.Semaphore, int]] = {}

    @asynccontextmanager
    async def turn(self, key: str, wait: float) -> AsyncIterator[None]:
        gate, users = self._gates.get(key) or (asyncio.Semaphore(self.size), 0)
        self._gates[key] = (gate, users + 1)
        try:
            try:
                await asyncio.wait_for(gate.acquire(), wait)
            except TimeoutError:
                raise TurnTimeout(key) from None
            try:
                yield
            finally:
                gate.release()
        finally:
            gate, users = self._gates[key]
            if users <= 1:
                del self._gates[key]  # no one else waits: nothing kept per workflow
            else:
                self._gates[key] = (gate, users - 1)

    def waiting(self) -> int:
        """Workflows with updates from this process in flight or waiting (for tests)."""
        return len(self._gates)


# Below the server's default of 10, so another process's few fit beside this one's.
UPDATES_AT_ONCE_PER_WORKFLOW = 8
update_turns = Turns(UPDATES_AT_ONCE_PER_WORKFLOW)
