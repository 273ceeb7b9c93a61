"""What the import contracts cannot say, checked on the source.

The layers themselves are import-linter contracts in pyproject.toml (`lint-imports`, run by
`make test`). Here: the Qt-free contract lists every logic module, ui/ holds no SQL, nothing
imports a networking module, importing the command line stays lean, the Makefile rebuilds
the database when code it holds changes, and the logic test list is exactly the test files
that use no Qt.
"""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SRC = REPO / "src" / "peptide_desk"
UI = SRC / "ui"
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
#: The composition root: it may start the window, so it is outside the Qt-free contract.
COMPOSITION_ROOT = {"peptide_desk.cli", "peptide_desk.__main__"}
#: Qt and what only the widgets use; a test file importing one of these needs Qt.
QT = ("PySide6", "shiboken6", "pyqtgraph", "numpy", "pytestqt", "peptide_desk.ui")
#: pytest-qt's fixtures, and conftest's main-window fixtures built on them: a test that asks
#: for one needs Qt.
QT_FIXTURES = {"qtbot", "qapp", "qapp_args", "qapp_cls", "qtmodeltester", "qtlog",
               "window", "windows"}
#: Networking modules; import-linter forbids only whole external packages, and most of these
#: are submodules (urllib.parse and PySide6.QtWidgets are fine, their siblings are not).
NETWORK = ("socket", "ssl", "urllib.request", "http.client", "http.server", "requests",
           "urllib3", "httpx", "aiohttp", "ftplib", "smtplib", "telnetlib", "xmlrpc",
           "PySide6.QtNetwork", "PySide6.QtWebEngineCore", "PySide6.QtWebEngineWidgets",
           "PySide6.QtWebSockets")
START_PATH_FORBIDDEN = ("sqlite_utils", "markdown", "numpy", "pyqtgraph", "nh3")
#: Upper-case SQL at the start of a string; widgets call Store, they never hold a query.
SQL = re.compile(r"^\s*(SELECT|INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER|PRAGMA|WITH|"
                 r"ATTACH|VACUUM)\s")
DB_CALLS = {"execute", "executemany", "executescript", "conn"}


def modules() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py") if "__pycache__" not in p.parts)


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def rel(path: Path) -> str:
    return path.relative_to(REPO).as_posix()


def imported_names(tree: ast.AST) -> Iterator[tuple[str, int]]:
    """(module, line) for every absolute import, at any depth (a relative import can only
    name a module of this package; import-linter follows those)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from ((a.name, node.lineno) for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module, node.lineno
            yield from ((f"{node.module}.{a.name}", node.lineno) for a in node.names)


def under(name: str, roots: tuple[str, ...] | set[str]) -> bool:
    return any(name == root or name.startswith(root + ".") for root in roots)


def contract(contract_id: str) -> dict[str, list[str]]:
    contracts = PYPROJECT["tool"]["importlinter"]["contracts"]
    return next(c for c in contracts if c.get("id") == contract_id)


def test_the_qt_free_contract_covers_every_logic_module() -> None:
    """A new module is logic unless it lives in ui/: it must be named in the contract."""
    sources = set(contract("qt-free-logic")["source_modules"])
    names = {module_name(p) for p in modules()}
    assert "peptide_desk.store" in names and any(n.startswith("peptide_desk.ui.") for n in names)
    logic = {n for n in names if not under(n, {"peptide_desk.ui"} | COMPOSITION_ROOT)
             and n != "peptide_desk"}
    missing = sorted(n for n in logic if not under(n, sources))
    assert not missing, ("add these to source_modules of the qt-free-logic contract in "
                         "pyproject.toml (or move them into ui/): " + ", ".join(missing))
    assert not sorted(s for s in sources if not any(under(n, {s}) for n in names))


def test_ui_runs_no_sql() -> None:
    bad = []
    for path in sorted(UI.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                    and SQL.match(node.value):
                bad.append(f"{rel(path)}:{node.lineno}: SQL text {node.value[:30]!r}")
            elif isinstance(node, ast.Attribute) and node.attr in DB_CALLS:
                bad.append(f"{rel(path)}:{node.lineno}: .{node.attr}")
    assert not bad, "widgets call Store or a logic module, never SQL:\n" + "\n".join(bad)


def test_no_network_modules() -> None:
    bad = []
    for path in modules():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        bad += [f"{rel(path)}:{line}: imports {name}" for name, line in imported_names(tree)
                if under(name, NETWORK)]
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


@pytest.mark.slow
def test_importing_the_command_line_and_data_layer_is_lean() -> None:
    """The contracts allow cli to reach the ui; only lazily (inside its functions)."""
    loaded = loaded_modules("peptide_desk.cli", "peptide_desk.store", "peptide_desk.search",
                            "peptide_desk.userdata", "peptide_desk.services")
    assert sorted(m for m in loaded if under(m, START_PATH_FORBIDDEN)) == []
    assert sorted(m for m in loaded if under(m, ("PySide6", "shiboken6", "peptide_desk.ui"))) \
        == []


def makefile_db_code() -> set[str]:
    """The files listed in the Makefile's DB_CODE (the database's code prerequisites)."""
    text = (REPO / "Makefile").read_text(encoding="utf-8").replace("\\\n", " ")
    match = re.search(r"^DB_CODE\s*:=(.*)$", text, re.M)
    assert match, "the Makefile has no DB_CODE list"
    files: set[str] = set()
    for token in re.findall(r"\$\(wildcard ([^)]+)\)|(\S+)", match.group(1)):
        pattern, plain = token
        files |= {rel(p) for p in REPO.glob(pattern)} if pattern else {plain}
    return files


def test_the_database_is_rebuilt_when_code_it_holds_changes() -> None:
    """The build stores what its imports produce (the search index, the pre-rendered home
    page), so every module it imports, however indirectly, is a prerequisite of the DB."""
    import grimp

    graph = grimp.build_graph("peptide_desk", "peptide_desk.content", cache_dir=None)
    build = "peptide_desk.content.build"
    closure = {build} | graph.find_upstream_modules(build) | graph.find_descendants(
        "peptide_desk.content")
    expected = {rel(SRC.parent / (name.replace(".", "/") + ".py")) for name in closure}
    listed = makefile_db_code()
    assert sorted(expected - listed) == [], "add these to DB_CODE in the Makefile"
    assert sorted(listed - expected) == [], "the build no longer imports these: drop them"


def uses_qt(path: Path) -> bool:
    """Imports Qt, asks for a pytest-qt fixture, or is marked ``pytest.mark.qt`` (for Qt
    started in a child process, which no import shows)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    if any(under(name, QT) for name, _ in imported_names(tree)):
        return True
    return any((isinstance(node, ast.arg) and node.arg in QT_FIXTURES)
               or (isinstance(node, ast.Attribute) and node.attr == "qt"
                   and isinstance(node.value, ast.Attribute) and node.value.attr == "mark")
               for node in ast.walk(tree))


def test_the_logic_test_list_names_exactly_the_tests_without_qt() -> None:
    listed = set(PYPROJECT["tool"]["peptide-desk"]["logic-tests"])
    files = {rel(p): uses_qt(p) for p in sorted((REPO / "tests").glob("test_*.py"))}
    assert sorted(listed - set(files)) == [], "listed in pyproject.toml but missing"
    assert sorted(f for f in listed if files[f]) == [], "these use Qt: take them off the list"
    assert sorted(f for f, qt in files.items() if not qt and f not in listed) == [], (
        "these use no Qt: add them to [tool.peptide-desk] logic-tests in pyproject.toml, or, "
        "if they start Qt in a child process, mark them: pytestmark = pytest.mark.qt")
