"""Missions of a migration profile (expert missions, high-level introductory missions, study
visits) on the real dev server, worker, SMTP server and database: kind, host country, members with
their roles, the findings through the expert's link and the mission report (.docx, EN and RU) —
through the API and the draft's missions page."""

from __future__ import annotations

import io
import uuid
from typing import Any

import httpx
from docx import Document
from sqlalchemy.orm import Session, sessionmaker

from ppflow.accounts import Role
from tests.conftest import Mailbox, text_of, until
from tests.web.accounts import csrf_of, make_user, sign_in
from tests.web.test_api import LEAD, SEC, later, new_draft
from tests.workflows.test_lifecycle import eventually

MEMBERS = [
    {
        "name": "Ana García",
        "email": "ana.garcia@interior.es.example",
        "role": "head of mission",
        "participant_id": "ES",
    },
    {
        "name": "Dilshod Karimov",
        "email": "d.karimov@migration.uz.example",
        "role": "expert",
        "participant_id": "UZ",
    },
]


def profile_of(country: str, name: str) -> dict[str, object]:
    """A profile under preparation (one a country at a time: each test takes its own)."""
    return new_draft(
        title=f"Extended Migration Profile of {name}",
        slug=f"emp-{country.lower()}-{uuid.uuid4().hex[:8]}",
        document_type="migration_profile",
        thematic_area="migration_development",
        lead_state=country,
        co_lead_states=[],
        country=country,
        sections=[
            {"id": "emp-trends", "title": "Migration trends", "text": "Emigration to Russia."},
            {"id": "emp-labour", "title": "Labour migration", "text": "Seasonal work abroad."},
        ],
    )


def study_visit(**overrides: object) -> dict[str, object]:
    body: dict[str, object] = {
        "kind": "study_visit",
        "country": "ES",
        "experts": MEMBERS,
        "starts_on": later(days=1),
        "ends_on": later(days=4),
        "findings_due": later(days=20),
        "brief": "How Spain recruits seasonal workers abroad and registers them.",
    }
    return {**body, **overrides}


def expert_token(mailbox: Mailbox, email: str, reference: str) -> str | None:
    links = [
        text_of(m).split("/review/")[1].split()[0]
        for m in mailbox.to(email)
        if reference in str(m["Subject"]) and "/review/" in text_of(m)
    ]
    return links[-1] if links else None


def docx_text(content: bytes) -> str:
    doc = Document(io.BytesIO(content))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


async def test_a_study_visit_names_its_members_and_roles_and_issues_its_report(
    api: httpx.AsyncClient, run_worker: Any, dev_env: Any, mailbox: Mailbox
) -> None:
    async with run_worker(dev_env.client):
        r = await api.post("/api/drafts", json=profile_of("UZ", "Uzbekistan"), headers=LEAD)
        assert r.status_code == 201, r.text
        draft, ref = r.json()["draft_id"], r.json()["reference"]
        r = await api.post(f"/api/drafts/{draft}/missions", headers=LEAD, json=study_visit())
        assert r.status_code == 200, r.text
        started = r.json()
        assert started["kind"] == "study_visit"
        assert [(e["name"], e["role"]) for e in started["experts"]] == [
            ("Ana García", "head of mission"),
            ("Dilshod Karimov", "expert"),
        ]

        async def listed() -> list[dict[str, Any]]:
            r = await api.get(f"/api/drafts/{draft}/missions", headers=SEC)
            assert r.status_code == 200, r.text
            return list(r.json())

        missions = await until(listed)
        (mission,) = missions
        assert mission["kind"] == "study_visit" and mission["country"] == "ES"
        assert mission["open"] and mission["outcome"] is None and mission["reports"] == []
        assert [(m["name"], m["role"], m["participant_id"]) for m in mission["members"]] == [
            ("Ana García", "head of mission", "ES"),
            ("Dilshod Karimov", "expert", "UZ"),
        ]

        # the head of mission submits the findings through the personal link in her mail
        token = await eventually(lambda: expert_token(mailbox, MEMBERS[0]["email"], ref))
        r = await api.post(
            f"/api/review/{token}/findings",
            json={
                "findings": [
                    {"section_id": "emp-labour", "text": "Spain recruits through one portal."},
                    {"text": "A follow-up visit on readmission was proposed."},
                ]
            },
        )
        assert r.status_code == 200, r.text

        async def reported() -> dict[str, Any] | None:
            found = (await listed())[0]
            return found if len(found["reports"]) == 2 and not found["open"] else None

        mission = await until(reported)
        assert mission["outcome"] == "findings_submitted" and mission["findings"] == 2
        reports = {r["language"]: r for r in mission["reports"]}
        assert set(reports) == {"en", "ru"}

        # the report is one of the draft's files, downloaded like any other
        r = await api.get("/api/artifacts", params={"draft_id": draft}, headers=SEC)
        kinds = {(a["kind"], a["language"]) for a in r.json()}
        assert {("mission_report", "en"), ("mission_report", "ru")} <= kinds
        r = await api.get(reports["en"]["url"], headers=LEAD)
        assert r.status_code == 200 and "mission-report-en.docx" in r.headers["content-disposition"]
        english = docx_text(r.content)
        for words in (
            "Mission report",
            "Study visit — Spain",
            "Host country: Spain",
            "Ana García",
            "head of mission",
            "Dilshod Karimov",
            "Uzbekistan",
            "How Spain recruits seasonal workers",
            "Labour migration",
            "Spain recruits through one portal.",
            "General",
            "A follow-up visit on readmission was proposed.",
            "Submitted by: Ana García (head of mission)",
            "Findings submitted",
        ):
            assert words in english, words
        russian = docx_text((await api.get(reports["ru"]["url"], headers=SEC)).content)
        for words in (
            "Отчёт о миссии",
            "Ознакомительный визит — Испания",
            "Принимающая страна: Испания",
            "руководитель миссии",
            "Трудовая миграция",
            "Spain recruits through one portal.",
        ):
            assert words in russian, words

        # the draft's timeline says the report is out
        async def report_event() -> bool:
            events = (await api.get(f"/api/drafts/{draft}/events", headers=SEC)).json()
            return any(e["kind"] == "mission_report" for e in events)

        await until(report_event)


