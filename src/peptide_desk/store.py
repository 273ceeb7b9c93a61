"""Read-only access to the bundled database, returning typed records (no Qt, no writes).

Opened with ``mode=ro`` (not ``immutable=1``: SQLite must still notice a file replaced by a
rebuild) and as untrusted input, since a content pack's database comes from a file the user
was handed: ``trusted_schema=OFF``, a size limit, and a progress handler that ends any one
query after ``QUERY_SECONDS`` (SQLite's defensive flag needs ``Connection.setconfig``,
Python 3.12+; on 3.11 it is left unset). Only the standard library and the tiny ``links``
are imported: this module is on the start path (the record types load with the first
record).
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable
from functools import lru_cache, wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from peptide_desk.links import parse_target

if TYPE_CHECKING:
    from peptide_desk.integrity import Report
    from peptide_desk.records import (
        Article,
        ArticleSummary,
        Chart,
        DataTable,
        DrugClass,
        GlossaryTerm,
        Mention,
        Reference,
        Regulatory,
        Safety,
        SiteInfo,
        Substance,
    )

SUPPORTED_SCHEMA = 3
#: (table, key column) of the record each content link scheme names.
TARGET_TABLES: dict[str, tuple[str, str]] = {
    "article": ("articles", "id"), "substance": ("substances", "id"),
    "class": ("classes", "id"), "table": ("data_tables", "id"), "chart": ("charts", "id"),
    "glossary": ("glossary", "id"), "ref": ("refs", "key")}  # one per links.CONTENT_SCHEMES


_P = ParamSpec("_P")
_R = TypeVar("_R")
#: What a damaged row raises while it becomes a record (bad JSON, a missing key, a NULL).
DECODE_ERRORS = (sqlite3.Error, ValueError, KeyError, TypeError, AttributeError, IndexError)


#: The largest content database opened (the bundled one is ~3 MB; a pack's is capped too).
MAX_DB_BYTES = 64 * 1024 * 1024
#: The longest any one query may run before SQLite abandons it (a hostile file's schema or
#: data cannot make a page hang the app).
QUERY_SECONDS = 5.0
#: SQLite VM steps between two looks at the clock.
PROGRESS_STEPS = 20_000


class QueryClock:
    """Gives each statement ``QUERY_SECONDS``: SQLite's trace hook restarts the clock when a
    statement starts (whichever cursor runs it), the progress handler ends one that is over."""

    def __init__(self) -> None:
        self.deadline = 0.0

    def start(self, _sql: str) -> None:
        self.deadline = time.monotonic() + QUERY_SECONDS

    def over(self) -> int:
        """Non-zero ends the running statement (SQLite raises OperationalError)."""
        return 1 if time.monotonic() > self.deadline else 0


def harden(conn: sqlite3.Connection) -> None:
    """Settings for a database file that may be hostile: no trusted schema, defensive mode
    where this Python can set it, and a :class:`QueryClock` on every statement."""
    conn.execute("PRAGMA trusted_schema = OFF")
    setconfig = getattr(conn, "setconfig", None)  # Python 3.12+
    defensive = getattr(sqlite3, "SQLITE_DBCONFIG_DEFENSIVE", None)
    if setconfig is not None and defensive is not None:
        setconfig(defensive, True)
    clock = QueryClock()
    conn.set_trace_callback(clock.start)
    conn.set_progress_handler(clock.over, PROGRESS_STEPS)


class StoreError(Exception):
    """The bundled database is missing, unreadable, corrupt or of the wrong schema."""


def _damaged(exc: BaseException, path: object) -> StoreError:
    return StoreError(f"The content database {path} is damaged ({type(exc).__name__}: {exc}). "
                      "Reinstall Peptide Desk to restore it, or revert the content.")


def _guarded(method: Callable[_P, _R]) -> Callable[_P, _R]:
    """Turn a damaged row's decoding error into :class:`StoreError` (never a traceback)."""
    @wraps(method)
    def call(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        try:
            return method(*args, **kwargs)
        except StoreError:
            raise
        except DECODE_ERRORS as exc:
            raise _damaged(exc, getattr(args[0], "path", "")) from exc
    return call


def connect_readonly(path: Path, max_bytes: int | None = None) -> sqlite3.Connection:
    """Open ``path`` read-only; never creates, never writes, never leaves a journal.

    ``max_bytes`` is the largest file opened (default MAX_DB_BYTES: content is untrusted
    input; a benchmark's synthetic corpus passes its own limit)."""
    limit = MAX_DB_BYTES if max_bytes is None else max_bytes
    if not path.is_file():
        if path.exists():  # a folder or a pipe: never opened (a FIFO would block)
            raise StoreError(f"The content database {path} is missing: something other than "
                             "a file (a folder or a pipe) is in its place. Reinstall Peptide "
                             "Desk to restore it.")
        raise StoreError(f"The content database is missing ({path}). Reinstall Peptide Desk, "
                         "or run 'peptide-desk build-db' in a source checkout.")
    try:
        size = path.stat().st_size
        empty = size == 0
    except OSError as exc:
        raise StoreError(f"The content database {path} cannot be read ({exc}). Reinstall "
                         "Peptide Desk to restore it.") from exc
    if empty:
        raise StoreError(f"The content database {path} is empty (0 bytes, so schema version "
                         f"0; this version of Peptide Desk reads version {SUPPORTED_SCHEMA}). "
                         "Reinstall Peptide Desk to restore it.")
    if size > limit:
        raise StoreError(f"The content database {path} is {size:,} bytes, more than the "
                         f"{limit:,} Peptide Desk opens. Revert the content or reinstall.")
    uri = f"{path.resolve().as_uri()}?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
        conn.row_factory = sqlite3.Row
        harden(conn)
        conn.execute("PRAGMA query_only = ON")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"The content database {path} cannot be read ({exc}). Reinstall "
                         "Peptide Desk to restore it.") from exc
    if version != SUPPORTED_SCHEMA:
        conn.close()
        raise StoreError(f"The content database {path} has schema version {version}; this "
                         f"version of Peptide Desk reads version {SUPPORTED_SCHEMA}. Reinstall "
                         "to match, or revert the content.")
    return conn


