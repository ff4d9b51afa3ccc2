"""`python -m bench.scale` (in `make bench`): scale-out and the CPU one answer costs.

Answers per second through two `ppflow web` processes and two `ppflow worker`s against one of
each, every part an OS process of its own (the web app served by uvicorn, reached over real HTTP:
an in-process ASGI call would not show scale-out), on one Temporal dev server, with a raw
`execute_update` on an empty workflow against the same server as the baseline. For each setup, the
CPU time of each part (web, worker, Temporal, database) is read from /proc/PID/stat before and
after N answers, the idle CPU of the same time is taken off, and the rest divided by N.

The database is a fresh PostgreSQL database beside PPFLOW_TEST_DATABASE_URL when that is set (its
CPU is the CPU of the server processes serving that database, from pg_stat_activity); otherwise a
SQLite file, whose cost is then inside the web and worker processes.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from aiosmtpd.controller import Controller
from sqlalchemy import Engine, create_engine, text
from temporalio.client import Client
from temporalio.worker import Worker

from bench.chaos.__main__ import database, drop_database
from bench.chaos.parts import Child, child_env, free_port, ppflow, temporal_server, wait_for_port
from bench.empty import EmptyWorkflow
from models.base import Empty
from models.connection import connect
from models.db import make_engine, make_sessionmaker
from models.links import ReviewerLink, make_token
from models.migrate import upgrade
from models.settings import Settings
from ppflow.registry import seed_registry

CONCURRENCY = 20  # answers in flight, as in `python -m bench`
TICKS = os.sysconf("SC_CLK_TCK")
SERVER_PARTS = ("web", "worker", "Temporal", "database")


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU of a process and of its children it waited for; None when gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()  # fields[0] is field 3 (state) of proc(5)
    return sum(int(x) for x in fields[11:15]) / TICKS  # utime, stime, cutime, cstime


class Sink:
    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        return "250 OK"


@dataclass
class Parts:
    """Whose CPU counts as which part."""

    temporal: Child
    pg_admin_url: str | None  # the server's other database, to read pg_stat_activity from
    pg_name: str | None
    web: list[Child] = field(default_factory=list)
    worker: list[Child] = field(default_factory=list)
    admin: Engine | None = None

    def pids(self) -> dict[str, list[int]]:
        def live(children: list[Child]) -> list[int]:
            return [c.proc.pid for c in children if c.proc is not None and c.alive]

        found = {
            "web": live(self.web),
            "worker": live(self.worker),
            "Temporal": live([self.temporal]),
            "database": [],
            "client": [os.getpid()],
        }
        if self.pg_admin_url and self.pg_name:
            if self.admin is None:
                self.admin = create_engine(self.pg_admin_url, pool_size=1)
            with self.admin.connect() as c:
                found["database"] = list(
                    c.scalars(
                        text("SELECT pid FROM pg_stat_activity WHERE datname = :name"),
                        {"name": self.pg_name},
                    )
                )
        return found

    def snapshot(self) -> dict[str, dict[int, float]]:
        shot: dict[str, dict[int, float]] = {}
        for part, pids in self.pids().items():
            shot[part] = {}
            for pid in pids:
                seconds = cpu_seconds(pid)
                if seconds is not None:
                    shot[part][pid] = seconds
        return shot


def spent(
    before: dict[str, dict[int, float]], after: dict[str, dict[int, float]]
) -> dict[str, float]:
    """CPU seconds per part between two snapshots (a process new since counts from zero; a
    database backend that ended meanwhile is lost: the pools keep theirs open)."""
    return {
        part: sum(s - before.get(part, {}).get(pid, 0.0) for pid, s in after[part].items())
        for part in after
    }


async def quiet(parts: Parts, most: float = 60.0) -> float:
    """Wait until the server parts use less than a tenth of a core over a second (the work an
    earlier step left behind is done); returns the seconds waited."""
    start = time.monotonic()
    while time.monotonic() - start < most:
        a = parts.snapshot()
        await asyncio.sleep(1.0)
        used = spent(a, parts.snapshot())
        if sum(used[p] for p in SERVER_PARTS) < 0.1:
            break
    return time.monotonic() - start


async def rate(
    n: int, one: Callable[[int, int], Awaitable[object]], lanes: int = CONCURRENCY
) -> tuple[float, list[float]]:
    """Calls per second with `lanes` in flight (each lane passes its number), and latencies."""
    latencies: list[float] = []
    queue = iter(range(n))

    async def lane(k: int) -> None:
        for i in queue:
            t = time.perf_counter()
            await one(k, i)
            latencies.append((time.perf_counter() - t) * 1000)

    start = time.perf_counter()
    await asyncio.gather(*(lane(k) for k in range(lanes)))
    return n / (time.perf_counter() - start), latencies


@dataclass
class Setup:
    name: str
    webs: int
    workers: int
    answers_per_second: float = 0.0
    p50: float = 0.0
    cpu_ms: dict[str, float] = field(default_factory=dict)  # per answer, idle taken off
    idle: dict[str, float] = field(default_factory=dict)  # CPU seconds per second, before


async def measure(
    setup: Setup,
    parts: Parts,
    env: dict[str, str],
    folder: Path,
    settings: Settings,
    drafts: int,
    answers: int,
) -> None:
    queue = f"bench-scale-{setup.webs}x{setup.workers}-{uuid.uuid4().hex[:6]}"
    ports = [free_port() for _ in range(setup.webs)]
    base = {
        **env,
        "PPFLOW_TASK_QUEUE": queue,
        "PPFLOW_PUBLIC_BASE_URL": f"http://127.0.0.1:{ports[0]}",
    }
    tag = f"{setup.webs}x{setup.workers}"
    parts.web = [
        ppflow("web", f"{tag}-web-{i + 1}", {**base, "PPFLOW_WEB_PORT": str(p)}, folder)
        for i, p in enumerate(ports)
    ]
    parts.worker = [
        ppflow("worker", f"{tag}-worker-{i + 1}", base, folder) for i in range(setup.workers)
    ]
    for child in parts.worker + parts.web:
        child.start()
    try:
        for p in ports:
            await asyncio.to_thread(wait_for_port, p)
        urls = [f"http://127.0.0.1:{p}" for p in ports]
        headers = {"Authorization": f"Bearer {settings.drafting_token}"}
        limits = httpx.Limits(max_connections=CONCURRENCY, max_keepalive_connections=CONCURRENCY)
        async with httpx.AsyncClient(headers=headers, timeout=60, limits=limits) as http:
            tokens = await open_rounds(http, urls, settings, drafts)

            async def answer(lane: int, i: int) -> None:
                r = await http.post(
                    f"{urls[lane % len(urls)]}/api/review/{tokens[i % len(tokens)]}/answer",
                    json={
                        "position": "comments",
                        "comments": [{"section_id": "s1", "text": f"comment {i}"}],
                    },
                )
                assert r.status_code == 200, r.text

            await rate(2 * CONCURRENCY, answer)  # warm-up: connections, templates, caches
            await quiet(parts)
            idle_start = parts.snapshot()
            await asyncio.sleep(3)
            idle = spent(idle_start, parts.snapshot())
            setup.idle = {part: seconds / 3 for part, seconds in idle.items()}
            before, t0 = parts.snapshot(), time.monotonic()
            setup.answers_per_second, latencies = await rate(answers, answer)
            await quiet(parts)  # what the answers left to do (the read model) is part of them
            used = spent(before, parts.snapshot())
            elapsed = time.monotonic() - t0
            setup.p50 = statistics.median(latencies)
            setup.cpu_ms = {
                part: max(0.0, used[part] - setup.idle[part] * elapsed) * 1000 / answers
                for part in used
            }
    finally:
        for child in parts.web + parts.worker:
            child.stop(20)


async def open_rounds(
    http: httpx.AsyncClient, urls: list[str], settings: Settings, drafts: int
) -> list[str]:
    """Drafts with an open comment round each (everyone invited, one left silent so the rounds
    stay open), started through the web processes in turn; every invitee's personal link."""
    run = uuid.uuid4().hex[:6]
    deadline = (datetime.now(UTC) + timedelta(days=14)).isoformat()
    tokens: list[str] = []
    for i in range(drafts):
        url = urls[i % len(urls)]
        r = await http.post(
            f"{url}/api/drafts",
            json={
                "title": f"Scale bench draft {run} {i}",
                "document_type": "guidelines",
                "lead_state": "PL",
                "sections": [{"title": "One", "text": "Text"}],
            },
        )
        assert r.status_code == 201, r.text
        draft_id = r.json()["draft_id"]
        r = await http.post(
            f"{url}/api/drafts/{draft_id}/rounds",
            json={"invitees": {"everyone": True}, "deadline": deadline},
        )
        assert r.status_code == 200, r.text
        opened = r.json()
        tokens += [
            make_token(
                settings,
                ReviewerLink(workflow_id=opened["round_id"], participant_id=p, email=f"{p}@bench"),
            )
            for p in opened["invitees"][:-1]
        ]
    return tokens


