"""Answers by mail through a real inbound SMTP server (aiosmtpd): a reply to the invitation
becomes a pending answer, counts only once confirmed on its page; unknown senders, tampered or
revoked reply addresses and floods are refused with a clear SMTP reply and nothing recorded."""

from __future__ import annotations

import re
from collections.abc import Iterator
from email.message import EmailMessage
from email.utils import make_msgid

import aiosmtplib
import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from temporalio.testing import WorkflowEnvironment

from models.db import PendingAnswer
from models.settings import Settings
from ppflow.replies import ReplyInbox, inbound_controller, parse_answer
from tests.conftest import Mailbox, free_port, text_of
from tests.mail.test_mail import NCP, open_round
from tests.web.test_api import LEAD, SEC, new_draft, submit_form
from tests.workflows.test_lifecycle import eventually


@pytest.fixture
def inbound(
    settings: Settings, sessions: sessionmaker[Session], dev_env: WorkflowEnvironment
) -> Iterator[int]:
    """The inbound server for replies, at most 3 an hour per link."""
    port = free_port()
    inbox = ReplyInbox(
        settings.model_copy(update={"replies_per_hour": 3}), sessions, dev_env.client
    )
    controller = inbound_controller(inbox, port)
    controller.start()
    yield port
    controller.stop()


def reply(to: str, sender: str, text: str, docx: bytes | None = None) -> EmailMessage:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = sender, to, "Re: Comments invited"
    msg["Message-ID"] = make_msgid(domain="mail.example")
    msg.set_content(f"{text}\n\nOn Monday the Secretariat wrote:\n> Please answer by ...\n")
    if docx is not None:
        msg.add_attachment(
            docx,
            maintype="application",
            subtype="vnd.openxmlformats-officedocument.wordprocessingml.document",
            filename="views.docx",
        )
    return msg


def pending_count(sessions: sessionmaker[Session]) -> int:
    with sessions() as s:
        return s.scalar(select(func.count()).select_from(PendingAnswer)) or 0


def test_the_reply_text_states_a_position_in_english_or_russian() -> None:
    assert parse_answer("No objection.").position.value == "no_objection"
    objection = parse_answer("Возражение: нужен перевод")
    assert objection.position.value == "objection" and objection.reason == "нужен перевод"
    plain = parse_answer("Please add a section on data.", attachment="views.docx")
    assert plain.position.value == "comments"
    assert plain.comments[0].text.endswith("[attached to the reply by mail: views.docx]")


async def test_a_reply_by_mail_counts_once_confirmed(
    api: httpx.AsyncClient, run_worker, dev_env, mailbox: Mailbox, sessions, inbound: int
) -> None:  # type: ignore[no-untyped-def]
    async with run_worker(dev_env.client):
        started = (await api.post("/api/drafts", json=new_draft(), headers=LEAD)).json()
        draft, ref = started["draft_id"], started["reference"]
        round_id = (await open_round(api, draft, ["DE", "UA"]))["round_id"]
        invitation = (
            await eventually(
                lambda: [m for m in mailbox.to(NCP.format("de")) if ref in str(m["Subject"])]
            )
        )[0]
        address = str(invitation["Reply-To"]).strip()

        async def send(message: EmailMessage, sender: str) -> tuple[int, str]:
            try:
                await aiosmtplib.send(message, hostname="127.0.0.1", port=inbound, sender=sender)
            except aiosmtplib.SMTPRecipientsRefused as e:
                code, text = next(iter(e.recipients)).code, next(iter(e.recipients)).message
                return code, text
            except aiosmtplib.SMTPResponseException as e:
                return e.code, e.message
            return 250, ""

        before = pending_count(sessions)
        # Someone else's mailbox, a tampered address, a foreign domain: refused, nothing kept.
        code, text = await send(
            reply(address, "intruder@example.org", "No objection"), "intruder@example.org"
        )
        assert code == 550 and "not the contact" in text
        tampered = re.sub(
            r"reply\+(\w)", lambda m: "reply+" + ("B" if m.group(1) != "B" else "C"), address
        )
        code, text = await send(reply(tampered, NCP.format("de"), "No objection"), NCP.format("de"))
        assert code == 550 and "not valid" in text
        code, text = await send(
            reply("someone@elsewhere.example", NCP.format("de"), "x"), NCP.format("de")
        )
        assert code == 550 and "not a reply address" in text
        assert pending_count(sessions) == before

        # The contact replies with a reservation and its Word file: pending, not yet counted.
        message = reply(
            address, NCP.format("de"), "Reservation: the ministry must see it first.", b"PK-docx"
        )
        code, _ = await send(message, NCP.format("de"))
        assert code == 250
        confirmation = (
            await eventually(
                lambda: [
                    m for m in mailbox.to(NCP.format("de")) if "Please confirm" in str(m["Subject"])
                ]
            )
        )[0]
        confirm = "/confirm/" + text_of(confirmation).split("/confirm/")[1].split()[0]
        page = await api.get(confirm)
        assert page.status_code == 200 and "the ministry must see it first" in page.text
        assert 'value="reservation" selected' in page.text and "views.docx" in page.text
        status = (await api.get(f"/api/drafts/{draft}/rounds/current", headers=SEC)).json()
        assert status["answers"] == []  # opening the page recorded nothing
        r = await api.post(confirm, data={"position": "reservation"})
        assert r.status_code == 403  # no CSRF field
        r = await submit_form(api, confirm, {"position": "reservation"})
        assert r.status_code == 200 and "is recorded" in r.text, r.text
        status = (await api.get(f"/api/drafts/{draft}/rounds/current", headers=SEC)).json()
        (answer,) = status["answers"]
        assert answer["participant_id"] == "DE" and answer["position"] == "reservation"
        assert answer["reason"].startswith("the ministry must see it first.")
        assert "[attached to the reply by mail: views.docx]" in answer["reason"]
        csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
        r = await api.post(confirm, data={"position": "reservation", "csrf": csrf})
        assert r.status_code == 409 and "confirmed already" in r.text

        # The same mail delivered twice is one pending answer; a flood is refused.
        assert (await send(message, NCP.format("de")))[0] == 250
        for i in range(2):
            assert (
                await send(reply(address, NCP.format("de"), f"Comments: {i}"), NCP.format("de"))
            )[0] == 250
        code, text = await send(
            reply(address, NCP.format("de"), "Comments: again"), NCP.format("de")
        )
        assert code == 550 and "too many replies" in text
        assert pending_count(sessions) == before + 3

        # A re-issued link retires the old reply address too.
        r = await api.post(
            "/api/links/reissue",
            json={"workflow_id": round_id, "participant_id": "DE"},
            headers=SEC,
        )
        assert r.status_code == 200
        code, text = await send(reply(address, NCP.format("de"), "No objection"), NCP.format("de"))
        assert code == 550 and "replaced" in text
        assert pending_count(sessions) == before + 3
