"""The mail of a decision on a draft: one per decision and reader. Plain functions over the
draft's state, no Temporal (the draft workflow decides when, behind its patch)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from models.activity_io import NoticeRequest
from models.contracts.draft import DraftState, EndorsementRecord
from models.contracts.written_procedure import SilenceResult
from models.domain import ArtifactKind, Decision, NoticeKind, SilenceOutcome
from workflows.draft_state import notice_request, participants


@dataclass
class DecisionMail:
    """A decision is told once: the final text carries it when the draft is final, else the
    decision (or the broken silence) alone. A written procedure that left the telling to the
    draft adds its invitees to the draft's participants."""

    state: DraftState
    record: EndorsementRecord
    decision: Decision
    notes: str
    silence: SilenceResult | None = None

    @property
    def told(self) -> list[str]:
        found = participants(self.state)
        if self.silence is not None and self.silence.draft_tells:
            found += [p for p in self.silence.invitees if p not in found]
        return found

    @property
    def _where(self) -> dict[str, Any]:
        return {
            "meeting_title": self.record.meeting_title,
            "meeting_place": self.record.meeting_place,
            "route": self.record.route,
        }

    def decision_notice(self) -> NoticeRequest:
        """The decision of a draft that is not final (deferred, rejected, silence broken)."""
        broken = (
            self.silence is not None
            and self.silence.draft_tells
            and self.silence.outcome == SilenceOutcome.BROKEN
        )
        return notice_request(
            self.state,
            NoticeKind.SILENCE_BROKEN if broken else NoticeKind.DECISION,
            self.told,
            f"decision-{len(self.state.endorsements)}",
            decision=self.decision,
            reason=self.silence.reason if broken and self.silence else self.notes,
            dispositions=[],
            participant=self.silence.broken_by if broken and self.silence else None,
            **self._where,
        )

    def final_notice(self, once: bool) -> NoticeRequest:
        """ "Final and endorsed": with the decision and the final text when it is the only mail."""
        if not once:
            return notice_request(
                self.state, NoticeKind.FINAL_PUBLISHED, self.told, "final", dispositions=[]
            )
        return notice_request(
            self.state,
            NoticeKind.FINAL_PUBLISHED,
            self.told,
            "final",
            decision=self.decision,
            reason=None if self.silence is not None else self.notes,  # the template says it
            dispositions=[],
            attach=ArtifactKind.FINAL_TEXT,
            **self._where,
        )
