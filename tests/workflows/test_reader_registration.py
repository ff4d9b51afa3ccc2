"""The knowledge base's registration workflow on the time-skipping server, with the real worker
(read model, outbox, SMTP capture): the invariants written in workflows/reader_registration.py,
checked after every step of seeded random interleavings of register (also twice for one
address), confirm, approve, refuse, revoke and days passing; and a mail activity that fails
after sending is retried without a second mail."""

from __future__ import annotations

import random
from datetime import timedelta
from functools import partial
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from temporalio import activity
from temporalio.client import Client, WorkflowExecutionStatus
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Replayer, Worker

from activities.knowledge import KnowledgeActivities
from activities.notices import NoticeActivities
from mail.knowledge import confirm_path, reader_path
from models.activity_io import NoticeReport, NoticeRequest
from models.contracts.reader_registration import (
    ReaderStatus,
    RegistrationForm,
    reader_workflow_id,
)
from models.db import Notice
from models.db_knowledge import ReaderRow
from models.settings import Settings
from ppflow import knowledge, service
from tests.conftest import Mailbox, text_of, unique, until
from workflows.reader_registration import ReaderRegistrationWorkflow

# Which status may follow which (anything else breaks an invariant).
MOVES = {
    ReaderStatus.AWAITING_CONFIRMATION: {ReaderStatus.PENDING, ReaderStatus.EXPIRED},
    ReaderStatus.PENDING: {ReaderStatus.APPROVED, ReaderStatus.REFUSED, ReaderStatus.EXPIRED},
    ReaderStatus.APPROVED: {ReaderStatus.REVOKED},
    ReaderStatus.REFUSED: set(),
    ReaderStatus.EXPIRED: set(),
    ReaderStatus.REVOKED: set(),
}
OPEN = {ReaderStatus.AWAITING_CONFIRMATION, ReaderStatus.PENDING}


def form(email: str, language: str = "en") -> RegistrationForm:
    return RegistrationForm(
        name="Ana Reader",
        email=email,
        organisation="Institute of Migration Studies",
        country="Serbia",
        reason="Research on labour migration in the Western Balkans.",
        language=language,  # type: ignore[arg-type]
    )


def row_of(sessions: sessionmaker[Session], registration_id: str) -> ReaderRow | None:
    with sessions() as s:
        return s.get(ReaderRow, registration_id)


def status_of(sessions: sessionmaker[Session], registration_id: str) -> str:
    row = row_of(sessions, registration_id)
    return row.status if row is not None else ""


async def expired(sessions: sessionmaker[Session], registration_id: str) -> bool:
    return status_of(sessions, registration_id) == "expired"


def token(path: str) -> str:
    return path.rsplit("/", 1)[1]


def may_read(sessions: sessionmaker[Session], settings: Settings, registration_id: str) -> bool:
    with sessions() as s:
        try:
            knowledge.reader_of(s, settings, token(reader_path(settings, registration_id)))
        except service.Forbidden:
            return False
        return True


async def running(client: Client, workflow_id: str) -> bool:
    try:
        described = await client.get_workflow_handle(workflow_id).describe()
    except Exception:  # noqa: BLE001 - never started
        return False
    return described.status == WorkflowExecutionStatus.RUNNING


async def register(
    client: Client, sessions: sessionmaker[Session], settings: Settings, f: RegistrationForm
) -> str:
    with sessions() as s:
        started = await knowledge.register(client, s, settings, f)
    await until(lambda: _async(row_of(sessions, started.registration_id)))
    return started.registration_id


async def _async(value: Any) -> Any:
    return value


