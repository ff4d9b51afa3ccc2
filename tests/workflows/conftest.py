"""Fixtures of the workflow tests: a worker with stand-in activities on the time-skipping server
(`env`) or on the shared dev server (`live`)."""

from __future__ import annotations

import pytest
from temporalio.testing import WorkflowEnvironment

from tests.workflows.steps import worker_for


@pytest.fixture
async def env(ts_env: WorkflowEnvironment, request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """The time-skipping server: days pass in milliseconds."""
    async for ready in worker_for(ts_env, request):
        yield ready


@pytest.fixture
async def live(dev_env: WorkflowEnvironment, request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """The shared real dev server (updates behave as in production)."""
    async for ready in worker_for(dev_env, request):
        yield ready
