"""Extended Migration Profiles from day one: a fresh database holds the seeds' profiles (10 final
and endorsed, 6 under preparation) once, however often it is seeded; a profile started for a
country that has one is its next edition, and the earlier edition stays final until the new one
is endorsed (a real draft, endorsed at a real meeting); a second live profile for one country is
refused, naming the draft; a seeded profile under preparation is continued by its first draft."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio
from sqlalchemy.orm import Session, sessionmaker
from temporalio.testing import WorkflowEnvironment

from activities.records import RecordActivities
from models.base import DraftMeta
from models.contracts.draft import DraftChanges, EndorsementRecord
from models.db import make_engine, make_sessionmaker
from models.domain import Decision, DocumentType, Phase, Route
from models.migrate import upgrade
from models.settings import Settings
from ppflow import profiles
from ppflow.registry import RegistryError, seed_registry
from tests.web.test_answers import eventually_async
from tests.web.test_api import LEAD, SEC, later_today, new_draft

FINAL_EN = {
    "Armenia",
    "Azerbaijan",
    "Czech Republic",
    "Hungary",
    "Kazakhstan",
    "Poland",
    "Romania",
    "Slovakia",
    "Tajikistan",
    "Ukraine",
}
PREPARING_EN = {
    "Belarus",
    "Georgia",
    "Kyrgyzstan",
    "Russian Federation",
    "Turkmenistan",
    "Uzbekistan",
}


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[sessionmaker[Session]]:
    """A database of its own, migrated and seeded as `ppflow db upgrade` leaves it."""
    engine = make_engine(f"sqlite:///{tmp_path / 'profiles.db'}")
    upgrade(engine)
    with make_sessionmaker(engine).begin() as session:
        seed_registry(session)
        profiles.seed_profiles(session)
    yield make_sessionmaker(engine)
    engine.dispose()


@pytest.fixture
def fresh_settings(settings: Settings, fresh: sessionmaker[Session]) -> Settings:
    url = fresh.kw["bind"].url.render_as_string(hide_password=False)
    return settings.model_copy(update={"database_url": url})


@pytest_asyncio.fixture
async def fresh_api(
    dev_env: WorkflowEnvironment, fresh_settings: Settings
) -> AsyncIterator[httpx.AsyncClient]:
    from web.app import create_app

    app = create_app(fresh_settings, client=dev_env.client)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as client:
        yield client


def statuses(sessions: sessionmaker[Session]) -> dict[str, set[str]]:
    with sessions() as session:
        found = profiles.list_profiles(session)
    out: dict[str, set[str]] = {}
    for p in found:
        out.setdefault(p.status.value, set()).add(p.country_name)
    return out


def test_a_fresh_database_holds_the_seeds_profiles_once(fresh: sessionmaker[Session]) -> None:
    assert statuses(fresh) == {"final_and_endorsed": FINAL_EN, "under_preparation": PREPARING_EN}
    with fresh.begin() as session:
        assert profiles.seed_profiles(session) == 0  # seeding again adds nothing
    with fresh() as session:
        rows = profiles.list_profiles(session)
    assert len(rows) == 16
    assert all(r.edition == 1 and r.draft_id is None and r.source == "seed" for r in rows)
    assert all(r.endorsed_on is None for r in rows)  # the seeds give no dates


def test_a_country_is_named_by_its_id_or_its_name(fresh: sessionmaker[Session]) -> None:
    with fresh() as session:
        for given in ("GE", "ge", "Georgia", "georgia ", "Грузия"):
            assert profiles.resolve_country(session, given) == "GE"
        with pytest.raises(RegistryError, match="unknown country"):
            profiles.resolve_country(session, "Atlantis")
        assert [p.edition for p in profiles.list_profiles(session, "Armenia")] == [1]


def test_the_command_line_lists_the_profiles(
    fresh: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from app.cli import app

    url = fresh.kw["bind"].url.render_as_string(hide_password=False)
    monkeypatch.setenv("PPFLOW_DATABASE_URL", url)
    run = CliRunner().invoke(app, ["profile", "list"])
    assert run.exit_code == 0, run.output
    lines = run.output.splitlines()
    assert len(lines) == 16 and lines[0].split()[:4] == ["AM", "Armenia", "edition", "1"]
    run = CliRunner().invoke(app, ["profile", "list", "--country", "Georgia"])
    assert run.output.split() == [
        "GE",
        "Georgia",
        "edition",
        "1",
        "Under",
        "preparation",
        "prepared",
        "before",
        "ppflow",
    ]
    run = CliRunner().invoke(app, ["profile", "list", "--country", "Atlantis"])
    assert run.exit_code == 1 and "unknown country" in run.output


def changes(draft_id: str, country: str, phase: Phase, edition: int | None = None) -> DraftChanges:
    now = datetime.now(UTC)
    meta = DraftMeta(
        draft_id=draft_id,
        slug=draft_id.removeprefix("draft-"),
        title=f"Profile {draft_id}",
        reference=f"PP/MIGRATION-PROFILE/{draft_id}",
        document_type=DocumentType.MIGRATION_PROFILE,
        lead_state=country,
        country=country,
        edition=edition,
    )
    endorsed = EndorsementRecord(
        route=Route.MEETING,
        requested_at=now,
        version=1,
        meeting_id="meeting-som",
        decision=Decision.ENDORSED,
        decided_at=now,
    )
    return DraftChanges(
        meta=meta,
        phase=phase,
        version=1,
        started_at=now,
        updated_at=now,
        endorsements=[endorsed] if phase == Phase.FINAL else [],
    )


def test_drafts_started_without_an_edition_are_projected_without_a_loss(
    fresh: sessionmaker[Session],
) -> None:
    """Drafts from before the profile table (or started past the service): the projection
    gives each an edition, twice the same; never refuses one (a worker would retry forever)."""
    records = RecordActivities(fresh)
    for _ in range(2):  # a retried activity writes nothing twice
        records.project_draft_changes(changes("draft-ge", "GE", Phase.DRAFTING))
        records.project_draft_changes(changes("draft-am-a", "AM", Phase.CONSULTATION))
        records.project_draft_changes(changes("draft-am-b", "AM", Phase.DRAFTING))
        records.project_draft_changes(changes("draft-md", "MD", Phase.WITHDRAWN))

    def rows(country: str) -> list[tuple[int, str, str | None]]:
        with fresh() as session:
            found = profiles.list_profiles(session, country)
        return [(p.edition, p.status.value, p.draft_id) for p in found]

    assert rows("GE") == [(1, "under_preparation", "draft-ge")]  # the seeded edition, continued
    assert rows("AM") == [
        (1, "final_and_endorsed", None),
        (2, "under_preparation", "draft-am-a"),
        (3, "under_preparation", "draft-am-b"),
    ]
    assert rows("MD") == []  # withdrawn before it was ever projected: no edition
    records.project_draft_changes(changes("draft-am-b", "AM", Phase.FINAL))
    records.project_draft_changes(changes("draft-am-a", "AM", Phase.FINAL))
    assert [r[1] for r in rows("AM")] == ["superseded", "superseded", "final_and_endorsed"]
    records.project_draft_changes(changes("draft-ge", "GE", Phase.REJECTED))
    assert rows("GE") == [(1, "under_preparation", None)]  # the seeded edition waits again


async def start_profile(api: httpx.AsyncClient, country: str, **overrides: Any) -> httpx.Response:
    body = new_draft(
        **{
            "title": f"Extended Migration Profile of {country}",
            "document_type": "migration_profile",
            "thematic_area": None,
            "lead_state": "AM",
            "co_lead_states": [],
            "country": country,
            "sections": [],
            **overrides,
        }
    )
    return await api.post("/api/drafts", json=body, headers=LEAD)


async def endorse_at_a_meeting(api: httpx.AsyncClient, draft: str) -> None:
    meeting = await api.post(
        "/api/meetings",
        headers=SEC,
        json={
            "kind": "som",
            "title": f"Senior Officials' Meeting {uuid.uuid4().hex[:8]}",
            "place": "Yerevan",
            "starts_at": (await later_today()).isoformat(),
            "invitees": {"participants": ["AM", "DE"]},
        },
    )
    assert meeting.status_code == 201, meeting.text
    meeting_id = meeting.json()["meeting_id"]
    r = await api.post(
        f"/api/drafts/{draft}/endorsement",
        headers=LEAD,
        json={"route": "meeting", "meeting_id": meeting_id},
    )
    assert r.status_code == 200, r.text
    r = await api.post(
        f"/api/meetings/{meeting_id}/decisions",
        headers=SEC,
        json={"draft_id": draft, "decision": "endorsed", "notes": "By consensus"},
    )
    assert r.status_code == 200, r.text


async def editions(api: httpx.AsyncClient, country: str) -> list[dict[str, Any]]:
    r = await api.get(f"/api/profiles?country={country}", headers=SEC)
    assert r.status_code == 200, r.text
    return list(r.json())


async def test_a_new_profile_is_the_next_edition_and_supersedes_only_once_endorsed(
    fresh_api: httpx.AsyncClient,
    fresh_settings: Settings,
    dev_env: WorkflowEnvironment,
    activity_executor: ThreadPoolExecutor,
) -> None:
    from worker import build_worker

    api = fresh_api
    async with build_worker(dev_env.client, fresh_settings, activity_executor):
        r = await start_profile(api, "Armenia")  # by name: the form's old trap ("Georgia")
        assert r.status_code == 201, r.text
        draft = r.json()["draft_id"]
        assert draft.endswith("-edition-2") and r.json()["reference"].endswith("-edition-2")
        status = (await api.get(f"/api/drafts/{draft}", headers=SEC)).json()
        title = status["state"]["meta"]["title"]
        assert title == "Extended Migration Profile of Armenia — edition 2"
        assert status["state"]["meta"]["country"] == "AM"

        async def two_editions() -> bool:
            return len(await editions(api, "AM")) == 2

        await eventually_async(two_editions)
        first, second = await editions(api, "AM")
        assert (first["edition"], first["status"], first["draft_id"]) == (
            1,
            "final_and_endorsed",
            None,
        )
        assert (second["edition"], second["status"], second["draft_id"]) == (
            2,
            "under_preparation",
            draft,
        )

        again = await start_profile(api, "AM", title="Extended Migration Profile of Armenia bis")
        assert again.status_code == 409, again.text
        reason = again.json()["detail"]
        assert "Armenia has a migration profile under preparation" in reason and draft in reason

        await endorse_at_a_meeting(api, draft)

        async def superseded() -> bool:
            return [e["status"] for e in await editions(api, "AM")] == [
                "superseded",
                "final_and_endorsed",
            ]

        await eventually_async(superseded)
        endorsed = (await editions(api, "AM"))[1]
        assert endorsed["endorsed_on"] is not None

        # A seeded profile under preparation: its first draft continues it (same edition).
        r = await start_profile(api, "BY")
        assert r.status_code == 201, r.text
        belarus = r.json()["draft_id"]
        assert not belarus.endswith("-edition-1")

        async def continued() -> bool:
            rows = await editions(api, "BY")
            return [(e["edition"], e["draft_id"], e["source"]) for e in rows] == [
                (1, belarus, "seed")
            ]

        await eventually_async(continued)
        refused = await start_profile(api, "Belarus", title="Another profile of Belarus")
        assert refused.status_code == 409 and belarus in refused.json()["detail"]
        r = await api.post(
            f"/api/drafts/{belarus}/withdraw", headers=LEAD, json={"reason": "restarted"}
        )
        assert r.status_code == 200, r.text

        async def given_back() -> bool:
            rows = await editions(api, "BY")
            return [(e["edition"], e["draft_id"], e["status"]) for e in rows] == [
                (1, None, "under_preparation")
            ]

        await eventually_async(given_back)

    bad = await api.get("/api/profiles?country=Atlantis", headers=SEC)
    assert bad.status_code == 422 and "unknown country" in bad.json()["detail"]
    assert (await api.get("/api/profiles")).status_code == 401
