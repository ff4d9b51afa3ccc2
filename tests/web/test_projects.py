"""Projects as work items: the PP TI pilot projects with their leads and outputs, seeded once;
an output linked to the draft that produces it (started through the API on the real Temporal)
shows the draft's phase, and is delivered once the draft is final and endorsed."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import date
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session, sessionmaker
from temporalio.testing import WorkflowEnvironment

from models.db import make_sessionmaker
from models.db_projects import Project, ProjectOutput
from models.domain import OutputStatus, Phase
from models.migrate import upgrade
from models.settings import Settings
from ppflow import accounts
from ppflow.accounts import Role
from ppflow.projects import effective_status, period_label, seed_projects
from ppflow.registry import seed_registry
from tests.conftest import until
from tests.web.accounts import make_user, sign_in
from tests.web.test_api import LEAD, SEC, later_today, new_draft
from web.app import create_app

PILOTS = {  # the project sheet: who leads each pilot project, and with whom
    "ppti-1": ("PL", ["SK", "RO"]),
    "ppti-2": ("HU", []),
    "ppti-3": ("CZ", []),
    "ppti-4": ("SE", ["DE"]),
}


def token_for(sessions: sessionmaker[Session], role: Role, participant: str | None = None) -> dict:
    """A personal API token of a new account with this role."""
    name = make_user(sessions, role, participant)
    with sessions.begin() as session:
        user = accounts.find_user(session, name)
        assert user is not None
        token = accounts.create_token(session, user, "projects test")
    return {"Authorization": f"Bearer {token}"}


async def output(api: httpx.AsyncClient, project: str, number: int) -> dict[str, Any]:
    r = await api.get(f"/api/projects/{project}", headers=SEC)
    assert r.status_code == 200, r.text
    return next(o for o in r.json()["outputs"] if o["number"] == number)


async def in_read_model(api: httpx.AsyncClient, draft: str) -> None:
    async def listed() -> bool:
        drafts = (await api.get("/api/drafts?limit=500", headers=SEC)).json()["drafts"]
        return any(d["id"] == draft for d in drafts)

    await until(listed)


def test_a_fresh_database_is_seeded_once() -> None:
    engine = create_engine("sqlite://")
    upgrade(engine)
    sessions = make_sessionmaker(engine)
    with sessions.begin() as session:
        seed_registry(session)
        assert seed_projects(session) > 0
    with sessions.begin() as session:
        before = session.scalar(select(func.count()).select_from(ProjectOutput))
        session.execute(
            ProjectOutput.__table__.update()  # type: ignore[attr-defined]
            .where(ProjectOutput.project_id == "ppti-3", ProjectOutput.number == 3)
            .values(status="in_progress")
        )
        assert seed_projects(session) == 0  # seeding twice adds nothing...
        assert session.scalar(select(func.count()).select_from(ProjectOutput)) == before
        pilots = session.scalars(select(Project).where(Project.programme == "PP TI")).all()
        assert {p.id for p in pilots} == set(PILOTS)
        changed = session.scalars(
            select(ProjectOutput).filter_by(project_id="ppti-3", number=3)
        ).one()
        assert changed.status == "in_progress"  # ...and changes nothing already recorded


def test_the_status_and_period_rules() -> None:
    assert effective_status(OutputStatus.PLANNED, Phase.FINAL) == OutputStatus.DELIVERED
    assert effective_status(OutputStatus.IN_PROGRESS, Phase.FINAL) == OutputStatus.DELIVERED
    assert effective_status(OutputStatus.PLANNED, Phase.CONSULTATION) == OutputStatus.IN_PROGRESS
    assert effective_status(OutputStatus.PLANNED, Phase.WITHDRAWN) == OutputStatus.PLANNED
    assert effective_status(OutputStatus.PLANNED, None) == OutputStatus.PLANNED
    assert period_label(date(2012, 1, 1), date(2016, 12, 31)) == "2012–2016"
    assert period_label(date(2011, 7, 1), date(2012, 7, 31)) == "07.2011–07.2012"


async def test_the_pilot_projects_with_their_leads_and_outputs(api: httpx.AsyncClient) -> None:
    r = await api.get("/api/projects?programme=PP TI", headers=LEAD)
    assert r.status_code == 200, r.text
    projects = {p["id"]: p for p in r.json()}
    assert set(projects) == set(PILOTS)
    for pid, (lead, supporting) in PILOTS.items():
        assert projects[pid]["lead_state"]["id"] == lead
        assert [s["id"] for s in projects[pid]["supporting_states"]] == supporting
        assert projects[pid]["period"] == "2012–2016"
    assert projects["ppti-1"]["lead_state"]["name_ru"] == "Польша"
    readmission = projects["ppti-1"]["outputs"][1]
    assert readmission["title"].startswith("Prague Process Guidelines on concluding readmission")
    assert readmission["document_type"] == "guidelines" and readmission["kind"] == "document"
    assert "соглашений о реадмиссии" in readmission["title_ru"]
    assert [o["document_type"] for o in projects["ppti-2"]["outputs"]] == [
        "best_practices",
        "recommendations",
        None,
    ]
    assert len(projects["ppti-4"]["outputs"]) == 4
    assert (await api.get("/api/projects", headers=SEC)).json()[-1]["programme"] == "BMP"
    r = await api.get("/api/projects/ppti-9", headers=SEC)
    assert r.status_code == 404 and "no project ppti-9" in r.json()["detail"]


async def test_an_output_follows_its_draft_to_delivered(  # type: ignore[no-untyped-def]
    api: httpx.AsyncClient, run_worker, dev_env, sessions
) -> None:
    observer = token_for(sessions, Role.OBSERVER)
    hungary = token_for(sessions, Role.DRAFTING_STATE, "HU")
    async with run_worker(dev_env.client):
        draft = (await api.post("/api/drafts", json=new_draft(), headers=LEAD)).json()["draft_id"]
        await in_read_model(api, draft)
        link = "/api/projects/ppti-1/outputs/2/link"

        r = await api.post(link, headers=observer, json={"draft_id": draft})
        assert r.status_code == 403 and "observer" in r.json()["detail"]
        r = await api.post(link, headers=hungary, json={"draft_id": draft})
        assert r.status_code == 403 and "PL, SK, RO" in r.json()["detail"]
        r = await api.post(link, headers=SEC, json={"draft_id": "draft-nowhere"})
        assert r.status_code == 404 and "no draft draft-nowhere" in r.json()["detail"]
        r = await api.post(
            "/api/projects/ppti-2/outputs/2/link", headers=SEC, json={"draft_id": draft}
        )
        assert r.status_code == 422 and "Recommendations document" in r.json()["detail"]
        r = await api.post(
            "/api/projects/ppti-1/outputs/3/link", headers=SEC, json={"draft_id": draft}
        )
        assert r.status_code == 422 and "not a document" in r.json()["detail"]

        r = await api.post(link, headers=LEAD, json={"draft_id": draft})
        assert r.status_code == 200, r.text
        linked = await output(api, "ppti-1", 2)
        assert linked["draft"]["id"] == draft and linked["draft"]["phase"] == "drafting"
        assert linked["status"] == "in_progress"
        r = await api.post(
            "/api/projects/ppti-3/outputs/2/link", headers=SEC, json={"draft_id": draft}
        )
        assert r.status_code == 409 and "output 2 of ppti-1" in r.json()["detail"]
        r = await api.patch(
            "/api/projects/ppti-1/outputs/2", headers=SEC, json={"status": "delivered"}
        )
        assert r.status_code == 409 and "final and endorsed" in r.json()["detail"]
        r = await api.patch(
            "/api/projects/ppti-1/outputs/3", headers=observer, json={"status": "delivered"}
        )
        assert r.status_code == 403

        # endorsed at a SOM: final, and the output is delivered
        meeting = (
            await api.post(
                "/api/meetings",
                headers=SEC,
                json={
                    "kind": "som",
                    "title": f"Senior Officials' Meeting {draft[-8:]}",
                    "place": "Warsaw",
                    "starts_at": (await later_today()).isoformat(),
                    "invitees": {"participants": ["PL", "SK", "RO"]},
                },
            )
        ).json()["meeting_id"]
        r = await api.post(
            f"/api/drafts/{draft}/endorsement",
            headers=LEAD,
            json={"route": "meeting", "meeting_id": meeting},
        )
        assert r.status_code == 200, r.text
        r = await api.post(
            f"/api/meetings/{meeting}/decisions",
            headers=SEC,
            json={"draft_id": draft, "decision": "endorsed", "notes": "By consensus"},
        )
        assert r.status_code == 200, r.text

        async def delivered() -> dict[str, Any] | None:
            found = await output(api, "ppti-1", 2)
            return found if found["status"] == "delivered" else None

        done = await until(delivered)
        assert done["draft"]["phase"] == "final"
        r = await api.patch(
            "/api/projects/ppti-1/outputs/2", headers=SEC, json={"status": "planned"}
        )
        assert r.status_code == 409 and "is final and endorsed" in r.json()["detail"]


async def test_starting_a_draft_for_an_output_links_it(  # type: ignore[no-untyped-def]
    api: httpx.AsyncClient, run_worker, dev_env
) -> None:
    async with run_worker(dev_env.client):
        start = new_draft(
            title="Guidelines on Circular Migration Policies",
            slug=f"circular-{uuid.uuid4().hex[:8]}",
            thematic_area="migration_development",
            lead_state="CZ",
            co_lead_states=[],
        )
        wrong = {**start, "document_type": "work_plan"}
        r = await api.post("/api/projects/ppti-3/outputs/2/draft", headers=SEC, json=wrong)
        assert r.status_code == 422 and "same type" in r.json()["detail"]
        r = await api.post("/api/projects/ppti-3/outputs/2/draft", headers=SEC, json=start)
        assert r.status_code == 201, r.text
        draft = r.json()["draft_id"]

        async def drafting() -> bool:
            found = await output(api, "ppti-3", 2)
            return bool(found["draft"] and found["draft"]["phase"] == "drafting")

        await until(drafting)
        assert (await output(api, "ppti-3", 2))["draft"]["id"] == draft


@pytest.fixture
async def web(dev_env: WorkflowEnvironment, settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings, client=dev_env.client)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://testserver", headers={"accept": "text/html"}
    ) as client:
        yield client


async def test_the_projects_page_in_both_languages_and_its_link_form(  # type: ignore[no-untyped-def]
    web: httpx.AsyncClient, api: httpx.AsyncClient, sessions, run_worker, dev_env
) -> None:
    csrf = await sign_in(web, make_user(sessions, Role.SECRETARIAT))
    page = (await web.get("/projects?lang=en")).text
    assert "Pilot Project 1: Illegal Migration" in page
    assert "Poland" in page and "Slovakia, Romania" in page and "Sweden" in page
    assert 'href="/projects"' in page  # in the navigation
    page = (await web.get("/projects?lang=ru")).text
    assert "Пилотный проект 4: международная защита и убежище" in page
    assert "Польша" in page and "Словакия, Румыния" in page and "Швеция" in page
    page = (await web.get("/projects/ppti-3?lang=en")).text
    assert "Draft that produces it" in page and 'name="csrf"' in page
    r = await web.get("/projects/nope")
    assert r.status_code == 404 and "no project nope" in r.text

    async with run_worker(dev_env.client):
        started = await api.post(
            "/api/drafts",
            headers=LEAD,
            json=new_draft(
                title="Recommendations on organising labour migration",
                slug=f"labour-{uuid.uuid4().hex[:8]}",
                document_type="recommendations",
                lead_state="HU",
                co_lead_states=[],
            ),
        )
        draft = started.json()["draft_id"]
        await in_read_model(api, draft)
        form = "/projects/ppti-2/outputs/{n}"
        r = await web.post(form.format(n=1), data={"csrf": csrf, "draft_id": draft})
        assert r.status_code == 422 and "link a draft of the same type" in r.text
        r = await web.post(form.format(n=2), data={"csrf": csrf, "draft_id": draft})
        assert r.status_code == 303, r.text
        page = (await web.get("/projects/ppti-2")).text
        assert f'href="/drafts/{draft}"' in page and "drafting" in page
        r = await web.post(
            form.format(n=3), data={"csrf": csrf, "action": "status", "status": "in_progress"}
        )
        assert r.status_code == 303
        assert (await output(api, "ppti-2", 3))["status"] == "in_progress"

        # the new-draft form names the output the draft produces
        page = (await web.get("/drafts/new")).text
        assert 'value="ppti-4/4"' in page and 'value="ppti-2/2"' not in page  # open ones only
        fields = {
            "csrf": csrf,
            "title": f"Guidelines on asylum procedures {uuid.uuid4().hex[:6]}",
            "document_type": "guidelines",
            "thematic_area": "asylum_protection",
            "lead_state": "SE",
            "co_lead_states": "DE",
            "section_title_1": "Procedures",
            "section_text_1": "Fair and efficient.",
        }
        r = await web.post("/drafts/new", data={**fields, "output": "ppti-1/1"})
        assert r.status_code == 422 and "link a draft of the same type" in r.text
        r = await web.post("/drafts/new", data={**fields, "output": "ppti-4/4"})
        assert r.status_code == 303, r.text
        started = r.headers["location"].removeprefix("/drafts/")
        assert (await output(api, "ppti-4", 4))["draft"]["id"] == started
