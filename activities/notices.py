"""E-mail notices: an outbox row first, then aiosmtplib; a retry never sends a notice twice."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker
from temporalio import activity

from models.messages import NoticeReport, NoticeRequest
from models.settings import Settings


class NoticeActivities:
    def __init__(self, sessions: sessionmaker[Session], settings: Settings) -> None:
        self.sessions = sessions
        self.settings = settings

    @activity.defn
    async def send_notices(self, request: NoticeRequest) -> NoticeReport:
        raise NotImplementedError
