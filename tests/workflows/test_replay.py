"""Replay kept histories against today's workflow code: a change that would break running
workflows fails here (then guard it with `workflow.patched`). Refresh the histories with
`PPFLOW_KEEP_HISTORIES=1 pytest tests/workflows/test_paths.py` only when old runs can't exist."""

from __future__ import annotations

from pathlib import Path

import pytest
from temporalio.client import WorkflowHistory
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.worker import Replayer

from workflows import ALL_WORKFLOWS

HISTORIES = sorted((Path(__file__).parent.parent / "histories").glob("*.json"))


@pytest.mark.parametrize("path", HISTORIES, ids=[p.stem for p in HISTORIES])
async def test_kept_history_replays(path: Path) -> None:
    history = WorkflowHistory.from_json(path.stem, path.read_text())
    replayer = Replayer(workflows=ALL_WORKFLOWS, data_converter=pydantic_data_converter)
    await replayer.replay_workflow(history)


def test_histories_are_kept() -> None:
    kinds = {p.stem.split("-")[-1] for p in HISTORIES}
    assert {"draft", "round", "silence", "mission", "meeting"} <= kinds, kinds
