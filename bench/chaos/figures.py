"""What a chaos run found, checked against what the rounds, the read model, the outbox and the
relay hold afterwards."""

from __future__ import annotations

import asyncio
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import Client, WorkflowQueryFailedError
from temporalio.service import RPCError, RPCStatusCode

from bench.chaos.drive import Submission
from bench.chaos.parts import Delivery, Relay
from mail.transport import GroupCommit
from models.db import AnswerRow, Notice


@dataclass
class Fault:
    # worker killed | web process killed | temporal restarted | relay refusing | relay gone |
    # database refusing
    kind: str
    start: float  # seconds since the run began
    end: float


async def round_answers(
    client: Client, round_ids: set[str]
) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """Each round's answers by participant, as the round workflow holds them (a round opened
    on its draft whose workflow never started is left out), and the rounds a worker could not
    replay (a query replays the workflow's history on a worker)."""
    found: dict[str, dict[str, Any]] = {}
    unreplayable: list[str] = []
    lanes = asyncio.Semaphore(8)

    async def one(round_id: str) -> None:
        async with lanes:
            try:
                status = await _status(client, round_id)
            except WorkflowQueryFailedError as e:
                unreplayable.append(f"{round_id}: {str(e)[:160]}")
                return
            except RPCError as e:  # its workflow task keeps failing: the round is stuck
                if "failed state" not in str(e):
                    raise
                unreplayable.append(f"{round_id}: stuck, {str(e)[:160]}")
                return
        if status is not None:
            found[round_id] = {a["participant_id"]: a for a in status["answers"]}

    await asyncio.gather(*(one(r) for r in sorted(round_ids)))
    return found, unreplayable


async def _status(client: Client, workflow_id: str) -> Any:
    for attempt in range(10):  # a query needs a worker: one may be starting again
        try:
            return await asyncio.wait_for(
                client.get_workflow_handle(workflow_id).query(
                    "status", rpc_timeout=timedelta(seconds=20)
                ),
                30,
            )
        except TimeoutError:
            if attempt == 9:
                raise
            continue
        except RPCError as e:
            if e.status == RPCStatusCode.NOT_FOUND:
                return None
            if attempt == 9:
                raise
            await asyncio.sleep(3)
    return None


def check_answers(
    submissions: list[Submission], rounds: dict[str, dict[str, Any]], read_model: dict[Any, Any]
) -> dict[str, int]:
    """Every 2xx answer is in its round (the last one a sender was told was recorded is the one
    the round holds), nothing a sender was told was NOT recorded is there, and the read model
    agrees with the round."""
    by_link: dict[tuple[str, str], list[Submission]] = defaultdict(list)
    for s in submissions:
        by_link[(s.round_id, s.participant)].append(s)
    missing = recorded_after_no = unknown = read_model_behind = 0
    for (round_id, participant), sent in by_link.items():
        held = rounds.get(round_id, {}).get(participant)
        nonce = held["reason"] if held else None
        revision = held["revision"] if held else 0
        ok = [s for s in sent if s.outcome == "ok"]
        maybe = [s for s in sent if s.outcome == "unknown" and not s.said_not_recorded]
        told_no = [s for s in sent if s.said_not_recorded]
        unknown += sum(1 for s in sent if s.outcome == "unknown")
        if ok:  # the round holds the last answer confirmed, or a later one still unconfirmed
            last = sent.index(ok[-1])
            allowed = {ok[-1].nonce} | {s.nonce for s in sent[last:] if s in maybe}
            if nonce not in allowed or revision < len(ok):
                missing += 1
        if nonce in {s.nonce for s in told_no} or revision > len(ok) + len(maybe):
            recorded_after_no += 1
        row = read_model.get((round_id, participant))
        if held and (row is None or row != (nonce, revision)):
            read_model_behind += 1
    return {
        "answers sent": len(submissions),
        "answers that got 2xx": sum(1 for s in submissions if s.outcome == "ok"),
        "answers refused with a reason (4xx)": sum(
            1 for s in submissions if s.outcome == "refused"
        ),
        "answers without a final reply when the run ended": unknown,
        "2xx answers missing from the rounds afterwards": missing,
        "answers recorded after a NOT recorded reply": recorded_after_no,
        "answers the read model shows differently from the round": read_model_behind,
    }


async def work_by_worker(
    client: Client, workflow_ids: list[str], pids: dict[str, list[int]]
) -> dict[str, dict[str, int]]:
    """Workflow tasks and activities each worker completed, from the workflows' histories: the
    `identity` of a WorkflowTaskCompleted or ActivityTaskCompleted event is `PID@host` of the
    worker that did it (the Started event of a task that came with an update may have none), and
    each worker's PIDs (one per start) are known. Anything else is counted as "other"."""
    owner = {pid: name for name, started in pids.items() for pid in started}
    work: dict[str, Counter[str]] = {name: Counter() for name in [*pids, "other"]}
    lanes = asyncio.Semaphore(8)

    async def one(workflow_id: str) -> None:
        async with lanes:
            try:
                history = await client.get_workflow_handle(workflow_id).fetch_history()
            except RPCError:
                return
        for event in history.events:
            if event.HasField("workflow_task_completed_event_attributes"):
                kind = "workflow tasks"
                identity = event.workflow_task_completed_event_attributes.identity
            elif event.HasField("activity_task_completed_event_attributes"):
                kind = "activities"
                identity = event.activity_task_completed_event_attributes.identity
            else:
                continue
            pid = identity.split("@", 1)[0]
            work[owner.get(int(pid), "other") if pid.isdigit() else "other"][kind] += 1

    await asyncio.gather(*(one(w) for w in sorted(set(workflow_ids))))
    return {name: dict(sorted(c.items())) for name, c in work.items() if c or name != "other"}


