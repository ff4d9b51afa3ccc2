"""The draft's text in the page, on the real stack: the sections with the comments on each beside
them, filtered by participant and by state, and a comment on a section changed since it was made
marked outdated with the text it was made on one click away."""

from __future__ import annotations

import re
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from typing import Any

import httpx
import pytest
from temporalio.testing import WorkflowEnvironment

from models.settings import Settings
from ppflow.accounts import Role
from tests.conftest import Mailbox, until
from tests.web.accounts import make_user, sign_in
from tests.web.test_api import LEAD, SEC, links_in
from web.app import create_app


@pytest.fixture
async def web(dev_env: WorkflowEnvironment, settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings, client=dev_env.client)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app),
        base_url="http://testserver",
        headers={"accept": "text/html"},
    ) as client:
        yield client


def text_draft(**overrides: Any) -> dict[str, Any]:
    """Poland's guidelines with three sections (a list in the second), unique to this module."""
    tag = uuid.uuid4().hex[:8]
    body: dict[str, Any] = {
        "title": f"Guidelines on return, text view {tag}",
        "slug": f"text-view-{tag}",
        "document_type": "guidelines",
        "lead_state": "PL",
        "sections": [
            {"title": "Scope", "text": "Returns in dignity."},
            {"title": "Principles", "text": "- Voluntary first\n- Safety"},
            {"title": "Cooperation", "text": "Through the network of contact points."},
        ],
    }
    body.update(overrides)
    return body


async def started(api: httpx.AsyncClient, **overrides: Any) -> tuple[str, str]:
    r = await api.post("/api/drafts", json=text_draft(**overrides), headers=LEAD)
    assert r.status_code == 201, r.text
    return r.json()["draft_id"], r.json()["reference"]


async def state_of(api: httpx.AsyncClient, draft: str) -> dict[str, Any]:
    r = await api.get(f"/api/drafts/{draft}", headers=SEC)
    assert r.status_code == 200, r.text
    return dict(r.json()["state"])


async def answered_round(
    api: httpx.AsyncClient, mailbox: Mailbox, draft: str, reference: str, answers: dict[str, Any]
) -> None:
    """A round on the current version answered by `answers` (participant -> answer); it closes
    once everyone has answered, and the draft is in revision."""
    r = await api.post(
        f"/api/drafts/{draft}/rounds",
        headers=LEAD,
        json={
            "invitees": {"participants": list(answers)},
            "deadline": (datetime.now(UTC) + timedelta(days=10)).isoformat(),
        },
    )
    assert r.status_code == 200, r.text
    for participant, answer in answers.items():

        async def link(p: str = participant) -> list[str]:
            return links_in(mailbox, reference, p)

        token = (await until(link))[0]
        r = await api.post(f"/api/review/{token}/answer", json=answer)
        assert r.status_code == 200, r.text

    async def in_revision() -> bool:
        return (await state_of(api, draft))["phase"] == "revision"

    await until(in_revision)


class _Fields(HTMLParser):
    """The named fields of one form of a page (inputs and text areas, not its buttons)."""

    def __init__(self, form_id: str) -> None:
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.fields = form_id, False, {}
        self.area: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        elif self.inside and tag == "input" and a.get("name") and a.get("type") != "file":
            self.fields[str(a["name"])] = a.get("value") or ""
        elif self.inside and tag == "textarea" and a.get("name"):
            self.area = str(a["name"])
            self.fields[self.area] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self.area = None

    def handle_data(self, data: str) -> None:
        if self.area:
            self.fields[self.area] += data


def fields_of(html: str, form_id: str = "editor") -> dict[str, str]:
    parser = _Fields(form_id)
    parser.feed(html)
    assert parser.fields, f"no form {form_id} on the page"
    return dict(parser.fields)


def section_block(html: str, section_id: str) -> str:
    """The HTML of one section of the draft page: its text and the comments beside it."""
    start = html.index(f'id="section-{section_id}"')
    end = html.find('<section class="tx-section', start + 1)
    return html[start : end if end > 0 else html.index("</section>", start)]


def comment_block(html: str, text: str) -> str:
    """The card of the comment saying `text`."""
    for card in re.findall(r'<article class="comment.*?</article>', html, re.S):
        if text in card:
            return str(card)
    raise AssertionError(f"no comment {text!r} on the page")


