"""Stopping cleanly: `ppflow worker` and `ppflow web` processes given SIGTERM while they work
finish that work (the notice going out, the request waiting on Temporal) and exit 0."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
from aiosmtpd.controller import Controller
from temporalio.api.enums.v1 import EventType
from temporalio.testing import WorkflowEnvironment

from app.embedded import port_in_use
from models.settings import Settings
from tests.app.test_processes import answered, environment, ppflow
from tests.conftest import free_port
from tests.web.test_api import LEAD, later, new_draft

HOLD = 3.0  # the relay takes this long to accept each message


class SlowRelay:
    """A mail relay that holds every message HOLD seconds before it accepts it."""

    def __init__(self) -> None:
        self.arrived = threading.Event()
        self.accepted: list[bytes] = []

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        self.arrived.set()
        await asyncio.sleep(HOLD)
        self.accepted.append(envelope.original_content)
        return "250 accepted"


class Output:
    """A process's output, read as it comes (so a test can wait for a line)."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.lines: list[str] = []
        self.process = process
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line)

    def wait_for(self, text: str, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while not any(text in line for line in self.lines):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"no {text!r} in: {self.text}")
            time.sleep(0.1)

    @property
    def text(self) -> str:
        return "".join(self.lines)


async def activity_outcomes(dev_env: WorkflowEnvironment, workflow_id: str) -> dict[str, list[str]]:
    """Each activity type of a workflow's history: how each of its attempts ended."""
    scheduled: dict[int, str] = {}
    outcomes: dict[str, list[str]] = {}
    ends = {
        EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED: "completed",
        EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED: "failed",
        EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT: "timed out",
        EventType.EVENT_TYPE_ACTIVITY_TASK_CANCELED: "cancelled",
    }
    async for event in dev_env.client.get_workflow_handle(workflow_id).fetch_history_events():
        if event.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
            name = event.activity_task_scheduled_event_attributes.activity_type.name
            scheduled[event.event_id] = name
            outcomes.setdefault(name, [])
        elif event.event_type in ends:
            attrs = next(
                getattr(event, f.name)
                for f, _ in event.ListFields()
                if f.name.endswith("_event_attributes")
            )
            outcomes[scheduled[attrs.scheduled_event_id]].append(ends[event.event_type])
    return outcomes


async def test_a_worker_given_sigterm_lets_its_notice_go_out_and_exits_0(
    dev_env: WorkflowEnvironment, settings: Settings, api: httpx.AsyncClient
) -> None:
    relay = SlowRelay()
    controller = Controller(relay, hostname="127.0.0.1", port=free_port())
    controller.start()
    env = environment(dev_env, settings, free_port())
    env.update(PPFLOW_SMTP_HOST="127.0.0.1", PPFLOW_SMTP_PORT=str(controller.port))
    worker = ppflow("worker", env)
    output = Output(worker)
    try:
        output.wait_for("worker polling task queue")
        r = await api.post("/api/drafts", headers=LEAD, json=new_draft())
        draft = r.json()["draft_id"]
        r = await api.post(
            f"/api/drafts/{draft}/rounds",
            headers=LEAD,
            json={"invitees": {"participants": ["DE"]}, "deadline": later(days=7)},
        )
        assert r.status_code == 200, r.text
        round_id = r.json()["round_id"]
        assert await asyncio.to_thread(relay.arrived.wait, 60), output.text
        worker.send_signal(signal.SIGTERM)  # while the relay holds the invitation
        assert await asyncio.to_thread(worker.wait, 60) == 0, output.text
        output.reader.join(5)
        assert "stopping: no new tasks" in output.text and "worker stopped" in output.text
        assert "Traceback" not in output.text, output.text
        # the mail the worker was sending was accepted, and Temporal has the activity completed
        assert len(relay.accepted) >= 1
        outcomes = await activity_outcomes(dev_env, round_id)
        assert outcomes["send_notices"] and set(outcomes["send_notices"]) == {"completed"}, (
            outcomes
        )
    finally:
        if worker.poll() is None:
            worker.kill()
        controller.stop()


async def test_a_web_process_given_sigterm_answers_the_request_in_flight(
    dev_env: WorkflowEnvironment, settings: Settings, run_worker: Any
) -> None:
    port = free_port()
    web = ppflow("web", environment(dev_env, settings, port))
    base = f"http://127.0.0.1:{port}"
    try:
        await asyncio.to_thread(answered, web, f"{base}/api/drafts")
        r = httpx.post(f"{base}/api/drafts", headers=LEAD, json=new_draft())
        assert r.status_code == 201, r.text
        draft = r.json()["draft_id"]

        def open_round() -> httpx.Response:  # waits for a worker: there is none yet
            return httpx.post(
                f"{base}/api/drafts/{draft}/rounds",
                headers=LEAD,
                json={"invitees": {"participants": ["DE"]}, "deadline": later(days=7)},
                timeout=60,
            )

        with ThreadPoolExecutor(1) as pool:
            request = pool.submit(open_round)
            await asyncio.sleep(1.5)  # the request is in the web app, waiting on Temporal
            assert not request.done()
            web.send_signal(signal.SIGTERM)
            await asyncio.sleep(0.5)
            assert web.poll() is None  # it waits for the request
            with httpx.Client() as fresh:  # and takes no new one
                try:
                    fresh.get(f"{base}/api/drafts", timeout=2)
                    refused = False
                except httpx.TransportError:
                    refused = True
            assert refused
            async with run_worker(dev_env.client):
                response = await asyncio.wrap_future(request)
        assert response.status_code == 200, response.text
        assert response.json()["number"] == 1
        out, _ = await asyncio.to_thread(web.communicate, timeout=30)
        assert web.returncode == 0 and "Traceback" not in out, out
    finally:
        if web.poll() is None:
            web.kill()


def test_ppflow_run_given_sigterm_stops_everything_and_exits_0(tmp_path: Path) -> None:
    ports = {
        name: free_port() for name in ("TEMPORAL", "TEMPORAL_UI", "SMTP", "WEB", "INBOUND_SMTP")
    }
    env = {k: v for k, v in os.environ.items() if not k.startswith("PPFLOW_")}
    env.update({f"PPFLOW_{name}_PORT": str(port) for name, port in ports.items()})
    env["PPFLOW_DATA_DIR"] = str(tmp_path / "data")
    run = ppflow("run", env)
    output = Output(run)
    try:
        output.wait_for("Ctrl-C stops everything.", seconds=90)
        r = httpx.get(f"http://127.0.0.1:{ports['WEB']}/api/drafts", headers=LEAD)
        assert r.status_code == 200, r.text
        run.send_signal(signal.SIGTERM)
        assert run.wait(60) == 0, output.text
        output.reader.join(5)
        assert "stopping…" in output.text and "Traceback" not in output.text, output.text
        assert not any(port_in_use(port) for port in ports.values())  # Temporal's too
    finally:
        if run.poll() is None:
            run.kill()