def read_model_answers(sessions: sessionmaker[Session]) -> dict[tuple[str, str], tuple[str, int]]:
    with sessions() as session:
        return {
            (a.round_id, a.participant_id): (a.reason, a.revision)
            for a in session.scalars(select(AnswerRow))
        }


def outbox_figures(sessions: sessionmaker[Session], relay: Relay) -> dict[str, Any]:
    """The outbox read first, the relay after: a row is marked sent only once the relay took
    it, so every row read as sent must be among what the relay holds afterwards."""
    with sessions() as session:
        by_status = dict(
            session.execute(select(Notice.status, func.count()).group_by(Notice.status)).all()
        )
        sent_ids = set(session.scalars(select(Notice.message_id).filter_by(status="sent")))
        waited = session.scalar(
            select(func.count()).select_from(Notice).where(Notice.error.is_not(None))
        )
    deliveries = relay.snapshot()
    at_relay = {d.message_id for d in deliveries}
    return {
        "notices in the outbox": sum(by_status.values()),
        "notices by status": by_status,
        "notices that waited with their reason recorded": waited,
        "mails at the relay": len(deliveries),
        "notices marked sent that never reached the relay": len(sent_ids - at_relay),
    }


def duplicates(relay: list[Delivery], faults: list[Fault], t0: float, pool: int) -> dict[str, Any]:
    """Message-IDs the relay took twice, and whether each falls in the documented window: the
    relay took it just before a sender died or lost the database (its row not yet marked)."""
    first: dict[str, float] = {}
    counts: Counter[str] = Counter()
    for d in relay:
        counts[d.message_id] += 1
        first.setdefault(d.message_id, d.at - t0)
    twice = [m for m, n in counts.items() if n > 1]
    causes = [f for f in faults if f.kind in ("worker killed", "database refusing", "relay gone")]
    per_fault: Counter[int] = Counter()
    by_kind: Counter[str] = Counter()
    outside = 0
    for m in twice:
        cause = next(
            (i for i, f in enumerate(causes) if f.start - 3.0 <= first[m] <= f.end + 1.0), None
        )
        if cause is None:
            outside += 1
        else:
            per_fault[cause] += 1
            by_kind[causes[cause].kind] += 1
    return {
        "Message-IDs delivered twice": len(twice),
        "of them outside the documented window": outside,
        "most delivered twice around one fault": max(per_fault.values(), default=0),
        "by fault": dict(by_kind),
        "documented window (per sending connection)": (
            f"the mails of one {GroupCommit.INTERVAL * 1000:.0f} ms batch + {GroupCommit.MAX_AHEAD}"
        ),
        "sending connections per worker": pool,
    }


def goals(figures: dict[str, Any]) -> dict[str, bool]:
    answers, mail, statuses = figures["answers"], figures["mail"], figures["responses"]
    resumed = figures["restarts"]
    return {
        "no 2xx answer missing": answers["2xx answers missing from the rounds afterwards"] == 0,
        "nothing recorded after NOT recorded": answers[
            "answers recorded after a NOT recorded reply"
        ]
        == 0,
        "read model agrees with the rounds": answers[
            "answers the read model shows differently from the round"
        ]
        == 0,
        "no duplicate outside the window": mail["Message-IDs delivered twice"][
            "of them outside the documented window"
        ]
        == 0,
        "no notice marked sent and lost": mail["notices marked sent that never reached the relay"]
        == 0,
        "outbox drained": mail["notices by status"].get("pending", 0) == 0,
        "everything settled in time": figures["settled"] == "yes",
        "no process exited unasked": not figures["unplanned exits"],
        "every round replays": not figures["rounds a worker could not replay"],
        "every round opened is running": figures["rounds running or done"]
        == figures["rounds opened"]
        == figures["plan"]["drafts"],
        "every workflow resumed after every restart": all(
            r["resumed"] == r["workflows"] for r in resumed
        ),
        "every worker took workflow tasks and activities": all(
            work.get("workflow tasks", 0) > 0 and work.get("activities", 0) > 0
            for name, work in figures["work by worker"].items()
            if name != "other"
        ),
        "every web process answered requests": all(
            n > 0 for n in figures["responses by web process"].values()
        ),
        "no 5xx but 503 with Retry-After": statuses.get("5xx", 0)
        == statuses.get("503 busy, Retry-After", 0)
        and statuses.get("no response", 0) == 0,
    }
