"""The faults of a chaos run, on a schedule drawn from its seed: workers and web processes
killed with SIGKILL and started again, the Temporal server stopped and started on its state
file, the relay refusing and then gone, the database refusing connections; after each restart,
how many workflows answer."""

from __future__ import annotations

import asyncio
import random
import time
from collections import Counter
from typing import TYPE_CHECKING, Any

from temporalio.client import Client

from bench.chaos.drive import Driver
from bench.chaos.figures import Fault
from bench.chaos.parts import Child, DatabaseGate, Relay, wait_for_port

if TYPE_CHECKING:
    from bench.chaos.__main__ import Plan

PROBE_SECONDS = 120.0  # a workflow that answers no query this long after a restart did not resume


class Faults:
    def __init__(
        self,
        plan: Plan,
        rng: random.Random,
        t0: float,
        temporal: Child,
        workers: list[Child],
        webs: list[Child],
        relay: Relay,
        gate: DatabaseGate,
        client: Client,
        driver: Driver,
    ) -> None:
        self.plan, self.rng, self.t0 = plan, rng, t0
        self.temporal, self.workers, self.relay, self.gate = temporal, workers, relay, gate
        self.webs = webs
        self.client, self.driver = client, driver
        self.log: list[Fault] = []
        self.resumed: list[dict[str, Any]] = []
        self.restarts: Counter[str] = Counter()
        self.probes: list[asyncio.Task[None]] = []
        self.children = [temporal, *workers, *webs]

    def now(self) -> float:
        return time.monotonic() - self.t0

    async def at(self, fraction: float) -> None:
        await asyncio.sleep(max(0.0, self.t0 + fraction * self.plan.phase - time.monotonic()))

    async def run(self) -> None:
        p = self.plan
        kills = sorted(self.rng.uniform(0.05, 0.85) for _ in range(p.kills))
        restarts = [(i + 1) / (p.temporal_restarts + 1) for i in range(p.temporal_restarts)]
        web_kills = sorted(self.rng.uniform(0.3, 0.7) for _ in range(p.web_kills))
        watch = asyncio.create_task(self.supervise())
        await asyncio.gather(
            *(self.kill_worker(f) for f in kills),
            *(self.kill_web(f) for f in web_kills),
            *(self.restart_temporal(f) for f in restarts),
            self.relay_outage(0.45),
            self.database_outage(0.15),
        )
        await asyncio.gather(*self.probes)
        watch.cancel()

    async def supervise(self) -> None:
        """As systemd would: a process that exits without being asked is started again (and
        counted: the goal is none)."""
        while True:
            for child in self.children:
                if not child.held and not child.alive and child.proc is not None:
                    child.exits.append(child.proc.returncode)
                    child.start()
            await asyncio.sleep(1)

    async def kill_worker(self, fraction: float) -> None:
        await self.at(fraction)
        alive = [w for w in self.workers if w.alive]
        if not alive:
            return
        worker = self.rng.choice(alive)
        start = self.now()
        worker.held = True
        worker.kill()
        await asyncio.sleep(self.rng.uniform(0.5, 3.0))
        worker.start()
        worker.held = False
        self.restarts[worker.name] += 1
        self.log.append(Fault("worker killed", start, self.now()))
        self.probe(f"SIGKILL of {worker.name}", sample=10)

    async def kill_web(self, fraction: float) -> None:
        """SIGKILL of a web process with requests in flight; started again 2-6 s later (as
        systemd would), taking requests once it listens. Meanwhile the others take them all."""
        await self.at(fraction)
        alive = [w for w in self.webs if w.alive and not w.held]
        if len(alive) < 2:
            return
        web = self.rng.choice(alive)
        start = self.now()
        web.held = True
        web.kill()
        await asyncio.sleep(self.rng.uniform(2.0, 6.0))
        web.start()
        port = int(web.env["PPFLOW_WEB_PORT"])
        await asyncio.to_thread(wait_for_port, port)
        web.held = False
        self.restarts[web.name] += 1
        self.log.append(Fault("web process killed", start, self.now()))

    async def restart_temporal(self, fraction: float) -> None:
        await self.at(fraction)
        start = self.now()
        self.temporal.held = True
        await asyncio.to_thread(self.temporal.stop, 20)
        await asyncio.sleep(self.rng.uniform(1.0, 4.0))
        self.temporal.start()
        self.temporal.held = False
        self.restarts["temporal"] += 1
        await asyncio.to_thread(
            wait_for_port, int(self.temporal.args[self.temporal.args.index("--port") + 1])
        )
        self.log.append(Fault("temporal restarted", start, self.now()))
        self.probe("Temporal restart", sample=None)

    async def relay_outage(self, fraction: float) -> None:
        await self.at(fraction)
        start = self.now()
        self.relay.refuse()
        await asyncio.sleep(self.plan.relay_outage / 2)
        self.log.append(Fault("relay refusing", start, self.now()))
        start = self.now()
        self.relay.vanish()
        await asyncio.sleep(self.plan.relay_outage / 2)
        self.relay.up()
        self.log.append(Fault("relay gone", start, self.now()))

    async def database_outage(self, fraction: float) -> None:
        await self.at(fraction)
        start = self.now()
        await self.gate.refuse()
        await asyncio.sleep(self.plan.database_outage)
        await self.gate.open()
        self.log.append(Fault("database refusing", start, self.now()))

    def probe(self, what: str, sample: int | None) -> None:
        self.probes.append(asyncio.create_task(self._probe(what, sample)))

    async def _probe(self, what: str, sample: int | None) -> None:
        """Query the drafts started so far until each answers (a worker replayed it)."""
        ids = [d.draft_id for d in self.driver.drafts]
        if sample is not None and len(ids) > sample:
            ids = self.rng.sample(ids, sample)
        at, begun = self.now(), time.monotonic()

        async def one(workflow_id: str) -> bool:
            while time.monotonic() - begun < PROBE_SECONDS:
                try:
                    await asyncio.wait_for(
                        self.client.get_workflow_handle(workflow_id).query("status"), 10
                    )
                    return True
                except Exception:
                    await asyncio.sleep(1)
            return False

        answered = await asyncio.gather(*(one(i) for i in ids))
        self.resumed.append(
            {
                "what": what,
                "at": at,
                "workflows": len(ids),
                "resumed": sum(answered),
                "seconds": time.monotonic() - begun,
            }
        )
