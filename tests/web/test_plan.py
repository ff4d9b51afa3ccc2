"""The Action Plan through the JSON API and its page, on the real dev server, worker and database:
the Secretariat starts a plan, two states start its parts, the plan waits for every part, is
compiled into one Word file and endorsed at a Ministerial Conference with every part."""

from __future__ import annotations

import io
import re
import uuid

import httpx
from docx import Document

from ppflow.accounts import Role
from tests.conftest import until
from tests.web.accounts import make_user, sign_in
from tests.web.test_api import LEAD, SEC, later_today, new_meeting
from tests.web.test_pages import web  # noqa: F401  (the pages' client fixture)

PL_PART = {
    "title": "Preventing and fighting illegal migration",
    "document_type": "action_plan_section",
    "thematic_area": "illegal_migration",
    "lead_state": "PL",
    "sections": [
        {"title": "Border management", "text": "Exchange of information on routes."},
        {"title": "Trafficking in human beings", "text": "Joint training."},
    ],
}
SK_PART = {
    "title": "Return, readmission and reintegration",
    "document_type": "action_plan_section",
    "thematic_area": "readmission_return",
    "lead_state": "SK",
    "sections": [
        {"title": "Readmission agreements", "text": "Guidelines on their conclusion."},
        {"title": "Sustainable reintegration", "text": "Pilot projects."},
    ],
}


async def start_plan(api: httpx.AsyncClient) -> str:
    r = await api.post(
        "/api/plans",
        headers=SEC,
        json={
            "title": "Action Plan 2012-2016",
            "slug": f"ap-{uuid.uuid4().hex[:8]}",
            "lead_state": "PL",
        },
    )
    assert r.status_code == 201, r.text
    return str(r.json()["draft_id"])


async def start_part(api: httpx.AsyncClient, plan_id: str, body: dict[str, object]) -> str:
    r = await api.post(
        "/api/drafts",
        headers=LEAD,
        json={**body, "parent_id": plan_id, "slug": f"part-{uuid.uuid4().hex[:8]}"},
    )
    assert r.status_code == 201, r.text
    return str(r.json()["draft_id"])


async def ready(api: httpx.AsyncClient, part: str) -> httpx.Response:
    return await api.post(
        f"/api/drafts/{part}/endorsement", headers=LEAD, json={"route": "with_plan"}
    )


async def test_plan_of_two_parts_endorsed_at_a_ministerial_conference(
    api: httpx.AsyncClient, run_worker, dev_env
) -> None:
    async with run_worker(dev_env.client):
        r = await api.post("/api/plans", headers=LEAD, json={"title": "Plan", "lead_state": "PL"})
        assert r.status_code == 403  # the Secretariat starts plans
        plan_id = await start_plan(api)
        sk = await start_part(api, plan_id, SK_PART)
        pl = await start_part(api, plan_id, PL_PART)

        # a part needs a plan that exists, and the type of a part
        r = await api.post(
            "/api/drafts", headers=LEAD, json={**PL_PART, "parent_id": "draft-no-such-plan"}
        )
        assert r.status_code == 422 and "no Action Plan draft-no-such-plan" in r.json()["detail"]
        r = await api.post(
            "/api/drafts",
            headers=LEAD,
            json={**PL_PART, "document_type": "guidelines", "parent_id": plan_id},
        )
        assert r.status_code == 422 and "action_plan_section" in r.json()["detail"]

        view = (await api.get(f"/api/plans/{plan_id}", headers=SEC)).json()
        assert [(p["draft_id"], p["lead_state"], p["ready"]) for p in view["parts"]] == [
            (pl, "PL", False),
            (sk, "SK", False),
        ]
        assert (await ready(api, pl)).status_code == 200
        som = await new_meeting(api, "Budapest")
        mc = await new_meeting(
            api,
            "Poznań",
            kind="ministerial_conference",
            title="Ministerial Conference",
            starts_at=(await later_today()).isoformat(),
            slug=f"mc-{uuid.uuid4().hex[:8]}",
        )
        r = await api.post(
            f"/api/plans/{plan_id}/endorsement", headers=SEC, json={"meeting_id": som}
        )
        assert r.status_code == 422 and "Ministerial Conference" in r.json()["detail"]
        r = await api.post(
            f"/api/plans/{plan_id}/endorsement", headers=SEC, json={"meeting_id": mc}
        )
        assert r.status_code == 409, r.text
        assert "not ready" in r.json()["detail"] and "Return, readmission" in r.json()["detail"]
        r = await api.post(
            f"/api/plans/{plan_id}/endorsement", headers=LEAD, json={"meeting_id": mc}
        )
        assert r.status_code == 403

        assert (await ready(api, sk)).status_code == 200

        async def all_ready() -> dict:  # type: ignore[type-arg]
            # the plan hears of a ready part from the part's workflow; the part's own phase
            # reaches the read model by its own write, a moment earlier or later
            view = (await api.get(f"/api/plans/{plan_id}", headers=SEC)).json()
            phases = [p["phase"] for p in view["parts"]]
            return view if not view["not_ready"] and phases == ["endorsement"] * 2 else {}

        view = await until(all_ready)
        r = await api.post(
            f"/api/plans/{plan_id}/endorsement", headers=SEC, json={"meeting_id": mc}
        )
        assert r.status_code == 200, r.text
        view = (await api.get(f"/api/plans/{plan_id}", headers=SEC)).json()
        assert view["phase"] == "endorsement" and view["pending_meeting_id"] == mc
        english = next(a for a in view["artifacts"] if a["language"] == "en")
        content = (await api.get(f"/api/artifacts/{english['artifact_id']}", headers=SEC)).content
        doc = Document(io.BytesIO(content))
        heads = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
        assert [h for h in heads if h.startswith("Part ")] == [
            "Part 1. Preventing and fighting illegal migration",
            "Part 2. Readmission, voluntary return and sustainable reintegration",
        ]
        numbers = [int(m[1]) for h in heads if (m := re.match(r"Activity (\d+)\.", h))]
        assert numbers == [1, 2, 3, 4]

        r = await api.post(
            f"/api/meetings/{mc}/decisions",
            headers=SEC,
            json={"draft_id": plan_id, "decision": "endorsed"},
        )
        assert r.status_code == 200, r.text

        async def final() -> dict:  # type: ignore[type-arg]
            view = (await api.get(f"/api/plans/{plan_id}", headers=SEC)).json()
            done = view["phase"] == "final" and all(p["phase"] == "final" for p in view["parts"])
            return view if done else {}

        view = await until(final)
        activities = await until(
            lambda: _activities(api, plan_id)  # recorded once the plan is endorsed
        )
        assert [(a["number"], a["lead"]) for a in activities] == [
            (1, "PL"),
            (2, "PL"),
            (3, "SK"),
            (4, "SK"),
        ]
        # a draft that is no part of a plan is not endorsed with one; a draft is not a plan
        r = await api.get(f"/api/plans/{pl}", headers=SEC)
        assert r.status_code == 404


