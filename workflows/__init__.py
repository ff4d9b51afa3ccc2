"""Deterministic workflows, one per file; `ALL_WORKFLOWS` is what the worker registers."""

from workflows.action_plan import ActionPlanWorkflow
from workflows.comment_round import CommentRoundWorkflow
from workflows.digest import DigestWorkflow
from workflows.draft import DraftWorkflow
from workflows.expert_mission import ExpertMissionWorkflow
from workflows.meeting import MeetingWorkflow
from workflows.notice import NoticeWorkflow
from workflows.profile_update import ProfileUpdateWorkflow
from workflows.reader_registration import ReaderRegistrationWorkflow
from workflows.written_procedure import WrittenProcedureWorkflow

ALL_WORKFLOWS = [
    DraftWorkflow,
    CommentRoundWorkflow,
    WrittenProcedureWorkflow,
    ExpertMissionWorkflow,
    MeetingWorkflow,
    NoticeWorkflow,
    DigestWorkflow,
    ActionPlanWorkflow,
    ProfileUpdateWorkflow,
    ReaderRegistrationWorkflow,
]
