"""Opening the user database never loses or hides data (issue 17, items 1-3): only real
damage sets a file aside, and never one another instance has open; a lock waits, then opens
read-only; a full disk, a permission or a read-only folder open read-only with one line; two
instances starting together on a new folder both work.

Permission cases: the tests may run as root, whom ``chmod`` does not stop. Each first makes
the folder or file read-only with ``os.chmod`` and checks ``os.access``; where root can still
write, the error SQLite would raise is simulated by patching ``sqlite3.connect``.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from peptide_desk import userdata
from peptide_desk.userdata import (
    IN_USE,
    LOCKED,
    MIGRATIONS,
    READ_ONLY,
    SET_ASIDE,
    USER_DB_NAME,
    UserData,
    UserDataError,
)

LATEST = len(MIGRATIONS)
POSIX = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes and flock")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "user"


def filled(folder: Path) -> None:
    data = UserData(folder)
    data.add_bookmark("substance:semaglutide", "Semaglutide")
    data.save_note("substance:semaglutide", "Semaglutide", "my note")
    data.close()


def damaged_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if "damaged" in p.name)


def assert_read_only(data: UserData, kind: str, *, with_data: bool = True) -> None:
    assert data.read_only and data.problem is not None and data.problem.kind == kind
    assert "\n" not in data.problem.message and "Traceback" not in data.problem.message
    assert "not saved" in data.problem.message
    if with_data:  # what was there is shown
        assert data.is_bookmarked("substance:semaglutide")
    data.add_bookmark("substance:x", "X")  # the window keeps working; nothing is saved
    assert data.is_bookmarked("substance:x")
    data.set("zoom", 120)


# --- a lock waits, then opens read-only -----------------------------------------------------

@contextmanager
def exclusive_lock(path: Path) -> Iterator[sqlite3.Connection]:
    """Another program holding the database exclusively (no reader gets in)."""
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("INSERT INTO settings VALUES ('held', '1')")
    try:
        yield holder
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_lock_outlasting_the_busy_timeout_opens_read_only_never_set_aside(folder: Path) -> None:
    filled(folder)
    before = (folder / USER_DB_NAME).read_bytes()
    with exclusive_lock(folder / USER_DB_NAME):
        data = UserData(folder, busy_timeout=0.3)
        assert_read_only(data, LOCKED)
        assert "locked by another program" in data.problem.message  # type: ignore[union-attr]
        data.close()
    assert damaged_files(folder) == []
    assert (folder / USER_DB_NAME).read_bytes() == before  # untouched
    again = UserData(folder)
    assert again.problem is None and not again.read_only
    assert again.is_bookmarked("substance:semaglutide")
    assert not again.is_bookmarked("substance:x")  # the read-only session saved nothing
    again.close()


def test_lock_released_within_the_busy_timeout_is_waited_for(folder: Path) -> None:
    filled(folder)
    locked = threading.Event()

    def hold() -> None:  # another program: locks, then lets go after 0.3 s
        with exclusive_lock(folder / USER_DB_NAME) as holder:
            locked.set()
            threading.Event().wait(0.3)
            holder.execute("ROLLBACK")
            holder.execute("BEGIN")  # closed (and so unlocked) by the context manager

    other = threading.Thread(target=hold)
    other.start()
    locked.wait(10)
    data = UserData(folder, busy_timeout=10)
    other.join()
    assert data.problem is None and not data.read_only
    data.add_bookmark("substance:y", "Y")
    data.close()
    assert UserData(folder).is_bookmarked("substance:y")


# --- full disk, permission, read-only folder: read-only with one line -----------------------

def simulate(monkeypatch: pytest.MonkeyPatch, path: Path, message: str, name: str) -> None:
    """SQLite raising ``name`` when it opens the user file (the URIs of a read-only snapshot
    still open)."""
    real = sqlite3.connect

    def connect(database: object, *args: object, **kwargs: object) -> sqlite3.Connection:
        if isinstance(database, Path) and database == path:
            exc = sqlite3.OperationalError(message)
            exc.sqlite_errorname = name  # type: ignore[attr-defined]
            raise exc
        return real(database, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(userdata.sqlite3, "connect", connect)


@pytest.mark.parametrize(("message", "name", "said"), [
    ("database or disk is full", "SQLITE_FULL", "the disk is full"),
    ("attempt to write a readonly database", "SQLITE_READONLY", "read-only"),
    ("unable to open database file", "SQLITE_CANTOPEN", "permission denied"),
    ("disk I/O error", "SQLITE_IOERR", "a disk error"),
])
def test_environment_errors_open_read_only(folder: Path, monkeypatch: pytest.MonkeyPatch,
                                           message: str, name: str, said: str) -> None:
    filled(folder)
    simulate(monkeypatch, folder / USER_DB_NAME, message, name)
    for _start in range(3):  # every start: never renamed, never a crash
        data = UserData(folder)
        assert_read_only(data, READ_ONLY)
        assert said in data.problem.message  # type: ignore[union-attr]
        data.close()
    monkeypatch.undo()
    assert damaged_files(folder) == []
    assert UserData(folder).is_bookmarked("substance:semaglutide")


def test_file_sqlite_can_only_open_read_only(folder: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """A file without write permission: SQLite opens it read-only and only a write fails.
    That connection is simulated with a ``mode=ro`` URI (root has every permission); the
    read-only start is decided at open, not at the first bookmark."""
    filled(folder)
    real = sqlite3.connect

    def read_only(database: object, *args: object, **kwargs: object) -> sqlite3.Connection:
        if isinstance(database, Path):
            kwargs["uri"] = True
            return real(f"{database.resolve().as_uri()}?mode=ro", *args, **kwargs)  # type: ignore[arg-type]
        return real(database, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(userdata.sqlite3, "connect", read_only)
    data = UserData(folder)
    assert_read_only(data, READ_ONLY)
    assert "read-only" in data.problem.message  # type: ignore[union-attr]
    data.close()
    assert damaged_files(folder) == []


def test_writer_holding_its_lock_past_the_timeout_opens_read_only(folder: Path) -> None:
    """In WAL mode readers pass a writer; the write probe at open waits, then says so."""
    filled(folder)
    writer = sqlite3.connect(folder / USER_DB_NAME, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    try:
        data = UserData(folder, busy_timeout=0.2)
        assert_read_only(data, LOCKED)
        data.close()
    finally:
        writer.execute("ROLLBACK")
        writer.close()


@POSIX
def test_read_only_folder(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    filled(folder)
    (folder / "user.lock").unlink()
    (folder / "user.inuse").unlink()
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        if os.access(folder, os.W_OK):  # root: chmod does not stop it, so simulate
            simulate(monkeypatch, folder / USER_DB_NAME, "attempt to write a readonly "
                     "database", "SQLITE_READONLY")
            real_open = os.open

            def no_create(path: object, flags: int, *args: object) -> int:
                if flags & os.O_CREAT and Path(str(path)).parent == folder:
                    raise PermissionError(13, "Permission denied", str(path))
                return real_open(path, flags, *args)  # type: ignore[arg-type]

            monkeypatch.setattr(userdata.os, "open", no_create)
        data = UserData(folder)
        assert_read_only(data, READ_ONLY)
        data.close()
    finally:
        folder.chmod(stat.S_IRWXU)
    assert damaged_files(folder) == []


@POSIX
def test_unreadable_file(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    filled(folder)
    db = folder / USER_DB_NAME
    db.chmod(0)
    try:
        if os.access(db, os.R_OK):  # root reads it anyway: simulate what others get
            simulate(monkeypatch, db, "unable to open database file", "SQLITE_CANTOPEN")
            real = userdata.sqlite3.connect

            def no_read(database: object, *args: object, **kwargs: object) -> object:
                if isinstance(database, str) and database.startswith("file:"):
                    raise sqlite3.OperationalError("unable to open database file")
                return real(database, *args, **kwargs)  # type: ignore[arg-type]

            monkeypatch.setattr(userdata.sqlite3, "connect", no_read)
        data = UserData(folder)
        assert_read_only(data, READ_ONLY, with_data=False)  # nothing readable: empty
        data.close()
    finally:
        db.chmod(0o644)
    monkeypatch.undo()
    assert damaged_files(folder) == []
    assert UserData(folder).is_bookmarked("substance:semaglutide")


def test_folder_that_cannot_be_created(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A user folder in a read-only place (a traceback before)."""
    place = Path("/proc/peptide-desk-probe/user") if sys.platform.startswith("linux") \
        else tmp_path / "ro" / "user"
    if not sys.platform.startswith("linux"):
        monkeypatch.setattr(Path, "mkdir", lambda *a, **k: (_ for _ in ()).throw(
            PermissionError(13, "Permission denied")))
    data = UserData(place)
    assert_read_only(data, READ_ONLY, with_data=False)
    assert data.schema_version == LATEST
    data.close()


