"""An endorsed plan's activities through the API and the pages on the real database: everyone
reads them, only the Secretariat changes them (with a reason for every refusal, nothing lost),
and the implementation report says where each stands, in English and in Russian."""

from __future__ import annotations

import io
import uuid
from datetime import UTC, datetime

import httpx
from docx import Document
from sqlalchemy.orm import Session, sessionmaker
from temporalio.testing import ActivityEnvironment

from activities.plan_records import PlanRecordActivities
from models.db import Draft, Meeting
from ppflow.accounts import Role
from tests.activities.test_plan_records import plan_record
from tests.conftest import until
from tests.web.accounts import csrf_of, make_user, sign_in
from tests.web.test_api import LEAD, SEC, later_today, new_meeting
from tests.web.test_pages import web  # noqa: F401  (the pages' client fixture)


def endorsed_plan(sessions: sessionmaker[Session]) -> str:
    """A plan endorsed at a SOM, its activities recorded by the worker's activity; its id."""
    slug = f"action-plan-{uuid.uuid4().hex[:8]}"
    plan_id, meeting_id = f"draft-{slug}", f"meeting-som-{uuid.uuid4().hex[:6]}"
    now = datetime.now(UTC)
    with sessions.begin() as session:
        session.add(
            Draft(
                id=plan_id,
                slug=slug,
                title="Action Plan 2012–2016",
                reference=f"PP/AP/{slug[-8:]}",
                document_type="action_plan",
                lead_state="PL",
                phase="final",
                started_at=now,
                updated_at=now,
            )
        )
        session.add(
            Meeting(
                id=meeting_id,
                kind="som",
                title="Senior Officials' Meeting",
                place="Poznań",
                starts_at=datetime(2026, 11, 5, 9, 0, tzinfo=UTC),
            )
        )
    ActivityEnvironment().run(
        PlanRecordActivities(sessions).record_plan_activities, plan_record(plan_id, meeting_id)
    )
    return plan_id


def docx_text(content: bytes) -> str:
    doc = Document(io.BytesIO(content))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


async def test_everyone_reads_the_secretariat_changes_with_reasons(
    api: httpx.AsyncClient, sessions: sessionmaker[Session]
) -> None:
    plan_id = endorsed_plan(sessions)
    url = f"/api/plans/{plan_id}/activities"
    r = await api.get(url, headers=LEAD)  # a drafting state reads
    assert r.status_code == 200, r.text
    assert [(a["number"], a["lead"], a["status"]) for a in r.json()] == [
        (1, "PL", "planned"),
        (2, "PL", "planned"),
        (3, "CZ", "planned"),
    ]
    r = await api.patch(f"{url}/1", headers=LEAD, json={"status": "ongoing"})
    assert r.status_code == 403 and "Secretariat" in r.json()["detail"]

    refusals = {
        "status": ({"status": "started<script>"}, "status"),
        "lead": ({"lead": "XX"}, "unknown participant"),
        "month": ({"start": "2012-13"}, "YYYY-MM"),
        "order": ({"start": "2013-01", "end": "2012-12"}, "earlier than the first month"),
    }
    for body, reason in refusals.values():
        r = await api.patch(f"{url}/1", headers=SEC, json=body)
        assert r.status_code == 422 and reason in r.json()["detail"], r.text
        assert "<script>" not in r.text
    r = await api.patch(f"{url}/9", headers=SEC, json={"status": "ongoing"})
    assert r.status_code == 404 and "no activity 9" in r.json()["detail"]
    r = await api.get("/api/plans/draft-no-such-plan/activities", headers=SEC)
    assert r.status_code == 404 and "recorded when the whole plan" in r.json()["detail"]

    r = await api.patch(
        f"{url}/1",
        headers=SEC,
        json={"status": "ongoing", "lead": "HU", "start": "2026-12", "end": "2027-06"},
    )
    assert r.status_code == 200, r.text
    assert (r.json()["status"], r.json()["lead"], r.json()["start"]) == ("ongoing", "HU", "2026-12")
    r = await api.patch(
        f"{url}/3", headers=SEC, json={"status": "delayed", "note": "Partner funding late"}
    )
    assert r.status_code == 200
    # nothing refused before was stored: activity 2 is as endorsed
    r = await api.get(url, headers=SEC, params={"status": "planned"})
    assert [a["number"] for a in r.json()] == [2]
    r = await api.get(url, headers=SEC, params={"thematic_area": "legal_labour_migration"})
    assert [(a["number"], a["note"]) for a in r.json()] == [(3, "Partner funding late")]
    r = await api.get(url, headers=SEC, params={"lead": "HU"})
    assert [a["number"] for a in r.json()] == [1]
    r = await api.get(url, headers=SEC, params={"status": "unheard-of"})
    assert r.status_code == 422 and "one of planned" in r.json()["detail"]

    # The implementation report, as the activities stand now, in both languages.
    r = await api.get(f"/api/plans/{plan_id}/implementation-report.docx", headers=LEAD)
    assert r.status_code == 200 and r.content[:2] == b"PK"
    english = docx_text(r.content)
    for said in (
        "Implementation report",
        "Action Plan 2012–2016",
        "Senior Officials' Meeting, 5 November 2026",
        "Preventing and fighting illegal migration",
        "Legal migration with a special emphasis on labour migration",
        "Training of border guards on document fraud",
        "Hungary",
        "Dec 2026 – Jun 2027",
        "status: planned → ongoing; lead: Poland → Hungary; period: not set → Dec 2026 – Jun 2027",
        "status: planned → delayed",
        "Partner funding late",
    ):
        assert said in english, said
    doc = Document(io.BytesIO(r.content))
    summary = {row.cells[0].text: row.cells[1].text for row in doc.tables[0].rows}
    assert summary["ongoing"] == "1" and summary["delayed"] == "1" and summary["planned"] == "1"
    assert summary["Total"] == "3" and summary["completed"] == "0"
    r = await api.get(
        f"/api/plans/{plan_id}/implementation-report.docx", headers=SEC, params={"language": "ru"}
    )
    russian = docx_text(r.content)
    for said in (
        "Отчёт о ходе выполнения",
        "Совещание старших должностных лиц, 5 ноября 2026 г.",
        "Предотвращение незаконной миграции и борьба с ней",
        "Венгрия",
        "дек. 2026 – июнь 2027",
        "статус: запланировано → выполняется; ведущий: Польша → Венгрия",
        "с задержкой",
        "Всего",
    ):
        assert said in russian, said
    assert "ongoing" not in russian and "Hungary" not in russian
    r = await api.get(
        f"/api/plans/{plan_id}/implementation-report.docx", headers=SEC, params={"language": "de"}
    )
    assert r.status_code == 422 and "language" in r.json()["detail"]


