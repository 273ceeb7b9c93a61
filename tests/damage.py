"""The damaged-database set (issue 17): every way a bundled database was found broken.

Each case starts from a sound database built by ``build-db`` (with its recorded SHA-256 and
size beside it, as the bundle ships it) and damages a copy: zero bytes, truncated, 100 bytes
short, one overwritten page in each table, dropped tables, a wrong schema, bad JSON in
``meta``, a folder and a FIFO where the file should be. tests/test_integrity.py runs the set
against ``integrity.verify`` and ``search``; tests/test_damaged_db.py against ``self-test``
and the GUI start.
"""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

from peptide_desk.integrity import sidecar_path

PAGE = 4096  # build-db's page size

#: Tables whose first (root) page one "overwritten" case fills with noise.
PAGE_TABLES = ("meta", "articles", "sections", "citations", "mentions", "substances",
               "classes", "glossary", "refs", "data_tables", "charts", "search_docs",
               "search_fts_data", "search_fts_idx", "search_fts_docsize", "search_fts_config",
               "vocab", "synonyms")


def _sql(*statements: str) -> Callable[[Path], None]:
    def damage(path: Path) -> None:
        conn = sqlite3.connect(path)
        try:
            with conn:
                for statement in statements:
                    conn.execute(statement)
        finally:
            conn.close()
    return damage


def _truncate(size: Callable[[int], int]) -> Callable[[Path], None]:
    def damage(path: Path) -> None:
        data = path.read_bytes()
        path.write_bytes(data[:size(len(data))])
    return damage


def _overwrite_root(table: str) -> Callable[[Path], None]:
    def damage(path: Path) -> None:
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?",
                            (table,)).fetchone()[0]
        conn.close()
        noise = random.Random(f"{table}-{root}").randbytes(PAGE)
        with path.open("r+b") as fh:
            fh.seek((root - 1) * PAGE)
            fh.write(noise)
    return damage


def _replace_with(make: Callable[[Path], None]) -> Callable[[Path], None]:
    def damage(path: Path) -> None:
        path.unlink()
        make(path)
    return damage


CASES: dict[str, Callable[[Path], None]] = {
    "zero-byte": _truncate(lambda n: 0),
    "truncated-half": _truncate(lambda n: n // 2),
    "truncated-to-one-page": _truncate(lambda n: PAGE),
    "100-bytes-short": _truncate(lambda n: n - 100),
    **{f"overwritten-page-{t}": _overwrite_root(t) for t in PAGE_TABLES},
    "dropped-sections": _sql("DROP TABLE sections"),
    "dropped-search-index": _sql("DROP TABLE search_fts"),
    "dropped-meta": _sql("DROP TABLE meta"),
    "dropped-substances-and-classes": _sql("DROP TABLE substances", "DROP TABLE classes"),
    "wrong-schema-version-2": _sql("PRAGMA user_version = 2"),
    "wrong-schema-version-99": _sql("PRAGMA user_version = 99"),
    "wrong-schema-column-dropped": _sql("ALTER TABLE substances DROP COLUMN fda"),
    "wrong-schema-meta-version": _sql("UPDATE meta SET value = '2' WHERE key = "
                                      "'schema_version'"),
    "bad-json-meta-counts": _sql("UPDATE meta SET value = '{\"articles\": 5,' WHERE key = "
                                 "'counts'"),
    "meta-counts-disagree": _sql("DELETE FROM substances WHERE rowid = (SELECT min(rowid) "
                                 "FROM substances)"),
    "meta-disclaimer-nul": _sql("UPDATE meta SET value = value || char(0, 0, 0) WHERE key = "
                                "'disclaimer_html'"),
    "not-a-database": _replace_with(lambda p: p.write_bytes(b"not a database" * 300)),
    "directory": _replace_with(lambda p: p.mkdir()),
    "fifo": _replace_with(lambda p: os.mkfifo(p)),
}


def damaged(sound: Path, case: str, folder: Path, *, record: bool = True) -> Path:
    """A copy of ``sound`` (with its sidecar when ``record``) in ``folder``, damaged."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / sound.name
    shutil.copyfile(sound, target)
    if record:
        shutil.copyfile(sidecar_path(sound), sidecar_path(target))
    CASES[case](target)
    return target
