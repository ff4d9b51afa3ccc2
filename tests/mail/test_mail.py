"""Mail and personal links end to end: the real dev server and worker, a real SMTP server
(aiosmtpd), the web app through httpx. Who gets which mail in which language, what the mails
carry, links that are revoked, tampered, expired or foreign, hand-off, and the digest."""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage

import httpx
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from temporalio.testing import WorkflowEnvironment

from models.activity_io import DigestReport
from models.base import Empty
from models.db import ArtifactLink, DigestPreference, Event
from models.links import ReviewerLink, make_token
from models.settings import Settings
from ppflow.schedules import digest_schedule_id, ensure_digest_schedule
from tests.conftest import Mailbox, text_of, unique
from tests.web.test_api import LEAD, SEC, later, links_in, new_draft, submit_form
from tests.workflows.test_lifecycle import eventually

NCP = "ncp@{}.pragueprocess.local"


def kinds(mailbox: Mailbox, reference: str, *subjects: str) -> dict[str, int]:
    """How many mails about this draft, whose subject has one of `subjects`, each address got."""
    counts: dict[str, int] = {}
    for m in mailbox.about(reference):
        if any(s in str(m["Subject"]) for s in subjects):
            counts[str(m["To"])] = counts.get(str(m["To"]), 0) + 1
    return counts


def html_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("html",))
    assert part is not None, "no HTML part"
    return str(part.get_content())


async def start_with_document(api: httpx.AsyncClient, sessions: sessionmaker[Session]) -> dict:  # type: ignore[type-arg]
    """A draft whose first version's Word file exists (so invitations can attach it)."""
    started = (await api.post("/api/drafts", json=new_draft(), headers=LEAD)).json()

    def rendered() -> bool:
        with sessions() as s:
            return bool(
                s.scalars(
                    select(ArtifactLink).filter_by(
                        draft_id=started["draft_id"], kind="draft_version"
                    )
                ).first()
            )

    await eventually(rendered)
    return started  # type: ignore[no-any-return]


async def open_round(api: httpx.AsyncClient, draft: str, participants: list[str], **kw: object):  # type: ignore[no-untyped-def]
    body = {"invitees": {"participants": participants}, "deadline": later(days=3), **kw}
    r = await api.post(f"/api/drafts/{draft}/rounds", headers=LEAD, json=body)
    assert r.status_code == 200, r.text
    return r.json()


