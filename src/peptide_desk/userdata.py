"""Per-user data (bookmarks, notes, history, settings) in its own SQLite database.

Never the bundled database. WAL mode with synchronous=FULL: a bookmark or note is on disk
when ``add_bookmark``/``save_note`` returns, so it survives the app being killed.
Schema changes are forward migrations keyed by ``PRAGMA user_version``.

Opening never loses data. Only real damage (not a database, a failed ``quick_check``, its
tables missing) sets a file aside as ``user.damaged-*.sqlite``, and only when no other
instance has it open; ``problem`` then says so and where the old file is (``userdata_recover``
reads back what it still holds). A lock that outlasts the busy timeout, a full disk, a
permission or a read-only folder open the data read-only instead: a snapshot in memory, so
the window works, and ``problem`` says in one line that nothing is saved. Creating, checking,
migrating and setting aside happen under an exclusive file lock (``user.lock``); every open
instance holds a shared lock on ``user.inuse`` for as long as it is open.
"""

from __future__ import annotations

import contextlib
import errno
import json
import math
import os
import re
import sqlite3
import sys
import time
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, Concatenate, NamedTuple, ParamSpec, TypeVar

from peptide_desk.themes import THEMES

if TYPE_CHECKING:
    from peptide_desk.userdata_decks import DeckTable
    from peptide_desk.userdata_import import Clean

USER_DB_NAME = "user.sqlite"
SETUP_LOCK_NAME = "user.lock"  # held exclusively while the file is created, checked, migrated
IN_USE_LOCK_NAME = "user.inuse"  # held shared by every open instance
EXPORT_FORMAT = "peptide-desk-user-data"
EXPORT_VERSION = 1
HISTORY_LIMIT = 500
#: Seconds a lock held by another program is waited for before opening read-only.
BUSY_TIMEOUT = 5.0
#: Timestamps outside 1970 … 3000 are not real times (an old import or a damaged file).
MAX_TIME = 32503680000.0

#: What ``UserData.problem.kind`` can be.
SET_ASIDE = "set-aside"  # damaged: set aside and a new file started (recovery is offered)
LOCKED = "locked"  # locked by another program past the busy timeout: read-only
READ_ONLY = "read-only"  # disk full, permission, read-only folder: read-only
IN_USE = "in-use"  # damaged, but another instance has it open: left alone, read-only
_DAMAGED = "damaged"


class UserDataError(Exception):
    """A user-data file could not be read or written; the message says what to do."""


class Problem(NamedTuple):
    """Why the user data did not open normally; ``message`` is one line for the user."""

    kind: str
    message: str
    damaged: Path | None = None  # the file set aside (SET_ASIDE)


class _Damaged(Exception):
    """The file is not a usable user database (a failed check)."""


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


_BASE64 = re.compile(r"[A-Za-z0-9+/=]*")
_WORD = re.compile(r"[a-z][a-z0-9-]{0,39}")

#: The setting holding the last folder of each kind of export (``ui/save_flow.py``).
SAVE_FOLDERS = "save_folders"
_MAX_FOLDERS, _MAX_PATH = 32, 4096


def _valid_folders(value: Any) -> bool:
    """``{kind: folder}``: a few short kind words, each an absolute path without NUL."""
    return (isinstance(value, dict) and len(value) <= _MAX_FOLDERS
            and all(isinstance(k, str) and _WORD.fullmatch(k) is not None
                    and isinstance(v, str) and 0 < len(v) <= _MAX_PATH and "\0" not in v
                    and os.path.isabs(v) for k, v in value.items()))


#: The settings the app reads (at start, or when it saves an export), and what a valid value
#: is: an invalid stored value reads as the caller's default (``UserData.get``) and is
#: refused on import.
SETTINGS: dict[str, Callable[[Any], bool]] = {
    "zoom": lambda v: _is_int(v) and 50 <= v <= 300,
    "last_scroll": lambda v: _is_int(v) and 0 <= v <= 10**9,
    "geometry": lambda v: isinstance(v, str) and len(v) <= 8192
    and _BASE64.fullmatch(v) is not None,
    "theme": lambda v: isinstance(v, str) and v in ("system", *THEMES),
    "tier": lambda v: isinstance(v, str) and _WORD.fullmatch(v) is not None,
    "last_target": lambda v: isinstance(v, str) and 0 < len(v) <= 2000 and ":" in v,
    "current_deck": lambda v: _is_int(v) and v > 0,
    SAVE_FOLDERS: _valid_folders,
}