async def _activities(api: httpx.AsyncClient, plan_id: str) -> list[dict[str, object]]:
    r = await api.get(f"/api/plans/{plan_id}/activities", headers=SEC)
    return r.json() if r.status_code == 200 else []


async def test_plan_page_lists_parts_and_answers_a_refusal_with_its_reason(
    api: httpx.AsyncClient,
    web: httpx.AsyncClient,  # noqa: F811  (the fixture imported above)
    run_worker,
    dev_env,
    sessions,
) -> None:
    async with run_worker(dev_env.client):
        csrf = await sign_in(web, make_user(sessions, Role.SECRETARIAT))
        r = await web.post("/plans", data={"csrf": csrf, "title": "ab", "lead_state": "PL"})
        assert r.status_code == 422 and "at least 3 characters" in r.text  # the form again
        r = await web.post(
            "/plans", data={"csrf": csrf, "title": "Action Plan 2012-2016", "lead_state": "PL"}
        )
        if r.status_code == 409:  # a plan of this title from an earlier run of the test
            r = await web.post(
                "/plans",
                data={
                    "csrf": csrf,
                    "title": f"Action Plan 2012-2016 {uuid.uuid4().hex[:6]}",
                    "lead_state": "PL",
                },
            )
        assert r.status_code == 303, r.text
        url = r.headers["location"]
        plan_id = url.rsplit("/", 1)[1]
        pl = await start_part(api, plan_id, PL_PART)
        sk = await start_part(api, plan_id, SK_PART)
        assert (await ready(api, pl)).status_code == 200
        mc = await new_meeting(
            api,
            "Poznań",
            kind="ministerial_conference",
            title="Ministerial Conference",
            slug=f"mc-{uuid.uuid4().hex[:8]}",
        )

        page = (await web.get(url)).text
        assert "Preventing and fighting illegal migration" in page and "Poland" in page
        assert "not ready" in page and 'id="endorse"' in page
        r = await web.post(url, data={"action": "endorse", "meeting_id": mc})
        assert r.status_code == 403  # no CSRF token
        r = await web.post(url, data={"csrf": csrf, "action": "endorse", "meeting_id": mc})
        assert r.status_code == 409 and "not ready" in r.text
        assert "Return, readmission and reintegration" in r.text and 'id="plan-parts"' in r.text

        # the part's page links the plan and offers "ready: endorse with the whole plan"
        part_page = (await web.get(f"/drafts/{sk}")).text
        assert f'href="/plans/{plan_id}"' in part_page and 'id="with-plan"' in part_page
        r = await web.post(
            f"/drafts/{sk}", data={"csrf": csrf, "action": "endorse", "route": "with_plan"}
        )
        assert r.status_code == 303, r.text

        async def all_ready() -> str:
            text = (await web.get(url)).text
            return text if "not-ready" not in text else ""

        await until(all_ready)
        r = await web.post(url, data={"csrf": csrf, "action": "endorse", "meeting_id": mc})
        assert r.status_code == 303, r.text
        page = (await web.get(url)).text
        assert "Compilation 1 · EN" in page and "Ministerial Conference" in page
        assert (await web.get(f"/drafts/{plan_id}")).headers["location"] == url
        board = (await web.get("/board")).text
        assert 'id="plan-board"' in board and f'data-part="{pl}"' in board
