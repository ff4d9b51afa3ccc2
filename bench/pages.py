"""`make bench`, pages part: the Secretariat's dashboard over 10,000 drafts.

Times one dashboard page (filters, search, sort, the page's rounds and meetings) from the read
model, and the whole HTML page through the app (in-process ASGI, signed in), against a raw
`SELECT … LIMIT 25` on the same SQLite file in the same run.
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from sqlalchemy import text

from models.db import Draft, make_engine, make_sessionmaker
from models.migrate import upgrade
from models.settings import Settings
from ppflow import accounts, board
from ppflow.accounts import Principal, Role
from ppflow.registry import seed_registry
from web.app import create_app

DRAFTS = 10_000
RUNS = 30


def timed(fn: Callable[[], object]) -> tuple[float, float]:
    times = []
    for _ in range(RUNS):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), max(times)


async def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp))
        engine = make_engine(settings.effective_database_url)
        upgrade(engine)
        sessions = make_sessionmaker(engine)
        now = datetime.now(UTC)
        with sessions.begin() as session:
            seed_registry(session)
            session.add_all(
                Draft(
                    id=f"draft-{i}",
                    slug=f"d-{i}",
                    title=f"Guidelines {i:05}",
                    reference=f"PP/GL/{i}",
                    document_type="guidelines" if i % 2 else "work_plan",
                    lead_state=("PL", "CZ", "HU", "AM")[i % 4],
                    phase=("consultation", "revision", "final")[i % 3],
                    version=1 + i % 5,
                    started_at=now,
                    updated_at=now - timedelta(minutes=i),
                    deadline=now + timedelta(days=i % 40) if i % 3 == 0 else None,
                )
                for i in range(DRAFTS)
            )
            accounts.add_user(session, "bench", "bench-password", Role.SECRETARIAT)
        query = board.DashboardQuery(
            q="guidelines 0", phase="consultation", sort="deadline", order="asc", page=7
        )
        sec = Principal(Role.SECRETARIAT)

        def ours() -> None:
            with sessions() as session:
                board.dashboard(session, query, sec)

        def raw() -> None:
            with engine.connect() as conn:
                conn.execute(text("SELECT * FROM drafts ORDER BY updated_at DESC LIMIT 25")).all()

        dashboard = timed(ours)
        baseline = timed(raw)
        app = create_app(settings, client=object())  # type: ignore[arg-type]  # no Temporal needed
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://bench"
        ) as http:
            login = await http.get("/login")
            csrf = login.text.split('name="csrf" value="')[1].split('"')[0]
            await http.post(
                "/login", data={"csrf": csrf, "username": "bench", "password": "bench-password"}
            )
            times = []
            for _ in range(RUNS):
                t = time.perf_counter()
                r = await http.get("/drafts", params=query.model_dump(exclude_defaults=True))
                times.append((time.perf_counter() - t) * 1000)
                assert r.status_code == 200
        engine.dispose()
    print(f"Pages: dashboard over {DRAFTS:,} drafts (SQLite), median / max of {RUNS}")
    print(
        f"  board.dashboard (filters, search, sort, page 7)  {dashboard[0]:.1f} / "
        f"{dashboard[1]:.1f} ms"
    )
    print(
        f"  GET /drafts, the whole HTML page                 {statistics.median(times):.1f} / "
        f"{max(times):.1f} ms"
    )
    print(
        f"  raw SELECT … LIMIT 25, same file                 {baseline[0]:.1f} / "
        f"{baseline[1]:.1f} ms"
    )


if __name__ == "__main__":
    asyncio.run(main())
