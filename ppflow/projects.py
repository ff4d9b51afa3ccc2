"""Projects and their outputs as work items: the seed, the lists, and linking an output to the
draft that produces it (an output shows its draft's phase live, and is delivered when the draft
is final and endorsed)."""

from __future__ import annotations

import re
from datetime import date

from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session
from temporalio.client import Client

from models.api import DraftStart, DraftStarted
from models.db import Draft, Participant
from models.db_projects import Project, ProjectOutput
from models.domain import DocumentType, Language, OutputKind, OutputStatus, Phase, ThematicArea
from models.labels import label
from models.projects import PROGRAMMES, SEED_PROJECTS
from models.settings import Settings
from ppflow import service
from ppflow.accounts import Principal
from ppflow.service import Conflict, Forbidden, Invalid, NotFound

SAFE_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,79}")


# ---------------------------------------------------------------- what the API and pages read


class StateRead(BaseModel):
    id: str
    name: str
    name_ru: str

    def named(self, language: Language) -> str:
        return (self.name_ru or self.name) if language == Language.RU else self.name


class LinkedDraft(BaseModel):
    id: str
    title: str = ""
    reference: str = ""
    document_type: DocumentType | None = None
    phase: Phase | None = Field(default=None, description="None: not in the read model yet")


class OutputRead(BaseModel):
    number: int
    title: str
    title_ru: str
    kind: OutputKind
    document_type: DocumentType | None = None
    status: OutputStatus = Field(description="delivered once its draft is final and endorsed")
    draft: LinkedDraft | None = None

    def titled(self, language: Language) -> str:
        return (self.title_ru or self.title) if language == Language.RU else self.title


class ProjectRead(BaseModel):
    id: str
    programme: str
    title: str
    title_ru: str
    thematic_area: ThematicArea | None = None
    lead_state: StateRead
    supporting_states: list[StateRead]
    period_start: date
    period_end: date
    period: str
    description: str
    description_ru: str
    outputs: list[OutputRead]

    def titled(self, language: Language) -> str:
        return (self.title_ru or self.title) if language == Language.RU else self.title

    def described(self, language: Language) -> str:
        return (
            (self.description_ru or self.description)
            if language == Language.RU
            else (self.description)
        )

    def programme_name(self, language: Language) -> str:
        names = PROGRAMMES.get(self.programme)
        return names[language == Language.RU] if names else self.programme


class OutputLink(BaseModel):
    """Which draft produces an output (None: unlink)."""

    draft_id: str | None = Field(default=None, max_length=80)


class OutputStatusChange(BaseModel):
    status: OutputStatus


# ---------------------------------------------------------------- seed


def seed_projects(session: Session) -> int:
    """Add every seed project and output missing from the read model (what is there, a status
    or a link set since, stays as it is); the number of rows added."""
    known = set(session.scalars(select(Project.id)))
    have = set(session.execute(select(ProjectOutput.project_id, ProjectOutput.number)).tuples())
    added = 0
    for position, seed in enumerate(SEED_PROJECTS, start=1):
        if seed.id not in known:
            session.add(
                Project(
                    id=seed.id,
                    programme=seed.programme,
                    position=position,
                    title=seed.title,
                    title_ru=seed.title_ru,
                    thematic_area=seed.thematic_area.value if seed.thematic_area else None,
                    lead_state=seed.lead_state,
                    supporting_states=",".join(seed.supporting_states),
                    period_start=seed.period[0],
                    period_end=seed.period[1],
                    description=seed.description,
                    description_ru=seed.description_ru,
                )
            )
            added += 1
    session.flush()  # projects before their outputs (no ORM relationship orders them)
    for seed in SEED_PROJECTS:
        for out in seed.outputs:
            if (seed.id, out.number) in have:
                continue
            session.add(
                ProjectOutput(
                    project_id=seed.id,
                    number=out.number,
                    title=out.title,
                    title_ru=out.title_ru,
                    kind=out.kind.value,
                    document_type=out.document_type.value if out.document_type else None,
                    status=out.status.value,
                )
            )
            added += 1
    session.flush()
    return added


# ---------------------------------------------------------------- reading


def effective_status(recorded: OutputStatus, phase: Phase | None) -> OutputStatus:
    """An output whose draft is final is delivered; one whose draft is under way is at least in
    progress; otherwise what was recorded."""
    if phase == Phase.FINAL:
        return OutputStatus.DELIVERED
    if phase is not None and not phase.is_closed and recorded == OutputStatus.PLANNED:
        return OutputStatus.IN_PROGRESS
    return recorded


def period_label(start: date, end: date) -> str:
    """2012–2016 for whole years, 07.2011–07.2012 otherwise."""
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        return f"{start.year}–{end.year}"
    return f"{start:%m.%Y}–{end:%m.%Y}"


def _states(session: Session, ids: list[str]) -> list[StateRead]:
    found = {p.id: p for p in session.scalars(select(Participant).where(Participant.id.in_(ids)))}
    return [
        StateRead(id=i, name=found[i].name, name_ru=found[i].name_ru)
        if i in found
        else StateRead(id=i, name=i, name_ru=i)
        for i in ids
    ]