async def raw_baseline(
    client: Client, parts: Parts, answers: int, idle_temporal: float
) -> tuple[float, float]:
    """Raw execute_update on an empty workflow (its worker in this process): updates per
    second, and the Temporal server's CPU ms per update."""
    queue = f"bench-scale-raw-{uuid.uuid4().hex[:6]}"
    run = uuid.uuid4().hex[:6]
    async with Worker(client, task_queue=queue, workflows=[EmptyWorkflow]):
        for i in range(10):
            await client.start_workflow(EmptyWorkflow.run, id=f"raw-{run}-{i}", task_queue=queue)

        async def update(_: int, i: int) -> None:
            await client.get_workflow_handle(f"raw-{run}-{i % 10}").execute_update(
                EmptyWorkflow.touch, Empty()
            )

        await rate(2 * CONCURRENCY, update)
        await quiet(parts)
        before, t0 = parts.snapshot(), time.monotonic()
        per_second, _ = await rate(answers, update)
        await quiet(parts)
        used = spent(before, parts.snapshot())
        elapsed = time.monotonic() - t0
        temporal_ms = max(0.0, used["Temporal"] - idle_temporal * elapsed) * 1000 / answers
        for i in range(10):
            await client.get_workflow_handle(f"raw-{run}-{i}").terminate()
    return per_second, temporal_ms


