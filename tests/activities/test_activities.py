"""Activities against the real database and a real SMTP server: a retry writes and sends nothing
twice, a relay outage loses nothing, a refused address is marked and the rest go out."""

from __future__ import annotations

import asyncio
import hashlib
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta

import aiosmtplib
import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from temporalio.testing import ActivityEnvironment

from activities.notices import NoticeActivities
from activities.records import RecordActivities
from mail.outbox import Outbox
from models.activity_io import EventBatch, EventRecord, NoticeContext, NoticeReport, NoticeRequest
from models.api import DraftStart
from models.base import Section, SectionText
from models.contracts.draft import DraftState, DraftStatus, VersionRecord
from models.db import Artifact, ArtifactLink, Contact, Event, Notice, SectionRow, Version
from models.domain import DocumentType, NoticeKind
from models.settings import Settings
from tests.conftest import Mailbox, free_port, text_of


def draft_status() -> DraftStatus:
    start = DraftStart(
        title="Recommendations on labour migration",
        slug=f"rec-{uuid.uuid4().hex[:8]}",
        document_type=DocumentType.RECOMMENDATIONS,
        lead_state="HU",
        sections=[SectionText(title="Scope")],
    )
    now = datetime.now(UTC)
    state = DraftState(
        meta=start.meta(),
        started_at=now,
        updated_at=now,
        versions=[
            VersionRecord(
                number=1,
                created_at=now,
                sections=[Section(id="s1", title="Scope"), Section(id="s2", title="Pathways")],
            )
        ],
    )
    return DraftStatus(state=state)


def count(session: Session, model: type, **where: object) -> int:
    return session.scalar(select(func.count()).select_from(model).filter_by(**where)) or 0


async def test_projection_and_events_twice_write_once(sessions: sessionmaker[Session]) -> None:
    records = RecordActivities(sessions)
    env = ActivityEnvironment()
    status = draft_status()
    draft_id = status.state.meta.draft_id
    event = EventRecord(
        event_id=f"{draft_id}:run:1",
        workflow_id=draft_id,
        draft_id=draft_id,
        kind="draft_started",
        at=datetime.now(UTC),
        summary="HU started it",
    )
    for _ in range(2):  # a retried activity
        env.run(records.project_draft, status)
        env.run(records.record_events, EventBatch(events=[event]))
    with sessions() as session:
        assert count(session, Version, draft_id=draft_id) == 1
        assert count(session, SectionRow, draft_id=draft_id) == 2
        assert count(session, Event, draft_id=draft_id) == 1


def notice(recipients: list[str]) -> NoticeRequest:
    return NoticeRequest(
        notice_key=f"test-{uuid.uuid4().hex}",
        kind=NoticeKind.ROUND_OPENED,
        recipients=recipients,
        draft_id="draft-test",
        link_workflow_id="draft-test-round-1",
        link_expires_at=datetime.now(UTC) + timedelta(days=3),
        context=NoticeContext(
            draft_title="Recommendations",
            reference="PP/REC/test",
            lead_state="HU",
            version=1,
            round_number=1,
            deadline=datetime.now(UTC) + timedelta(days=3),
        ),
    )


async def test_a_retried_send_sends_nothing_twice(
    sessions: sessionmaker[Session], settings: Settings, mailbox: Mailbox
) -> None:
    notices = NoticeActivities(sessions, settings)
    request = notice(["DE", "KZ"])
    first = await ActivityEnvironment().run(notices.send_notices, request)
    again = await ActivityEnvironment().run(notices.send_notices, request)
    assert (first.sent, again.sent) == (2, 0)
    with sessions() as session:
        rows = session.scalars(select(Notice).filter_by(notice_key=request.notice_key)).all()
    ids = {r.message_id for r in rows}
    mails = [m for m in mailbox.messages if str(m["Message-ID"]).strip() in ids]
    assert len(mails) == 2, (ids, [str(m["Message-ID"]) for m in mailbox.messages][-3:])
    kz = next(m for m in mails if "kz" in str(m["To"]))
    assert "Комментарии" in str(kz["Subject"]) and "/review/" in text_of(kz)


async def test_relay_outage_then_recovery_loses_nothing(
    sessions: sessionmaker[Session], settings: Settings, mailbox: Mailbox
) -> None:
    request = notice(["FR", "AM"])
    down = NoticeActivities(sessions, settings.model_copy(update={"smtp_port": free_port()}))
    with pytest.raises(OSError):
        await ActivityEnvironment().run(down.send_notices, request)
    with sessions() as session:
        statuses = session.scalars(
            select(Notice.status).filter_by(notice_key=request.notice_key)
        ).all()
    assert sorted(statuses) == ["pending", "pending"]  # queued, waiting for the relay
    with sessions() as session:
        rows = session.scalars(select(Notice).filter_by(notice_key=request.notice_key)).all()
    # the outbox says why mail waits: each attempt's failure is written on its rows
    assert {r.attempts for r in rows} == {1}
    assert all("Connect" in (r.error or "") or "refused" in (r.error or "") for r in rows), [
        r.error for r in rows
    ]
    report = await ActivityEnvironment().run(
        NoticeActivities(sessions, settings).send_notices, request
    )
    assert report.sent == 2


