"""Issue 11: hostile text in every free-text field (title, section text, comment, proposed text,
reason, silence objection, justification, revision note, meeting title, place, notes,
reservations and summary, a hand-off's name, a registry contact's name) goes through one real
story on the real stack and comes out inert everywhere: escaped in every page and in every
mail's HTML, no header added to a mail, literal in every Word file (which opens), defused in
the CSV export. A NUL, which no store keeps, is refused at the door in words that do not repeat
it, and loses nothing recorded."""

from __future__ import annotations

import csv
import io
import re
import uuid
from collections.abc import Callable
from email.message import EmailMessage
from typing import Any

import httpx
from docx import Document
from docx.oxml.ns import qn
from markupsafe import escape

from ppflow.accounts import Role
from tests.conftest import Mailbox, text_of, until
from tests.web.accounts import make_user, sign_in
from tests.web.test_api import LEAD, SEC, later, later_today, new_draft, submit_form

# One payload for markup: a tag, an attribute break, a textarea break, template syntax (which
# would show 54439 if a template evaluated it, or vanish with {% raw %}) and a javascript: URL.
HOSTILE = (
    '</textarea><script>alert(1)</script> "><img src=x onerror=alert(1)> '
    "{{7*7777}} {% raw %} javascript:alert(1)"
)
EVALUATED = "54439"
FORMULA = '=HYPERLINK("http://x.example","x")'
HEADER_INJECTION = "\r\nBcc: victim@evil.example\r\nX-Injected: yes"
# Characters XML 1.0 forbids: a .docx that held them would not open.
NOT_XML = "\x0b\x01\x1f"
TEXT = (qn("w:t"), qn("w:br"))
ALLOWED_HEADERS = {
    "content-type",
    "mime-version",
    "content-transfer-encoding",
    "from",
    "to",
    "subject",
    "message-id",
    "date",
    "list-id",
    "reply-to",
    "list-unsubscribe",
    "list-unsubscribe-post",
    "in-reply-to",
    "references",
}


def hostile(tag: str) -> str:
    """The payload behind a word that says which field it went into."""
    return f"{tag} {HOSTILE}"


OWN_SCRIPT = re.compile(r'<script src="/static/[a-z]+\.js" defer></script>')


def proposal_as_read(html: str) -> str:
    """A page's proposed texts as a reader reads them: the changes' inserted words, without the
    deleted ones and the screen readers' "inserted:" labels (still escaped)."""
    html = re.sub(r"<del>.*?</del>", "", html, flags=re.S)
    html = re.sub(r'<span class="visually-hidden">[^<]*</span>', "", html)
    return re.sub(r"<[^>]+>", "", html)


def check_html(html: str, where: str, *shown: str) -> None:
    """Nothing of the payload is live markup, no template ran, and each field in `shown` is
    there, escaped. The pages' own scripts (files under /static/) are not the payload."""
    html = OWN_SCRIPT.sub("", html)
    for live in ("<script", "<img", "onerror=alert(1)>", "</textarea><script"):
        assert live not in html, f"{where}: {live!r} unescaped"
    for attribute in ('href="javascript:', "href='javascript:", 'src="javascript:'):
        assert attribute not in html.lower(), f"{where}: a javascript: link"
    # (file links carry 64-digit hashes, which may hold those five digits by chance)
    unhashed = re.sub(r"[0-9a-f]{32,}", "", html)
    assert EVALUATED not in unhashed, f"{where}: a template evaluated the text"
    for tag in shown:
        assert str(escape(hostile(tag))) in html, f"{where}: {tag} not shown (escaped)"


def html_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("html",))
    assert part is not None, "no HTML part"
    return str(part.get_content())


def check_mail(message: EmailMessage, address: str, *shown: str) -> None:
    """Only the headers a notice has, one recipient, a one-line subject; the HTML part escaped;
    the text part with the words as they were written."""
    subject = str(message["Subject"])
    where = f"mail {subject[:60]!r}"
    assert {k.lower() for k in message.keys()} <= ALLOWED_HEADERS, (where, message.keys())
    assert message.get_all("Bcc") is None and message.get_all("X-Injected") is None, where
    assert str(message["To"]) == address, (where, message["To"])
    assert "\r" not in subject and "\n" not in subject, where
    check_html(html_of(message), where, *shown)
    text = text_of(message)
    assert EVALUATED not in text, where
    for tag in shown:
        assert hostile(tag) in text, f"{where}: {tag} not in the text part"