async def test_a_registration_from_form_to_revoked_link(  # type: ignore[no-untyped-def]
    ts_env: WorkflowEnvironment, run_worker, sessions, settings: Settings, mailbox: Mailbox
) -> None:
    client = ts_env.client
    email = f"{unique('kb')}@example.org"
    async with run_worker(client):
        reg = await register(client, sessions, settings, form(email, "ru"))
        confirm = await until(lambda: _async(_links(mailbox, email, "/knowledge/confirm/")))
        assert confirm[0] == token(confirm_path(settings, reg))
        with sessions() as s, pytest.raises(service.Conflict, match="not confirmed"):
            await knowledge.decide(client, s, reg, knowledge.decision_of("approve", None, "sec"))
        with sessions() as s, pytest.raises(service.Conflict, match="open already"):
            await knowledge.register(client, s, settings, form(email.upper()))
        with sessions() as s:
            read = await knowledge.confirm(client, s, settings, confirm[0])
            assert read.status == ReaderStatus.PENDING and read.decide_by is not None
            again = await knowledge.confirm(client, s, settings, confirm[0])
            assert again.status == ReaderStatus.PENDING
        await until(
            lambda: _async(mailbox.to(settings.secretariat_email) and len(mailbox.to(email)) >= 2)
        )
        assert not may_read(sessions, settings, reg)
        with sessions() as s:
            read = await knowledge.decide(
                client, s, reg, knowledge.decision_of("approve", None, "sec-ana")
            )
        assert read.status == ReaderStatus.APPROVED
        link = await until(lambda: _async(_links(mailbox, email, "/knowledge/r/")))
        assert link == [token(reader_path(settings, reg))]
        assert may_read(sessions, settings, reg)
        russian = [str(m["Subject"]) for m in mailbox.to(email)]
        assert any("доступ" in s for s in russian), russian
        with sessions() as s, pytest.raises(service.Conflict, match="already approved .* sec-ana"):
            await knowledge.decide(client, s, reg, knowledge.decision_of("refuse", "late", "x"))
        with sessions() as s, pytest.raises(service.Conflict, match="reader of the knowledge"):
            await knowledge.register(client, s, settings, form(email))
        with sessions.begin() as s:
            knowledge.revoke(s, reg, "sec")
        assert not may_read(sessions, settings, reg)
        with sessions.begin() as s, pytest.raises(service.Conflict, match="revoked already"):
            knowledge.revoke(s, reg, "sec")
        # the finished history replays on the workflow as it is (deterministic)
        handle = client.get_workflow_handle(reader_workflow_id(email))
        await until(partial(_finished, client, handle.id))
        history = await handle.fetch_history()
        await Replayer(
            workflows=[ReaderRegistrationWorkflow], data_converter=pydantic_data_converter
        ).replay_workflow(history)


def _links(mailbox: Mailbox, email: str, marker: str) -> list[str]:
    found = []
    for m in mailbox.to(email):
        text = text_of(m)
        if marker in text:
            found.append(text.split(marker)[1].split()[0])
    return found


async def test_nobody_decides_an_unconfirmed_or_lapsed_registration(  # type: ignore[no-untyped-def]
    ts_env: WorkflowEnvironment, run_worker, sessions, settings: Settings, mailbox: Mailbox
) -> None:
    client = ts_env.client
    first, second = (f"{unique('kb')}@example.org" for _ in range(2))
    async with run_worker(client):
        lapsed = await register(client, sessions, settings, form(first))
        waiting = await register(client, sessions, settings, form(second))
        with sessions() as s:
            await knowledge.confirm(client, s, settings, token(confirm_path(settings, waiting)))
        await ts_env.sleep(timedelta(days=3))  # no confirmation: lapsed without a mail
        await until(partial(expired, sessions, lapsed))
        with sessions() as s, pytest.raises(service.Conflict, match="expired"):
            await knowledge.confirm(client, s, settings, token(confirm_path(settings, lapsed)))
        await ts_env.sleep(timedelta(days=28))  # no decision in 30 days: lapsed, and told
        await until(partial(expired, sessions, waiting))
        with sessions() as s, pytest.raises(service.Conflict, match="expired"):
            await knowledge.decide(client, s, waiting, knowledge.decision_of("approve", None, "s"))
        await until(lambda: _async(any("lapsed" in str(m["Subject"]) for m in mailbox.to(second))))
        assert not may_read(sessions, settings, lapsed) and not may_read(
            sessions, settings, waiting
        )
        # the address is free again
        again = await register(client, sessions, settings, form(first))
        assert again != lapsed


