"""The production recipe: the Dockerfile's build steps run here (no container daemon needed),
the Dockerfile and its build script stay in step, and the compose file gives every process the
settings it cannot run without."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import yaml

from models.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "deploy" / "compose.yaml"


def load_recipe_checker() -> Any:
    spec = importlib.util.spec_from_file_location("check_recipe", ROOT / "deploy/check_recipe.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["check_recipe"] = module
    spec.loader.exec_module(module)
    return module


check_recipe = load_recipe_checker()
recipe = check_recipe.parse((ROOT / "Dockerfile").read_text())


def test_the_dockerfile_builds_only_through_the_checked_steps() -> None:
    """Every RUN line is a step of deploy/build-steps.sh (so `make recipe-check` runs what the
    image build runs), the image installs, checks and makes its own user, and runs as it."""
    steps = [check_recipe.step_of(run)[1] for run in recipe.of("RUN")]
    assert steps == ["install", "check", "user"]
    install = check_recipe.step_of(recipe.of("RUN")[0])
    assert "[" not in " ".join(install), "installed without extras (no .[dev])"
    users = [i.words[0] for i in recipe.of("USER")]
    assert users and users[-1] not in ("root", "0"), "the image runs as a user that is not root"
    assert recipe.of("ENTRYPOINT")[-1].text == '["ppflow"]'
    assert check_recipe.healthcheck_script(recipe) == "/opt/ppflow-deploy/healthcheck.py"
    assert recipe.final_env()["PPFLOW_WORKER_HTTP_PORT"], "the worker serves /healthz"


def test_the_image_gets_every_package_the_project_installs() -> None:
    """A package added to pyproject.toml and not to the Dockerfile's COPY lines would install
    here (from the source tree) and be missing from the image."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    wanted = {name.rstrip("*") for name in project["packages"]["find"]["include"]}
    wanted |= {f"{module}.py" for module in project["py-modules"]}
    copied = {
        Path(source).name
        for copy in recipe.of("COPY")
        if not copy.words[0].startswith("--from")
        for source in copy.words[:-1]
    }
    assert wanted <= copied, f"not copied into the image: {sorted(wanted - copied)}"
    ignored = (ROOT / ".dockerignore").read_text().split()
    for kept_out in (".venv", ".data", "test-artifacts", ".env", "tests"):
        assert kept_out in ignored


def compose_services() -> dict[str, Any]:
    return yaml.safe_load(COMPOSE.read_text())["services"]  # type: ignore[no-any-return]


def test_the_compose_file_gives_each_process_what_it_needs() -> None:
    services = compose_services()
    assert {"web", "worker", "migrate", "temporal", "ppflow-db", "temporal-db", "mail"} <= set(
        services
    )
    fields = {f"PPFLOW_{name.upper()}" for name in Settings.model_fields}
    needs = {
        "migrate": {"PPFLOW_DATABASE_URL"},
        "worker": {
            "PPFLOW_DATABASE_URL",
            "PPFLOW_TEMPORAL_ADDRESS",
            "PPFLOW_SMTP_HOST",
            "PPFLOW_PUBLIC_BASE_URL",  # the links in the mail
            "PPFLOW_SECRET_KEY",  # signs them
            "PPFLOW_WORKER_HTTP_PORT",
        },
        "web": {
            "PPFLOW_DATABASE_URL",
            "PPFLOW_TEMPORAL_ADDRESS",
            "PPFLOW_SMTP_HOST",  # /readyz asks the relay
            "PPFLOW_PUBLIC_BASE_URL",
            "PPFLOW_SECRET_KEY",
            "PPFLOW_SECRETARIAT_TOKEN",
            "PPFLOW_DRAFTING_TOKEN",
            "PPFLOW_WEB_HOST",
        },
    }
    for name, wanted in needs.items():
        service = services[name]
        env = service["environment"]
        assert wanted <= set(env), f"{name} lacks {sorted(wanted - set(env))}"
        unknown = {k for k in env if k.startswith("PPFLOW_")} - fields
        assert not unknown, f"{name}: no such setting {sorted(unknown)} (models/settings.py)"
        for secret in ("PPFLOW_SECRET_KEY", "PPFLOW_SECRETARIAT_TOKEN", "PPFLOW_DRAFTING_TOKEN"):
            if secret in env:  # required from deploy/.env, never a value written here
                assert re.fullmatch(r"\$\{" + secret + r":\?[^}]+\}", env[secret]), env[secret]
        assert service["build"]["dockerfile"] == "Dockerfile"
        assert (COMPOSE.parent / service["build"]["context"] / "Dockerfile").is_file()
    assert services["migrate"]["command"] == ["db", "upgrade"]
    for name in ("web", "worker"):
        assert services[name]["command"] == [name]
        after = services[name]["depends_on"]["migrate"]["condition"]
        assert after == "service_completed_successfully", f"{name} starts before the migration"
    worker = services["worker"]
    drain = float(worker["environment"]["PPFLOW_WORKER_GRACEFUL_SHUTDOWN_SECONDS"])
    assert float(worker["stop_grace_period"].rstrip("s")) > drain, "killed before it drains"
    temporal = services["temporal"]["environment"]
    assert temporal["DB"] == "postgres12" and temporal["POSTGRES_SEEDS"] == "temporal-db"


def test_the_image_build_steps_run_and_its_commands_serve_as_nobody() -> None:
    """deploy/check_recipe.py (`make recipe-check`): the Dockerfile's steps in a scratch
    directory (a fresh venv, `pip install` of the copied source, the installed package's
    check), then `ppflow db upgrade`, `ppflow web` and `ppflow worker` from that venv as
    `nobody`, healthy by the image's HEALTHCHECK script, stopped by SIGTERM with status 0.
    About 25-40 s here, most of it `pip install` from the package index."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "deploy" / "check_recipe.py")],
        capture_output=True,
        text=True,
        timeout=600,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("recipe-check:")]
    assert done.returncode == 0, "\n".join(lines) + done.stderr[-3000:]
    said = "\n".join(lines)
    for step in ("build-steps.sh install", "build-steps.sh check", "web healthcheck",
                 "worker healthcheck", "web stopped on SIGTERM with status 0",
                 "worker stopped on SIGTERM with status 0"):
        assert f"ok: {step}" in said, said