async def test_a_mission_with_bad_fields_is_refused_with_a_reason(
    api: httpx.AsyncClient, run_worker: Any, dev_env: Any
) -> None:
    async with run_worker(dev_env.client):
        r = await api.post("/api/drafts", json=profile_of("TJ", "Tajikistan"), headers=LEAD)
        assert r.status_code == 201, r.text
        draft = r.json()["draft_id"]
        url = f"/api/drafts/{draft}/missions"
        cases: list[tuple[dict[str, object], str]] = [
            (study_visit(starts_on=later(days=5), ends_on=later(days=2)), "in order"),
            (study_visit(experts=[]), "experts"),
            (study_visit(kind="holiday"), "kind"),
            (
                study_visit(experts=[{**MEMBERS[0], "email": "not an address"}]),
                "e-mail address",
            ),
            (study_visit(experts=[MEMBERS[0], MEMBERS[0]]), "of their own"),
            (study_visit(experts=[{**MEMBERS[0], "participant_id": "XX"}]), "unknown participant"),
            (study_visit(country="XX"), "unknown participant"),
        ]
        for body, reason in cases:
            r = await api.post(url, headers=LEAD, json=body)
            assert 400 <= r.status_code < 500, (body, r.text)
            assert reason in r.text, (reason, r.text)
            assert "not an address" not in r.text  # the input is never echoed back
        r = await api.get(url, headers=SEC)
        assert r.status_code == 200 and r.json() == []  # nothing was started
        r = await api.get("/api/drafts/draft-no-such-draft/missions", headers=SEC)
        assert r.status_code == 404


async def test_the_missions_page_starts_a_mission_from_member_rows(
    api: httpx.AsyncClient,
    run_worker: Any,
    dev_env: Any,
    sessions: sessionmaker[Session],
) -> None:
    async with run_worker(dev_env.client):
        r = await api.post("/api/drafts", json=profile_of("TM", "Turkmenistan"), headers=LEAD)
        assert r.status_code == 201, r.text
        draft = r.json()["draft_id"]
        await sign_in(api, make_user(sessions, Role.SECRETARIAT))
        page = await api.get(f"/drafts/{draft}")
        assert f'href="/drafts/{draft}/missions"' in page.text
        page = await api.get(f"/drafts/{draft}/missions")
        assert page.status_code == 200 and "Start a mission" in page.text
        assert 'name="member_name_5"' in page.text  # five rows, no JavaScript needed
        assert '<option value="TM" selected>Turkmenistan</option>' in page.text  # the host
        form = {
            "csrf": csrf_of(page.text),
            "kind": "high_level_introductory_mission",
            "country": "TM",
            "starts_on": later(days=3)[:10],
            "ends_on": later(days=5)[:10],
            "findings_due": later(days=30)[:16],
            "brief": "Introduce the Process to the ministries.",
        }
        url = f"/drafts/{draft}/missions"
        r = await api.post(url, data=form)
        assert r.status_code == 422 and "at least one member" in r.text
        assert "Introduce the Process to the ministries." in r.text  # the form is kept
        r = await api.post(url, data={**form, "member_name_2": "Jan Kowalski"})
        assert r.status_code == 422 and "member 2: give both a name and an e-mail" in r.text
        assert 'value="Jan Kowalski"' in r.text
        r = await api.post(
            url, data={**form, "ends_on": "", "member_name_1": "A", "member_email_1": "a@b.example"}
        )
        assert r.status_code == 422 and "Last day: give a date" in r.text
        members = {
            "member_name_1": "Zuzana Horváthová",
            "member_email_1": "zh@minv.sk.example",
            "member_role_1": "head of mission",
            "member_from_1": "SK",
            "member_name_3": "Péter Nagy",
            "member_email_3": "pn@bm.hu.example",
            "member_from_3": "HU",
        }
        r = await api.post(url, data={**form, **members})
        assert r.status_code == 303, r.text
        page = await api.get(r.headers["location"])
        assert "High-level introductory mission started with 2 member(s)" in page.text

        async def shown() -> str | None:
            text = (await api.get(url)).text
            return text if "Zuzana Horváthová" in text else None

        text = await until(shown)
        assert "High-level introductory mission — Turkmenistan" in text
        assert "head of mission" in text and "Slovakia" in text
        assert "Péter Nagy" in text and "Hungary" in text and "<td>expert</td>" in text
        russian = (await api.get(f"{url}?lang=ru")).text
        assert "Ознакомительная миссия высокого уровня — Туркменистан" in russian
        assert "Принимающая страна" in russian
