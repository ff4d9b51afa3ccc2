"""What a reader of the mails notices, on the real stack (dev server, worker, SMTP capture): the
draft attached in the reader's own language in every round, with no wait for its rendering; one
mail per decision; an agenda with its Word file and a calendar entry."""

from __future__ import annotations

import asyncio
import uuid
from email.message import EmailMessage

import httpx
from icalendar import Calendar

from tests.conftest import Mailbox, text_of
from tests.web.test_api import LEAD, SEC, later, later_today, new_draft, new_meeting
from tests.web.test_injection import in_phase
from tests.workflows.test_lifecycle import eventually

NCP = "ncp@{}.pragueprocess.local"
TITLE_RU = "Руководящие принципы заключения соглашений о реадмиссии"


def about(mailbox: Mailbox, participant: str, *words: str) -> list[EmailMessage]:
    return [
        m
        for m in mailbox.to(NCP.format(participant.lower()))
        if all(w in str(m["Subject"]) for w in words)
    ]


async def nth(mailbox: Mailbox, n: int, participant: str, *words: str) -> EmailMessage:
    """The n-th mail (from 1) to a participant whose subject has all `words`, once it came."""
    found = await eventually(lambda: about(mailbox, participant, *words)[n - 1 :])
    return found[0]  # type: ignore[no-any-return]


def files(message: EmailMessage) -> list[str]:
    return [str(part.get_filename()) for part in message.iter_attachments()]


async def test_every_round_carries_the_draft_in_the_readers_language(
    api: httpx.AsyncClient, run_worker, dev_env, mailbox: Mailbox
) -> None:  # type: ignore[no-untyped-def]
    async with run_worker(dev_env.client):
        start = new_draft()
        started = (await api.post("/api/drafts", json=start, headers=LEAD)).json()
        draft, ref, slug = started["draft_id"], started["reference"], start["slug"]
        russian = {
            "language": "ru",
            "title": TITLE_RU,
            "sections": [
                {"id": "s1", "title": "Введение", "text": "Цель."},
                {"id": "s2", "title": "Принципы", "text": "Возвращение с достоинством."},
            ],
        }
        r = await api.post(f"/api/drafts/{draft}/translations", headers=LEAD, json=russian)
        assert r.status_code == 200, r.text
        for number in (1, 2):
            # opened at once: the invitations wait for the round's own Word files
            body = {"invitees": {"participants": ["CH", "TJ"]}, "deadline": later(days=3)}
            r = await api.post(f"/api/drafts/{draft}/rounds", headers=LEAD, json=body)
            assert r.status_code == 200, r.text
            ch = await nth(mailbox, number, "CH", ref, "Comments invited")
            tj = await nth(mailbox, number, "TJ", ref, "Комментарии")
            assert files(ch) == [f"{slug}-v{number}-draft_version-r{number}-en.docx"]
            assert files(tj) == [f"{slug}-v{number}-draft_version-r{number}-ru.docx"]
            assert TITLE_RU in str(tj["Subject"]) and "Польша приглашает" in text_of(tj)
            assert "Poland invites" in text_of(ch) and " UTC" in text_of(ch)
            r = await api.post(f"/api/drafts/{draft}/rounds/current/close", headers=SEC)
            assert r.status_code == 200, r.text
            status = await in_phase(api, draft, "revision")
            if number == 1:
                sections = status["state"]["versions"][-1]["sections"]
                r = await api.post(
                    f"/api/drafts/{draft}/revisions", headers=LEAD, json={"sections": sections}
                )
                assert r.status_code == 200, r.text
                # the revision's mail carries version 2, each reader's own
                (news,) = await eventually(lambda: about(mailbox, "CH", ref, "Revision available"))
                assert files(news) == [f"{slug}-v2-draft_version-en.docx"]
                (novosti,) = await eventually(lambda: about(mailbox, "TJ", ref, "Новая версия"))
                assert files(novosti) == [f"{slug}-v2-draft_version-ru.docx"]


async def test_one_decision_is_one_mail_and_an_agenda_brings_its_files(
    api: httpx.AsyncClient, run_worker, dev_env, mailbox: Mailbox
) -> None:  # type: ignore[no-untyped-def]
    tag = uuid.uuid4().hex[:8]
    title = f"Senior Officials' Meeting {tag}"
    async with run_worker(dev_env.client):
        body = new_draft()
        started = (await api.post("/api/drafts", json=body, headers=LEAD)).json()
        draft, ref, slug = started["draft_id"], started["reference"], body["slug"]
        starts_at = await later_today()
        meeting = await new_meeting(
            api,
            "Poznan",
            title=title,
            starts_at=starts_at.isoformat(),
            invitees={"participants": ["PL", "SE"]},  # Poland leads the draft
        )
        r = await api.post(
            f"/api/drafts/{draft}/endorsement",
            headers=LEAD,
            json={"route": "meeting", "meeting_id": meeting},
        )
        assert r.status_code == 200, r.text

        (agenda,) = await eventually(lambda: about(mailbox, "SE", title, "Agenda"))
        docx, ics = files(agenda)
        assert docx.endswith("-en.docx") and "meeting_agenda" in docx and ics.endswith(".ics")
        part = next(p for p in agenda.iter_attachments() if p.get_filename() == ics)
        (event,) = Calendar.from_ical(part.get_content()).walk("VEVENT")
        assert event.decoded("dtstart") == starts_at and str(event["location"]) == "Poznan"
        assert "version 1" in text_of(agenda) and "UTC" in text_of(agenda)

        r = await api.post(
            f"/api/meetings/{meeting}/decisions",
            headers=SEC,
            json={"draft_id": draft, "decision": "endorsed", "notes": "By consensus"},
        )
        assert r.status_code == 200, r.text
        await in_phase(api, draft, "final")
        r = await api.post(f"/api/meetings/{meeting}/close", headers=SEC, json={"summary": "Done"})
        assert r.status_code == 200, r.text

        (conclusions,) = await eventually(lambda: about(mailbox, "SE", title, "Conclusions"))
        assert "endorsed" in text_of(conclusions) and "Done" in text_of(conclusions)
        (final,) = await eventually(lambda: about(mailbox, "PL", ref, "Final and endorsed"))
        assert "By consensus" in text_of(final) and "Decision of the" in text_of(final)
        assert files(final) == [f"{slug}-v1-final_text-en.docx"]
        await asyncio.sleep(2)  # anything else would have come by now
        assert not about(mailbox, "PL", ref, "Decision")
        assert not about(mailbox, "PL", title, "Conclusions")  # Poland heard of it once
