"""Data at scale (issue 17, item 9): a source table of thousands of rows, built by the real
build code, and a user folder with tens of thousands of bookmarks and notes.

The fixture corpus is copied and its ``tables.toml`` gets one more table, ``big-table``:
``rows`` rows, every row citing one of the corpus's references, every third linked to a
substance and every seventh carrying a note. Used by tests/test_table_scale.py,
tests/test_userdata_scale.py and benchmarks/bench_table.py. No Qt here.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from peptide_desk.userdata import UserData

FIXTURE_CONTENT = Path(__file__).resolve().parent / "fixtures" / "content"
BIG_TABLE = "big-table"
REFS = ("drucker2006", "bramnert2003")


def row_toml(i: int) -> str:
    """Row ``i``: its cells say its number, so a test can check any row's text."""
    lines = ["[[table.row]]", f'cells = ["Agent {i}", "Mechanism {i} of the agent"]',
             f'refs = ["{REFS[i % 2]}"]']
    if i % 3 == 0:
        lines.append('link = "substance:tesamorelin"')
    if i % 7 == 0:
        lines.append(f'note = "Note on row {i}."')
    return "\n".join(lines) + "\n"


def build_big_table(folder: Path, rows: int = 5000) -> Path:
    """The fixture corpus plus a ``rows``-row table, built into ``folder``/big.sqlite."""
    from peptide_desk.content.build import build_database

    content = folder / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    tables = content / "tables.toml"
    head = (f'\n[[table]]\nid = "{BIG_TABLE}"\ntitle = "{rows:,} rows"\narticle = "gh-basics"\n'
            'tier = "fundamentals"\ncolumns = ["Agent", "Mechanism"]\n'
            'caption = "A synthetic table for scale."\n\n')
    tables.write_text(tables.read_text(encoding="utf-8") + head
                      + "\n".join(row_toml(i) for i in range(rows)), encoding="utf-8")
    db = folder / "big.sqlite"
    build_database(content, db)
    return db


def stocked(folder: Path, bookmarks: int, notes: int, note_lines: int = 400) -> UserData:
    """User data in ``folder`` holding that many bookmarks and notes (newest last), open."""
    from peptide_desk.userdata import UserData

    data = UserData(folder)
    data.conn.execute("BEGIN")
    data.conn.executemany("INSERT INTO bookmarks VALUES (?, ?, ?)", (
        (f"substance:s{i}", f"Bookmark {i}", 1.6e9 + i) for i in range(bookmarks)))
    data.conn.executemany("INSERT INTO notes VALUES (?, ?, ?, ?)", (
        (f"article:a{i}#x", f"Note {i}", "a long note\n" * note_lines, 1.6e9 + i)
        for i in range(notes)))
    data.conn.execute("COMMIT")
    return data