def _output_read(output: ProjectOutput, draft: Draft | None) -> OutputRead:
    linked = None
    if output.draft_id:
        linked = LinkedDraft(id=output.draft_id)
        if draft is not None:
            linked = LinkedDraft(
                id=draft.id,
                title=draft.title,
                reference=draft.reference,
                document_type=DocumentType(draft.document_type),
                phase=Phase(draft.phase),
            )
    return OutputRead(
        number=output.number,
        title=output.title,
        title_ru=output.title_ru,
        kind=OutputKind(output.kind),
        document_type=DocumentType(output.document_type) if output.document_type else None,
        status=effective_status(OutputStatus(output.status), linked.phase if linked else None),
        draft=linked,
    )


def _project_reads(session: Session, projects: list[Project]) -> list[ProjectRead]:
    ids = [p.id for p in projects]
    outputs = list(
        session.scalars(
            select(ProjectOutput)
            .where(ProjectOutput.project_id.in_(ids))
            .order_by(ProjectOutput.project_id, ProjectOutput.number)
        )
    )
    draft_ids = [o.draft_id for o in outputs if o.draft_id]
    drafts = {d.id: d for d in session.scalars(select(Draft).where(Draft.id.in_(draft_ids)))}
    reads = []
    for p in projects:
        supporting = [x for x in p.supporting_states.split(",") if x]
        states = _states(session, [p.lead_state, *supporting])
        reads.append(
            ProjectRead(
                id=p.id,
                programme=p.programme,
                title=p.title,
                title_ru=p.title_ru,
                thematic_area=ThematicArea(p.thematic_area) if p.thematic_area else None,
                lead_state=states[0],
                supporting_states=states[1:],
                period_start=p.period_start,
                period_end=p.period_end,
                period=period_label(p.period_start, p.period_end),
                description=p.description,
                description_ru=p.description_ru,
                outputs=[
                    _output_read(o, drafts.get(o.draft_id) if o.draft_id else None)
                    for o in outputs
                    if o.project_id == p.id
                ],
            )
        )
    return reads


def list_projects(session: Session, programme: str | None = None) -> list[ProjectRead]:
    query = select(Project).order_by(Project.position, Project.id)
    if programme:
        query = query.where(Project.programme == programme)
    return _project_reads(session, list(session.scalars(query)))


def get_project(session: Session, project_id: str) -> ProjectRead:
    return _project_reads(session, [_project(session, project_id)])[0]


def outputs_of_draft(session: Session, draft_id: str) -> list[tuple[str, int]]:
    """The (project, output number) a draft produces."""
    rows = session.execute(
        select(ProjectOutput.project_id, ProjectOutput.number).where(
            ProjectOutput.draft_id == draft_id
        )
    )
    return [(p, n) for p, n in rows.tuples()]


def _no(what: str, value: str) -> str:
    """ "no draft draft-x", or "no such draft" for what is no id (free text never comes back)."""
    return f"no {what} {value}" if SAFE_ID.fullmatch(value) else f"no such {what}"


def _project(session: Session, project_id: str) -> Project:
    project = session.get(Project, project_id)
    if project is None:
        raise NotFound(f"{_no('project', project_id)} (GET /api/projects lists them)")
    return project


def _output(session: Session, project: Project, number: int) -> ProjectOutput:
    output = session.scalars(
        select(ProjectOutput).filter_by(project_id=project.id, number=number)
    ).first()
    if output is None:
        raise NotFound(f"{project.id} has no output {number}")
    return output


# ---------------------------------------------------------------- changing


def _may_change(principal: Principal, project: Project) -> None:
    """The Secretariat, or the project's lead or supporting state."""
    if not principal.may_write:
        raise Forbidden("an observer may read but not change anything")
    supporting = [x for x in project.supporting_states.split(",") if x]
    if not principal.owns(project.lead_state, supporting):
        raise Forbidden(
            f"only the Secretariat or the states leading {project.id} "
            f"({', '.join([project.lead_state, *supporting])}) may change its outputs"
        )


def _check_document(output: ProjectOutput) -> None:
    if output.kind != OutputKind.DOCUMENT:
        kind = label(OutputKind(output.kind), Language.EN)
        raise Invalid(
            f"output {output.number} is a {kind} result, not a document: no draft produces it"
        )


def _check_draft_fits(output: ProjectOutput, document_type: DocumentType, draft_id: str) -> None:
    _check_document(output)
    if output.document_type and output.document_type != document_type.value:
        wanted = label(DocumentType(output.document_type), Language.EN)
        got = label(document_type, Language.EN)
        raise Invalid(
            f"output {output.number} is a {wanted} document; {draft_id} is a draft of "
            f"{got}: link a draft of the same type"
        )


def _check_free(session: Session, output: ProjectOutput, draft_id: str) -> None:
    other = session.scalars(select(ProjectOutput).filter_by(draft_id=draft_id)).first()
    if other is not None and other.id != output.id:
        raise Conflict(
            f"{draft_id} already produces output {other.number} of {other.project_id}; "
            "unlink it there first"
        )


