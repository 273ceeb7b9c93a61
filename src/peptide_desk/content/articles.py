"""Parse article Markdown files into tiers, sections and blocks, keeping line numbers."""

from __future__ import annotations

import html
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from peptide_desk.content.sources import DATE_RE, ID_RE, Problem

TIER_HEADINGS = {"Fundamentals": "fundamentals", "Intermediate": "intermediate",
                 "Academic": "academic"}
FRONT_KEYS = {"id": True, "title": True, "summary": True, "as_of": True, "order": True,
              "source": False, "substances": False, "check_notes": False}

SECTION_RE = re.compile(r"^##\s+(?P<title>.+?)\s*\{#(?P<anchor>[^}]*)\}\s*$")
BOX_OPEN_RE = re.compile(r"^:::\s*(?P<kind>[a-z]+)\s*(?P<title>.*)$")
EMBED_RE = re.compile(r"^\{\{\s*(?P<kind>table|chart)\s+(?P<id>[^}\s]+)\s*\}\}\s*$")

CITE_RE = re.compile(r"\[@(?P<keys>[^\]]+)\]")
TERM_RE = re.compile(r"\[\[(?P<id>[^\]|]+)(?:\|(?P<text>[^\]]+))?\]\]")
LINK_RE = re.compile(r"(?<!!)\[(?P<text>[^\]]*)\]\((?P<target>[^)\s]*)(?:\s+\"[^\"]*\")?\)")
IMAGE_RE = re.compile(r"!\[[^\]]*\]\s*[\[(]")
#: A tag, opened or closed; the tag may go on over the next lines (``<a`` at a line's end).
HTML_RE = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?=[\s/>]|$)|<!--|<\?|<![A-Za-z\[]")
#: A dangerous scheme as a link target, or glued to its address; prose like "data: n=12" passes.
#: Read in the decoded line (entities resolved, invisible characters removed).
BAD_SCHEME_RE = re.compile(r"(?:\]\(\s*<?\s*|<\s*|\]:\s*|=\s*[\"']\s*)"
                           r"(?:javascript|vbscript|livescript|data|file|ftp|blob|filesystem)\s*:"
                           r"|\b(?:javascript|vbscript|livescript|data|file|ftp|blob|filesystem)"
                           r":(?=\S)", re.IGNORECASE)
#: Control and invisible characters: they can hide a scheme (``java\x01script:``) or text.
CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e"
                        "\u2060-\u2064\u2066-\u2069\ufeff]")
#: Characters a browser drops from inside an address (tabs and newlines included).
_DROPPED_RE = re.compile("[\t\r\n\x00-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e"
                         "\u2060-\u2064\u2066-\u2069\ufeff]")
#: An address written out as text (not a link target): only ``https://`` may appear so.
RAW_INSECURE_RE = re.compile(r"\bhttp://\S*", re.IGNORECASE)
_LINK_SYNTAX_RE = re.compile(r"\]\([^)]*\)|^\s*\[[^\]]+\]:.*$|<[^<>]*>")
PIPE_TABLE_RE = re.compile(r"^\s*\|.*\|\s*$|^\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)+\|?\s*$")


@dataclass
class Block:
    kind: str  # md | evidence | caveat | table | chart
    line: int
    text: str = ""
    title: str = ""
    target: str = ""


@dataclass
class ParsedSection:
    anchor: str
    title: str
    tier: str
    line: int
    blocks: list[Block] = field(default_factory=list)

    def markdown_lines(self) -> list[tuple[int, str]]:
        """All Markdown text of the section with line numbers (for link checks)."""
        out: list[tuple[int, str]] = []
        for b in self.blocks:
            if b.kind in ("md", "evidence", "caveat"):
                out.extend((b.line + i, ln) for i, ln in enumerate(b.text.split("\n")))
        return out


