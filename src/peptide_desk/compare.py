"""Comparison rows for substances and classes, with per-cell provenance (no Qt, no SQL).

The compare view, its exports and its tests all read the same rows built here from the
Store, so what is shown, copied and printed cannot drift apart. Columns run name, regulators,
evidence and safety first (what a clinician needs at a glance, visible without scrolling
sideways at 1280 px), then the descriptive attributes.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple, Protocol

from peptide_desk.badges import (
    BOXED,
    BOXED_BADGE,
    EVIDENCE,
    NEUTRAL,
    UNVERIFIED,
    badge_html,
    is_approval,
    regulator_colour,
)
from peptide_desk.records import (
    EVIDENCE_LABELS,
    EVIDENCE_ORDER,
    STATUS_LABELS,
    STATUS_ORDER,
    UNAPPROVED_USE,
    DrugClass,
    Reference,
    Regulatory,
    Safety,
    SafetyItem,
    Substance,
    oldest,
)
from peptide_desk.themes import palette

#: A side-by-side comparison takes 2 to 4 items: the view, its compare button and a
#: comparison query in search all ask comparable().
MIN_COMPARE, MAX_COMPARE = 2, 4
NO_REFERENCE = "No reference"
DOSING_NOTE = "As reported in the cited sources; not a dosing recommendation."
UNCONFIRMED_NOTE = "Not confirmed in the fact-check."
NOT_CONFIRMED = "not confirmed"  # appended to an unconfirmed regulator's wording
#: Regulatory columns sort by strength; an unconfirmed approval ranks below confirmed ones.
REG_ORDER: tuple[str, ...] = (*STATUS_ORDER[:2], UNVERIFIED, *STATUS_ORDER[2:])
#: Off-label use exists only for approved products; for the rest every use is unapproved.
UNAPPROVED_NOTE = ("Off-label use exists only for approved products; this follows from the "
                   "regulatory status.")
NO_BOXED = "No boxed warning"
NO_LABEL = "No approved label"
NO_SAFETY = "No safety information recorded"
NO_SAFETY_NOTE = "Nothing is recorded here; see the page and its sources."
MEMBER_BOXED_NOTE = "Members' boxed warnings are read from their own labels."
NO_MEMBER_BOXED = "No member has a boxed warning"
SAFETY_NOTE = ("Safety: boxed warnings and key contraindications (for agents without an "
               "approved label, known human safety signals); each page lists every item with "
               "its sources.")
KINDS: tuple[str, ...] = ("substance", "class")
KIND_LABELS = {"substance": "substances", "class": "classes"}


class Column(NamedTuple):
    id: str
    header: str
    key: str  # provenance key on the record ("receptor" becomes "targets" for classes)


NAME = Column("name", "Name", "refs")
COLUMNS: tuple[Column, ...] = (
    Column("fda", "FDA status", "fda"),
    Column("ema", "EMA status", "ema"),
    Column("evidence", "Evidence level", "evidence_level"),
    Column("safety", "Safety", "safety"),
    Column("class", "Class", "class"),
    Column("mechanism", "Mechanism", "mechanism"),
    Column("receptor", "Receptor / target", "receptor"),
    Column("target_organs", "Target organs", "target_organs"),
    Column("route", "Route", "route"),
    Column("dosing_frequency", "Dosing frequency (as reported)", "dosing_frequency"),
    Column("insulin_effect", "Effect on insulin sensitivity", "insulin_effect"),
    Column("key_figure", "Key trial figure", "key_figures"),
    Column("off_label", "Off-label notes", "off_label"),
)
ALL_COLUMNS: tuple[Column, ...] = (NAME, *COLUMNS)
COLUMN_IDS: tuple[str, ...] = tuple(c.id for c in COLUMNS)
BADGE_COLUMNS = frozenset({"fda", "ema", "evidence", "safety"})
#: Columns whose detail line is part of the value: never shortened, never in italics.
FULL_DETAIL = frozenset({"safety"})
_BY_ID = {c.id: c for c in ALL_COLUMNS}


def comparable(count: int) -> bool:
    """Whether ``count`` items can be shown side by side."""
    return MIN_COMPARE <= count <= MAX_COMPARE


def column(cid: str) -> Column:
    return _BY_ID[cid]


def header_for(cid: str, kind: str) -> str:
    """Column header; in class rows the class column lists the members instead."""
    return "Members" if cid == "class" and kind == "class" else _BY_ID[cid].header


@dataclass(frozen=True)
class Cell:
    text: str  # the value, or the badge's label
    refs: tuple[str, ...] = ()
    specific: bool = True  # False: only the record's general references back it
    badge: str = ""  # the badge's colour id (badges.py); the text always says it
    detail: str = ""  # second line under a badge (date, indication, member counts)
    note: str = ""  # shown with the provenance (dosing caveat, not confirmed…)

    @property
    def plain(self) -> str:
        """One-line text for CSV, clipboard and comparisons."""
        return " — ".join(p for p in (self.text, self.detail) if p)


@dataclass(frozen=True)
class Row:
    kind: str  # "substance" | "class"
    id: str
    name: str
    class_id: str
    status: str  # badge id: own status, or the best member's for a class
    evidence: str
    statuses: frozenset[str]
    evidences: frozenset[str]
    cells: dict[str, Cell] = field(compare=False)
    search_text: str = ""

    @property
    def target(self) -> str:
        return f"{self.kind}:{self.id}"

    def cell(self, cid: str) -> Cell:
        return self.cells[cid]


class RowSource(Protocol):
    def substances(self) -> list[Substance]: ...
    def classes(self) -> list[DrugClass]: ...


# --- regulators ----------------------------------------------------------------------------
def reg_text(reg: Regulatory) -> str:
    """The regulator's wording, saying so in words when it was not confirmed."""
    low = reg.status.lower()
    if reg.confirmed or "not verified" in low or NOT_CONFIRMED in low:
        return reg.status
    return f"{reg.status} ({NOT_CONFIRMED})"