@pytest.mark.parametrize("seed", [1, 7, 42, 99])
async def test_invariants_hold_under_random_interleavings(  # type: ignore[no-untyped-def]
    seed: int,
    ts_env: WorkflowEnvironment,
    run_worker,
    sessions,
    settings: Settings,
    mailbox: Mailbox,
) -> None:
    client = ts_env.client
    rnd = random.Random(seed)
    addresses = [f"{unique(f'kb{seed}')}@example.org" for _ in range(3)]
    seen: dict[str, ReaderStatus] = {}  # registration -> last status seen
    decisions: dict[str, int] = {}
    ended: set[str] = set()  # refused, expired, revoked: no access, ever
    async with run_worker(client):
        for _ in range(30):
            action = rnd.choice(
                [
                    "register",
                    "register",
                    "confirm",
                    "confirm",
                    "approve",
                    "refuse",
                    "revoke",
                    "wait",
                ]
            )
            regs = sorted(seen)
            wanted = {
                "confirm": ReaderStatus.AWAITING_CONFIRMATION,
                "approve": ReaderStatus.PENDING,
                "refuse": ReaderStatus.PENDING,
                "revoke": ReaderStatus.APPROVED,
            }.get(action)
            fitting = [r for r in regs if seen[r] == wanted]
            # mostly a registration where the action fits, sometimes any (to be refused)
            pool = fitting if fitting and rnd.random() < 0.8 else regs
            target = rnd.choice(pool) if pool else None
            if action == "register" or target is None:
                email = rnd.choice(addresses)
                was_open = await running(client, reader_workflow_id(email))
                with sessions() as s:
                    current = s.scalars(
                        select(ReaderRow).where(
                            ReaderRow.email == email, ReaderRow.status == "approved"
                        )
                    ).first()
                try:
                    reg = await register(client, sessions, settings, form(email))
                except service.Conflict:
                    assert was_open or current is not None
                else:
                    assert not was_open and current is None, "a second open registration"
                    seen[reg] = ReaderStatus.AWAITING_CONFIRMATION
            elif action == "confirm":
                with sessions() as s:
                    try:
                        await knowledge.confirm(
                            client, s, settings, token(confirm_path(settings, target))
                        )
                    except service.Conflict as e:
                        assert "expired" in e.message
            elif action in ("approve", "refuse"):
                before = row_of(sessions, target)
                assert before is not None
                decision = knowledge.decision_of(action, "not a researcher", "sec")
                with sessions() as s:
                    try:
                        await knowledge.decide(client, s, target, decision)
                    except service.Conflict as e:
                        assert before.status != "pending" or "expired" in e.message
                        if decisions.get(target):
                            assert "already" in e.message or "revoked" in e.message
                    else:
                        decisions[target] = decisions.get(target, 0) + 1
                        await until(partial(_finished, client, before.workflow_id))
            elif action == "revoke":
                with sessions.begin() as s:
                    try:
                        knowledge.revoke(s, target, "sec")
                    except service.Conflict:
                        assert (
                            seen[target] != ReaderStatus.APPROVED
                            or status_of(sessions, target) != "approved"
                        )
            else:
                await ts_env.sleep(timedelta(days=rnd.choice([1, 1, 3, 31])))
                now = await ts_env.get_current_time()
                for reg in regs:
                    row = row_of(sessions, reg)
                    assert row is not None
                    due = (
                        row.registered_at + timedelta(days=2)
                        if row.status == "awaiting_confirmation"
                        else row.decide_by
                        if row.status == "pending"
                        else None
                    )
                    if due is not None and now > due + timedelta(seconds=1):
                        await until(partial(expired, sessions, reg))
            # the invariants, after every step
            for reg in seen:
                row = row_of(sessions, reg)
                assert row is not None
                status = ReaderStatus(row.status)
                assert status == seen[reg] or status in MOVES[seen[reg]], (seen[reg], status)
                seen[reg] = status
                assert decisions.get(reg, 0) <= 1
                if status in (ReaderStatus.REFUSED, ReaderStatus.EXPIRED, ReaderStatus.REVOKED):
                    ended.add(reg)
                assert may_read(sessions, settings, reg) == (status == ReaderStatus.APPROVED)
                assert not (reg in ended and may_read(sessions, settings, reg))
            for email in addresses:
                with sessions() as s:
                    open_rows = s.scalar(
                        select(func.count()).where(
                            ReaderRow.email == email,
                            ReaderRow.status.in_([s_.value for s_ in OPEN]),
                        )
                    )
                assert (open_rows or 0) <= 1, "two open registrations for one address"
        # each mail once: one outbox row per notice key, one message per row
        with sessions() as s:
            rows = list(
                s.scalars(
                    select(Notice).where(
                        Notice.notice_key.in_(
                            [
                                f"kb-{r}-{k}"
                                for r in seen
                                for k in (
                                    "kb_confirm",
                                    "kb_received",
                                    "kb_pending",
                                    "kb_approved",
                                    "kb_refused",
                                    "kb_expired",
                                )
                            ]
                        )
                    )
                )
            )
        keys = [r.notice_key for r in rows]
        assert len(keys) == len(set(keys))
        await until(lambda: _async(all(r.status == "sent" for r in _fresh(sessions, rows))))
        for r in rows:
            ids = [str(m["Message-ID"]).strip() for m in mailbox.to(r.email)]
            assert ids.count(r.message_id) == 1, (r.message_id, ids)


