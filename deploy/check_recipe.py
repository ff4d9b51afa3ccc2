"""`make recipe-check`: the Dockerfile's build steps, run on this machine without a container
daemon, then the installed image's two commands started as a user that is not root.

1. Reads the Dockerfile: its COPY lines copy the same files from the source tree into a scratch
   directory that stands for the image's file system (/src, /opt/ppflow, ... under it), and its
   RUN lines (each one step of deploy/build-steps.sh) run in order: a fresh venv from this
   machine's python3, `pip install` of the copied source (no dev extras), the check of the
   installed commands and package data (a database migrated). The one step that changes the
   machine (`user`: a system account) is not run; the processes run as `nobody` instead.
2. With the installed venv only: a Temporal dev server (the binary the package brings),
   `ppflow db upgrade`, then `ppflow web` and `ppflow worker` as `nobody` with the image's
   environment (ports moved to free ones); the image's HEALTHCHECK script must find both
   healthy; SIGTERM must stop both with status 0.

Standard library only. Exit 0 when every step passed; otherwise 1 with the step that failed.
"""

from __future__ import annotations

import os
import pwd
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCKERFILE = ROOT / "Dockerfile"
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", ".pytest_cache")
STEPS = "build-steps.sh"


class RecipeError(Exception):
    pass


@dataclass
class Instruction:
    stage: int
    keyword: str  # FROM, WORKDIR, COPY, RUN, ENV, ...
    words: list[str]
    text: str  # what follows the keyword, as written


@dataclass
class Recipe:
    instructions: list[Instruction] = field(default_factory=list)

    def of(self, keyword: str) -> list[Instruction]:
        return [i for i in self.instructions if i.keyword == keyword]

    def final_env(self) -> dict[str, str]:
        last = max(i.stage for i in self.instructions)
        env: dict[str, str] = {}
        for i in self.instructions:
            if i.stage == last and i.keyword == "ENV":
                for word in i.words:
                    name, _, value = word.partition("=")
                    env[name] = value
        return env


def parse(text: str) -> Recipe:
    """The Dockerfile's instructions (continuation lines joined, comments dropped); only the
    simple forms this project's Dockerfile uses."""
    lines: list[str] = []
    pending = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        lines.append(pending + line)
        pending = ""
    recipe = Recipe()
    stage = -1
    for line in lines:
        keyword, _, rest = line.partition(" ")
        keyword = keyword.upper()
        if keyword == "FROM":
            stage += 1
        words = [] if rest.startswith("[") else shlex.split(rest)
        recipe.instructions.append(Instruction(stage, keyword, words or [rest], rest))
    return recipe


def healthcheck_script(recipe: Recipe) -> str:
    """The script the image's HEALTHCHECK runs (its path in the image)."""
    for i in recipe.of("HEALTHCHECK"):
        found = re.search(r"(/\S+\.py)\b", i.text)
        if found:
            return found.group(1)
    raise RecipeError("the Dockerfile has no HEALTHCHECK that runs a .py script")


def step_of(run: Instruction) -> list[str]:
    """A RUN line's build step and its arguments: `sh <dir>/build-steps.sh STEP ARGS...`."""
    words = run.words
    if len(words) < 3 or words[0] != "sh" or Path(words[1]).name != STEPS:
        raise RecipeError(f"RUN {' '.join(words)}: every RUN line must be `sh .../{STEPS} STEP`")
    return words[1:]


class Image:
    """A scratch directory standing for the image's file system."""

    def __init__(self, base: Path) -> None:
        self.base = base

    def path(self, image_path: str, workdir: str = "/") -> Path:
        absolute = image_path if image_path.startswith("/") else f"{workdir}/{image_path}"
        return self.base / os.path.normpath(absolute).lstrip("/")

    def copy(self, sources: list[str], dest: str, workdir: str) -> None:
        target = self.path(dest, workdir)
        many = len(sources) > 1 or dest.endswith("/")
        for source in sources:
            origin = ROOT / source
            if not origin.exists():
                raise RecipeError(f"COPY {source}: not in the source tree")
            to = target / origin.name if many else target
            to.parent.mkdir(parents=True, exist_ok=True)
            if origin.is_dir():
                shutil.copytree(origin, to, ignore=IGNORED, dirs_exist_ok=True)
            else:
                shutil.copy2(origin, to)


