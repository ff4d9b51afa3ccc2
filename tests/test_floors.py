"""The floor plan holds: nothing imports from a floor above its own, workflows import models
only, and no file outside tests and migrations has more than 600 lines (docs/ARCHITECTURE.md)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Lowest first. A module may import from its own floor and any floor below it.
FLOORS: dict[str, int] = {
    "models": 0,
    "workflows": 1,
    "word": 1,
    "mail": 1,
    "activities": 2,
    "ppflow": 3,
    "web": 4,
    "app": 5,
    "worker": 5,
}
# Floor-1 libraries know nothing of each other's floor-mates' jobs: workflows stay pure.
ONLY = {"workflows": {"models", "workflows"}}
# Temporal's client and worker belong to the service and the programs; workflows use only the
# workflow API, word/ and mail/ none of it.
NO_TEMPORAL = {"word", "mail"}
MAX_LINES = 600


def sources() -> list[Path]:
    files = [ROOT / "worker.py"]
    for package in FLOORS:
        if (ROOT / package).is_dir():
            files += [p for p in (ROOT / package).rglob("*.py") if "migrations" not in p.parts]
    return files


def imported(path: Path) -> set[str]:
    """Top-level packages this file imports (at any depth in the file, lazy imports too)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def package_of(path: Path) -> str:
    return path.relative_to(ROOT).parts[0].removesuffix(".py")


def test_nothing_imports_from_a_floor_above_it() -> None:
    wrong = []
    for path in sources():
        own = package_of(path)
        for name in imported(path):
            if name in FLOORS and FLOORS[name] > FLOORS[own]:
                wrong.append(f"{path.relative_to(ROOT)} imports {name} (floor {FLOORS[name]})")
            if own in ONLY and name in FLOORS and name not in ONLY[own]:
                wrong.append(f"{path.relative_to(ROOT)} imports {name}: {own}/ imports models")
            if own in NO_TEMPORAL and name == "temporalio":
                wrong.append(f"{path.relative_to(ROOT)} imports temporalio: a library of its own")
    assert wrong == []


def test_the_check_sees_an_import_from_above(tmp_path: Path) -> None:
    """The rule above would catch a library that reached up to the service layer."""
    leaky = tmp_path / "leaky.py"
    leaky.write_text("def f():\n    from ppflow import service\n    return service\n")
    assert "ppflow" in imported(leaky)
    assert FLOORS["ppflow"] > FLOORS["mail"]


def test_no_file_has_more_than_one_job_by_its_length() -> None:
    long = [
        f"{p.relative_to(ROOT)}: {n} lines"
        for p in sources()
        if (n := len(p.read_text().splitlines())) > MAX_LINES
    ]
    assert long == []