class Busy421:
    """A relay going away: every recipient gets 421 (try later), as a relay in maintenance."""

    async def handle_RCPT(self, server, session, envelope, address, options):  # type: ignore[no-untyped-def]
        return "421 4.3.2 Service not available, closing transmission channel"


async def test_a_relay_saying_421_to_every_address_is_an_outage_not_a_bad_address(
    sessions: sessionmaker[Session], settings: Settings
) -> None:
    """A 4xx for a recipient means "later": the rows wait with the reason, none is marked
    failed and none goes to the participant's next contact; the next attempt sends them."""
    request = notice(["FR", "AM"])
    port = free_port()
    relay = Controller(Busy421(), hostname="127.0.0.1", port=port)
    relay.start()
    try:
        busy = NoticeActivities(sessions, settings.model_copy(update={"smtp_port": port}))
        with pytest.raises(aiosmtplib.SMTPRecipientsRefused):
            await ActivityEnvironment().run(busy.send_notices, request)
    finally:
        relay.stop()
    with sessions() as session:
        rows = session.scalars(select(Notice).filter_by(notice_key=request.notice_key)).all()
    assert sorted(r.status for r in rows) == ["pending", "pending"]
    assert all("421" in (r.error or "") for r in rows), [r.error for r in rows]
    report = await ActivityEnvironment().run(
        NoticeActivities(sessions, settings).send_notices, request
    )
    assert (report.sent, report.failed) == (2, 0)


class RefusesOne:
    async def handle_RCPT(self, server, session, envelope, address, options):  # type: ignore[no-untyped-def]
        if address.startswith("ncp@tr."):
            return "550 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        return "250 OK"


async def send_through_refusing_relay(
    sessions: sessionmaker[Session], settings: Settings, request: NoticeRequest
) -> NoticeReport:
    port = free_port()
    relay = Controller(RefusesOne(), hostname="127.0.0.1", port=port)
    relay.start()
    try:
        activities = NoticeActivities(sessions, settings.model_copy(update={"smtp_port": port}))
        return await ActivityEnvironment().run(activities.send_notices, request)
    finally:
        relay.stop()


async def test_a_refused_address_is_marked_and_the_others_go_out(
    sessions: sessionmaker[Session], settings: Settings
) -> None:
    request = notice(["TR", "UA"])
    report = await send_through_refusing_relay(sessions, settings, request)
    assert (report.sent, report.failed) == (1, 1)
    with sessions() as session:
        failed = session.scalars(
            select(Notice).filter_by(notice_key=request.notice_key, status="failed")
        ).one()
    assert failed.participant_id == "TR" and "550" in (failed.error or "")


