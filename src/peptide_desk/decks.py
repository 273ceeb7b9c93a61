"""Presentation decks (no Qt): slides, decks, their file format and how a deck is stepped.

A slide names content by its internal target and remembers how it was added: a section at
its tier, a table, a chart at a phase, a substance's summary, a side-by-side comparison.
Decks are stored in the user database (``userdata_decks``) and move between machines as a
JSON file (``FILE_FORMAT``, ``FILE_VERSION``), read here field by field like a user-data
export. A slide whose content no longer exists is kept with its notes; the import says so
for each one. :class:`Run` is where a presentation is: slide, screen of an overflowing
slide, chart phase; the window only draws what it says.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, NamedTuple

from peptide_desk.links import make_target, parse_target
from peptide_desk.records import TIER_LABELS, TIERS
from peptide_desk.userdata import UserDataError

FILE_FORMAT = "peptide-desk-deck"
FILE_VERSION = 1
FILE_SUFFIX = ".pdeck.json"
MAX_FILE_BYTES = 4 * 1024 * 1024
MAX_SLIDES, MAX_NAME, MAX_TITLE, MAX_NOTES, MAX_TARGET, MAX_PHASE = (
    500, 200, 1_000, 20_000, 2_000, 1_000)
MAX_COMPARE_IDS = 4
#: What a slide can show, and the link scheme of its target.
SCHEMES: dict[str, str] = {"section": "article", "table": "table", "chart": "chart",
                           "substance": "substance", "compare": "compare"}
KINDS: tuple[str, ...] = tuple(SCHEMES)
KIND_LABELS: dict[str, str] = {"section": "Section", "table": "Table", "chart": "Chart",
                               "substance": "Substance summary", "compare": "Comparison"}
TOP_FIELDS = ("format", "version", "name", "slides")
SLIDE_FIELDS = ("kind", "target", "title", "tier", "phase", "notes")


class DeckFileError(UserDataError):
    """A deck file cannot be read; the message is one sentence for the user."""


class DeckFieldError(ValueError):
    """One field of a deck is not valid (``field`` names it): a deck file and a user-data
    export word the sentence around it each their own way."""

    def __init__(self, field_name: str, why: str) -> None:
        super().__init__(f"{field_name} {why}")
        self.field, self.why = field_name, why


@dataclass(frozen=True)
class Slide:
    """One slide: what it shows (``kind``, ``target``, ``tier``, ``phase``) and its notes."""

    kind: str
    target: str
    title: str
    tier: str = ""  # section slides: the tier it was added at
    phase: int | None = None  # chart slides: the phase it starts at (None: the whole chart)
    notes: str = ""
    id: int = 0  # its row in the user database (0 until stored)

    @property
    def label(self) -> str:
        """How the Decks view lists it: kind, title and, for a section, its tier."""
        extra = f" ({TIER_LABELS.get(self.tier, self.tier)})" if self.tier else ""
        if self.kind == "chart" and self.phase is not None:
            extra = f" (phase {self.phase + 1})"
        return f"{KIND_LABELS.get(self.kind, self.kind)}: {self.title}{extra}"

    def to_json(self) -> dict[str, Any]:
        """The slide as the deck file holds it (no database id)."""
        out: dict[str, Any] = {"kind": self.kind, "target": self.target, "title": self.title}
        if self.tier:
            out["tier"] = self.tier
        if self.phase is not None:
            out["phase"] = self.phase
        if self.notes:
            out["notes"] = self.notes
        return out


@dataclass(frozen=True)
class Deck:
    name: str
    slides: tuple[Slide, ...] = field(default=())
    id: int = 0


# --- making slides ---------------------------------------------------------------------------
def compare_ids(target: str) -> list[str]:
    """The items of a ``compare:A,B`` target (plain ids, ``substance:`` or ``class:`` off)."""
    ident = parse_target(target).ident
    return [i.split(":")[-1] for i in ident.split(",") if i]


def slide_for(target: str, title: str, *, tier: str = "", phase: int | None = None
              ) -> Slide | None:
    """The slide for what is in view at ``target``, or None when it cannot be one.

    An article place is its section at ``tier``; ``compare:A,B`` needs two items or more.
    """
    t = parse_target(target)
    if t.scheme == "article":
        if not t.anchor or tier not in TIERS:
            return None
        return Slide("section", make_target("article", t.ident, t.anchor), title, tier=tier)
    if t.scheme == "compare":
        ids = compare_ids(target)
        if not 2 <= len(ids) <= MAX_COMPARE_IDS:
            return None
        return Slide("compare", make_target("compare", ",".join(ids)), title)
    if t.scheme == "chart" and t.ident:
        return Slide("chart", make_target("chart", t.ident), title, phase=phase)
    if t.scheme in ("table", "substance") and t.ident:
        return Slide(t.scheme, make_target(t.scheme, t.ident), title)
    return None


def content_targets(slide: Slide) -> list[list[str]]:
    """What must exist for ``slide`` to show: one list of alternatives per item."""
    if slide.kind == "compare":
        return [[f"substance:{i}", f"class:{i}"] for i in compare_ids(slide.target)]
    return [[slide.target]]


def slide_exists(slide: Slide, exists: Callable[[str], bool]) -> bool:
    """Whether the content ``slide`` shows is in the library (``exists`` asks the store)."""
    return all(any(exists(t) for t in alts) for alts in content_targets(slide))


# --- editing (pure list operations the database mirrors) ------------------------------------
def moved(items: Sequence[Any], index: int, to: int) -> list[Any]:
    """``items`` with the one at ``index`` moved to position ``to`` (clamped)."""
    out = list(items)
    if not 0 <= index < len(out):
        return out
    item = out.pop(index)
    out.insert(max(0, min(len(out), to)), item)
    return out


def copy_name(name: str, taken: Sequence[str]) -> str:
    """"Name (copy)", or "Name (copy 2)" … when that is taken: a duplicate's name."""
    candidate, n = f"{name} (copy)", 1
    while candidate in taken:
        n += 1
        candidate = f"{name} (copy {n})"
    return candidate[:MAX_NAME]