def show(
    setups: list[Setup], raw: tuple[float, float], database_kind: str, args: argparse.Namespace
) -> None:
    one, two = setups
    print(
        f"scale-out (`python -m bench.scale`): {os.cpu_count()} cores, one Temporal dev server, "
        f"{database_kind}, SMTP sink; {args.answers} answers per setup, {CONCURRENCY} in flight, "
        f"over {args.drafts} open rounds"
    )
    postgres = database_kind.startswith("PostgreSQL")
    print(
        f"  {'setup':<18}{'answers/s':>10}{'p50 ms':>8}  | CPU ms per answer: {'web':>6}"
        f"{'worker':>8}{'Temporal':>10}{'database':>10}{'total':>7}  | {'client':>6}"
    )
    for s in setups:
        c = s.cpu_ms
        total = sum(c[p] for p in SERVER_PARTS)
        db = f"{c['database']:.1f}" if postgres else "-"
        print(
            f"  {s.name:<18}{s.answers_per_second:10.1f}{s.p50:8.1f}  | {'':19}{c['web']:6.1f}"
            f"{c['worker']:8.1f}{c['Temporal']:10.1f}{db:>10}{total:7.1f}  | {c['client']:6.1f}"
        )
    if not postgres:
        print("  (SQLite: the database's CPU is inside the web and worker processes' figures)")
    print("  (client: this process, sending the answers; not in the total)")
    print(
        f"  two of each / one of each: {two.answers_per_second / one.answers_per_second:.0%} "
        f"of the answers per second"
    )
    print(
        f"  raw execute_update on an empty workflow (its worker in this process): {raw[0]:.1f}/s, "
        f"Temporal CPU {raw[1]:.1f} ms per update; API with one of each = "
        f"{one.answers_per_second / raw[0]:.0%} of raw"
    )
    idle = ", ".join(f"{p} {one.idle[p] * 1000:.0f}" for p in SERVER_PARTS)
    print(f"  idle CPU taken off (ms per second, one of each): {idle}")


async def main(args: argparse.Namespace) -> None:
    folder = Path(tempfile.mkdtemp(prefix="ppflow-scale-"))
    test_pg = os.environ.get("PPFLOW_TEST_DATABASE_URL")
    url, pg_name = database(test_pg, folder, "ppflow_scale")
    engine = make_engine(url)
    upgrade(engine)
    with make_sessionmaker(engine).begin() as session:
        seed_registry(session)
    engine.dispose()
    ports = {k: free_port() for k in ("temporal", "ui", "smtp")}
    sink = Controller(Sink(), hostname="127.0.0.1", port=ports["smtp"])
    sink.start()
    env = child_env(
        {"PYTHONUNBUFFERED": "1"},
        temporal_address=f"127.0.0.1:{ports['temporal']}",
        database_url=url,
        smtp_host="127.0.0.1",
        smtp_port=ports["smtp"],
        data_dir=folder,
        inbound_smtp="false",
    )
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        temporal_address=f"127.0.0.1:{ports['temporal']}",
        database_url=url,
        data_dir=folder,
    )
    temporal = temporal_server(folder, ports["temporal"], ports["ui"], env)
    parts = Parts(temporal, test_pg, pg_name)
    try:
        temporal.start()
        wait_for_port(ports["temporal"])
        client = await connect(settings)
        setups = [Setup("1 web + 1 worker", 1, 1), Setup("2 web + 2 workers", 2, 2)]
        for setup in setups:
            await measure(setup, parts, env, folder, settings, args.drafts, args.answers)
        raw = await raw_baseline(client, parts, args.answers, setups[0].idle["Temporal"])
    finally:
        temporal.stop(20)
        sink.stop()
        if parts.admin is not None:
            parts.admin.dispose()
        if pg_name and test_pg:
            drop_database(test_pg, pg_name)
        if args.keep:
            print(f"the run's folder: {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    show(setups, raw, f"PostgreSQL ({pg_name})" if pg_name else "SQLite", args)


def cli() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.scale", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--answers", type=int, default=1000, help="answers per setup (1000)")
    parser.add_argument("--drafts", type=int, default=10, help="open rounds to answer in (10)")
    parser.add_argument("--keep", action="store_true", help="keep the run's folder (logs)")
    asyncio.run(main(parser.parse_args()))


if __name__ == "__main__":
    cli()
