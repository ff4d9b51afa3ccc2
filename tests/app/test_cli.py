"""The `ppflow` command as a user types it: one-line errors, nothing lost, CSV in and out."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path

import pytest
from temporalio.testing import WorkflowEnvironment
from typer.testing import CliRunner

from app.cli import app
from models.settings import Settings


@pytest.fixture
def cli(dev_env: WorkflowEnvironment, settings: Settings, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Run `ppflow …` against the test's Temporal, database and task queue."""
    monkeypatch.setenv("PPFLOW_TEMPORAL_ADDRESS", dev_env.client.service_client.config.target_host)
    monkeypatch.setenv("PPFLOW_DATABASE_URL", settings.effective_database_url)
    monkeypatch.setenv("PPFLOW_TASK_QUEUE", settings.task_queue)
    monkeypatch.setenv("PPFLOW_DATA_DIR", str(settings.data_dir))
    runner = CliRunner()
    return lambda *args: runner.invoke(app, list(args))


def test_draft_start_and_its_errors(cli) -> None:  # type: ignore[no-untyped-def]
    title = f"Work Plan {uuid.uuid4().hex[:6]}"
    args = [
        "draft",
        "start",
        "--title",
        title,
        "--type",
        "work_plan",
        "--lead",
        "CZ",
        "--section",
        "Meetings=SOM in Prague",
        "--section",
        "Training=Academy",
    ]
    first = cli(*args)
    assert first.exit_code == 0, first.output
    assert '"draft_id": "draft-work-plan-' in first.output
    again = cli(*args)
    assert again.exit_code == 1
    assert again.output.strip().endswith("exists already; choose another title or slug")
    assert "Traceback" not in again.output
    unknown = cli(
        "draft",
        "start",
        "--title",
        "Work Plan X",
        "--type",
        "work_plan",
        "--lead",
        "QQ",
        "--section",
        "A=b",
    )
    assert unknown.exit_code == 1 and "unknown participant: QQ" in unknown.output
    missing = cli("draft", "start", "--title", "Work Plan X")
    assert missing.exit_code == 1 and "give --file" in missing.output
    decide = cli("meeting", "decide", "meeting-nowhere", "draft-x", "endorsed")
    assert decide.exit_code == 1 and "does not exist" in decide.output


def test_registry_import_is_all_or_nothing_and_exports(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # Liechtenstein, whom no other test mails: the contacts imported here stay in the database
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "participant_id,name,email,language,rank\n"
        "LI,Anna Beck,anna@llv.example,en,0\n"
        "XX,Nobody,not-an-address,xx,0\n"
    )
    result = cli("registry", "import", str(bad))
    assert result.exit_code == 1
    assert "line 3" in result.output and "unknown participant 'XX'" in result.output
    assert "anna@llv.example" not in cli("registry", "export").output
    good = tmp_path / "good.csv"
    good.write_text("participant_id,name,email,language,rank\nLI,Anna Beck,anna@llv.example,en,0\n")
    assert cli("registry", "import", str(good)).exit_code == 0
    exported = cli("registry", "export").output
    assert "LI,Anna Beck,anna@llv.example,en,0" in exported
    assert "ncp@li.pragueprocess.local" not in exported  # the placeholder gave way
    assert "ncp@de.pragueprocess.local" in exported


async def test_word_files_in_and_out_from_the_command_line(  # type: ignore[no-untyped-def]
    cli, run_worker, dev_env, tmp_path: Path
) -> None:
    from docx import Document

    source = Document()
    source.add_heading("Purpose", level=1)
    source.add_paragraph("Профиль готовится вместе с национальными органами.")
    source.save(tmp_path / "profile.docx")
    (tmp_path / "broken.docx").write_bytes(b"%PDF-1.7 not a word file")
    slug = uuid.uuid4().hex[:6]
    title = f"Best practices {slug}"

    def run(*args: str):  # type: ignore[no-untyped-def]
        return asyncio.to_thread(cli, *args)  # the command runs its own event loop

    async with run_worker(dev_env.client):
        started = await run(
            "draft",
            "start",
            "--title",
            title,
            "--type",
            "best_practices",
            "--lead",
            "MD",
            "--word",
            str(tmp_path / "profile.docx"),
        )
        assert started.exit_code == 0, started.output
        draft = f"draft-best-practices-{slug}"
        bad = await run("draft", "revise", draft, "--word", str(tmp_path / "broken.docx"))
        assert bad.exit_code == 1 and "PDF" in bad.output and "Traceback" not in bad.output
        missing = await run("draft", "revise", draft, "--word", str(tmp_path / "nope.docx"))
        assert missing.exit_code == 1 and "cannot read" in missing.output
        out = tmp_path / "record.docx"
        made = await run(
            "draft", "document", draft, "procedural_record", "--language", "ru", "-o", str(out)
        )
        assert made.exit_code == 0, made.output
        assert "Протокол процедуры" in "\n".join(p.text for p in Document(str(out)).paragraphs)
        made = await run(
            "draft", "document", draft, "draft_version", "-o", str(tmp_path / "v1.docx")
        )
        text = "\n".join(p.text for p in Document(str(tmp_path / "v1.docx")).paragraphs)
        assert made.exit_code == 0 and "Профиль готовится" in text
        no_round = await run("draft", "document", draft, "position_register")
        assert no_round.exit_code == 1 and "no comment round" in no_round.output


def test_link_outbox_and_digest_commands_and_their_errors(cli) -> None:  # type: ignore[no-untyped-def]
    wrong = cli("digest", "set", "ncp@de.pragueprocess.local", "hourly")
    assert wrong.exit_code == 1 and "daily, weekly or none" in wrong.output
    bad_address = cli("digest", "set", "not an address", "daily")
    assert bad_address.exit_code == 1 and "not an e-mail address" in bad_address.output
    ok = cli("digest", "set", "NCP@de.pragueprocess.local", "weekly")
    assert ok.exit_code == 0 and '"frequency": "weekly"' in ok.output
    # back to a mail per event: the database is shared by the session's other tests
    assert cli("digest", "set", "ncp@de.pragueprocess.local", "none").exit_code == 0
    lost = cli("outbox", "--status", "lost")
    assert lost.exit_code == 1 and "pending, sent, failed" in lost.output
    listed = cli("outbox", "--status", "failed", "--limit", "5")
    assert listed.exit_code == 0 and '"counts"' in listed.output
    missing = cli("link", "reissue", "draft-nothing-here-round-1", "DE")
    assert missing.exit_code == 1 and "does not exist" in missing.output
    foreign = cli("link", "reissue", "meeting-som", "DE")
    assert foreign.exit_code == 1 and "not a round, procedure or mission" in foreign.output
    for result in (wrong, bad_address, lost, missing, foreign):
        assert "Traceback" not in result.output
