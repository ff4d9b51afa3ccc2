"""Tracing and log lines on the real dev server, worker and database: one trace runs from the
web request through the Temporal client and the workflow to its activities; JSON log lines carry
the request id, and in an activity the workflow id, the draft id and the trace id; with tracing
off nothing is traced and everything works."""

from __future__ import annotations

import io
import json
import logging
import os
import re
import subprocess
import sys
import threading
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import httpx
import pytest
import pytest_asyncio
import temporalio.activity
import temporalio.workflow
from opentelemetry import trace
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from temporalio import activity, workflow
from temporalio.client import Client, WorkflowHistory
from temporalio.contrib.opentelemetry import TracingInterceptor
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Replayer, UnsandboxedWorkflowRunner, Worker

import models.tracing
from models.connection import connect
from models.settings import Settings
from models.tracing import otlp_endpoint, tracer_provider, tracing_interceptors, use_tracer_provider
from ppflow.logs import configure_logging
from tests.web.test_api import LEAD, new_draft
from tests.workflows.test_lifecycle import eventually
from web.app import create_app
from workflows import ALL_WORKFLOWS

HISTORIES = sorted((Path(__file__).parent.parent / "histories").glob("*/*.json"))


@pytest.fixture
def spans() -> Iterator[InMemorySpanExporter]:
    """Tracing on, into memory (ppflow's own provider: OpenTelemetry's global one stays unset)."""
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    use_tracer_provider(provider)
    try:
        yield exporter
    finally:
        use_tracer_provider(None)
        provider.shutdown()


@pytest.fixture
def log_lines() -> Iterator[io.StringIO]:
    """JSON log lines of this test, as a program writes them (then logging as it was)."""
    root = logging.getLogger()
    level = root.level
    stream = io.StringIO()
    json_settings = Settings(_env_file=None, log_format="json")  # type: ignore[call-arg]
    handler = configure_logging(json_settings, "INFO", stream)
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
        temporalio.workflow.logger.workflow_info_on_message = True
        temporalio.activity.logger.activity_info_on_message = True


def parsed(stream: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]


def on_dev_server(settings: Settings, dev_env: WorkflowEnvironment) -> Settings:
    """The test's settings pointed at the session's dev server, for `connect(settings)`."""
    address = dev_env.client.service_client.config.target_host
    return settings.model_copy(update={"temporal_address": address})


@pytest_asyncio.fixture
async def connected(settings: Settings, dev_env: WorkflowEnvironment) -> Client:
    """A client of the session's dev server, connected the way every process connects."""
    return await connect(on_dev_server(settings, dev_env))


@pytest_asyncio.fixture
async def web(settings: Settings, connected: Client) -> AsyncIterator[httpx.AsyncClient]:
    """The web app in-process on that client."""
    transport = httpx.ASGITransport(app=create_app(settings, connected))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http


def by_name(finished: tuple[ReadableSpan, ...], name: str) -> list[ReadableSpan]:
    return [s for s in finished if s.name == name]


async def test_one_trace_runs_from_the_request_to_the_activities(
    spans: InMemorySpanExporter, connected: Client, web: httpx.AsyncClient, run_worker
) -> None:
    assert [type(i) for i in connected.config()["interceptors"]] == [TracingInterceptor]
    async with run_worker(connected):  # the worker inherits the client's interceptor
        r = await web.post("/api/drafts", json=new_draft(), headers=LEAD)
        assert r.status_code == 201, r.text
        draft = r.json()["draft_id"]

        def activity_ran() -> list[ReadableSpan]:
            return [
                s
                for s in spans.get_finished_spans()
                if s.name.startswith("RunActivity:")
                and (s.attributes or {}).get("temporalWorkflowID") == draft
            ]

        await eventually(activity_ran)
        opened = await web.post(
            f"/api/drafts/{draft}/rounds",
            headers=LEAD,
            json={"invitees": {"participants": ["DE"]}, "deadline": "2099-01-01T00:00:00Z"},
        )
        assert opened.status_code == 200, opened.text
        await eventually(
            lambda: by_name(spans.get_finished_spans(), "RunWorkflow:CommentRoundWorkflow")
        )

    finished = spans.get_finished_spans()
    [request] = by_name(finished, "POST /api/drafts")
    assert request.kind == trace.SpanKind.SERVER and request.parent is None
    assert request.attributes and request.attributes["http.response.status_code"] == 201
    assert request.attributes["ppflow.request_id"] == r.headers["x-request-id"]
    trace_id = request.context.trace_id
    [start] = by_name(finished, "StartWorkflow:DraftWorkflow")
    assert start.parent is not None and start.parent.span_id == request.context.span_id
    in_trace = [s for s in finished if s.context.trace_id == trace_id]
    names = {s.name for s in in_trace}
    assert {"POST /api/drafts", "StartWorkflow:DraftWorkflow", "RunWorkflow:DraftWorkflow"} <= names
    assert any(n.startswith("StartActivity:") for n in names), names
    assert any(n.startswith("RunActivity:") for n in names), names
    assert all(s.context.trace_id == trace_id for s in activity_ran())

    # a later request (opening a round) is a trace of its own with its client call; the
    # workflow handles the update in the draft's trace, linked to that request's call
    [round_request] = by_name(finished, "POST /api/drafts/{draft_id}/rounds")
    [update] = by_name(finished, "StartWorkflowUpdate:open_round")
    assert update.parent is not None and update.parent.span_id == round_request.context.span_id
    assert round_request.context.trace_id != trace_id
    [handled] = by_name(finished, "HandleUpdate:open_round")
    assert handled.context.trace_id == trace_id
    assert [link.context.span_id for link in handled.links] == [update.context.span_id]
    [round_run] = by_name(finished, "RunWorkflow:CommentRoundWorkflow")
    assert round_run.context.trace_id == trace_id
    # a reviewer's token is in some paths: spans name the route, never the path
    assert not any("/api/drafts/draft-" in s.name for s in finished)