@POSIX
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_FSIZE probe")
def test_really_full_disk_in_a_child(folder: Path) -> None:
    """No fake: a process that may not grow any file (RLIMIT_FSIZE = 0) opens a v1 file,
    which needs a migration (writes): read-only, nothing renamed, the data shown."""
    folder.mkdir()
    conn = sqlite3.connect(folder / USER_DB_NAME)
    MIGRATIONS[0](conn)
    conn.execute("PRAGMA user_version = 1")
    conn.execute("INSERT INTO bookmarks VALUES ('substance:semaglutide', 'Semaglutide', 1.0)")
    conn.commit()
    conn.close()
    child = textwrap.dedent("""
        import resource, signal, sys
        from pathlib import Path
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
        from peptide_desk.userdata import UserData
        for _ in range(3):
            data = UserData(Path(sys.argv[1]))
            print(data.problem.kind, data.read_only, data.is_bookmarked("substance:semaglutide"))
            print(data.problem.message)
            data.close()
    """)
    out = subprocess.run([sys.executable, "-c", child, str(folder)], capture_output=True,
                         text=True, timeout=60, check=False)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0::2] == ["read-only True True"] * 3, out.stdout
    assert damaged_files(folder) == []
    data = UserData(folder)  # without the limit: migrated, nothing lost
    assert data.problem is None and data.schema_version == LATEST
    assert data.is_bookmarked("substance:semaglutide")
    data.close()


