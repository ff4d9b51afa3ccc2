"""Thin routers: validate, call `ppflow.service`, shape the answer. No rule of the process here."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Header, HTTPException, Query, Response

from models.api import (
    CloseRequest,
    CommentResolutions,
    DeadlineExtension,
    DecisionInput,
    DraftStart,
    EndorsementRequest,
    FindingsSubmit,
    MeetingCreate,
    MissionRequest,
    ReviewerAnswer,
    RevisionSubmit,
    RoundOpen,
    SilenceObjection,
    Withdrawal,
)
from models.contracts.meeting import MeetingClose
from ppflow import answers, registry, service
from web import api_analytics as analytics
from web import api_bodies
from web import api_calendars as calendars
from web import api_knowledge as knowledge
from web import api_meetings_extra as meetings_extra
from web import api_missions as missions
from web import api_plan as plans
from web import api_plan_activities as plan_activities
from web import api_procedures as procedures
from web import api_profile_cycles as profile_cycles
from web import api_profiles as profiles
from web import api_projects as projects
from web import api_public as public
from web import api_search as search
from web.deps import (
    AnyRole,
    ClientDep,
    Reviewer,
    Role,
    Secretariat,
    SessionDep,
    SettingsDep,
    guard_drafts,
    may_see_artifact,
    require_own_lead,
)
from word.store import list_artifacts, load_artifact

router = APIRouter()


# ---------------------------------------------------------------- drafts

drafts = APIRouter(prefix="/api/drafts", tags=["drafts"], dependencies=[Depends(guard_drafts)])


@drafts.post("", status_code=201)
async def start_draft(
    start: DraftStart, client: ClientDep, db: SessionDep, settings: SettingsDep, role: AnyRole
) -> Any:
    start = await service.with_participant_ids(db, start)  # "Georgia" as well as "GE"
    require_own_lead(role, start.lead_state)
    return await service.start_draft(client, db, settings, start)


@drafts.get("")
def list_drafts(
    db: SessionDep,
    role: AnyRole,
    phase: str | None = None,
    document_type: str | None = None,
    lead_state: str | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> Any:
    if role.role == Role.DRAFTING_STATE and role.participant_id:
        lead_state = role.participant_id  # a drafting state lists its own drafts
    total, rows = service.list_drafts(
        db,
        phase=phase,
        document_type=document_type,
        lead_state=lead_state,
        limit=limit,
        offset=offset,
    )
    return {
        "total": total,
        "drafts": [
            {
                c: getattr(r, c)
                for c in (
                    "id",
                    "title",
                    "reference",
                    "document_type",
                    "thematic_area",
                    "lead_state",
                    "phase",
                    "version",
                    "open_round_id",
                    "deadline",
                    "updated_at",
                )
            }
            for r in rows
        ],
    }


@drafts.get("/{draft_id}")
async def draft_status(draft_id: str, client: ClientDep, role: AnyRole) -> Any:
    return await service.draft_status(client, draft_id)


@drafts.get("/{draft_id}/events")
def draft_events(draft_id: str, db: SessionDep, role: AnyRole) -> Any:
    return [
        {
            "at": e.at,
            "kind": e.kind,
            "summary": e.summary,
            "actor": e.actor,
            "details": e.details or {},  # the line's parameters (version, round, deadline...)
        }
        for e in service.draft_events(db, draft_id)
    ]


@drafts.post("/{draft_id}/rounds")
async def open_round(
    draft_id: str, request: RoundOpen, client: ClientDep, db: SessionDep, role: AnyRole
) -> Any:
    return await service.open_round(client, db, draft_id, request)


@drafts.get("/{draft_id}/rounds/current")
async def current_round(draft_id: str, client: ClientDep, role: AnyRole) -> Any:
    return await service.current_round(client, draft_id)


@drafts.post("/{draft_id}/rounds/current/extend")
async def extend_round(
    draft_id: str, request: DeadlineExtension, client: ClientDep, role: Secretariat
) -> Any:
    """Move the deadline (the Secretariat's, as on the draft's page)."""
    return await service.extend_round(client, draft_id, request)


@drafts.post("/{draft_id}/rounds/current/close")
async def close_round(
    draft_id: str, client: ClientDep, role: Secretariat, request: CloseRequest | None = None
) -> Any:
    return await service.close_round(client, draft_id, request or CloseRequest())


@drafts.post("/{draft_id}/rounds/current/remind")
async def remind_now(draft_id: str, client: ClientDep, role: Secretariat) -> Any:
    """Remind, now, everyone invited who has not answered."""
    return await service.remind_now(client, draft_id)


@drafts.post("/{draft_id}/resolutions")
async def resolve(
    draft_id: str, request: CommentResolutions, client: ClientDep, role: AnyRole
) -> Any:
    return await service.resolve_comments(client, draft_id, request)


@drafts.post("/{draft_id}/revisions")
async def revise(draft_id: str, request: RevisionSubmit, client: ClientDep, role: AnyRole) -> Any:
    return await service.submit_revision(client, draft_id, request)


@drafts.post("/{draft_id}/endorsement")
async def endorsement(
    draft_id: str, request: EndorsementRequest, client: ClientDep, db: SessionDep, role: AnyRole
) -> Any:
    return await service.request_endorsement(client, db, draft_id, request)


@drafts.post("/{draft_id}/missions")
async def mission(
    draft_id: str, request: MissionRequest, client: ClientDep, db: SessionDep, role: AnyRole
) -> Any:
    return await service.start_mission(client, db, draft_id, request)


@drafts.post("/{draft_id}/withdraw")
async def withdraw(draft_id: str, request: Withdrawal, client: ClientDep, role: AnyRole) -> Any:
    return await service.withdraw(client, draft_id, request)


# ---------------------------------------------------------------- meetings

meetings = APIRouter(prefix="/api/meetings", tags=["meetings"])


@meetings.post("", status_code=201)
async def create_meeting(
    request: MeetingCreate,
    client: ClientDep,
    db: SessionDep,
    settings: SettingsDep,
    role: Secretariat,
) -> Any:
    return await service.create_meeting(client, db, settings, request)


@meetings.get("/{meeting_id}")
async def meeting_status(meeting_id: str, client: ClientDep, role: AnyRole) -> Any:
    return await service.meeting_status(client, meeting_id)


@meetings.post("/{meeting_id}/decisions")
async def decide(
    meeting_id: str, request: DecisionInput, client: ClientDep, role: Secretariat
) -> Any:
    return await service.record_decision(client, meeting_id, request)


@meetings.post("/{meeting_id}/agenda/send")
async def send_agenda(meeting_id: str, client: ClientDep, role: Secretariat) -> Any:
    """Send the agenda now (before its day, or again as it stands)."""
    return await service.send_agenda_now(client, meeting_id)


@meetings.post("/{meeting_id}/close")
async def close_meeting(
    meeting_id: str, client: ClientDep, role: Secretariat, request: MeetingClose | None = None
) -> Any:
    return await service.close_meeting(client, meeting_id, request or MeetingClose())


# ---------------------------------------------------------------- reviewers (the link is the key)

reviews = APIRouter(prefix="/api/review", tags=["reviewers"])


@reviews.get("/{token}")
async def review(token: str, client: ClientDep, reviewer: Reviewer) -> Any:
    return await answers.review(client, reviewer)


# Optional: a client that sends the same request again (after a timeout) with the same key gets
# one answer; each new key, or a request without one, is a new submission.
IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        min_length=8,
        max_length=100,
        pattern=r"^[A-Za-z0-9._:-]+$",
        description="Names this submission: resending with the same key records it once.",
    ),
]


@reviews.post("/{token}/answer")
async def answer(
    token: str,
    request: ReviewerAnswer,
    client: ClientDep,
    reviewer: Reviewer,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    return await answers.answer(client, reviewer, request, idempotency_key)


@reviews.post("/{token}/break-silence")
async def break_silence(
    token: str,
    request: SilenceObjection,
    client: ClientDep,
    reviewer: Reviewer,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    return await answers.break_silence(client, reviewer, request.reason, idempotency_key)


@reviews.post("/{token}/findings")
async def findings(
    token: str,
    request: FindingsSubmit,
    client: ClientDep,
    reviewer: Reviewer,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    return await answers.submit_findings(client, reviewer, request, idempotency_key)


# ---------------------------------------------------------------- artifacts and registry

files = APIRouter(prefix="/api", tags=["artifacts", "registry"])


@files.get("/artifacts")
def artifacts(
    db: SessionDep, role: AnyRole, draft_id: str | None = None, meeting_id: str | None = None
) -> Any:
    return [
        {
            "artifact_id": a.artifact_id,
            "kind": a.kind,
            "version": a.version,
            "language": a.language,
            "filename": a.filename,
            "draft_id": a.draft_id,
            "meeting_id": a.meeting_id,
            "url": f"/api/artifacts/{a.artifact_id}",
        }
        for a in list_artifacts(db, draft_id=draft_id, meeting_id=meeting_id)
        if may_see_artifact(db, role, a.artifact_id)
    ]


@files.get("/artifacts/{artifact_id}")
def download(artifact_id: str, db: SessionDep, role: AnyRole) -> Response:
    found = load_artifact(db, artifact_id)
    if found is None or not may_see_artifact(db, role, artifact_id):
        raise HTTPException(404, f"no artifact {artifact_id}")
    content, media_type, filename = found
    return Response(
        content,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@files.get("/participants")
def participants(db: SessionDep, role: AnyRole) -> Any:
    return [
        {
            "id": p.id,
            "name": p.name,
            "name_ru": p.name_ru,
            "kind": p.kind,
            "group": p.group,
            "language": p.language,
        }
        for p in registry.list_participants(db)
    ]


@files.get("/registry/contacts.csv")
def export_contacts(db: SessionDep, role: Secretariat) -> Response:
    return Response(registry.export_contacts_csv(db), media_type="text/csv")


@files.post("/registry/contacts")
def import_contacts(
    db: SessionDep, role: Secretariat, csv_text: Annotated[str, Body(media_type="text/csv")]
) -> Any:
    try:
        report = registry.import_contacts_csv(db, csv_text)
    except registry.RegistryError as e:
        db.rollback()
        raise HTTPException(422, str(e)) from e
    db.commit()
    return report


for part in (
    drafts,
    meetings,
    api_bodies.router,
    meetings_extra.router,
    missions.router,
    plans.router,
    plan_activities.router,
    procedures.router,
    profiles.router,
    projects.router,
    analytics.router,
    calendars.router,
    knowledge.router,
    profile_cycles.router,
    public.router,
    search.router,
    reviews,
    files,
):
    router.include_router(part)