async def test_a_callers_trace_continues_and_its_request_id_comes_back(
    spans: InMemorySpanExporter, web: httpx.AsyncClient
) -> None:
    caller_trace = "4bf92f3577b34da6a3ce929d0e0e4736"
    r = await web.get(
        "/api/drafts",
        headers={
            **LEAD,
            "traceparent": f"00-{caller_trace}-00f067aa0ba902b7-01",
            "X-Request-ID": "lb-7f3a.2",
        },
    )
    assert r.status_code == 200, r.text
    assert r.headers["x-request-id"] == "lb-7f3a.2"
    [request] = by_name(spans.get_finished_spans(), "GET /api/drafts")
    assert format(request.context.trace_id, "032x") == caller_trace


async def test_json_lines_carry_the_request_id(
    log_lines: io.StringIO, web: httpx.AsyncClient
) -> None:
    given = await web.get("/api/drafts", headers={**LEAD, "X-Request-ID": "req-42"})
    assert given.headers["x-request-id"] == "req-42"
    # an id that is not sane (spaces, markup, too long) is replaced, never echoed or logged
    for bad in ("two words", "<script>", "x" * 200):
        replaced = await web.get("/api/drafts", headers={**LEAD, "X-Request-ID": bad})
        assert replaced.headers["x-request-id"] != bad
        assert len(replaced.headers["x-request-id"]) == 32
    made = await web.get("/api/drafts/draft-nothing-here", headers=LEAD)
    assert made.status_code == 404
    for probe in ("/healthz", "/metrics"):  # scraped every few seconds: no line at INFO
        assert (await web.get(probe)).status_code == 200

    lines = parsed(log_lines)
    access = [line for line in lines if line["logger"] == "ppflow.access"]
    assert access[0]["request_id"] == "req-42"
    assert access[0]["message"].startswith("GET /api/drafts 200 ")  # type: ignore[union-attr]
    assert all(re.fullmatch("[0-9a-f]{32}", str(line["request_id"])) for line in access[1:4])
    assert not any(bad in log_lines.getvalue() for bad in ("two words", "<script>"))
    [missing] = [line for line in access if "{draft_id}" in str(line["message"])]
    assert missing["draft_id"] == "draft-nothing-here"
    assert missing["request_id"] == made.headers["x-request-id"]
    assert not any(p in str(line["message"]) for line in access for p in ("/healthz", "/metrics"))
    assert all(set(line) >= {"time", "level", "logger", "message"} for line in lines)
    assert not any("trace_id" in line for line in lines)  # tracing is off


@activity.defn
def tell(name: str) -> str:
    logging.getLogger("ppflow.test").info("telling %s", name)
    return name


@workflow.defn(sandboxed=False)
class TellingWorkflow:
    @workflow.run
    async def run(self, name: str) -> str:
        workflow.logger.info("about to tell")
        return await workflow.execute_activity(
            tell, name, start_to_close_timeout=timedelta(seconds=30)
        )


async def test_json_lines_in_an_activity_carry_its_workflow_draft_and_trace(
    spans: InMemorySpanExporter,
    log_lines: io.StringIO,
    settings: Settings,
    connected: Client,
    activity_executor,
) -> None:
    client = connected
    round_id = f"draft-telemetry-{uuid.uuid4().hex[:8]}-round-2"
    tracer = trace.get_tracer("test", tracer_provider=tracer_provider(settings))
    async with Worker(
        client,
        task_queue=settings.task_queue,
        workflows=[TellingWorkflow],
        activities=[tell],
        activity_executor=activity_executor,
        workflow_runner=UnsandboxedWorkflowRunner(),
    ):
        with tracer.start_as_current_span("caller") as caller:
            said = await client.execute_workflow(
                TellingWorkflow.run, "DE", id=round_id, task_queue=settings.task_queue
            )
    assert said == "DE"
    lines = parsed(log_lines)
    [told] = [line for line in lines if line["message"] == "telling DE"]
    assert told["workflow_id"] == round_id
    assert told["draft_id"] == round_id.removesuffix("-round-2")
    assert told["activity"] == "tell"
    assert told["trace_id"] == format(caller.get_span_context().trace_id, "032x")
    [about] = [line for line in lines if line["message"] == "about to tell"]
    assert about["workflow_id"] == round_id and about["draft_id"] == told["draft_id"]