def valid_setting(key: str, value: Any) -> bool:
    """True when ``value`` is one the app can use for ``key`` (any value for other keys)."""
    check = SETTINGS.get(key)
    return check is None or bool(check(value))


def valid_time(ts: Any) -> bool:
    """A timestamp the pages can show: a finite number of seconds in 1970 … 3000."""
    return (isinstance(ts, (int, float)) and not isinstance(ts, bool) and math.isfinite(ts)
            and 0 <= ts <= MAX_TIME)


def _kind(exc: BaseException) -> str:
    """_DAMAGED, LOCKED or READ_ONLY: what an error at open means for the file."""
    if isinstance(exc, _Damaged):
        return _DAMAGED
    name = str(getattr(exc, "sqlite_errorname", "") or "")
    text = str(exc).lower()
    if name.startswith(("SQLITE_NOTADB", "SQLITE_CORRUPT")) or "not a database" in text \
            or "malformed" in text:
        return _DAMAGED
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "is locked" in text:
        return LOCKED
    return READ_ONLY


def _reason(exc: BaseException | None) -> str:
    """A few words for the user on why the file could not be opened or written."""
    if exc is None:
        return "unknown"
    if isinstance(exc, OSError):
        by_errno = {errno.ENOSPC: "the disk is full", errno.EACCES: "permission denied",
                    errno.EPERM: "permission denied", errno.EROFS: "the folder is read-only",
                    errno.EDQUOT: "the disk quota is used up"}
        return by_errno.get(exc.errno or 0, exc.strerror or str(exc))
    name = str(getattr(exc, "sqlite_errorname", "") or "")
    text = str(exc).lower()
    if name.startswith("SQLITE_FULL") or "disk is full" in text:
        return "the disk is full"
    if name.startswith("SQLITE_READONLY") or "readonly" in text or "read-only" in text:
        return "the file or its folder is read-only"
    if name.startswith("SQLITE_PERM") or "permission" in text:
        return "permission denied"
    if name.startswith("SQLITE_CANTOPEN") or "unable to open" in text:
        return "the file cannot be opened: permission denied or a read-only folder"
    if name.startswith("SQLITE_IOERR") or "disk i/o" in text:
        return "a disk error"
    return str(exc) or type(exc).__name__


def _check(conn: sqlite3.Connection) -> None:
    """``PRAGMA quick_check`` (linear in the file's size): raise _Damaged on a failure."""
    rows = conn.execute("PRAGMA quick_check").fetchall()
    if rows != [("ok",)]:
        raise _Damaged(f"integrity check failed: {str(rows[0][0])[:120]}")


def _probe_write(conn: sqlite3.Connection) -> None:
    """A file SQLite opened read-only (no write permission) or a writer's lock held past the
    busy timeout shows here, at start, not on the first bookmark: a write that is rolled
    back (nothing reaches the disk)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute("INSERT OR REPLACE INTO settings VALUES ('', 'null')")
    finally:
        _rollback(conn)


def _check_size(conn: sqlite3.Connection, path: Path) -> None:
    """A file cut short inside a page passes ``quick_check`` (SQLite reads the missing bytes
    as zeros): its size must be a whole number of pages."""
    page = int(conn.execute("PRAGMA page_size").fetchone()[0])
    size = path.stat().st_size
    if page and size % page:
        raise _Damaged(f"the file is cut short ({size} bytes is not a whole number of pages)")


def _check_tables(conn: sqlite3.Connection) -> None:
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    missing = {"bookmarks", "notes", "history", "settings"} - names
    if missing:
        raise _Damaged(f"tables missing: {', '.join(sorted(missing))}")


# --- file locks (advisory, between Peptide Desk instances) ------------------------------------
if sys.platform == "win32":
    import msvcrt

    def _try_lock(fd: int, exclusive: bool) -> bool:
        if not exclusive:  # no shared locks here; Windows refuses to rename an open file
            return True
        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        with contextlib.suppress(OSError):
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _try_lock(fd: int, exclusive: bool) -> bool:
        try:
            fcntl.flock(fd, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
        except OSError as exc:  # taken; on a file system without flock, go on unlocked
            return exc.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK)
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


class FileLock:
    """An advisory lock on ``path`` (created if missing): fcntl.flock on POSIX, msvcrt on
    Windows. Each holds its own descriptor, so two in one process exclude each other too."""

    def __init__(self, path: Path) -> None:
        self.fd: int | None = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)

    def acquire(self, *, exclusive: bool, timeout: float = 0.0) -> bool:
        """Take the lock, waiting up to ``timeout`` seconds; False when it stayed taken."""
        assert self.fd is not None
        deadline = time.monotonic() + timeout
        while not _try_lock(self.fd, exclusive):
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.01)
        return True

    def close(self) -> None:
        """Release the lock and the descriptor."""
        if self.fd is not None:
            fd, self.fd = self.fd, None
            with contextlib.suppress(OSError):
                _unlock(fd)
            os.close(fd)


def _new_memory() -> sqlite3.Connection:
    return sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)


def _script(conn: sqlite3.Connection, sql: str) -> None:
    """Run several statements inside the caller's transaction (executescript would commit)."""
    for statement in sql.split(";"):
        if statement.strip():
            conn.execute(statement)


def _v1(conn: sqlite3.Connection) -> None:
    _script(conn, """
        CREATE TABLE bookmarks (
            target TEXT PRIMARY KEY, title TEXT NOT NULL, created REAL NOT NULL);
        CREATE TABLE notes (
            target TEXT PRIMARY KEY, title TEXT NOT NULL, body TEXT NOT NULL,
            updated REAL NOT NULL);
        CREATE TABLE history (
            id INTEGER PRIMARY KEY AUTOINCREMENT, target TEXT NOT NULL, title TEXT NOT NULL,
            visited REAL NOT NULL);
        CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    """)


def _v2(conn: sqlite3.Connection) -> None:
    conn.execute("CREATE INDEX history_visited ON history(visited)")


def _v3(conn: sqlite3.Connection) -> None:
    """Presentation decks and their slides (``userdata_decks``); additive."""
    _script(conn, """
        CREATE TABLE decks (
            id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL,
            position INTEGER NOT NULL, created REAL NOT NULL, updated REAL NOT NULL);
        CREATE TABLE slides (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            deck_id INTEGER NOT NULL REFERENCES decks(id) ON DELETE CASCADE,
            position INTEGER NOT NULL, kind TEXT NOT NULL, target TEXT NOT NULL,
            title TEXT NOT NULL, tier TEXT NOT NULL DEFAULT '', phase INTEGER,
            notes TEXT NOT NULL DEFAULT '');
        CREATE INDEX slides_deck ON slides(deck_id, position)
    """)


#: The page of a history entry: its target without the section (``article:a#b`` → ``article:a``).
_PAGE = ("(CASE WHEN instr(target, '#') > 0 THEN substr(target, 1, instr(target, '#') - 1) "
         "ELSE target END)")

#: Forward migrations; index i brings the schema from version i to i + 1.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_v1, _v2, _v3]


_P = ParamSpec("_P")
_R = TypeVar("_R")
#: What a write that fails mid-session raises (a lock, a full disk, a read-only file).
WRITE_ERRORS = (sqlite3.Error, OSError)
_Write = Callable[Concatenate["UserData", _P], _R]


def _saving(method: _Write[_P, _R]) -> _Write[_P, _R]:
    """A write that fails mid-session never raises into the window: with ``on_write_failed``
    set, the data goes on read-only in memory (what the file holds, plus this write) and the
    callback says so once; without it (the command line) it raises :class:`UserDataError`."""
    @wraps(method)
    def call(self: UserData, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        try:
            return method(self, *args, **kwargs)
        except WRITE_ERRORS as exc:
            _rollback(self.conn)
            if self.read_only or self.closed:  # memory itself failed: nothing more to do
                raise UserDataError(f"Your change could not be kept ({_reason(exc)}).") from exc
            problem = self._write_failed(exc)
            if self.on_write_failed is None:
                raise UserDataError(problem.message) from exc
            self._go_read_only(problem)
            result = method(self, *args, **kwargs)
            self.on_write_failed(problem)
            return result
    return call


class Bookmark(NamedTuple):
    target: str
    title: str
    created: float


class Note(NamedTuple):
    target: str
    title: str
    body: str
    updated: float


class Visit(NamedTuple):
    target: str
    title: str
    visited: float


class Revisits(NamedTuple):
    """A place's visits on one day, collapsed: its newest title and time, and how many."""

    target: str
    title: str
    visited: float
    visits: int


class UserData:
    """Read/write access to the per-user database (the module docstring says how it opens).

    ``problem`` is None when the file opened normally; otherwise it says what happened, and
    ``read_only`` is True unless the damaged file was set aside and a new one started.
    """

    problem: Problem | None = None
    read_only = False
    recovered_from: Path | None = None  # the file set aside, when one was
    #: Called once when a write fails mid-session (``_saving``); None: the write raises.
    on_write_failed: Callable[[Problem], None] | None = None

    def __init__(self, folder: Path, *, busy_timeout: float = BUSY_TIMEOUT) -> None:
        self.folder, self.path = folder, folder / USER_DB_NAME
        self.busy_timeout = busy_timeout
        self._in_use: FileLock | None = None
        try:
            folder.mkdir(parents=True, exist_ok=True)
            setup = FileLock(folder / SETUP_LOCK_NAME)
        except OSError as exc:  # a read-only or full place: no file can be made here
            self._start_read_only(READ_ONLY, exc)
            return
        try:
            # another instance is creating or migrating: wait for it (that takes moments)
            if not setup.acquire(exclusive=True, timeout=max(2 * busy_timeout, 1.0)):
                self._start_read_only(LOCKED, None)
                return
            self._open_under_lock()
        finally:
            setup.close()

    def _open_under_lock(self) -> None:
        try:
            self.conn = self._open()
        except UserDataError:
            raise
        except (OSError, sqlite3.Error, _Damaged) as exc:
            kind = _kind(exc)
            if kind != _DAMAGED:
                self._start_read_only(kind, exc)
                return
            backup = self._set_aside()
            if backup is None:  # another instance has the file open: never rename it
                self._start_read_only(IN_USE, exc)
                return
            self.recovered_from = backup
            try:
                self.conn = self._open()
            except (OSError, sqlite3.Error, _Damaged) as again:
                self._start_read_only(READ_ONLY, again)
                assert self.problem is not None
                self.problem = self.problem._replace(damaged=backup, message=(
                    f"Your damaged user data was set aside as {backup}, but a new file "
                    f"could not be started either. {self.problem.message}"))
                return
            self.problem = Problem(SET_ASIDE, (
                f"Your user data could not be read ({_reason(exc)}) and was set aside as "
                f"{backup}; Peptide Desk started a new, empty file. “Recover what can be "
                "read” brings back the bookmarks, notes and history still readable in it."),
                backup)
        self._hold_in_use()

    def _hold_in_use(self) -> None:
        try:
            lock = FileLock(self.folder / IN_USE_LOCK_NAME)
        except OSError:
            return
        if lock.acquire(exclusive=False, timeout=max(2 * self.busy_timeout, 1.0)):
            self._in_use = lock
        else:
            lock.close()

    def _inspect(self) -> None:
        """Check an existing file on a read-only connection first: closing a read-write one
        would checkpoint the ``-wal`` into a damaged file and delete it, and the rows only
        the ``-wal`` holds would be lost to recovery. Raises on damage only."""
        try:
            conn = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True,
                                   timeout=self.busy_timeout)
        except (OSError, sqlite3.Error):
            return  # the read-write open says what is wrong
        try:
            if conn.execute("PRAGMA user_version").fetchone()[0] == 0:
                return  # empty (or not ours: the read-write open checks it)
            _check(conn)
            _check_size(conn, self.path)
            _check_tables(conn)
        except sqlite3.Error as exc:
            if _kind(exc) == _DAMAGED:
                raise
        finally:
            conn.close()

    def _open(self) -> sqlite3.Connection:
        new = not self.path.exists()
        if not new:
            self._inspect()
        conn = sqlite3.connect(self.path, timeout=self.busy_timeout, isolation_level=None,
                               check_same_thread=False)
        try:
            # A new file holds nothing to lose: it is created without fsyncs (a first start
            # stays fast); every write after that is durable (synchronous=FULL).
            conn.execute(f"PRAGMA synchronous = {'OFF' if new else 'FULL'}")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA foreign_keys = ON")
            if not new:
                _check(conn)
                _check_size(conn, self.path)
            self._migrate(conn)
            _check_tables(conn)
            conn.execute("PRAGMA synchronous = FULL")
            _probe_write(conn)
        except BaseException:
            conn.close()  # so the file can be renamed aside (Windows) and is not left locked
            raise
        return conn

    def _set_aside(self) -> Path | None:
        """Rename the damaged file (never deleted) unless another instance has it open;
        returns where it went, or None when it stays where it is."""
        try:
            probe = FileLock(self.folder / IN_USE_LOCK_NAME)
        except OSError:
            return None
        try:
            if not probe.acquire(exclusive=True):  # an instance holds it shared: in use
                return None
            stamp = time.strftime("%Y%m%d-%H%M%S")
            backup = self.path.with_name(f"user.damaged-{stamp}.sqlite")
            n = 1
            while backup.exists():  # never overwrite an earlier quarantined file
                n += 1
                backup = self.path.with_name(f"user.damaged-{stamp}-{n}.sqlite")
            try:
                self.path.rename(backup)
            except OSError:  # Windows: another program has it open
                return None
            moved: list[tuple[Path, Path]] = [(self.path, backup)]
            try:
                for suffix in ("-wal", "-shm"):  # a -wal left behind would join a new file
                    side = self.path.with_name(self.path.name + suffix)
                    if side.exists():
                        side.rename(backup.with_name(backup.name + suffix))
                        moved.append((side, backup.with_name(backup.name + suffix)))
            except OSError:
                for old, new in reversed(moved):  # put everything back: left as it was
                    with contextlib.suppress(OSError):
                        new.rename(old)
                return None
            return backup
        finally:
            probe.close()

    def _start_read_only(self, kind: str, exc: BaseException | None) -> None:
        """Open a snapshot of what can be read, in memory: the window works, nothing is
        saved, and ``problem`` says why in one line."""
        self.read_only = True
        unsaved = "it is open read-only, so changes in this session are not saved."
        if kind == LOCKED:
            message = (f"Your user data is locked by another program (waited "
                       f"{self.busy_timeout:g} s); {unsaved}")
        elif kind == IN_USE:
            message = (f"Your user data looks damaged ({_reason(exc)}) but another Peptide "
                       "Desk window has it open, so it was not set aside (close every window "
                       f"and start again); {unsaved}")
        else:
            message = f"Your user data cannot be written ({_reason(exc)}: {self.path}); {unsaved}"
        self.problem = Problem(kind, message)
        self.conn = self._snapshot(check=kind == IN_USE)

    def _snapshot(self, check: bool) -> sqlite3.Connection:
        mem = _new_memory()
        self._migrate(mem)  # the schema; what can be read is copied in
        try:
            present = self.path.is_file()
            uri = self.path.resolve().as_uri() if present else ""
        except OSError:
            present = False
        if present:
            for query in ("mode=ro", "immutable=1"):  # immutable: past another's lock
                try:
                    src = sqlite3.connect(f"{uri}?{query}", uri=True,
                                          timeout=min(self.busy_timeout, 0.5))
                    try:
                        _copy_rows(src, mem, check)
                    finally:
                        src.close()
                    return mem
                except (OSError, sqlite3.Error, _Damaged):
                    continue
        return mem  # nothing readable: empty, as on a first start

    @staticmethod
    def _migrate(conn: sqlite3.Connection) -> None:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > len(MIGRATIONS):
            raise UserDataError("Your user data was written by a newer Peptide Desk; update the "
                                "app to open it.")
        if version == 0:  # a new, empty file: the whole schema in one transaction
            UserData._upgrade(conn, range(len(MIGRATIONS)))
            return
        for step in range(version, len(MIGRATIONS)):  # existing data: one step at a time
            UserData._upgrade(conn, [step])

    @staticmethod
    def _upgrade(conn: sqlite3.Connection, steps: range | list[int]) -> None:
        """Run migration ``steps`` in one transaction, rolled back whole on failure."""
        conn.execute("BEGIN IMMEDIATE")
        step = steps[0]
        try:
            for step in steps:
                MIGRATIONS[step](conn)
                conn.execute(f"PRAGMA user_version = {step + 1}")
            conn.execute("COMMIT")
        except BaseException as exc:
            _rollback(conn)
            if isinstance(exc, sqlite3.Error) and not _environmental(exc):
                # the migration itself failed: raise something the caller will not
                # quarantine (a full disk, a lock or damage are raised as they are)
                raise UserDataError(f"Your user data could not be upgraded to version "
                                    f"{step + 1} ({exc}); it was left unchanged.") from exc
            raise

    def _write_failed(self, exc: BaseException) -> Problem:
        """What a write that failed mid-session means for the user, in one sentence."""
        kind = _kind(exc)
        why = ("another program is holding a lock on it" if kind == LOCKED
               else "it looks damaged" if kind == _DAMAGED else _reason(exc))
        return Problem(LOCKED if kind == LOCKED else READ_ONLY, (
            f"Your bookmarks and notes could not be saved ({why}: {self.path}); changes "
            "from now on are kept only until you quit, so free some space or close the "
            "other program, then restart Peptide Desk (File → Export user data keeps "
            "them in a file)."))

    def _go_read_only(self, problem: Problem) -> None:
        """Carry on in memory from what the file holds, as a read-only start does."""
        old = self.conn
        self.read_only, self.problem = True, problem
        self.conn = self._snapshot(check=False)
        with contextlib.suppress(sqlite3.Error):
            old.close()

    @property
    def decks(self) -> DeckTable:
        """The presentation decks stored here (``userdata_decks``)."""
        from peptide_desk.userdata_decks import DeckTable

        return DeckTable(self)

    @property
    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    closed = False

    def close(self) -> None:
        if self.closed:
            return
        self.conn.close()
        self.closed = True
        if self._in_use is not None:
            self._in_use.close()
            self._in_use = None

    # --- bookmarks --------------------------------------------------------------------
    @_saving
    def add_bookmark(self, target: str, title: str) -> None:
        self.conn.execute("INSERT OR REPLACE INTO bookmarks VALUES (?, ?, ?)",
                          (target, title, time.time()))

    @_saving
    def remove_bookmark(self, target: str) -> None:
        self.conn.execute("DELETE FROM bookmarks WHERE target = ?", (target,))

    def is_bookmarked(self, target: str) -> bool:
        return self.conn.execute("SELECT 1 FROM bookmarks WHERE target = ?",
                                 (target,)).fetchone() is not None

    def bookmarks(self, limit: int = -1) -> list[Bookmark]:
        """Newest first; at most ``limit`` (all when negative)."""
        return [Bookmark(*r) for r in self.conn.execute(
            "SELECT target, title, created FROM bookmarks ORDER BY created DESC LIMIT ?",
            (limit,))]

    def bookmark_targets(self, prefix: str) -> set[str]:
        """Targets of the bookmarks starting with ``prefix`` (an article's sections)."""
        return {r[0] for r in self.conn.execute(
            "SELECT target FROM bookmarks WHERE substr(target, 1, ?) = ?", (len(prefix), prefix))}

    def bookmarks_by_title(self, limit: int = -1) -> list[Bookmark]:
        """A to Z by title (case-insensitive); at most ``limit`` (all when negative)."""
        return [Bookmark(*r) for r in self.conn.execute(
            "SELECT target, title, created FROM bookmarks ORDER BY title COLLATE NOCASE, "
            "target LIMIT ?", (limit,))]

    def bookmark(self, target: str) -> Bookmark | None:
        row = self.conn.execute("SELECT target, title, created FROM bookmarks WHERE "
                                "target = ?", (target,)).fetchone()
        return Bookmark(*row) if row else None

    @_saving
    def rename_bookmark(self, target: str, title: str) -> None:
        """Give a bookmark the user's own name (its place and date stay)."""
        self.conn.execute("UPDATE bookmarks SET title = ? WHERE target = ?", (title, target))

    @_saving
    def restore_bookmark(self, mark: Bookmark) -> None:
        """Put a deleted bookmark back as it was (Undo)."""
        self.conn.execute("INSERT OR REPLACE INTO bookmarks VALUES (?, ?, ?)", tuple(mark))

    def count(self, table: str) -> int:
        """How many bookmarks, notes or history entries there are."""
        if table not in ("bookmarks", "notes", "history"):
            raise ValueError(table)
        return int(self.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])

    # --- notes ------------------------------------------------------------------------
    @_saving
    def save_note(self, target: str, title: str, body: str) -> None:
        """Save (or, with an empty body, delete) the note on ``target``."""
        if body.strip():
            self.conn.execute("INSERT OR REPLACE INTO notes VALUES (?, ?, ?, ?)",
                              (target, title, body, time.time()))
        else:
            self.conn.execute("DELETE FROM notes WHERE target = ?", (target,))

    def note(self, target: str) -> Note | None:
        row = self.conn.execute("SELECT target, title, body, updated FROM notes WHERE "
                                "target = ?", (target,)).fetchone()
        return Note(*row) if row else None

    def notes(self, prefix: str = "", limit: int = -1) -> list[Note]:
        """Newest first; at most ``limit`` (all when negative)."""
        return [Note(*r) for r in self.conn.execute(
            "SELECT target, title, body, updated FROM notes WHERE substr(target, 1, ?) = ? "
            "ORDER BY updated DESC LIMIT ?", (len(prefix), prefix, limit))]

    # --- history ----------------------------------------------------------------------
    @_saving
    def record_visit(self, target: str, title: str) -> None:
        last = self.conn.execute("SELECT target FROM history ORDER BY id DESC LIMIT 1").fetchone()
        if last and last[0] == target:
            return
        self.conn.execute("INSERT INTO history(target, title, visited) VALUES (?, ?, ?)",
                          (target, title, time.time()))
        self.conn.execute("DELETE FROM history WHERE id <= (SELECT max(id) FROM history) - ?",
                          (HISTORY_LIMIT,))

    def history(self, limit: int = 100) -> list[Visit]:
        return [Visit(*r) for r in self.conn.execute(
            "SELECT target, title, visited FROM history ORDER BY id DESC LIMIT ?", (limit,))]

    def history_by_day(self, limit: int = 100) -> list[Revisits]:
        """Newest first, each page once per (local) day: going back and forward between two
        pages, or between sections of one article, lists each page once (at its newest
        place). At most ``limit`` rows are read."""
        return [Revisits(*r[:4]) for r in self.conn.execute(
            f"SELECT target, title, visited, count(*), max(id) FROM history GROUP BY {_PAGE}, "
            "date(visited, 'unixepoch', 'localtime') ORDER BY max(id) DESC LIMIT ?",
            (limit,))]

    @_saving
    def delete_visits(self, target: str) -> int:
        """Forget every visit to the page of ``target`` (any section of an article); how
        many there were."""
        page = target.split("#", 1)[0]
        return int(self.conn.execute(f"DELETE FROM history WHERE {_PAGE} = ?",
                                     (page,)).rowcount)

    @_saving
    def clear_history(self) -> None:
        self.conn.execute("DELETE FROM history")

    # --- settings ---------------------------------------------------------------------
    def get(self, key: str, default: Any = None) -> Any:
        """The stored value, or ``default`` when there is none or it is not valid for
        ``key`` (``SETTINGS``): a bad import or a damaged value never breaks a start."""
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        if row is None:
            return default
        try:
            value = json.loads(row[0])
        except (TypeError, ValueError, RecursionError):
            return default
        return value if valid_setting(key, value) else default

    @_saving
    def set(self, key: str, value: Any) -> None:
        self.conn.execute("INSERT OR REPLACE INTO settings VALUES (?, ?)",
                          (key, json.dumps(value)))

    # --- export / import ------------------------------------------------------------------
    def export_data(self) -> dict[str, Any]:
        settings: dict[str, Any] = {}
        for key, value in self.conn.execute("SELECT key, value FROM settings ORDER BY key"):
            try:
                settings[key] = json.loads(value)
            except (TypeError, ValueError, RecursionError):
                continue  # unreadable: nothing worth exporting
        return {"format": EXPORT_FORMAT, "version": EXPORT_VERSION,
                "bookmarks": [b._asdict() for b in self.bookmarks()],
                "notes": [n._asdict() for n in self.notes()],
                "history": [v._asdict() for v in reversed(self.history(HISTORY_LIMIT))],
                "settings": settings, "decks": self._export_decks()}

    def _export_decks(self) -> list[dict[str, Any]]:
        from peptide_desk.userdata_decks import export_decks

        return export_decks(self)

    def export_text(self) -> str:
        """The export as JSON text (what export_file writes; the window saves it itself)."""
        return json.dumps(self.export_data(), ensure_ascii=False, indent=2)

    def export_file(self, path: Path) -> None:
        """Write the export all or nothing (atomic.py); UserDataError says why it failed."""
        from peptide_desk.atomic import SaveError, write_text

        try:
            write_text(path, self.export_text())
        except SaveError as exc:
            raise UserDataError(str(exc)) from exc

    def import_file(self, path: Path,
                    progress: Callable[[int, int], None] | None = None) -> dict[str, int]:
        """Merge an export into this database; nothing is deleted. Returns counts added.
        ``progress(bytes_read, size)`` is called while a large file is read."""
        from peptide_desk.userdata_import import read_export

        return self.import_data(read_export(path, progress))

    def import_data(self, data: Any) -> dict[str, int]:
        """Validate every field (``userdata_import``), then merge in one transaction."""
        from peptide_desk.userdata_import import validate

        return self.merge(validate(data))

    def merge(self, clean: Clean, *, replace_settings: bool = True) -> dict[str, int]:
        """Add validated rows: bookmarks and history are added when new, a note when newer,
        settings replaced (or, without ``replace_settings``, only added when missing)."""
        counts = {"bookmarks": 0, "notes": 0, "history": 0, "settings": 0}
        setting_sql = ("INSERT OR REPLACE INTO settings VALUES (?, ?)" if replace_settings
                       else "INSERT OR IGNORE INTO settings VALUES (?, ?)")
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            for target, title, created in clean.bookmarks:
                counts["bookmarks"] += self.conn.execute(
                    "INSERT OR IGNORE INTO bookmarks VALUES (?, ?, ?)",
                    (target, title, created)).rowcount
            for target, title, body, updated in clean.notes:
                counts["notes"] += self.conn.execute(
                    "INSERT INTO notes VALUES (?, ?, ?, ?) ON CONFLICT(target) DO UPDATE SET "
                    "body = excluded.body, updated = excluded.updated WHERE excluded.updated "
                    "> notes.updated", (target, title, body, updated)).rowcount
            for target, title, visited in clean.history:
                counts["history"] += self.conn.execute(  # importing twice adds nothing
                    "INSERT INTO history(target, title, visited) SELECT ?, ?, ? WHERE NOT "
                    "EXISTS (SELECT 1 FROM history WHERE target = ? AND visited = ?)",
                    (target, title, visited, target, visited)).rowcount
            for key, value in clean.settings.items():
                counts["settings"] += self.conn.execute(
                    setting_sql, (key, json.dumps(value, allow_nan=False))).rowcount
            if clean.decks:  # counted only when there are any (older exports have none)
                from peptide_desk.userdata_decks import merge_decks

                counts.update(merge_decks(self.conn, clean.decks))
            self.conn.execute("COMMIT")
        except (sqlite3.Error, TypeError, ValueError) as exc:
            _rollback(self.conn)
            raise UserDataError(f"The export could not be imported ({exc}); nothing was "
                                "changed.") from exc
        return counts


#: The columns a snapshot copies, per table (every schema version has them).
_COLUMNS = {"bookmarks": "target, title, created", "notes": "target, title, body, updated",
            "history": "id, target, title, visited", "settings": "key, value",
            # from schema version 3; an older file has none to copy
            "decks": "id, name, position, created, updated",
            "slides": "id, deck_id, position, kind, target, title, tier, phase, notes"}


def _copy_rows(src: sqlite3.Connection, mem: sqlite3.Connection, check: bool) -> None:
    """Every row of ``src`` into ``mem`` (one transaction), or an error and nothing."""
    if src.execute("PRAGMA user_version").fetchone()[0] > len(MIGRATIONS):
        raise _Damaged("written by a newer Peptide Desk")
    if check:
        _check(src)
    present = {r[0] for r in src.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    rows = {t: src.execute(f"SELECT {c} FROM {t}").fetchall() for t, c in _COLUMNS.items()
            if t in present or t not in ("decks", "slides")}
    mem.execute("BEGIN")
    for table, columns in _COLUMNS.items():
        if table not in rows:
            continue
        marks = ", ".join("?" * len(columns.split(",")))
        mem.executemany(f"INSERT OR IGNORE INTO {table} ({columns}) VALUES ({marks})",
                        rows[table])
    mem.execute("COMMIT")


def _rollback(conn: sqlite3.Connection) -> None:
    """Roll back the open transaction, if SQLite has not already (a full disk, an I/O error
    or an interrupt end it themselves): the error to report is the first one."""
    if conn.in_transaction:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")


def _environmental(exc: sqlite3.Error) -> bool:
    """A full disk, a lock, a read-only file, an I/O error or damage: not the migration's
    fault (the caller opens read-only or sets the file aside)."""
    name = str(getattr(exc, "sqlite_errorname", "") or "")
    return _kind(exc) != READ_ONLY or name.startswith(
        ("SQLITE_FULL", "SQLITE_READONLY", "SQLITE_IOERR", "SQLITE_CANTOPEN", "SQLITE_PERM")) \
        or "disk is full" in str(exc).lower()