def docx_text(content: bytes) -> str:
    """The text of a Word file as it reads (body, tables, tracked insertions, header, title),
    one paragraph a line: the file must open."""
    doc = Document(io.BytesIO(content))
    roots = [doc.element.body, *(s.header._element for s in doc.sections)]
    lines = [
        "".join(node.text or "" if node.tag == qn("w:t") else "\n" for node in p.iter(*TEXT))
        for root in roots
        for p in root.iter(qn("w:p"))
    ]
    return "\n".join([*lines, doc.core_properties.title or ""])


def check_docx(content: bytes, where: str, *shown: str) -> None:
    assert content[:2] == b"PK", where
    text = docx_text(content)
    for char in "\x00" + NOT_XML:
        assert char not in text, f"{where}: {char!r} kept"
    for tag in shown:
        assert hostile(tag) in text, f"{where}: {tag} not in the document"


def check_refusal(r: httpx.Response, secret: str) -> None:
    """A 4xx with a readable reason that does not repeat what was sent."""
    assert 400 <= r.status_code < 500, (r.status_code, r.text[:300])
    detail = r.json()["detail"]
    assert isinstance(detail, str) and " " in detail, detail
    assert secret not in detail and "\x00" not in detail, detail


def csv_line(cells: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out).writerow(cells)
    return out.getvalue()


async def arrived(check: Callable[[], list[EmailMessage]]) -> list[EmailMessage]:
    """The mails `check` finds, once there are some (they follow the workflows closely)."""

    async def poll() -> list[EmailMessage]:
        return check()

    return await until(poll, timeout=60.0)  # type: ignore[no-any-return]


async def draft_state(api: httpx.AsyncClient, draft: str) -> dict[str, Any]:
    r = await api.get(f"/api/drafts/{draft}", headers=SEC)
    assert r.status_code == 200, r.text
    return r.json()  # type: ignore[no-any-return]


async def in_phase(api: httpx.AsyncClient, draft: str, phase: str) -> dict[str, Any]:
    async def check() -> dict[str, Any]:
        status = await draft_state(api, draft)
        return status if status["state"]["phase"] == phase else {}

    return await until(check)  # type: ignore[no-any-return]


async def resolve_all(api: httpx.AsyncClient, draft: str, justification: str) -> None:
    status = await draft_state(api, draft)
    open_ones = [c for c in status["state"]["comments"] if not c.get("disposition")]
    if not open_ones:
        return
    r = await api.post(
        f"/api/drafts/{draft}/resolutions",
        headers=LEAD,
        json={
            "resolutions": [
                {
                    "comment_id": c["comment_id"],
                    "disposition": "partly_accepted",
                    "justification": justification,
                }
                for c in open_ones
            ]
        },
    )
    assert r.status_code == 200 and r.json()["unresolved"] == 0, r.text


