"""Profile update cycles on the real dev server: the Schedule fires for real (a test-only spec
of a few seconds: `ppflow.profile_cycles.FIRING_SPEC`; each firing still decides from the read
model), through the API, the pages and the worker, on a database of its own.

Invariants (checked after every step of a seeded random run of set / pause / resume / trigger /
"make it due" / withdraw):
  1. at most one live edition per country;
  2. a paused cycle never opens an edition by itself (only a trigger does);
  3. the board's state matches the Schedule's: a cycle set ⇔ a Schedule; paused ⇔ paused;
     "under update" ⇔ an edition is live; "update due" ⇔ none is live and the due moment is
     within 60 days or past.

Countries: RS (edition 1 prepared and endorsed through ppflow), UA (a seeded final profile),
MK (a final profile recorded from before ppflow).
"""

from __future__ import annotations

import asyncio
import random
import re
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import ScheduleIntervalSpec, ScheduleSpec
from temporalio.testing import WorkflowEnvironment

from models.db import Draft, utcnow
from models.db_profiles import ProfileRow
from models.domain import DocumentType, Language, ProfileStatus
from models.settings import Settings
from ppflow import profile_cycles as cycles
from ppflow.accounts import Role
from ppflow.profiles import LIVE
from tests.conftest import Mailbox, until
from tests.ppflow import test_profiles as on_a_fresh_database
from tests.ppflow.test_profiles import endorse_at_a_meeting
from tests.web.accounts import make_user, sign_in
from tests.web.browser import Journey, chromium, needs_chromium, one_database, serve
from tests.web.test_api import LEAD, SEC, new_draft

fresh = on_a_fresh_database.fresh
fresh_settings = on_a_fresh_database.fresh_settings
fresh_api = on_a_fresh_database.fresh_api

FAST = ScheduleSpec(intervals=[ScheduleIntervalSpec(every=timedelta(seconds=2))])


def row_of(sessions: sessionmaker[Session], country: str) -> ProfileRow:
    with sessions() as session:
        row = cycles.endorsed_row(session, country)
        assert row is not None
        session.expunge(row)
        return row


def make_due(sessions: sessionmaker[Session], country: str) -> ProfileRow:
    """The cycle's due moment a minute ago (as if its months had passed)."""
    with sessions.begin() as session:
        row = cycles.endorsed_row(session, country)
        assert row is not None
        row.cycle_due = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=1)
        session.flush()
        session.expunge(row)
        return row


def final_item(html: str, country: str) -> str:
    found = re.search(r'<ul class="plain" id="profiles-final">(.*?)</ul>', html, re.S)
    assert found
    item = re.search(rf'<li data-country="{country}"[^>]*>(.*?)</li>', found.group(1), re.S)
    assert item, country
    return " ".join(re.sub(r"<[^>]+>", " ", item.group(1)).split())


