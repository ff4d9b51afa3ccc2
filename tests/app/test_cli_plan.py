"""`ppflow plan …` and `ppflow draft start --parent` as a user types them: a plan, a part of
it, the plan's parts listed, and one-line errors."""

from __future__ import annotations

import asyncio
import uuid

from tests.app.test_cli import cli  # noqa: F401  (the command's fixture)


async def test_plan_start_part_show_and_errors(cli, run_worker, dev_env) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    def run(*args: str):  # type: ignore[no-untyped-def]
        return asyncio.to_thread(cli, *args)  # the command runs its own event loop

    slug = f"ap-{uuid.uuid4().hex[:6]}"
    plan_id = f"draft-{slug}"
    async with run_worker(dev_env.client):
        started = await run(
            "plan", "start", "--title", "Action Plan", "--lead", "PL", "--slug", slug
        )
        assert started.exit_code == 0, started.output
        assert f'"draft_id": "{plan_id}"' in started.output
        part = [
            "draft",
            "start",
            "--title",
            f"Preventing and fighting illegal migration {slug}",
            "--type",
            "action_plan_section",
            "--area",
            "illegal_migration",
            "--lead",
            "PL",
            "--section",
            "Border management=Exchange of information on routes.",
        ]
        added = await run(*part, "--parent", plan_id)
        assert added.exit_code == 0, added.output
        orphan = await run(*part, "--parent", "draft-no-such-plan")
        assert orphan.exit_code == 1
        assert orphan.output.strip() == "ppflow: no Action Plan draft-no-such-plan"
        shown = await run("plan", "show", plan_id)
        assert shown.exit_code == 0, shown.output
        assert "1. PL  illegal_migration" in shown.output and "not ready" in shown.output
        refused = await run("plan", "endorse", plan_id, "--meeting", "meeting-nowhere")
        assert refused.exit_code == 1 and "Traceback" not in refused.output
        assert refused.output.strip() == "ppflow: no meeting meeting-nowhere"
        missing = await run("plan", "show", "draft-no-such-plan")
        assert missing.exit_code == 1 and "does not exist" in missing.output
