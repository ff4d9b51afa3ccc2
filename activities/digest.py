"""The digest activity: send the digests due now (mail/digest.py composes them)."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker
from temporalio import activity

from mail.digest import DigestMail
from models.activity_io import DigestReport, DigestRequest
from models.contracts.activities import Digests
from models.settings import Settings


class DigestActivities(Digests):
    def __init__(self, sessions: sessionmaker[Session], settings: Settings) -> None:
        self.digests = DigestMail(sessions, settings)

    @activity.defn
    async def send_digests(self, request: DigestRequest) -> DigestReport:
        return await self.digests.send_due(request.now)