async def test_the_mails_of_a_whole_round(
    api: httpx.AsyncClient, run_worker, dev_env, mailbox: Mailbox, sessions
) -> None:
    async with run_worker(dev_env.client):
        started = await start_with_document(api, sessions)
        draft, ref = started["draft_id"], started["reference"]
        await open_round(
            api,
            draft,
            ["DE", "FR", "KZ", "AM"],
            deadline=later(seconds=12),
            reminder_before=["PT7S"],
        )
        invited = ("Comments invited", "Комментарии:")
        await eventually(lambda: len(kinds(mailbox, ref, *invited)) == 4)
        assert kinds(mailbox, ref, "Comments invited") == {NCP.format("de"): 1, NCP.format("fr"): 1}
        assert kinds(mailbox, ref, "Комментарии:") == {NCP.format("kz"): 1, NCP.format("am"): 1}
        invitations = [
            m for m in mailbox.about(ref) if any(s in str(m["Subject"]) for s in invited)
        ]
        assert len({str(m["Message-ID"]) for m in invitations}) == 4
        for m in invitations:
            assert str(m["Subject"]).startswith(f"[{ref}] ")
            assert (
                str(m["In-Reply-To"])
                == str(m["References"])
                == f"<{draft}@ppflow.pragueprocess.local>"
            )
            assert "ppflow.pragueprocess.local" in str(m["List-Id"])
            assert re.fullmatch(r"reply\+\S+@reply\.pragueprocess\.local", str(m["Reply-To"]))
            assert "/review/" in text_of(m) and '<a href="http://testserver/review/' in html_of(m)
            (attachment,) = list(m.iter_attachments())
            assert attachment.get_filename().endswith(".docx")
            assert attachment.get_content()[:2] == b"PK"  # a real Word (zip) file
        ru = next(m for m in invitations if "kz" in str(m["To"]))
        assert "Проект приложен" in text_of(ru) and '<html lang="ru">' in html_of(ru)

        de = links_in(mailbox, ref, "DE")[0]
        r = await api.post(
            f"/api/review/{de}/answer",
            json={
                "position": "comments",
                "comments": [{"section_id": "s2", "text": "Add safeguards"}],
            },
        )
        assert r.status_code == 200, r.text
        kz = links_in(mailbox, ref, "KZ")[0]
        r = await submit_form(
            api, f"/review/{kz}", {"position": "no_objection", "comment": "Хорошо"}
        )
        assert r.status_code == 200 and "Ваш ответ учтён" in r.text

        # The reminder goes only to those who have not answered, in their language.
        reminders = ("Reminder", "Напоминание")
        await eventually(lambda: len(kinds(mailbox, ref, *reminders)) == 2)
        assert kinds(mailbox, ref, *reminders) == {NCP.format("fr"): 1, NCP.format("am"): 1}
        # The round closes at its deadline: everyone invited hears of it, once.
        closed = ("Comment round closed", "Раунд")
        await eventually(lambda: len(kinds(mailbox, ref, *closed)) == 4, timeout=30)

        async def in_revision() -> dict:  # type: ignore[type-arg]
            # the round's mails can go out before the draft has taken in its comments
            for _ in range(150):
                s = (await api.get(f"/api/drafts/{draft}", headers=LEAD)).json()
                if s["state"]["phase"] == "revision":
                    return s  # type: ignore[no-any-return]
                await asyncio.sleep(0.2)
            raise AssertionError("the draft did not reach revision")

        status = await in_revision()
        comments = status["state"]["comments"]
        r = await api.post(
            f"/api/drafts/{draft}/resolutions",
            headers=LEAD,
            json={
                "resolutions": [
                    {
                        "comment_id": c["comment_id"],
                        "disposition": "partly_accepted",
                        "justification": "Shorter",
                    }
                    if c["participant_id"] == "DE"
                    else {"comment_id": c["comment_id"], "disposition": "accepted"}
                    for c in comments
                ]
            },
        )
        assert r.status_code == 200, r.text
        sections = status["state"]["versions"][-1]["sections"]
        r = await api.post(
            f"/api/drafts/{draft}/revisions", headers=LEAD, json={"sections": sections}
        )
        assert r.status_code == 200, r.text
        # Only those who commented hear how their comments fared.
        fared = ("How your comments were resolved", "Как учтены ваши комментарии")
        await eventually(lambda: len(kinds(mailbox, ref, *fared)) == 2)
        assert kinds(mailbox, ref, *fared) == {NCP.format("de"): 1, NCP.format("kz"): 1}
        de_mail = next(m for m in mailbox.about(ref) if "How your comments" in str(m["Subject"]))
        assert '"Add safeguards": partly accepted (Shorter)' in text_of(de_mail)
        kz_mail = next(m for m in mailbox.about(ref) if "Как учтены" in str(m["Subject"]))
        assert "«Хорошо»: принято" in text_of(kz_mail)  # the documents' wording


