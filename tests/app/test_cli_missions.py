"""`ppflow mission start` and `ppflow mission list` as a user types them: members with roles,
the kind and host country, and one-line errors."""

from __future__ import annotations

import asyncio
import json
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from tests.app.test_cli import cli  # noqa: F401  (the fixture)
from tests.conftest import until


def day(days: int) -> str:
    return (datetime.now(UTC) + timedelta(days=days)).strftime("%Y-%m-%d")


async def test_a_mission_started_and_listed_from_the_command_line(
    cli: Any,  # noqa: F811
    run_worker: Any,
    dev_env: Any,
) -> None:
    def run(*args: str) -> Any:
        return asyncio.to_thread(cli, *args)  # the command runs its own event loop

    tag = uuid.uuid4().hex[:6]  # one Temporal server for both databases: ids differ per run
    async with run_worker(dev_env.client):
        started = await run(
            "draft", "start", "--title", f"Extended Migration Profile of Albania {tag}",
            "--type", "migration_profile", "--lead", "AL", "--country", "AL",
            "--section", "Migration trends=Labour emigration to Russia and Kazakhstan.",
        )  # fmt: skip
        assert started.exit_code == 0, started.output
        draft = json.loads(started.output)["draft_id"]
        mission = [
            "mission", "start", draft, "--kind", "high_level_introductory_mission",
            "--from", day(10), "--to", day(12), "--findings-due", f"{day(40)}T17:00",
            "--member", "Jana Nováková,jn@mvcr.cz.example,head of mission,cz",
            "--member", "Andrzej Nowak,an@mswia.pl.example,senior expert,PL",
            "--brief", "Introduce the Process to the ministries.",
        ]  # fmt: skip
        done = await run(*mission)
        assert done.exit_code == 0, done.output
        answer = json.loads(done.output)
        assert answer["kind"] == "high_level_introductory_mission"
        assert [(e["role"], e["participant_id"]) for e in answer["experts"]] == [
            ("head of mission", "CZ"),
            ("senior expert", "PL"),
        ]

        async def listed() -> str | None:
            out = (await run("mission", "list", draft)).output
            return out if "Jana Nováková" in out else None

        out = await until(listed)
        assert "high_level_introductory_mission  host AL" in out
        assert "Jana Nováková <jn@mvcr.cz.example> (head of mission, CZ)" in out
        assert "Andrzej Nowak <an@mswia.pl.example> (senior expert, PL)" in out

        for args, reason in (
            (["--member", "Only a name"], 'a member is "Name,email,role"'),
            (["--from", "soon"], "--from: give a date like 2026-03-09"),
            (["--from", day(20), "--to", day(11)], "in order"),
            (["--member", "A,not-an-address,expert"], "e-mail address like name@example.org"),
        ):
            bad = await run(*mission, *args)
            assert bad.exit_code == 1, bad.output
            assert reason in bad.output and "Traceback" not in bad.output
            assert len(bad.output.strip().splitlines()) == 1
        unknown = await run(*mission, "--kind", "holiday")
        assert unknown.exit_code == 2  # typer names the kinds there are
        out = (await run("mission", "list", draft)).output
        assert out.count("high_level_introductory_mission") == 1  # nothing else was started
