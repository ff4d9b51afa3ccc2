"""Mission activities: the mission report (.docx in English and Russian, stored with the draft it
feeds) and the members' rows the mission's projection writes."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, sessionmaker
from temporalio import activity

from activities.documents import RENDER_THREADS, heartbeating
from models.api import Expert
from models.base import ArtifactRef
from models.contracts.mission_report import MissionReportRequest, MissionReports
from models.db import SectionRow
from models.db_projects import MissionMember
from models.domain import ArtifactKind, Language
from models.profile import PROFILE_SECTIONS
from word.mission_report import ReportInput, render_mission_report
from word.names import registry_names
from word.store import store_artifact

_TEMPLATE = {s.id: s for s in PROFILE_SECTIONS}


def project_members(session: Session, mission_id: str, experts: list[Expert]) -> None:
    """The mission's members as its status lists them (the same rows again on a retry)."""
    wanted = [
        {
            "mission_id": mission_id,
            "position": i,
            "name": e.name,
            "role": e.role,
            "participant_id": e.participant_id,
            "email": e.email,
        }
        for i, e in enumerate(experts, start=1)
    ]
    have = session.scalars(select(MissionMember).filter_by(mission_id=mission_id)).all()
    if [_row(m) for m in have] == wanted:
        return
    session.execute(delete(MissionMember).where(MissionMember.mission_id == mission_id))
    session.flush()
    session.add_all(MissionMember(**values) for values in wanted)


def _row(m: MissionMember) -> dict[str, object]:
    return {
        "mission_id": m.mission_id,
        "position": m.position,
        "name": m.name,
        "role": m.role,
        "participant_id": m.participant_id,
        "email": m.email,
    }


def section_titles(
    session: Session, draft_id: str, language: Language, original: Language
) -> dict[str, str]:
    """The titles of the draft's latest sections by id, in order: in the draft's language as
    written, in the other one the profile template's title where the section is the template's."""
    latest = select(func.max(SectionRow.version)).where(SectionRow.draft_id == draft_id)
    rows = session.scalars(
        select(SectionRow)
        .where(SectionRow.draft_id == draft_id, SectionRow.version == latest.scalar_subquery())
        .order_by(SectionRow.position)
    ).all()
    titles = {}
    for s in rows:
        template = _TEMPLATE.get(s.section_id)
        other = language != original
        titles[s.section_id] = template.title(language) if template and other else s.title
    return titles


class MissionReportActivities(MissionReports):
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions
        self.pool = ThreadPoolExecutor(max_workers=RENDER_THREADS, thread_name_prefix="report")

    @activity.defn(name="render_mission_report")
    async def render_mission_report(self, request: MissionReportRequest) -> ArtifactRef:
        return await heartbeating(self.pool, lambda: self._reports(request))

    def _reports(self, request: MissionReportRequest) -> ArtifactRef:
        refs = {}
        draft = request.draft
        for language in Language:
            with self.sessions() as session:
                names = registry_names(session, language)
                titles = section_titles(session, draft.draft_id, language, draft.language)
            content, filename = render_mission_report(
                ReportInput(
                    mission=request.mission,
                    draft=draft,
                    brief=request.brief,
                    generated_at=request.generated_at,
                    language=language,
                    titles=titles,
                    names=names,
                )
            )
            with self.sessions.begin() as session:
                refs[language] = store_artifact(
                    session,
                    content,
                    ArtifactKind.MISSION_REPORT,
                    filename,
                    draft_id=draft.draft_id,
                    language=language,
                )
        return refs[draft.language]
