"""Is the bundled database the one ``build-db`` wrote? (no Qt; standard library only)

``build-db`` records the file's SHA-256 and size in a sidecar next to it,
``peptide_desk.sqlite.sha256`` (the first line is ``sha256sum -c`` format, the second gives
the size); the bundle ships both. :func:`verify` compares the file against that record and
runs a structural check that needs no record: an SQLite file of whole pages, as many as its
header says; SQLite's integrity check; the tables and columns the app reads; the schema
version and every key of ``meta``; the row counts that ``meta.counts`` recorded; the search
index covering every search document. The app runs it right after the first paint,
``self-test`` and ``search`` before they report anything.

A file without a sidecar (a database built elsewhere, or copied without it) gets the
structural check only, and the report says the checksum was not recorded.
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

try:  # CPython's own SHA-256: hashlib's maps OpenSSL (3+ MiB resident) into the app
    if sys.version_info >= (3, 12):
        from _sha2 import sha256 as _sha256
    else:
        from _sha256 import sha256 as _sha256
except ImportError:  # a Python built without its own hashes: hashlib's is the one there is
    from hashlib import sha256 as _sha256

SCHEMA_VERSION = 3  # store.SUPPORTED_SCHEMA (kept equal by tests/test_integrity.py)
SIDECAR_SUFFIX = ".sha256"
HEADER = b"SQLite format 3\x00"
ADVICE = ("Reinstall Peptide Desk to restore it; if you changed or rebuilt the content, "
          "revert the change and run 'peptide-desk build-db' again.")

#: The tables the app reads and the columns it reads from each (the build's schema).
TABLES: dict[str, tuple[str, ...]] = {
    "meta": ("key", "value"),
    "articles": ("id", "title", "summary", "as_of", "ord", "source", "substances", "minutes",
                 "words", "check_notes"),
    "sections": ("id", "article_id", "anchor", "tier", "ord", "title", "html", "text",
                 "words", "links"),
    "citations": ("article_id", "number", "ref_key"),
    "mentions": ("kind", "target_id", "article_id", "anchor", "ord"),
    "substances": ("id", "name", "class_id", "is_peptide", "summary", "synonyms",
                   "brand_names", "mechanism", "receptor", "target_organs", "route",
                   "dosing_frequency", "insulin_effect", "status", "evidence_level",
                   "off_label", "cautions", "related", "refs", "fda", "ema", "dosing",
                   "key_figures", "provenance", "safety", "check_notes"),
    "classes": ("id", "name", "synonyms", "summary", "mechanism", "targets", "target_organs",
                "route", "dosing_frequency", "insulin_effect", "key_figure", "off_label",
                "refs", "provenance", "members", "safety", "check_notes"),
    "glossary": ("id", "term", "expansion", "definition", "synonyms", "see_also", "refs"),
    "refs": ("key", "authors", "title", "journal", "year", "volume", "pages", "doi", "pmid",
             "pmcid", "url", "kind", "status", "note", "as_cited", "seed_refs"),
    "data_tables": ("id", "title", "article", "tier", "columns", "caption", "correction",
                    "rows", "check_notes"),
    "charts": ("id", "title", "article", "x_unit", "y_label", "y_unit", "caveat", "refs",
               "description", "phases", "series", "check_notes"),
    "search_docs": ("id", "kind", "target", "title", "names", "headings", "body", "context",
                    "badge", "warning"),
    "search_fts": ("title", "names", "headings", "body"),
    "vocab": ("word", "freq"),
    "synonyms": ("group_id", "term", "norm"),
}
#: meta keys every page needs; values must be non-empty text without NUL characters.
META_KEYS = ("title", "content_as_of", "disclaimer_html", "disclaimer_short", "about_html",
             "schema_version", "content_hash", "counts", "home_html")
#: meta.counts keys that must be there (the status bar and the start page show them).
COUNTED = ("articles", "sections", "substances", "classes", "glossary", "refs",
           "data_tables", "charts")


@dataclass(frozen=True)
class Report:
    """What :func:`verify` found: ``problems`` empty means the database is sound."""

    path: Path
    problems: tuple[str, ...]
    checksum: str  # "verified", "not recorded" or "mismatch"

    @property
    def ok(self) -> bool:
        return not self.problems

    def message(self) -> str:
        """One paragraph for a dialog or one line for the terminal: what is wrong, and what
        to do about it."""
        if self.ok:
            return f"The content database {self.path} is sound."
        found = "; ".join(self.problems[:3]) + ("; …" if len(self.problems) > 3 else "")
        return " ".join(f"The content database {self.path} is damaged: {found}. "
                        f"{ADVICE}".split())  # one line, whatever SQLite said


def sidecar_path(db: Path) -> Path:
    """Where ``build-db`` records ``db``'s SHA-256 and size."""
    return db.with_name(db.name + SIDECAR_SUFFIX)


