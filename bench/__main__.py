"""`make bench`: ppflow's API path against raw Temporal calls, in one run on one dev server.

Prints drafts started per second (API vs raw start_workflow of an empty workflow), answers per
second (API vs raw execute_update on an empty workflow), p50/p99 of one answer, and the worker
process's peak memory with 1,000 open drafts. The API is called in-process through
httpx.ASGITransport (FastAPI and validation included, no network stack); the worker runs in a
process of its own, as it would in production.
"""

from __future__ import annotations

import asyncio
import copy
import email
import email.policy
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiosmtplib
import httpx
from aiosmtpd.controller import Controller
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from bench.empty import EmptyWorkflow
from mail.outbox import Outbox
from mail.render import to_mime
from models.activity_io import NoticeContext, NoticeRequest
from models.base import Empty
from models.connection import binary
from models.db import make_engine, make_sessionmaker
from models.domain import NoticeKind
from models.links import ReviewerLink, make_token
from models.migrate import upgrade
from models.search import SEARCH_ATTRIBUTES
from models.settings import Settings
from ppflow.registry import seed_registry
from web.app import create_app

CONCURRENCY = 20


async def rate(n: int, one: Callable[[int], Awaitable[object]]) -> tuple[float, list[float]]:
    """Calls per second with CONCURRENCY in flight, and each call's latency in ms."""
    latencies: list[float] = []
    queue = iter(range(n))

    async def lane() -> None:
        for i in queue:
            t = time.perf_counter()
            await one(i)
            latencies.append((time.perf_counter() - t) * 1000)

    start = time.perf_counter()
    await asyncio.gather(*(lane() for _ in range(CONCURRENCY)))
    return n / (time.perf_counter() - start), latencies


def rss_mb(pid: int, field: str = "VmHWM") -> float:
    """A process's peak (VmHWM) or current (VmRSS) resident memory, as the kernel counts it."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return float("nan")


@contextmanager
def worker_process(settings: Settings, address: str) -> Iterator[int]:
    """The worker in its own process, as in production: the API process does no worker work."""
    env = dict(
        os.environ,
        PPFLOW_TEMPORAL_ADDRESS=address,
        PPFLOW_DATABASE_URL=settings.effective_database_url,
        PPFLOW_TASK_QUEUE=settings.task_queue,
        PPFLOW_SMTP_HOST="127.0.0.1",
        PPFLOW_SMTP_PORT=str(settings.smtp_port),
        PPFLOW_DATA_DIR=str(settings.data_dir),
    )
    worker_py = Path(__file__).resolve().parent.parent / "worker.py"
    proc = subprocess.Popen(
        [sys.executable, str(worker_py)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield proc.pid
    finally:
        proc.terminate()
        proc.wait(30)


class Sink:
    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        return "250 OK"


MAILS = 1000
BATCH = 50


def invitation(run: str, batch: int) -> NoticeRequest:
    """One round's invitations to BATCH contacts, each with a personal link and Reply-To."""
    return NoticeRequest(
        notice_key=f"bench-{run}-{batch}",
        kind=NoticeKind.ROUND_OPENED,
        recipients=[],
        addresses=[f"r{batch}-{i}@bench.example" for i in range(BATCH)],
        link_participant_id="DE",
        link_workflow_id=f"draft-bench-{run}-round-{batch}",
        link_expires_at=datetime.now(UTC) + timedelta(days=14),
        draft_id=f"draft-bench-{run}",
        context=NoticeContext(
            draft_title="Guidelines on concluding readmission agreements",
            reference=f"PP/GUIDELINES/bench-{run}",
            lead_state="PL",
            version=1,
            round_number=1,
            deadline=datetime.now(UTC) + timedelta(days=14),
        ),
    )