async def test_the_page_groups_filters_and_edits(
    web: httpx.AsyncClient,  # noqa: F811  (the fixture imported above)
    sessions: sessionmaker[Session],
) -> None:
    plan_id = endorsed_plan(sessions)
    page_url = f"/plans/{plan_id}/activities"
    observer = make_user(sessions, Role.OBSERVER)
    csrf = await sign_in(web, observer)
    r = await web.get(page_url)
    assert r.status_code == 200
    html = r.text
    assert html.index("Preventing and fighting illegal migration") < html.index(
        "Legal migration with a special emphasis on labour migration"
    )
    assert "Poland" in html and "Czech" in html and 'class="pill act-planned"' in html
    assert "Change activity 1" not in html  # an observer has no form
    r = await web.post(page_url, data={"csrf": csrf, "number": "1", "status": "completed"})
    assert r.status_code == 403
    await web.post("/logout", data={"csrf": csrf})

    secretariat = make_user(sessions, Role.SECRETARIAT)
    csrf = await sign_in(web, secretariat)
    html = (await web.get(page_url)).text
    assert "Change activity 3" in html and csrf_of(html) == csrf
    form = {"csrf": csrf, "number": "3", "status": "ongoing", "lead": "CZ", "note": "Kick-off"}
    r = await web.post(page_url, data={**form, "start": "2027-05", "end": "2027-01"})
    assert r.status_code == 422 and "earlier than the first month" in r.text
    assert "<details open>" in r.text and 'value="2027-05"' in r.text  # the form comes back
    r = await web.post(page_url, data={**form, "start": "2027-01", "end": "2027-05"})
    assert r.status_code == 303
    html = (await web.get(r.headers["location"])).text
    assert "activity 3 saved" in html and 'class="pill act-ongoing"' in html
    assert "Jan 2027 – May 2027" in html and "status: planned → ongoing" in html
    html = (await web.get(page_url, params={"status": "ongoing"})).text
    assert "Pilot project on circular migration" in html and "Exchange of risk" not in html
    html = (await web.get(page_url, params={"lead": "PL", "lang": "ru"})).text
    assert "Exchange of risk analyses" in html  # titles as endorsed
    assert "Польша" in html and "запланировано" in html and "Pilot project" not in html
    r = await web.get("/plans/draft-none-such/activities")
    assert r.status_code == 404


async def test_an_endorsed_plan_s_activities_appear_on_their_page(  # type: ignore[no-untyped-def]
    api: httpx.AsyncClient,
    web: httpx.AsyncClient,  # noqa: F811  (the fixture imported above)
    run_worker,
    dev_env,
    sessions,
) -> None:
    """End to end: the plan's workflow records its activities when the whole plan is endorsed."""
    from tests.web.test_plan import PL_PART, SK_PART, ready, start_part, start_plan

    async with run_worker(dev_env.client):
        plan_id = await start_plan(api)
        parts = [await start_part(api, plan_id, part) for part in (PL_PART, SK_PART)]
        meeting = await new_meeting(
            api,
            "Poznań",
            kind="ministerial_conference",
            title="Ministerial Conference",
            starts_at=(await later_today()).isoformat(),
            slug=f"mc-{uuid.uuid4().hex[:8]}",
        )
        for part in parts:
            assert (await ready(api, part)).status_code == 200

        async def endorsement_asked() -> bool:
            body = {"meeting_id": meeting}
            r = await api.post(f"/api/plans/{plan_id}/endorsement", headers=SEC, json=body)
            return r.status_code == 200

        await until(endorsement_asked)
        r = await api.post(
            f"/api/meetings/{meeting}/decisions",
            headers=SEC,
            json={"draft_id": plan_id, "decision": "endorsed"},
        )
        assert r.status_code == 200, r.text

        async def recorded() -> list[dict[str, object]]:
            r = await api.get(f"/api/plans/{plan_id}/activities", headers=SEC)
            return r.json() if r.status_code == 200 else []

        activities = await until(recorded)
    assert [(a["number"], a["lead"], a["status"]) for a in activities] == [
        (1, "PL", "planned"),
        (2, "PL", "planned"),
        (3, "SK", "planned"),
        (4, "SK", "planned"),
    ]
    await sign_in(web, make_user(sessions, Role.OBSERVER))
    html = (await web.get(f"/plans/{plan_id}/activities")).text
    assert "Border management" in html and "Sustainable reintegration" in html
    assert html.index("Preventing and fighting") < html.index("Readmission, voluntary return")
    report = await api.get(f"/api/plans/{plan_id}/implementation-report.docx", headers=SEC)
    assert "Ministerial Conference, " in docx_text(report.content)