class _Digest(Protocol):
    def update(self, data: memoryview, /) -> None: ...
    def hexdigest(self) -> str: ...


#: Bytes read at a time by file_digest: one reused buffer, so the check right after the
#: first paint adds no megabyte-sized allocations to the app's peak memory.
CHUNK = 1 << 16


def file_digest(path: Path) -> tuple[str, int]:
    """(SHA-256 hex, size in bytes) of a regular file."""
    digest: _Digest = _sha256()
    buffer = bytearray(CHUNK)
    view = memoryview(buffer)
    size = 0
    with path.open("rb", buffering=0) as fh:
        while n := fh.readinto(buffer):
            digest.update(view[:n])
            size += n
    return digest.hexdigest(), size


def sidecar_text(sha256: str, size: int, name: str) -> str:
    return f"{sha256}  {name}\nsize {size}\n"


def write_sidecar(db: Path, target: Path | None = None, name: str | None = None) -> Path:
    """Record ``db``'s SHA-256 and size in ``target`` (default: its sidecar), atomically.

    ``name`` is the database's file name as recorded (default: ``db``'s), for a database
    still under a temporary name."""
    sha, size = file_digest(db)
    target = target or sidecar_path(db)
    import tempfile  # build-time only: not on the app's start path

    fd, tmp = tempfile.mkstemp(prefix=".sidecar-", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="ascii", newline="\n") as fh:
            fh.write(sidecar_text(sha, size, name or db.name))
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)  # mkstemp makes it private; every user reads the bundle
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def read_sidecar(path: Path) -> tuple[str, int]:
    """(SHA-256, size) recorded in a sidecar; ValueError when it is not one."""
    if not path.is_file():
        raise ValueError("the checksum file is not a regular file")
    if path.stat().st_size > 4096:
        raise ValueError("the checksum file is too large")
    lines = path.read_text(encoding="ascii", errors="strict").splitlines()
    if len(lines) < 2:
        raise ValueError("the checksum file is incomplete")
    sha = lines[0].split(" ", 1)[0].lower()
    kind, _, size = lines[1].partition(" ")
    if len(sha) != 64 or any(c not in "0123456789abcdef" for c in sha) or kind != "size" \
            or not size.isdigit():
        raise ValueError("the checksum file is malformed")
    return sha, int(size)


def verify(path: Path) -> Report:
    """Check ``path`` against its recorded checksum and for structural soundness."""
    problems: list[str] = []
    try:
        st = path.stat()
    except OSError as exc:
        return Report(path, (f"it cannot be found or read ({exc.strerror or exc})",), "")
    if stat.S_ISDIR(st.st_mode):
        return Report(path, ("it is a folder, not a file",), "")
    if not stat.S_ISREG(st.st_mode):  # a FIFO or device: never opened (it could block)
        return Report(path, ("it is not a regular file (a pipe or a device)",), "")
    if st.st_size == 0:
        return Report(path, ("it is empty (0 bytes)",), "")
    checksum = _check_sidecar(path, st.st_size, problems)
    if checksum == "mismatch":  # the file is not what was built: nothing else matters
        return Report(path, tuple(problems), checksum)
    problems += check_structure(path, st.st_size)
    return Report(path, tuple(problems), checksum)


def _check_sidecar(path: Path, size: int, problems: list[str]) -> str:
    side = sidecar_path(path)
    if not side.exists():
        return "not recorded"
    try:
        want_sha, want_size = read_sidecar(side)
    except (OSError, ValueError) as exc:
        problems.append(f"its recorded checksum ({side.name}) cannot be read: {exc}")
        return "mismatch"
    if size != want_size:
        problems.append(f"it is {size:,} bytes, but {want_size:,} were built "
                        f"({_difference(size - want_size)})")
        return "mismatch"
    try:
        sha, _ = file_digest(path)
    except OSError as exc:
        problems.append(f"it cannot be read ({exc.strerror or exc})")
        return "mismatch"
    if sha != want_sha:
        problems.append("its contents differ from what was built (SHA-256 mismatch)")
        return "mismatch"
    return "verified"


def _difference(delta: int) -> str:
    return f"{-delta:,} bytes short" if delta < 0 else f"{delta:,} bytes too many"


