"""Document activities: render a draft's or a meeting's Word file and store it (claim check:
workflows pass the state, never bytes; word/ does the work)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from sqlalchemy.orm import Session, sessionmaker
from temporalio import activity
from temporalio.exceptions import ApplicationError

from activities.memory import then_release
from models.activity_io import DocumentRequest, MeetingDocumentRequest
from models.base import ArtifactRef
from models.contracts.activities import Documents
from models.domain import ArtifactKind, Language
from word.documents import render_draft, render_meeting
from word.names import registry_names
from word.store import store_artifact

T = TypeVar("T")
HEARTBEAT_EVERY = 3.0  # seconds; the workflows' heartbeat timeout for rendering is 15


# Renderings run on threads of their own that live as long as the worker: a thread started per
# rendering inside a synchronous activity once never came up (the activity waited for ever in
# `Thread.start`, and the worker's shutdown with it), so the activity is asynchronous and only
# the work goes to these threads.
RENDER_THREADS = 4


async def heartbeating(pool: ThreadPoolExecutor, work: Callable[[], T]) -> T:
    """Run `work` on the pool and heartbeat while it runs: a worker killed in the middle is
    noticed after the heartbeat timeout, however long a large document takes."""
    future = asyncio.get_running_loop().run_in_executor(pool, then_release, work)
    while True:
        done, _ = await asyncio.wait({future}, timeout=HEARTBEAT_EVERY)
        if done:
            return future.result()
        with contextlib.suppress(RuntimeError):  # called outside an activity (tests)
            activity.heartbeat()


class DocumentActivities(Documents):
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions
        self.pool = ThreadPoolExecutor(max_workers=RENDER_THREADS, thread_name_prefix="render")

    @activity.defn
    async def render_draft_document(self, request: DocumentRequest) -> ArtifactRef:
        return await heartbeating(self.pool, lambda: self._draft_document(request))

    @activity.defn
    async def render_meeting_document(self, request: MeetingDocumentRequest) -> ArtifactRef:
        """Every language at once (a meeting's papers go out in English and Russian); the
        reference returned is the one of the requested language."""
        return await heartbeating(self.pool, lambda: self._meeting_documents(request))

    def _draft_document(self, request: DocumentRequest) -> ArtifactRef:
        request = request.model_copy(update={"names": self.names(request.doc_language)})
        try:
            content, filename = render_draft(request)
        except ValueError as e:
            raise ApplicationError(str(e), non_retryable=True) from e
        return self.store(
            content,
            request.kind,
            filename,
            draft_id=request.meta.draft_id,
            version=request.version,
            language=request.doc_language,
        )

    def _meeting_documents(self, request: MeetingDocumentRequest) -> ArtifactRef:
        refs = {}
        for language in Language:
            localised = request.model_copy(
                update={"language": language, "names": self.names(language)}
            )
            try:
                content, filename = render_meeting(localised)
            except ValueError as e:
                raise ApplicationError(str(e), non_retryable=True) from e
            refs[language] = self.store(
                content,
                request.kind,
                filename,
                meeting_id=request.meeting.meeting_id,
                language=language,
            )
        return refs[request.language]

    def names(self, language: Language) -> dict[str, str]:
        """The registry's names of the participants, for the document's language."""
        with self.sessions() as session:
            return registry_names(session, language)

    def store(self, content: bytes, kind: ArtifactKind, filename: str, **where: Any) -> ArtifactRef:
        with self.sessions.begin() as session:
            return store_artifact(session, content, kind, filename, **where)