def python_for_venv() -> str:
    """This machine's python3 (3.11 or newer, able to make a venv), preferably the system's,
    which a user other than root can run (a python under /root is not)."""
    for candidate in ("/usr/bin/python3", shutil.which("python3") or "", sys.executable):
        if not candidate or not os.access(candidate, os.X_OK):
            continue
        version = subprocess.run(
            [candidate, "-c", "import ensurepip, sys, venv; print(sys.version_info >= (3, 11))"],
            capture_output=True,
            text=True,
        ).stdout.strip()
        if version == "True":
            return candidate
    raise RecipeError("no python3 of version 3.11 or newer with venv and ensurepip here")


def run_steps(recipe: Recipe, image: Image, python: str) -> Path:
    """The Dockerfile's COPY and RUN lines in order; returns the venv the last stage holds."""
    workdir = "/"
    venv: Path | None = None
    for i in recipe.instructions:
        if i.keyword == "FROM":
            workdir = "/"
        elif i.keyword == "WORKDIR":
            workdir = i.words[0]
        elif i.keyword == "COPY":
            words = i.words
            if words[0].startswith("--from="):
                source, dest = words[1], words[2]
                if image.path(source) != image.path(dest):
                    shutil.copytree(image.path(source), image.path(dest), dirs_exist_ok=True)
                continue
            image.copy(words[:-1], words[-1], workdir)
        elif i.keyword == "RUN":
            script, step, *args = step_of(i)
            if step == "user":
                say(f"skipped: {STEPS} user {' '.join(args)} (adds an account to this machine); "
                    "the processes run as nobody instead")
                continue
            mapped = [str(image.path(a)) if a.startswith("/") else a for a in args]
            started = time.monotonic()
            subprocess.run(
                ["sh", str(image.path(script, workdir)), step, *mapped],
                cwd=image.path(workdir),
                env=clean_env(PYTHON=python),
                check=True,
            )
            say(f"ok: {STEPS} {step} ({time.monotonic() - started:.0f} s)")
            if step in ("install", "check"):
                venv = Path(mapped[0])
    if venv is None:
        raise RecipeError("no RUN line installs ppflow")
    return venv


def clean_env(**extra: str) -> dict[str, str]:
    """No PPFLOW_ setting, venv or .env of this machine leaks into the steps."""
    keep = ("PATH", "LANG", "LC_ALL", "TMPDIR", "PIP_FIND_LINKS", "PIP_CERT", "PIP_DEFAULT_TIMEOUT")
    env = {k: v for k, v in os.environ.items() if k in keep}
    env["PATH"] = ":".join(
        p for p in env.get("PATH", "/usr/bin:/bin").split(":") if ".venv" not in p
    )
    env.update(extra)
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def say(line: str) -> None:
    print(f"recipe-check: {line}", flush=True)


