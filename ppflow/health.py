"""Is this process fit to serve? The checks behind `/readyz` (Temporal, the database, the mail
relay; the worker adds its polling) and the figures `/metrics` reads from the database when it is
scraped. The web app (`web/health.py`) and the worker's small HTTP port (`ppflow/probes.py`)
answer with them.

Each check gets `health_timeout_seconds` and they run at once, so `/readyz` answers within about
that long whatever is down. A check that fails says why in a few words that never carry an
address, a URL or a secret; the full error goes to the log when a check starts failing.
"""

from __future__ import annotations

import asyncio
import logging
import ssl
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

import aiosmtplib
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, generate_latest
from sqlalchemy import func, select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from temporalio.api.workflowservice.v1 import DescribeNamespaceRequest
from temporalio.client import Client
from temporalio.service import RPCError, RPCStatusCode

from mail.transport import relay_client
from models.db import Notice
from models.health import CheckResult, Readiness
from models.metrics import OUTBOX_OLDEST_PENDING_AGE, OUTBOX_PENDING, READY
from models.settings import Settings

log = logging.getLogger("ppflow.health")

Check = Callable[[], Awaitable[None]]


class NotReady(Exception):
    """A check's own reason (its message is shown as is)."""


async def temporal_answers(client: Client | None, timeout: float) -> None:
    """The namespace is described: the frontend answers and knows our namespace."""
    if client is None:
        raise NotReady("not connected yet")
    await client.workflow_service.describe_namespace(
        DescribeNamespaceRequest(namespace=client.namespace), timeout=timedelta(seconds=timeout)
    )


def database_answers(sessions: sessionmaker[Session]) -> None:
    with sessions() as session:
        session.execute(text("SELECT 1"))


async def relay_answers(settings: Settings, timeout: float) -> None:
    """A connection to the configured relay (TLS as configured), its greeting, EHLO and NOOP;
    no login (a probe every few seconds must not lock an account out) and no message."""
    smtp = relay_client(settings, login=False, timeout=timeout)
    await smtp.connect()
    try:
        await smtp.ehlo()
        await smtp.noop()
    finally:
        try:
            await asyncio.wait_for(smtp.quit(), timeout)
        except Exception:
            smtp.close()


def standard_checks(
    settings: Settings, client: Client | None, sessions: sessionmaker[Session]
) -> dict[str, Check]:
    """Temporal, the database and the relay: what every ppflow process needs."""
    timeout = settings.health_timeout_seconds
    return {
        "temporal": lambda: temporal_answers(client, timeout),
        "database": lambda: asyncio.to_thread(database_answers, sessions),
        "relay": lambda: relay_answers(settings, timeout),
    }


def reason(error: BaseException, timeout: float) -> str:
    """A few words on why a check failed, safe to show to anyone who can reach the probe."""
    if isinstance(error, TimeoutError | aiosmtplib.SMTPTimeoutError):
        return f"no answer within {timeout:g} s"
    if isinstance(error, NotReady):
        return str(error)
    if isinstance(error, RuntimeError) and "connect" in str(error).lower():
        return "unreachable"  # a client that has not reached its server yet
    if isinstance(error, RPCError):
        if error.status == RPCStatusCode.UNAVAILABLE:
            return "unreachable"
        return f"answered {error.status.name}"  # e.g. NOT_FOUND: no such namespace
    if isinstance(error, aiosmtplib.SMTPResponseException):
        return f"answered {error.code}"
    if isinstance(error, ssl.SSLError) or isinstance(error.__cause__, ssl.SSLError):
        return "TLS refused (certificate or protocol)"
    if isinstance(error, aiosmtplib.SMTPConnectError | ConnectionRefusedError):
        return "connection refused"
    if isinstance(error, OSError | aiosmtplib.SMTPException):
        return "unreachable"
    if isinstance(error, SQLAlchemyError):
        return f"does not answer ({type(error).__name__})"
    return type(error).__name__


_FAILING: set[str] = set()  # checks that failed last time (logged once when they start failing)


async def _run(name: str, check: Check, timeout: float) -> CheckResult:
    started = time.monotonic()
    try:
        await asyncio.wait_for(check(), timeout)
    except Exception as e:
        ms = round((time.monotonic() - started) * 1000)
        if name not in _FAILING:
            _FAILING.add(name)
            log.warning("readiness: %s fails: %s: %s", name, type(e).__name__, e)
        READY.labels(name).set(0)
        return CheckResult(ok=False, ms=ms, problem=reason(e, timeout))
    if name in _FAILING:
        _FAILING.discard(name)
        log.info("readiness: %s answers again", name)
    READY.labels(name).set(1)
    return CheckResult(ok=True, ms=round((time.monotonic() - started) * 1000))


async def readiness(checks: dict[str, Check], timeout: float) -> Readiness:
    """Every check at once, each within `timeout`."""
    results = await asyncio.gather(*(_run(n, c, timeout) for n, c in checks.items()))
    named = dict(zip(checks, results, strict=True))
    return Readiness(ready=all(r.ok for r in results), checks=named)


class Readier:
    """/readyz of one process: the checks run at most once per FRESH_FOR seconds, callers at the
    same moment share one run (anyone may call the probe: a flood of calls does not become a
    flood of connections to Temporal, the database and the relay)."""

    FRESH_FOR = 1.0

    def __init__(self, checks: Callable[[], dict[str, Check]], timeout: float) -> None:
        self.checks = checks
        self.timeout = timeout
        self.last: tuple[float, asyncio.Future[Readiness]] | None = None

    async def __call__(self) -> Readiness:
        now = time.monotonic()
        last = self.last
        if (
            last is None
            or now - last[0] >= self.FRESH_FOR
            or last[1].get_loop() is not asyncio.get_running_loop()
        ):
            last = self.last = (now, asyncio.ensure_future(readiness(self.checks(), self.timeout)))
        return await asyncio.shield(last[1])


def outbox_figures(sessions: sessionmaker[Session]) -> tuple[int, float]:
    """How many outbox rows are pending, and the age in seconds of the oldest (0: none)."""
    with sessions() as session:
        count, oldest = session.execute(
            select(func.count(), func.min(Notice.created_at)).where(Notice.status == "pending")
        ).one()
    if oldest is None:
        return int(count), 0.0
    if oldest.tzinfo is None:  # SQLite hands back what min() found as it was stored
        oldest = oldest.replace(tzinfo=UTC)
    return int(count), max(0.0, (datetime.now(UTC) - oldest).total_seconds())


async def metrics_page(sessions: sessionmaker[Session], timeout: float) -> tuple[bytes, str]:
    """This process's metrics in Prometheus' text format (and its content type), with the
    outbox figures read from the database now (NaN when it does not answer in time)."""
    try:
        pending, age = await asyncio.wait_for(asyncio.to_thread(outbox_figures, sessions), timeout)
    except Exception as e:
        log.warning("metrics: outbox figures unreadable: %s", type(e).__name__)
        pending, age = float("nan"), float("nan")  # type: ignore[assignment]
    OUTBOX_PENDING.set(pending)
    OUTBOX_OLDEST_PENDING_AGE.set(age)
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST
