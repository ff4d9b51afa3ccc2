"""Every request gets an answer in time: one still without a response after
`request_deadline_seconds` is answered 503 with `Retry-After` and a sentence a person understands,
whatever part it waits on (Temporal restarting, a database that does not answer). A response
already begun (a download) is left to finish."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from web.templating import RETRY_AFTER, error_page, wants_json

NOT_IN_TIME = (
    "ppflow could not finish this in time (a part of it is restarting or slow); it may or may "
    "not have been done, and nothing already recorded is lost. Sending the same request again "
    "is safe: check the page first if it started something."
)


class RequestDeadline:
    def __init__(self, app: ASGIApp, seconds: float) -> None:
        self.app = app
        self.seconds = seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def sending(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        work = asyncio.ensure_future(self.app(scope, receive, sending))
        done, _ = await asyncio.wait({work}, timeout=self.seconds)
        if work in done or started:
            await work
            return
        work.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await work
        if not started:
            await self._too_late(scope, receive, send)

    @staticmethod
    async def _too_late(scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        response: Any
        if wants_json(request):
            response = JSONResponse(
                {"detail": NOT_IN_TIME}, status_code=503, headers={"Retry-After": RETRY_AFTER}
            )
        else:
            response = error_page(request, NOT_IN_TIME, 503)
        await response(scope, receive, send)