def _checked_note(checked: str) -> str:
    return f"Status checked {checked}." if checked else ""


def _reg_cell(reg: Regulatory) -> Cell:
    detail = " · ".join(p for p in (reg.date, reg.detail) if p)
    note = " ".join(p for p in ("" if reg.confirmed else UNCONFIRMED_NOTE,
                                _checked_note(reg.checked)) if p)
    return Cell(reg_text(reg), reg.refs, True, regulator_colour(reg), detail, note)


def _class_reg_cell(members: Sequence[Substance], which: str) -> Cell:
    """'n of m members approved' (confirmed approvals only) with each member's wording."""
    verb = "approved" if which == "fda" else "authorised"
    if not members:
        return Cell("No members listed", (), True, NEUTRAL)
    regs = [(m, getattr(m, which)) for m in members]
    badges = [regulator_colour(r) for _, r in regs]
    count = sum(is_approval(b) for b in badges)
    unverified = badges.count(UNVERIFIED)
    text = f"{count} of {len(regs)} {verb}" + (
        f", {unverified} {NOT_CONFIRMED}" if unverified else "")
    best = min(badges, key=REG_ORDER.index)
    unconfirmed = sum(1 for _, r in regs if not r.confirmed)
    detail = "; ".join(f"{m.name}: {reg_text(r)}" for m, r in regs)
    refs = _union(r.refs for _, r in regs)
    note = f"{unconfirmed} of {len(regs)} not confirmed in the fact-check." if unconfirmed else ""
    checked = _checked_note(oldest([r.checked for _, r in regs]))
    if checked and len(regs) > 1:
        checked = checked.replace("Status checked", "Oldest status check")
    return Cell(text, refs, True, best, detail, " ".join(p for p in (note, checked) if p))


# --- safety ---------------------------------------------------------------------------------
#: What the line under the headline summarises, by label: the first kind that has items.
_KEY_KINDS = {"approved": ("contraindication", "warning"), "none": ("signal",)}
_KIND_PHRASES = {"contraindication": "contraindications", "warning": "warnings",
                 "signal": "known human safety signals"}


def _titles(items: Iterable[SafetyItem]) -> str:
    return "; ".join(i.title for i in items)


def _key_items(safety: Safety) -> tuple[str, tuple[SafetyItem, ...]]:
    """The kind summarised under the headline and its items (contraindications, else the
    warnings, of a label; the known signals when there is no approved label)."""
    kinds = _KEY_KINDS.get(safety.label, _KEY_KINDS["approved"])
    for kind in kinds:
        items = safety.of_kind(kind)
        if items:
            return kind, items
    return kinds[0], ()