def new_name(taken: Sequence[str]) -> str:
    """"Deck 1", "Deck 2" …: the first free default name."""
    n = 1
    while f"Deck {n}" in taken:
        n += 1
    return f"Deck {n}"


def clean_name(name: str) -> str:
    """A deck name as stored: one line, trimmed, at most MAX_NAME characters."""
    return " ".join(name.split())[:MAX_NAME]


# --- the file format ---------------------------------------------------------------------------
DECK_FIELDS = ("name", "slides")


def deck_json(deck: Deck) -> dict[str, Any]:
    """A deck's name and slides (a deck file adds its format and version; a user-data
    export lists these under ``decks``)."""
    return {"name": deck.name, "slides": [s.to_json() for s in deck.slides]}


def to_file_text(deck: Deck) -> str:
    """The deck as a file: JSON with the format and version first."""
    data = {"format": FILE_FORMAT, "version": FILE_VERSION, **deck_json(deck)}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


class Imported(NamedTuple):
    """A deck read from a file, and one note per slide that needs the reader's attention."""

    deck: Deck
    notes: tuple[str, ...]


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "…"


def _bad(field_name: str, why: str) -> DeckFieldError:
    return DeckFieldError(field_name, why)


def _text(value: Any, where: str, limit: int, *, empty: bool = True) -> str:
    """``value`` as text of at most ``limit`` characters, or DeckFieldError naming ``where``."""
    if not isinstance(value, str):
        raise _bad(where, f"must be text (got {_show(value)})")
    if len(value) > limit:
        raise _bad(where, f"is longer than {limit:,} characters")
    if "\x00" in value:
        raise _bad(where, "contains a NUL character")
    if not empty and not value.strip():
        raise _bad(where, "must not be empty")
    return value


