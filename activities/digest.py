"""The digest activity: send the digests due now (mail/digest.py composes them)."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker
from temporalio import activity

from mail.digest import Digests
from models.activity_io import DigestReport, DigestRequest
from models.settings import Settings


class DigestActivities:
    def __init__(self, sessions: sessionmaker[Session], settings: Settings) -> None:
        self.digests = Digests(sessions, settings)

    @activity.defn
    async def send_digests(self, request: DigestRequest) -> DigestReport:
        return await self.digests.send_due(request.now)