@dataclass
class ParsedArticle:
    path: Path
    file: str
    meta: dict[str, Any]
    sections: list[ParsedSection]
    problems: list[Problem]
    front_lines: dict[str, int]

    @property
    def id(self) -> str:
        return str(self.meta.get("id", self.path.stem))


class _Builder:
    """Line-by-line state machine over an article body."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.sections: list[ParsedSection] = []
        self.problems: list[Problem] = []
        self.tier_index = -1
        self.current: ParsedSection | None = None  # the open section of the current tier
        self.box: Block | None = None
        self.box_line = 0  # line of the open box's '::: kind' line
        self.chunk: list[str] = []
        self.chunk_line = 0

    def error(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.file, line, message))

    def flush(self) -> None:
        text = "\n".join(self.chunk).strip("\n")
        if text.strip():
            if self.current is not None:
                self.current.blocks.append(Block("md", self.chunk_line, text))
            else:
                self.error(self.chunk_line, "text before the first '## Section {#anchor}' of a "
                           "tier; move it into a section")
        self.chunk = []

    def add_text(self, no: int, line: str) -> None:
        if self.box is not None:
            if not self.box.text and not line.strip():
                self.box.line = no + 1  # leading blank lines: keep line numbers exact
                return
            self.box.text += ("\n" if self.box.text else "") + line
            return
        if not self.chunk:
            if not line.strip():
                return  # a block starts at its first non-blank line (for exact line numbers)
            self.chunk_line = no
        self.chunk.append(line)

    def feed(self, no: int, line: str) -> None:
        stripped = line.strip()
        if self.box is not None and stripped == ":::":
            self.box.text = self.box.text.strip("\n")
            if self.current is not None:
                self.current.blocks.append(self.box)
            self.box = None
            return
        if stripped.startswith(":::"):
            self.open_box(no, stripped)
            return
        if line.startswith("# ") or line.startswith("## ") or EMBED_RE.match(stripped):
            if self.box is not None:
                self.error(no, "heading or embed inside a ':::' box; close the box with ':::'")
                return
            self.flush()
            if line.startswith("# "):
                self.tier(no, line[2:].strip())
            elif line.startswith("## "):
                self.section(no, line)
            else:
                self.embed(no, stripped)
            return
        self.add_text(no, line)

    def open_box(self, no: int, stripped: str) -> None:
        match = BOX_OPEN_RE.match(stripped)
        if self.box is not None:
            self.error(no, "boxes cannot nest; close the open box with ':::' first")
            return
        if not match or match.group("kind") not in ("evidence", "caveat"):
            self.error(no, "unknown box; use '::: evidence Title' or '::: caveat Title'")
            return
        if self.current is None:
            self.error(no, "box outside a section; put it under a '## Section {#anchor}'")
            return
        self.flush()
        title = match.group("title").strip() or (
            "What the evidence says" if match.group("kind") == "evidence" else "Caveat")
        self.box = Block(match.group("kind"), no + 1, "", title)
        self.box_line = no

    def tier(self, no: int, name: str) -> None:
        self.current = None
        expected = list(TIER_HEADINGS)
        want = expected[self.tier_index + 1] if self.tier_index + 1 < 3 else None
        if name != want:
            hint = f"expected '# {want}'" if want else "only three tiers are allowed"
            self.error(no, f"level-1 heading '# {name}': {hint} (tiers are Fundamentals, "
                       "Intermediate, Academic, in that order)")
            if name in TIER_HEADINGS:
                self.tier_index = expected.index(name)
            return
        self.tier_index += 1

    def section(self, no: int, line: str) -> None:
        match = SECTION_RE.match(line)
        if self.tier_index < 0:
            self.error(no, "section before '# Fundamentals'; start the body with a tier heading")
            return
        if not match:
            self.error(no, "section heading needs a stable anchor: '## Title {#anchor}'")
            return
        anchor = match.group("anchor")
        if not ID_RE.match(anchor):
            self.error(no, f"anchor '{anchor}' must be lowercase letters, digits and hyphens")
        if any(s.anchor == anchor for s in self.sections):
            self.error(no, f"duplicate anchor '{anchor}'; anchors must be unique in the article")
        tier = list(TIER_HEADINGS.values())[self.tier_index]
        self.current = ParsedSection(anchor, match.group("title"), tier, no)
        self.sections.append(self.current)

    def embed(self, no: int, stripped: str) -> None:
        match = EMBED_RE.match(stripped)
        assert match
        if self.current is None:
            self.error(no, "embed outside a section; put it under a '## Section {#anchor}'")
            return
        self.current.blocks.append(
            Block(match.group("kind"), no, target=match.group("id")))

    def finish(self, last_line: int) -> None:
        self.flush()
        if self.box is not None:
            self.error(self.box_line, "box is never closed; add a line ':::'")
            if self.current is not None:
                self.current.blocks.append(self.box)
        seen = {s.tier for s in self.sections}
        for heading, tier in TIER_HEADINGS.items():
            if tier not in seen:
                self.error(last_line, f"tier '{heading}' has no section; every article needs "
                           "'# Fundamentals', '# Intermediate' and '# Academic' with sections")


def split_front_matter(text: str) -> tuple[str, str, int]:
    """Return (front matter, body, first body line number)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "+++":
        return "", text, 1
    for i in range(1, len(lines)):
        if lines[i].strip() == "+++":
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1:]), i + 2
    return "\n".join(lines[1:]), "", len(lines) + 1