async def test_hostile_text_comes_out_inert_in_pages_mails_and_word_files(  # type: ignore[no-untyped-def]
    api: httpx.AsyncClient, run_worker, dev_env, mailbox: Mailbox, sessions
) -> None:
    tag = uuid.uuid4().hex[:8]
    contact = f"ncp-{tag}@mt.example.org"
    secretariat = make_user(sessions, Role.SECRETARIAT)

    def mails(address: str, about: str) -> list[EmailMessage]:
        return [m for m in mailbox.to(address) if about in str(m["Subject"])]

    def link_in(message: EmailMessage) -> str:
        return text_of(message).split("/review/")[1].split()[0]

    async with run_worker(dev_env.client):
        # ---- the registry: Malta's contact gets a name that is a formula, markup and headers
        contact_name = f"{FORMULA} {hostile('xContact')}{HEADER_INJECTION}"
        head = csv_line(["participant_id", "name", "email", "language", "rank"])
        csv_headers = {**SEC, "content-type": "text/csv"}
        rows = head + csv_line(["MT", contact_name, contact, "en", "0"])
        r = await api.post("/api/registry/contacts", headers=csv_headers, content=rows)
        assert r.status_code == 200, r.text
        for refused, secret in (  # each refused in words that do not repeat it
            (["MT", "xNul\x00", contact, "en", "0"], "xNul"),
            (["MT", "xLong" + "n" * 200, contact, "en", "0"], "xLong"),  # the column holds 200
            (["MT", "x", f"xTwo,{contact}", "en", "0"], "xTwo"),  # two addresses in one
            (["MT", "x", f'"><script>xTag{contact}', "en", "0"], "xTag"),
            (["MT", "x", f"xCrLf@mt.example.org{HEADER_INJECTION}", "en", "0"], "xCrLf"),
        ):
            r = await api.post(
                "/api/registry/contacts", headers=csv_headers, content=head + csv_line(refused)
            )
            check_refusal(r, secret)
        exported = (await api.get("/api/registry/contacts.csv", headers=SEC)).text
        for cells in csv.reader(io.StringIO(exported)):
            for cell in cells:
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
        (mine,) = [c for c in csv.reader(io.StringIO(exported)) if contact in c]
        assert mine[1] == "'" + contact_name  # defused, and the rest as it was written
        r = await api.post(  # the export imports again as it was (the quote comes off)
            "/api/registry/contacts", headers=csv_headers, content=head + csv_line(mine)
        )
        assert r.status_code == 200, r.text
        again = (await api.get("/api/registry/contacts.csv", headers=SEC)).text
        assert [c for c in csv.reader(io.StringIO(again)) if contact in c] == [mine]

        # ---- a NUL is refused at the door, in words, without the text; nothing is started
        nul = new_draft(title="Refused xNulTitle \x00 draft", slug=f"nul-{tag}")
        check_refusal(await api.post("/api/drafts", json=nul, headers=LEAD), "xNulTitle")
        r = await api.get(f"/api/drafts/draft-nul-{tag}", headers=SEC)
        assert r.status_code == 404

        # ---- the draft: hostile title (with a header injection) and section text
        title = hostile("xTitle") + HEADER_INJECTION
        body = new_draft(
            title=title,
            slug=f"injection-{tag}",
            sections=[
                {"title": hostile("xHead"), "text": hostile("xS1") + NOT_XML + " end."},
                {"title": "Principles", "text": "Returns in dignity."},
            ],
        )
        r = await api.post("/api/drafts", json=body, headers=LEAD)
        assert r.status_code == 201, r.text
        draft, ref = r.json()["draft_id"], r.json()["reference"]
        r = await api.post(
            f"/api/drafts/{draft}/rounds",
            headers=LEAD,
            # Luxembourg stays silent: the round stays open after Malta's answer
            json={"invitees": {"participants": ["MT", "LU"]}, "deadline": later(days=14)},
        )
        assert r.status_code == 200, r.text
        (invitation,) = await arrived(lambda: mails(contact, "Comments invited"))
        check_mail(invitation, contact, "xTitle")
        token = link_in(invitation)
        check_docx(  # the invitation's attachment
            next(p for p in invitation.iter_attachments()).get_content(),
            "attached draft",
            "xTitle",
            "xHead",
            "xS1",
        )

        # ---- the reviewer's page and answer, through the form of the personal link
        page = await api.get(f"/review/{token}")
        assert page.status_code == 200
        check_html(page.text, "review page", "xTitle", "xHead", "xS1")
        colleague = f"colleague-{tag}@mt.example.org"
        r = await submit_form(  # passed on, under a hostile name, from the page's form
            api,
            f"/review/{token}/handoff",
            {"name": hostile("xHandoff") + HEADER_INJECTION, "email": colleague},
            page_url=f"/review/{token}",
        )
        assert r.status_code == 200, r.text[:500]
        (passed,) = await arrived(lambda: mails(colleague, "Your personal link"))
        check_mail(passed, colleague, "xTitle")
        answer = {
            "comment_s1": hostile("xComment"),
            "proposed_s1": hostile("xProposed"),
            "comment": hostile("xGeneral"),
            "position": "reservation",
            "reason": hostile("xReason"),
        }
        # kept for later first: the form comes back filled in
        r = await submit_form(api, f"/review/{token}", {**answer, "intent": "save"})
        assert r.status_code == 200, r.text[:500]
        check_html(r.text, "saved form", "xComment", "xProposed", "xGeneral", "xReason")
        r = await submit_form(api, f"/review/{token}", answer)
        assert r.status_code == 200, r.text[:500]
        check_html(r.text, "receipt page", "xTitle", "xComment", "xReason")
        assert str(escape(hostile("xProposed"))) in proposal_as_read(r.text)  # shown as changes
        page = await api.get(f"/review/{token}")
        check_html(page.text, "review page, answered", "xComment", "xProposed", "xReason")
        (receipt,) = await arrived(lambda: mails(contact, "answer is recorded"))
        check_mail(receipt, contact, "xTitle", "xComment", "xReason")

        # a NUL from the form or the API: refused, and the answer recorded stays as it was
        r = await submit_form(
            api, f"/review/{token}", {"position": "comments", "comment": "xNulComment\x00"}
        )
        assert r.status_code == 422 and "xNulComment" not in r.text
        r = await api.post(
            f"/api/review/{token}/answer",
            json={"position": "comments", "comments": [{"text": "xNulComment \x00"}]},
        )
        check_refusal(r, "xNulComment")
        r = await api.post(f"/api/drafts/{draft}/rounds/current/close", headers=SEC)
        assert r.status_code == 200, r.text
        status = await in_phase(api, draft, "revision")
        texts = {c["text"] for c in status["state"]["comments"]}
        assert {hostile("xComment"), hostile("xGeneral"), hostile("xReason")} <= texts
        assert not any("xNul" in t for t in texts)

        # ---- dispositions, a revision, a written procedure whose silence is broken
        await resolve_all(api, draft, hostile("xJustify"))
        r = await api.post(
            f"/api/drafts/{draft}/revisions",
            headers=LEAD,
            json={
                "note": hostile("xNote"),
                "sections": [
                    {"id": "s1", "title": hostile("xHead"), "text": hostile("xS1") + " end."},
                    {"id": "s2", "title": "Principles", "text": hostile("xS2")},
                ],
            },
        )
        assert r.status_code == 200, r.text
        (resolved,) = await arrived(lambda: mails(contact, "How your comments were resolved"))
        check_mail(resolved, contact, "xTitle", "xComment", "xJustify")
        r = await api.post(
            f"/api/drafts/{draft}/endorsement",
            headers=LEAD,
            json={
                "route": "written_procedure",
                "deadline": later(days=5),
                "invitees": {"participants": ["MT"]},
            },
        )
        assert r.status_code == 200, r.text
        (silence,) = await arrived(lambda: mails(contact, "Written procedure"))
        check_mail(silence, contact, "xTitle")
        silence_link = link_in(silence)
        check_html((await api.get(f"/review/{silence_link}")).text, "silence page", "xS2")
        r = await api.post(
            f"/api/review/{silence_link}/break-silence", json={"reason": "xNulSilence \x00"}
        )
        check_refusal(r, "xNulSilence")
        objection = {"reason": hostile("xSilence")}
        r = await submit_form(api, f"/review/{silence_link}", objection)  # asks first
        check_html(r.text, "silence confirmation", "xSilence")
        r = await submit_form(api, f"/review/{silence_link}", {**objection, "confirmed": "yes"})
        assert r.status_code == 200 and "You broke the silence" in r.text, r.text[:500]
        (broken,) = await arrived(lambda: mails(contact, "Silence broken"))
        check_mail(broken, contact, "xTitle", "xSilence")
        await in_phase(api, draft, "revision")
        await resolve_all(api, draft, hostile("xJustify2"))

        # ---- a meeting with a hostile title and place; notes, reservations, a summary
        r = await api.post(
            "/api/meetings",
            headers=SEC,
            json={
                "kind": "som",
                "title": hostile("xMeeting"),
                "place": hostile("xPlace"),
                "starts_at": (await later_today(minutes=3)).isoformat(),
                "slug": f"injection-{tag}",
                "invitees": {"participants": ["MT", "CY"]},
            },
        )
        assert r.status_code == 201, r.text
        meeting = r.json()["meeting_id"]
        r = await api.post(
            f"/api/drafts/{draft}/endorsement",
            headers=LEAD,
            json={"route": "meeting", "meeting_id": meeting},
        )
        assert r.status_code == 200, r.text
        (agenda,) = await arrived(lambda: mails(contact, "Agenda"))
        check_mail(agenda, contact, "xMeeting", "xPlace", "xTitle")
        r = await api.post(
            f"/api/meetings/{meeting}/decisions",
            headers=SEC,
            json={
                "draft_id": draft,
                "decision": "endorsed",
                "notes": hostile("xNotes"),
                "reservations": [hostile("xReserve")],
            },
        )
        assert r.status_code == 200, r.text
        await in_phase(api, draft, "final")
        r = await api.post(
            f"/api/meetings/{meeting}/close", headers=SEC, json={"summary": hostile("xSummary")}
        )
        assert r.status_code == 200, r.text
        cyprus = "ncp@cy.pragueprocess.local"  # invited to the meeting, not to the draft
        decided = await arrived(
            lambda: [m for m in mails(cyprus, "Conclusions") if "xSummary" in text_of(m)]
        )
        check_mail(decided[0], cyprus, "xMeeting", "xTitle", "xSummary")
        (final,) = await arrived(lambda: mails(contact, "Final and endorsed"))
        check_mail(final, contact, "xTitle")
        # Malta heard of the decision in the final text's mail: the conclusions repeat nothing
        assert not [m for m in mailbox.to(contact) if "Conclusions" in str(m["Subject"])]
        on_draft = await arrived(  # the decision on the draft, with the meeting's notes
            lambda: [m for m in mails(contact, ref) if "xNotes" in text_of(m)]
        )
        check_mail(on_draft[0], contact, "xTitle", "xNotes")
        for m in mailbox.messages:  # every mail of the story, whoever got it
            if ref in str(m["Subject"]) or "xMeeting" in str(m["Subject"]):
                check_mail(m, str(m["To"]))

        # ---- every Word file: built on demand, and those the workflows stored
        documents = {
            "draft_version": ("xTitle", "xHead", "xS2"),
            "comment_compilation": ("xTitle", "xComment", "xProposed", "xJustify"),
            "position_register": ("xTitle",),
            "redline": ("xTitle", "xS2"),
            "procedural_record": ("xTitle", "xNotes", "xHandoff"),
            "final_text": ("xTitle", "xS1", "xS2"),
        }
        for kind, shown in documents.items():
            query = "?round=1" if kind in ("comment_compilation", "position_register") else ""
            r = await api.get(f"/api/drafts/{draft}/documents/{kind}{query}", headers=SEC)
            assert r.status_code == 200, (kind, r.text[:300])
            check_docx(r.content, kind, *shown)
        r = await api.get(f"/api/drafts/{draft}/documents/draft_version?version=1", headers=SEC)
        check_docx(r.content, "draft version 1", "xTitle", "xHead", "xS1")
        stored = (await api.get(f"/api/artifacts?draft_id={draft}", headers=SEC)).json()
        stored += (await api.get(f"/api/artifacts?meeting_id={meeting}", headers=SEC)).json()
        kinds = {a["kind"] for a in stored}
        assert {"meeting_agenda", "meeting_conclusions", "final_text"} <= kinds, kinds
        for a in stored:
            content = (await api.get(a["url"], headers=SEC)).content
            shown = {
                "meeting_agenda": ("xMeeting", "xTitle"),
                "meeting_conclusions": ("xMeeting", "xTitle", "xNotes", "xSummary"),
            }.get(a["kind"], ("xTitle",))
            if a["kind"].startswith("meeting_") and a["language"] == "ru":
                # an English meeting title stays out of the Russian papers (they name the kind)
                shown = tuple(t for t in shown if t != "xMeeting")
            check_docx(content, a["filename"], *shown)

        # ---- every page that shows them, to the Secretariat
        await sign_in(api, secretariat)
        draft_page = ("xTitle", "xComment", "xJustify", "xNotes", "xHandoff")
        pages = {
            f"/drafts/{draft}": draft_page,
            f"/drafts?q=injection-{tag}": ("xTitle",),
            "/board": ("xTitle",),
            "/meetings": ("xMeeting", "xPlace"),
            f"/meetings/{meeting}": ("xMeeting", "xPlace", "xTitle", "xReserve"),
            "/outbox": ("xTitle",),
            "/registry": ("xContact",),
            f"/review/{token}": ("xTitle", "xHead", "xComment", "xReason"),
        }
        for url, shown in pages.items():
            r = await api.get(url)
            assert r.status_code == 200, (url, r.status_code)
            check_html(r.text, url, *shown)
        for url in (f"/drafts/{draft}", f"/review/{token}"):  # proposals shown as changes
            r = await api.get(url)
            assert str(escape(hostile("xProposed"))) in proposal_as_read(r.text), url
        events = (await api.get(f"/api/drafts/{draft}/events", headers=SEC)).json()
        assert any("xNotes" in e["summary"] for e in events)
