"""Layering rules checked on the source: Qt only in ui/, no SQL in ui/, no network, lean start."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "peptide_desk"
UI = SRC / "ui"
QT_AND_NUMERIC = ("PySide6", "shiboken6", "pyqtgraph", "numpy")
#: Launchers outside ui/ that must create Qt objects; they may import Qt inside functions only.
QT_LAUNCHERS = {"app.py", "selftest.py"}
NETWORK = ("socket", "urllib.request", "http.client", "requests", "urllib3", "httpx",
           "aiohttp", "ftplib", "smtplib", "telnetlib", "xmlrpc.client", "PySide6.QtNetwork",
           "PySide6.QtWebEngineCore", "PySide6.QtWebEngineWidgets", "PySide6.QtWebSockets")
START_PATH_FORBIDDEN = ("sqlite_utils", "markdown", "numpy", "pyqtgraph", "nh3")


def modules() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py") if "__pycache__" not in p.parts)


def imports(path: Path) -> list[tuple[str, int, bool]]:
    """(imported module, line, at module level?) for every import in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    top = {id(node) for node in tree.body}  # "if TYPE_CHECKING:" bodies are not top level
    out: list[tuple[str, int, bool]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(a.name, node.lineno, id(node) in top) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.append((node.module, node.lineno, id(node) in top))
            out += [(f"{node.module}.{a.name}", node.lineno, id(node) in top)
                    for a in node.names]
    return out


def type_checking_only(path: Path) -> set[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            lines.update(getattr(n, "lineno", 0) for n in ast.walk(node))
    return lines


def matches(name: str, roots: tuple[str, ...]) -> str | None:
    for root in roots:
        if name == root or name.startswith(root + "."):
            return root
    return None


def rel(path: Path) -> str:
    return path.relative_to(SRC.parent).as_posix()


def test_sources_found() -> None:
    names = {p.name for p in modules()}
    assert {"store.py", "search.py", "userdata.py", "cli.py"} <= names
    assert any(p.parent == UI for p in modules())


def test_no_qt_or_numpy_outside_ui() -> None:
    bad = []
    for path in modules():
        if UI in path.parents:
            continue
        guarded = type_checking_only(path)
        for name, line, top in imports(path):
            root = matches(name, QT_AND_NUMERIC)
            if root is None or line in guarded:
                continue
            if top or path.name not in QT_LAUNCHERS:
                bad.append(f"{rel(path)}:{line}: imports {name}")
    assert not bad, "Qt/numpy belong in src/peptide_desk/ui/:\n" + "\n".join(bad)


def test_launchers_import_qt_lazily_only() -> None:
    for name in QT_LAUNCHERS:
        path = SRC / name
        if path.exists():
            assert not [n for n, _, top in imports(path) if top and matches(n, QT_AND_NUMERIC)]


def test_ui_runs_no_sql() -> None:
    bad = []
    for path in sorted(UI.rglob("*.py")):
        for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for needle in ("SELECT ", "INSERT ", "UPDATE ", "DELETE FROM", ".execute(",
                           "executescript("):
                if needle in line:
                    bad.append(f"{rel(path)}:{no}: {needle.strip()}")
    assert not bad, "widgets call Store or a logic module, never SQL:\n" + "\n".join(bad)


def test_no_network_modules() -> None:
    bad = []
    for path in modules():
        for name, line, _ in imports(path):
            root = matches(name, NETWORK)
            if root:
                bad.append(f"{rel(path)}:{line}: imports {name}")
    assert not bad, "the app is offline; https links open via QDesktopServices:\n" + "\n".join(
        bad)


def loaded_modules(*names: str) -> set[str]:
    code = ("import json, sys\n"
            + "".join(f"import {n}\n" for n in names)
            + "print(json.dumps(sorted(sys.modules)))")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120, env=env, check=False)
    assert result.returncode == 0, result.stderr
    return set(json.loads(result.stdout.strip().splitlines()[-1]))


def heavy(loaded: set[str]) -> list[str]:
    return sorted(m for m in loaded if m.split(".")[0] in START_PATH_FORBIDDEN)


@pytest.mark.slow
def test_start_path_is_lean() -> None:
    loaded = loaded_modules("peptide_desk.cli", "peptide_desk.store", "peptide_desk.search",
                            "peptide_desk.userdata")
    assert heavy(loaded) == []
    assert not [m for m in loaded if m.split(".")[0] in ("PySide6", "shiboken6")]


@pytest.mark.slow
@pytest.mark.skipif(not (SRC / "app.py").exists(), reason="no app module yet")
def test_gui_start_path_is_lean() -> None:
    names = ["peptide_desk.app"]
    if (UI / "main_window.py").exists():
        names.append("peptide_desk.ui.main_window")
    loaded = loaded_modules(*names)
    assert heavy(loaded) == [], "the window must import pyqtgraph/numpy lazily"
