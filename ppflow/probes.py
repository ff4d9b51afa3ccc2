"""The worker's small HTTP port (`PPFLOW_WORKER_HTTP_PORT`): `/healthz`, `/readyz` and `/metrics`,
as the web app answers them, for a worker that has no web app.

A few lines of asyncio rather than a second web stack: three GET routes, one request per
connection, in the worker's own event loop, with no signal handlers of its own (uvicorn installs
some, which would take SIGTERM from the worker's drain) and nothing to install.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import AsyncIterator
from typing import Any

from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import Client
from temporalio.worker import Worker

from models.db import make_engine, make_sessionmaker
from models.metrics import WORKER_POLLING
from models.settings import Settings
from ppflow.health import Check, NotReady, Readier, metrics_page, standard_checks

log = logging.getLogger("ppflow.probes")

MAX_REQUEST = 8192  # bytes of request line and headers; a probe or a scrape sends far fewer
READ_TIMEOUT = 5.0
REASONS = {
    200: "OK",
    400: "Bad Request",
    404: "Not Found",
    405: "Method Not Allowed",
    503: "Service Unavailable",
}


class WorkerProbes:
    """What the worker's port reports on; `run_worker` tells it the client and the worker as
    they come (before that, /readyz says Temporal is not connected yet)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.client: Client | None = None
        self.worker: Worker | None = None
        self.stopping = False
        self._sessions: sessionmaker[Session] | None = None
        self.port: int | None = None  # the port it listens on
        self.readier = Readier(self.checks, settings.health_timeout_seconds)

    @property
    def sessions(self) -> sessionmaker[Session]:
        if self._sessions is None:
            engine = make_engine(self.settings.effective_database_url)
            self._sessions = make_sessionmaker(engine)
        return self._sessions

    def polling(self) -> bool:
        polling = self.worker is not None and self.worker.is_running and not self.stopping
        WORKER_POLLING.labels(self.settings.task_queue).set(1 if polling else 0)
        return polling

    async def _polling(self) -> None:
        if not self.polling():
            raise NotReady("stopping" if self.stopping else "not polling yet")

    def checks(self) -> dict[str, Check]:
        checks = standard_checks(self.settings, self.client, self.sessions)
        checks["polling"] = self._polling
        return checks

    async def ready(self) -> tuple[int, dict[str, Any]]:
        result = await self.readier()
        return (200 if result.ready else 503), result.model_dump(exclude_none=True)

    async def answer(self, method: str, path: str) -> tuple[int, str, bytes]:
        """Status, content type and body for one request."""
        path = path.split("?", 1)[0]
        if path not in ("/healthz", "/readyz", "/metrics"):
            return 404, "application/json", b'{"detail": "not found"}'
        if method not in ("GET", "HEAD"):
            return 405, "application/json", b'{"detail": "only GET"}'
        if path == "/healthz":
            return 200, "application/json", b'{"status":"alive"}'
        if path == "/readyz":
            status, checks = await self.ready()
            return status, "application/json", json.dumps(checks, separators=(",", ":")).encode()
        self.polling()  # the gauge as it is now
        page, content_type = await metrics_page(
            self.sessions, self.settings.health_timeout_seconds
        )
        return 200, content_type, page

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            try:
                head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), READ_TIMEOUT)
                method, path, _ = head.split(b"\r\n", 1)[0].decode("latin-1").split(" ", 2)
            except (asyncio.LimitOverrunError, asyncio.IncompleteReadError, TimeoutError):
                return  # a client that sent no request (a port scan, a dropped connection)
            except ValueError:
                method, path = "", ""
            if method:
                status, content_type, body = await self.answer(method, path)
            else:
                status, content_type, body = 400, "application/json", b'{"detail": "bad request"}'
            header = (
                f"HTTP/1.1 {status} {REASONS.get(status, '')}\r\n"
                f"Content-Type: {content_type}\r\nContent-Length: {len(body)}\r\n"
                "Cache-Control: no-store\r\nConnection: close\r\n\r\n"
            )
            writer.write(header.encode() + (b"" if method == "HEAD" else body))
            await writer.drain()
        except Exception:  # one bad request never stops the port
            log.exception("worker probe request failed")
        finally:
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()

    @contextlib.asynccontextmanager
    async def serving(self, stop: asyncio.Event) -> AsyncIterator[WorkerProbes]:
        """The port, open for as long as the block runs (off when no port is set). Once `stop`
        is set, /readyz answers 503 "stopping" while the worker drains."""
        port = self.settings.worker_http_port
        if not port:
            yield self
            return
        host = self.settings.worker_http_host
        try:
            server = await asyncio.start_server(self._handle, host, port, limit=MAX_REQUEST)
        except OSError as e:
            raise RuntimeError(
                f"the worker cannot listen on {host}:{port} (PPFLOW_WORKER_HTTP_HOST/PORT): "
                f"{e.strerror or e}; another process may hold it"
            ) from None
        self.port = server.sockets[0].getsockname()[1]
        log.info(
            "worker health and metrics on http://%s:%s/ (healthz, readyz, metrics)",
            self.settings.worker_http_host,
            self.port,
        )

        async def stopping() -> None:
            await stop.wait()
            self.stopping = True

        watch = asyncio.create_task(stopping())
        try:
            yield self
        finally:
            watch.cancel()
            self.stopping = True
            WORKER_POLLING.labels(self.settings.task_queue).set(0)
            server.close()
            with contextlib.suppress(Exception):
                await server.wait_closed()
