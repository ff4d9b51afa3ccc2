#!/bin/sh
# The container image's build steps. Every RUN line of deploy/Dockerfile is one call of this
# script, so the same steps run on a machine without a container daemon
# (deploy/check_recipe.py: `make recipe-check`).
#
#   build-steps.sh install VENV SRC   a fresh venv at VENV, ppflow installed from SRC as a package
#                                     (`pip install SRC`: no dev extras, no editable install)
#   build-steps.sh check VENV         the installed commands answer and the package brought its
#                                     templates, static files and migrations (a database migrated)
#   build-steps.sh user NAME HOME     the system account the image runs as (not root)
set -eu

step=${1:?"usage: build-steps.sh install VENV SRC | check VENV | user NAME HOME"}
shift

case "$step" in
install)
    venv=$1 src=$2
    "${PYTHON:-python3}" -m venv "$venv"
    "$venv/bin/python" -m pip install --no-cache-dir --quiet "$src"
    "$venv/bin/python" -m pip check
    ;;
check)
    venv=$1
    ppflow="$venv/bin/ppflow"
    for command in "" web worker "db upgrade"; do
        # shellcheck disable=SC2086 # "db upgrade" is two words on purpose
        "$ppflow" $command --help >/dev/null
    done
    if "$venv/bin/python" -c "import pytest" 2>/dev/null; then
        echo "build-steps: the dev extras are installed (pytest): install without them" >&2
        exit 1
    fi
    # Package data: a database migrated by the installed package (its Alembic scripts) in a
    # scratch directory, so neither the source tree nor a .env can stand in for it.
    scratch=$(mktemp -d)
    (
        cd "$scratch"
        env -u PPFLOW_DATABASE_URL PPFLOW_DATA_DIR="$scratch/data" "$ppflow" db upgrade
        "$venv/bin/python" - <<'PY'
from pathlib import Path

import mail
import web

templates = Path(web.__file__).parent / "templates"
assert (templates / "base.html").is_file(), "the web templates are missing from the package"
assert (Path(web.__file__).parent / "static" / "style.css").is_file(), "web/static is missing"
assert list((Path(mail.__file__).parent / "templates").glob("*.txt")), "mail templates missing"
print("build-steps: templates, static files and migrations are in the installed package")
PY
    )
    rm -rf "$scratch"
    ;;
user)
    name=$1 home=$2
    groupadd --system "$name"
    useradd --system --gid "$name" --home-dir "$home" --create-home --shell /usr/sbin/nologin "$name"
    ;;
*)
    echo "build-steps: unknown step $step" >&2
    exit 2
    ;;
esac