def link_output(
    session: Session, principal: Principal, project_id: str, number: int, link: OutputLink
) -> OutputRead:
    """Name the draft that produces an output (or none). The draft must be in the read model,
    of the output's document type, not withdrawn or rejected, and (for a drafting state) its own."""
    project = _project(session, project_id)
    _may_change(principal, project)
    output = _output(session, project, number)
    if link.draft_id is not None:
        _check_document(output)
    if link.draft_id is None:
        output.draft_id = None
        session.flush()
        return _output_read(output, None)
    draft = session.get(Draft, link.draft_id)
    co_leads = [x for x in (draft.co_lead_states or "").split(",") if x] if draft else []
    if draft is None or not principal.owns(draft.lead_state, co_leads):
        raise NotFound(
            f"{_no('draft', link.draft_id)} that you may link (a draft just started "
            "can be linked a few seconds later)"
        )
    _check_draft_fits(output, DocumentType(draft.document_type), draft.id)
    if Phase(draft.phase) in (Phase.WITHDRAWN, Phase.REJECTED):
        raise Invalid(f"{draft.id} was {draft.phase}: it produces nothing")
    _check_free(session, output, draft.id)
    output.draft_id = draft.id
    session.flush()
    return _output_read(output, draft)


def set_output_status(
    session: Session,
    principal: Principal,
    project_id: str,
    number: int,
    change: OutputStatusChange,
) -> OutputRead:
    """Record where an output stands. A document output with a draft follows its draft: it is
    delivered when the draft is final, and only then."""
    project = _project(session, project_id)
    _may_change(principal, project)
    output = _output(session, project, number)
    draft = session.get(Draft, output.draft_id) if output.draft_id else None
    if draft is not None:
        final = draft.phase == Phase.FINAL
        if final and change.status != OutputStatus.DELIVERED:
            raise Conflict(f"its draft {draft.id} is final and endorsed: the output is delivered")
        if not final and change.status == OutputStatus.DELIVERED:
            raise Conflict(
                f"its draft {draft.id} is in {label(Phase(draft.phase), Language.EN)}: the "
                "output is delivered when the draft is final and endorsed"
            )
    output.status = change.status.value
    session.flush()
    return _output_read(output, draft)


async def start_draft_for_output(
    client: Client,
    session: Session,
    settings: Settings,
    principal: Principal,
    project_id: str,
    number: int,
    start: DraftStart,
) -> DraftStarted:
    """Start the draft that produces an output, and link it (checked before anything starts)."""
    project = _project(session, project_id)
    _may_change(principal, project)
    output = _output(session, project, number)
    draft_id = start.meta().draft_id
    _check_draft_fits(output, start.document_type, draft_id)
    _check_free(session, output, draft_id)
    session.rollback()  # no connection held while Temporal starts the draft
    started = await service.start_draft(client, session, settings, start)
    output = _output(session, _project(session, project_id), number)
    output.draft_id = started.draft_id
    session.flush()
    return started


# ---------------------------------------------------------------- the new-draft form


def open_outputs(
    session: Session, principal: Principal, language: Language
) -> list[tuple[str, str]]:
    """The document outputs no draft produces yet that this principal may link, as
    ("project/number", "Project · n. Output") for the new-draft form."""
    rows = session.execute(
        select(Project, ProjectOutput)
        .join(ProjectOutput, ProjectOutput.project_id == Project.id)
        .where(ProjectOutput.kind == OutputKind.DOCUMENT.value, ProjectOutput.draft_id.is_(None))
        .order_by(Project.position, Project.id, ProjectOutput.number)
    ).tuples()
    ru = language == Language.RU
    choices = []
    for project, output in rows:
        supporting = [x for x in project.supporting_states.split(",") if x]
        if not principal.may_write or not principal.owns(project.lead_state, supporting):
            continue
        title = (project.title_ru or project.title) if ru else project.title
        what = (output.title_ru or output.title) if ru else output.title
        choices.append((f"{project.id}/{output.number}", f"{title} · {output.number}. {what}"))
    return choices


def output_for_new_draft(
    session: Session, principal: Principal, key: str, document_type: str | None
) -> tuple[str, int] | None:
    """The output ("project/number") a draft about to start will produce, checked first: one
    the principal may link, of the draft's document type, that no draft produces yet."""
    if not key:
        return None
    project_id, _, number = key.partition("/")
    if not number.isdigit():
        raise Invalid("output: choose one from the list")
    project = _project(session, project_id)
    _may_change(principal, project)
    output = _output(session, project, int(number))
    try:
        kind = DocumentType(document_type or "")
    except ValueError as e:
        raise Invalid("type: choose the kind of document from the list") from e
    _check_draft_fits(output, kind, "the new draft")
    if output.draft_id:
        raise Conflict(f"output {output.number} of {project.id} is produced by {output.draft_id}")
    return project.id, output.number


def attach(session: Session, target: tuple[str, int], draft_id: str) -> None:
    """Link a draft just started to the output it was started for (checked before the start)."""
    project_id, number = target
    output = _output(session, _project(session, project_id), number)
    output.draft_id = draft_id
    session.commit()