async def test_the_schedule_opens_the_next_edition_with_the_endorsed_text(
    fresh_api: httpx.AsyncClient,
    fresh: sessionmaker[Session],
    fresh_settings: Settings,
    dev_env: WorkflowEnvironment,
    activity_executor: ThreadPoolExecutor,
    mailbox: Mailbox,
) -> None:
    from worker import build_worker

    api, settings, client = fresh_api, fresh_settings, dev_env.client
    title = f"Migration profile of Serbia {uuid.uuid4().hex[:6]}"
    async with build_worker(client, settings, activity_executor):
        r = await api.post(
            "/api/drafts",
            headers=LEAD,
            json=new_draft(
                title=title,
                document_type="migration_profile",
                thematic_area=None,
                lead_state="RS",
                co_lead_states=[],
                country="RS",
                sections=[
                    {"title": "Executive summary", "text": "Emigration fell by 4 %."},
                    {"title": "Labour migration", "text": "Work permits: 12 000."},
                ],
            ),
        )
        assert r.status_code == 201, r.text
        first = r.json()["draft_id"]
        ids = [
            s["id"]
            for s in (await api.get(f"/api/drafts/{first}", headers=SEC)).json()["state"][
                "versions"
            ][-1]["sections"]
        ]
        russian = ["Эмиграция снизилась на 4 %.", "Разрешений на работу: 12 000."]
        r = await api.post(
            f"/api/drafts/{first}/translations",
            headers=LEAD,
            json={
                "language": "ru",
                "sections": [
                    {"id": ids[0], "title": "Резюме", "text": russian[0]},
                    {"id": ids[1], "title": "Трудовая миграция", "text": russian[1]},
                ],
            },
        )
        assert r.status_code == 200, r.text
        await endorse_at_a_meeting(api, first)

        async def endorsed() -> bool:
            with fresh() as session:
                return cycles.endorsed_row(session, "RS") is not None

        await until(endorsed)

        # everyone reads; only the Secretariat sets; months are checked
        r = await api.get("/api/profiles/Serbia/cycle", headers=LEAD)
        assert r.status_code == 200 and r.json()["months"] is None and r.json()["edition"] == 1
        assert (
            await api.put("/api/profiles/RS/cycle", headers=LEAD, json={"months": 24})
        ).status_code == 403
        for bad in (0, 121, "x"):
            r = await api.put("/api/profiles/RS/cycle", headers=SEC, json={"months": bad})
            assert r.status_code == 422 and "months" in r.text
        r = await api.get("/api/profiles/Atlantis-<b>x</b>/cycle", headers=SEC)
        assert r.status_code == 404 and "Atlantis" not in r.text and "<b>" not in r.text
        r = await api.put("/api/profiles/DE/cycle", headers=SEC, json={"months": 24})
        assert r.status_code == 409 and "no final and endorsed" in r.text
        r = await api.put("/api/profiles/RS/cycle", headers=SEC, json={"months": 24})
        assert r.status_code == 200, r.text
        read = r.json()
        due = datetime.fromisoformat(read["due"])
        assert due.date() == cycles.add_months(date.today(), 24) and due.hour == 6
        assert read["board"] is None  # two years away
        held = await cycles.schedule_state(client, settings, "RS")
        assert held["exists"] and not held["paused"] and held["start_at"] == due

        # the months pass: the Schedule fires (every two seconds here) and opens edition 2
        row = make_due(fresh, "RS")
        await cycles.sync_schedule(client, settings, "RS", row, spec=FAST)

        async def opened() -> str | None:
            r = await api.get("/api/profiles/RS/cycle", headers=SEC)
            return r.json()["live_draft"] if r.json()["board"] == "under_update" else None

        second = await until(opened, timeout=60)
        assert second != first and second.endswith("-edition-2")
        state = (await api.get(f"/api/drafts/{second}", headers=SEC)).json()["state"]
        assert state["meta"]["title"] == f"{title} — edition 2"
        assert state["meta"]["edition"] == 2 and state["meta"]["lead_state"] == "RS"
        assert [s["text"] for s in state["versions"][-1]["sections"]] == [
            "Emigration fell by 4 %.",
            "Work permits: 12 000.",
        ]
        ru = next(t for t in state["translations"] if t["language"] == "ru")
        assert [s["text"] for s in ru["sections"]] == russian

        def told() -> str:
            mails = mailbox.about("Migration profile due for update: Serbia, edition 2")
            return " ".join(str(m["To"]) for m in mails)

        async def both_told() -> bool:
            got = told()
            return "ncp@rs.pragueprocess.local" in got and settings.secretariat_email in got

        await until(both_told)

        # the board: "under update" next to "Final and endorsed", in both languages
        await sign_in(api, make_user(fresh, Role.OBSERVER))
        assert "under update" in final_item((await api.get("/board?lang=en")).text, "RS")
        assert "обновляется" in final_item((await api.get("/board?lang=ru")).text, "RS")

        # later firings open nothing more; a trigger is refused, naming the draft
        await asyncio.sleep(4.5)
        assert live_editions(fresh, "RS") == 1
        assert second in (row_of(fresh, "RS").cycle_note or "") or "already" in (
            row_of(fresh, "RS").cycle_note or ""
        )
        r = await api.post("/api/profiles/RS/cycle/trigger", headers=SEC)
        assert r.status_code == 409 and second in r.json()["detail"]

        # edition 2 endorsed: the cycle restarts from that endorsement, and the Schedule (at its
        # next firing) moves to the new due moment
        await endorse_at_a_meeting(api, second)

        async def moved() -> bool:
            with fresh() as session:
                row = cycles.endorsed_row(session, "RS")
                if row is None or row.edition != 2:
                    return False
            held = await cycles.schedule_state(client, settings, "RS")
            return bool(held["start_at"] and held["start_at"] > datetime.now(UTC))

        await until(moved, timeout=60)
        row = row_of(fresh, "RS")
        assert row.cycle_months == 24 and row.cycle_due is not None
        assert row.cycle_due.date() == cycles.add_months(row.endorsed_on or date.today(), 24)
        held = await cycles.schedule_state(client, settings, "RS")
        assert (
            held["start_at"] == row.cycle_due and f"{row.cycle_due:%Y%m%d}" in held["workflow_id"]
        )
        r = await api.get("/api/profiles/RS/cycle", headers=SEC)
        assert r.json()["board"] is None and r.json()["edition"] == 2


def live_editions(sessions: sessionmaker[Session], country: str) -> int:
    with sessions() as session:
        drafts = session.scalar(
            select(func.count()).where(
                Draft.document_type == DocumentType.MIGRATION_PROFILE.value,
                Draft.country == country,
                Draft.phase.in_(LIVE),
            )
        )
        return int(drafts or 0)


def opened_count(sessions: sessionmaker[Session], country: str) -> int:
    with sessions() as session:
        return int(
            session.scalar(
                select(func.count()).where(
                    Draft.document_type == DocumentType.MIGRATION_PROFILE.value,
                    Draft.country == country,
                )
            )
            or 0
        )


async def check(
    api: httpx.AsyncClient,
    sessions: sessionmaker[Session],
    settings: Settings,
    client: Any,
    country: str,
) -> dict[str, Any]:
    assert live_editions(sessions, country) <= 1, f"{country}: two live editions"
    read = (await api.get(f"/api/profiles/{country}/cycle", headers=SEC)).json()
    held = await cycles.schedule_state(client, settings, country)
    assert held["exists"] == (read["months"] is not None), (country, read, held)
    assert held["paused"] == read["paused"], (country, read, held)
    if read["live_draft"]:
        assert read["board"] == "under_update"
    elif read["months"] and datetime.fromisoformat(read["due"]) <= datetime.now(UTC) + timedelta(
        60
    ):
        assert read["board"] == "update_due"
    else:
        assert read["board"] is None
    return dict(read)