def check_structure(path: Path, size: int | None = None) -> list[str]:
    """The checks that need no recorded checksum; a list of problems (empty: sound)."""
    problems: list[str] = []
    try:
        with path.open("rb") as fh:
            header = fh.read(100)
        size = path.stat().st_size if size is None else size
    except OSError as exc:
        return [f"it cannot be read ({exc.strerror or exc})"]
    if len(header) < 100 or not header.startswith(HEADER):
        return ["it is not an SQLite database (wrong file header)"]
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    header_valid = header[24:28] == header[92:96]
    if page_size < 512 or page_size & (page_size - 1):
        return [f"its header gives an impossible page size ({page_size})"]
    if size % page_size:
        problems.append(f"it ends in the middle of a page ({size % page_size:,} of "
                        f"{page_size:,} bytes): the file is truncated or padded")
    elif header_valid and pages and size // page_size != pages:
        problems.append(f"it holds {size // page_size:,} page(s) where its header says "
                        f"{pages:,}: the file is truncated or padded")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        return [*problems, f"SQLite cannot open it ({exc})"]
    try:
        conn.execute("PRAGMA query_only = ON")
        conn.execute("PRAGMA trusted_schema = OFF")  # a content pack's file may be hostile
        conn.execute("PRAGMA cache_size = -256")  # 256 KiB: the check reads every page once
        problems += _check_open(conn)
    except sqlite3.Error as exc:
        problems.append(f"SQLite cannot read it ({exc})")
    finally:
        conn.close()
    return problems


def _check_open(conn: sqlite3.Connection) -> list[str]:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version != SCHEMA_VERSION:
        return [f"it has schema version {version}; this version of Peptide Desk reads "
                f"version {SCHEMA_VERSION}"]
    problems = []
    rows = conn.execute("PRAGMA integrity_check(5)").fetchall()
    if [r[0] for r in rows] != ["ok"]:
        said = " ".join(" ".join(str(r[0]) for r in rows).split())
        problems.append(f"SQLite's integrity check failed ({said[:300]})")
    present = {r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table'")}
    missing = [t for t in TABLES if t not in present]
    if missing:
        problems.append("tables are missing: " + ", ".join(missing))
    for table, columns in TABLES.items():
        if table in missing:
            continue
        have = {r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')}
        lacking = [c for c in columns if c not in have]
        if lacking:
            problems.append(f"table {table} lacks columns: {', '.join(lacking)}")
    if "meta" in missing:
        return problems
    problems += _check_meta(conn, present)
    if {"search_docs", "search_fts_docsize"} <= present:
        docs = conn.execute("SELECT count(*) FROM search_docs").fetchone()[0]
        indexed = conn.execute("SELECT count(*) FROM search_fts_docsize").fetchone()[0]
        if docs != indexed:  # (none at all: the self-test's search step says so)
            problems.append(f"the search index covers {indexed} of {docs} search documents")
    return problems


def _check_meta(conn: sqlite3.Connection, present: set[str]) -> list[str]:
    problems = []
    meta: dict[str, object] = {}
    for key, value in conn.execute("SELECT key, value FROM meta"):
        meta[str(key)] = value
    absent = [k for k in META_KEYS if k not in meta]
    if absent:
        problems.append("meta lacks " + ", ".join(absent))
    bad = sorted(k for k in META_KEYS if k in meta and (
        not isinstance(meta[k], str) or not str(meta[k]).strip() or "\x00" in str(meta[k])))
    if bad:
        problems.append("meta holds damaged values for " + ", ".join(bad))
    if "schema_version" in meta and meta["schema_version"] != str(SCHEMA_VERSION):
        problems.append(f"meta gives schema version {meta['schema_version']!r}, the file "
                        f"{SCHEMA_VERSION}")
    if "counts" not in meta or "counts" in bad:
        return problems
    try:
        counts = json.loads(str(meta["counts"]))
    except ValueError:
        return [*problems, "meta.counts is not valid JSON"]
    if not isinstance(counts, dict) or not all(
            isinstance(v, int) and not isinstance(v, bool) for v in counts.values()):
        return [*problems, "meta.counts is not a table of row counts"]
    unknown = sorted(k for k in counts if k not in TABLES)
    if unknown:
        problems.append("meta.counts names unknown tables: " + ", ".join(unknown)[:200])
    lacking = [k for k in COUNTED if k not in counts]
    if lacking:
        problems.append("meta.counts lacks " + ", ".join(lacking))
    for table, want in counts.items():
        if table in TABLES and table in present:  # only known names reach the SQL
            have = conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
            if have != want:
                problems.append(f"table {table} has {have} rows where the build wrote {want}")
    return problems
