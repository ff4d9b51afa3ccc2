"""The FastAPI application: `create_app(settings, client)`; uvicorn runs it in `ppflow run`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from temporalio.client import Client

from models.db import make_engine, make_sessionmaker
from models.settings import Settings
from ppflow.service import ServiceError
from ppflow.temporal import connect
from web.api import router
from web.reviewers import router as reviewers_router


def create_app(settings: Settings, client: Client | None = None) -> FastAPI:
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
        description='Drafts of the Prague Process from first text to "Final and endorsed".',
    )
    app.state.settings = settings
    app.state.client = client
    app.state.sessions = make_sessionmaker(engine)

    @app.exception_handler(ServiceError)
    async def _service_error(request: Request, exc: ServiceError) -> JSONResponse:
        return JSONResponse({"detail": exc.message}, status_code=exc.status_code)

    app.include_router(router)
    app.include_router(reviewers_router)
    return app
