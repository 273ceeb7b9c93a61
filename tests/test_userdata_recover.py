"""“Recover what can be read” (issue 17, item 2): a damaged user file is set aside, said, and
its readable rows come back, on truncated and overwritten files and from the ``-wal``."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from peptide_desk.userdata import SET_ASIDE, USER_DB_NAME, UserData, UserDataError
from peptide_desk.userdata_recover import read_rows, recover

BOOKMARKS, NOTES, VISITS = 50, 20, 30


def fill(data: UserData) -> None:
    for i in range(BOOKMARKS):
        data.add_bookmark(f"substance:s{i}", f"Bookmark {i} " + "x" * 200)
    for i in range(NOTES):
        data.save_note(f"article:a{i}#part", f"Note {i}", f"note {i} " + "text " * 100)
    for i in range(VISITS):
        data.record_visit(f"glossary:g{i}", f"Term {i}")
    data.set("theme", "dark")
    data.set("zoom", 150)


@pytest.fixture
def original(tmp_path: Path) -> bytes:
    data = UserData(tmp_path / "original")
    fill(data)
    data.close()
    return (tmp_path / "original" / USER_DB_NAME).read_bytes()


def page_of(raw: bytes, table: str) -> int:
    """A leaf page (0-based) holding rows of ``table``, found by a row's text."""
    marker = {"bookmarks": b"Bookmark 7 ", "notes": b"note 7 "}[table]
    return raw.index(marker) // 4096


