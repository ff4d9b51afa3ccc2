"""The notice activity: queue a notice's outbox rows, then deliver them (mail/ does the work)."""

from __future__ import annotations

import asyncio

from sqlalchemy.orm import Session, sessionmaker
from temporalio import activity

from mail.outbox import Outbox
from models.activity_io import NoticeReport, NoticeRequest
from models.contracts.activities import Notices
from models.settings import Settings


class NoticeActivities(Notices):
    def __init__(self, sessions: sessionmaker[Session], settings: Settings) -> None:
        self.outbox = Outbox(sessions, settings)

    @activity.defn
    async def send_notices(self, request: NoticeRequest) -> NoticeReport:
        activity.heartbeat(0)
        queued = await asyncio.to_thread(self.outbox.queue, request)
        sent, failed = await self.outbox.deliver(request, activity.heartbeat)
        return NoticeReport(queued=queued, sent=sent, failed=failed)
