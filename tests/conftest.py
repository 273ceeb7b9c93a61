"""Shared fixtures: databases built by the real build code, a temp user folder, offscreen Qt.

Nothing here imports Qt unless a test did: the logic tests run where Qt is not installed.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parents[1]
FIXTURE_CONTENT = REPO / "tests" / "fixtures" / "content"
REAL_CONTENT = REPO / "resources" / "content"


@pytest.fixture(scope="session")
def fixture_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small fixture corpus, built once per session."""
    from peptide_desk.content.build import build_database

    path = tmp_path_factory.mktemp("fixture-db") / "fixture.sqlite"
    build_database(FIXTURE_CONTENT, path)
    return path


@pytest.fixture(scope="session")
def real_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled corpus (resources/content), built once per session."""
    from peptide_desk.content.build import build_database

    path = tmp_path_factory.mktemp("real-db") / "peptide_desk.sqlite"
    build_database(REAL_CONTENT, path)
    return path


@pytest.fixture(scope="module")
def store(fixture_db: Path):
    """A read-only Store over the fixture corpus."""
    from peptide_desk.store import Store

    st = Store(fixture_db)
    yield st
    st.close()


@pytest.fixture(scope="module")
def real_store(real_db: Path):
    """A read-only Store over the bundled corpus."""
    from peptide_desk.store import Store

    st = Store(real_db)
    yield st
    st.close()


@pytest.fixture
def user_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "user"
    folder.mkdir()
    return folder


@pytest.fixture(scope="session", autouse=True)
def _release_clipboard():
    """Qt deletes clipboard data in an exit handler, after Python has finalised; data set
    from Python (the compare view's HTML copy) would then crash the interpreter at exit."""
    yield
    if "PySide6.QtWidgets" not in sys.modules:  # no widget ran (or no Qt: the logic tests)
        return
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is not None:
        app.clipboard().clear()
        app.processEvents()
