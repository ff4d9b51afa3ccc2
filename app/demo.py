"""`make demo`: a whole story on a private embedded stack, with deadlines of seconds.

Poland's readmission guidelines go through two comment rounds (answers sent through the links in
the captured mails, one with a reservation) to endorsement at a Senior Officials' Meeting; the
migration profile of Armenia gets an expert mission's findings and is endorsed by written
procedure. Everything goes through the HTTP API, as a client would.
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import select

from app import (
    demo_analytics,
    demo_calendars,
    demo_knowledge,
    demo_missions,
    demo_plan,
    demo_profile_cycles,
    demo_profiles,
    demo_projects,
    demo_public,
    demo_search,
)
from app.embedded import EmbeddedStack
from models.db import ArtifactLink, make_engine, make_sessionmaker
from models.settings import Settings
from word.store import load_artifact

ROUND_ONE = ["DE", "FR", "AM", "AZ", "GE", "MD", "UA", "KZ", "RS", "TR"]
SILENT = {"RS", "TR"}  # they will get the reminder
GUIDELINES = [
    (
        "Purpose and scope",
        "These guidelines help participating states conclude readmission "
        "agreements and organise returns.",
    ),
    ("Principles", "Returns take place in dignity, with respect for the rights of migrants."),
    ("Negotiating readmission agreements", "Steps from the mandate to the signature."),
    ("Implementing protocols", "Competent authorities, time limits, costs."),
    ("Sustainable reintegration", "Cooperation with countries of origin on reintegration."),
]
PROFILE = [  # ids of the EMP template (models/profile.py); the rest stays "not yet drafted"
    (
        "emp-summary",
        "Executive summary",
        "Armenia is a country of emigration with growing return flows.",
    ),
    (
        "emp-trends",
        "Migration trends",
        "## Emigration\n\n| Indicator | 2022 | 2023 | 2024 |\n| Emigrants registered | 71 000 | "
        "68 500 | 66 900 |\n\n## Return\n\n| Indicator | 2022 | 2023 | 2024 |\n"
        "| Returns carried out | 2 100 | 2 650 | 2 800 |",
    ),
    ("emp-legal", "Legal and policy framework", "Law on foreigners; State Migration Service."),
    ("emp-diaspora", "Diaspora and remittances", "A large diaspora; remittances near 12% of GDP."),
    ("emp-gaps", "Data gaps and recommendations", "Harmonise statistics on returns."),
]
GUIDELINES_RU = [
    (
        "Цель и сфера применения",
        "Настоящие руководящие принципы помогают государствам-участникам "
        "заключать соглашения о реадмиссии и организовывать возвращение.",
    ),
    (
        "Принципы",
        "Возвращение осуществляется в условиях безопасности и достоинства, в "
        "соответствии с международным правом.",
    ),
    ("Переговоры о соглашениях о реадмиссии", "Этапы от мандата до подписания."),
    ("Имплементационные протоколы", "Компетентные органы отвечают в течение 30 дней."),
    ("Устойчивая реинтеграция", "Сотрудничество со странами происхождения в области реинтеграции."),
]
# Every document a draft has, built on demand in both languages at the end of the story.
DOCUMENTS = {
    "guidelines": [
        "draft_version",
        "comment_compilation?round=1",
        "position_register?round=1",
        "redline?from_version=1",
        "final_text",
        "procedural_record",
    ],
    "profile": ["migration_profile", "final_text", "procedural_record"],
}


def demo_settings(base: Settings) -> Settings:
    """A private stack: its own data dir and ports, so it runs beside `make run`."""
    return base.model_copy(
        update={
            "data_dir": base.data_dir / "demo",
            "temporal_address": None,
            "temporal_port": 7243,
            "temporal_ui_port": 8243,
            "smtp_host": None,
            "smtp_port": 8035,
            "web_port": 8010,
            "inbound_smtp_port": 8037,
            "public_base_url": "http://127.0.0.1:8010",
            "database_url": None,
        }
    )


class Story:
    def __init__(self, http: httpx.AsyncClient, settings: Settings) -> None:
        self.http = http
        self.settings = settings
        self.lead = {"Authorization": f"Bearer {settings.drafting_token}"}
        self.sec = {"Authorization": f"Bearer {settings.secretariat_token}"}

    def say(self, text: str) -> None:
        print(f"  · {text}", flush=True)

    async def call(self, method: str, url: str, role: str = "lead", **kw: Any) -> Any:
        headers = self.lead if role == "lead" else self.sec
        r = await self.http.request(method, url, headers=headers, **kw)
        if r.status_code >= 400:
            raise RuntimeError(f"{method} {url} -> {r.status_code}: {r.text}")
        return r.json()

    async def wait_for(self, draft_id: str, check: Any, what: str, timeout: float = 120) -> Any:
        """Poll the draft's status until `check(status)` holds."""
        for _ in range(int(timeout * 4)):
            status = await self.call("GET", f"/api/drafts/{draft_id}", "sec")
            if check(status):
                return status
            await asyncio.sleep(0.25)
        raise RuntimeError(f"{draft_id}: timed out waiting for {what}")

    def links(self, reference: str, kind: str = "/review/") -> dict[str, str]:
        """Personal links found in the captured mails, by recipient address."""
        found: dict[str, str] = {}
        for path in sorted(self.settings.mail_dir.glob("*.eml")):
            msg = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            body = msg.get_body(("plain",)).get_content()  # type: ignore[union-attr]
            if reference in str(msg["Subject"]) and kind in body:
                token = body.split("/review/")[1].split()[0]
                found[str(msg["To"])] = token
        return found

    async def links_for(self, reference: str, count: int) -> dict[str, str]:
        for _ in range(200):
            found = self.links(reference)
            if len(found) >= count:
                return found
            await asyncio.sleep(0.1)
        raise RuntimeError(f"expected {count} invitations for {reference}, found {len(found)}")

    async def resolve_all(self, draft_id: str) -> int:
        status = await self.call("GET", f"/api/drafts/{draft_id}", "sec")
        open_ = [c for c in status["state"]["comments"] if c["disposition"] is None]
        if not open_:
            return 0
        resolutions = []
        for c in open_:
            if c["position"] == "reservation":
                resolutions.append(
                    {
                        "comment_id": c["comment_id"],
                        "disposition": "partly_accepted",
                        "justification": "Time limits aligned; the rest stays as "
                        "agreed by the majority.",
                    }
                )
            else:
                resolutions.append({"comment_id": c["comment_id"], "disposition": "accepted"})
        await self.call(
            "POST", f"/api/drafts/{draft_id}/resolutions", json={"resolutions": resolutions}
        )
        return len(resolutions)

    async def guidelines(self) -> str:
        print("Guidelines on concluding readmission agreements (lead: Poland)")
        now = datetime.now(UTC)
        started = await self.call(
            "POST",
            "/api/drafts",
            json={
                "title": "Guidelines on concluding readmission agreements",
                "document_type": "guidelines",
                "thematic_area": "readmission_return",
                "lead_state": "PL",
                "co_lead_states": ["SK", "RO"],
                "sections": [{"title": t, "text": x} for t, x in GUIDELINES],
            },
        )
        draft, ref = started["draft_id"], started["reference"]
        self.say(f"Poland started {draft}")
        await self.translate(draft, GUIDELINES_RU[:3])
        self.say("a Russian version of version 1 follows (three sections translated so far)")
        await self.call(
            "POST",
            f"/api/drafts/{draft}/rounds",
            json={
                "invitees": {"participants": ROUND_ONE},
                "deadline": (now + timedelta(seconds=25)).isoformat(),
                "reminder_before": ["PT12S"],
            },
        )
        links = await self.links_for(ref, len(ROUND_ONE))
        self.say(f"round 1 opened: {len(links)} invitations with personal links sent")
        for address, token in links.items():
            participant = address.split("@")[1].split(".")[0].upper()
            if participant in SILENT:
                continue
            body: dict[str, Any] = {
                "position": "comments",
                "comments": [
                    {
                        "section_id": "s2",
                        "text": f"{participant}: mention the 1951 Convention",
                        "proposed_text": "Returns take place in safety and dignity, in line with "
                        "international law.",
                    }
                ],
            }
            if participant == "AM":
                body = {
                    "position": "reservation",
                    "reason": "Time limits in section 4 need national consultation",
                    "comments": [
                        {
                            "section_id": "s4",
                            "text": "Extend time limits to 30 days",
                            "proposed_text": "within 30 days",
                        }
                    ],
                }
            await self.http.post(f"/api/review/{token}/answer", json=body)
        self.say(
            f"{len(links) - len(SILENT)} answered through their links (Armenia with a "
            "reservation); Serbia and Turkey stay silent"
        )
        await self.wait_for(
            draft, lambda s: s["state"]["phase"] == "revision", "round 1 to close at its deadline"
        )
        self.say("round 1 closed at its deadline (the silent two were reminded)")
        self.say(f"Poland resolved {await self.resolve_all(draft)} comments")
        await self.call(
            "POST",
            f"/api/drafts/{draft}/revisions",
            json={
                "note": "Comments of round 1 taken in",
                "sections": [
                    {"id": "s1", "title": GUIDELINES[0][0], "text": GUIDELINES[0][1]},
                    {
                        "id": "s2",
                        "title": GUIDELINES[1][0],
                        "text": "Returns take place in safety and dignity, in line with "
                        "international law.",
                    },
                    {"id": "s3", "title": GUIDELINES[2][0], "text": GUIDELINES[2][1]},
                    {
                        "id": "s4",
                        "title": GUIDELINES[3][0],
                        "text": "Competent authorities answer within 30 days.",
                    },
                    {"id": "s5", "title": GUIDELINES[4][0], "text": GUIDELINES[4][1]},
                ],
            },
        )
        before = set(self.links(ref).values())
        await self.call(
            "POST",
            f"/api/drafts/{draft}/rounds",
            json={
                "invitees": {"participants": ROUND_ONE},
                "deadline": (datetime.now(UTC) + timedelta(minutes=5)).isoformat(),
            },
        )
        for _ in range(200):
            fresh = {a: t for a, t in self.links(ref).items() if t not in before}
            if len(fresh) >= len(ROUND_ONE):
                break
            await asyncio.sleep(0.1)
        for token in fresh.values():
            await self.http.post(f"/api/review/{token}/answer", json={"position": "no_objection"})
        await self.wait_for(
            draft,
            lambda s: s["state"]["phase"] == "revision" and len(s["state"]["rounds"]) == 2,
            "round 2 to close",
        )
        self.say("round 2 on version 2: no objection from all ten, closed early")
        await self.translate(draft, GUIDELINES_RU)
        self.say("the Russian version catches up with version 2 before the meeting")
        meeting = await self.call(
            "POST",
            "/api/meetings",
            "sec",
            json={
                "kind": "som",
                "title": "Senior Officials' Meeting",
                "place": "Poznan",
                "starts_at": (datetime.now(UTC) + timedelta(minutes=5)).isoformat(),
                "ends_at": (datetime.now(UTC) + timedelta(hours=8)).isoformat(),
                "host": "PL",
                "co_chairs": ["PL", "CZ"],
                "invitees": {"everyone": True},
            },
        )
        await self.call(
            "POST",
            f"/api/drafts/{draft}/endorsement",
            json={"route": "meeting", "meeting_id": meeting["meeting_id"]},
        )
        await asyncio.sleep(1)
        await self.call(
            "POST",
            f"/api/meetings/{meeting['meeting_id']}/decisions",
            "sec",
            json={
                "draft_id": draft,
                "decision": "endorsed",
                "notes": "Endorsed by the Senior Officials",
            },
        )
        await self.call(  # who was represented: the conclusions name them
            "POST",
            f"/api/meetings/{meeting['meeting_id']}/attendance",
            "sec",
            json={"participants": ["PL", "CZ", *ROUND_ONE]},
        )
        await self.call(
            "POST",
            f"/api/meetings/{meeting['meeting_id']}/close",
            "sec",
            json={"summary": "The SOM endorsed the readmission guidelines."},
        )
        await self.wait_for(
            draft,
            lambda s: (
                s["state"]["phase"] == "final"
                and {a["language"] for a in s["state"]["artifacts"] if a["kind"] == "final_text"}
                == {"en", "ru"}
            ),
            "the final text in English and Russian",
        )
        self.say(f"endorsed at the SOM in Poznan ({meeting['meeting_id']}): Final and endorsed")
        return draft

    async def translate(self, draft: str, sections: list[tuple[str, str]]) -> None:
        await self.call(
            "POST",
            f"/api/drafts/{draft}/translations",
            json={
                "language": "ru",
                "title": "Руководящие принципы по заключению соглашений о реадмиссии",
                "sections": [
                    {"id": f"s{i}", "title": t, "text": x}
                    for i, (t, x) in enumerate(sections, start=1)
                ],
            },
        )

    async def documents(self, draft: str, kinds: list[str]) -> int:
        """Build every document of a draft on demand, in English and Russian."""
        built = 0
        for kind in kinds:
            for language in ("en", "ru"):
                joiner = "&" if "?" in kind else "?"
                url = f"/api/drafts/{draft}/documents/{kind}{joiner}language={language}"
                r = await self.http.get(url, headers=self.sec)
                if r.status_code != 200:
                    raise RuntimeError(f"GET {url} -> {r.status_code}: {r.text}")
                built += 1
        return built

    async def profile(self) -> str:
        print("Extended Migration Profile of Armenia")
        started = await self.call(
            "POST",
            "/api/drafts",
            json={
                "title": "Extended Migration Profile of Armenia",
                "document_type": "migration_profile",
                "thematic_area": "migration_development",
                "lead_state": "AM",
                "country": "AM",
                "sections": [{"id": i, "title": t, "text": x} for i, t, x in PROFILE],
            },
        )
        draft, ref = started["draft_id"], started["reference"]
        now = datetime.now(UTC)
        await self.call(
            "POST",
            f"/api/drafts/{draft}/missions",
            json={
                "kind": "expert_mission",
                "experts": demo_missions.MEMBERS,
                "starts_on": now.isoformat(),
                "ends_on": now.isoformat(),
                "findings_due": (now + timedelta(minutes=5)).isoformat(),
                "reminder_before": [],
                "sections": ["emp-trends", "emp-gaps"],
                "brief": "Return flows since 2019 and what is known of reintegration.",
            },
        )
        token = (await self.links_for(ref, 1))["expert@icmpd.example"]
        await self.http.post(
            f"/api/review/{token}/findings",
            json={
                "findings": [
                    {
                        "section_id": "emp-trends",
                        "text": "Return flows rose by a third since 2019.",
                    },
                    {"section_id": "emp-gaps", "text": "No data on reintegration outcomes."},
                ]
            },
        )
        await self.wait_for(draft, lambda s: s["unresolved_comments"] == 2, "the findings")
        self.say("expert mission to Armenia: two findings submitted through the expert's link")
        self.say(f"findings worked in: {await self.resolve_all(draft)} resolved")
        await self.call(
            "POST",
            f"/api/drafts/{draft}/revisions",
            json={
                "sections": [
                    {
                        "id": i,
                        "title": t,
                        "text": x
                        + (
                            "\n\nReturn flows rose by a third since 2019."
                            if i == "emp-trends"
                            else ""
                        ),
                    }
                    for i, t, x in PROFILE
                ]
            },
        )
        await self.call(
            "POST",
            f"/api/drafts/{draft}/endorsement",
            json={
                "route": "written_procedure",
                "deadline": (datetime.now(UTC) + timedelta(seconds=8)).isoformat(),
                "invitees": {"groups": ["eastern_partnership"], "participants": ["EC"]},
            },
        )
        self.say("written procedure opened to the Eastern Partnership and the Commission")
        await self.wait_for(
            draft,
            lambda s: (
                s["state"]["phase"] == "final"
                and any(a["kind"] == "final_text" for a in s["state"]["artifacts"])
            ),
            "silence to be kept",
        )
        self.say("silence kept: Final and endorsed")
        return draft


