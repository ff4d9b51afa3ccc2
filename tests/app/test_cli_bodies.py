"""`ppflow body ...` and `ppflow presidency ...` against the test's database: edits with history,
the CSV round trip, one-line refusals."""

from __future__ import annotations

import uuid
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from models.db_governance import Body
from tests.app.test_cli import cli  # noqa: F401 - the command line fixture


def test_bodies_and_the_presidency_from_the_command_line(  # type: ignore[no-untyped-def]
    cli,  # noqa: F811
    sessions: sessionmaker[Session],
    tmp_path: Path,
) -> None:
    body = f"trial_{uuid.uuid4().hex[:8]}"
    with sessions.begin() as session:
        session.add(Body(id=body, name="Trial Group", name_ru="Пробная группа"))

    assert cli("body", "add", body, "PL", "--since", "2024-01-01").exit_code == 0
    assert cli("body", "add", body, "CZ", "--since", "2024-01-01").exit_code == 0
    done = cli("body", "chair", body, "PL", "--since", "2024-01-01")
    assert done.exit_code == 0 and f"PL chairs {body} from 2024-01-01" in done.output
    assert cli("body", "remove", body, "CZ", "--until", "2025-01-01").exit_code == 0
    shown = cli("body", "show", body, "--on", "2024-06-01").output
    assert '"CZ"' in shown and '"until": "2025-01-01"' in shown and '"chair": "PL"' in shown
    listed = cli("body", "list").output
    assert "strategic_group  Strategic Group" in listed and "PRESIDENCY" in listed

    refused = cli("body", "add", body, "PL")
    assert refused.exit_code == 1 and "PL is already a member of the Trial Group" in refused.output
    refused = cli("body", "remove", "no_body", "PL", "--until", "soon")
    assert refused.exit_code == 1 and "give a date like 2026-12-01" in refused.output
    refused = cli("body", "show", "no_body")
    assert refused.exit_code == 1 and "unknown body: no_body" in refused.output

    exported = tmp_path / "bodies.csv"
    assert cli("body", "export", str(exported)).exit_code == 0
    assert f"{body},CZ,2024-01-01,2025-01-01" in exported.read_text()
    again = cli("body", "import", str(exported))
    assert again.exit_code == 0 and "0 added, 0 closed" in again.output

    terms = cli("presidency", "list", "--on", "2026-07-01").output
    assert "2026-07-01  2026-12-31  IE  <- 2026-07-01" in terms
    refused = cli("presidency", "set", "RU", "2026-10-01")
    assert (
        refused.exit_code == 1 and "overlaps IE's from 2026-07-01 to 2026-12-31" in refused.output
    )
