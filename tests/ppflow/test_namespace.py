"""A Temporal cluster run apart from ppflow: a namespace without ppflow's search attributes
gets them from the first worker, and until then a start says what to do (503), never a 500."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy.orm import Session, sessionmaker
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.testing import WorkflowEnvironment

from models.api import DraftStart
from models.base import SectionText
from models.connection import binary
from models.domain import DocumentType
from models.settings import Settings
from ppflow import service
from ppflow.schedules import ensure_search_attributes


async def test_a_bare_namespace_gets_the_search_attributes_a_draft_needs(
    sessions: sessionmaker[Session], settings: Settings
) -> None:
    bare = await WorkflowEnvironment.start_local(  # a server of its own: nothing registered
        dev_server_existing_path=str(binary("temporal")),
        data_converter=pydantic_data_converter,
        dev_server_log_level="error",
        ui=False,
    )
    try:
        start = DraftStart(
            title="Guidelines on return counselling",
            slug=f"counselling-{uuid.uuid4().hex[:6]}",
            document_type=DocumentType.GUIDELINES,
            lead_state="PL",
            sections=[SectionText(title="Scope")],
        )
        with sessions() as session:
            with pytest.raises(service.Unavailable, match="Start a `ppflow worker`"):
                await service.start_draft(bare.client, session, settings, start)
        added = await ensure_search_attributes(bare.client)
        assert sorted(added) == ["PpDocumentType", "PpLeadState", "PpPhase", "PpThematicArea"]
        assert await ensure_search_attributes(bare.client) == []  # once is enough
        with sessions() as session:
            started = await service.start_draft(bare.client, session, settings, start)
        assert started.draft_id == f"draft-{start.slug}"
    finally:
        await bare.shutdown()
