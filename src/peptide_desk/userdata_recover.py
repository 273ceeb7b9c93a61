"""“Recover what can be read”: the rows a damaged user database still holds (no Qt).

SQLite cannot open a file whose header is overwritten and stops at the first bad page of a
table, so this reads the file format itself: every table leaf page of the file (and the
committed frames of its ``-wal``, which are newer) is decoded cell by cell, with overflow
chains followed, and each record whose shape is that of a bookmark, note, visit or setting
is kept. Pages on the freelist are skipped (they hold deleted rows). Every row then passes
the import schema (``userdata_import.clean_rows``) and is merged into the open database:
nothing there is overwritten, and the damaged file is only read. Deck and slide rows come
back as decks (``recovered_decks``): each slide checked as a deck file's, in its deck's
order; slides whose deck row is lost are gathered in one deck, "Recovered slides".
"""

from __future__ import annotations

import json
import struct
from pathlib import Path
from typing import Any, NamedTuple

from peptide_desk.decks import MAX_SLIDES, Deck, DeckFieldError, clean_name, slide_from
from peptide_desk.userdata import UserData, UserDataError

MAGIC = b"SQLite format 3\x00"
WAL_MAGIC = (0x377F0682, 0x377F0683)
PAGE_SIZES = (4096, 1024, 2048, 8192, 16384, 32768, 65536, 512)
MAX_BYTES = 2 * 1024**3
TABLE_LEAF = 0x0D
ORPHANS = "Recovered slides"
_SLIDE_ROW = ("deck_id", "position", "kind", "target", "title", "tier", "phase", "notes")


class Recovery(NamedTuple):
    """What came back: rows read per kind, rows merged per kind, rows refused as invalid."""

    found: dict[str, int]
    added: dict[str, int]
    dropped: int

    def summary(self) -> str:
        kinds = ["bookmarks", "notes", "history", "settings"]
        if self.found.get("decks") or self.found.get("slides"):
            kinds += ["decks", "slides"]
        parts = [f"{self.added.get(k, 0)} {k}" for k in kinds]
        return "Recovered " + ", ".join(parts) + (
            f" ({self.dropped} unreadable rows left out)." if self.dropped else ".")


def _be(buf: bytes, at: int, n: int) -> int:
    if at + n > len(buf):
        raise IndexError(at)
    return int.from_bytes(buf[at:at + n], "big")


def _varint(buf: bytes, i: int) -> tuple[int, int]:
    v = 0
    for k in range(8):
        b = buf[i + k]
        v = (v << 7) | (b & 0x7F)
        if b < 0x80:
            return v, i + k + 1
    return (v << 8) | buf[i + 8], i + 9


def _record(payload: bytes) -> list[Any]:
    """Decode one record (header of serial types, then values); ValueError when it is not
    exactly a well-formed record."""
    size, i = _varint(payload, 0)
    if size < 1 or size > len(payload):
        raise ValueError("bad header")
    types = []
    while i < size:
        t, i = _varint(payload, i)
        types.append(t)
    if i != size:
        raise ValueError("bad header")
    pos = size
    out: list[Any] = []
    widths = (1, 2, 3, 4, 6, 8)
    for t in types:
        if t == 0:
            out.append(None)
        elif 1 <= t <= 6:
            n = widths[t - 1]
            out.append(int.from_bytes(payload[pos:pos + n], "big", signed=True))
            pos += n
        elif t == 7:
            out.append(struct.unpack(">d", payload[pos:pos + 8])[0])
            pos += 8
        elif t in (8, 9):
            out.append(t - 8)
        elif t in (10, 11):
            raise ValueError("reserved type")
        else:
            n = (t - 12) // 2 if t % 2 == 0 else (t - 13) // 2
            raw = payload[pos:pos + n]
            if len(raw) != n:
                raise ValueError("short value")
            out.append(bytes(raw) if t % 2 == 0 else raw.decode("utf-8"))
            pos += n
        if pos > len(payload):
            raise ValueError("short record")
    if pos != len(payload):
        raise ValueError("record length")
    return out