async def mail_bench(settings: Settings) -> None:
    """1,000 invitations through the outbox (rows, rendering, links, pooled SMTP, marking)
    against a plain aiosmtplib loop sending the same number of similar messages on one
    connection."""
    sessions = make_sessionmaker(make_engine(settings.effective_database_url))
    box = Outbox(sessions, settings)

    async def send(request: NoticeRequest) -> int:
        """What the notice activity does: queue the rows, then deliver them."""
        await asyncio.to_thread(box.queue, request)
        sent, _ = await box.deliver(request)
        return sent

    run = uuid.uuid4().hex[:6]
    await send(invitation(run + "w", 0))  # warm-up: templates, pool
    start = time.perf_counter()
    reports = await asyncio.gather(*(send(invitation(run, b)) for b in range(MAILS // BATCH)))
    outbox = MAILS / (time.perf_counter() - start)
    assert sum(reports) == MAILS, reports

    row, _ = await asyncio.to_thread(box.pending_sample, run)
    sample = email.message_from_bytes(
        to_mime(row, None, settings.mail_from), policy=email.policy.default
    )
    smtp = aiosmtplib.SMTP(hostname="127.0.0.1", port=settings.smtp_port)
    await smtp.connect()
    start = time.perf_counter()
    for i in range(MAILS):
        message = copy.copy(sample)
        message.replace_header("To", f"plain-{i}@bench.example")
        message.replace_header("Message-ID", f"<plain-{run}-{i}@bench.example>")
        await smtp.send_message(message)
    plain = MAILS / (time.perf_counter() - start)
    await smtp.quit()
    print(
        f"mail: {outbox:.0f} invitations/s through the outbox vs {plain:.0f}/s plain aiosmtplib "
        f"on one connection = {outbox / plain:.0%} (goal >= 80%; {MAILS} each, pool of "
        f"{settings.smtp_pool_size})"
    )


async def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="ppflow-bench-"))
    smtp = Controller(Sink(), hostname="127.0.0.1", port=8036)
    smtp.start()
    settings = Settings(
        _env_file=None,
        data_dir=tmp,
        smtp_host="127.0.0.1",  # type: ignore[call-arg]
        smtp_port=8036,
        task_queue=f"bench-{uuid.uuid4().hex[:6]}",
    )
    engine = make_engine(settings.effective_database_url)
    upgrade(engine)
    with make_sessionmaker(engine).begin() as session:
        seed_registry(session)
    env = await WorkflowEnvironment.start_local(
        dev_server_existing_path=str(binary("temporal")),
        data_converter=pydantic_data_converter,
        search_attributes=SEARCH_ATTRIBUTES,
        ui=False,
        dev_server_log_level="error",
    )
    await mail_bench(settings)
    client = env.client
    headers = {"Authorization": f"Bearer {settings.drafting_token}"}
    app = create_app(settings, client)
    print("ppflow bench (`make bench`), one dev server, SQLite read model, local SMTP sink")
    address = client.service_client.config.target_host
    with worker_process(settings, address) as worker_pid:
        baseline_worker = Worker(
            client, task_queue=settings.task_queue + "-raw", workflows=[EmptyWorkflow]
        )
        async with (
            baseline_worker,
            httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app),
                base_url="http://bench",
                headers=headers,
                timeout=60,
            ) as http,
        ):
            n = 200
            run = uuid.uuid4().hex[:6]

            async def raw_start(i: int) -> object:
                return await client.start_workflow(
                    EmptyWorkflow.run, id=f"raw-{run}-{i}", task_queue=settings.task_queue + "-raw"
                )

            async def api_start(i: int) -> object:
                r = await http.post(
                    "/api/drafts",
                    json={
                        "title": f"Bench draft {run} {i}",
                        "document_type": "guidelines",
                        "lead_state": "PL",
                        "sections": [{"title": "One", "text": "Text"}],
                    },
                )
                assert r.status_code == 201, r.text
                return r

            raw_rate, _ = await rate(n, raw_start)
            api_rate, _ = await rate(n, api_start)
            print(
                f"drafts started/s: API {api_rate:7.1f}   raw start_workflow {raw_rate:7.1f}"
                f"   ratio {api_rate / raw_rate:.0%} (goal >= 50%)"
            )

            deadline = (datetime.now(UTC) + timedelta(days=7)).isoformat()
            rounds = []
            for i in range(10):
                r = await http.post(
                    f"/api/drafts/draft-bench-draft-{run}-{i}/rounds",
                    json={"invitees": {"everyone": True}, "deadline": deadline},
                )
                assert r.status_code == 200, r.text
                rounds.append(r.json())
            tokens = [
                make_token(
                    settings,
                    ReviewerLink(workflow_id=r["round_id"], participant_id=p, email=f"{p}@bench"),
                )
                for r in rounds
                for p in r["invitees"][:-1]  # one stays silent: the rounds stay open
            ]

            async def api_answer(i: int) -> object:
                r = await http.post(
                    f"/api/review/{tokens[i]}/answer",
                    json={
                        "position": "comments",
                        "comments": [{"section_id": "s1", "text": f"comment {i}"}],
                    },
                )
                assert r.status_code == 200, r.text
                return r

            async def raw_update(i: int) -> object:
                handle = client.get_workflow_handle(f"raw-{run}-{i % 10}")
                return await handle.execute_update(EmptyWorkflow.touch, Empty())

            raw_answers, _ = await rate(len(tokens), raw_update)
            api_answers, _ = await rate(len(tokens), api_answer)
            print(
                f"answers/s:        API {api_answers:7.1f}   raw execute_update {raw_answers:7.1f}"
                f"   ratio {api_answers / raw_answers:.0%} (goal >= 50%)"
            )

            one: list[float] = []
            for i in range(100):  # one at a time: what a reviewer waits for
                t = time.perf_counter()
                await api_answer(i)
                one.append((time.perf_counter() - t) * 1000)
            q = statistics.quantiles(one, n=100)
            print(
                f"one answer:       p50 {q[49]:.1f} ms   p99 {q[98]:.1f} ms "
                "(API, sequential, answers replace earlier ones)"
            )

            before = rss_mb(worker_pid, "VmRSS")
            more = 1000 - n

            async def open_draft(i: int) -> object:
                return await api_start(n + i)

            await rate(more, open_draft)
            await asyncio.sleep(5)  # let the worker take up every new draft
            print(
                f"worker process peak RSS: {rss_mb(worker_pid):.0f} MB with 1,000 open drafts "
                f"(resident before them: {before:.0f} MB, "
                f"after: {rss_mb(worker_pid, 'VmRSS'):.0f} MB)"
            )
    await env.shutdown()
    smtp.stop()


if __name__ == "__main__":
    asyncio.run(main())