async def test_a_crash_between_send_and_record_resends_those_messages_once(
    sessions: sessionmaker[Session],
    settings: Settings,
    mailbox: Mailbox,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The at-most-once window: the relay took the mails, the worker died before marking."""
    request = notice(["PL", "CZ", "SK"])
    notices = NoticeActivities(sessions, settings)

    def crash(self: Outbox, ids: list[int]) -> None:
        raise RuntimeError("worker killed")

    monkeypatch.setattr(Outbox, "_mark_sent", crash)
    with pytest.raises(RuntimeError):
        await ActivityEnvironment().run(notices.send_notices, request)
    monkeypatch.undo()
    await ActivityEnvironment().run(notices.send_notices, request)  # Temporal's retry
    await ActivityEnvironment().run(notices.send_notices, request)  # and one more: no-op
    with sessions() as session:
        rows = session.scalars(select(Notice).filter_by(notice_key=request.notice_key)).all()
    assert [r.status for r in rows] == ["sent"] * 3
    copies = {r.message_id: 0 for r in rows}
    for m in mailbox.messages:
        if str(m["Message-ID"]).strip() in copies:
            copies[str(m["Message-ID"]).strip()] += 1
    # Each unmarked mail went out once more, with its Message-ID (clients show it once).
    assert set(copies.values()) == {2}


async def test_a_refused_contact_falls_back_to_the_next_and_the_secretariat_sees_it(
    sessions: sessionmaker[Session], settings: Settings, api
) -> None:  # type: ignore[no-untyped-def]
    with sessions.begin() as session:
        if not session.scalars(select(Contact).filter_by(email="deputy@tr.example")).first():
            session.add(Contact(participant_id="TR", email="deputy@tr.example", rank=50))
    request = notice(["TR", "UA"])
    report = await send_through_refusing_relay(sessions, settings, request)
    assert (report.sent, report.failed) == (2, 1)
    with sessions() as session:
        rows = {
            r.email: r
            for r in session.scalars(select(Notice).filter_by(notice_key=request.notice_key))
        }
    assert rows["ncp@tr.pragueprocess.local"].status == "failed"
    assert rows["deputy@tr.example"].status == "sent"
    assert rows["deputy@tr.example"].fallback_for == rows["ncp@tr.pragueprocess.local"].id

    lead = {"Authorization": "Bearer dev-drafting-token"}
    sec = {"Authorization": "Bearer dev-secretariat-token"}
    assert (await api.get("/api/outbox", headers=lead)).status_code == 403
    r = await api.get("/api/outbox?status=lost", headers=sec)
    assert r.status_code == 422 and "pending, sent, failed" in r.json()["detail"]
    r = await api.get("/api/outbox?status=failed&limit=1000", headers=sec)
    assert r.status_code == 200 and r.json()["counts"]["failed"] >= 1
    failed = [
        n
        for n in r.json()["notices"]
        if n["message_id"] == rows["ncp@tr.pragueprocess.local"].message_id
    ]
    assert failed and "550" in failed[0]["error"]


async def test_the_rate_limit_spaces_messages_to_the_relay(
    sessions: sessionmaker[Session], settings: Settings
) -> None:
    limited = settings.model_copy(update={"smtp_rate_per_second": 20.0})
    started = time.monotonic()
    report = await ActivityEnvironment().run(
        NoticeActivities(sessions, limited).send_notices,
        notice(["EE", "LV", "LT", "FI", "SE", "NO"]),
    )
    assert report.sent == 6
    assert time.monotonic() - started >= 5 / 20 - 0.01


async def test_the_draft_is_attached_below_the_cap_and_linked_above_it(
    sessions: sessionmaker[Session], settings: Settings, mailbox: Mailbox, api
) -> None:  # type: ignore[no-untyped-def]
    draft_id = f"draft-{uuid.uuid4().hex[:8]}"
    content = b"PK" + uuid.uuid4().bytes * 200  # 3.2 KB standing in for a Word file
    digest = hashlib.sha256(content).hexdigest()
    with sessions.begin() as session:
        session.add(
            Artifact(
                id=digest, media_type="application/octet-stream", size=len(content), content=content
            )
        )
        session.add(
            ArtifactLink(
                link_key=f"{draft_id}/v1.docx/en",
                artifact_id=digest,
                draft_id=draft_id,
                kind="draft_version",
                version=1,
                filename="v1.docx",
            )
        )
    for cap, key in ((100_000, "attached"), (1_000, "linked")):
        request = notice(["BE"]).model_copy(
            update={"draft_id": draft_id, "notice_key": f"{draft_id}-{key}"}
        )
        capped = settings.model_copy(update={"attachment_max_bytes": cap})
        await ActivityEnvironment().run(NoticeActivities(sessions, capped).send_notices, request)
    attached, linked = (
        next(m for m in mailbox.messages if str(m["Message-ID"]).strip() == mid)
        for mid in _message_ids(sessions, f"{draft_id}-attached", f"{draft_id}-linked")
    )
    (part,) = list(attached.iter_attachments())
    assert part.get_filename() == "v1.docx" and part.get_content() == content
    assert not list(linked.iter_attachments())
    url = text_of(linked).split("download it from ")[1].split()[0]
    r = await api.get(url.removeprefix("http://testserver"))
    assert r.status_code == 200 and r.content == content
    assert (await api.get(url.removeprefix("http://testserver") + "x")).status_code == 403


def _message_ids(sessions: sessionmaker[Session], *keys: str) -> list[str]:
    with sessions() as session:
        return [
            session.scalars(select(Notice.message_id).filter_by(notice_key=k)).one() for k in keys
        ]


class Accepts:
    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        return "250 OK"


def only(user: bytes, password: bytes):  # type: ignore[no-untyped-def]
    from aiosmtpd.smtp import AuthResult

    def authenticator(server, session, envelope, mechanism, auth_data):  # type: ignore[no-untyped-def]
        ok = auth_data.login == user and auth_data.password == password
        return AuthResult(success=ok)

    return authenticator


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
async def test_the_relay_login_is_used_and_without_it_nothing_is_lost(
    sessions: sessionmaker[Session], settings: Settings
) -> None:
    port = free_port()
    relay = Controller(
        Accepts(),
        hostname="127.0.0.1",
        port=port,
        authenticator=only(b"ppflow", b"s3cret"),
        auth_required=True,
        auth_require_tls=False,
    )
    relay.start()
    try:
        anonymous = settings.model_copy(update={"smtp_port": port})
        request = notice(["HR"])
        with pytest.raises(aiosmtplib.SMTPSenderRefused):  # 530: Temporal retries
            await ActivityEnvironment().run(
                NoticeActivities(sessions, anonymous).send_notices, request
            )
        login = anonymous.model_copy(update={"smtp_username": "ppflow", "smtp_password": "s3cret"})
        report = await ActivityEnvironment().run(
            NoticeActivities(sessions, login).send_notices, request
        )
    finally:
        relay.stop()
    assert (report.sent, report.failed) == (1, 0)  # it waited as pending, not failed


async def test_news_goes_to_the_digest_of_those_who_chose_one(
    sessions: sessionmaker[Session], settings: Settings, mailbox: Mailbox
) -> None:
    from mail.digest import set_preference
    from models.domain import DigestFrequency

    with sessions.begin() as session:
        set_preference(session, "ncp@de.pragueprocess.local", DigestFrequency.DAILY)
    notices = NoticeActivities(sessions, settings)
    try:
        news = notice(["DE", "FR"]).model_copy(update={"kind": NoticeKind.REVISION_AVAILABLE})
        report = await ActivityEnvironment().run(notices.send_notices, news)
        invitation = await ActivityEnvironment().run(notices.send_notices, notice(["DE", "FR"]))
        assert (report.sent, invitation.sent) == (1, 2)  # DE reads the news in its digest
        with sessions() as session:
            rows = session.scalars(select(Notice).filter_by(notice_key=news.notice_key)).all()
        assert [r.email for r in rows] == ["ncp@fr.pragueprocess.local"]
    finally:
        with sessions.begin() as session:
            set_preference(session, "ncp@de.pragueprocess.local", DigestFrequency.NONE)


async def test_two_attempts_at_one_notice_send_each_mail_once(
    sessions: sessionmaker[Session], settings: Settings, mailbox: Mailbox
) -> None:
    """A retry that starts while the first attempt still sends (it outlived its timeout on a
    slow relay) takes only the rows nobody holds, then waits for the rest: no mail twice."""
    request = notice(["EE", "LV", "LT", "FI", "SE", "NO", "DK", "IS"])
    slow = settings.model_copy(update={"smtp_rate_per_second": 20.0, "outbox_claim_seconds": 5})
    first, second = NoticeActivities(sessions, slow), NoticeActivities(sessions, slow)
    reports = await asyncio.gather(
        ActivityEnvironment().run(first.send_notices, request),
        ActivityEnvironment().run(second.send_notices, request),
    )
    with sessions() as session:
        rows = session.scalars(select(Notice).filter_by(notice_key=request.notice_key)).all()
    assert len(rows) >= 6 and sum(r.sent for r in reports) == len(rows)
    assert {r.status for r in rows} == {"sent"}
    ids = {r.message_id for r in rows}
    delivered = [str(m["Message-ID"]).strip() for m in mailbox.messages]
    assert sorted(d for d in delivered if d in ids) == sorted(ids)  # each exactly once


async def test_a_sender_stalled_past_its_claim_leaves_the_rows_another_one_took(
    sessions: sessionmaker[Session], settings: Settings, mailbox: Mailbox
) -> None:
    """The first sender stalls right after its first mail for longer than its claim (a slow
    database, a paused process); a second attempt takes the rows meanwhile and sends them. When
    the first one wakes, it renews before its next send, finds the rows gone and sends none of
    them again. The mail it had sent but not yet marked goes out twice: the documented window."""
    request = notice(["EE", "LV", "LT", "FI"])
    short = settings.model_copy(update={"outbox_claim_seconds": 5})
    first, second = Outbox(sessions, short), Outbox(sessions, short)
    await asyncio.to_thread(first.queue, request)
    taken: list[tuple[int, int]] = []

    def stall_once(sent: int) -> None:
        if sent == 1 and not taken:
            time.sleep(6)  # the whole event loop stalls past the 5 s claim
            meanwhile = threading.Thread(
                target=lambda: taken.append(asyncio.run(second.deliver(request)))
            )
            meanwhile.start()
            meanwhile.join()

    done = await first.deliver(request, stall_once)
    with sessions() as session:
        rows = session.scalars(
            select(Notice).filter_by(notice_key=request.notice_key).order_by(Notice.id)
        ).all()
    assert {r.status for r in rows} == {"sent"} and len(rows) == 4
    assert (done[0], taken[0][0]) == (1, 4)
    delivered = [str(m["Message-ID"]).strip() for m in mailbox.messages]
    times = {r.message_id: delivered.count(r.message_id) for r in rows}
    assert times == {rows[0].message_id: 2} | {r.message_id: 1 for r in rows[1:]}
