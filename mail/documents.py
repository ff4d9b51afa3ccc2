"""Which file a notice carries, for each reader's language: the draft's Word file of the
notice's version (or its final text), a meeting's agenda or conclusions; attached below the size
cap, a signed download link above it.

A draft that has a Russian version renders every later version in Russian too, so a notice
waits (NotReady, retried by the activity) until the file exists in each language the draft has,
and no reader gets another language's file because theirs was still being rendered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from mail.render import WITH_DOCUMENT
from models.activity_io import NoticeRequest
from models.db import Artifact, ArtifactLink, Draft
from models.domain import ArtifactKind, Language
from models.links import DOCUMENT_SALT, base_url, sign
from models.settings import Settings

LANGUAGE_SUFFIX = re.compile(r"-(en|ru)\.docx$")
ROUND_SUFFIX = re.compile(r"-r\d+-(en|ru)\.docx$")


class NotReady(Exception):
    """The file this notice carries is still being rendered."""


@dataclass
class Carried:
    """What one language's copy of a notice says about its file, and the file to attach."""

    document: dict[str, object]
    attachment_id: str | None


def carried(
    session: Session, settings: Settings, request: NoticeRequest, *, wait: bool
) -> dict[Language, Carried]:
    """The file of each language (a reader whose language has none gets the draft's own)."""
    if request.context.artifact_id and request.meeting_id and not request.draft_id:
        links = _meeting_files(session, request.meeting_id, request.context.artifact_id)
    else:
        kind = request.attach
        if kind is None and request.kind in WITH_DOCUMENT:
            kind = ArtifactKind.DRAFT_VERSION
        if kind is None or not request.draft_id:
            return {}
        links = _draft_files(session, request, kind, wait=wait and request.attach is not None)
    sizes = dict(
        session.execute(
            select(Artifact.id, Artifact.size).where(
                Artifact.id.in_([link.artifact_id for link in links.values()])
            )
        ).all()
    )
    out: dict[Language, Carried] = {}
    for language, link in links.items():
        size = sizes.get(link.artifact_id)
        if size is None:
            continue
        attached = size <= settings.attachment_max_bytes
        url = base_url(settings, f"/documents/{sign(settings, DOCUMENT_SALT, link.artifact_id)}")
        document: dict[str, object] = {
            "attached": attached,
            "filename": link.filename,
            "size_kb": max(1, size // 1024),
            "url": url,
            "kind": link.kind,
        }
        out[language] = Carried(document, link.artifact_id if attached else None)
    return out


def for_language(
    files: dict[Language, Carried], language: Language, own: Language
) -> Carried | None:
    """The reader's language's file, else the draft's own language's, else any."""
    return files.get(language) or files.get(own) or next(iter(files.values()), None)


def draft_language(session: Session, draft_id: str | None) -> Language:
    found = session.scalar(select(Draft.language).filter_by(id=draft_id)) if draft_id else None
    return Language(found or "en")


def _draft_files(
    session: Session, request: NoticeRequest, kind: ArtifactKind, *, wait: bool
) -> dict[Language, ArtifactLink]:
    """The file of the notice's version in each language (a round's own rendering first)."""
    assert request.draft_id is not None
    query = select(ArtifactLink).filter_by(draft_id=request.draft_id, kind=kind.value)
    version = request.context.version
    if version:
        query = query.filter_by(version=version)
    marker = f"-r{request.context.round_number}-" if request.context.round_number else None

    def fits(link: ArtifactLink) -> bool:
        """A round's own rendering (its deadline on the cover) for its invitation, the plain
        version's for any other notice."""
        return marker in link.filename if marker else not ROUND_SUFFIX.search(link.filename)

    found: dict[Language, ArtifactLink] = {}
    for link in session.scalars(query.order_by(ArtifactLink.id)):  # the latest that fits best
        language = Language(link.language)
        if language not in found or fits(link) or not fits(found[language]):
            found[language] = link
    if wait:
        expected = set(
            session.scalars(
                select(ArtifactLink.language)
                .filter_by(draft_id=request.draft_id, kind=ArtifactKind.DRAFT_VERSION.value)
                .distinct()
            )
        ) | {draft_language(session, request.draft_id).value}
        missing = {Language(x) for x in expected} - set(found)
        if marker:  # an invitation waits for the round's own rendering, with its deadline
            missing |= {lang for lang, link in found.items() if not fits(link)}
        if missing:
            raise NotReady(
                f"{kind.value} v{version} of {request.draft_id} not yet rendered in "
                + ", ".join(sorted(m.value for m in missing))
            )
    return found


def _meeting_files(
    session: Session, meeting_id: str, artifact_id: str
) -> dict[Language, ArtifactLink]:
    """A meeting's agenda or conclusions, the named file and its other-language sibling."""
    named = session.scalars(
        select(ArtifactLink).filter_by(meeting_id=meeting_id, artifact_id=artifact_id)
    ).first()
    if named is None:
        return {}
    names = {LANGUAGE_SUFFIX.sub(f"-{lang.value}.docx", named.filename): lang for lang in Language}
    found: dict[Language, ArtifactLink] = {}
    for link in session.scalars(
        select(ArtifactLink).where(
            ArtifactLink.meeting_id == meeting_id, ArtifactLink.filename.in_(list(names))
        )
    ):
        found[Language(link.language)] = link
    return found
