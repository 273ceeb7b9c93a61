"""requirements/*.txt (written by `make lock`) pin, with hashes, everything pyproject.toml
asks for; the logic lock is the full lock less Qt; this environment is one of them."""

from __future__ import annotations

import importlib.util
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "packaging"))

from build import Pin, canonical, check_environment, read_lock  # noqa: E402

DEV_LOCK = REPO / "requirements" / "dev.txt"
LOGIC_LOCK = REPO / "requirements" / "logic.txt"
#: What only the widgets need: kept out of the logic tests' environment.
QT_ONLY = {"pyside6-essentials", "shiboken6", "pyqtgraph", "numpy", "pytest-qt"}
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))


def requirements(*extras: str) -> list[Requirement]:
    """The project's run-time requirements, those of ``extras`` (following self-references
    such as peptide-desk[build]) and the build backend's."""
    project = PYPROJECT["project"]
    found = [Requirement(r) for r in project["dependencies"]]
    found += [Requirement(r) for r in PYPROJECT["build-system"]["requires"]]
    todo, seen = list(extras), set()
    while todo:
        extra = todo.pop()
        if extra in seen:
            continue
        seen.add(extra)
        for text in project["optional-dependencies"][extra]:
            req = Requirement(text)
            if canonical(req.name) == canonical(project["name"]):
                todo += sorted(req.extras)
            else:
                found.append(req)
    return found


def here(pins: list[Pin]) -> dict[str, str]:
    return {p.name: p.version for p in pins if p.applies()}


@pytest.mark.parametrize("lock", [DEV_LOCK, LOGIC_LOCK], ids=lambda p: p.name)
def test_every_pin_is_exact_and_hashed(lock: Path) -> None:
    pins = read_lock(lock)
    assert pins and all(p.hashes and all(h.startswith("sha256:") for h in p.hashes)
                        for p in pins)
    assert len(here(pins)) == len([p for p in pins if p.applies()])  # one version each


def test_the_dev_lock_satisfies_pyproject() -> None:
    locked = here(read_lock(DEV_LOCK))
    missing = [str(r) for r in requirements("build", "test", "dev")
               if (not r.marker or r.marker.evaluate())
               and not r.specifier.contains(locked.get(canonical(r.name), "0"), True)]
    assert not missing, "pyproject.toml changed: run `make lock LOCK_UPGRADE=`: " + ", ".join(
        missing)


def test_the_logic_lock_is_the_dev_lock_without_qt() -> None:
    dev = {(p.name, p.marker): p for p in read_lock(DEV_LOCK)}
    logic = read_lock(LOGIC_LOCK)
    assert not [p.name for p in logic if p.name in QT_ONLY]
    assert [p.name for p in logic if dev.get((p.name, p.marker)) != p] == []
    locked = here(logic)
    wanted = [r for r in requirements("build", "test") if canonical(r.name) not in QT_ONLY]
    assert [str(r) for r in wanted
            if not r.specifier.contains(locked.get(canonical(r.name), "0"), True)] == []


def test_this_environment_has_the_locked_versions() -> None:
    """`make` installs .venv from the dev lock and .venv/logic from the logic lock."""
    lock = DEV_LOCK if importlib.util.find_spec("PySide6") else LOGIC_LOCK
    check_environment(lock)  # raises BuildError naming each difference
