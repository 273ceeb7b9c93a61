"""Read the TOML content sources and check their shape, keeping line numbers for messages."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
#: A TOML table header line such as ``[substance.fda]`` or ``[[table.row]]``.
HEADER_RE = re.compile(r"^\s*\[\[?[A-Za-z_][\w.-]*\]\]?\s*$")


@dataclass(frozen=True, order=True)
class Problem:
    """One content error: where it is and what to do about it."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


@dataclass
class Field:
    kind: str  # str | int | bool | list | table | tables | float-pairs | list-list
    required: bool = False
    schema: dict[str, Field] | None = None
    choices: tuple[str, ...] = ()
    pattern: re.Pattern[str] | None = None


def F(kind: str, required: bool = False, **kw: Any) -> Field:
    return Field(kind, required, **kw)


def R(kind: str, **kw: Any) -> Field:
    return Field(kind, True, **kw)


STATUS = ("approved", "approved-narrow", "formerly-approved", "investigational",
          "preclinical", "no-evidence", "refused")
EVIDENCE = ("approved", "phase-3", "phase-2", "phase-1", "preclinical", "no-evidence")
TIER_NAMES = ("fundamentals", "intermediate", "academic")
PROVENANCE_COLUMNS = ("mechanism", "receptor", "targets", "target_organs", "route",
                      "dosing_frequency", "insulin_effect", "off_label")

REGULATORY = {"status": R("str"), "date": R("str"), "detail": R("str"),
              "refs": F("list"), "confirmed": R("bool"), "checked": R("str", pattern=DATE_RE)}
#: Reference verification statuses, strongest first (records.VERIFICATION_LABELS explains them).
REFERENCE_STATUS = ("verified", "corrected", "secondary", "identified", "unconfirmed")
#: Safety item kinds in display order (records.SAFETY_KIND_LABELS names them).
SAFETY_KINDS = ("boxed-warning", "contraindication", "warning", "limitation", "monitoring",
                "pregnancy", "interaction", "schedule", "anti-doping", "signal", "compounded")
REFS_TEXT = {"text": R("str"), "refs": R("list")}
PROVENANCE = {c: F("list") for c in PROVENANCE_COLUMNS}

SCHEMAS: dict[str, dict[str, Field]] = {
    "site": {"title": R("str"), "content_as_of": R("str", pattern=DATE_RE),
             "disclaimer": R("str"), "disclaimer_short": R("str"), "about": R("str")},
    "reference": {
        "key": R("str", pattern=ID_RE), "authors": R("str"), "title": R("str"),
        "journal": F("str"), "year": R("int"), "volume": F("str"), "pages": F("str"),
        "doi": F("str"), "pmid": F("str"), "pmcid": F("str"), "url": F("str"),
        "kind": F("str", choices=("journal", "review", "regulatory", "label", "news", "book")),
        "status": R("str", choices=REFERENCE_STATUS),
        "note": F("str"), "as_cited": F("list"), "seed_refs": F("list"),
    },
    "substance": {
        "id": R("str", pattern=ID_RE), "name": R("str"), "class": R("str"),
        "is_peptide": R("bool"), "summary": R("str"), "synonyms": F("list"),
        "brand_names": F("list"), "mechanism": R("str"), "receptor": R("str"),
        "target_organs": R("str"), "route": R("str"), "dosing_frequency": R("str"),
        "insulin_effect": R("str"), "status": R("str", choices=STATUS),
        "evidence_level": R("str", choices=EVIDENCE),
        "off_label": F("str"), "cautions": F("list"), "check_notes": F("list"),
        "related": F("list"), "refs": R("list"),
        "fda": R("table", schema=REGULATORY), "ema": R("table", schema=REGULATORY),
        "dosing": F("table", schema={"text": R("str"), "source": R("str")}),
        "key_figures": F("tables", schema=REFS_TEXT),
        "provenance": F("table", schema=PROVENANCE),
    },
    "class": {
        "id": R("str", pattern=ID_RE), "name": R("str"), "synonyms": F("list"),
        "summary": R("str"), "mechanism": R("str"), "targets": R("str"),
        "target_organs": R("str"), "route": R("str"), "dosing_frequency": R("str"),
        "insulin_effect": R("str"), "key_figure": F("table", schema=REFS_TEXT),
        "off_label": F("str"), "refs": R("list"), "provenance": F("table", schema=PROVENANCE),
        "check_notes": F("list"),
    },
    "term": {
        "id": R("str", pattern=ID_RE), "term": R("str"), "expansion": F("str"),
        "definition": R("str"), "synonyms": F("list"), "see_also": F("list"), "refs": F("list"),
    },
    "table": {
        "id": R("str", pattern=ID_RE), "title": R("str"), "article": R("str"),
        "tier": R("str", choices=TIER_NAMES), "columns": R("list"), "caption": F("str"),
        "correction": F("str"), "check_notes": F("list"),
        "row": R("tables", schema={"cells": R("list"), "refs": R("list"), "link": F("str"),
                                   "note": F("str")}),
    },
    "chart": {
        "id": R("str", pattern=ID_RE), "title": R("str"), "article": F("str"),
        "x_unit": R("str", choices=("weeks",)), "y_label": R("str"), "y_unit": F("str"),
        "caveat": R("str"), "refs": R("list"), "description": F("str"),
        "check_notes": F("list"),
        "phase": F("tables", schema={"name": R("str"), "start": R("num"), "end": R("num"),
                                     "description": R("str")}),
        "series": R("tables", schema={"name": R("str"), "kind": R("str", choices=(
            "measured", "schematic")), "points": R("points"), "refs": R("list"),
            "unit": F("str"), "note": F("str")}),
    },
    "safety": {
        "subject": R("str"), "label": R("str", choices=("approved", "none")),
        "label_source": F("str"), "note": F("str"), "check_notes": F("list"),
        "item": R("tables", schema={"kind": R("str", choices=SAFETY_KINDS), "title": R("str"),
                                    "text": R("str"), "refs": R("list"),
                                    "checked": R("str", pattern=DATE_RE),
                                    "confirmed": F("bool")}),
    },
    "evidence": {
        "id": R("str", pattern=ID_RE), "seen": R("str", pattern=DATE_RE), "source": R("str"),
        "url": R("str"), "kind": R("str", choices=("primary", "secondary")),
        "showed": R("str"), "supports": R("list"),
        "status": R("str", choices=("confirmed", "unconfirmed")),
    },
    "group": {"kind": F("str", choices=("abbreviation", "spelling", "brand", "concept")),
              "terms": R("list")},
}

