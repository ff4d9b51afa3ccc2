"""The parts a chaos run starts and breaks, each as in production: the Temporal dev server, the
workers and the web app as OS processes of their own; a mail relay that can refuse with 421 or
vanish; a gate in front of the database that can refuse connections."""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller

from app.embedded import die_with_parent, port_in_use
from models.connection import binary
from models.search import SEARCH_ATTRIBUTES

# Below Linux's ephemeral range (32768-60999): a part that goes away and comes back (the relay,
# a web process, Temporal) must find its port free again, and an outgoing connection can take a
# port of that range as its own while the part is away (a CI run's relay could not come back).
STABLE_PORTS = (20000, 32000)


def free_port() -> int:
    """A port free now, outside the range the system hands to outgoing connections."""
    for _ in range(200):
        port = random.SystemRandom().randint(*STABLE_PORTS)
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {STABLE_PORTS}")


def wait_for_port(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not port_in_use(port):
        if time.monotonic() > deadline:
            raise RuntimeError(f"nothing listens on port {port} after {seconds:.0f} s")
        time.sleep(0.1)


class Child:
    """One OS process of ours (it dies with this one), started again at will."""

    def __init__(self, name: str, args: list[str], env: dict[str, str], log: Path) -> None:
        self.name, self.args, self.env, self.log = name, args, env, log
        self.proc: subprocess.Popen[bytes] | None = None
        self.starts = 0
        self.held = False  # down on purpose (a fault); otherwise a dead child is restarted
        self.exits: list[int] = []  # exit codes of the exits nobody asked for
        self.pids: list[int] = []  # every process it has been (a Temporal worker's identity)
        self.kills = 0

    def start(self) -> None:
        out = self.log.open("ab")
        self.proc = subprocess.Popen(
            self.args,
            env=self.env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=die_with_parent,
        )
        out.close()
        self.starts += 1
        self.pids.append(self.proc.pid)

    @property
    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def kill(self) -> None:
        """SIGKILL: no goodbye, as a crash or an OOM kill."""
        if self.proc is not None and self.proc.poll() is None:
            self.kills += 1
            self.proc.kill()
            self.proc.wait()

    def stop(self, seconds: float = 20) -> None:
        """SIGTERM and wait, as a deploy does; SIGKILL after `seconds`."""
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(seconds)
        except subprocess.TimeoutExpired:
            self.kill()


def temporal_server(data: Path, port: int, ui_port: int, env: dict[str, str]) -> Child:
    args = [
        str(binary("temporal")),
        "server",
        "start-dev",
        "--db-filename",
        str(data / "temporal.db"),
        "--ip",
        "127.0.0.1",
        "--port",
        str(port),
        "--ui-port",
        str(ui_port),
        "--headless",
        "--log-level",
        "error",
    ]
    for key in SEARCH_ATTRIBUTES:
        args += ["--search-attribute", f"{key.name}=Keyword"]
    return Child("temporal", args, env, data / "temporal.log")


def ppflow(command: str, name: str, env: dict[str, str], data: Path) -> Child:
    """`ppflow worker` or `ppflow web` in a process of its own."""
    args = [sys.executable, "-c", "from app.cli import main; main()", command]
    return Child(name, args, env, data / f"{name}.log")


# ---------------------------------------------------------------- the relay


@dataclass
class Delivery:
    message_id: str
    to: str
    at: float
    text: str


@dataclass
class Relay:
    """An SMTP relay of the run's own: it takes mail ("up"), answers every transaction with
    421 ("refusing"), or is not there at all ("gone": nothing listens on its port)."""

    port: int
    deliveries: list[Delivery] = field(default_factory=list)
    refused: int = 0
    mode: str = "up"
    controller: Controller | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(self, server, session, envelope, address, options):  # type: ignore[no-untyped-def]
        if self.mode == "refusing":
            with self.lock:
                self.refused += 1
            return "421 4.3.2 Service not available, closing transmission channel"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        if self.mode == "refusing":
            return "421 4.3.2 Service not available, closing transmission channel"
        message = message_from_bytes(envelope.original_content, policy=policy.default)
        body = message.get_body(preferencelist=("plain",))
        text = str(body.get_content()) if body is not None else ""
        with self.lock:
            self.deliveries.append(
                Delivery(
                    str(message["Message-ID"]).strip(), str(message["To"]), time.monotonic(), text
                )
            )
        return "250 OK"

    def up(self) -> None:
        if self.controller is None:
            self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
            self.controller.start()
        self.mode = "up"

    def refuse(self) -> None:
        self.up()
        self.mode = "refusing"

    def vanish(self) -> None:
        """Stop listening and drop every open connection."""
        if self.controller is not None:
            self.controller.stop()
            self.controller = None
        self.mode = "gone"

    def snapshot(self) -> list[Delivery]:
        with self.lock:
            return list(self.deliveries)


# ---------------------------------------------------------------- the database gate


class DatabaseGate:
    """Makes the database refuse for a while. PostgreSQL: every process reaches it through a
    TCP proxy of ours (on its own thread and event loop, so the load the run makes never slows
    it), which stops listening and cuts every connection. SQLite: an exclusive lock held on the
    file, so writers wait their busy timeout and fail."""

    def __init__(self, url: str, listen_port: int | None) -> None:
        self.url = url
        self.listen_port = listen_port
        self.server: asyncio.Server | None = None
        self.links: set[asyncio.StreamWriter] = set()
        self.target: tuple[str, int] | None = None
        self.sqlite: sqlite3.Connection | None = None
        self.loop: asyncio.AbstractEventLoop | None = None
        if url.startswith("postgresql"):
            from sqlalchemy.engine import make_url

            u = make_url(url)
            self.target = (u.host or "127.0.0.1", u.port or 5432)
            self.loop = asyncio.new_event_loop()
            threading.Thread(target=self.loop.run_forever, name="gate", daemon=True).start()

    @property
    def app_url(self) -> str:
        """The URL the processes use (through the proxy for PostgreSQL)."""
        if self.target is None:
            return self.url
        from sqlalchemy.engine import make_url

        return (
            make_url(self.url)
            .set(host="127.0.0.1", port=self.listen_port)
            .render_as_string(hide_password=False)
        )

    async def _on_gate(self, work: Any) -> None:
        assert self.loop is not None
        await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(work, self.loop))

    async def open(self) -> None:
        if self.target is not None:
            await self._on_gate(self._listen())
        if self.sqlite is not None:
            self.sqlite.rollback()
            self.sqlite.close()
            self.sqlite = None

    async def refuse(self) -> None:
        if self.target is not None:
            await self._on_gate(self._cut())
        else:
            path = self.url.split("sqlite:///", 1)[1]
            self.sqlite = sqlite3.connect(path, timeout=30, isolation_level=None)
            self.sqlite.execute("BEGIN EXCLUSIVE")

    async def _listen(self) -> None:
        if self.server is None:
            self.server = await asyncio.start_server(self._pipe, "127.0.0.1", self.listen_port)

    async def _cut(self) -> None:
        if self.server is not None:
            self.server.close()
            self.server = None
        for writer in list(self.links):
            writer.transport.abort()
        self.links.clear()

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        assert self.target is not None
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.target)
        except OSError:
            writer.transport.abort()
            return
        self.links |= {writer, up_writer}

        async def copy(src: asyncio.StreamReader, dst: asyncio.StreamWriter) -> None:
            with contextlib.suppress(Exception):
                while data := await src.read(65536):
                    dst.write(data)
                    await dst.drain()
            dst.transport.abort()

        try:
            await asyncio.gather(copy(reader, up_writer), copy(up_reader, writer))
        except asyncio.CancelledError:  # the run is over
            writer.transport.abort()
            up_writer.transport.abort()
        self.links -= {writer, up_writer}


def child_env(base: dict[str, str], **values: object) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PPFLOW_")}
    env.update(base)
    env.update({f"PPFLOW_{k.upper()}": str(v) for k, v in values.items()})
    return env