def _fresh(sessions: sessionmaker[Session], rows: list[Notice]) -> list[Notice]:
    with sessions() as s:
        return [s.get(Notice, r.id) for r in rows]  # type: ignore[misc]


async def _finished(client: Client, workflow_id: str) -> bool:
    return not await running(client, workflow_id)


async def test_a_mail_is_sent_once_when_its_activity_is_retried(  # type: ignore[no-untyped-def]
    ts_env: WorkflowEnvironment, sessions, settings: Settings, mailbox: Mailbox, activity_executor
) -> None:
    """The outbox activity sends, then fails (a worker lost before it reported): Temporal runs
    it again, and the registrant still gets one mail."""
    notices = NoticeActivities(sessions, settings)
    attempts: list[int] = []

    @activity.defn(name="send_notices")
    async def flaky(request: NoticeRequest) -> NoticeReport:
        report = await notices.send_notices(request)
        attempts.append(activity.info().attempt)
        if activity.info().attempt == 1:
            raise RuntimeError("lost after sending")
        return report

    client = ts_env.client
    email = f"{unique('kb')}@example.org"
    async with Worker(
        client,
        task_queue=settings.task_queue,
        workflows=[ReaderRegistrationWorkflow],
        activities=[KnowledgeActivities(sessions).project_registration, flaky],
        activity_executor=activity_executor,
    ):
        reg = await register(client, sessions, settings, form(email))
        await until(lambda: _async(mailbox.to(email)))
        await ts_env.sleep(timedelta(seconds=30))  # past the retry's back-off
        await until(lambda: _async(len(attempts) >= 2))
        with sessions() as s:
            await knowledge.confirm(client, s, settings, token(confirm_path(settings, reg)))
        await ts_env.sleep(timedelta(seconds=30))
        await until(lambda: _async(len(attempts) >= 6))
    subjects = [str(m["Subject"]) for m in mailbox.to(email)]
    assert len(subjects) == len(set(subjects)) == 2, subjects  # confirm + received, once each
