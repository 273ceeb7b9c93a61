"""The Qt-free half of the self-test (peptide_desk.selftest): data, searches, every page's
HTML and the comparison, without a widget; the Qt half is exercised by test_app_commands."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from peptide_desk.records import TIERS
from peptide_desk.selftest import SEARCHES, SelfTestFailure, check_data


def test_check_data_renders_every_page_of_the_fixture_corpus(fixture_db: Path) -> None:
    found = check_data(fixture_db)
    try:
        store = found.store
        assert found.searches == len(SEARCHES)
        assert found.article_views == len(store.articles()) * len(TIERS) > 0
        assert found.substances == len(store.substances()) > 0
        assert found.classes == len(store.classes()) > 0
        assert found.rows == found.substances
        assert len(found.pages) == found.article_views + found.substances + found.classes
        assert all(page.html.strip() for page in found.pages)
        assert [p.article for p in found.pages].count(True) == found.article_views
    finally:
        found.store.close()


def test_a_corrupt_database_fails_at_a_named_step(tmp_path: Path) -> None:
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"not a database" * 100)
    with pytest.raises(SelfTestFailure, match=r"^self-test FAILED at \w"):
        check_data(bad)


def test_a_database_without_search_results_fails_at_search(fixture_db: Path,
                                                           tmp_path: Path) -> None:
    empty = tmp_path / "no-search.sqlite"
    shutil.copy(fixture_db, empty)
    with sqlite3.connect(empty) as conn:
        conn.execute("DELETE FROM search_docs")
        conn.execute("INSERT INTO search_fts(search_fts) VALUES('rebuild')")
    conn.close()
    with pytest.raises(SelfTestFailure) as info:
        check_data(empty)
    assert info.value.step == "search"
