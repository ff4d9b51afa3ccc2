"""A draft's whole way on the command line, as the Secretariat types it, on the real stack with
mail captured: a round opened (participants by id or name), reminded, extended, closed; a comment
resolved; endorsement by written procedure, its deadline moved; the draft withdrawn; a meeting
shown, its agenda sent and closed. Every bad input is one line that does not repeat it."""

from __future__ import annotations

import asyncio
import json
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from tests.app.test_cli import cli  # noqa: F401  (the fixture)
from tests.conftest import Mailbox, text_of, until
from tests.web.test_api import later_today
from tests.workflows.test_lifecycle import eventually

GERMANY = "ncp@de.pragueprocess.local"


def day(days: int) -> str:
    return (datetime.now(UTC) + timedelta(days=days)).strftime("%Y-%m-%d")


def one_line_error(result: Any, *words: str) -> None:
    assert result.exit_code == 1, result.output
    assert len(result.output.strip().splitlines()) == 1, result.output
    assert "Traceback" not in result.output
    for w in words:
        assert w in result.output, (w, result.output)


async def test_rounds_comments_procedure_withdrawal_and_meetings_from_the_command_line(
    cli: Any,  # noqa: F811
    run_worker: Any,
    dev_env: Any,
    api: httpx.AsyncClient,
    mailbox: Mailbox,
    tmp_path: Path,
) -> None:
    def run(*args: str) -> Any:
        return asyncio.to_thread(cli, *args)  # the command runs its own event loop

    tag = uuid.uuid4().hex[:6]
    title = f"CLI rounds guidelines {tag}"

    def mails(subject: str) -> list[str]:
        return [
            text_of(m)
            for m in mailbox.to(GERMANY)
            if title in str(m["Subject"]) and subject in str(m["Subject"])
        ]

    async with run_worker(dev_env.client):
        started = await run(
            "draft", "start", "--title", title, "--type", "guidelines", "--lead", "Poland",
            "--section", "Purpose=Why the guidelines exist.",
            "--section", "Principles=Returns in dignity.",
        )  # fmt: skip
        assert started.exit_code == 0, started.output
        draft = json.loads(started.output)["draft_id"]

        # open: participants by id, English or Russian name
        bad = await run("round", "open", draft, "--deadline", day(10), "--participant", "Atlantis")
        one_line_error(bad, "unknown participant")
        assert "Atlantis" not in bad.output
        bad = await run("round", "open", draft, "--deadline", "next week", "--participant", "DE")
        one_line_error(bad, "--deadline: give a date like")
        assert "next week" not in bad.output
        opened = await run(
            "round", "open", draft, "--deadline", day(10), "--reminder-days", "0",
            "--participant", "DE", "--participant", "Georgia", "--participant", "Армения",
        )  # fmt: skip
        assert opened.exit_code == 0, opened.output
        assert "round 1 open until" in opened.output and "3 invited: AM, DE, GE" in opened.output
        invitation = (await eventually(lambda: mails("Comments invited")))[-1]

        # remind and extend: each invitee who has not answered gets mail
        reminded = await run("round", "remind", draft)
        assert reminded.exit_code == 0 and "reminded 3 participant(s)" in reminded.output
        await eventually(lambda: mails("Reminder"))
        bad = await run("round", "extend", draft, "--deadline", day(5))
        one_line_error(bad, "later than the current one")
        extended = await run("round", "extend", draft, "--deadline", f"{day(20)}T17:00")
        assert extended.exit_code == 0, extended.output
        assert f"deadline {day(20)} 17:00 UTC" in extended.output
        await eventually(lambda: mails("Deadline extended"))
        status = await run("round", "status", draft)
        assert "0 of 3 answered" in status.output and "not answered: AM, DE, GE" in status.output

        # Germany answers with a comment; the round is closed now
        token = invitation.split("/review/")[1].split()[0]
        r = await api.post(
            f"/api/review/{token}/answer",
            json={"position": "comments", "comments": [{"section_id": "s2", "text": "Add X."}]},
        )
        assert r.status_code == 200, r.text
        closed = await run("round", "close", draft)
        assert closed.exit_code == 0 and "round 1 closing (1 answer(s))" in closed.output
        await eventually(lambda: mails("Comment round closed"))
        again = await run("round", "close", draft)
        one_line_error(again)
        assert "is closed" in again.output or "no open comment round" in again.output

        # resolve: by id, with the reason a refusal needs; from a CSV file
        async def listed() -> str | None:
            out = (await run("comment", "list", draft, "--open")).output
            return out if "1 comment(s)" in out else None

        comment_id = (await until(listed)).split()[0]
        refused = await run("comment", "resolve", draft, "--comment", comment_id,
                            "--disposition", "rejected")  # fmt: skip
        one_line_error(refused, "rejected needs a justification")
        (tmp_path / "bad.csv").write_text("id;what\nx;y\n")
        one_line_error(
            await run("comment", "resolve", draft, "--csv", str(tmp_path / "bad.csv")),
            "needs a header row",
        )
        sheet = tmp_path / "dispositions.csv"
        sheet.write_text(f"comment_id,disposition,justification\n{comment_id},accepted,\n")
        resolved = await run("comment", "resolve", draft, "--csv", str(sheet))
        assert resolved.exit_code == 0 and "1 resolved, 0 still open" in resolved.output

        # endorsement by written procedure, its deadline moved, then the draft withdrawn
        both = await run("draft", "endorse", draft, "--meeting", "m", "--written")
        one_line_error(both, "choose one way")
        endorse = await run(
            "draft", "endorse", draft, "--written", "--deadline", f"{day(7)}T12:00",
            "--participant", "Germany",
        )  # fmt: skip
        assert endorse.exit_code == 0, endorse.output
        assert "goes for endorsement by written procedure" in endorse.output
        moved = await run("procedure", "extend", draft, "--deadline", f"{day(14)}T12:00")
        assert moved.exit_code == 0 and f"silence until {day(14)} 12:00 UTC" in moved.output
        shown = await run("procedure", "status", draft)
        assert "open, silence until" in shown.output and "1 invited" in shown.output
        await eventually(lambda: [m for m in mails("Deadline extended") if "silence" in m])
        short = await run("draft", "withdraw", draft, "--reason", "no")
        one_line_error(short, "reason")
        gone = await run("draft", "withdraw", draft, "--reason", "Merged into the Action Plan")
        assert gone.exit_code == 0 and "withdrawn" in gone.output
        await eventually(lambda: mails("Withdrawn"))
        after = await run("procedure", "extend", draft, "--deadline", f"{day(20)}T12:00")
        one_line_error(after, "no written procedure under way")

        async def timeline() -> str | None:
            out = (await run("draft", "events", draft)).output
            return out if "draft_withdrawn" in out else None

        assert "deadline_extended" in await until(timeline)

        # a meeting: shown, its agenda sent, closed on its day
        created = await run(
            "meeting", "create", "--kind", "som", "--title", f"SOM {tag}", "--place", "Prague",
            "--starts-at", (await later_today(minutes=2)).isoformat(), "--participant", "DE",
        )  # fmt: skip
        assert created.exit_code == 0, created.output
        meeting = json.loads(created.output)["meeting_id"]
        one_line_error(await run("meeting", "send-agenda", meeting), "the agenda has no item")
        other = await run(
            "draft", "start", "--title", f"CLI agenda item {tag}", "--type", "work_plan",
            "--lead", "DE", "--section", "Meetings=SOM in Prague",
        )  # fmt: skip
        item = json.loads(other.output)["draft_id"]
        endorse = await run("draft", "endorse", item, "--meeting", meeting)
        assert endorse.exit_code == 0 and f"goes for endorsement at {meeting}" in endorse.output

        async def on_agenda() -> str | None:
            out = (await run("meeting", "show", meeting)).output
            return out if f"- {item}: CLI agenda item {tag}" in out else None

        shown = await until(on_agenda)
        assert f"SOM {tag}, Prague" in shown and "1 invited, 1 draft(s) on the agenda" in shown
        sent = await run("meeting", "send-agenda", meeting)
        assert sent.exit_code == 0 and "agenda sent to 1 invitee(s)" in sent.output, sent.output
        close = await run("meeting", "close", meeting, "--summary", "Work plan agreed.")
        assert close.exit_code == 0 and f"{meeting}: clos" in close.output
        shown = await run("meeting", "show", meeting)
        assert ", closed " in shown.output
        one_line_error(await run("meeting", "close", meeting), "already closed")
        one_line_error(await run("meeting", "show", "meeting-nope"), "does not exist")
