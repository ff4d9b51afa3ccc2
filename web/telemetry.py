"""Every request gets an id and, when tracing is on, a span.

The id is the caller's `X-Request-ID` when it is sane (1 to 128 letters, digits and `._:-`),
else a new one; it is sent back in the response's `X-Request-ID` and put on every log line the
request writes (`ppflow.logs.bind_request`). With tracing on (`models.tracing`), the request is a
server span named after its route (`POST /api/drafts`), the parent of the Temporal client's spans
(StartWorkflow, StartWorkflowUpdate, ...) and so of the workflow's and activities'; a caller's
W3C `traceparent` makes it a child of the caller's span. Only the route's template is recorded,
never the path itself (a reviewer's link carries a token in its path).
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from typing import TYPE_CHECKING

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ppflow.logs import bind_request

if TYPE_CHECKING:
    from opentelemetry.trace import Tracer

REQUEST_ID_HEADER = "x-request-id"
SANE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")

# One line a request: method, route template, status, time (INFO; `ppflow run` shows WARNING up).
access = logging.getLogger("ppflow.access")
# Probes and scrapes (a readiness failure is logged once by ppflow.health, not per probe).
PROBES = frozenset({"/healthz", "/readyz", "/metrics"})


def request_id_of(scope: Scope) -> str:
    """The caller's request id when it is sane, else a new one."""
    for name, value in scope.get("headers") or []:
        if name == REQUEST_ID_HEADER.encode():
            given = value.decode("latin-1").strip()
            if SANE_REQUEST_ID.match(given):
                return given
            break
    return uuid.uuid4().hex


def route_of(scope: Scope) -> str | None:
    """The route's template (`/api/drafts/{draft_id}`) once the router has matched it."""
    route = scope.get("route")
    path = getattr(route, "path_format", None) or getattr(route, "path", None)
    if isinstance(path, str):
        return path
    return None


class RequestTelemetry:
    """ASGI middleware: the request id, its log context and (tracing on) the request's span."""

    def __init__(self, app: ASGIApp, tracer: Tracer | None = None) -> None:
        self.app = app
        self.tracer = tracer

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = request_id_of(scope)
        status: list[int] = []

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                status.append(message["status"])
                headers = [
                    (k, v) for k, v in message.get("headers", []) if k != REQUEST_ID_HEADER.encode()
                ]
                headers.append((REQUEST_ID_HEADER.encode(), request_id.encode()))
                message = {**message, "headers": headers}
            await send(message)

        started = time.perf_counter()
        with bind_request(request_id, scope):
            if self.tracer is None:
                await self._answer(scope, receive, sending, status, started)
            else:
                await self._traced(scope, receive, sending, request_id, status, started)

    async def _traced(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        request_id: str,
        status: list[int],
        started: float,
    ) -> None:
        from opentelemetry.propagate import extract
        from opentelemetry.trace import SpanKind, Status, StatusCode

        assert self.tracer is not None
        carrier = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope.get("headers", [])}
        method = scope.get("method", "GET")
        with self.tracer.start_as_current_span(
            method,
            context=extract(carrier),
            kind=SpanKind.SERVER,
            attributes={"http.request.method": method, "ppflow.request_id": request_id},
            record_exception=True,
            set_status_on_exception=True,
        ) as span:
            try:
                await self._answer(scope, receive, send, status, started)
            finally:
                route = route_of(scope)
                if route:
                    span.update_name(f"{method} {route}")
                    span.set_attribute("http.route", route)
                if status:
                    span.set_attribute("http.response.status_code", status[0])
                    if status[0] >= 500:
                        span.set_status(Status(StatusCode.ERROR))

    async def _answer(
        self, scope: Scope, receive: Receive, send: Send, status: list[int], started: float
    ) -> None:
        """The app's answer, and its access line (in the span: the line has its trace id)."""
        failure: BaseException | None = None
        try:
            await self.app(scope, receive, send)
        except BaseException as e:
            failure = e
            raise
        finally:
            _log_access(scope, status, started, failure)


def _log_access(
    scope: Scope, status: list[int], started: float, failure: BaseException | None
) -> None:
    """`POST /api/drafts 201 35 ms`: the route's template, never the path (it may hold a
    reviewer's token); a warning for a 5xx or a request that ended in an exception."""
    code = str(status[0]) if status else "-"
    route = route_of(scope) or "-"
    if route in PROBES and failure is None:  # scraped every few seconds: only at DEBUG
        level = logging.DEBUG
    elif failure is not None or (status and status[0] >= 500):
        level = logging.WARNING
    else:
        level = logging.INFO
    if failure is not None:
        code = f"{code if status else 500} ({type(failure).__name__})"
    access.log(
        level,
        "%s %s %s %.0f ms",
        scope.get("method", "-"),
        route,
        code,
        (time.perf_counter() - started) * 1000,
    )