async def test_links_get_records_nothing_and_bad_tokens_are_refused(
    api: httpx.AsyncClient, run_worker, dev_env, mailbox: Mailbox, sessions, settings: Settings
) -> None:
    async with run_worker(dev_env.client):
        a = (await api.post("/api/drafts", json=new_draft(), headers=LEAD)).json()
        b = (await api.post("/api/drafts", json=new_draft(), headers=LEAD)).json()
        round_a = (await open_round(api, a["draft_id"], ["DE"]))["round_id"]
        await open_round(api, b["draft_id"], ["DE"])
        token_a = (await eventually(lambda: links_in(mailbox, a["reference"], "DE")))[0]
        token_b = (await eventually(lambda: links_in(mailbox, b["reference"], "DE")))[0]

        def events() -> int:
            with sessions() as s:
                return (
                    s.scalar(
                        select(func.count()).select_from(Event).filter_by(draft_id=a["draft_id"])
                    )
                    or 0
                )

        await eventually(lambda: events() >= 3)
        before = events()
        for _ in range(3):  # a mail scanner opening the link
            assert (await api.get(f"/review/{token_a}")).status_code == 200
            assert (await api.get(f"/api/review/{token_a}")).json()["my_answer"] is None
        assert events() == before

        expired = make_token(
            settings,
            ReviewerLink(
                workflow_id=round_a,
                participant_id="DE",
                email=NCP.format("de"),
                expires_at=datetime.now(UTC) - timedelta(minutes=1),
            ),
        )
        foreign = make_token(
            settings.model_copy(update={"secret_key": "someone-elses-key"}),
            ReviewerLink(workflow_id=round_a, participant_id="DE", email=NCP.format("de")),
        )
        bad = {
            token_a[:-3] + ("xyz" if not token_a.endswith("xyz") else "abc"): "not valid",
            foreign: "not valid",
            expired: "expired",
        }
        for token, reason in bad.items():
            page = await api.get(f"/review/{token}")
            assert page.status_code == 403 and reason in page.text
            r = await api.post(f"/api/review/{token}/answer", json={"position": "no_objection"})
            assert r.status_code == 403 and reason in r.json()["detail"]
        # The form of draft A's page does not answer draft B.
        page_a = await api.get(f"/review/{token_a}")
        csrf_a = re.search(r'name="csrf" value="([^"]+)"', page_a.text).group(1)  # type: ignore[union-attr]
        r = await api.post(f"/review/{token_b}", data={"position": "no_objection", "csrf": csrf_a})
        assert r.status_code == 403 and "belongs to another link" in r.text
        r = await api.get(f"/api/drafts/{b['draft_id']}/rounds/current", headers=SEC)
        assert r.json()["answers"] == []

        # Re-issued: the old link stops working, the new one (mailed) works.
        body = {"workflow_id": round_a, "participant_id": "DE"}
        assert (await api.post("/api/links/reissue", json=body, headers=LEAD)).status_code == 403
        r = await api.post("/api/links/reissue", json={**body, "participant_id": "XX"}, headers=SEC)
        assert r.status_code == 422 and "not invited" in r.json()["detail"]
        r = await api.post("/api/links/reissue", json=body, headers=SEC)
        assert r.status_code == 200 and r.json()["generation"] == 1
        r = await api.post(f"/api/review/{token_a}/answer", json={"position": "no_objection"})
        assert r.status_code == 403 and "replaced by a newer one" in r.json()["detail"]
        fresh = await eventually(
            lambda: [t for t in links_in(mailbox, a["reference"], "DE") if t != token_a]
        )
        assert (await api.get(f"/review/{fresh[0]}")).status_code == 200

        # Hand-off: the colleague gets its own link; the answer and the timeline show it.
        def hand_to(address: str):  # type: ignore[no-untyped-def]
            form = {"name": "Anna Berg", "email": address}
            page = f"/review/{fresh[0]}"
            return submit_form(api, f"{page}/handoff", form, page_url=page)

        r = await hand_to("not-an-address")
        assert r.status_code == 422 and "not an e-mail address" in r.text
        r = await hand_to(NCP.format("de"))
        assert r.status_code == 422 and "your own address" in r.text
        r = await hand_to("anna@bmi.example")
        assert r.status_code == 200 and "gets a personal link" in r.text
        mail = (
            await eventually(
                lambda: [m for m in mailbox.about(a["reference"]) if "anna@" in str(m["To"])]
            )
        )[0]
        assert f"{NCP.format('de')} (DE) passed the answer" in text_of(mail)
        colleague = text_of(mail).split("/review/")[1].split()[0]
        r = await api.post(f"/api/review/{colleague}/answer", json={"position": "no_objection"})
        assert r.status_code == 200, r.text
        answers = (await api.get(f"/api/drafts/{a['draft_id']}/rounds/current", headers=SEC)).json()
        assert [(x["participant_id"], x["contact_email"]) for x in answers["answers"]] == [
            ("DE", "anna@bmi.example")
        ]
        timeline = (await api.get(f"/api/drafts/{a['draft_id']}/events", headers=SEC)).json()
        assert any(
            e["kind"] == "link_handed_off" and "anna@bmi.example" in e["summary"] for e in timeline
        )