def export_documents(settings: Settings, folder: Path) -> list[Path]:
    """Write every stored Word file out, so a person can open them."""
    folder.mkdir(parents=True, exist_ok=True)
    engine = make_engine(settings.effective_database_url)
    written = []
    with make_sessionmaker(engine)() as session:
        for link in session.scalars(select(ArtifactLink)):
            found = load_artifact(session, link.artifact_id)
            if found:
                path = folder / link.filename
                path.write_bytes(found[0])
                written.append(path)
    engine.dispose()
    return written


KINDS = {
    "DraftWorkflow": "draft",
    "CommentRoundWorkflow": "round",
    "WrittenProcedureWorkflow": "silence",
    "ExpertMissionWorkflow": "mission",
    "MeetingWorkflow": "meeting",
    "ActionPlanWorkflow": "plan",
    "NoticeWorkflow": "notice",
    "DigestWorkflow": "digest",
}


async def keep_histories(client: Any, folder: Path, per_kind: int = 2) -> int:
    """Finished workflows' histories for the replay tests (`ppflow demo --histories DIR`), a
    few of each type: the demo runs every type with the real activities."""
    folder.mkdir(parents=True, exist_ok=True)
    kept: dict[str, int] = {}
    async for run in client.list_workflows("ExecutionStatus != 'Running'"):
        kind = KINDS.get(run.workflow_type, run.workflow_type.lower())
        if kept.get(kind, 0) >= per_kind:
            continue
        history = await client.get_workflow_handle(run.id, run_id=run.run_id).fetch_history()
        kept[kind] = kept.get(kind, 0) + 1
        (folder / f"demo-{kind}-{kept[kind]}-{kind}.json").write_text(history.to_json())
    return sum(kept.values())