def _key_line(safety: Safety, scope: str = "") -> tuple[str, tuple[SafetyItem, ...]]:
    """'Contraindications: A; B' (``scope`` "class-wide " for a class) and those items."""
    kind, items = _key_items(safety)
    if items:
        line = f"{scope}{_KIND_PHRASES[kind]}: {_titles(items)}"
    else:
        line = f"{scope}no human safety signals recorded" if kind == "signal" else ""
    return line[:1].upper() + line[1:], items


def _safety_note(safety: Safety | None, shown: Sequence[SafetyItem], extra: str = "") -> str:
    """Where the items come from, when they were checked, and any not confirmed."""
    parts = []
    if safety is not None and safety.label == "approved" and safety.label_source:
        parts.append(f"From the approved label: {safety.label_source}.")
    elif safety is not None and safety.label == "none":
        parts.append("No approved label: the items are known human safety signals, not a label.")
    if extra:
        parts.append(extra)
    checked = oldest([i.checked for i in shown]) or (safety.checked if safety else "")
    if checked:
        parts.append(f"Checked {checked}.")
    unconfirmed = sum(not i.confirmed for i in shown)
    if unconfirmed:
        parts.append(f"{unconfirmed} of {len(shown)} items not confirmed on a primary page.")
    return " ".join(parts)


def _item_refs(items: Iterable[SafetyItem]) -> tuple[str, ...]:
    return _union(i.refs for i in items)


def safety_cell(safety: Safety | None) -> Cell:
    """A substance's safety in one cell: the boxed warning (word and symbol, badge colour
    only as reinforcement), then its key contraindications; "No approved label" and the
    known signals for an agent without one. The references are those items' own."""
    if safety is None:
        return Cell(NO_SAFETY, (), True, "", "", NO_SAFETY_NOTE)
    boxed = safety.boxed if safety.label == "approved" else ()
    line, key = _key_line(safety)
    head = (NO_LABEL if safety.label == "none" else
            f"{BOXED}: {_titles(boxed)}" if boxed else NO_BOXED)
    shown = (*boxed, *key)
    return Cell(head, _item_refs(shown), True, BOXED_BADGE if boxed else "", line,
                _safety_note(safety, shown))


def _member_boxed(members: Sequence[Substance]) -> list[tuple[Substance, SafetyItem]]:
    return [(m, i) for m in members if m.safety is not None and m.safety.label == "approved"
            for i in m.safety.boxed]


def _boxed_by_title(pairs: Sequence[tuple[Substance, SafetyItem]]) -> str:
    """'Title (Member, Member); Title (Member)' in order of first appearance."""
    groups: dict[str, list[str]] = {}
    for m, item in pairs:
        names = groups.setdefault(item.title, [])
        if m.name not in names:
            names.append(m.name)
    return "; ".join(f"{title} ({', '.join(names)})" for title, names in groups.items())


def _class_head(own: Safety | None, members: Sequence[Substance],
                pairs: Sequence[tuple[Substance, SafetyItem]]) -> str:
    """The boxed warning (the class's, else its members'); "No approved label" only when no
    member is an approved product."""
    if own is not None and own.label == "approved" and own.boxed:
        return f"{BOXED}: {_titles(own.boxed)}"
    if pairs:
        return f"{BOXED} in {len({m.id for m, _ in pairs})} of {len(members)} members"
    if not any(m.is_labelled for m in members):
        return NO_LABEL
    return NO_BOXED if own is not None and own.label == "approved" else NO_MEMBER_BOXED


def class_safety_cell(c: DrugClass, members: Sequence[Substance]) -> Cell:
    """A class's safety: its own block's boxed warning, else its members' boxed warnings
    (grouped by subject), then the class-wide key items."""
    own = c.safety
    if own is None and not any(m.safety is not None for m in members):
        return Cell(NO_SAFETY, (), True, "", "", NO_SAFETY_NOTE)
    own_boxed = own.boxed if own is not None and own.label == "approved" else ()
    pairs = [] if own_boxed else _member_boxed(members)
    lines = [_boxed_by_title(pairs)] if pairs else []
    shown = [*own_boxed, *(i for _, i in pairs)]
    if own is not None:
        line, key = _key_line(own, "class-wide ")
        lines += [line] if line else []
        shown += key
    note = _safety_note(own, shown, MEMBER_BOXED_NOTE if pairs or own is None else "")
    return Cell(_class_head(own, members, pairs), _item_refs(shown), True,
                BOXED_BADGE if own_boxed or pairs else "", " · ".join(lines), note)


