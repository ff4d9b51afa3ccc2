"""The file a notice carries, by the notice activity on a real database and SMTP server: each
reader's own language's, whichever language was rendered last, and no notice before its file."""

from __future__ import annotations

import hashlib
import uuid

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from temporalio.testing import ActivityEnvironment

from activities.notices import NoticeActivities
from mail.documents import NotReady
from mail.outbox import Outbox
from models.db import Artifact, ArtifactLink, Notice
from models.domain import ArtifactKind
from models.settings import Settings
from tests.activities.test_activities import notice
from tests.conftest import Mailbox


def store(sessions: sessionmaker[Session], draft_id: str, filename: str, version: int) -> None:
    content = b"PK" + uuid.uuid4().bytes * 20
    digest = hashlib.sha256(content).hexdigest()
    language = filename.rsplit("-", 1)[1].removesuffix(".docx")
    with sessions.begin() as session:
        session.add(
            Artifact(id=digest, media_type="application/zip", size=len(content), content=content)
        )
        session.add(
            ArtifactLink(
                link_key=f"{draft_id}/{filename}/{language}",
                artifact_id=digest,
                draft_id=draft_id,
                kind="draft_version",
                version=version,
                language=language,
                filename=filename,
            )
        )


def rows(sessions: sessionmaker[Session], key: str) -> dict[str, str]:
    """The outbox rows of a notice: Message-ID by address."""
    with sessions() as session:
        found = session.execute(select(Notice.email, Notice.message_id).filter_by(notice_key=key))
        return {email: mid for email, mid in found.all()}


async def test_each_reader_gets_the_file_in_its_language(
    sessions: sessionmaker[Session], settings: Settings, mailbox: Mailbox
) -> None:
    draft_id = f"draft-{uuid.uuid4().hex[:8]}"
    store(sessions, draft_id, "v1-draft_version-en.docx", 1)
    store(sessions, draft_id, "v1-draft_version-r1-en.docx", 1)
    store(sessions, draft_id, "v1-draft_version-r1-ru.docx", 1)  # the Russian one came last
    request = notice(["DE", "KZ"]).model_copy(
        update={"draft_id": draft_id, "attach": ArtifactKind.DRAFT_VERSION}
    )
    await ActivityEnvironment().run(NoticeActivities(sessions, settings).send_notices, request)
    by_id = {str(m["Message-ID"]).strip(): m for m in mailbox.messages}
    got = {
        email: [p.get_filename() for p in by_id[mid].iter_attachments()]
        for email, mid in rows(sessions, request.notice_key).items()
    }
    assert got == {
        "ncp@de.pragueprocess.local": ["v1-draft_version-r1-en.docx"],
        "ncp@kz.pragueprocess.local": ["v1-draft_version-r1-ru.docx"],
    }


def test_a_notice_waits_for_its_file_in_every_language_the_draft_has(
    sessions: sessionmaker[Session], settings: Settings
) -> None:
    draft_id = f"draft-{uuid.uuid4().hex[:8]}"
    store(sessions, draft_id, "v1-draft_version-en.docx", 1)
    store(sessions, draft_id, "v1-draft_version-ru.docx", 1)
    store(sessions, draft_id, "v2-draft_version-en.docx", 2)  # version 2's Russian: not yet
    outbox = Outbox(sessions, settings)
    request = notice(["DE"]).model_copy(
        update={"draft_id": draft_id, "attach": ArtifactKind.DRAFT_VERSION}
    )
    request.context.version, request.context.round_number = 2, None
    with pytest.raises(NotReady, match="ru"):
        outbox.queue(request, wait=True)
    assert rows(sessions, request.notice_key) == {}  # nothing written meanwhile
    store(sessions, draft_id, "v2-draft_version-ru.docx", 2)
    assert outbox.queue(request, wait=True) == 1
