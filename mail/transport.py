"""SMTP transport: pooled connections, a rate limit per relay, and marking rows sent in group
commits while the next messages go out."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Callable

import aiosmtplib

from models.settings import Settings


class RateLimit:
    """Messages per second to one relay, shared by every send of this process."""

    def __init__(self, per_second: float) -> None:
        self.interval = 1.0 / per_second if per_second > 0 else 0.0
        self.next_at = 0.0

    async def wait(self) -> None:
        if not self.interval:
            return
        now = time.monotonic()
        slot = max(now, self.next_at)
        self.next_at = slot + self.interval
        if slot > now:
            await asyncio.sleep(slot - now)


_RATE_LIMITS: dict[tuple[str, int], RateLimit] = {}


def rate_limit(settings: Settings) -> RateLimit:
    key = (settings.effective_smtp_host, settings.smtp_port)
    limit = _RATE_LIMITS.get(key)
    if limit is None or limit.interval != (
        1.0 / settings.smtp_rate_per_second if settings.smtp_rate_per_second else 0.0
    ):
        limit = _RATE_LIMITS[key] = RateLimit(settings.smtp_rate_per_second)
    return limit


def relay_client(
    settings: Settings, *, login: bool = True, timeout: float | None = None
) -> aiosmtplib.SMTP:
    """An unconnected client of the configured relay (TLS or STARTTLS and its CA as set; the
    login when `login` and a username is set)."""
    s = settings
    return aiosmtplib.SMTP(
        hostname=s.effective_smtp_host,
        port=s.smtp_port,
        use_tls=s.smtp_tls,
        start_tls=True if s.smtp_starttls else False,
        cert_bundle=str(s.smtp_ca_file) if s.smtp_ca_file else None,
        username=s.smtp_username if login else None,
        password=s.smtp_password if login else None,
        timeout=s.smtp_timeout if timeout is None else timeout,
    )


class SmtpPool:
    """A few SMTP connections kept open between activities (STARTTLS / TLS / auth as set)."""

    IDLE_CHECK = 10.0  # seconds idle after which a connection is checked with NOOP

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.idle: list[tuple[aiosmtplib.SMTP, float]] = []
        self.loop: asyncio.AbstractEventLoop | None = None
        self.slots: asyncio.Semaphore | None = None

    def _new(self) -> aiosmtplib.SMTP:
        return relay_client(self.settings)

    @contextlib.asynccontextmanager
    async def connection(self) -> AsyncIterator[aiosmtplib.SMTP]:
        loop = asyncio.get_running_loop()
        if self.loop is not loop or self.slots is None:
            self.loop, self.idle = loop, []
            self.slots = asyncio.Semaphore(self.settings.smtp_pool_size)
        async with self.slots:
            smtp = await self._borrow()
            healthy = False
            try:
                yield smtp
                healthy = True
            finally:
                if healthy and smtp.is_connected:
                    self.idle.append((smtp, time.monotonic()))
                else:
                    smtp.close()

    async def _borrow(self) -> aiosmtplib.SMTP:
        while self.idle:
            smtp, since = self.idle.pop()
            if not smtp.is_connected:
                continue
            if time.monotonic() - since < self.IDLE_CHECK:
                return smtp
            try:
                await smtp.noop()
                return smtp
            except aiosmtplib.SMTPException:
                smtp.close()
        smtp = self._new()
        await smtp.connect()
        return smtp


class GroupCommit:
    """Marks rows sent in the background, every INTERVAL, as many per commit as went out.

    The at-most-once window: a sender that dies (or loses the database) may leave the messages
    the relay took but that are not yet marked; the next attempt sends those again. Those are
    the ones sent in one INTERVAL (the batch being written) plus at most MAX_AHEAD sent while
    its commit is slow: a database that stalls stops the sending instead of widening the
    window. A failed commit stops the sending at the next message.
    """

    INTERVAL = 0.05
    MAX_AHEAD = 10

    def __init__(self, write: Callable[[list[int]], None]) -> None:
        self.write = write
        self.ids: list[int] = []
        self.task: asyncio.Future[None] | None = None
        self.closing = asyncio.Event()
        self.written = asyncio.Event()  # set while no commit is being written
        self.written.set()

    def check(self) -> None:
        if self.task is not None and self.task.done() and self.task.exception():
            raise self.task.exception()  # type: ignore[misc]

    async def admit(self) -> None:
        """Before the next message: while a commit is being written and MAX_AHEAD more wait
        unmarked, wait for that commit (a slow or refusing database stops the sending)."""
        if len(self.ids) >= self.MAX_AHEAD and self.task is not None and not self.task.done():
            waiting = asyncio.ensure_future(self.written.wait())
            await asyncio.wait({self.task, waiting}, return_when=asyncio.FIRST_COMPLETED)
            waiting.cancel()
        self.check()

    def add(self, row_id: int) -> None:
        self.ids.append(row_id)
        if self.task is None or self.task.done():
            self.check()
            self.task = asyncio.ensure_future(self._run())

    async def _run(self) -> None:
        while self.ids:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.closing.wait(), self.INTERVAL)
            batch, self.ids = self.ids, []
            self.written.clear()
            try:
                await asyncio.to_thread(self.write, batch)
            finally:
                self.written.set()

    async def close(self) -> None:
        self.closing.set()
        if self.task is not None:
            await self.task
        if self.ids:
            await self._run()