# the random runs are about the Schedule and the rules, not SQL: SQLite only (the end-to-end
# test above runs on both databases)
@one_database
@pytest.mark.parametrize("seed", [15, 2026])
async def test_pause_resume_change_and_trigger_in_any_order_keep_the_rules(
    seed: int,
    fresh_api: httpx.AsyncClient,
    fresh: sessionmaker[Session],
    fresh_settings: Settings,
    dev_env: WorkflowEnvironment,
    activity_executor: ThreadPoolExecutor,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from worker import build_worker

    monkeypatch.setattr(cycles, "FIRING_SPEC", FAST)
    api, settings, client = fresh_api, fresh_settings, dev_env.client
    with fresh.begin() as session:  # a final profile from before ppflow, endorsed in 2025
        session.add(
            ProfileRow(
                country="MK",
                edition=1,
                status=ProfileStatus.FINAL_AND_ENDORSED.value,
                source="seed",
                endorsed_on=date(2025, 1, 10),
                updated_at=utcnow(),
            )
        )
    rng = random.Random(seed)
    ops = ["set", "pause", "resume", "trigger", "due", "due", "withdraw", "withdraw"]
    async with build_worker(client, settings, activity_executor):
        for country in ("UA", "MK"):
            read = await check(api, fresh, settings, client, country)
            assert read["months"] is None  # no cycle until the Secretariat sets one
        log: list[str] = []
        plan = [("UA", "set"), ("MK", "set")] + [
            (rng.choice(["UA", "MK"]), rng.choice(ops)) for _ in range(16)
        ]
        for step, (country, op) in enumerate(plan):
            before = opened_count(fresh, country)
            paused = row_of(fresh, country).cycle_paused
            base = f"/api/profiles/{country}/cycle"
            if op == "set":
                r = await api.put(base, headers=SEC, json={"months": rng.randint(1, 120)})
                assert r.status_code == 200, r.text
            elif op in ("pause", "resume"):
                r = await api.post(f"{base}/{op}", headers=SEC)
                has_cycle = row_of(fresh, country).cycle_months is not None
                assert r.status_code == (200 if has_cycle else 409), r.text
            elif op == "trigger":
                live = (await api.get(base, headers=SEC)).json()["live_draft"]
                r = await api.post(f"{base}/trigger", headers=SEC)
                if live:
                    assert r.status_code == 409 and live in r.json()["detail"]
                else:
                    assert r.status_code == 200 and r.json()["draft_id"], r.text
            elif op == "due" and row_of(fresh, country).cycle_months:
                row = make_due(fresh, country)
                await cycles.sync_schedule(client, settings, country, row)
            elif op == "withdraw":
                live = (await api.get(base, headers=SEC)).json()["live_draft"]
                if live:
                    r = await api.post(
                        f"/api/drafts/{live}/withdraw", headers=LEAD, json={"reason": "not yet"}
                    )
                    assert r.status_code == 200, r.text

                    async def gone(draft: str = live, base: str = base) -> bool:
                        r = await api.get(base, headers=SEC)
                        return r.json()["live_draft"] != draft

                    await until(gone)
            # the Schedule (every 2 s here) fires at least once after a step that may make
            # it open an edition; the other steps are checked at once
            await asyncio.sleep(2.5 if op in ("set", "resume", "due") else 0.2)
            log.append(f"{country}:{op}:{opened_count(fresh, country) - before}")
            for c in ("UA", "MK"):
                await check(api, fresh, settings, client, c)
            if paused and row_of(fresh, country).cycle_paused and op != "trigger":
                assert opened_count(fresh, country) == before, f"step {step}: paused, opened"
        print(seed, " ".join(log))
        assert any(":due:1" in x for x in log) or any(":trigger:1" in x for x in log)
        # Russian and English on the cycles page
        await sign_in(api, make_user(fresh, Role.OBSERVER))
        page = (await api.get("/profiles/cycles?lang=ru")).text
        assert "Циклы обновления профилей" in page and 'data-country="MK"' in page
        assert Language.RU.value == "ru"


async def test_the_command_line_sets_pauses_resumes_and_triggers(
    fresh: sessionmaker[Session],
    fresh_settings: Settings,
    dev_env: WorkflowEnvironment,
    activity_executor: ThreadPoolExecutor,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from typer.testing import CliRunner

    from app.cli import app
    from worker import build_worker

    settings = fresh_settings
    monkeypatch.setenv("PPFLOW_TEMPORAL_ADDRESS", dev_env.client.service_client.config.target_host)
    monkeypatch.setenv("PPFLOW_DATABASE_URL", settings.effective_database_url)
    monkeypatch.setenv("PPFLOW_TASK_QUEUE", settings.task_queue)
    monkeypatch.setenv("PPFLOW_DATA_DIR", str(settings.data_dir))
    runner = CliRunner()

    async def cli(*args: str) -> Any:
        return await asyncio.to_thread(runner.invoke, app, ["profile", "cycle", *args])

    shown = await cli("show", "Ukraine")
    assert shown.exit_code == 0 and "edition 1  no cycle" in shown.output, shown.output
    for bad in ("0", "121", "two"):
        refused = await cli("set", "UA", bad)
        assert refused.exit_code == 1
        assert refused.output.strip() == "ppflow: months: give a whole number from 1 to 120"
    unknown = await cli("show", "Atlantis<x>")
    assert unknown.exit_code == 1 and "unknown country" in unknown.output
    assert "Atlantis" not in unknown.output and "Traceback" not in unknown.output
    nothing = await cli("pause", "DE")
    assert nothing.exit_code == 1 and "no final and endorsed" in nothing.output
    done = await cli("set", "UA", "24")
    # a seeded profile has no endorsement day: due a week from now, "update due" at once
    assert (
        done.exit_code == 0 and "every 24 months" in done.output and "[update due]" in done.output
    )
    assert "(paused)" in (await cli("pause", "UA")).output
    assert "(paused)" not in (await cli("resume", "UA")).output
    async with build_worker(dev_env.client, settings, activity_executor):
        opened = await cli("trigger", "UA")
        assert opened.exit_code == 0 and "opened draft draft-" in opened.output, opened.output
        assert "[under update]" in opened.output
        draft = opened.output.split("opened draft ")[1].split()[0]
        again = await cli("trigger", "UA")
        assert again.exit_code == 1 and draft in again.output
    listed = await cli("list", "--json")
    assert listed.exit_code == 0 and '"country": "UA"' in listed.output


@needs_chromium
@one_database
async def test_the_board_and_the_cycle_page_in_a_browser(
    fresh: sessionmaker[Session],
    fresh_settings: Settings,
    dev_env: WorkflowEnvironment,
    activity_executor: ThreadPoolExecutor,
) -> None:
    """The board with "update due" (UA) and "under update" (AZ), and UA's cycle page, in English
    and Russian, 1280 and 390 px wide, with axe; the Secretariat pauses the cycle on the page."""
    from web.app import create_app
    from worker import build_worker

    settings, client = fresh_settings, dev_env.client
    app = create_app(settings, client=client)
    async with build_worker(client, settings, activity_executor):
        with fresh() as session:
            await cycles.set_cycle(client, session, settings, "UA", cycles.CycleSet(months=24))
            await cycles.set_cycle(client, session, settings, "AZ", cycles.CycleSet(months=36))
            done = await cycles.trigger_cycle(client, session, settings, "AZ")
        assert done.draft_id

        async def projected() -> bool:
            with fresh() as session:
                return cycles.live_profile(session, "AZ") == done.draft_id

        await until(projected)
        async with serve(app) as base, chromium() as browser:
            tab = Journey(await browser.new_page(), base, "profile-cycles")
            await tab.sign_in(make_user(fresh, Role.SECRETARIAT))
            for lang in ("en", "ru"):
                await tab.go(f"/board?lang={lang}")
                await tab.picture("#profiles-final", f"cycles-board-{lang}")
                await tab.fits(390)
                await tab.go(f"/profiles/UA/cycle?lang={lang}")
                await tab.fits(390)
                await tab.go(f"/profiles/cycles?lang={lang}")
                await tab.fits(390)
            await tab.go("/profiles/UA/cycle?lang=en")
            await tab.page.get_by_role("button", name="Pause").click()
            await tab.check("paused")
            assert "The cycle is paused." in await tab.page.content()
            assert "every 24 months · paused" in await tab.page.inner_text("#cy-months")
            await tab.page.get_by_label("Every how many months (1–120)").fill("500")
            await tab.page.evaluate("document.getElementById('months').removeAttribute('max')")
            await tab.page.get_by_role("button", name="Set the cycle").click()
            await tab.check("refused")
            text = await tab.page.content()
            assert "months: give a whole number from 1 to 120" in text and "500" not in text
    held = await cycles.schedule_state(client, settings, "UA")
    assert held["exists"] and held["paused"]


async def test_the_demo_step(
    fresh_api: httpx.AsyncClient,
    fresh_settings: Settings,
    dev_env: WorkflowEnvironment,
    activity_executor: ThreadPoolExecutor,
) -> None:
    from app.demo_profile_cycles import show_profile_cycles
    from worker import build_worker

    said: list[str] = []

    class Story:
        def say(self, text: str) -> None:
            said.append(text)

        async def call(self, method: str, url: str, role: str = "lead", **kw: Any) -> Any:
            r = await fresh_api.request(method, url, headers=SEC if role == "sec" else LEAD, **kw)
            assert r.status_code < 400, r.text
            return r.json()

    async with build_worker(dev_env.client, fresh_settings, activity_executor):
        await show_profile_cycles(Story(), "TJ")
    assert "Tajikistan: update cycle every 24 months" in said[0] and "update due" in said[0]
    assert "opened with the endorsed text; board: under update" in said[1]