def slide_from(item: Any, where: str) -> Slide:
    """One slide of a file, checked field by field (structure only; content is checked
    against the library afterwards)."""
    if not isinstance(item, dict):
        raise _bad(where, f"must be an object (got {_show(item)})")
    for key in item:
        if key not in SLIDE_FIELDS:
            raise _bad(f"{where}.{_show(key)}", "is not a field of a slide")
    kind = item.get("kind")
    if kind not in KINDS:
        raise _bad(f"{where}.kind", f"is not a kind of slide (got {_show(kind)})")
    target = _text(item.get("target"), f"{where}.target", MAX_TARGET, empty=False)
    title = _text(item.get("title", ""), f"{where}.title", MAX_TITLE)
    notes = _text(item.get("notes", ""), f"{where}.notes", MAX_NOTES)
    tier = _text(item.get("tier", ""), f"{where}.tier", 40)
    phase = item.get("phase")
    if phase is not None and (not isinstance(phase, int) or isinstance(phase, bool)
                              or not 0 <= phase <= MAX_PHASE):
        raise _bad(f"{where}.phase", f"must be a phase number or null (got {_show(phase)})")
    made = slide_for(target, title, tier=tier, phase=phase if kind == "chart" else None)
    if made is None or made.kind != kind:
        raise _bad(f"{where}.target", f"is not a place a {KIND_LABELS[kind].lower()} slide "
                                      f"can show (got {_show(target)})")
    return replace(made, notes=notes)


def deck_from(data: Any, where: str = "", fields: Sequence[str] = DECK_FIELDS,
              what: str = "a deck") -> Deck:
    """A deck's name and slides checked field by field (``where`` prefixes each field's
    name, e.g. ``decks[2].``), or DeckFieldError naming the first bad one."""
    if not isinstance(data, dict):
        raise _bad(where.rstrip(".") or "deck", f"must be an object (got {_show(data)})")
    for key in data:
        if key not in fields:
            raise _bad(f"{where}{_show(key)}", f"is not a field of {what}")
    name = clean_name(_text(data.get("name"), f"{where}name", MAX_NAME, empty=False))
    slides = data.get("slides", [])
    if not isinstance(slides, list):
        raise _bad(f"{where}slides", f"must be a list (got {_show(slides)})")
    if len(slides) > MAX_SLIDES:
        raise _bad(f"{where}slides", f"has {len(slides):,} slides; a deck holds at most "
                                     f"{MAX_SLIDES}")
    return Deck(name, tuple(slide_from(s, f"{where}slides[{i}]")
                            for i, s in enumerate(slides)))


def read_data(data: Any) -> Deck:
    """A parsed deck file, validated (types, lengths, counts), or DeckFileError."""
    if not isinstance(data, dict) or data.get("format") != FILE_FORMAT:
        raise DeckFileError("This file is not a Peptide Desk deck.")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise DeckFileError("This file is not a Peptide Desk deck (its 'version' is not a "
                            "whole number).")
    if version > FILE_VERSION:
        raise DeckFileError("This deck was made by a newer Peptide Desk; update to import it.")
    try:
        return deck_from(data, fields=TOP_FIELDS, what="a deck file")
    except DeckFieldError as exc:
        raise DeckFileError(f"The deck file could not be imported: {exc}; nothing was "
                            "changed.") from exc


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number a deck file can hold")


