"""What a reviewer's answer gets: a retry of one submission is one answer, a new submission is a
new answer (even back to an earlier one), a closed round's page offers nothing to send."""

from __future__ import annotations

import asyncio
import re

import httpx

from tests.conftest import Mailbox
from tests.web.test_api import LEAD, SEC, later, links_in, new_draft
from tests.workflows.test_lifecycle import eventually


async def open_round_for(api: httpx.AsyncClient, mailbox: Mailbox, participant: str) -> tuple:  # type: ignore[type-arg]
    started = (await api.post("/api/drafts", json=new_draft(), headers=LEAD)).json()
    r = await api.post(
        f"/api/drafts/{started['draft_id']}/rounds",
        headers=LEAD,
        json={"invitees": {"participants": [participant, "FR"]}, "deadline": later(days=14)},
    )
    assert r.status_code == 200, r.text
    tokens = await eventually(lambda: links_in(mailbox, started["reference"], participant))
    return started["draft_id"], tokens[0]


async def test_an_answer_changed_back_to_an_earlier_one_counts(
    api: httpx.AsyncClient, run_worker, dev_env, mailbox: Mailbox
) -> None:
    async with run_worker(dev_env.client):
        draft, token = await open_round_for(api, mailbox, "DE")
        sent = [
            {"position": "no_objection"},
            {"position": "objection", "reason": "Not acceptable as drafted"},
            {"position": "no_objection"},
        ]
        revisions = []
        for body in sent:
            r = await api.post(f"/api/review/{token}/answer", json=body)
            assert r.status_code == 200, r.text
            revisions.append(r.json()["revision"])
        assert revisions == [1, 2, 3]
        mine = (await api.get(f"/api/review/{token}")).json()["my_answer"]
        assert mine["position"] == "no_objection" and mine["revision"] == 3

        # the same submission sent again (a retry after a timeout) is one answer
        key = {"Idempotency-Key": "retry-of-answer-4"}
        body = {"position": "comments", "comments": [{"text": "One more thought"}]}
        first = await api.post(f"/api/review/{token}/answer", json=body, headers=key)
        again = await api.post(f"/api/review/{token}/answer", json=body, headers=key)
        assert first.json()["revision"] == again.json()["revision"] == 4
        r = await api.post(
            f"/api/review/{token}/answer", json=body, headers={"Idempotency-Key": "a b"}
        )
        assert r.status_code == 422 and "a b" not in r.text

        # a form shown once and sent twice (a double click) is one answer; shown again, a new one
        page = (await api.get(f"/review/{token}")).text
        fields = {
            "csrf": re.search(r'name="csrf" value="([^"]+)"', page).group(1),  # type: ignore[union-attr]
            "submission": re.search(r'name="submission" value="([^"]+)"', page).group(1),  # type: ignore[union-attr]
            "position": "no_objection",
        }
        for _ in range(2):
            r = await api.post(f"/review/{token}", data=fields)
            assert r.status_code == 200, r.text
        mine = (await api.get(f"/api/review/{token}")).json()["my_answer"]
        assert mine["revision"] == 5 and mine["position"] == "no_objection"

        # a proposed text sent without a comment is kept
        page = (await api.get(f"/review/{token}")).text
        fields = {
            "csrf": re.search(r'name="csrf" value="([^"]+)"', page).group(1),  # type: ignore[union-attr]
            "position": "comments",
            "proposed_s2": "Returns in safety and dignity.",
        }
        r = await api.post(f"/review/{token}", data=fields)
        assert r.status_code == 200, r.text
        mine = (await api.get(f"/api/review/{token}")).json()["my_answer"]
        assert [(c["section_id"], c["proposed_text"]) for c in mine["comments"]] == [
            ("s2", "Returns in safety and dignity.")
        ]

        # the outbox of one draft counts that draft's notices only
        box = (await api.get(f"/api/outbox?draft_id={draft}&limit=500", headers=SEC)).json()
        assert sum(box["counts"].values()) == len(box["notices"]) > 0

        r = await api.post(f"/api/drafts/{draft}/rounds/current/close", headers=SEC)
        assert r.status_code == 200, r.text

        async def closed_page() -> str:
            text = (await api.get(f"/review/{token}")).text
            return text if "closed on" in text else ""

        # the closed round's page says so, shows what was recorded, and offers nothing to send
        text = await eventually_async(closed_page)
        # the proposal as changes to the section's text
        assert '<span class="visually-hidden">inserted: </span>safety and </ins>dignity.' in text
        assert 'name="submission"' not in text and "<textarea" not in text
        r = await api.post(f"/api/review/{token}/answer", json={"position": "no_objection"})
        detail = r.json()["detail"]
        assert r.status_code == 409 and ("closed" in detail or "nothing more" in detail), detail


async def eventually_async(check, timeout: float = 20.0):  # type: ignore[no-untyped-def]
    for _ in range(int(timeout / 0.2)):
        if value := await check():
            return value
        await asyncio.sleep(0.2)
    raise AssertionError("condition not reached in time")


async def test_a_read_model_behind_the_round_never_swallows_an_answer(
    api: httpx.AsyncClient, run_worker, dev_env, mailbox: Mailbox, settings
) -> None:
    """The answer path names a submission by the revision the read model shows, to spare asking
    the workflow: a read model that has not caught up (here: stuck at "no answer yet") still
    records a change back as a new answer, and a submission sent again as one."""
    from models.api import ReviewerAnswer
    from models.links import read_token
    from ppflow import answers

    async with run_worker(dev_env.client):
        _, token = await open_round_for(api, mailbox, "DE")
        link = read_token(settings, token)
        agree = ReviewerAnswer(position="no_objection")
        object_ = ReviewerAnswer(position="objection", reason="Not acceptable as drafted")
        sent = []
        for answer in (agree, object_, agree):
            receipt = await answers.answer_as(dev_env.client, link, answer, projected_revision=0)
            sent.append((receipt.revision, receipt.position.value))
        assert sent == [(1, "no_objection"), (2, "objection"), (3, "no_objection")]
        mine = (await api.get(f"/api/review/{token}")).json()["my_answer"]
        assert (mine["revision"], mine["position"]) == (3, "no_objection")
        # with the read model caught up, the same content sent now is a new answer, as before
        receipt = await answers.answer_as(dev_env.client, link, agree, projected_revision=3)
        assert receipt.revision == 4