#: file name -> (array-of-tables name, schema name)
DATA_FILES: dict[str, str] = {
    "references.toml": "reference",
    "substances.toml": "substance",
    "classes.toml": "class",
    "glossary.toml": "term",
    "tables.toml": "table",
    "charts.toml": "chart",
    "search_terms.toml": "group",
}
#: folder name -> schema name: every ``*.toml`` in the folder holds entries of that kind.
DATA_DIRS: dict[str, str] = {
    "safety": "safety",      # label safety blocks, one file per group of substances
    "evidence": "evidence",  # the evidence log: which page showed which fact, and when
}


@dataclass
class Record:
    """One array-of-tables entry with where it came from."""

    data: dict[str, Any]
    file: str
    line: int
    lines: LineIndex

    def line_of(self, key: str, sub: str | None = None, nth: int = 0) -> int:
        return self.lines.key_line(self.line, key, sub, nth)

    def problem(self, message: str, key: str | None = None, sub: str | None = None,
                nth: int = 0) -> Problem:
        line = self.line_of(key, sub, nth) if key else self.line
        return Problem(self.file, line, message)


@dataclass
class LineIndex:
    """Finds the line of a key inside a TOML array-of-tables entry."""

    text_lines: list[str]
    block_header: str

    def blocks(self) -> list[int]:
        head = f"[[{self.block_header}]]"
        return [i + 1 for i, ln in enumerate(self.text_lines) if ln.strip() == head]

    def key_line(self, start: int, key: str, sub: str | None = None, nth: int = 0) -> int:
        """Line of ``key`` in the entry at ``start`` (in its ``nth`` [[entry.sub]] if given)."""
        end = len(self.text_lines)
        head = f"[[{self.block_header}]]"
        for i in range(start, len(self.text_lines)):
            if self.text_lines[i].strip() == head:
                end = i
                break
        pos = start
        if sub:
            subs = [i for i in range(start, end) if self.text_lines[i].strip() in (
                f"[{self.block_header}.{sub}]", f"[[{self.block_header}.{sub}]]")]
            if subs:
                pos = subs[min(nth, len(subs) - 1)] + 1
                end = next((i for i in range(pos, end)
                            if HEADER_RE.match(self.text_lines[i])), end)
        pat = re.compile(rf"^\s*{re.escape(key)}\s*=")
        for i in range(pos, end):
            if pat.match(self.text_lines[i]):
                return i + 1
        return pos if sub else start


@dataclass
class Sources:
    """Everything read from resources/content, with problems found while reading."""

    root: Path
    site: dict[str, Any] = field(default_factory=dict)
    records: dict[str, list[Record]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def rel(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.root.parent.parent))
        except ValueError:
            return str(path)


def check_shape(data: dict[str, Any], schema: dict[str, Field], rec: Record, what: str,
                sub: str | None = None, nth: int = 0) -> list[Problem]:
    """Required keys, unknown keys and value types against ``schema``."""
    out: list[Problem] = []
    for key in data:
        if key not in schema:
            known = ", ".join(sorted(schema))
            out.append(rec.problem(f"{what}: unknown key '{key}' (known keys: {known})",
                                   key, sub, nth))
    for key, spec in schema.items():
        if key not in data:
            if spec.required:
                # in a sub-table the search for the absent key ends at that table's header
                out.append(rec.problem(f"{what}: missing required field '{key}'"
                                       + (f" in [{sub}]" if sub else ""),
                                       key if sub else None, sub, nth))
            continue
        value = data[key]
        found = _check_value(value, spec, rec, f"{what}: '{key}'", key, sub, nth)
        nested_ok = (spec.kind == "table" and isinstance(value, dict)) or (
            spec.kind == "tables" and isinstance(value, list)
            and all(isinstance(v, dict) for v in value))
        if found and not nested_ok:
            del data[key]  # reported; the cross-file checks then see only well-typed values
        out.extend(found)
    return out


