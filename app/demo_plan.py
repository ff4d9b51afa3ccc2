"""The demo's Action Plan: a plan of two parts led by two states (Poland: preventing and fighting
illegal migration; Slovakia: return, readmission and reintegration), each consulted in one round
with the Strategic Group invited by name, then compiled and endorsed at a Ministerial Conference.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

# (lead, thematic area, title, [(section title, text)]): each section is one activity.
PARTS = [
    (
        "PL",
        "illegal_migration",
        "Preventing and fighting illegal migration",
        [
            (
                "Information exchange on irregular routes",
                "Participating states exchange information on routes and modi operandi.",
            ),
            (
                "Trafficking in human beings",
                "Joint training of border guards to identify victims of trafficking.",
            ),
            ("Document security", "Expert meetings on forged and falsified documents."),
        ],
    ),
    (
        "SK",
        "readmission_return",
        "Readmission, voluntary return and sustainable reintegration",
        [
            (
                "Readmission agreements",
                "Support to the conclusion and implementation of readmission agreements.",
            ),
            (
                "Assisted voluntary return",
                "Exchange of good practice on assisted voluntary return programmes.",
            ),
        ],
    ),
]
PL_RU = [
    ("Обмен информацией о нерегулярных маршрутах", "Государства обмениваются информацией."),
    ("Торговля людьми", "Совместное обучение пограничников выявлению жертв торговли людьми."),
    ("Безопасность документов", "Совещания экспертов по поддельным документам."),
]
WAIT_SECONDS = 60.0


async def action_plan(story: Any) -> str:
    print("The Action Plan as one document (parts led by Poland and Slovakia)")
    plan = await story.call(
        "POST",
        "/api/plans",
        "sec",
        json={"title": "Prague Process Action Plan 2012-2016", "lead_state": "PL"},
    )
    plan_id = plan["draft_id"]
    story.say(f"the Secretariat started {plan_id}; Poland presents the whole plan")
    for lead, area, title, sections in PARTS:
        part = await story.call(
            "POST",
            "/api/drafts",
            json={
                "title": title,
                "document_type": "action_plan_section",
                "thematic_area": area,
                "lead_state": lead,
                "parent_id": plan_id,
                "sections": [{"title": t, "text": x} for t, x in sections],
            },
        )
        await consult(story, part["draft_id"], part["reference"], lead)
        if lead == "PL":
            await story.call(
                "POST",
                f"/api/drafts/{part['draft_id']}/translations",
                json={
                    "language": "ru",
                    "title": "Предотвращение незаконной миграции и борьба с ней",
                    "sections": [
                        {"id": f"s{i}", "title": t, "text": x}
                        for i, (t, x) in enumerate(PL_RU, start=1)
                    ],
                },
            )
        await story.call(
            "POST", f"/api/drafts/{part['draft_id']}/endorsement", json={"route": "with_plan"}
        )
        story.say(f"{lead}'s part is ready: endorsed with the whole plan ({part['draft_id']})")
    view = await until(story, plan_id, lambda v: not v["not_ready"], "every part to be ready")
    now = datetime.now(UTC)
    conference = await story.call(
        "POST",
        "/api/meetings",
        "sec",
        json={
            "kind": "ministerial_conference",
            "title": "Ministerial Conference",
            "place": "Poznań",
            "starts_at": (now + timedelta(minutes=5)).isoformat(),
            "ends_at": (now + timedelta(hours=8)).isoformat(),
            "host": "PL",
            "invitees": {"everyone": True},
        },
    )
    meeting_id = conference["meeting_id"]
    await story.call(
        "POST", f"/api/plans/{plan_id}/endorsement", "sec", json={"meeting_id": meeting_id}
    )
    view = await story.call("GET", f"/api/plans/{plan_id}", "sec")
    activities = sum(p["activities"] for p in view["parts"])
    story.say(
        f"compiled: {len(view['parts'])} parts, activities 1-{activities} numbered across them, "
        f"in {', '.join(a['language'].upper() for a in view['artifacts'])}; on the agenda of "
        f"{meeting_id}"
    )
    await story.call(
        "POST",
        f"/api/meetings/{meeting_id}/decisions",
        "sec",
        json={"draft_id": plan_id, "decision": "endorsed", "notes": "Endorsed by the Ministers"},
    )
    view = await until(
        story,
        plan_id,
        lambda v: v["phase"] == "final" and all(p["phase"] == "final" for p in v["parts"]),
        "the plan and every part to be final",
    )
    story.say(
        "endorsed at the Ministerial Conference in Poznań: the plan and its "
        f"{len(view['parts'])} parts final and endorsed"
    )
    return str(plan_id)


async def consult(story: Any, draft_id: str, reference: str, lead: str) -> None:
    """One round with the Strategic Group invited by name: the first to answer comments, the
    others have no objection; the lead state resolves the comments."""
    summary = await story.call(
        "POST",
        f"/api/drafts/{draft_id}/rounds",
        json={
            "invitees": {"bodies": ["strategic_group"]},
            "deadline": (datetime.now(UTC) + timedelta(minutes=10)).isoformat(),
        },
    )
    invited = summary["invitees"]
    links: dict[str, str] = {}
    for _ in range(int(WAIT_SECONDS * 4)):
        links = story.links(reference)
        if len(links) >= len(invited):
            break
        await asyncio.sleep(0.25)
    for n, token in enumerate(links.values()):
        body: dict[str, Any] = {"position": "no_objection"}
        if n == 0:
            body = {
                "position": "comments",
                "comments": [{"section_id": "s1", "text": "Name the Prague Process Secretariat."}],
            }
        await story.http.post(f"/api/review/{token}/answer", json=body)
    status = await story.call("GET", f"/api/drafts/{draft_id}", "sec")
    if status["state"]["phase"] == "consultation":  # someone had no link: the Secretariat closes
        await story.call("POST", f"/api/drafts/{draft_id}/rounds/current/close", "sec")
    await story.wait_for(
        draft_id, lambda s: s["state"]["phase"] == "revision", "the round to close"
    )
    resolved = await story.resolve_all(draft_id)
    story.say(
        f"{lead}'s part: round 1 with the Strategic Group ({', '.join(invited)}), "
        f"{len(links)} answered, {resolved} comment(s) resolved"
    )


async def until(story: Any, plan_id: str, check: Any, what: str) -> dict[str, Any]:
    for _ in range(int(WAIT_SECONDS * 4)):
        view: dict[str, Any] = await story.call("GET", f"/api/plans/{plan_id}", "sec")
        if check(view):
            return view
        await asyncio.sleep(0.25)
    raise RuntimeError(f"{plan_id}: timed out waiting for {what}")
