"""The schema of a user-data export, checked field by field before anything is imported (no
Qt). A file is refused whole, with a message naming the field (``bookmarks[3].created``);
``clean_rows`` instead drops the bad rows, for what ``userdata_recover`` reads back from a
damaged file. Limits: file size, list lengths, string lengths, nesting depth, numbers finite
and in range; a setting the app reads at start must hold a value it can use
(``userdata.SETTINGS``).
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from peptide_desk.decks import Deck, DeckFieldError, deck_from
from peptide_desk.links import is_internal
from peptide_desk.userdata import (
    EXPORT_FORMAT,
    EXPORT_VERSION,
    UserDataError,
    valid_setting,
    valid_time,
)

MAX_FILE_BYTES = 64 * 1024 * 1024
CHUNK = 1024 * 1024
MAX_ITEMS = {"bookmarks": 100_000, "notes": 50_000, "history": 5_000}
MAX_SETTINGS = 200
MAX_TARGET, MAX_TITLE, MAX_BODY, MAX_KEY = 2_000, 1_000, 200_000, 100
#: A setting's value (any JSON for keys the app does not read): how deep and how large.
MAX_DEPTH, MAX_VALUE_STRING, MAX_VALUE_ITEMS = 8, 20_000, 1_000
TOP_FIELDS = ("format", "version", "bookmarks", "notes", "history", "settings", "decks")
MAX_DECKS = 1_000
#: Settings that name a row of this database (the current deck's id): meaningless in another
#: one, so an import or a recovery leaves them out.
LOCAL_SETTINGS = frozenset({"current_deck"})


class Rejected(ValueError):
    """One field of an export is not valid; ``field`` names it."""

    def __init__(self, field: str, why: str) -> None:
        super().__init__(f"{field} {why}")
        self.field = field


class Clean(NamedTuple):
    """Validated rows, ready for ``UserData.merge``."""

    bookmarks: list[tuple[str, str, float]]
    notes: list[tuple[str, str, str, float]]
    history: list[tuple[str, str, float]]
    settings: dict[str, Any]
    decks: tuple[Deck, ...] = ()  # from export version 2, and what a recovery finds


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "…"


def _text(limit: int, *, target: bool = False, empty: bool = False
          ) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        if not isinstance(value, str):
            return f"must be text (got {_show(value)})"
        if len(value) > limit:
            return f"is longer than {limit:,} characters"
        if "\x00" in value:
            return "contains a NUL character"
        if not empty and not value.strip():
            return "must not be empty"
        if target and not is_internal(value):
            return f"is not a Peptide Desk place (got {_show(value)})"
        return None
    return check


def _when(value: Any) -> str | None:
    if not valid_time(value):
        return f"must be a time in seconds between 1970 and 3000 (got {_show(value)})"
    return None


#: Per kind: field -> (check, required).
SCHEMA: dict[str, dict[str, tuple[Callable[[Any], str | None], bool]]] = {
    "bookmarks": {"target": (_text(MAX_TARGET, target=True), True),
                  "title": (_text(MAX_TITLE, empty=True), True),
                  "created": (_when, False)},
    "notes": {"target": (_text(MAX_TARGET, target=True), True),
              "title": (_text(MAX_TITLE, empty=True), True),
              "body": (_text(MAX_BODY), True),
              "updated": (_when, False)},
    "history": {"target": (_text(MAX_TARGET, target=True), True),
                "title": (_text(MAX_TITLE, empty=True), True),
                "visited": (_when, False)},
}
TIME_FIELD = {"bookmarks": "created", "notes": "updated", "history": "visited"}


def check_item(kind: str, item: Any, where: str) -> None:
    """Raise Rejected naming the first bad field of one bookmark, note or visit."""
    if not isinstance(item, dict):
        raise Rejected(where, f"must be an object (got {_show(item)})")
    schema = SCHEMA[kind]
    for key in item:
        if key not in schema:
            raise Rejected(f"{where}.{key}", f"is not a field of a {kind[:-1]}")
    for key, (check, required) in schema.items():
        if key not in item:
            if required:
                raise Rejected(f"{where}.{key}", "is missing")
            continue
        why = check(item[key])
        if why:
            raise Rejected(f"{where}.{key}", why)


def _row(kind: str, item: dict[str, Any], now: float) -> tuple[Any, ...]:
    stamp = float(item.get(TIME_FIELD[kind], 0.0 if kind == "history" else now))
    if kind == "notes":
        return (item["target"], item["title"], item["body"], stamp)
    return (item["target"], item["title"], stamp)


def check_value(value: Any, where: str) -> None:
    """Any JSON value, bounded: depth, string and list lengths, finite numbers (iterative, so
    no depth makes it recurse)."""
    stack: list[tuple[Any, str, int]] = [(value, where, 1)]
    while stack:
        v, path, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise Rejected(path, f"is nested more than {MAX_DEPTH} levels deep")
        if isinstance(v, str):
            if len(v) > MAX_VALUE_STRING:
                raise Rejected(path, f"is longer than {MAX_VALUE_STRING:,} characters")
        elif isinstance(v, float):
            if not math.isfinite(v):
                raise Rejected(path, "must be a finite number")
        elif isinstance(v, list):
            if len(v) > MAX_VALUE_ITEMS:
                raise Rejected(path, f"has more than {MAX_VALUE_ITEMS:,} items")
            stack.extend((x, f"{path}[{i}]", depth + 1) for i, x in enumerate(v))
        elif isinstance(v, dict):
            if len(v) > MAX_VALUE_ITEMS:
                raise Rejected(path, f"has more than {MAX_VALUE_ITEMS:,} entries")
            for k, x in v.items():
                if not isinstance(k, str) or len(k) > MAX_KEY:
                    raise Rejected(path, f"has a key that is not short text ({_show(k)})")
                stack.append((x, f"{path}.{k}", depth + 1))
        elif v is not None and not isinstance(v, (bool, int)):
            raise Rejected(path, f"is not a JSON value ({type(v).__name__})")
        elif isinstance(v, int) and not isinstance(v, bool) and abs(v) > 2**63:
            raise Rejected(path, "is too large a number")


def check_setting(key: Any, value: Any) -> None:
    where = f"settings.{key}"
    if not isinstance(key, str) or not key or len(key) > MAX_KEY:
        raise Rejected("settings", f"has a key that is not short text ({_show(key)})")
    check_value(value, where)
    if not valid_setting(key, value):
        raise Rejected(where, f"is not a value this setting can take (got {_show(value)})")


def validate(data: Any) -> Clean:
    """Every field of an export, or UserDataError naming the first bad one."""
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        raise UserDataError("This file is not a Peptide Desk user-data export.")
    version = data.get("version", 0)
    if not isinstance(version, int) or isinstance(version, bool):
        raise UserDataError("This file is not a Peptide Desk user-data export (its "
                            "'version' is not a whole number).")
    if version > EXPORT_VERSION:
        raise UserDataError("This export was made by a newer Peptide Desk; update first.")
    try:
        return _validate(data)
    except Rejected as exc:
        raise UserDataError(f"The export could not be imported: {exc}; nothing was "
                            "changed.") from exc


def _validate(data: dict[str, Any]) -> Clean:
    for key in data:
        if key not in TOP_FIELDS:
            raise Rejected(_show(key), "is not a field of a user-data export")
    now = time.time()
    rows: dict[str, list[Any]] = {}
    for kind, limit in MAX_ITEMS.items():
        items = data.get(kind, [])
        if not isinstance(items, list):
            raise Rejected(kind, f"must be a list (got {_show(items)})")
        if len(items) > limit:
            raise Rejected(kind, f"has {len(items):,} entries; at most {limit:,} are imported")
        for i, item in enumerate(items):
            check_item(kind, item, f"{kind}[{i}]")
        rows[kind] = [_row(kind, item, now) for item in items]
    settings = data.get("settings", {})
    if not isinstance(settings, dict):
        raise Rejected("settings", f"must be an object (got {_show(settings)})")
    if len(settings) > MAX_SETTINGS:
        raise Rejected("settings", f"has {len(settings):,} entries; at most {MAX_SETTINGS}")
    for key, value in settings.items():
        check_setting(key, value)
    kept = {k: v for k, v in settings.items() if k not in LOCAL_SETTINGS}
    return Clean(rows["bookmarks"], rows["notes"], rows["history"], kept,
                 check_decks(data.get("decks", [])))


def check_decks(decks: Any) -> tuple[Deck, ...]:
    """The ``decks`` of an export (each a deck file's name and slides, checked as
    ``decks.read_data`` checks one), or Rejected naming the first bad field."""
    if not isinstance(decks, list):
        raise Rejected("decks", f"must be a list (got {_show(decks)})")
    if len(decks) > MAX_DECKS:
        raise Rejected("decks", f"has {len(decks):,} entries; at most {MAX_DECKS:,} are "
                                "imported")
    try:
        return tuple(deck_from(d, f"decks[{i}].") for i, d in enumerate(decks))
    except DeckFieldError as exc:
        raise Rejected(exc.field, exc.why) from exc


def clean_rows(raw: dict[str, list[dict[str, Any]]]) -> tuple[Clean, int]:
    """Keep the valid rows of each kind (and settings given as {"key", "value"} rows);
    returns them and how many were dropped."""
    dropped = 0
    now = time.time()
    rows: dict[str, list[Any]] = {}
    for kind in MAX_ITEMS:
        rows[kind] = []
        for item in raw.get(kind, []):
            try:
                check_item(kind, item, kind)
            except Rejected:
                dropped += 1
                continue
            rows[kind].append(_row(kind, item, now))
    settings: dict[str, Any] = {}
    for item in raw.get("settings", []):
        try:
            check_setting(item.get("key"), item.get("value"))
        except Rejected:
            dropped += 1
            continue
        if item["key"] not in LOCAL_SETTINGS:
            settings[item["key"]] = item["value"]
    return Clean(rows["bookmarks"], rows["notes"], rows["history"], settings), dropped


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number an export can hold")


def parse(text: str, name: str = "This file") -> Any:
    """JSON without NaN or Infinity; nesting too deep for the parser is a clear error."""
    try:
        return json.loads(text, parse_constant=_no_constant)
    except RecursionError as exc:
        raise UserDataError(f"{name} is not a Peptide Desk export (it is nested too deeply)."
                            ) from exc
    except ValueError as exc:
        raise UserDataError(f"{name} is not a Peptide Desk export ({exc}).") from exc


def read_export(path: Path, progress: Callable[[int, int], None] | None = None) -> Any:
    """Read and parse an export file of at most MAX_FILE_BYTES, reporting progress."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise UserDataError(f"{path.name} is {size / 1e6:.0f} MB; a Peptide Desk export is "
                                f"at most {MAX_FILE_BYTES // (1024 * 1024)} MB.")
        chunks: list[bytes] = []
        done = 0
        with path.open("rb") as fh:
            while chunk := fh.read(CHUNK):
                done += len(chunk)
                if done > MAX_FILE_BYTES:  # grew while read
                    raise UserDataError(f"{path.name} is larger than a Peptide Desk export "
                                        "can be.")
                chunks.append(chunk)
                if progress is not None:
                    progress(done, max(size, done))
        text = b"".join(chunks).decode("utf-8")
    except OSError as exc:
        raise UserDataError(f"{path.name} is not a Peptide Desk export ({exc.strerror or exc})."
                            ) from exc
    except UnicodeDecodeError as exc:
        raise UserDataError(f"{path.name} is not a Peptide Desk export (not UTF-8 text)."
                            ) from exc
    return parse(text, path.name)