def damage(raw: bytes, how: str) -> bytes:
    if how == "truncated":
        return raw[: len(raw) * 7 // 10]  # past the schema's root pages (decks: schema 3)
    if how == "header":
        return os.urandom(4096) + raw[4096:]
    if how == "bookmark-page":
        n = page_of(raw, "bookmarks")
        return raw[: n * 4096] + os.urandom(4096) + raw[(n + 1) * 4096:]
    if how == "short-100":
        return raw[:-100]
    raise AssertionError(how)


def reopen_damaged(folder: Path, content: bytes) -> UserData:
    folder.mkdir()
    (folder / USER_DB_NAME).write_bytes(content)
    data = UserData(folder)
    assert data.problem is not None and data.problem.kind == SET_ASIDE
    assert data.problem.damaged is not None and data.problem.damaged.is_file()
    return data


@pytest.mark.parametrize(("how", "least"), [
    ("header", {"bookmarks": BOOKMARKS, "notes": NOTES, "history": VISITS, "settings": 2}),
    ("bookmark-page", {"bookmarks": BOOKMARKS - 20, "notes": NOTES, "history": VISITS}),
    ("truncated", {"bookmarks": 1, "history": 1}),
    ("short-100", {"bookmarks": BOOKMARKS - 20, "notes": NOTES - 10, "history": 1}),
])
def test_recover_what_can_be_read(tmp_path: Path, original: bytes, how: str,
                                  least: dict[str, int]) -> None:
    data = reopen_damaged(tmp_path / "user", damage(original, how))
    assert data.problem is not None and data.problem.damaged is not None
    damaged_bytes = data.problem.damaged.read_bytes()
    result = recover(data, data.problem.damaged)
    for kind, n in least.items():
        assert result.added[kind] >= n, (how, result)
    assert result.added["bookmarks"] + result.added["notes"] > 0
    assert result.summary().startswith(f"Recovered {result.added['bookmarks']} bookmarks, "
                                       f"{result.added['notes']} notes")
    # every row that came back is one that was written, exactly
    for b in data.bookmarks():
        i = int(b.target.removeprefix("substance:s"))
        assert b.title == f"Bookmark {i} " + "x" * 200
    for n in data.notes():
        assert n.body.startswith(n.title.replace("Note", "note"))
    assert data.problem.damaged.read_bytes() == damaged_bytes  # only read
    # recovering twice adds nothing
    assert sum(recover(data, data.problem.damaged).added.values()) == 0
    data.close()
    print(f"{how}: {result.summary()}")


def test_recovers_from_the_wal_of_a_file_killed_open(tmp_path: Path) -> None:
    """Rows not yet checkpointed live in ``-wal``; it is set aside with the file and read."""
    live = UserData(tmp_path / "live")
    for i in range(BOOKMARKS // 2):
        live.add_bookmark(f"substance:s{i}", f"Bookmark {i} " + "x" * 200)
    live.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for i in range(BOOKMARKS // 2, BOOKMARKS):  # these are only in the -wal
        live.add_bookmark(f"substance:s{i}", f"Bookmark {i} " + "x" * 200)
    folder = tmp_path / "user"
    folder.mkdir()
    for suffix in ("", "-wal"):  # the files as a kill leaves them
        shutil.copy(live.path.with_name(USER_DB_NAME + suffix),
                    folder / (USER_DB_NAME + suffix))
    live.close()
    db = folder / USER_DB_NAME
    db.write_bytes(db.read_bytes()[:-100])  # and the file cut short
    data = UserData(folder)
    assert data.problem is not None and data.problem.kind == SET_ASIDE
    damaged = data.problem.damaged
    assert damaged is not None and damaged.with_name(damaged.name + "-wal").is_file()
    result = recover(data, damaged)
    assert result.added["bookmarks"] == BOOKMARKS
    data.close()


def test_deleted_rows_do_not_come_back(tmp_path: Path, original: bytes) -> None:
    source = UserData(tmp_path / "src")
    fill(source)
    for i in range(0, BOOKMARKS, 2):
        source.remove_bookmark(f"substance:s{i}")
    source.close()
    raw = (tmp_path / "src" / USER_DB_NAME).read_bytes()
    data = reopen_damaged(tmp_path / "user", os.urandom(100) + raw[100:])
    assert data.problem is not None and data.problem.damaged is not None
    recover(data, data.problem.damaged)
    kept = {b.target for b in data.bookmarks()}
    assert kept <= {f"substance:s{i}" for i in range(1, BOOKMARKS, 2)}
    data.close()


def test_recovery_keeps_what_the_new_file_already_holds(tmp_path: Path,
                                                        original: bytes) -> None:
    data = reopen_damaged(tmp_path / "user", damage(original, "header"))
    data.set("theme", "light")  # chosen after the file was set aside: not overwritten
    assert data.problem is not None and data.problem.damaged is not None
    recover(data, data.problem.damaged)
    assert data.get("theme") == "light" and data.get("zoom") == 150
    data.close()


def test_recovery_of_garbage_finds_nothing_and_says_so(tmp_path: Path) -> None:
    data = reopen_damaged(tmp_path / "user", os.urandom(50_000))
    assert data.problem is not None and data.problem.damaged is not None
    result = recover(data, data.problem.damaged)
    assert sum(result.added.values()) == 0
    assert result.summary() == "Recovered 0 bookmarks, 0 notes, 0 history, 0 settings."
    data.close()


def test_rows_a_hostile_file_holds_pass_the_import_schema(tmp_path: Path) -> None:
    """A file set aside may hold anything: rows that are not valid are left out."""
    path = tmp_path / "hostile.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE bookmarks (target TEXT, title TEXT, created REAL)")
    conn.executemany("INSERT INTO bookmarks VALUES (?, ?, ?)", [
        ("substance:ok", "Fine", 1.7e9), ("javascript:alert(1)", "Bad scheme", 1.7e9),
        ("substance:huge", "Huge time", 1e300), ("substance:inf", "Inf", float("inf"))])
    conn.commit()
    conn.close()
    assert len(read_rows(path)["bookmarks"]) == 4
    data = UserData(tmp_path / "user")
    result = recover(data, path)
    assert [b.target for b in data.bookmarks()] == ["substance:ok"]
    assert result.dropped == 3
    data.close()


def test_recovery_into_read_only_data_is_refused(tmp_path: Path) -> None:
    data = UserData(tmp_path / "user")
    data.read_only = True
    with pytest.raises(UserDataError, match="read-only"):
        recover(data, tmp_path / "whatever.sqlite")
    data.close()
