"""The operator's routes: `/healthz` (the process serves), `/readyz` (Temporal, the database and
the relay answer) and `/metrics` (Prometheus), open to anyone who reaches the port and kept out of
the API's schema; and the middleware that counts requests by route template and status."""

from __future__ import annotations

import time

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from starlette.routing import Mount
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from models.metrics import HTTP_REQUESTS, HTTP_SECONDS
from ppflow.health import Readier, metrics_page, standard_checks

health = APIRouter(include_in_schema=False)


@health.get("/healthz")
async def healthz() -> dict[str, str]:
    """200 while the process serves requests; it asks nothing of anything else."""
    return {"status": "alive"}


@health.get("/readyz")
async def readyz(request: Request) -> JSONResponse:
    """200 when Temporal, the database and the mail relay answer; 503 naming the one that
    does not. Each is given `PPFLOW_HEALTH_TIMEOUT_SECONDS` (2 s), all at once."""
    state = request.app.state
    if getattr(state, "readier", None) is None:  # one per app: its checks' runs are shared
        state.readier = Readier(
            lambda: standard_checks(state.settings, state.client, state.sessions),
            state.settings.health_timeout_seconds,
        )
    result = await state.readier()
    return JSONResponse(
        result.model_dump(exclude_none=True),
        status_code=200 if result.ready else 503,
        headers={"Cache-Control": "no-store"},
    )


@health.get("/metrics")
async def metrics(request: Request) -> Response:
    state = request.app.state
    body, content_type = await metrics_page(state.sessions, state.settings.health_timeout_seconds)
    return Response(body, media_type=content_type, headers={"Cache-Control": "no-store"})


METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def route_of(scope: Scope) -> str:
    """The route template that answered (`/api/drafts/{draft_id}`), never the path itself: an id
    or a token would make a series of its own. A path no route took is `unmatched`."""
    route = scope.get("route")
    path = getattr(route, "path_format", None) or getattr(route, "path", None)
    if isinstance(route, Mount) and path:
        return f"{path}/{{path}}"
    if path:
        return str(path)
    if scope.get("path", "").startswith("/static/"):
        return "/static/{path}"
    return "unmatched"


class RequestMetrics:
    """Counts every HTTP request (`ppflow_http_requests_total{method,route,status}`) and times it
    (`ppflow_http_request_duration_seconds{method,route}`). Outermost, so it sees the status
    people got (a deadline's 503, an error page's 500)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = 500  # an exception that escapes every handler is a 500 to the caller
        started = time.perf_counter()

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            method = scope.get("method", "")
            method = method if method in METHODS else "other"
            route = route_of(scope)
            HTTP_REQUESTS.labels(method, route, str(status)).inc()
            HTTP_SECONDS.labels(method, route).observe(time.perf_counter() - started)
