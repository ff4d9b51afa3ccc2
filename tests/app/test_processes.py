"""`ppflow web` and `ppflow worker` as separate OS processes, as a Secretariat's IT runs them:
the web app alone (no worker inside it), each stopping cleanly on SIGTERM, a taken port named
with the process that holds it."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
from temporalio.testing import WorkflowEnvironment

from models.settings import Settings
from tests.conftest import free_port

ROOT = Path(__file__).resolve().parents[2]


def ppflow(command: str, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", "from app.cli import main; main()", command],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def environment(dev_env: WorkflowEnvironment, settings: Settings, port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PPFLOW_")}
    env.update(
        PPFLOW_TEMPORAL_ADDRESS=dev_env.client.service_client.config.target_host,
        PPFLOW_DATABASE_URL=settings.effective_database_url,
        PPFLOW_TASK_QUEUE=settings.task_queue,
        PPFLOW_DATA_DIR=str(settings.data_dir),
        PPFLOW_WEB_PORT=str(port),
    )
    return env


def answered(process: subprocess.Popen[str], url: str, seconds: float = 90) -> httpx.Response:
    deadline = time.monotonic() + seconds
    while True:
        try:
            return httpx.get(url, headers={"Authorization": "Bearer dev-secretariat-token"})
        except httpx.TransportError:
            if process.poll() is not None:
                raise AssertionError(f"it stopped: {process.communicate()[0]}") from None
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_ppflow_web_serves_alone_and_stops_on_sigterm(
    dev_env: WorkflowEnvironment, settings: Settings
) -> None:
    port = free_port()
    web = ppflow("web", environment(dev_env, settings, port))
    try:
        r = answered(web, f"http://127.0.0.1:{port}/api/drafts")
        assert r.status_code == 200, r.text
        # no worker runs inside the web process: nothing polls the task queue from it
        web.send_signal(signal.SIGTERM)
        out, _ = web.communicate(timeout=30)
        assert web.returncode == 0, out
        assert f"ppflow web on http://127.0.0.1:{port}" in out and "Traceback" not in out
    finally:
        if web.poll() is None:
            web.kill()


def test_the_uvicorn_factory_line_of_the_readme_works(
    dev_env: WorkflowEnvironment, settings: Settings
) -> None:
    """`uvicorn --factory web.app:create_app`: settings from the environment, Temporal
    connected at start."""
    port = free_port()
    web = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory", "web.app:create_app", "--port", str(port)],
        env=environment(dev_env, settings, port),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        r = answered(web, f"http://127.0.0.1:{port}/api/drafts")
        assert r.status_code == 200, r.text
    finally:
        web.terminate()
        web.communicate(timeout=30)


def test_a_taken_port_is_named_with_its_holder(
    dev_env: WorkflowEnvironment, settings: Settings
) -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        web = ppflow("web", environment(dev_env, settings, port))
        out, _ = web.communicate(timeout=60)
    assert web.returncode == 1
    assert f"port {port} by process {os.getpid()} (" in out, out
    assert "Traceback" not in out


def test_a_public_web_app_refuses_development_secrets(
    dev_env: WorkflowEnvironment, settings: Settings
) -> None:
    env = environment(dev_env, settings, free_port())
    env["PPFLOW_PUBLIC_BASE_URL"] = "https://ppflow.example.org"
    web = ppflow("web", env)
    out, _ = web.communicate(timeout=60)
    assert web.returncode == 1 and "PPFLOW_SECRET_KEY" in out and "Traceback" not in out
