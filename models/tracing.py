"""OpenTelemetry tracing, on when an OTLP endpoint is configured and off (no provider, no
interceptor, nothing done per call) otherwise.

On: `PPFLOW_OTLP_ENDPOINT` (the collector's base URL, e.g. `http://otel-collector:4318`; spans
go to `<it>/v1/traces` over OTLP/HTTP), or the standard `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` /
`OTEL_EXPORTER_OTLP_ENDPOINT` (read by the exporter as the OpenTelemetry spec says, with
`OTEL_EXPORTER_OTLP_HEADERS` and the rest). `OTEL_SDK_DISABLED=true` turns it off whatever is
set. The service name is `OTEL_SERVICE_NAME` when set, else the program's (`ppflow-web`,
`ppflow-worker`, `ppflow`).

Temporal's `TracingInterceptor` is given to `Client.connect` (`models.connection.connect`), so
every client call (StartWorkflow, StartWorkflowUpdate, QueryWorkflow, SignalWorkflow) is a span,
and a worker built on that client inherits it: RunWorkflow, StartActivity, RunActivity. The web
app's request span (`web.telemetry`) is their parent, so one trace runs from the request to the
activities. The provider is ppflow's own, not OpenTelemetry's global one (which can be set once
per process): tests install an in-memory one with `use_tracer_provider`.
"""

from __future__ import annotations

import os
import threading
from typing import TYPE_CHECKING, Any

from models.settings import Settings

if TYPE_CHECKING:
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.trace import Tracer

TRACER_NAME = "ppflow"
_OTEL_ENDPOINTS = ("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_ENDPOINT")

_lock = threading.Lock()
_installed: TracerProvider | None = None  # given by use_tracer_provider (tests, embedding)
_built: TracerProvider | None = None  # made from the configuration, once per process
_service_name = "ppflow"


def otlp_endpoint(settings: Settings) -> str | None:
    """Where spans go, or None when tracing is off."""
    if os.environ.get("OTEL_SDK_DISABLED", "").strip().lower() == "true":
        return None
    if settings.otlp_endpoint:
        base = settings.otlp_endpoint.rstrip("/")
        return base if base.endswith("/v1/traces") else f"{base}/v1/traces"
    for name in _OTEL_ENDPOINTS:
        if os.environ.get(name, "").strip():
            return os.environ[name].strip()
    return None


def name_service(name: str) -> None:
    """The program's name on its spans (`service.name`), unless OTEL_SERVICE_NAME says."""
    global _service_name
    _service_name = name


def use_tracer_provider(provider: TracerProvider | None) -> None:
    """Trace into this provider whatever the configuration says (None: back to the
    configuration). Clients connected and apps made afterwards use it."""
    global _installed
    _installed = provider


def tracer_provider(settings: Settings) -> TracerProvider | None:
    """The provider spans go to, or None when tracing is off (nothing is built then)."""
    global _built
    if _installed is not None:
        return _installed
    endpoint = otlp_endpoint(settings)
    if endpoint is None:
        return None
    with _lock:
        if _built is None:
            _built = _otlp_provider(endpoint if settings.otlp_endpoint else None)
    return _built


def _otlp_provider(endpoint: str | None) -> TracerProvider:
    """A provider that batches spans to an OTLP/HTTP collector (flushed at exit)."""
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    from opentelemetry.sdk.resources import SERVICE_NAME, Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor

    attributes: dict[str, Any] = {}
    if not os.environ.get("OTEL_SERVICE_NAME"):
        attributes[SERVICE_NAME] = _service_name
    provider = TracerProvider(resource=Resource.create(attributes))
    # endpoint None: the exporter reads OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT itself
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=endpoint)))
    return provider


def tracer(settings: Settings) -> Tracer | None:
    provider = tracer_provider(settings)
    return None if provider is None else provider.get_tracer(TRACER_NAME)


def tracing_interceptors(settings: Settings) -> list[Any]:
    """For `Client.connect(interceptors=...)`: Temporal's tracing interceptor when tracing is
    on (workers built on the client inherit it), none when off."""
    found = tracer(settings)
    if found is None:
        return []
    from temporalio.contrib.opentelemetry import TracingInterceptor

    return [TracingInterceptor(found)]