def _check_value(value: Any, spec: Field, rec: Record, what: str, key: str,
                 sub: str | None, nth: int = 0) -> list[Problem]:
    def bad(msg: str) -> list[Problem]:
        return [rec.problem(f"{what} {msg}", key, sub, nth)]

    kind = spec.kind
    if kind == "str":
        if not isinstance(value, str):
            return bad("must be a string")
        if spec.required and not value.strip() and key not in ("date",):
            return bad("must not be empty")
        if spec.choices and value not in spec.choices:
            return bad(f"is '{value}'; use one of: {', '.join(spec.choices)}")
        if spec.pattern and value and not spec.pattern.match(value):
            return bad(f"'{value}' has the wrong form (expected {spec.pattern.pattern})")
    elif kind == "int" and (not isinstance(value, int) or isinstance(value, bool)):
        return bad("must be a whole number")
    elif kind == "num" and (not isinstance(value, int | float) or isinstance(value, bool)):
        return bad("must be a number")
    elif kind == "bool" and not isinstance(value, bool):
        return bad("must be true or false")
    elif kind == "list":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return bad("must be a list of strings")
        if spec.required and not value:
            return bad("must list at least one item")
    elif kind == "points":
        ok = isinstance(value, list) and value and all(
            isinstance(p, list) and len(p) == 2
            and all(isinstance(v, int | float) and not isinstance(v, bool) for v in p)
            for p in value)
        if not ok:
            return bad("must be a non-empty list of [week, value] number pairs")
    elif kind == "table":
        if not isinstance(value, dict):
            return bad("must be a table")
        assert spec.schema is not None
        return check_shape(value, spec.schema, rec, what, key)
    elif kind == "tables":
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            return bad("must be an array of tables")
        if spec.required and not value:
            return bad("must have at least one entry")
        assert spec.schema is not None
        out: list[Problem] = []
        for i, item in enumerate(value, 1):
            out.extend(check_shape(item, spec.schema, rec, f"{what} #{i}", key, i - 1))
        return out
    return []


def _load_toml(path: Path, src: Sources) -> dict[str, Any] | None:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        src.problems.append(Problem(src.rel(path), 1, "file is missing"))
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        line = int(match.group(1)) if match else 1
        src.problems.append(Problem(src.rel(path), line, f"not valid TOML: {exc}"))
    except UnicodeDecodeError:
        src.problems.append(Problem(src.rel(path), 1, "not valid UTF-8 text"))
    return None


def load_sources(root: Path) -> Sources:
    """Read site.toml and every data file; shape errors are collected, not raised."""
    src = Sources(root=root)
    site_path = root / "site.toml"
    site = _load_toml(site_path, src)
    if site is not None:
        lines = site_path.read_text(encoding="utf-8").splitlines()
        rec = Record(site, src.rel(site_path), 1, LineIndex(lines, "__none__"))
        src.problems.extend(check_shape(site, SCHEMAS["site"], rec, "site"))
        src.site = site
    for name, kind in DATA_FILES.items():
        src.records[kind] = []
        _load_entries(root / name, kind, src)
    for folder, kind in DATA_DIRS.items():
        src.records[kind] = []
        for path in sorted((root / folder).glob("*.toml")):
            _load_entries(path, kind, src)
    return src


def _load_entries(path: Path, kind: str, src: Sources) -> None:
    """Append the ``[[kind]]`` entries of one file to ``src.records[kind]``."""
    data = _load_toml(path, src)
    if data is None:
        return
    lines = path.read_text(encoding="utf-8").splitlines()
    index = LineIndex(lines, kind)
    starts = index.blocks()
    extra = set(data) - {kind}
    for key in sorted(extra):
        src.problems.append(Problem(src.rel(path), 1,
                                    f"unknown top-level key '{key}'; entries go in [[{kind}]]"))
    entries = data.get(kind, [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        src.problems.append(Problem(src.rel(path), 1, f"'{kind}' must be an array of "
                                    f"tables: write each entry under a [[{kind}]] line"))
        return
    for i, entry in enumerate(entries):
        line = starts[i] if i < len(starts) else 1
        rec = Record(entry, src.rel(path), line, index)
        label = entry.get("id") or entry.get("key") or entry.get("subject") or f"#{i + 1}"
        src.problems.extend(check_shape(entry, SCHEMAS[kind], rec, f"{kind} '{label}'"))
        src.records[kind].append(rec)
