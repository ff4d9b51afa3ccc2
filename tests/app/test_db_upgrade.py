"""`ppflow db upgrade` on deploy: two processes at once on a fresh database both succeed, and the
schema and the registry are there once; running it again changes nothing."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from models.db import Contact, Participant, make_engine
from tests.conftest import PG_URL

ROOT = Path(__file__).resolve().parents[2]


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    from models.migrate import alembic_config

    return str(ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head())


def upgrades_at_once(url: str, data_dir: Path, count: int) -> list[int]:
    """`ppflow db upgrade` in `count` processes started together: participants each added."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PPFLOW_")}
    env.update(PPFLOW_DATABASE_URL=url, PPFLOW_DATA_DIR=str(data_dir))
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", "from app.cli import main; main()", "db", "upgrade"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for _ in range(count)
    ]
    added = []
    for p in processes:
        out, _ = p.communicate(timeout=120)
        assert p.returncode == 0, out
        found = re.search(r"database at the newest schema; (\d+) participant", out)
        assert found, out
        added.append(int(found.group(1)))
    return added


def check_once(url: str, added: int) -> None:
    engine = make_engine(url)
    with engine.connect() as c:
        assert c.execute(text("SELECT version_num FROM alembic_version")).scalars().all() == [
            head_revision()
        ]
        assert c.execute(select(func.count()).select_from(Participant)).scalar() == added
        # every participant but the Presidency's seat (its holder's contacts are reached) has
        # one placeholder contact
        assert c.execute(select(func.count()).select_from(Contact)).scalar() == added - 1
    engine.dispose()


def run_twice_at_once_then_twice_more(url: str, data_dir: Path) -> None:
    first = sorted(upgrades_at_once(url, data_dir, 2))
    assert first[0] == 0 and first[1] > 0, first  # one seeded, the other found it done
    check_once(url, first[1])
    assert upgrades_at_once(url, data_dir, 2) == [0, 0]
    check_once(url, first[1])


@pytest.fixture
def fresh_postgresql() -> Iterator[str]:
    if not PG_URL:
        pytest.skip("PPFLOW_TEST_DATABASE_URL is not set")
    name = f"ppflow_upgrade_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_two_upgrades_at_once_on_a_fresh_postgresql_database(
    fresh_postgresql: str, tmp_path: Path
) -> None:
    run_twice_at_once_then_twice_more(fresh_postgresql, tmp_path)


def test_two_upgrades_at_once_on_a_fresh_sqlite_file(tmp_path: Path) -> None:
    run_twice_at_once_then_twice_more(f"sqlite:///{tmp_path / 'ppflow.db'}", tmp_path)
