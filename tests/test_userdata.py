"""Per-user data: migrations, WAL, CRUD, durability across restarts and kills, import/export."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from peptide_desk import userdata
from peptide_desk.userdata import (
    EXPORT_FORMAT,
    EXPORT_VERSION,
    HISTORY_LIMIT,
    MIGRATIONS,
    USER_DB_NAME,
    UserData,
    UserDataError,
)

LATEST = len(MIGRATIONS)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "user"


@pytest.fixture
def ud(folder: Path) -> Iterator[UserData]:
    data = UserData(folder)
    yield data
    data.close()


def tables(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}


# --- schema and migrations -----------------------------------------------------------------------

def test_fresh_database_is_migrated_to_latest(folder: Path) -> None:
    data = UserData(folder)
    assert (folder / USER_DB_NAME).is_file()
    assert data.schema_version == LATEST == 3
    assert {"bookmarks", "notes", "history", "settings", "history_visited"} <= tables(data.conn)
    assert data.recovered_from is None
    data.close()


def test_migration_from_version_1(folder: Path) -> None:
    folder.mkdir()
    conn = sqlite3.connect(folder / USER_DB_NAME)
    MIGRATIONS[0](conn)
    conn.execute("PRAGMA user_version = 1")
    conn.execute("INSERT INTO bookmarks VALUES ('substance:semaglutide', 'Semaglutide', 1.0)")
    conn.execute("INSERT INTO notes VALUES ('article:a#b', 'A', 'my note', 2.0)")
    conn.commit()
    conn.close()
    data = UserData(folder)
    assert data.schema_version == LATEST
    assert {"history_visited", "decks", "slides"} <= tables(data.conn)
    assert [b.target for b in data.bookmarks()] == ["substance:semaglutide"]
    note = data.note("article:a#b")
    assert note is not None and note.body == "my note"
    data.close()
    # reopening a current database runs no migration and keeps everything
    again = UserData(folder)
    assert again.schema_version == LATEST and again.is_bookmarked("substance:semaglutide")
    again.close()


def test_failed_migration_rolls_back_and_does_not_quarantine(
        folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    UserData(folder).add_bookmark("substance:x", "X")

    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE half_done (x)")
        conn.execute("SELECT * FROM no_such_table")

    monkeypatch.setattr(userdata, "MIGRATIONS", [*MIGRATIONS, broken])
    with pytest.raises(UserDataError, match="could not be upgraded to version 4"):
        UserData(folder)
    monkeypatch.undo()
    assert sorted(p.name for p in folder.iterdir() if "damaged" in p.name) == []
    data = UserData(folder)
    assert data.schema_version == LATEST
    assert "half_done" not in tables(data.conn)
    assert data.is_bookmarked("substance:x")
    data.close()


def test_newer_schema_version_is_a_clear_error(folder: Path) -> None:
    UserData(folder).close()
    conn = sqlite3.connect(folder / USER_DB_NAME)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    before = (folder / USER_DB_NAME).read_bytes()
    with pytest.raises(UserDataError, match="newer Peptide Desk"):
        UserData(folder)
    # not mistaken for damage: left exactly where it was
    assert (folder / USER_DB_NAME).read_bytes() == before
    assert not [p for p in folder.iterdir() if "damaged" in p.name]


def test_wal_mode(ud: UserData) -> None:
    assert ud.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert ud.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


# --- damaged files -------------------------------------------------------------------------------

def test_damaged_database_is_quarantined_not_deleted(folder: Path) -> None:
    folder.mkdir()
    garbage = b"this is not a database " * 200
    (folder / USER_DB_NAME).write_bytes(garbage)
    data = UserData(folder)
    assert data.recovered_from is not None
    assert data.recovered_from.parent == folder
    assert data.recovered_from.read_bytes() == garbage  # renamed, bytes intact
    assert data.schema_version == LATEST
    data.add_bookmark("glossary:igf-1", "IGF-1")
    assert data.is_bookmarked("glossary:igf-1")
    data.close()


def test_two_quarantines_keep_both_files(folder: Path) -> None:
    folder.mkdir()
    (folder / USER_DB_NAME).write_bytes(b"first damaged file " * 100)
    UserData(folder).close()
    (folder / USER_DB_NAME).write_bytes(b"second damaged file " * 100)
    UserData(folder).close()
    kept = sorted(p.read_bytes()[:6] for p in folder.iterdir() if "damaged" in p.name)
    assert kept == [b"first ", b"second"]


# --- CRUD ----------------------------------------------------------------------------------------

def test_bookmarks(ud: UserData) -> None:
    assert ud.bookmarks() == []
    ud.add_bookmark("substance:semaglutide", "Semaglutide")
    ud.add_bookmark("article:gh#phases", "Response phases")
    assert ud.is_bookmarked("substance:semaglutide")
    assert {b.target for b in ud.bookmarks()} == {"substance:semaglutide", "article:gh#phases"}
    ud.add_bookmark("substance:semaglutide", "Semaglutide (renamed)")  # replace, not duplicate
    assert [b.title for b in ud.bookmarks() if b.target == "substance:semaglutide"] == [
        "Semaglutide (renamed)"]
    ud.remove_bookmark("substance:semaglutide")
    assert not ud.is_bookmarked("substance:semaglutide")
    assert [b.target for b in ud.bookmarks()] == ["article:gh#phases"]
    ud.remove_bookmark("never-there")  # harmless


def test_notes(ud: UserData) -> None:
    ud.save_note("article:a#one", "One", "first")
    ud.save_note("article:a#two", "Two", "second")
    ud.save_note("substance:x", "X", "on a substance")
    note = ud.note("article:a#one")
    assert note is not None and (note.title, note.body) == ("One", "first")
    ud.save_note("article:a#one", "One", "edited")
    assert ud.note("article:a#one").body == "edited"  # type: ignore[union-attr]
    assert {n.target for n in ud.notes("article:")} == {"article:a#one", "article:a#two"}
    assert len(ud.notes()) == 3
    ud.save_note("article:a#two", "Two", "   ")  # empty body deletes
    assert ud.note("article:a#two") is None
    assert ud.note("nope") is None


def test_history(ud: UserData) -> None:
    ud.record_visit("article:a", "A")
    ud.record_visit("article:a", "A")  # consecutive repeat is not recorded twice
    ud.record_visit("substance:b", "B")
    ud.record_visit("article:a", "A")
    assert [v.target for v in ud.history()] == ["article:a", "substance:b", "article:a"]
    assert [v.target for v in ud.history(limit=1)] == ["article:a"]
    ud.clear_history()
    assert ud.history() == []


def test_history_is_bounded(ud: UserData) -> None:
    for i in range(HISTORY_LIMIT + 25):
        ud.record_visit(f"article:x{i}", "X")
    count = ud.conn.execute("SELECT count(*) FROM history").fetchone()[0]
    assert count == HISTORY_LIMIT
    assert ud.history(limit=1)[0].target == f"article:x{HISTORY_LIMIT + 24}"


def test_settings(ud: UserData) -> None:
    assert ud.get("theme") is None
    assert ud.get("theme", "light") == "light"
    for key, value in [("theme", "dark"), ("zoom", 150), ("tier", "academic"),
                       ("geometry", "AdnQywADAAA="), ("window", {"w": 1200, "h": 800}),
                       ("recent", ["a", "b"]),
                       ("flag", True)]:
        ud.set(key, value)
        assert ud.get(key) == value
    ud.set("theme", "high-contrast")
    assert ud.get("theme") == "high-contrast"
    ud.conn.execute("INSERT OR REPLACE INTO settings VALUES ('broken', '{not json')")
    assert ud.get("broken", "fallback") == "fallback"


# --- durability ----------------------------------------------------------------------------------

def test_visible_after_restart(folder: Path) -> None:
    first = UserData(folder)
    first.add_bookmark("substance:tesamorelin", "Tesamorelin")
    first.save_note("substance:tesamorelin", "Tesamorelin", "check HIV indication")
    first.set("theme", "dark")
    first.close()
    second = UserData(folder)
    assert second.is_bookmarked("substance:tesamorelin")
    assert second.note("substance:tesamorelin").body == "check HIV indication"  # type: ignore[union-attr]
    assert second.get("theme") == "dark"
    second.close()


def test_visible_to_another_open_instance(folder: Path) -> None:
    a, b = UserData(folder), UserData(folder)
    a.add_bookmark("class:glp1-ra", "GLP-1 RAs")
    assert b.is_bookmarked("class:glp1-ra")
    a.close()
    b.close()


CHILD = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from peptide_desk.userdata import UserData
    data = UserData(Path(sys.argv[1]))
    data.add_bookmark("substance:semaglutide", "Semaglutide")
    data.save_note("substance:semaglutide", "Semaglutide", "written before the kill")
    data.set("theme", "dark")
    print("saved", flush=True)
    time.sleep(120)  # killed long before this ends
""")


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_survives_sigkill_right_after_save(folder: Path) -> None:
    proc = subprocess.Popen([sys.executable, "-c", CHILD, str(folder)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line.strip() == "saved", proc.stderr.read() if proc.stderr else ""
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signal.SIGKILL
    data = UserData(folder)
    assert data.recovered_from is None
    assert data.is_bookmarked("substance:semaglutide")
    assert data.note("substance:semaglutide").body == "written before the kill"  # type: ignore[union-attr]
    assert data.get("theme") == "dark"
    data.close()


# --- export and import ---------------------------------------------------------------------------

def fill(data: UserData) -> None:
    data.add_bookmark("substance:semaglutide", "Semaglutide")
    data.add_bookmark("article:gh#phases", "Response phases")
    data.save_note("article:gh#phases", "Response phases", "schematic only — not measured")
    data.save_note("substance:tesamorelin", "Tesamorelin", "HIV lipodystrophy only ✓")
    for target in ("article:gh", "substance:semaglutide", "glossary:igf-1"):
        data.record_visit(target, target.split(":")[1])
    data.set("theme", "high-contrast")
    data.set("zoom", 200)


def test_export_import_round_trip(tmp_path: Path) -> None:
    source = UserData(tmp_path / "a")
    fill(source)
    export = tmp_path / "export.json"
    source.export_file(export)
    parsed = json.loads(export.read_text(encoding="utf-8"))
    assert parsed["format"] == EXPORT_FORMAT and parsed["version"] == EXPORT_VERSION
    fresh = UserData(tmp_path / "b")
    counts = fresh.import_file(export)
    assert counts == {"bookmarks": 2, "notes": 2, "history": 3, "settings": 2}
    assert fresh.export_data() == source.export_data()
    # importing the same file again adds nothing
    assert fresh.import_file(export) == {"bookmarks": 0, "notes": 0, "history": 0,
                                         "settings": 2}
    assert fresh.export_data() == source.export_data()
    source.close()
    fresh.close()


def test_import_merges_and_keeps_newer_notes(tmp_path: Path) -> None:
    data = UserData(tmp_path / "u")
    data.add_bookmark("substance:mine", "Mine")
    data.save_note("substance:x", "X", "newer local text")
    local_updated = data.note("substance:x").updated  # type: ignore[union-attr]
    data.import_data({"format": EXPORT_FORMAT, "version": 1,
                      "bookmarks": [{"target": "substance:theirs", "title": "Theirs",
                                     "created": 1.0}],
                      "notes": [{"target": "substance:x", "title": "X", "body": "older",
                                 "updated": local_updated - 100}]})
    assert {b.target for b in data.bookmarks()} == {"substance:mine", "substance:theirs"}
    assert data.note("substance:x").body == "newer local text"  # type: ignore[union-attr]
    data.close()


@pytest.mark.parametrize(("content", "message"), [
    (b"\x00\xff\xfe garbage \x81", "not a Peptide Desk export"),
    (b"{not json", "not a Peptide Desk export"),
    (b"[1, 2, 3]", "not a Peptide Desk user-data export"),
    (b'{"format": "something-else", "version": 1}', "not a Peptide Desk user-data export"),
    (b'{"version": 1, "bookmarks": []}', "not a Peptide Desk user-data export"),
    (b'{"format": "peptide-desk-user-data", "version": 2}', "newer Peptide Desk"),
    (b'{"format": "peptide-desk-user-data", "version": "one"}', "not a whole number"),
    (b'{"format": "peptide-desk-user-data", "version": 1, "bookmarks": '
     b'[{"target": "substance:new", "title": "New"}], "notes": "oops"}', "nothing was changed"),
    (b'{"format": "peptide-desk-user-data", "version": 1, "bookmarks": '
     b'[{"target": "substance:new", "title": "New"}], "history": '
     b'[{"target": "a", "title": "A", "visited": "yesterday"}]}', "nothing was changed"),
])
def test_bad_import_changes_nothing(tmp_path: Path, content: bytes, message: str) -> None:
    data = UserData(tmp_path / "u")
    fill(data)
    before = data.export_data()
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    with pytest.raises(UserDataError, match=message):
        data.import_file(bad)
    assert data.export_data() == before
    assert not data.is_bookmarked("substance:new")
    data.close()


def test_import_missing_file(ud: UserData, tmp_path: Path) -> None:
    with pytest.raises(UserDataError, match="not a Peptide Desk export"):
        ud.import_file(tmp_path / "missing.json")


def test_export_to_unwritable_place(ud: UserData, tmp_path: Path) -> None:
    with pytest.raises(UserDataError, match=r"x\.json was not saved: the folder .* does not"):
        ud.export_file(tmp_path / "no-such-folder" / "x.json")


def test_cli_export_import(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                           capsys: pytest.CaptureFixture[str]) -> None:
    from peptide_desk import cli

    monkeypatch.setenv("PEPTIDE_DESK_USER_DIR", str(tmp_path / "a"))
    a = UserData(tmp_path / "a")
    fill(a)
    a.close()
    export = tmp_path / "e.json"
    assert cli.main(["export-user-data", str(export)]) == 0
    monkeypatch.setenv("PEPTIDE_DESK_USER_DIR", str(tmp_path / "b"))
    assert cli.main(["import-user-data", str(export)]) == 0
    assert "imported 2 bookmarks" in capsys.readouterr().out
    bad = tmp_path / "bad.json"
    bad.write_text("[]")
    assert cli.main(["import-user-data", str(bad)]) == 1
    assert "not a Peptide Desk user-data export" in capsys.readouterr().err


def test_new_and_existing_files_are_durable_once_open(tmp_path: Path) -> None:
    """A new file is created without fsyncs, but every write after opening is FULL-synced."""
    first = UserData(tmp_path)
    assert first.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert first.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    first.close()
    again = UserData(tmp_path)
    assert again.conn.execute("PRAGMA synchronous").fetchone()[0] == 2
    assert again.schema_version == LATEST
    again.close()
