"""`ppflow project …` as a user types it: the pilot projects and their leads, an output's status,
and one-line refusals."""

from __future__ import annotations

from tests.app.test_cli import cli  # noqa: F401 - the fixture: `ppflow` on the test's stack


def test_project_commands_and_their_errors(cli) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    listed = cli("project", "list", "--programme", "PP TI")
    assert listed.exit_code == 0, listed.output
    assert "lead: Poland with Slovakia, Romania" in listed.output
    assert "lead: Sweden with Germany" in listed.output
    assert listed.output.strip().endswith("4 project(s)")
    changed = cli("project", "status", "ppti-4", "1", "in_progress")
    assert changed.exit_code == 0 and "[in progress] The EASO" in changed.output
    shown = cli("project", "show", "ppti-4")
    assert shown.exit_code == 0 and '"status": "in_progress"' in shown.output
    capacity = cli("project", "link", "ppti-1", "3", "draft-anything")
    assert capacity.exit_code == 1
    assert capacity.output.strip() == (
        "ppflow: output 3 is a capacity building result, not a document: no draft produces it"
    )
    unknown = cli("project", "link", "ppti-1", "2", "draft-nowhere")
    assert unknown.exit_code == 1 and "no draft draft-nowhere" in unknown.output
    missing = cli("project", "show", "ppti-9")
    assert missing.exit_code == 1 and "Traceback" not in missing.output
