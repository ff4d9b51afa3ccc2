"""`make chaos` (`python -m bench.chaos [--quick]`): ppflow under faults, with figures.

Starts the parts as separate processes (the Temporal dev server with its SQLite file, two
`ppflow worker`s, two `ppflow web`s on ports of their own, a mail relay of the run's own, the
database: SQLite, or the PostgreSQL at PPFLOW_TEST_DATABASE_URL through a gate of ours), drives
drafts with comment rounds (20 participants; 10 quick) through both web processes while it kills
workers and a web process with SIGKILL, restarts the Temporal server, makes the relay refuse
(421) and vanish and the database refuse connections; then lets everything settle and checks
what the rounds, the read model, the outbox and the relay hold, that every worker took work
(their PIDs in the workflows' histories) and that every web process answered. Prints the
figures, writes them as JSON, and exits 1 when a goal is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import sys
import tempfile
import time
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import create_engine, text

from bench.chaos.drive import LANES, Driver, WebEnd
from bench.chaos.faults import Faults
from bench.chaos.figures import (
    check_answers,
    duplicates,
    goals,
    outbox_figures,
    read_model_answers,
    round_answers,
    work_by_worker,
)
from bench.chaos.parts import (
    DatabaseGate,
    Relay,
    child_env,
    free_port,
    ppflow,
    temporal_server,
    wait_for_port,
)
from models.connection import connect
from models.db import make_engine, make_sessionmaker
from models.links import read_token
from models.migrate import upgrade
from models.settings import Settings
from ppflow.registry import seed_registry

BEHIND = "answers the read model shows differently from the round"
# A projection that was running on a killed worker is retried after its start-to-close timeout
# (60 s) and the retry policy's back-off: the read model is given that long to agree.
READ_MODEL_GRACE = 90


@dataclass
class Plan:
    drafts: int
    workers: int
    kills: int
    temporal_restarts: int
    relay_outage: float  # seconds: the first half 421, the second half gone
    database_outage: float
    phase: float  # seconds of load and faults
    settle: float  # at most this long afterwards for everything to go through
    webs: int = 2  # `ppflow web` processes, each on a port of its own
    web_kills: int = 1  # SIGKILLs of a web process, midway (30-70% of the phase)
    participants: int = 20  # invited to each round (each gets a mail, answers, is told it closed)


FULL = Plan(100, 2, 20, 2, 120, 30, 300, 240, webs=2, web_kills=2, participants=20)
QUICK = Plan(50, 2, 4, 1, 16, 8, 40, 60, webs=2, web_kills=1, participants=10)


def database(url: str | None, folder: Path, prefix: str = "ppflow_chaos") -> tuple[str, str | None]:
    """A database of the run's own: a fresh PostgreSQL database beside the given one, or a
    SQLite file. Returns its URL and the PostgreSQL database to drop afterwards."""
    if not url:
        return f"sqlite:///{folder / 'ppflow.db'}", None
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    from sqlalchemy.engine import make_url

    return make_url(url).set(database=name).render_as_string(hide_password=False), name


def drop_database(url: str, name: str) -> None:
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


async def run(plan: Plan, seed: int, folder: Path) -> dict[str, Any]:
    rng = random.Random(seed)
    test_pg = os.environ.get("PPFLOW_TEST_DATABASE_URL")
    url, pg_name = database(test_pg, folder)
    engine = make_engine(url)
    upgrade(engine)
    sessions = make_sessionmaker(engine)
    with sessions.begin() as session:
        seed_registry(session)
    ports = {k: free_port() for k in ("temporal", "ui", "relay", "gate")}
    web_ports = [free_port() for _ in range(plan.webs)]
    relay = Relay(ports["relay"])
    relay.up()
    gate = DatabaseGate(url, ports["gate"])
    await gate.open()
    web_urls = [f"http://127.0.0.1:{port}" for port in web_ports]
    env = child_env(
        {"PYTHONUNBUFFERED": "1"},
        temporal_address=f"127.0.0.1:{ports['temporal']}",
        database_url=gate.app_url,
        smtp_host="127.0.0.1",
        smtp_port=ports["relay"],
        smtp_timeout=10,
        data_dir=folder,
        web_port=web_ports[0],
        public_base_url=web_urls[0],
        task_queue="ppflow-chaos",
        outbox_claim_seconds=20,
        inbound_smtp="false",
    )
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        temporal_address=f"127.0.0.1:{ports['temporal']}",
        database_url=url,
        data_dir=folder,
        task_queue="ppflow-chaos",
    )
    temporal = temporal_server(folder, ports["temporal"], ports["ui"], env)
    workers = [ppflow("worker", f"worker-{i + 1}", env, folder) for i in range(plan.workers)]
    webs = [
        ppflow("web", f"web-{i + 1}", {**env, "PPFLOW_WEB_PORT": str(port)}, folder)
        for i, port in enumerate(web_ports)
    ]
    children = [temporal, *workers, *webs]
    try:
        temporal.start()
        wait_for_port(ports["temporal"])
        for w in workers:
            w.start()
        for web in webs:
            web.start()
        for port in web_ports:
            wait_for_port(port)
        client = await connect(settings)
        t0 = time.monotonic()
        driver = Driver(
            [WebEnd(url, web) for url, web in zip(web_urls, webs, strict=True)],
            relay,
            rng,
            lambda token: read_token(settings, token),
            answers_until=t0 + plan.phase,
            give_up_at=t0 + plan.phase + plan.settle - 10,
            participants=plan.participants,
        )
        faults = Faults(plan, rng, t0, temporal, workers, webs, relay, gate, client, driver)
        limits = httpx.Limits(max_connections=LANES, max_keepalive_connections=LANES)
        async with httpx.AsyncClient(timeout=60, limits=limits) as http:
            driver.http = http
            breaking = asyncio.create_task(faults.run())
            starts = [
                asyncio.create_task(starter(driver, n, t0 + n * plan.phase * 0.4 / plan.drafts))
                for n in range(plan.drafts)
            ]
            said = t0
            while time.monotonic() < t0 + plan.phase:
                driver.watch_invitations()
                if time.monotonic() - said >= 15:
                    progress(driver, faults, t0)
                    said = time.monotonic()
                await asyncio.sleep(0.5)
            print(f"[{time.monotonic() - t0:5.0f} s] load over; waiting for the last faults")
            await breaking  # every part is up again
            print(f"[{time.monotonic() - t0:5.0f} s] every part is up; settling", flush=True)
            await asyncio.gather(*starts)
            # the settling time counts from when the last fault is over (and its probe done)
            driver.give_up_at = time.monotonic() + plan.settle - 10
            settled = await settle(driver, sessions, time.monotonic() + plan.settle)
            await asyncio.gather(*driver.tasks)
        elapsed = time.monotonic() - t0
        mail = outbox_figures(sessions, relay)
        deliveries = relay.snapshot()
        with (folder / "relay.jsonl").open("w") as out:  # what the relay took, for a look later
            for d in deliveries:
                out.write(json.dumps({"message_id": d.message_id, "to": d.to, "at": d.at - t0}))
                out.write("\n")
        # a client of its own for the reading: the run's has lived through two server restarts
        reader = await connect(settings)
        rounds, unreplayable = await round_answers(
            reader, {d.round_id for d in driver.drafts if d.round_id}
        )
        work = await work_by_worker(
            reader,
            [d.draft_id for d in driver.drafts] + [d.round_id for d in driver.drafts if d.round_id],
            {w.name: w.pids for w in workers},
        )
        mail["Message-IDs delivered twice"] = duplicates(deliveries, faults.log, t0, 2)
        # The read model is a projection: a projection on a killed worker is tried again only
        # after its 60 s start-to-close timeout. It must agree with the rounds, given that long.
        caught_up = time.monotonic()
        answers = check_answers(driver.submissions, rounds, read_model_answers(sessions))
        while answers[BEHIND] and time.monotonic() - caught_up < READ_MODEL_GRACE:
            await asyncio.sleep(5)
            answers = check_answers(driver.submissions, rounds, read_model_answers(sessions))
        answers["seconds the read model took to agree after settling"] = round(
            time.monotonic() - caught_up
        )
        figures: dict[str, Any] = {
            "plan": asdict(plan),
            "seed": seed,
            "database": "PostgreSQL" if pg_name else "SQLite",
            "seconds": round(elapsed, 1),
            "settled": settled,
            "drafts started": len(driver.drafts),
            "rounds opened": sum(1 for d in driver.drafts if d.round_id),
            "rounds running or done": len(rounds) + len(unreplayable),
            "rounds a worker could not replay": unreplayable,
            "answers": answers,
            "mail": mail,
            "restarts": faults.resumed,
            "faults": [asdict(f) for f in faults.log],
            "responses": dict(sorted(driver.statuses.items())),
            "responses by web process": {w.child.name: w.responses for w in driver.webs},
            "work by worker": work,
            "server errors (first 10)": driver.bad[:10],
            "unplanned exits": {c.name: c.exits for c in children if c.exits},
        }
        figures["goals"] = goals(figures)
        return figures
    finally:
        for child in reversed(children):
            child.stop(10)
        relay.vanish()
        await gate.refuse()
        engine.dispose()
        if pg_name and test_pg:
            drop_database(test_pg, pg_name)


def progress(driver: Driver, faults: Faults, t0: float) -> None:
    answers = driver.submissions
    print(
        f"[{time.monotonic() - t0:5.0f} s] drafts {len(driver.drafts)}, links {len(driver.links)}, "
        f"answers {sum(1 for s in answers if s.outcome == 'ok')}/{len(answers)} recorded, "
        f"mails at the relay {len(driver.relay.snapshot())}, faults {len(faults.log)}",
        flush=True,
    )


async def starter(driver: Driver, n: int, at: float) -> None:
    await asyncio.sleep(max(0.0, at - time.monotonic()))
    await driver.start_draft(n, driver.run_id)


async def settle(driver: Driver, sessions: Any, until: float) -> str:
    """Until every reviewer is done, the outbox is empty and the relay quiet (or time is up)."""
    from sqlalchemy import func, select

    from models.db import Notice

    quiet_since, seen = time.monotonic(), -1
    while True:
        driver.watch_invitations()
        with sessions() as session:
            pending = session.scalar(
                select(func.count()).select_from(Notice).filter_by(status="pending")
            )
        delivered = len(driver.relay.snapshot())
        if delivered != seen:
            quiet_since, seen = time.monotonic(), delivered
        waiting = {
            "notices pending": pending,
            "reviewers still sending": sum(1 for t in driver.tasks if not t.done()),
            "invitations not yet at the relay": driver.participants
            * sum(1 for d in driver.drafts if d.round_id)
            - len(driver.links),
        }
        waiting["mail still arriving"] = int(time.monotonic() - quiet_since < 3)
        if not any(waiting.values()):
            return "yes"
        if time.monotonic() > until:
            return "no: " + ", ".join(f"{k} {v}" for k, v in waiting.items() if v)
        await asyncio.sleep(1)


def show(figures: dict[str, Any]) -> None:
    print(f"chaos run: {figures['database']}, seed {figures['seed']}, {figures['seconds']} s")
    plan = figures["plan"]
    print(
        f"  {plan['drafts']} drafts x {plan['participants']} participants through "
        f"{plan['webs']} web processes; "
        f"{plan['kills']} worker SIGKILLs, {plan['web_kills']} web process SIGKILLs, "
        f"{plan['temporal_restarts']} Temporal restarts, relay out {plan['relay_outage']:.0f} s, "
        f"database out {plan['database_outage']:.0f} s"
    )
    print(
        f"  drafts started {figures['drafts started']}, rounds opened {figures['rounds opened']}"
        f" ({figures['rounds running or done']} running or done)"
    )
    for section in ("answers", "mail"):
        for key, value in figures[section].items():
            print(f"  {key}: {value}")
    for r in figures["restarts"]:
        print(
            f"  after {r['what']} at {r['at']:.0f} s: {r['resumed']}/{r['workflows']} workflows "
            f"answered within {r['seconds']:.1f} s"
        )
    print(f"  responses: {figures['responses']}")
    print(f"  responses by web process: {figures['responses by web process']}")
    for name, work in figures["work by worker"].items():
        print(f"  {name} took {work}")
    for line in figures["server errors (first 10)"]:
        print(f"    {line}")
    print(f"  unplanned exits: {figures['unplanned exits']}")
    for line in figures["rounds a worker could not replay"]:
        print(f"  NOT REPLAYABLE {line}")
    print(f"  settled: {figures['settled']}")
    for goal, met in figures["goals"].items():
        print(f"  [{'ok' if met else 'MISSED'}] {goal}")


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.chaos", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--quick", action="store_true", help="the CI run: under 2.5 minutes")
    parser.add_argument(
        "--seed",
        type=int,
        default=int(os.environ.get("PPFLOW_SEED", "7")),
        help="draws the faults' moments and the reviewers' choices (default 7, or PPFLOW_SEED)",
    )
    parser.add_argument("--drafts", type=int, help="drafts to drive (default 100, quick 50)")
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("test-artifacts/chaos.json"),
        help="where the figures go as JSON (default test-artifacts/chaos.json)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the run's folder (logs, DBs)")
    args = parser.parse_args()
    plan = QUICK if args.quick else FULL
    if args.drafts:
        plan.drafts = args.drafts
    folder = Path(tempfile.mkdtemp(prefix="ppflow-chaos-"))
    try:
        figures = asyncio.run(run(plan, args.seed, folder))
    finally:
        if args.keep:
            print(f"the run's folder: {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    show(figures)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(figures, indent=2, default=str))
    print(f"figures written to {args.out}")
    sys.exit(0 if all(figures["goals"].values()) else 1)


if __name__ == "__main__":
    main()
