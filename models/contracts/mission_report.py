"""The mission report's activity: what the expert mission workflow asks for (the mission as it
stands, the draft it feeds) and the interface it calls it by (implemented in
activities/missions.py). The activity type's name is in history: never rename it."""

from __future__ import annotations

from datetime import datetime

from temporalio import activity

from models.base import ArtifactRef, DraftMeta, Model
from models.contracts.expert_mission import MissionStatus


class MissionReportRequest(Model):
    """Render a mission's report in English and Russian and keep it with the draft."""

    mission: MissionStatus
    draft: DraftMeta
    brief: str = ""
    generated_at: datetime


class MissionReports:
    @activity.defn(name="render_mission_report")
    async def render_mission_report(self, request: MissionReportRequest) -> ArtifactRef:
        """Both languages at once; the reference returned is the draft's language's."""
        raise NotImplementedError
