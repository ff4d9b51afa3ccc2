"""The FastAPI application: `create_app(settings, client)`; uvicorn runs it in `ppflow run`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import quote

from fastapi import Depends, FastAPI, Request, Response
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import DisconnectionError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware
from temporalio.client import Client

from models.connection import connect
from models.db import make_engine, make_sessionmaker
from models.settings import Settings
from models.tracing import tracer
from ppflow.logs import configure_program
from ppflow.service import ServiceError, request_problem
from web.api import router
from web.deadline import RequestDeadline
from web.deps import refuse_unstorable_text
from web.health import RequestMetrics, health
from web.pages import LoginRequired, pages
from web.review import router as review_router
from web.reviewers import router as reviewers_router
from web.telemetry import RequestTelemetry
from web.templating import RETRY_AFTER, error_page, wants_json
from web.word import word

DATABASE_AWAY = (
    "ppflow's database is not answering just now; nothing already recorded is lost. "
    "Please try again in a minute."
)


def create_app(settings: Settings | None = None, client: Client | None = None) -> FastAPI:
    """The web app; with no arguments (`uvicorn --factory web.app:create_app`) it reads its
    settings from the environment and connects to Temporal when it starts."""
    from_environment = settings is None
    settings = settings or Settings()
    if from_environment:  # a process starting from its environment (`uvicorn --factory`)
        try:
            settings.refuse_development_secrets()
        except ValueError as e:
            raise RuntimeError(str(e)) from None
        configure_program(settings, "ppflow-web")  # ppflow's log lines (uvicorn keeps its own)
    engine = make_engine(settings.effective_database_url)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if app.state.client is None:
            app.state.client = await connect(settings)
        yield
        engine.dispose()

    app = FastAPI(
        title="ppflow",
        version="0.1.0",
        lifespan=lifespan,
        dependencies=[Depends(refuse_unstorable_text)],  # a NUL never gets in
        description='Drafts of the Prague Process from first text to "Final and endorsed".',
    )
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.secret_key,
        session_cookie="ppflow_session",
        max_age=12 * 3600,
        same_site="lax",
        https_only=settings.public_base_url.startswith("https://"),
    )
    app.add_middleware(RequestDeadline, seconds=settings.request_deadline_seconds)
    app.add_middleware(RequestMetrics)  # outside the deadline: counts its 503s too
    # outermost: every response (a 503 of the deadline too) has its X-Request-ID and span
    app.add_middleware(RequestTelemetry, tracer=tracer(settings))
    app.state.settings = settings
    app.state.client = client
    app.state.sessions = make_sessionmaker(engine)

    @app.exception_handler(ServiceError)
    async def _service_error(request: Request, exc: ServiceError) -> JSONResponse:
        busy = {"Retry-After": RETRY_AFTER} if exc.status_code == 503 else None
        return JSONResponse({"detail": exc.message}, status_code=exc.status_code, headers=busy)

    async def _database_away(request: Request, exc: Exception) -> Response:
        """The database refuses or is too slow: a 503 that says nothing is lost, never a 500."""
        if wants_json(request):
            return JSONResponse(
                {"detail": DATABASE_AWAY}, status_code=503, headers={"Retry-After": RETRY_AFTER}
            )
        return error_page(request, DATABASE_AWAY, 503)

    for away in (OperationalError, InterfaceError, DisconnectionError, PoolTimeout):
        app.add_exception_handler(away, _database_away)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        """One line that names the field and says what is wrong; never the input back."""
        return JSONResponse({"detail": request_problem(exc.errors())}, status_code=422)

    app.include_router(router)
    app.include_router(pages)
    app.mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static")

    @app.exception_handler(LoginRequired)
    async def _login(request: Request, exc: LoginRequired) -> Response:
        return RedirectResponse(f"/login?next={quote(exc.next_url)}", status_code=303)

    @app.exception_handler(StarletteHTTPException)  # FastAPI's, and a path no route has
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        """JSON for the API, a page for people."""
        if wants_json(request):
            return await http_exception_handler(request, exc)
        return error_page(request, exc.detail, exc.status_code)

    app.include_router(word)
    app.include_router(reviewers_router)
    app.include_router(review_router)
    app.include_router(health)  # /healthz, /readyz, /metrics: no sign-in
    return app