def off_label_cell(s: Substance) -> Cell:
    """Off-label notes for an approved product; for any other agent every use is unapproved."""
    if s.is_labelled:
        return _text_cell(s.off_label, s, "off_label")
    refs = _union((s.fda.refs, s.ema.refs))
    return Cell(UNAPPROVED_USE, refs or s.refs, bool(refs), "", "", UNAPPROVED_NOTE)


def _class_off_label_cell(c: DrugClass, members: Sequence[Substance]) -> Cell:
    if not members or any(m.is_labelled for m in members):
        return _text_cell(c.off_label, c, "off_label")
    refs = _union(r.refs for m in members for r in (m.fda, m.ema))
    return Cell(UNAPPROVED_USE, refs or c.refs, bool(refs), "", "", UNAPPROVED_NOTE)


# --- rows -------------------------------------------------------------------------------
def _union(groups: Iterable[Iterable[str]]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for group in groups:
        for key in group:
            seen.setdefault(key, None)
    return tuple(seen)


def _text_cell(text: str, record: Substance | DrugClass, key: str) -> Cell:
    """A plain attribute with its own references, else the record's general ones."""
    own = record.provenance.get(key, ())
    refs = own or record.refs
    note = DOSING_NOTE if key == "dosing_frequency" else ""
    return Cell(text or "Not reported", refs, bool(own), "", "", note)


def _key_figure_cell(figures: Sequence[tuple[str, tuple[str, ...]]]) -> Cell:
    if not figures:
        return Cell("None recorded", (), True)
    text, refs = figures[0]
    more = len(figures) - 1
    detail = f"{more} more on the page" if more else ""
    return Cell(text, refs, True, "", detail)


def _search_text(name: str, extra: Iterable[str], cells: dict[str, Cell]) -> str:
    parts = [name, *extra, *(c.plain for c in cells.values())]
    return " ".join(parts).casefold()


def substance_row(s: Substance) -> Row:
    """One substance as a comparison row."""
    cells = {
        "name": Cell(s.name, s.refs, False),
        "class": Cell(s.class_name, s.refs, False),
        "mechanism": _text_cell(s.mechanism, s, "mechanism"),
        "receptor": _text_cell(s.receptor, s, "receptor"),
        "target_organs": _text_cell(s.target_organs, s, "target_organs"),
        "route": _text_cell(s.route, s, "route"),
        "dosing_frequency": _text_cell(s.dosing_frequency, s, "dosing_frequency"),
        "insulin_effect": _text_cell(s.insulin_effect, s, "insulin_effect"),
        "key_figure": _key_figure_cell([(k.text, k.refs) for k in s.key_figures]),
        "fda": _reg_cell(s.fda),
        "ema": _reg_cell(s.ema),
        "evidence": Cell(EVIDENCE_LABELS[s.evidence_level], s.refs_for("evidence_level"),
                         "evidence_level" in s.provenance, EVIDENCE,
                         f"Status: {STATUS_LABELS[s.status]}"),
        "safety": safety_cell(s.safety),
        "off_label": off_label_cell(s),
    }
    return Row("substance", s.id, s.name, s.class_id, s.status, s.evidence_level,
               frozenset({s.status}), frozenset({s.evidence_level}), cells,
               _search_text(s.name, (*s.synonyms, *s.brand_names, s.class_id), cells))


def _counts(labels: dict[str, str], order: Sequence[str], ids: Sequence[str]) -> str:
    return ", ".join(f"{ids.count(i)} {labels[i]}" for i in order if i in ids)


def _evidence_detail(members: Sequence[Substance], levels: Sequence[str]) -> str:
    if len(members) == 1:
        return f"Its only member: {members[0].name}"
    if not members:
        return "No members listed"
    return f"Best of {len(members)} members: {_counts(EVIDENCE_LABELS, EVIDENCE_ORDER, levels)}"


def class_row(c: DrugClass, members: Sequence[Substance]) -> Row:
    """One class as a row; regulatory and evidence cells summarise its members."""
    evid = [m.evidence_level for m in members] or ["no-evidence"]
    stats = [m.status for m in members] or ["no-evidence"]
    best_ev = min(evid, key=EVIDENCE_ORDER.index)
    best_st = min(stats, key=STATUS_ORDER.index)
    member_text = "; ".join(f"{m.name} ({m.status_label})" for m in members)
    figure = [(c.key_figure.text, c.key_figure.refs)] if c.key_figure else []
    ev_refs = _union(m.refs_for("evidence_level") for m in members
                     if m.evidence_level == best_ev)
    cells = {
        "name": Cell(c.name, c.refs, False),
        "class": Cell(member_text or "No members listed", c.refs, False),
        "mechanism": _text_cell(c.mechanism, c, "mechanism"),
        "receptor": _text_cell(c.targets, c, "targets"),
        "target_organs": _text_cell(c.target_organs, c, "target_organs"),
        "route": _text_cell(c.route, c, "route"),
        "dosing_frequency": _text_cell(c.dosing_frequency, c, "dosing_frequency"),
        "insulin_effect": _text_cell(c.insulin_effect, c, "insulin_effect"),
        "key_figure": _key_figure_cell(figure),
        "fda": _class_reg_cell(members, "fda"),
        "ema": _class_reg_cell(members, "ema"),
        "evidence": Cell(EVIDENCE_LABELS[best_ev], ev_refs, False, EVIDENCE,
                         _evidence_detail(members, evid)),
        "safety": class_safety_cell(c, members),
        "off_label": _class_off_label_cell(c, members),
    }
    return Row("class", c.id, c.name, c.id, best_st, best_ev, frozenset(stats),
               frozenset(evid), cells, _search_text(c.name, c.synonyms, cells))


def substance_rows(store: RowSource) -> list[Row]:
    return [substance_row(s) for s in store.substances()]


def class_rows(store: RowSource) -> list[Row]:
    subs = {s.id: s for s in store.substances()}
    return [class_row(c, [subs[m] for m in c.members if m in subs]) for c in store.classes()]


def build_rows(store: RowSource, kind: str) -> list[Row]:
    """Rows of ``kind`` ("substance" or "class") in the Store's order."""
    return class_rows(store) if kind == "class" else substance_rows(store)


# --- filter and sort ---------------------------------------------------------------------
@dataclass(frozen=True)
class Filter:
    class_id: str = ""
    status: str = ""  # STATUS_LABELS id; a class matches when any member has it
    evidence: str = ""  # EVIDENCE_LABELS id; likewise
    text: str = ""

    @property
    def active(self) -> bool:
        return bool(self.class_id or self.status or self.evidence or self.text.strip())

    def describe(self) -> str:
        """Plain words for captions of exports."""
        parts = []
        if self.class_id:
            parts.append(f"class {self.class_id}")
        if self.status:
            parts.append(f"status {STATUS_LABELS.get(self.status, self.status)}")
        if self.evidence:
            parts.append(f"evidence {EVIDENCE_LABELS.get(self.evidence, self.evidence)}")
        if self.text.strip():
            parts.append(f"text “{self.text.strip()}”")
        return "; ".join(parts) or "none"


def matches(row: Row, f: Filter) -> bool:
    """Whether ``row`` passes every part of the filter (free text: all words, any order)."""
    if f.class_id and row.class_id != f.class_id:
        return False
    if f.status and f.status not in row.statuses:
        return False
    if f.evidence and f.evidence not in row.evidences:
        return False
    return all(word in row.search_text for word in f.text.casefold().split())


def filter_rows(rows: Iterable[Row], f: Filter) -> list[Row]:
    return [r for r in rows if matches(r, f)]


SortKey = tuple[int, str]


def sort_key(row: Row, cid: str) -> SortKey:
    """Evidence and regulatory columns sort by strength (records order), safety with boxed
    warnings first, text by letters."""
    cell = row.cell(cid)
    if cid == "evidence":
        return EVIDENCE_ORDER.index(row.evidence), row.name.casefold()
    if cid in ("fda", "ema"):
        return REG_ORDER.index(cell.badge), cell.text.casefold()
    if cid == "safety":
        return (0 if cell.badge == BOXED_BADGE else 1), cell.plain.casefold()
    return 0, cell.plain.casefold()


def sort_rows(rows: Iterable[Row], cid: str, descending: bool = False) -> list[Row]:
    return sorted(rows, key=lambda r: sort_key(r, cid), reverse=descending)


# --- side by side --------------------------------------------------------------------------
@dataclass(frozen=True)
class Attribute:
    column: Column
    header: str
    cells: tuple[Cell, ...]
    differs: bool  # the items' values are not all the same
    unique: tuple[bool, ...] = ()  # per item: no other item shares this value


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


def side_by_side(rows: Sequence[Row], columns: Sequence[str] = COLUMN_IDS) -> list[Attribute]:
    """Attributes as rows for 2-4 items; ``differs`` when their values are not all equal,
    and ``unique`` marks each value no other item shares (those cells are highlighted)."""
    if not comparable(len(rows)):
        raise ValueError(f"Side by side takes {MIN_COMPARE} to {MAX_COMPARE} items, "
                         f"not {len(rows)}.")
    kinds = {r.kind for r in rows}
    kind = kinds.pop() if len(kinds) == 1 else "substance"
    out = []
    for cid in columns:
        cells = tuple(r.cell(cid) for r in rows)
        values = [_norm(c.plain) for c in cells]
        unique = tuple(values.count(v) == 1 for v in values)
        out.append(Attribute(column(cid), header_for(cid, kind), cells, len(set(values)) > 1,
                             unique))
    return out


def find_rows(store: RowSource, ids: Sequence[str]) -> list[Row]:
    """Rows for ids given as "semaglutide", "substance:semaglutide" or "class:glp1-ra"."""
    subs = {r.id: r for r in substance_rows(store)}
    classes: dict[str, Row] | None = None
    out = []
    for ident in ids:
        kind, _, rest = ident.partition(":") if ":" in ident else ("", "", ident)
        if kind != "class" and rest in subs:
            out.append(subs[rest])
            continue
        if classes is None:
            classes = {r.id: r for r in class_rows(store)}
        if kind != "substance" and rest in classes:
            out.append(classes[rest])
    return out


# --- provenance -----------------------------------------------------------------------------
#: The provenance panel before a cell is chosen (the table's and the side-by-side view's).
PROVENANCE_HINT = "<p>Select a cell to see its references and their verification status.</p>"


@dataclass(frozen=True)
class Source:
    key: str
    citation: str
    status: str  # verified | corrected | unconfirmed | missing
    status_label: str
    note: str


def sources(cell: Cell, lookup: Callable[[str], Reference | None]) -> list[Source]:
    """The references behind a cell with their verification status (empty: none)."""
    out = []
    for key in cell.refs:
        ref = lookup(key)
        if ref is None:
            out.append(Source(key, key, "missing", "Not in the reference list", ""))
        else:
            out.append(Source(key, ref.citation, ref.status, ref.status_label, ref.note))
    return out


def provenance_text(cell: Cell, lookup: Callable[[str], Reference | None]) -> str:
    """Plain text for a tooltip: each reference with its status, or 'No reference'."""
    found = sources(cell, lookup)
    if not found:
        lines = [NO_REFERENCE]
    else:
        head = "References:" if cell.specific else "General references of this entry:"
        lines = [head, *(f"[{s.status_label}] {s.citation}" for s in found)]
    return "\n".join(lines + ([cell.note] if cell.note else []))


def provenance_html(heading: str, cell: Cell, lookup: Callable[[str], Reference | None],
                    theme: str = "light") -> str:
    """The provenance panel: the value, then each reference (a ref: link) with its status."""
    pal = palette(theme)
    found = sources(cell, lookup)
    parts = [f"<p><b>{html.escape(heading)}</b></p>"]
    if not found:
        parts.append(f"<p><b>{NO_REFERENCE}</b> is recorded for this cell.</p>")
    elif not cell.specific:
        parts.append("<p>No reference is tied to this cell alone; the entry's general "
                     "references:</p>")
    for s in found:
        badge = badge_html(s.status if s.status != "missing" else "unconfirmed",
                           s.status_label, pal, wrap=True)
        link = (html.escape(s.citation) if s.status == "missing" else
                f'<a href="ref:{html.escape(s.key)}">{html.escape(s.citation)}</a>')
        note = f"<br><i>{html.escape(s.note)}</i>" if s.note else ""
        parts.append(f"<p>{badge} {link}{note}</p>")
    if cell.note:
        parts.append(f"<p><i>{html.escape(cell.note)}</i></p>")
    parts.append(f'<p style="color:{pal.muted}">Value: {html.escape(cell.plain)}</p>')
    return "".join(parts)