def parse_article(path: Path, file: str) -> ParsedArticle:
    """Parse one article; problems are returned, never raised."""
    problems: list[Problem] = []
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return ParsedArticle(path, file, {}, [], [Problem(file, 1, "not valid UTF-8 text")], {})
    text = text.replace("\r\n", "\n")
    front, body, body_start = split_front_matter(text)
    meta: dict[str, Any] = {}
    front_lines: dict[str, int] = {}
    if not front:
        problems.append(Problem(file, 1, "missing front matter; start the file with '+++', "
                                "TOML keys (id, title, summary, as_of, order), then '+++'"))
    else:
        try:
            meta = tomllib.loads(front)
        except tomllib.TOMLDecodeError as exc:
            match = re.search(r"line (\d+)", str(exc))
            problems.append(Problem(file, 1 + int(match.group(1)) if match else 1,
                                    f"front matter is not valid TOML: {exc}"))
        for i, ln in enumerate(front.split("\n")):
            key = ln.split("=", 1)[0].strip()
            if "=" in ln and key:
                front_lines.setdefault(key, i + 2)
        problems.extend(_check_front(meta, file, front_lines))
    builder = _Builder(file)
    for i, line in enumerate(body.split("\n")):
        builder.feed(body_start + i, line)
    builder.finish(body_start + max(0, len(body.rstrip("\n").split("\n")) - 1))
    problems.extend(builder.problems)
    return ParsedArticle(path, file, meta, builder.sections, problems, front_lines)


def _check_front(meta: dict[str, Any], file: str, lines: dict[str, int]) -> list[Problem]:
    out = []
    for key in meta:
        if key not in FRONT_KEYS:
            out.append(Problem(file, lines.get(key, 1), f"front matter: unknown key '{key}' "
                               f"(known: {', '.join(FRONT_KEYS)})"))
    for key, required in FRONT_KEYS.items():
        if required and key not in meta:
            out.append(Problem(file, 1, f"front matter: missing required key '{key}'"))
    checks = {
        "id": lambda v: isinstance(v, str) and bool(ID_RE.match(v)),
        "title": lambda v: isinstance(v, str) and bool(v.strip()),
        "summary": lambda v: isinstance(v, str) and bool(v.strip()),
        "as_of": lambda v: isinstance(v, str) and bool(DATE_RE.match(v)),
        "order": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "source": lambda v: isinstance(v, str),
        "substances": lambda v: isinstance(v, list) and all(isinstance(x, str) for x in v),
        "check_notes": lambda v: isinstance(v, list) and all(isinstance(x, str) for x in v),
    }
    hints = {"id": "lowercase letters, digits, hyphens", "as_of": "a date YYYY-MM-DD",
             "order": "a whole number", "substances": "a list of substance ids",
             "check_notes": "a list of sentences"}
    for key, ok in checks.items():
        if key in meta and not ok(meta[key]):
            out.append(Problem(file, lines.get(key, 1), f"front matter: '{key}' must be "
                               f"{hints.get(key, 'non-empty text')}"))
            del meta[key]  # reported; the cross-file checks then see only well-typed values
    return out