async def run_demo(base: Settings, histories: Path | None = None) -> None:
    settings = demo_settings(base)
    shutil.rmtree(settings.data_dir, ignore_errors=True)
    print(f"Starting a private stack in {settings.data_dir} …", flush=True)
    async with EmbeddedStack(settings) as stack:
        async with httpx.AsyncClient(base_url=stack.web_url, timeout=30) as http:
            story = Story(http, settings)
            guidelines = await story.guidelines()
            await demo_calendars.show_calendars(story, "UA")
            await demo_projects.link_guidelines(story, guidelines)
            profile = await story.profile()
            await demo_missions.show_report(story, profile)
            await demo_profiles.show_board(story)
            await demo_profile_cycles.show_profile_cycles(story)
            await demo_public.show_public(story, guidelines, profile)
            await demo_knowledge.show_knowledge(story)
            await demo_search.show_search(story)
            await demo_plan.action_plan(story)
            await demo_analytics.show_analytics(story)
            events = await story.call("GET", f"/api/drafts/{guidelines}/events", "sec")
            built = await story.documents(guidelines, DOCUMENTS["guidelines"])
            built += await story.documents(profile, DOCUMENTS["profile"])
            print(f"  · {built} documents built on demand (every kind, English and Russian)")
        await asyncio.sleep(1)  # last notices
        if histories is not None and stack.client is not None:
            kept = await keep_histories(stack.client, histories)
            print(f"  · {kept} workflow histories kept in {histories}")
        files = export_documents(settings, settings.data_dir / "documents")
    mails = sorted(settings.mail_dir.glob("*.eml"))
    print("\nSummary")
    print(f"  {guidelines}: final and endorsed, {len(events)} events in its timeline")
    print(f"  {profile}: final and endorsed by written procedure")
    print(f"  {len(files)} Word files in {settings.data_dir / 'documents'}")
    print(f"  {len(mails)} mails (.eml) in {settings.mail_dir}")
