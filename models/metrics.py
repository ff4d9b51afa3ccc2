"""ppflow's own Prometheus metrics, defined once for every part that counts (the web app, the
outbox, the renderer, the worker). Each process serves its own on `/metrics` (the web app on its
port, the worker on `PPFLOW_WORKER_HTTP_PORT`); the Temporal SDK's metrics are served apart, by
the SDK itself, on `PPFLOW_TEMPORAL_METRICS_ADDRESS` (see `models.connection.runtime`)."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram, disable_created_metrics

# No `*_created` series beside each counter and histogram: Prometheus does not need them and they
# double what each scrape carries.
disable_created_metrics()

HTTP_REQUESTS = Counter(
    "ppflow_http_requests",
    "HTTP requests answered, by method, route template and status.",
    ["method", "route", "status"],
)
HTTP_SECONDS = Histogram(
    "ppflow_http_request_duration_seconds",
    "Time to answer an HTTP request, by method and route template.",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
ANSWERS_RECORDED = Counter(
    "ppflow_answers_recorded",
    "Answers the workflows took, by what they answer (round, silence, mission).",
    ["kind"],
)
NOTICES = Counter(
    "ppflow_notices",
    "Outbox rows by what happened to them in this process: queued (written, pending), sent "
    "(the relay took it) or failed (the relay refused the address for good).",
    ["status"],
)
OUTBOX_PENDING = Gauge(
    "ppflow_outbox_pending",
    "Outbox rows waiting to be sent, read from the database at scrape time (NaN: unreadable).",
)
OUTBOX_OLDEST_PENDING_AGE = Gauge(
    "ppflow_outbox_oldest_pending_age_seconds",
    "Age of the oldest outbox row still pending, read at scrape time (0: none pending).",
)
DOCUMENTS_RENDERED = Counter(
    "ppflow_documents_rendered",
    "Word files rendered, by document kind and outcome (ok, failed).",
    ["kind", "outcome"],
)
DOCUMENT_SECONDS = Histogram(
    "ppflow_document_render_seconds",
    "Time to render one Word file, by document kind.",
    ["kind"],
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60),
)
WORKER_POLLING = Gauge(
    "ppflow_worker_polling",
    "1 while this process's worker (`ppflow worker`) polls its task queue, 0 once it stops.",
    ["task_queue"],
)
READY = Gauge(
    "ppflow_ready_check",
    "Result of the last readiness check of each dependency (1 answered, 0 did not).",
    ["check"],
)