async def test_digest_by_schedule_workflow_and_unsubscribe(
    api: httpx.AsyncClient,
    run_worker,
    dev_env: WorkflowEnvironment,
    mailbox: Mailbox,
    sessions,
    settings: Settings,
) -> None:
    kz = NCP.format("kz")
    r = await api.put("/api/digest", json={"email": kz, "frequency": "hourly"}, headers=SEC)
    assert r.status_code == 422
    assert (
        await api.put("/api/digest", json={"email": kz, "frequency": "daily"}, headers=LEAD)
    ).status_code == 403
    r = await api.put("/api/digest", json={"email": kz, "frequency": "daily"}, headers=SEC)
    assert r.status_code == 200
    async with run_worker(dev_env.client):
        started = (await api.post("/api/drafts", json=new_draft(), headers=LEAD)).json()
        await open_round(api, started["draft_id"], ["KZ", "UZ"], deadline=later(hours=5))
        await eventually(lambda: links_in(mailbox, started["reference"], "KZ"))
        for _ in range(2):  # idempotent at every worker start
            assert await ensure_digest_schedule(dev_env.client, settings) == digest_schedule_id(
                settings
            )
        described = await dev_env.client.get_schedule_handle(
            digest_schedule_id(settings)
        ).describe()
        assert described.id == digest_schedule_id(settings)
        seen = len(mailbox.messages)  # the mailbox is shared by the whole session
        first, again = [
            await dev_env.client.execute_workflow(
                "DigestWorkflow",
                Empty(),
                id=unique("digest"),
                task_queue=settings.task_queue,
                result_type=DigestReport,
            )
            for _ in range(2)  # the same day twice
        ]
    assert first.sent >= 2 and again.sent == 0  # the Secretariat and KZ, once a day
    digests = Mailbox(mailbox.messages[seen:])
    secretariat = [
        m for m in digests.to(settings.secretariat_email) if "Digest" in str(m["Subject"])
    ]
    assert len(secretariat) == 1
    text = text_of(secretariat[0])
    ref = started["reference"]
    # a summary by draft: the draft once, what needs the Secretariat first, with its link
    assert text.count(ref) == 1 and text.index("For you:") < text.index(ref)
    assert "not answered yet: Kazakhstan, Uzbekistan." in text
    assert f"http://testserver/drafts/{started['draft_id']}" in text
    assert "comment round opened" in text and "round_opened" not in text
    (digest,) = [m for m in digests.to(kz) if "Сводка" in str(m["Subject"])]
    mine = text_of(digest)  # a contact sees only its own part, in its language
    assert mine.count(ref) == 1 and "Ожидается ваш ответ в раунде комментариев 1" in mine
    assert "/review/" in mine and "Узбекистан" not in mine and "Uzbekistan" not in mine
    unsubscribe = (
        str(digest["List-Unsubscribe"]).strip().strip("<>").removeprefix("http://testserver")
    )
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert (await api.get(unsubscribe)).status_code == 200  # opening it changes nothing
    with sessions() as s:
        assert s.get(DigestPreference, kz).frequency == "daily"
    r = await api.post(unsubscribe, data={"List-Unsubscribe": "One-Click"})
    assert r.status_code == 200 and "No more digests" in r.text
    with sessions() as s:
        assert s.get(DigestPreference, kz).frequency == "none"
    r = await api.post(unsubscribe[:-4] + "abcd", data={"List-Unsubscribe": "One-Click"})
    assert r.status_code == 403


async def test_a_link_expires_when_its_round_closes_plus_the_grace(
    api: httpx.AsyncClient, run_worker, dev_env, mailbox: Mailbox, settings: Settings
) -> None:  # type: ignore[no-untyped-def]
    from web.app import create_app

    no_grace = create_app(settings.model_copy(update={"link_grace_days": 0}), dev_env.client)
    async with (
        run_worker(dev_env.client),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=no_grace), base_url="http://testserver"
        ) as strict,
    ):
        started = (await api.post("/api/drafts", json=new_draft(), headers=LEAD)).json()
        await open_round(api, started["draft_id"], ["SE"])
        token = (await eventually(lambda: links_in(mailbox, started["reference"], "SE")))[0]
        assert (await strict.get(f"/review/{token}")).status_code == 200
        r = await api.post(f"/api/drafts/{started['draft_id']}/rounds/current/close", headers=SEC)
        assert r.status_code == 200

        async def refused() -> bool:
            page = await strict.get(f"/review/{token}")
            return page.status_code == 403 and "its round closed on" in page.text

        for _ in range(100):  # once the read model knows the round closed
            if await refused():
                break
            await asyncio.sleep(0.1)
        assert await refused()
        assert (await api.get(f"/review/{token}")).status_code == 200  # within 7 days' grace