def parse_text(text: str) -> Deck:
    """A deck file's text: size, JSON (no NaN, bounded nesting), then every field."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_FILE_BYTES:
        raise DeckFileError(f"This file is larger than a deck can be (at most "
                            f"{MAX_FILE_BYTES // (1024 * 1024)} MB).")
    try:
        data = json.loads(text, parse_constant=_no_constant)
    except RecursionError as exc:
        raise DeckFileError("This file is not a Peptide Desk deck (it is nested too deeply)."
                            ) from exc
    except ValueError as exc:
        raise DeckFileError(f"This file is not a Peptide Desk deck ({exc}).") from exc
    return read_data(data)


def check_content(deck: Deck, exists: Callable[[str], bool],
                  phases: Callable[[str], int] | None = None) -> Imported:
    """Compare a deck with the library: each slide whose content is gone, or whose chart
    phase is no longer there, gets a note; every slide and its notes are kept."""
    notes: list[str] = []
    slides: list[Slide] = []
    for number, slide in enumerate(deck.slides, 1):
        if not slide_exists(slide, exists):
            notes.append(f"Slide {number} “{slide.title or slide.target}”: its "
                         f"{KIND_LABELS[slide.kind].lower()} ({slide.target}) is not in this "
                         "library; the slide is kept with its notes and says so when shown.")
        elif slide.kind == "chart" and slide.phase is not None and phases is not None \
                and slide.phase >= phases(slide.target):
            notes.append(f"Slide {number} “{slide.title}”: the chart no longer has phase "
                         f"{slide.phase + 1}; the slide starts at the whole chart.")
            slide = replace(slide, phase=None)
        slides.append(slide)
    return Imported(replace(deck, slides=tuple(slides)), tuple(notes))


def read_file_text(text: str, exists: Callable[[str], bool],
                   phases: Callable[[str], int] | None = None) -> Imported:
    """A deck file read and compared with the library (see :func:`check_content`)."""
    return check_content(parse_text(text), exists, phases)


# --- stepping through a presentation --------------------------------------------------------------
class Step(NamedTuple):
    """One screen of a presentation: a slide, the part of an overflowing slide, a phase."""

    slide: int
    part: int = 0
    parts: int = 1
    phase: int | None = None
    phases: int = 0


def slide_steps(index: int, *, parts: int = 1, phase: int | None = None,
                phases: int = 0) -> list[Step]:
    """The screens of slide ``index``: each part of an overflowing text slide, or a chart
    from its starting phase (None: the whole chart first) through its last phase."""
    if phases > 0:
        first = -1 if phase is None else max(0, min(phases - 1, phase))
        return [Step(index, phase=None if p < 0 else p, phases=phases)
                for p in range(first, phases)]
    return [Step(index, part, max(1, parts)) for part in range(max(1, parts))]


class Run:
    """Where a presentation is among its screens; every clicker key is one method."""

    MAX_TYPED = 4

    def __init__(self, steps: Sequence[Step], slide_count: int) -> None:
        self.steps = list(steps) or [Step(0)]
        self.slide_count = max(1, slide_count)
        self.index = 0
        self.typed = ""  # digits typed before Enter (jump to that slide)

    @property
    def step(self) -> Step:
        return self.steps[self.index]

    @property
    def next_step(self) -> Step | None:
        """The screen after this one (the presenter view shows it), or None at the end."""
        return self.steps[self.index + 1] if self.index + 1 < len(self.steps) else None

    def go(self, delta: int) -> bool:
        """Forward or back by screens; False (and no change) past either end."""
        new = max(0, min(len(self.steps) - 1, self.index + delta))
        changed, self.index = new != self.index, new
        return changed

    def home(self) -> bool:
        return self.go(-self.index)

    def end(self) -> bool:
        return self.go(len(self.steps) - 1 - self.index)

    def jump(self, number: int) -> bool:
        """To the first screen of slide ``number`` (1-based); False when there is none."""
        for i, step in enumerate(self.steps):
            if step.slide == number - 1:
                changed, self.index = i != self.index, i
                return changed
        return False

    def type_digit(self, digit: str) -> None:
        """A digit typed on the way to "number, then Enter"."""
        if digit.isdigit() and len(self.typed) < self.MAX_TYPED:
            self.typed += digit

    def enter(self) -> bool:
        """Enter after digits jumps to that slide; Enter alone goes forward."""
        typed, self.typed = self.typed, ""
        return self.jump(int(typed)) if typed else self.go(1)

    def counter(self) -> str:
        """"Slide 3 of 5", with the part or the phase when a slide has several screens."""
        s = self.step
        text = f"Slide {s.slide + 1} of {self.slide_count}"
        if s.phases:
            text += " · whole chart" if s.phase is None else \
                f" · phase {s.phase + 1} of {s.phases}"
        elif s.parts > 1:
            text += f" · part {s.part + 1} of {s.parts}"
        if self.typed:
            text += f" · go to slide {self.typed}…"
        return text


def elapsed_text(seconds: float) -> str:
    """"Elapsed 0:03:12": the presenter view's clock."""
    whole = max(0, int(seconds))
    return f"Elapsed {whole // 3600}:{whole // 60 % 60:02d}:{whole % 60:02d}"
