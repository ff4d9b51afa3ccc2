"""`ppflow db rebuild`: drafts in several phases (drafting, a round answered, withdrawn, in a
written procedure, endorsed at a meeting, with an expert mission), their read model emptied as a
database loss would leave it, rebuilt by the command from the workflows: the dashboard, the
timelines and every projected row are as they were."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import uuid
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import Integer, delete, or_, select
from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment

from models.db import Base, CommentRow, Round
from models.settings import Settings
from ppflow.rebuild import PROJECTIONS
from tests.app.test_processes import environment
from tests.conftest import Mailbox, free_port
from tests.web.test_api import LEAD, SEC, later, later_today, links_in, new_draft
from tests.workflows.test_lifecycle import eventually

ROOT = Path(__file__).resolve().parents[2]


def missions_of(drafts: set[str]) -> Any:
    missions = Base.metadata.tables["missions"]
    return select(missions.c.id).where(missions.c.draft_id.in_(drafts))


def rows_of(session: Session, drafts: set[str], meetings: set[str]) -> dict[str, list[Any]]:
    """Every projected row of these drafts and meetings (surrogate integer ids left out)."""
    rounds = select(Round.id).where(Round.draft_id.in_(drafts))
    comments = select(CommentRow.id).where(CommentRow.draft_id.in_(drafts))
    owners = sorted(drafts | meetings)
    out = {}
    for name in PROJECTIONS:
        table = Base.metadata.tables[name]
        c = table.c
        if name in ("drafts", "meetings"):
            where = c.id.in_(drafts if name == "drafts" else meetings)
        elif name in ("agenda_items", "meeting_attendance", "meeting_invitees"):
            where = c.meeting_id.in_(meetings)
        elif name in ("invitations", "answers"):
            where = c.round_id.in_(rounds)
        elif name == "dispositions":
            where = c.comment_id.in_(comments)
        elif name == "mission_members":
            where = c.mission_id.in_(missions_of(drafts))
        elif name == "events":
            where = or_(*(c.workflow_id.startswith(o) for o in owners))
        else:
            where = c.draft_id.in_(drafts)
        columns = [
            col for col in table.columns if not (col.name == "id" and isinstance(col.type, Integer))
        ]
        out[name] = sorted(
            tuple(str(v) for v in row) for row in session.execute(select(*columns).where(where))
        )
    return out


def forget(session: Session, drafts: set[str], meetings: set[str]) -> int:
    """Delete the rows as a database loss would (children first); how many there were."""
    rounds = select(Round.id).where(Round.draft_id.in_(drafts))
    comments = select(CommentRow.id).where(CommentRow.draft_id.in_(drafts))
    owners = sorted(drafts | meetings)
    t = Base.metadata.tables
    deleted = 0
    for table, where in (
        (t["dispositions"], t["dispositions"].c.comment_id.in_(comments)),
        (t["answers"], t["answers"].c.round_id.in_(rounds)),
        (t["invitations"], t["invitations"].c.round_id.in_(rounds)),
        (t["comments"], t["comments"].c.draft_id.in_(drafts)),
        (t["sections"], t["sections"].c.draft_id.in_(drafts)),
        (t["section_translations"], t["section_translations"].c.draft_id.in_(drafts)),
        (t["draft_translations"], t["draft_translations"].c.draft_id.in_(drafts)),
        (t["versions"], t["versions"].c.draft_id.in_(drafts)),
        (t["rounds"], t["rounds"].c.draft_id.in_(drafts)),
        (t["mission_members"], t["mission_members"].c.mission_id.in_(missions_of(drafts))),
        (t["missions"], t["missions"].c.draft_id.in_(drafts)),
        (t["decisions"], t["decisions"].c.draft_id.in_(drafts)),
        (t["profiles"], t["profiles"].c.draft_id.in_(drafts)),
        (t["agenda_items"], t["agenda_items"].c.meeting_id.in_(meetings)),
        (t["meeting_attendance"], t["meeting_attendance"].c.meeting_id.in_(meetings)),
        (t["meeting_invitees"], t["meeting_invitees"].c.meeting_id.in_(meetings)),
        (t["meetings"], t["meetings"].c.id.in_(meetings)),
        (t["events"], or_(*(t["events"].c.workflow_id.startswith(o) for o in owners))),
        (t["drafts"], t["drafts"].c.id.in_(drafts)),
    ):
        deleted += session.execute(delete(table).where(where)).rowcount
    return deleted


async def dashboard(api: httpx.AsyncClient, drafts: set[str]) -> dict[str, Any]:
    """What the Secretariat sees: the dashboard's list, each draft's timeline and files."""
    listed = (await api.get("/api/drafts?limit=500", headers=SEC)).json()["drafts"]
    seen: dict[str, Any] = {"list": [d for d in listed if d["id"] in drafts]}
    for draft in sorted(drafts):
        seen[draft] = (await api.get(f"/api/drafts/{draft}/events", headers=SEC)).json()
    page = await api.get("/api/drafts?phase=revision", headers=SEC)
    seen["revision"] = [d["id"] for d in page.json()["drafts"] if d["id"] in drafts]
    return seen


async def settled(sessions: sessionmaker[Session], drafts: set[str], meetings: set[str]) -> Any:
    """The read model once the workflows have written all they had to (twice the same)."""
    previous = None
    for _ in range(60):
        with sessions() as session:
            now = rows_of(session, drafts, meetings)
        if now == previous:
            return now
        previous = now
        await asyncio.sleep(1.0)
    raise AssertionError("the read model kept changing")


async def stack_with_drafts(
    api: httpx.AsyncClient, client: Client, mailbox: Mailbox
) -> tuple[set[str], set[str]]:
    """Drafts in several phases and a meeting, through the API, as the demo makes them."""

    async def start(**overrides: object) -> dict[str, Any]:
        r = await api.post("/api/drafts", headers=LEAD, json=new_draft(**overrides))
        assert r.status_code == 201, r.text
        return dict(r.json())

    async def call(url: str, body: object, headers: dict[str, str] = LEAD) -> dict[str, Any]:
        r = await api.post(url, headers=headers, json=body)
        assert r.status_code in (200, 201), r.text
        return dict(r.json())

    drafting = await start(title="Drafting: guidelines on return counselling")
    first_run = drafting["run_id"]
    for n in range(2, 14):  # revisions until the draft continues as new: events in two runs
        await call(
            f"/api/drafts/{drafting['draft_id']}/revisions",
            {"sections": [{"id": "s1", "title": "Introduction", "text": f"Purpose {n}."}]},
        )
    handle = client.get_workflow_handle(drafting["draft_id"])
    for _ in range(150):
        if (await handle.describe()).run_id != first_run:
            break
        await asyncio.sleep(0.2)
    assert (await handle.describe()).run_id != first_run
    answered = await start(title="Round: recommendations on labour migration")
    await call(
        f"/api/drafts/{answered['draft_id']}/translations",
        {"language": "ru", "title": "Рекомендации", "sections": [{"id": "s1", "title": "Цель"}]},
    )
    await call(
        f"/api/drafts/{answered['draft_id']}/rounds",
        {"invitees": {"participants": ["DE", "KZ"]}, "deadline": later(days=7)},
    )
    token = (await eventually(lambda: links_in(mailbox, answered["reference"], "DE"), 60))[0]
    await call(
        f"/api/review/{token}/answer",
        {
            "position": "comments",
            "reason": "Two points",
            "comments": [{"section_id": "s2", "text": "Add safeguards"}],
        },
    )
    withdrawn = await start(title="Withdrawn: a statement")
    await call(f"/api/drafts/{withdrawn['draft_id']}/withdraw", {"reason": "merged elsewhere"})
    silence = await start(title="Written procedure: conclusions on border management")
    await call(
        f"/api/drafts/{silence['draft_id']}/endorsement",
        {
            "route": "written_procedure",
            "deadline": later(days=5),
            "invitees": {"participants": ["AM", "GE"]},
        },
    )
    profile = await start(
        title="Extended Migration Profile of Montenegro",
        document_type="migration_profile",
        lead_state="ME",
        country="ME",  # one live profile per country: Georgia's is test_api's
    )
    await call(
        f"/api/drafts/{profile['draft_id']}/missions",
        {
            "experts": [{"name": "An Expert", "email": "expert@example.org"}],
            "starts_on": later(days=1),
            "ends_on": later(days=2),
            "findings_due": later(days=9),
        },
    )
    endorsed = await start(title="Endorsed: a work plan")
    meeting = await call(
        "/api/meetings",
        {
            "kind": "som",
            "title": "Senior Officials' Meeting",
            "place": "Poznan",
            "starts_at": (await later_today()).isoformat(),
            "invitees": {"participants": ["PL", "DE"]},
            "slug": f"som-{uuid.uuid4().hex[:8]}",
            "ends_at": later(days=1),
            "host": "PL",
            "co_chairs": ["PL", "DE"],
        },
        SEC,
    )
    meeting_id = meeting["meeting_id"]
    await call(f"/api/meetings/{meeting_id}/attendance", {"participants": ["PL", "DE"]}, SEC)
    await call(
        f"/api/drafts/{endorsed['draft_id']}/endorsement",
        {"route": "meeting", "meeting_id": meeting_id},
    )
    await call(
        f"/api/meetings/{meeting_id}/decisions",
        {"draft_id": endorsed["draft_id"], "decision": "endorsed"},
        SEC,
    )
    drafts = {d["draft_id"] for d in (drafting, answered, withdrawn, silence, profile, endorsed)}
    return drafts, {meeting_id}


def ppflow_rebuild(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from app.cli import main; main()", "db", "rebuild"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
    )


async def test_the_read_model_is_rebuilt_from_the_workflows_to_the_same_dashboard(
    api: httpx.AsyncClient,
    run_worker: Any,
    dev_env: WorkflowEnvironment,
    settings: Settings,
    sessions: sessionmaker[Session],
    mailbox: Mailbox,
) -> None:
    async with run_worker(dev_env.client):
        drafts, meetings = await stack_with_drafts(api, dev_env.client, mailbox)
        before = await settled(sessions, drafts, meetings)
        seen = await dashboard(api, drafts)
        phases = {d["phase"] for d in seen["list"]}
        assert {"drafting", "consultation", "withdrawn", "endorsement", "final"} <= phases
        assert before["answers"] and before["missions"] and before["decisions"]
        assert before["section_translations"] and before["draft_translations"]
        assert len(before["events"]) >= 15

        with sessions.begin() as session:
            assert forget(session, drafts, meetings) > 50
        assert (await dashboard(api, drafts))["list"] == []  # the loss, as a user sees it

        done = await asyncio.to_thread(
            ppflow_rebuild, environment(dev_env, settings, free_port())
        )
        assert done.returncode == 0, done.stdout + done.stderr
        assert "read model rebuilt from task queue" in done.stdout
        assert "6 draft(s)" in done.stdout and "1 meeting(s)" in done.stdout, done.stdout
        assert "payloads" in done.stdout  # it says what it cannot bring back

        after = await settled(sessions, drafts, meetings)
        assert await dashboard(api, drafts) == seen
        for table in PROJECTIONS:
            if table != "rounds":
                assert after[table] == before[table], table
        # A round's opening time: the draft's and the round's projections each write their own
        # (a fraction of a second apart), the last one stays; a written procedure's status has
        # none, its workflow's start is taken.
        assert len(after["rounds"]) == len(before["rounds"])
        for old, new in zip(before["rounds"], after["rounds"], strict=True):
            # id, draft_id, kind, number, version, opened_at, deadline, ...
            assert old[:5] == new[:5] and old[6:] == new[6:], (old, new)
            opened = [datetime.fromisoformat(x) for x in (old[5], new[5])]
            assert abs(opened[0] - opened[1]) < timedelta(seconds=5), (old, new)

        # a rebuild twice writes nothing twice
        again = await asyncio.to_thread(
            ppflow_rebuild, environment(dev_env, settings, free_port())
        )
        assert again.returncode == 0, again.stdout + again.stderr
        assert await settled(sessions, drafts, meetings) == after


def test_a_rebuild_without_a_worker_says_to_start_one(
    dev_env: WorkflowEnvironment, settings: Settings
) -> None:
    env = environment(dev_env, settings, free_port())
    env["PPFLOW_TASK_QUEUE"] = f"{settings.task_queue}-nobody"
    for _ in range(3):  # a client left alive at exit once aborted Python's shutdown (SIGABRT)
        done = ppflow_rebuild(env)
        assert done.returncode == 1, done.stderr[-3000:]
    assert "no worker polls task queue" in done.stderr and "ppflow worker" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout
