"""Per-user data (bookmarks, notes, history, settings) in its own SQLite database.

Never the bundled database. WAL mode with synchronous=FULL: a bookmark or note is on disk
when ``add_bookmark``/``save_note`` returns, so it survives the app being killed.
Schema changes are forward migrations keyed by ``PRAGMA user_version``.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

USER_DB_NAME = "user.sqlite"
EXPORT_FORMAT = "peptide-desk-user-data"
EXPORT_VERSION = 1
HISTORY_LIMIT = 500


class UserDataError(Exception):
    """A user-data file could not be read or written; the message says what to do."""


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


#: Forward migrations; index i brings the schema from version i to i + 1.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_v1, _v2]


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


class UserData:
    """Read/write access to the per-user database."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / USER_DB_NAME
        try:
            folder.mkdir(parents=True, exist_ok=True)
            self.conn = self._open()
        except (OSError, sqlite3.DatabaseError) as exc:
            self._quarantine(exc)

    def _open(self) -> sqlite3.Connection:
        new = not self.path.exists()
        conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        try:
            # A new file holds nothing to lose: it is created without fsyncs (a first start
            # stays fast); every write after that is durable (synchronous=FULL).
            conn.execute(f"PRAGMA synchronous = {'OFF' if new else 'FULL'}")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA foreign_keys = ON")
            self._migrate(conn)
            conn.execute("PRAGMA synchronous = FULL")
        except BaseException:
            conn.close()  # so the file can be renamed aside (Windows) and is not left locked
            raise
        return conn

    def _quarantine(self, exc: Exception) -> None:
        """A damaged user database is set aside (never deleted) and a fresh one started."""
        if not self.path.exists():
            raise UserDataError(f"Cannot create the user data folder ({exc}).") from exc
        stamp = time.strftime("%Y%m%d-%H%M%S")
        backup = self.path.with_name(f"user.damaged-{stamp}.sqlite")
        n = 1
        while backup.exists():  # never overwrite an earlier quarantined file
            n += 1
            backup = self.path.with_name(f"user.damaged-{stamp}-{n}.sqlite")
        self.path.rename(backup)
        for suffix in ("-wal", "-shm"):
            side = self.path.with_name(self.path.name + suffix)
            if side.exists():
                side.rename(backup.with_name(backup.name + suffix))
        self.conn = self._open()
        self.recovered_from: Path | None = backup

    recovered_from: Path | None = None

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
        except sqlite3.Error as exc:
            conn.execute("ROLLBACK")
            # not a damaged file: raise something the caller will not quarantine
            raise UserDataError(f"Your user data could not be upgraded to version "
                                f"{step + 1} ({exc}); it was left unchanged.") from exc
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    @property
    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    closed = False

    def close(self) -> None:
        self.conn.close()
        self.closed = True

    # --- bookmarks --------------------------------------------------------------------
    def add_bookmark(self, target: str, title: str) -> None:
        self.conn.execute("INSERT OR REPLACE INTO bookmarks VALUES (?, ?, ?)",
                          (target, title, time.time()))

    def remove_bookmark(self, target: str) -> None:
        self.conn.execute("DELETE FROM bookmarks WHERE target = ?", (target,))

    def is_bookmarked(self, target: str) -> bool:
        return self.conn.execute("SELECT 1 FROM bookmarks WHERE target = ?",
                                 (target,)).fetchone() is not None

    def bookmarks(self) -> list[Bookmark]:
        return [Bookmark(*r) for r in self.conn.execute(
            "SELECT target, title, created FROM bookmarks ORDER BY created DESC")]

    # --- notes ------------------------------------------------------------------------
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

    def notes(self, prefix: str = "") -> list[Note]:
        return [Note(*r) for r in self.conn.execute(
            "SELECT target, title, body, updated FROM notes WHERE substr(target, 1, ?) = ? "
            "ORDER BY updated DESC", (len(prefix), prefix))]

    # --- history ----------------------------------------------------------------------
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

    def clear_history(self) -> None:
        self.conn.execute("DELETE FROM history")

    # --- settings ---------------------------------------------------------------------
    def get(self, key: str, default: Any = None) -> Any:
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        if row is None:
            return default
        try:
            return json.loads(row[0])
        except ValueError:
            return default

    def set(self, key: str, value: Any) -> None:
        self.conn.execute("INSERT OR REPLACE INTO settings VALUES (?, ?)",
                          (key, json.dumps(value)))

    # --- export / import ------------------------------------------------------------------
    def export_data(self) -> dict[str, Any]:
        return {"format": EXPORT_FORMAT, "version": EXPORT_VERSION,
                "bookmarks": [b._asdict() for b in self.bookmarks()],
                "notes": [n._asdict() for n in self.notes()],
                "history": [v._asdict() for v in reversed(self.history(HISTORY_LIMIT))],
                "settings": {r[0]: json.loads(r[1]) for r in self.conn.execute(
                    "SELECT key, value FROM settings ORDER BY key")}}

    def export_file(self, path: Path) -> None:
        data = json.dumps(self.export_data(), ensure_ascii=False, indent=2)
        tmp = path.with_name(path.name + ".tmp")
        try:
            tmp.write_text(data, encoding="utf-8")
            tmp.replace(path)
        except OSError as exc:
            raise UserDataError(f"Could not write {path}: {exc.strerror}.") from exc

    def import_file(self, path: Path) -> dict[str, int]:
        """Merge an export into this database; nothing is deleted. Returns counts added."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise UserDataError(f"{path.name} is not a Peptide Desk export ({exc}).") from exc
        return self.import_data(data)

    def import_data(self, data: Any) -> dict[str, int]:
        if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
            raise UserDataError("This file is not a Peptide Desk user-data export.")
        version = data.get("version", 0)
        if not isinstance(version, int) or isinstance(version, bool):
            raise UserDataError("This file is not a Peptide Desk user-data export (its "
                                "'version' is not a whole number).")
        if version > EXPORT_VERSION:
            raise UserDataError("This export was made by a newer Peptide Desk; update first.")
        counts = {"bookmarks": 0, "notes": 0, "history": 0, "settings": 0}
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            for b in _items(data, "bookmarks", ("target", "title")):
                counts["bookmarks"] += self.conn.execute(
                    "INSERT OR IGNORE INTO bookmarks VALUES (?, ?, ?)",
                    (b["target"], b["title"], float(b.get("created", time.time())))).rowcount
            for n in _items(data, "notes", ("target", "title", "body")):
                counts["notes"] += self.conn.execute(
                    "INSERT INTO notes VALUES (?, ?, ?, ?) ON CONFLICT(target) DO UPDATE SET "
                    "body = excluded.body, updated = excluded.updated WHERE excluded.updated "
                    "> notes.updated", (n["target"], n["title"], n["body"],
                                        float(n.get("updated", time.time())))).rowcount
            for v in _items(data, "history", ("target", "title")):
                visited = float(v.get("visited", 0))
                counts["history"] += self.conn.execute(  # importing twice adds nothing
                    "INSERT INTO history(target, title, visited) SELECT ?, ?, ? WHERE NOT "
                    "EXISTS (SELECT 1 FROM history WHERE target = ? AND visited = ?)",
                    (v["target"], v["title"], visited, v["target"], visited)).rowcount
            settings = data.get("settings", {})
            if isinstance(settings, dict):
                for key, value in settings.items():
                    self.conn.execute("INSERT OR REPLACE INTO settings VALUES (?, ?)",
                                      (str(key), json.dumps(value)))
                    counts["settings"] += 1
            self.conn.execute("COMMIT")
        except (sqlite3.DatabaseError, TypeError, ValueError) as exc:
            self.conn.execute("ROLLBACK")
            raise UserDataError(f"The export could not be imported ({exc}); nothing was "
                                "changed.") from exc
        return counts


def _items(data: dict[str, Any], key: str, required: tuple[str, ...]) -> list[dict[str, Any]]:
    items = data.get(key, [])
    if not isinstance(items, list):
        raise TypeError(f"'{key}' must be a list")
    return [i for i in items if isinstance(i, dict)
            and all(isinstance(i.get(k), str) for k in required)]