async def test_sections_with_their_comments_filtered_and_outdated_after_a_revision(  # type: ignore[no-untyped-def]
    web: httpx.AsyncClient, sessions, run_worker, dev_env, mailbox: Mailbox
) -> None:
    pl = make_user(sessions, Role.DRAFTING_STATE, "PL")
    async with run_worker(dev_env.client):
        draft, reference = await started(web)
        await answered_round(
            web,
            mailbox,
            draft,
            reference,
            {
                "DE": {
                    "position": "comments",
                    "comments": [
                        {
                            "section_id": "s1",
                            "text": "Name the safeguards",
                            "proposed_text": "Returns in safety and dignity.",
                        }
                    ],
                },
                "FR": {
                    "position": "reservation",
                    "reason": "Readmission clauses first",
                    "comments": [{"section_id": "s2", "text": "Add readmission"}],
                },
            },
        )
        csrf = await sign_in(web, pl)
        url = f"/drafts/{draft}"
        page = (await web.get(url)).text
        assert "Text, version 1" in page and f'href="{url}/edit"' in page
        # each section's text, the list as a list, its comments beside it, by name not code
        s1, s2, s3 = (section_block(page, s) for s in ("s1", "s2", "s3"))
        assert "1. Scope" in s1 and "Returns in dignity." in s1
        assert "<ul><li>Voluntary first</li><li>Safety</li></ul>" in s2
        card = comment_block(s1, "Name the safeguards")
        assert "<strong>Germany</strong> · comments" in card  # who, and the position they took
        assert 'class="proposal-diff"' in card and "safety" in card  # the proposed text
        assert 'name="disposition__' in card  # resolvable where it is read
        assert "Add readmission" in s2 and "France" in s2 and "Name the safeguards" not in s2
        assert "No comments on this section." in s3
        assert "Readmission clauses first" in page.split('id="tx-general-h"')[1]  # general
        assert "3 of 3 comments shown" in page

        # filtered without JavaScript: by participant, by state
        only_fr = (await web.get(f"{url}?by=FR")).text
        assert "Add readmission" in only_fr and "Readmission clauses first" in only_fr
        assert "Name the safeguards" not in only_fr and "2 of 3 comments shown" in only_fr
        assert '<option value="FR" selected>France</option>' in only_fr
        assert "match the filter" in section_block(only_fr, "s1")
        none_yet = (await web.get(f"{url}?show=resolved")).text
        assert "0 of 3 comments shown" in none_yet and "Add readmission" not in none_yet
        odd = (await web.get(f"{url}?show=%3Cb%3E&by=%3Cb%3E")).text  # unknown: all, no echo
        assert "3 of 3 comments shown" in odd and "<b>" not in odd

        # the dispositions still post from the page as before
        de_comment = re.search(r'name="disposition__([^"]+)"', card)
        assert de_comment
        r = await web.post(
            url,
            data={
                "csrf": csrf,
                "action": "resolve",
                f"disposition__{de_comment.group(1)}": "accepted",
            },
        )
        assert r.status_code == 303, r.text
        resolved = (await web.get(f"{url}?show=resolved")).text
        assert "1 of 3 comments shown" in resolved and "Name the safeguards" in resolved
        open_ones = (await web.get(f"{url}?show=open&lang=ru")).text
        assert "Показано замечаний: 2 из 3" in open_ones and "Франция" in open_ones

        # a revision changes section 1 only: DE's comment is outdated, FR's is not
        editor = (await web.get(f"{url}/edit?lang=en")).text
        head = editor.split('id="edit-1"')[1].split("</h3>")[0]
        assert "comments: 1 (they stay with the section" in head  # what removing it would move
        fields = fields_of(editor)
        fields["section_text_1"] = "Returns in safety and dignity."
        r = await web.post(f"{url}/edit", data={**fields, "op": "submit"})
        assert r.status_code == 303, r.text
        page = (await web.get(url)).text
        assert "Text, version 2" in page and "Version 2 submitted." in page
        card = comment_block(section_block(page, "s1"), "Name the safeguards")
        assert "outdated" in card and "is-outdated" in card
        then = card.split("<details")[1].split("</details>")[0]
        assert "The text it was made on (version 1)" in then and "Returns in dignity." in then
        fr_card = comment_block(section_block(page, "s2"), "Add readmission")
        assert "outdated" not in fr_card
