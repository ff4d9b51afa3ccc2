"""A draft's missions as the read model holds them (kind, host country, dates, members and their
roles, outcome, the report in each language), and starting one from a form or the command line."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session
from temporalio.client import Client

from models.api import MissionRequest
from models.contracts.expert_mission import MissionStarted
from models.db import ArtifactLink, Mission
from models.db_projects import MissionMember
from models.domain import ArtifactKind, MissionKind, MissionOutcome
from ppflow import service


class MemberView(BaseModel):
    name: str
    role: str
    participant_id: str | None = None
    email: str | None = None


class ReportFile(BaseModel):
    language: str
    artifact_id: str
    filename: str
    url: str


class MissionView(BaseModel):
    mission_id: str
    kind: MissionKind
    country: str
    starts_on: datetime
    ends_on: datetime
    findings_due: datetime
    open: bool
    outcome: MissionOutcome | None = None
    findings: int = 0
    submitted_by: str | None = None
    members: list[MemberView]
    reports: list[ReportFile]


def list_missions(session: Session, draft_id: str, *, emails: bool = True) -> list[MissionView]:
    """The draft's missions, first planned first (emails: whether to show members' addresses)."""
    missions = session.scalars(
        select(Mission).where(Mission.draft_id == draft_id).order_by(Mission.starts_on, Mission.id)
    ).all()
    ids = [m.id for m in missions]
    members: dict[str, list[MemberView]] = {}
    for row in session.scalars(
        select(MissionMember)
        .where(MissionMember.mission_id.in_(ids))
        .order_by(MissionMember.mission_id, MissionMember.position)
    ):
        members.setdefault(row.mission_id, []).append(
            MemberView(
                name=row.name,
                role=row.role,
                participant_id=row.participant_id,
                email=row.email if emails else None,
            )
        )
    reports: dict[str, list[ReportFile]] = {}
    links = session.scalars(
        select(ArtifactLink)
        .where(
            ArtifactLink.draft_id == draft_id,
            ArtifactLink.kind == ArtifactKind.MISSION_REPORT.value,
        )
        .order_by(ArtifactLink.language)
    )
    for link in links:
        mission_id = link.filename.split("-mission-report-")[0]
        reports.setdefault(mission_id, []).append(
            ReportFile(
                language=link.language,
                artifact_id=link.artifact_id,
                filename=link.filename,
                url=f"/api/artifacts/{link.artifact_id}",
            )
        )
    return [
        MissionView(
            mission_id=m.id,
            kind=MissionKind(m.kind),
            country=m.country,
            starts_on=m.starts_on,
            ends_on=m.ends_on,
            findings_due=m.findings_due,
            open=m.open,
            outcome=MissionOutcome(m.outcome) if m.outcome else None,
            findings=m.findings,
            submitted_by=m.submitted_by if emails else None,
            members=members.get(m.id, []),
            reports=reports.get(m.id, []),
        )
        for m in missions
    ]


def member_line(line: str) -> dict[str, Any]:
    """ "Name,email,role[,participant]" (the command line's --member) as an expert's fields."""
    parts = [p.strip() for p in line.split(",")]
    if len(parts) < 2 or not parts[0] or not parts[1]:
        raise service.Invalid('a member is "Name,email,role" (the role and a participant id last)')
    member: dict[str, Any] = {"name": parts[0], "email": parts[1]}
    if len(parts) > 2 and parts[2]:
        member["role"] = parts[2]
    if len(parts) > 3 and parts[3]:
        member["participant_id"] = parts[3].upper()
    if len(parts) > 4:
        raise service.Invalid('a member is "Name,email,role,participant": no more commas')
    return member


async def start(
    client: Client, session: Session, draft_id: str, body: dict[str, Any]
) -> MissionStarted:
    """Check a mission's fields (a reason a person understands) and start it."""
    request = service.parse(MissionRequest, body)
    return await service.start_mission(client, session, draft_id, request)
