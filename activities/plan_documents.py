"""The compiled Action Plan as Word files: the parts' texts come from the read model (each part's
version as projected), their Russian (or English) versions from the part's own rendered language
version (read back by word.reader), so the plan's workflow passes only references."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from temporalio import activity
from temporalio.exceptions import ApplicationError

from activities.documents import RENDER_THREADS, heartbeating
from models.base import ArtifactRef, Section
from models.contracts.action_plan import (
    CompiledPlan,
    PlanDocumentRequest,
    PlanDocuments,
    PlanPart,
)
from models.db import ArtifactLink, SectionRow
from models.domain import ArtifactKind, Language
from word.documents import counted
from word.labels import Labels
from word.names import registry_names
from word.plan import Chapter, compiled_plan, document_title
from word.reader import read_sections
from word.render import to_bytes
from word.store import load_artifact, store_artifact
from word.upload import WordFileError


class PlanDocumentActivities(PlanDocuments):
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions
        self.pool = ThreadPoolExecutor(max_workers=RENDER_THREADS, thread_name_prefix="plan")

    @activity.defn
    async def render_compiled_plan(self, request: PlanDocumentRequest) -> CompiledPlan:
        """The plan's language first, then each other language a part has a version in."""
        return await heartbeating(self.pool, lambda: self._render(request))

    def _render(self, request: PlanDocumentRequest) -> CompiledPlan:
        with self.sessions() as session:
            originals = {
                p.draft_id: self._sections(session, p.draft_id, p.ready_version)
                for p in request.parts
            }
            languages = [request.meta.language] + [
                lang for lang in Language if lang != request.meta.language
            ]
            refs: list[ArtifactRef] = []
            for language in languages:
                chapters = [
                    self._chapter(session, part, originals[part.draft_id], language)
                    for part in request.parts
                ]
                translated = any(
                    c.part.language == language or len(c.untranslated) < len(c.sections)
                    for c in chapters
                )
                if language != request.meta.language and not translated:
                    continue  # no part has this language: no file in it
                names = registry_names(session, language)
                with counted(ArtifactKind.COMPILED_PLAN):
                    content = to_bytes(compiled_plan(request, chapters, language, names))
                final = "-endorsed" if request.endorsement is not None else ""
                filename = (
                    f"{request.meta.slug}-compiled-{request.number}{final}-{language.value}.docx"
                )
                refs.append(self._store(content, filename, request, language))
        return CompiledPlan(artifacts=refs)

    def _sections(self, session: Session, draft_id: str, version: int | None) -> list[Section]:
        rows = list(
            session.scalars(
                select(SectionRow)
                .filter_by(draft_id=draft_id, version=version)
                .order_by(SectionRow.position)
            )
        )
        if not rows:  # the part's projection has not landed yet: a retry finds it
            raise ApplicationError(f"version {version} of {draft_id} is not in the read model yet")
        return [Section(id=r.section_id, title=r.title, text=r.text) for r in rows]

    def _chapter(
        self, session: Session, part: PlanPart, sections: list[Section], language: Language
    ) -> Chapter:
        if part.language == language:
            return Chapter(part, sections)
        title, translated = self._translation(session, part.draft_id, part.ready_version, language)
        note = Labels(language)("untranslated")
        out: list[Section] = []
        untranslated: list[str] = []
        for s in sections:
            found = translated.get(s.id)
            text = (found.text if found else "").removeprefix(note).strip()
            if found is None or text == s.text.strip():
                untranslated.append(s.id)
                out.append(s)
            else:
                out.append(Section(id=s.id, title=found.title, text=text))
        return Chapter(part, out, untranslated, title if len(untranslated) < len(out) else "")

    def _translation(
        self, session: Session, draft_id: str, version: int | None, language: Language
    ) -> tuple[str, dict[str, Section]]:
        """The part's own language version of this version (as its lead state translated it):
        its title and its sections by id."""
        link = session.scalars(
            select(ArtifactLink)
            .filter_by(
                draft_id=draft_id,
                kind=ArtifactKind.DRAFT_VERSION.value,
                version=version,
                language=language.value,
            )
            .order_by(ArtifactLink.created_at.desc(), ArtifactLink.id.desc())
        ).first()
        loaded = load_artifact(session, link.artifact_id) if link else None
        if loaded is None:
            return "", {}
        try:
            read = read_sections(loaded[0])
        except WordFileError:
            return "", {}
        sections = {s.id: Section(id=s.id, title=s.title, text=s.text) for s in read if s.id}
        return document_title(loaded[0]), sections

    def _store(
        self, content: bytes, filename: str, request: PlanDocumentRequest, language: Language
    ) -> ArtifactRef:
        with self.sessions.begin() as session:
            return store_artifact(
                session,
                content,
                ArtifactKind.COMPILED_PLAN,
                filename,
                draft_id=request.meta.draft_id,
                version=request.number,
                language=language,
            )