def inline_problems(art: ParsedArticle) -> list[tuple[int, str, str, str]]:
    """Every reference an article makes: (line, kind, target, raw) for cross-checking."""
    refs: list[tuple[int, str, str, str]] = []
    for sec in art.sections:
        for block in sec.blocks:
            if block.kind in ("table", "chart"):
                refs.append((block.line, block.kind, block.target, block.target))
        for no, line in sec.markdown_lines():
            for m in CITE_RE.finditer(line):
                for key in m.group("keys").split(";"):
                    refs.append((no, "cite", key.strip().lstrip("@").strip(), m.group(0)))
            for m in TERM_RE.finditer(line):
                refs.append((no, "term", m.group("id").strip(), m.group(0)))
            for m in LINK_RE.finditer(TERM_RE.sub("", CITE_RE.sub("", line))):
                refs.append((no, "link", m.group("target"), m.group(0)))
    return refs


def decoded(line: str) -> str:
    """``line`` as a browser reads an address in it: entities resolved, invisibles dropped."""
    return _DROPPED_RE.sub("", html.unescape(_DROPPED_RE.sub("", line)))


def markup_problems(file: str, lines: list[tuple[int, str]], *,
                    pipe_tables: bool = True) -> list[Problem]:
    """Raw HTML, images, pipe tables, control characters, dangerous schemes and raw
    ``http://`` addresses in Markdown ``lines`` (line number, text)."""
    out: list[Problem] = []
    for no, line in lines:
        plain = decoded(line)
        if HTML_RE.search(line) or HTML_RE.search(plain):
            out.append(Problem(file, no, "raw HTML is not allowed; use Markdown "
                               "(boxes: '::: evidence', embeds: '{{table id}}')"))
        if IMAGE_RE.search(line):
            out.append(Problem(file, no, "images are not allowed in articles; describe "
                               "the figure in text or add a chart to charts.toml"))
        if pipe_tables and PIPE_TABLE_RE.match(line):
            out.append(Problem(file, no, "pipe tables are not allowed; add the table to "
                               "tables.toml and embed it with '{{table id}}'"))
        if BAD_SCHEME_RE.search(line) or BAD_SCHEME_RE.search(plain):
            out.append(Problem(file, no, BAD_SCHEME_MESSAGE))
        bad = CONTROL_RE.search(line)
        if bad:
            out.append(Problem(file, no, f"control or invisible character "
                               f"U+{ord(bad.group(0)):04X}; remove it (it can hide a link)"))
        raw = RAW_INSECURE_RE.search(_LINK_SYNTAX_RE.sub(" ", plain))
        if raw:
            out.append(Problem(file, no, f"address '{raw.group(0)}' written out in the text; "
                               "link to https:// with [text](https://…)"))
    return out


BAD_SCHEME_MESSAGE = ("javascript:, data:, file: and ftp: links are not allowed; link to "
                      "https: or an internal target")


def forbidden_markup(art: ParsedArticle) -> list[Problem]:
    """Raw HTML, images, pipe tables and dangerous link schemes in article Markdown."""
    return [p for sec in art.sections
            for p in markup_problems(art.file, sec.markdown_lines())]
