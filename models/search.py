"""Search attributes for the Temporal Web UI (set by workflows, used in list queries); no
personal data in them."""

from __future__ import annotations

from temporalio.common import SearchAttributeKey

SA_DOCUMENT_TYPE = SearchAttributeKey.for_keyword("PpDocumentType")
SA_THEMATIC_AREA = SearchAttributeKey.for_keyword("PpThematicArea")
SA_LEAD_STATE = SearchAttributeKey.for_keyword("PpLeadState")
SA_PHASE = SearchAttributeKey.for_keyword("PpPhase")
SEARCH_ATTRIBUTES = [SA_DOCUMENT_TYPE, SA_THEMATIC_AREA, SA_LEAD_STATE, SA_PHASE]