def _tuple(text: str | None) -> tuple[str, ...]:
    return tuple(json.loads(text)) if text else ()


def _reg(text: str) -> Regulatory:
    from peptide_desk.records import Regulatory

    d = json.loads(text)
    return Regulatory(d["status"], d.get("date", ""), d.get("detail", ""),
                      tuple(d.get("refs", [])), bool(d.get("confirmed", True)),
                      d.get("checked", ""))


def _safety(text: str | None) -> Safety | None:
    from peptide_desk.records import Safety, SafetyItem

    if not text or text == "null":
        return None
    d = json.loads(text)
    items = tuple(SafetyItem(i["kind"], i["title"], i["text"], tuple(i["refs"]), i["checked"],
                             bool(i.get("confirmed", True))) for i in d["items"])
    return Safety(d["label"], d.get("label_source", ""), d.get("note", ""), items,
                  tuple(d.get("check_notes", ())))


def _prov(text: str | None) -> dict[str, tuple[str, ...]]:
    return {k: tuple(v) for k, v in json.loads(text).items()} if text else {}


class Store:
    """The app's view of the bundled content. Cheap queries; records are cached."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.conn = connect_readonly(path)
        self._site: SiteInfo | None = None

    def close(self) -> None:
        self.conn.close()

    def switch(self, path: Path) -> None:
        """Serve ``path`` from now on (a content pack installed or reverted): the new file
        is opened first, so a failure leaves this store as it was; cached records go."""
        conn = connect_readonly(path)
        old, self.conn, self.path, self._site = self.conn, conn, path, None
        Store.article.cache_clear()
        Store.reference.cache_clear()
        old.close()

    def verify(self) -> Report:
        """Checksum and structural check of the file (``integrity.verify``)."""
        from peptide_desk.integrity import verify

        return verify(self.path)

    def quick_check(self) -> str:
        """SQLite's own integrity check of the file ('ok' when sound)."""
        try:
            return str(self.conn.execute("PRAGMA quick_check").fetchone()[0])
        except sqlite3.DatabaseError as exc:
            return str(exc)

    def _rows(self, sql: str, *args: Any) -> list[sqlite3.Row]:
        try:
            return self.conn.execute(sql, args).fetchall()
        except sqlite3.DatabaseError as exc:
            raise _damaged(exc, self.path) from exc

    # --- site -------------------------------------------------------------------------
    @_guarded
    def site(self) -> SiteInfo:
        from peptide_desk.records import SiteInfo

        if self._site is None:
            meta = {r["key"]: r["value"] for r in self._rows("SELECT key, value FROM meta")}
            self._site = SiteInfo(meta["title"], meta["content_as_of"], meta["disclaimer_html"],
                                  meta["disclaimer_short"], meta["about_html"],
                                  int(meta["schema_version"]), meta["content_hash"],
                                  self.counts(),
                                  meta.get("oldest_status_check", ""))
        return self._site

    def meta(self, key: str) -> str:
        """One value of the build's meta table ('' when absent); no records involved."""
        rows = self._rows("SELECT value FROM meta WHERE key = ?", key)
        return str(rows[0]["value"]) if rows else ""

    def home_html(self) -> str:
        """The start page, pre-rendered by ``build-db`` (shown before any page code loads)."""
        return self.meta("home_html")

    @_guarded
    def counts(self) -> dict[str, int]:
        """How many articles, substances, terms … the bundle holds (no records involved)."""
        return {str(k): int(v) for k, v in json.loads(self.meta("counts") or "{}").items()}

    # --- articles -----------------------------------------------------------------------
    @_guarded
    def articles(self) -> list[ArticleSummary]:
        from peptide_desk.records import ArticleSummary

        return [ArticleSummary(r["id"], r["title"], r["summary"], r["as_of"], r["ord"],
                               json.loads(r["minutes"]))
                for r in self._rows("SELECT * FROM articles ORDER BY ord, id")]

    @lru_cache(maxsize=16)  # noqa: B019 - one Store per process; bounded cache
    @_guarded
    def article(self, article_id: str) -> Article | None:
        from peptide_desk.records import Article, Section

        rows = self._rows("SELECT * FROM articles WHERE id = ?", article_id)
        if not rows:
            return None
        r = rows[0]
        secs = tuple(Section(s["article_id"], s["anchor"], s["tier"], s["ord"], s["title"],
                             s["html"], s["words"])
                     for s in self._rows("SELECT * FROM sections WHERE article_id = ? "
                                         "ORDER BY ord", article_id))
        cites = tuple((c["number"], c["ref_key"]) for c in self._rows(
            "SELECT number, ref_key FROM citations WHERE article_id = ? ORDER BY number",
            article_id))
        return Article(r["id"], r["title"], r["summary"], r["as_of"], r["ord"], r["source"],
                       _tuple(r["substances"]), json.loads(r["minutes"]), secs, cites,
                       _tuple(r["check_notes"]))

    @_guarded
    def section_digests(self) -> dict[tuple[str, str], tuple[str, str, str]]:
        """(article id, anchor) → (article title, section title, SHA-256 of its HTML), for
        "What's new" to see which sections a content update changed."""
        import hashlib

        return {(r["article_id"], r["anchor"]): (
            r["at"], r["title"], hashlib.sha256(str(r["html"]).encode("utf-8")).hexdigest())
            for r in self._rows("SELECT s.article_id, s.anchor, s.title, s.html, a.title AS at "
                                "FROM sections s JOIN articles a ON a.id = s.article_id "
                                "ORDER BY a.ord, s.ord")}

    @_guarded
    def section_title(self, article_id: str, anchor: str) -> str | None:
        rows = self._rows("SELECT title FROM sections WHERE article_id = ? AND anchor = ?",
                          article_id, anchor)
        return rows[0]["title"] if rows else None

    # --- substances and classes -----------------------------------------------------------
    @_guarded
    def _mentions(self, kind: str, ident: str) -> tuple[Mention, ...]:
        from peptide_desk.records import Mention

        rows = self._rows(
            "SELECT m.article_id, a.title AS at, m.anchor, s.title AS st, s.tier "
            "FROM mentions m JOIN articles a ON a.id = m.article_id "
            "JOIN sections s ON s.article_id = m.article_id AND s.anchor = m.anchor "
            "WHERE m.kind = ? AND m.target_id = ? ORDER BY a.ord, m.ord", kind, ident)
        return tuple(Mention(r["article_id"], r["at"], r["anchor"], r["st"], r["tier"])
                     for r in rows)

    def _substance(self, r: sqlite3.Row, class_names: dict[str, str]) -> Substance:
        from peptide_desk.records import Dosing, KeyFigure, Substance

        dosing = json.loads(r["dosing"]) if r["dosing"] else None
        figures = json.loads(r["key_figures"]) if r["key_figures"] else []
        return Substance(
            r["id"], r["name"], r["class_id"], class_names.get(r["class_id"], r["class_id"]),
            bool(r["is_peptide"]), r["summary"], _tuple(r["synonyms"]),
            _tuple(r["brand_names"]), r["mechanism"], r["receptor"], r["target_organs"],
            r["route"], r["dosing_frequency"], r["insulin_effect"], r["status"],
            r["evidence_level"], r["off_label"] or "",
            _tuple(r["cautions"]), _tuple(r["related"]), _tuple(r["refs"]), _reg(r["fda"]),
            _reg(r["ema"]), Dosing(dosing["text"], dosing["source"]) if dosing else None,
            tuple(KeyFigure(f["text"], tuple(f["refs"])) for f in figures),
            _prov(r["provenance"]), safety=_safety(r["safety"]),
            check_notes=_tuple(r["check_notes"]))

    def _class_names(self) -> dict[str, str]:
        return {r["id"]: r["name"] for r in self._rows("SELECT id, name FROM classes")}

    @_guarded
    def substances(self) -> list[Substance]:
        names = self._class_names()
        return [self._substance(r, names)
                for r in self._rows("SELECT * FROM substances ORDER BY name COLLATE NOCASE")]

    @_guarded
    def substance(self, sid: str) -> Substance | None:
        rows = self._rows("SELECT * FROM substances WHERE id = ?", sid)
        if not rows:
            return None
        sub = self._substance(rows[0], self._class_names())
        return _replace(sub, mentions=self._mentions("substance", sid))

    def _class(self, r: sqlite3.Row) -> DrugClass:
        from peptide_desk.records import DrugClass, KeyFigure

        fig = json.loads(r["key_figure"]) if r["key_figure"] else None
        return DrugClass(r["id"], r["name"], _tuple(r["synonyms"]), r["summary"],
                         r["mechanism"], r["targets"], r["target_organs"], r["route"],
                         r["dosing_frequency"], r["insulin_effect"],
                         KeyFigure(fig["text"], tuple(fig["refs"])) if fig else None,
                         r["off_label"] or "", _tuple(r["refs"]), _prov(r["provenance"]),
                         _tuple(r["members"]), safety=_safety(r["safety"]),
                         check_notes=_tuple(r["check_notes"]))

    @_guarded
    def classes(self) -> list[DrugClass]:
        rows = self._rows("SELECT * FROM classes ORDER BY name COLLATE NOCASE")
        return [self._class(r) for r in rows]

    @_guarded
    def drug_class(self, cid: str) -> DrugClass | None:
        rows = self._rows("SELECT * FROM classes WHERE id = ?", cid)
        if not rows:
            return None
        return _replace(self._class(rows[0]), mentions=self._mentions("class", cid))

    # --- glossary, references, tables, charts -----------------------------------------------
    @_guarded
    def glossary(self) -> list[GlossaryTerm]:
        return [self._term(r) for r in self._rows(
            "SELECT * FROM glossary ORDER BY term COLLATE NOCASE")]

    @_guarded
    def term(self, tid: str) -> GlossaryTerm | None:
        rows = self._rows("SELECT * FROM glossary WHERE id = ?", tid)
        return self._term(rows[0]) if rows else None

    @staticmethod
    def _term(r: sqlite3.Row) -> GlossaryTerm:
        from peptide_desk.records import GlossaryTerm

        return GlossaryTerm(r["id"], r["term"], r["expansion"] or "", r["definition"],
                            _tuple(r["synonyms"]), _tuple(r["see_also"]))

    @staticmethod
    def _ref(r: sqlite3.Row) -> Reference:
        from peptide_desk.records import Reference

        return Reference(r["key"], r["authors"], r["title"], r["journal"] or "", r["year"],
                         r["volume"] or "", r["pages"] or "", r["doi"] or "", r["pmid"] or "",
                         r["pmcid"] or "", r["url"] or "", r["kind"] or "journal", r["status"],
                         r["note"] or "", _tuple(r["as_cited"]), _tuple(r["seed_refs"]))

    @_guarded
    def references(self) -> list[Reference]:
        return [self._ref(r) for r in self._rows(
            "SELECT * FROM refs ORDER BY authors COLLATE NOCASE, year")]

    @lru_cache(maxsize=512)  # noqa: B019
    @_guarded
    def reference(self, key: str) -> Reference | None:
        rows = self._rows("SELECT * FROM refs WHERE key = ?", key)
        return self._ref(rows[0]) if rows else None

    @_guarded
    def table_ids(self) -> list[tuple[str, str, str]]:
        """(id, title, article id) of every table, in article order."""
        return [(r["id"], r["title"], r["article"]) for r in self._rows(
            "SELECT t.id, t.title, t.article FROM data_tables t LEFT JOIN articles a "
            "ON a.id = t.article ORDER BY a.ord, t.id")]

    @_guarded
    def table(self, tid: str) -> DataTable | None:
        from peptide_desk.records import DataTable, TableRow

        rows = self._rows("SELECT * FROM data_tables WHERE id = ?", tid)
        if not rows:
            return None
        r = rows[0]
        body = tuple(TableRow(tuple(x["cells"]), tuple(x["refs"]), x.get("link", ""),
                              x.get("note", "")) for x in json.loads(r["rows"]))
        return DataTable(r["id"], r["title"], r["article"], r["tier"], r["caption"] or "",
                         r["correction"] or "", _tuple(r["columns"]), body)

    @_guarded
    def chart_ids(self) -> list[tuple[str, str]]:
        return [(r["id"], r["title"]) for r in self._rows(
            "SELECT c.id, c.title FROM charts c LEFT JOIN articles a ON a.id = c.article "
            "ORDER BY a.ord, c.id")]

    @_guarded
    def chart(self, cid: str) -> Chart | None:
        from peptide_desk.records import Chart, Phase, Series

        rows = self._rows("SELECT * FROM charts WHERE id = ?", cid)
        if not rows:
            return None
        r = rows[0]
        phases = tuple(Phase(p["name"], float(p["start"]), float(p["end"]), p["description"])
                       for p in json.loads(r["phases"] or "[]"))
        series = tuple(Series(s["name"], s["kind"], s.get("unit", r["y_unit"] or ""),
                              tuple((float(x), float(y)) for x, y in s["points"]),
                              tuple(s["refs"]), s.get("note", ""))
                       for s in json.loads(r["series"]))
        return Chart(r["id"], r["title"], r["article"] or "", r["x_unit"], r["y_label"],
                     r["y_unit"] or "", r["caveat"], _tuple(r["refs"]),
                     r["description"] or "", phases, series, _tuple(r["check_notes"]))

    @_guarded
    def target_exists(self, target: str) -> bool:
        """Whether an internal link target (``substance:x``, ``article:y#z`` …) exists."""
        scheme, ident, anchor = parse_target(target)
        table = TARGET_TABLES.get(scheme)
        if table is None or not ident:
            return False
        if anchor and scheme == "article":
            return self.section_title(ident, anchor) is not None
        return bool(self._rows(f"SELECT 1 FROM {table[0]} WHERE {table[1]} = ?", ident))


def _replace(obj: Any, **changes: Any) -> Any:
    from dataclasses import replace

    return replace(obj, **changes)
