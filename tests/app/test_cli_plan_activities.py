"""`ppflow plan-activity` as the Secretariat types it: list, set (one-line reasons, nothing lost),
and the implementation report written to a file."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from tests.app.test_cli import cli  # noqa: F401  (the command's fixture)
from tests.web.test_plan_activities import docx_text, endorsed_plan


def test_list_set_and_report(cli, sessions: sessionmaker[Session], tmp_path: Path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    plan_id = endorsed_plan(sessions)
    listed = cli("plan-activity", "list", plan_id)
    assert listed.exit_code == 0, listed.output
    lines = listed.output.splitlines()
    assert len(lines) == 3 and lines[2].split()[:2] == ["3", "CZ"] and "planned" in lines[2]

    bad = cli("plan-activity", "set", plan_id, "2", "--from", "2013-06", "--to", "2012-01")
    assert bad.exit_code == 1 and "Traceback" not in bad.output
    assert bad.output.strip() == "ppflow: period: the last month is earlier than the first month"
    bad = cli("plan-activity", "set", plan_id, "2", "--lead", "QQ")
    assert bad.exit_code == 1 and "unknown participant: QQ" in bad.output

    done = cli(
        "plan-activity", "set", plan_id, "2", "--status", "completed", "--from", "2012-01",
        "--to", "2013-12", "--note", "Final report published",
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    assert done.output.strip() == "activity 2: completed, lead PL, Jan 2012 – Dec 2013"
    listed = cli("plan-activity", "list", plan_id, "--status", "completed")
    assert [line.split()[0] for line in listed.output.splitlines()] == ["2"]

    target = tmp_path / "report-ru.docx"
    written = cli("plan-activity", "report", plan_id, "--language", "ru", "-o", str(target))
    assert written.exit_code == 0, written.output
    text = docx_text(target.read_bytes())
    assert "Отчёт о ходе выполнения" in text and "статус: запланировано → выполнено" in text
    assert "Final report published" in text
    missing = cli("plan-activity", "report", "draft-no-such-plan")
    assert missing.exit_code == 1 and "no activities are recorded" in missing.output
