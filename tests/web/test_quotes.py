"""A reviewer's page on the real stack: section text rendered as lists and tables, the proposed
text box starting with the section's text (left unchanged it is no proposal), a quoted passage
kept with the comment (refused when it is not in the text) and shown on the draft page and in
the comment compilation .docx; the answer shows the proposal as changes."""

from __future__ import annotations

import html
import io
import re
import uuid

import httpx
from docx import Document

from ppflow.accounts import Role
from tests.conftest import Mailbox, until
from tests.web.accounts import make_user, sign_in
from tests.web.test_api import SEC, later, links_in, new_draft
from tests.workflows.test_lifecycle import eventually

PRINCIPLES = "Returns in dignity and safety.\n\n- voluntary return first\n- reintegration support"
TABLE = "| Year | Returns |\n| 2025 | 120 |"


def _csrf_and_submission(text: str) -> dict[str, str]:
    csrf = re.search(r'name="csrf" value="([^"]+)"', text)
    submission = re.search(r'name="submission" value="([0-9a-f]{32})"', text)
    assert csrf and submission, text[:500]
    return {"csrf": csrf.group(1), "submission": submission.group(1)}


async def test_quote_and_proposal_round_trip(  # type: ignore[no-untyped-def]
    api: httpx.AsyncClient, sessions, run_worker, dev_env, mailbox: Mailbox
) -> None:
    title = f"Quotes test guidelines {uuid.uuid4().hex[:6]}"
    body = new_draft(title=title, slug=f"quotes-{uuid.uuid4().hex[:8]}")
    body["sections"] = [
        {"title": "Introduction", "text": "Purpose of these guidelines."},
        {"title": "Principles", "text": PRINCIPLES},
        {"title": "Figures", "text": TABLE},
    ]
    async with run_worker(dev_env.client):
        started = (await api.post("/api/drafts", json=body, headers=SEC)).json()
        draft, ref = started["draft_id"], started["reference"]
        status = (await api.get(f"/api/drafts/{draft}", headers=SEC)).json()
        s1, s2, s3 = (s["id"] for s in status["state"]["versions"][0]["sections"])
        invite = {"invitees": {"participants": ["DE"]}, "deadline": later(days=3, hours=2)}
        r = await api.post(f"/api/drafts/{draft}/rounds", headers=SEC, json=invite)
        assert r.status_code == 200, r.text
        token = (await eventually(lambda: links_in(mailbox, ref, "DE")))[0]
        url = f"/review/{token}?lang=en"

        page = await api.get(url, headers={"accept": "text/html"})
        assert page.status_code == 200
        text = page.text
        # the blocks as HTML, not as markup
        shown = text.split(f'data-quote-for="{s2}"')[1].split("</div>")[0]
        assert "<li>voluntary return first</li>" in shown and "- voluntary" not in shown
        shown = text.split(f'data-quote-for="{s3}"')[1].split("</table>")[0]
        assert '<th scope="col">Year</th>' in shown and "| Year" not in shown
        # the proposal box starts with the section's text
        box = re.search(rf'<textarea id="proposed_{s2}"[^>]*>([^<]*)</textarea>', text)
        assert box and html.unescape(box.group(1)) == PRINCIPLES
        # the deadline: UTC in a <time>, and a countdown
        assert re.search(r'<time datetime="[0-9T:-]+Z">[0-9. :]+ UTC</time>', text)
        assert "3 days left" in text

        base = {
            "position": "comments",
            f"proposed_{s1}": "Purpose of these guidelines.",  # unchanged: no proposal
            f"proposed_{s3}": TABLE,
            f"comment_{s2}": "Say who pays.",
            f"proposed_{s2}": PRINCIPLES.replace("dignity and safety", "dignity, safety and unity"),
        }
        # a quote that is not in the section's text: refused, saying so, the form kept
        form = {**base, f"quote_{s2}": "Returns at any cost", **_csrf_and_submission(text)}
        r = await api.post(url, data=form, headers={"accept": "text/html"})
        assert r.status_code == 422, r.text[:300]
        assert "The quoted passage of section 2 is not in its text" in r.text
        assert "Say who pays." in r.text  # the form comes back filled in
        again = r.text

        # the JSON API refuses it too, without repeating it
        wrong = {
            "position": "comments",
            "comments": [{"section_id": s2, "text": "Who pays?", "quote": "Returns at any cost"}],
        }
        r = await api.post(f"/api/review/{token}/answer", json=wrong)
        assert r.status_code == 422 and "not in its section's text" in r.json()["detail"]
        assert "any cost" not in r.text

        # across list items, whitespace as a selection gives it
        quote = "voluntary return first\n  reintegration"
        form = {**base, f"quote_{s2}": quote, **_csrf_and_submission(again)}
        r = await api.post(url, data=form, headers={"accept": "text/html"})
        assert r.status_code == 200, r.text[:800]
        receipt = r.text
        assert "voluntary return first reintegration" in receipt
        assert '<blockquote class="quote">' in receipt
        assert '<ins><span class="visually-hidden">inserted: </span>' in receipt
        assert "unity" in receipt and "<del>" in receipt
        answer = (await api.get(f"/api/review/{token}")).json()["my_answer"]
        comments = {c["section_id"]: c for c in answer["comments"]}
        assert set(comments) == {s2}  # sections 1 and 3: the text unchanged, nothing sent
        assert comments[s2]["quote"] == "voluntary return first reintegration"
        assert "unity" in comments[s2]["proposed_text"]

        # everyone invited has answered: the round closes by itself

        async def closed() -> bool:
            s = (await api.get(f"/api/drafts/{draft}", headers=SEC)).json()
            return bool(s["state"]["comments"])

        await until(closed)
        # the closed round's view shows the answer with its quote and proposal as changes
        page = await api.get(url, headers={"accept": "text/html"})
        assert '<blockquote class="quote">' in page.text and "<ins>" in page.text

        # the draft page shows the quote
        sec = make_user(sessions, Role.SECRETARIAT)
        await sign_in(api, sec)
        draft_page = await api.get(f"/drafts/{draft}", headers={"accept": "text/html"})
        assert draft_page.status_code == 200
        assert '<blockquote class="quote">' in draft_page.text
        assert "voluntary return first" in draft_page.text.split('<blockquote class="quote">')[1]

        # the compilation: the quote as a quoted line before the comment
        r = await api.get(
            f"/api/drafts/{draft}/documents/comment_compilation?round=1&language=en",
            headers=SEC,
        )
        assert r.status_code == 200, r.text
        doc = Document(io.BytesIO(r.content))
        cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
        assert any(
            c.startswith("“voluntary return first reintegration”") and "Say who pays." in c
            for c in cells
        ), cells