# --- damage: set aside, said, never while open elsewhere ------------------------------------

@pytest.mark.parametrize("damage", ["garbage", "header", "truncated", "tables"])
def test_only_real_damage_sets_aside_and_says_where(folder: Path, damage: str) -> None:
    data = UserData(folder)
    for i in range(300):
        data.add_bookmark(f"substance:s{i}", f"Bookmark {i} " + "x" * 100)
    data.close()
    db = folder / USER_DB_NAME
    raw = db.read_bytes()
    if damage == "garbage":
        db.write_bytes(b"this is not a database " * 200)
    elif damage == "header":
        db.write_bytes(b"\xff" * 100 + raw[100:])
    elif damage == "truncated":
        db.write_bytes(raw[: len(raw) // 2])
    else:
        conn = sqlite3.connect(db)
        conn.execute("DROP TABLE notes")
        conn.close()
    damaged = db.read_bytes()
    opened = UserData(folder)
    assert opened.problem is not None and opened.problem.kind == SET_ASIDE
    assert not opened.read_only
    backup = opened.problem.damaged
    assert backup is not None and backup == opened.recovered_from
    assert backup.read_bytes() == damaged  # set aside, bytes intact
    assert str(backup) in opened.problem.message and "Recover what can be read" in \
        opened.problem.message
    assert opened.schema_version == LATEST and opened.bookmarks() == []
    opened.close()


def test_healthy_file_is_never_set_aside(folder: Path) -> None:
    filled(folder)
    for _ in range(3):
        data = UserData(folder)
        assert data.problem is None
        data.close()
    assert damaged_files(folder) == []


@POSIX
def test_damaged_file_open_in_another_instance_is_not_renamed(folder: Path) -> None:
    first = UserData(folder)
    first.add_bookmark("substance:semaglutide", "Semaglutide")
    first.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # page 1 read from the file
    db = folder / USER_DB_NAME
    with db.open("r+b") as fh:  # damaged under the first instance
        fh.write(b"\xff" * 100)
    second = UserData(folder)
    assert second.problem is not None and second.problem.kind == IN_USE
    assert second.read_only and "another Peptide Desk window" in second.problem.message
    assert db.exists() and damaged_files(folder) == []  # the open file stays put
    second.close()
    first.close()
    third = UserData(folder)  # nobody has it open now: set aside
    assert third.problem is not None and third.problem.kind == SET_ASIDE
    assert len([n for n in damaged_files(folder) if n.endswith(".sqlite")]) == 1
    third.close()


def test_newer_schema_stays_a_clear_error_not_damage(folder: Path) -> None:
    filled(folder)
    conn = sqlite3.connect(folder / USER_DB_NAME)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    with pytest.raises(UserDataError, match="newer Peptide Desk"):
        UserData(folder)
    assert damaged_files(folder) == []


# --- _upgrade: the real error, not "no transaction is active" -------------------------------

def test_rollback_after_sqlite_rolled_back_reports_the_real_error(
        folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    filled(folder)

    def interrupted(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE half_done (x)")
        conn.set_progress_handler(lambda: 1, 1)  # SQLite ends the transaction itself
        try:
            conn.execute("INSERT INTO half_done SELECT value FROM json_each('[1,2,3]')")
        finally:
            conn.set_progress_handler(None, 1)

    monkeypatch.setattr(userdata, "MIGRATIONS", [*MIGRATIONS, interrupted])
    with pytest.raises(UserDataError, match="interrupted") as caught:
        UserData(folder)
    assert "no transaction is active" not in str(caught.value)
    monkeypatch.undo()
    data = UserData(folder)
    assert data.schema_version == LATEST and data.is_bookmarked("substance:semaglutide")
    assert "half_done" not in {r[0] for r in data.conn.execute("SELECT name FROM sqlite_master")}
    data.close()


def test_full_disk_during_a_migration_opens_read_only(
        folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    filled(folder)

    def full(conn: sqlite3.Connection) -> None:
        if not conn.execute("PRAGMA database_list").fetchone()[2]:
            return  # the read-only snapshot in memory has room
        conn.execute("ROLLBACK")  # as SQLite does on SQLITE_FULL
        exc = sqlite3.OperationalError("database or disk is full")
        exc.sqlite_errorname = "SQLITE_FULL"  # type: ignore[attr-defined]
        raise exc

    monkeypatch.setattr(userdata, "MIGRATIONS", [*MIGRATIONS, full])
    data = UserData(folder)
    assert data.problem is not None and data.problem.kind == READ_ONLY
    assert "the disk is full" in data.problem.message
    assert data.is_bookmarked("substance:semaglutide")
    data.close()
    assert damaged_files(folder) == []


# --- two instances ---------------------------------------------------------------------------

def test_second_instance_on_the_same_folder_works(folder: Path) -> None:
    a, b = UserData(folder), UserData(folder)
    assert a.problem is None and b.problem is None
    a.add_bookmark("class:glp1-ra", "GLP-1 RAs")
    b.save_note("class:glp1-ra", "GLP-1 RAs", "from the second window")
    assert b.is_bookmarked("class:glp1-ra") and a.note("class:glp1-ra") is not None
    a.close()
    b.close()


STARTER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    folder, n, go = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
    while not go.exists():
        time.sleep(0.001)
    from peptide_desk.userdata import UserData
    data = UserData(folder)
    data.add_bookmark(f"substance:p{n}", f"P{n}")
    print(data.problem.kind if data.problem else "ok", data.schema_version, flush=True)
    data.close()
""")


@POSIX
def test_instances_starting_together_on_a_new_folder(tmp_path: Path) -> None:
    """Six processes released at once onto an empty folder, three rounds: no upgrade error,
    nothing set aside, every acknowledged bookmark there."""
    for round_ in range(3):
        folder, go = tmp_path / f"user{round_}", tmp_path / f"go{round_}"
        procs = [subprocess.Popen([sys.executable, "-c", STARTER, str(folder), str(n),
                                   str(go)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True) for n in range(6)]
        go.touch()
        outs = [p.communicate(timeout=60) for p in procs]
        assert [p.returncode for p in procs] == [0] * 6, [e for _, e in outs]
        assert [o.strip() for o, _ in outs] == [f"ok {LATEST}"] * 6
        data = UserData(folder)
        assert data.problem is None and damaged_files(folder) == []
        assert {b.target for b in data.bookmarks()} == {f"substance:p{n}" for n in range(6)}
        assert data.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        data.close()