class _File:
    """The pages of a database file and its WAL: page number -> bytes, newest version."""

    def __init__(self, main: bytes, wal: bytes, page_size: int) -> None:
        self.page_size = page_size
        self.pages: dict[int, bytes] = {}
        for n in range(len(main) // page_size):
            self.pages[n + 1] = main[n * page_size:(n + 1) * page_size]
        tail = len(main) % page_size
        if tail:  # a truncated last page: what is left of it may still hold cells
            n = len(main) // page_size
            self.pages[n + 1] = main[n * page_size:].ljust(page_size, b"\x00")
        self.pages.update(_wal_pages(wal, page_size))
        first = self.pages.get(1, b"")
        self.usable = page_size - (first[20] if first.startswith(MAGIC) else 0)
        self.free = self._freelist(first)

    def _freelist(self, first: bytes) -> set[int]:
        free: set[int] = set()
        if not first.startswith(MAGIC):
            return free
        try:
            trunk = _be(first, 32, 4)
            while trunk and trunk not in free and len(free) < len(self.pages) + 1:
                free.add(trunk)
                page = self.pages.get(trunk)
                if page is None:
                    break
                count = min(_be(page, 4, 4), (self.usable - 8) // 4)
                free.update(_be(page, 8 + 4 * k, 4) for k in range(count))
                trunk = _be(page, 0, 4)
        except IndexError:
            pass
        return free

    def rows(self) -> list[list[Any]]:
        out: list[list[Any]] = []
        for number, page in self.pages.items():
            if number not in self.free:
                out.extend(self._leaf(number, page))
        return out

    def _leaf(self, number: int, page: bytes) -> list[list[Any]]:
        off = 100 if number == 1 else 0
        try:
            if page[off] != TABLE_LEAF:
                return []
            cells = _be(page, off + 3, 2)
        except IndexError:
            return []
        first_cell = off + 8 + 2 * cells
        if not cells or first_cell > self.usable:
            return []
        out = []
        for k in range(cells):
            try:
                at = _be(page, off + 8 + 2 * k, 2)
                if not first_cell <= at < self.usable:
                    continue
                out.append(self._cell(page, at))
            except (IndexError, ValueError, UnicodeDecodeError, struct.error):
                continue
        return out

    def _cell(self, page: bytes, at: int) -> list[Any]:
        size, i = _varint(page, at)
        rowid, i = _varint(page, i)
        u = self.usable
        most = u - 35
        if size <= most:
            if i + size > u:
                raise ValueError("cell past the page")
            payload = bytes(page[i:i + size])
        else:  # the rest is in a chain of overflow pages
            least = (u - 12) * 32 // 255 - 23
            local = least + (size - least) % (u - 4)
            if local > most:
                local = least
            buf = bytearray(page[i:i + local])
            nxt = _be(page, i + local, 4)
            seen: set[int] = set()
            while len(buf) < size:
                over = self.pages.get(nxt)
                if over is None or nxt in seen:
                    raise ValueError("overflow chain broken")
                seen.add(nxt)
                buf += over[4:u]
                nxt = _be(over, 0, 4)
            payload = bytes(buf[:size])
        return [rowid, *_record(payload)]


def _wal_pages(wal: bytes, page_size: int) -> dict[int, bytes]:
    """Pages of the committed frames of a WAL file (later frames replace earlier ones)."""
    try:
        if len(wal) < 32 or _be(wal, 0, 4) not in WAL_MAGIC or _be(wal, 8, 4) != page_size:
            return {}
        salts = wal[16:24]
        pages: dict[int, bytes] = {}
        pending: dict[int, bytes] = {}
        at = 32
        while at + 24 + page_size <= len(wal):
            if wal[at + 8:at + 16] != salts:
                break  # a frame of an earlier generation: the log ends here
            number, commit = _be(wal, at, 4), _be(wal, at + 4, 4)
            pending[number] = wal[at + 24:at + 24 + page_size]
            if commit:  # a transaction ends with this frame: it was acknowledged
                pages.update(pending)
                pending = {}
            at += 24 + page_size
        return pages
    except IndexError:
        return {}


def _page_size(main: bytes, wal: bytes) -> int | None:
    if main.startswith(MAGIC) and len(main) >= 100:
        size = _be(main, 16, 2)
        size = 65536 if size == 1 else size
        if size in PAGE_SIZES:
            return size
    if len(wal) >= 32 and int.from_bytes(wal[:4], "big") in WAL_MAGIC:
        size = int.from_bytes(wal[8:12], "big")
        if size in PAGE_SIZES:
            return size
    return None


def _shape(row: list[Any]) -> tuple[str, dict[str, Any]] | None:
    """Which table a record belongs to, by its columns (rowid first)."""
    values = row[1:]
    kinds = tuple("t" if isinstance(v, str) else "n" if isinstance(v, (int, float))
                  else "-" if v is None else "b" for v in values)
    if kinds == ("t", "t", "n"):
        return "bookmarks", dict(zip(("target", "title", "created"), values, strict=True))
    if kinds == ("t", "t", "t", "n"):
        return "notes", dict(zip(("target", "title", "body", "updated"), values, strict=True))
    if kinds == ("-", "t", "t", "n"):  # history: the id is the rowid
        return "history", dict(zip(("target", "title", "visited"), values[1:], strict=True))
    if kinds == ("t", "t"):
        return "settings", {"key": values[0], "value": values[1]}
    if kinds == ("-", "t", "n", "n", "n"):  # decks: the id is the rowid
        return "decks", {"id": row[0], "name": values[1], "position": values[2],
                         "updated": values[4]}
    if len(kinds) == 9 and kinds[:3] == ("-", "n", "n") and kinds[3:7] == ("t",) * 4 \
            and kinds[7] in ("n", "-") and kinds[8] == "t":  # slides
        return "slides", {"id": row[0], **dict(zip(_SLIDE_ROW, values[1:], strict=True))}
    return None


def read_rows(path: Path) -> dict[str, list[dict[str, Any]]]:
    """Every readable row of a (damaged) user database and its ``-wal``, by kind."""
    try:
        if path.stat().st_size > MAX_BYTES:
            raise UserDataError(f"{path.name} is too large to recover from.")
        main = path.read_bytes()
        wal_path = path.with_name(path.name + "-wal")
        wal = wal_path.read_bytes() if wal_path.is_file() else b""
    except OSError as exc:
        raise UserDataError(f"Could not read {path}: {exc.strerror or exc}.") from exc
    size = _page_size(main, wal)
    candidates = [size] if size else list(PAGE_SIZES)
    best: dict[str, list[dict[str, Any]]] = {}
    for page_size in candidates:  # a lost header: the page size that reads the most rows
        found = _by_kind(_File(main, wal, page_size).rows())
        if sum(map(len, found.values())) > sum(map(len, best.values())):
            best = found
    return best


def _by_kind(rows: list[list[Any]]) -> dict[str, list[dict[str, Any]]]:
    latest: dict[str, dict[Any, dict[str, Any]]] = {
        "bookmarks": {}, "notes": {}, "history": {}, "settings": {}, "decks": {}, "slides": {}}
    for row in rows:
        shaped = _shape(row)
        if shaped is None:
            continue
        kind, item = shaped
        if kind in ("decks", "slides"):  # by id; of two copies, the deck changed last
            old_item = latest[kind].get(item["id"])
            if kind == "slides" or old_item is None or old_item["updated"] <= item["updated"]:
                latest[kind][item["id"]] = item
            continue
        if kind == "settings":
            try:
                item = {"key": item["key"], "value": json.loads(item["value"])}
            except (ValueError, RecursionError):
                continue
            latest[kind][item["key"]] = item
            continue
        key = (item["target"], item["visited"]) if kind == "history" else item["target"]
        stamp_field = {"bookmarks": "created", "notes": "updated", "history": "visited"}[kind]
        old = latest[kind].get(key)
        if old is None or old[stamp_field] <= item[stamp_field]:
            latest[kind][key] = item
    return {kind: list(items.values()) for kind, items in latest.items()}


#: The files ``UserData`` set aside, in the user data folder (never their ``-wal``).
SET_ASIDE_GLOB = "user.damaged-*.sqlite"


def set_aside_files(folder: Path) -> list[Path]:
    """The files set aside in ``folder``, newest first: what File → Recover lists."""
    def newest(path: Path) -> float:
        try:
            return path.stat().st_mtime
        except OSError:
            return 0.0

    try:
        found = [p for p in folder.glob(SET_ASIDE_GLOB) if p.is_file()]
    except OSError:
        return []
    return sorted(found, key=newest, reverse=True)


def recover(user: UserData, damaged: Path) -> Recovery:
    """Merge what ``damaged`` still holds into ``user`` (nothing there is replaced)."""
    from peptide_desk.userdata_import import clean_rows

    if user.read_only:
        raise UserDataError("Your user data is open read-only; nothing can be recovered now.")
    raw = read_rows(damaged)
    clean, dropped = clean_rows(raw)
    decks, bad_slides = recovered_decks(raw.get("decks", []), raw.get("slides", []))
    added = user.merge(clean._replace(decks=tuple(decks)), replace_settings=False)
    found = {"bookmarks": len(clean.bookmarks), "notes": len(clean.notes),
             "history": len(clean.history), "settings": len(clean.settings),
             "decks": len(decks), "slides": sum(len(d.slides) for d in decks)}
    added.setdefault("decks", 0)
    added.setdefault("slides", 0)
    return Recovery(found, added, dropped + bad_slides)


def recovered_decks(deck_rows: list[dict[str, Any]], slide_rows: list[dict[str, Any]]
                    ) -> tuple[list[Deck], int]:
    """Decks from the deck and slide rows read back, in list order, each slide checked as a
    deck file's (``decks.slide_from``); returns them and how many rows were left out."""
    dropped = 0
    names: dict[int, str] = {}
    for row in sorted(deck_rows, key=lambda r: (r["position"], r["id"])):
        name = clean_name(row["name"]) if isinstance(row["name"], str) else ""
        if name and "\x00" not in name:
            names[row["id"]] = name
        else:
            dropped += 1
    slides: dict[int, list[Any]] = {}
    for row in sorted(slide_rows, key=lambda r: (r["deck_id"], r["position"], r["id"])):
        fields = {k: row[k] for k in ("kind", "target", "title", "tier", "phase", "notes")
                  if row[k] not in (None, "")}
        try:
            slide = slide_from(fields, "slide")
        except DeckFieldError:
            dropped += 1
            continue
        home = row["deck_id"] if row["deck_id"] in names else 0
        slides.setdefault(home, []).append(slide)
    out = [Deck(name, tuple(slides.get(i, [])[:MAX_SLIDES])) for i, name in names.items()]
    if slides.get(0):
        out.append(Deck(ORPHANS, tuple(slides[0][:MAX_SLIDES])))
    return out, dropped
