"""The checks of the two-of-everything run (`make chaos-quick`) themselves: a call that a killed
web process leaves without a response goes to the other one and is not counted as lost, while a
web process that stops answering unasked is; and the work each worker did is read from the
workflows' histories by its PID."""

from __future__ import annotations

import asyncio
import os
import random
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

import httpx
from temporalio import activity, workflow
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import UnsandboxedWorkflowRunner, Worker

from bench.chaos.drive import Driver, WebEnd
from bench.chaos.figures import work_by_worker
from bench.chaos.parts import Child, Relay, free_port, wait_for_port

# A web process that takes connections and never answers (a request is in flight when it dies).
SILENT = (
    "import socket, sys, time\n"
    "s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n"
    "s.bind(('127.0.0.1', int(sys.argv[1]))); s.listen(); held = []\n"
    "while True: held.append(s.accept())\n"
)


def web(name: str, args: list[str], port: int, folder: Path) -> WebEnd:
    log = folder / f"{name}.log"
    child = Child(name, [sys.executable, *args, str(port)], dict(os.environ), log)
    child.start()
    wait_for_port(port, 20)
    return WebEnd(f"http://127.0.0.1:{port}", child)


def driver(webs: list[WebEnd]) -> Driver:
    now = time.monotonic()
    d = Driver(webs, Relay(free_port()), random.Random(1), lambda _: None, now, now + 30)  # type: ignore[arg-type,return-value]
    d.turn = -1  # the first call goes to the first web process
    return d


async def test_a_call_cut_by_a_killed_web_process_goes_to_the_other(tmp_path: Path) -> None:
    silent = web("web-1", ["-c", SILENT], free_port(), tmp_path)
    serving = web("web-2", ["-m", "http.server", "--bind", "127.0.0.1"], free_port(), tmp_path)
    d = driver([silent, serving])
    try:
        async with httpx.AsyncClient(timeout=20) as d.http:
            call = asyncio.create_task(d.call("GET", "/"))
            await asyncio.sleep(1.0)  # the request is in flight at the silent one
            silent.child.held = True
            silent.child.kill()
            r = await call
        assert r is not None and r.status_code == 200
        assert d.statuses["no response from a killed web process, sent again"] == 1
        assert d.statuses["no response"] == 0 and d.bad == []
        assert (silent.responses, serving.responses) == (0, 1)
    finally:
        silent.child.kill()
        serving.child.kill()


async def test_a_web_process_gone_unasked_counts_as_no_response(tmp_path: Path) -> None:
    first = web("web-1", ["-m", "http.server", "--bind", "127.0.0.1"], free_port(), tmp_path)
    second = web("web-2", ["-m", "http.server", "--bind", "127.0.0.1"], free_port(), tmp_path)
    d = driver([first, second])
    try:
        assert first.child.proc is not None
        first.child.proc.kill()  # not through the fault: nobody asked for it
        first.child.proc.wait()
        async with httpx.AsyncClient(timeout=20) as d.http:
            r = await d.call("GET", "/")
        assert r is None
        assert d.statuses["no response"] == 1
        assert "web-1: no response" in d.bad[0]
    finally:
        second.child.kill()


@activity.defn
async def take_note(text: str) -> str:
    return text


@workflow.defn
class NoteWorkflow:
    @workflow.run
    async def run(self) -> str:
        return await workflow.execute_activity(
            take_note, "noted", start_to_close_timeout=timedelta(seconds=10)
        )


async def test_the_work_of_each_worker_is_read_from_the_histories(
    dev_env: WorkflowEnvironment,
) -> None:
    client = dev_env.client
    queue, workflow_id = f"chaos-work-{uuid.uuid4().hex[:6]}", f"note-{uuid.uuid4().hex[:8]}"
    async with Worker(
        client,
        task_queue=queue,
        workflows=[NoteWorkflow],
        activities=[take_note],
        workflow_runner=UnsandboxedWorkflowRunner(),
    ):
        assert await client.execute_workflow(NoteWorkflow.run, id=workflow_id, task_queue=queue)
    # this process's worker did it all; a worker that was never started took nothing
    work = await work_by_worker(client, [workflow_id], {"worker-1": [os.getpid()], "worker-2": [1]})
    assert work["worker-1"] == {"workflow tasks": 2, "activities": 1}
    assert work["worker-2"] == {}
    assert "other" not in work
    # work done by a process that is none of the workers' is counted apart
    stranger = await work_by_worker(client, [workflow_id], {"worker-1": [1]})
    assert stranger["other"] == {"workflow tasks": 2, "activities": 1}