@dataclass
class Runner:
    """Starts the installed commands as a user other than root (nobody), when this is root."""

    venv: Path
    env: dict[str, str]
    logs: Path
    processes: list[tuple[str, subprocess.Popen[bytes]]] = field(default_factory=list)

    def command(self, *words: str) -> list[str]:
        if os.geteuid() != 0:
            return list(words)
        return ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", *words]

    def start(self, name: str, *words: str) -> subprocess.Popen[bytes]:
        log = open(self.logs / f"{name}.log", "wb")  # noqa: SIM115 (closed with the process)
        proc = subprocess.Popen(
            self.command(*words), env=self.env, cwd=self.env["PPFLOW_DATA_DIR"], stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.processes.append((name, proc))
        return proc

    def run(self, *words: str) -> str:
        done = subprocess.run(
            self.command(*words), env=self.env, cwd=self.env["PPFLOW_DATA_DIR"],
            capture_output=True, text=True,
        )
        if done.returncode != 0:
            raise RecipeError(f"{' '.join(words)} failed:\n{done.stdout}{done.stderr}")
        return done.stdout.strip()

    def log_of(self, name: str) -> str:
        return (self.logs / f"{name}.log").read_text(errors="replace")[-3000:]

    def healthy(self, role: str, script: Path, seconds: float = 90) -> str:
        deadline = time.monotonic() + seconds
        last = ""
        while time.monotonic() < deadline:
            for name, proc in self.processes:
                if proc.poll() is not None:
                    raise RecipeError(f"{name} exited ({proc.returncode}):\n{self.log_of(name)}")
            done = subprocess.run(
                self.command(str(self.venv / "bin" / "python"), str(script), role),
                env=self.env, capture_output=True, text=True,
            )
            last = done.stdout.strip()
            if done.returncode == 0:
                return last
            time.sleep(1)
        raise RecipeError(f"{role} not healthy in {seconds:.0f} s: {last}\n{self.log_of(role)}")

    def stop(self, name: str, seconds: float = 60) -> int:
        proc = dict(self.processes)[name]
        proc.send_signal(signal.SIGTERM)
        try:
            return proc.wait(seconds)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise RecipeError(f"{name} did not stop in {seconds:.0f} s after SIGTERM") from None

    def stop_all(self) -> None:
        for _, proc in self.processes:
            if proc.poll() is None:
                proc.kill()
                proc.wait(10)


@contextmanager
def scratch(keep: bool) -> Iterator[Path]:
    base = Path(tempfile.mkdtemp(prefix="ppflow-recipe-"))
    base.chmod(0o755)  # nobody reads the venv in it
    try:
        yield base
    finally:
        if keep:
            say(f"kept {base}")
        else:
            shutil.rmtree(base, ignore_errors=True)


def smoke(recipe: Recipe, image: Image, venv: Path) -> None:
    """`ppflow db upgrade`, `ppflow web` and `ppflow worker` from the installed venv only, with
    the image's environment, as nobody; both healthy by the image's HEALTHCHECK; SIGTERM."""
    if os.geteuid() == 0 and not shutil.which("setpriv"):
        say("skipped the run as a user other than root: setpriv (util-linux) is missing")
        return
    data = image.base / "var" / "lib" / "ppflow"
    logs = image.base / "logs"
    for d in (data, logs):
        d.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        nobody = pwd.getpwnam("nobody")
        os.chown(data, nobody.pw_uid, nobody.pw_gid)
    temporal_port = free_port()
    env = clean_env(
        **{k: v.replace("$PATH", os.environ.get("PATH", "")) for k, v in recipe.final_env().items()}
    )
    env.update(
        PATH=f"{venv / 'bin'}:/usr/bin:/bin",
        HOME=str(data),
        PPFLOW_DATA_DIR=str(data),
        PPFLOW_WEB_HOST="127.0.0.1",
        PPFLOW_WEB_PORT=str(free_port()),
        PPFLOW_WORKER_HTTP_HOST="127.0.0.1",
        PPFLOW_WORKER_HTTP_PORT=str(free_port()),
        PPFLOW_TEMPORAL_ADDRESS=f"127.0.0.1:{temporal_port}",
        PPFLOW_TASK_QUEUE="recipe-check",
        PPFLOW_SMTP_HOST="127.0.0.1",
        PPFLOW_SMTP_PORT=str(free_port()),  # nothing listens: no mail is sent in this check
    )
    healthcheck = image.path(healthcheck_script(recipe))
    runner = Runner(venv, env, logs)
    try:
        runner.start(
            "temporal", str(venv / "bin" / "temporal"), "server", "start-dev", "--headless",
            "--ip", "127.0.0.1", "--port", str(temporal_port), "--log-level", "error",
        )
        say(f"ok: ppflow db upgrade as {'nobody' if os.geteuid() == 0 else 'this user'}: "
            + runner.run(str(venv / "bin" / "ppflow"), "db", "upgrade"))
        runner.start("web", str(venv / "bin" / "ppflow"), "web")
        runner.start("worker", str(venv / "bin" / "ppflow"), "worker")
        say("ok: web " + runner.healthy("web", healthcheck))
        say("ok: worker " + runner.healthy("worker", healthcheck))
        for name in ("web", "worker"):
            code = runner.stop(name)
            if code != 0:
                raise RecipeError(f"{name} ended with status {code} on SIGTERM:\n"
                                  + runner.log_of(name))
            say(f"ok: {name} stopped on SIGTERM with status 0")
    finally:
        runner.stop_all()


def main(argv: list[str]) -> int:
    keep = "--keep" in argv
    started = time.monotonic()
    try:
        recipe = parse(DOCKERFILE.read_text())
        python = python_for_venv()
        say(f"the venv's python: {python}")
        with scratch(keep) as base:
            image = Image(base)
            venv = run_steps(recipe, image, python)
            if "--no-run" not in argv:
                smoke(recipe, image, venv)
    except (RecipeError, subprocess.CalledProcessError) as e:
        say(f"FAILED: {e}")
        return 1
    say(f"passed in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