async def test_with_tracing_off_nothing_is_traced_and_everything_works(
    settings: Settings, connected: Client, web: httpx.AsyncClient, run_worker
) -> None:
    assert otlp_endpoint(settings) is None and tracer_provider(settings) is None
    assert tracing_interceptors(settings) == []
    assert connected.config()["interceptors"] == []
    async with run_worker(connected):
        r = await web.post("/api/drafts", json=new_draft(), headers=LEAD)
        assert r.status_code == 201, r.text
        assert len(r.headers["x-request-id"]) == 32
        status = await web.get(f"/api/drafts/{r.json()['draft_id']}", headers=LEAD)
        assert status.status_code == 200, status.text
    # nothing set OpenTelemetry's global provider: no one else's spans go anywhere new
    assert isinstance(trace.get_tracer_provider(), trace.ProxyTracerProvider)


@pytest.mark.parametrize("path", HISTORIES, ids=[f"{p.parent.name}/{p.stem}" for p in HISTORIES])
async def test_kept_histories_replay_with_tracing_on(
    path: Path, spans: InMemorySpanExporter
) -> None:
    """The interceptor adds no commands: every kept history replays with it, and a replay
    makes no workflow spans (they were made when the workflow first ran)."""
    replayer = Replayer(
        workflows=ALL_WORKFLOWS,
        data_converter=pydantic_data_converter,
        interceptors=tracing_interceptors(Settings(_env_file=None)),  # type: ignore[call-arg]
    )
    await replayer.replay_workflow(WorkflowHistory.from_json(path.stem, path.read_text()))
    assert spans.get_finished_spans() == ()


class _Collector(BaseHTTPRequestHandler):
    received: list[tuple[str, str, bytes]] = []

    def do_POST(self) -> None:  # noqa: N802
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.received.append((self.path, self.headers["Content-Type"], body))
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def test_an_otlp_endpoint_turns_tracing_on_and_spans_reach_the_collector(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
        ExportTraceServiceRequest,
    )

    server = HTTPServer(("127.0.0.1", 0), _Collector)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setattr(models.tracing, "_built", None)
    monkeypatch.delenv("OTEL_SDK_DISABLED", raising=False)
    try:
        settings = Settings(  # type: ignore[call-arg]
            _env_file=None, otlp_endpoint=f"http://127.0.0.1:{server.server_port}"
        )
        provider = tracer_provider(settings)
        assert provider is not None
        [interceptor] = tracing_interceptors(settings)
        with interceptor.tracer.start_as_current_span("POST /api/drafts"):
            pass
        assert provider.force_flush(10_000)
        [(path, content_type, body)] = _Collector.received
        assert path == "/v1/traces" and content_type == "application/x-protobuf"
        sent = ExportTraceServiceRequest.FromString(body)
        [resource] = sent.resource_spans
        names = [s.name for scope in resource.scope_spans for s in scope.spans]
        assert names == ["POST /api/drafts"]
        service = {a.key: a.value.string_value for a in resource.resource.attributes}
        assert service["service.name"] == "ppflow"
        provider.shutdown()
    finally:
        server.shutdown()
        server.server_close()

    # the standard variables work too, and OTEL_SDK_DISABLED turns tracing off
    plain = Settings(_env_file=None)  # type: ignore[call-arg]
    monkeypatch.setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318")
    assert otlp_endpoint(plain) == "http://collector:4318"
    monkeypatch.setenv("OTEL_SDK_DISABLED", "true")
    assert otlp_endpoint(plain) is None and tracing_interceptors(plain) == []


def test_a_wrong_otlp_endpoint_or_log_format_is_one_line_naming_it() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PPFLOW_", "OTEL_"))}
    env.update(PPFLOW_OTLP_ENDPOINT="collector:4318", PPFLOW_LOG_FORMAT="xml")
    done = subprocess.run(
        [sys.executable, "-c", "from app.cli import main; main()", "worker"],
        env=env,
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert done.stderr == (
        "ppflow: PPFLOW_OTLP_ENDPOINT: must be the OTLP/HTTP collector's http:// or https:// "
        "URL, e.g. http://127.0.0.1:4318; PPFLOW_LOG_FORMAT: Input should be 'text' or 'json'\n"
    )
    # set but empty is off, as unset
    assert Settings(_env_file=None, otlp_endpoint=" ").otlp_endpoint is None  # type: ignore[call-arg]
