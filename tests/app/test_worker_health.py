"""The worker's own small HTTP port (`PPFLOW_WORKER_HTTP_PORT`): /healthz from the start, /readyz
once Temporal, the database and the relay answer and the worker polls (503 naming what is
missing before that), /metrics with the worker's figures; and the Temporal SDK's own metrics on
`PPFLOW_TEMPORAL_METRICS_ADDRESS`."""

from __future__ import annotations

import asyncio
import signal
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest
from temporalio.testing import WorkflowEnvironment

from models.settings import Settings
from tests.app.test_processes import answered, environment, ppflow
from tests.conftest import free_port, until
from worker import run_worker


@asynccontextmanager
async def worker_running(settings: Settings) -> AsyncIterator[str]:
    """`run_worker` (what `ppflow worker` runs) in this process; the base URL of its port."""
    stop = asyncio.Event()
    task = asyncio.create_task(run_worker(settings, stop))
    base = f"http://127.0.0.1:{settings.worker_http_port}"
    try:
        async with httpx.AsyncClient(base_url=base, timeout=10) as http:

            async def alive() -> bool:
                if task.done():
                    task.result()  # it stopped: say why
                try:
                    return (await http.get("/healthz")).status_code == 200
                except httpx.TransportError:
                    return False

            await until(alive)
        yield base
    finally:
        stop.set()
        await asyncio.wait_for(task, 60)


async def test_the_worker_port_answers_health_and_metrics(
    dev_env: WorkflowEnvironment, settings: Settings
) -> None:
    sdk = f"127.0.0.1:{free_port()}"
    settings = settings.model_copy(
        update={
            "temporal_address": dev_env.client.service_client.config.target_host,
            "worker_http_port": free_port(),
            "temporal_metrics_address": sdk,
        }
    )
    async with worker_running(settings) as base, httpx.AsyncClient(base_url=base) as http:

        async def ready() -> httpx.Response | None:
            r = await http.get("/readyz")
            return r if r.status_code == 200 else None

        body = (await until(ready)).json()
        assert set(body["checks"]) == {"temporal", "database", "relay", "polling"}
        metrics = (await http.get("/metrics")).text
        assert f'ppflow_worker_polling{{task_queue="{settings.task_queue}"}} 1.0' in metrics
        assert "ppflow_outbox_oldest_pending_age_seconds" in metrics
        assert (await http.get("/nothing-here")).status_code == 404
        assert (await http.post("/metrics")).status_code == 405

        # the SDK serves its own metrics (polls, slots) on its address
        async def sdk_metrics() -> str | None:
            text = httpx.get(f"http://{sdk}/metrics").text
            return text if "temporal_" in text else None

        text = await until(sdk_metrics)
        assert f'task_queue="{settings.task_queue}"' in text
    # stopped: the port is closed with the worker
    with pytest.raises(httpx.TransportError):
        httpx.get(f"{base}/healthz")


async def test_a_worker_waiting_for_temporal_is_alive_but_not_ready(settings: Settings) -> None:
    settings = settings.model_copy(
        update={"temporal_address": f"127.0.0.1:{free_port()}", "worker_http_port": free_port()}
    )
    async with worker_running(settings) as base, httpx.AsyncClient(base_url=base) as http:
        assert (await http.get("/healthz")).status_code == 200
        r = await http.get("/readyz")
        assert r.status_code == 503
        checks = r.json()["checks"]
        assert not checks["temporal"]["ok"]
        assert checks["temporal"]["problem"] == "not connected yet"
        assert checks["polling"]["problem"] == "not polling yet"
        assert checks["database"]["ok"] and checks["relay"]["ok"]
        polling = f'ppflow_worker_polling{{task_queue="{settings.task_queue}"}} 0.0'
        assert polling in (await http.get("/metrics")).text


def test_ppflow_worker_serves_its_port_as_a_process(
    dev_env: WorkflowEnvironment, settings: Settings
) -> None:
    """`ppflow worker` with PPFLOW_WORKER_HTTP_PORT and PPFLOW_TEMPORAL_METRICS_ADDRESS set: ready
    once it polls, the SDK's metrics beside, the port closed when SIGTERM stopped it."""
    port, sdk = free_port(), f"127.0.0.1:{free_port()}"
    env = environment(dev_env, settings, free_port())
    env.update(
        PPFLOW_SMTP_HOST=settings.effective_smtp_host,
        PPFLOW_SMTP_PORT=str(settings.smtp_port),
        PPFLOW_WORKER_HTTP_PORT=str(port),
        PPFLOW_TEMPORAL_METRICS_ADDRESS=sdk,
    )
    worker = ppflow("worker", env)
    try:
        deadline = time.monotonic() + 90
        while (r := answered(worker, f"http://127.0.0.1:{port}/readyz")).status_code != 200:
            assert time.monotonic() < deadline, r.text
            time.sleep(0.2)
        assert r.json()["checks"]["polling"]["ok"]
        assert "ppflow_worker_polling" in httpx.get(f"http://127.0.0.1:{port}/metrics").text
        assert "temporal_num_pollers" in httpx.get(f"http://{sdk}/metrics").text
        worker.send_signal(signal.SIGTERM)
        out, _ = worker.communicate(timeout=60)
        assert worker.returncode == 0, out
        assert "Traceback" not in out
    finally:
        if worker.poll() is None:
            worker.kill()
    with pytest.raises(httpx.TransportError):
        httpx.get(f"http://127.0.0.1:{port}/healthz")
