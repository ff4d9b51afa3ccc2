"""The notice activity: queue a notice's outbox rows, then deliver them (mail/ does the work)."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker
from temporalio import activity
from temporalio.exceptions import ApplicationError

from mail.documents import NotReady
from mail.outbox import Outbox
from models.activity_io import NoticeReport, NoticeRequest
from models.contracts.activities import Notices
from models.settings import Settings

# A notice that carries a file waits for its rendering (started at the same moment) this long in
# one attempt, then gives its activity slot back and is tried again shortly (the rendering may
# need that slot: a burst of revisions once filled every slot with notices waiting for files);
# after WAIT_IN_ALL it goes out with what exists: a rendering that failed for good never holds a
# notice back.
WAIT_IN_ATTEMPT = 3.0
TRY_AGAIN_AFTER = timedelta(seconds=2)
WAIT_IN_ALL = timedelta(minutes=3)


class NoticeActivities(Notices):
    def __init__(self, sessions: sessionmaker[Session], settings: Settings) -> None:
        self.outbox = Outbox(sessions, settings)

    @activity.defn
    async def send_notices(self, request: NoticeRequest) -> NoticeReport:
        activity.heartbeat(0)
        queued = await self._queue(request)
        sent, failed = await self.outbox.deliver(request, activity.heartbeat)
        return NoticeReport(queued=queued, sent=sent, failed=failed)

    async def _queue(self, request: NoticeRequest) -> int:
        first = activity.info().scheduled_time  # of the first attempt: when the notice was asked
        give_up = time.monotonic() + WAIT_IN_ATTEMPT
        while True:
            wait = datetime.now(UTC) - first < WAIT_IN_ALL
            try:
                return await asyncio.to_thread(self.outbox.queue, request, wait=wait)
            except NotReady as e:
                if time.monotonic() > give_up:
                    raise ApplicationError(
                        f"waiting for the file: {e}", next_retry_delay=TRY_AGAIN_AFTER
                    ) from e
                activity.heartbeat(0)
                await asyncio.sleep(0.5)
