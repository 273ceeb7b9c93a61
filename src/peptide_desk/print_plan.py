"""Page planning for print and PDF: which part of which block goes on which page (no Qt).

A printed document is a sequence of blocks (headings, paragraphs, tables, boxes, charts),
each cut from the page's HTML by :func:`split_html`. The Qt side (``ui/print_layout.py``)
measures each block — its height and the places it may break (between lines, or between
table rows) — and :func:`plan` decides the pages, with the rules a publication follows:

- a heading stays with the block after it (never alone at the foot of a page);
- a table row is never split: a row that would straddle the page starts the next one, and
  a continued table repeats its header row;
- a box or a chart that fits on one page is never split;
- anything taller than a whole page breaks where it may, and only as a last resort anywhere.

The running header and "page N of M" are drawn by the Qt side from :class:`PageFrame`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser

from peptide_desk.page_parts import box, esc, multiline

#: Kinds of block, as :func:`split_html` classifies the top-level HTML elements.
HEADING, TEXT, TABLE, BOX, CHART, RULE, PAGE_BREAK = (
    "heading", "text", "table", "box", "chart", "rule", "page-break")
EPSILON = 0.5  # layout units: rounding slack when comparing heights


@dataclass(frozen=True)
class Block:
    """One printable piece of a page: an HTML fragment, or a chart drawn in its place."""

    kind: str
    html: str = ""
    chart_id: str = ""
    keep_with_next: bool = False
    header_rows: int = 0


@dataclass(frozen=True)
class Measured:
    """A block's height and where it may break, in layout units from the block's top.

    ``breaks`` are the y positions a page may end at inside the block (between lines or
    rows); ``header`` is the height of the band repeated at the top of a continued table.
    """

    height: float
    breaks: tuple[float, ...] = ()
    header: float = 0.0
    keep_together: bool = False
    keep_with_next: bool = False
    page_break: bool = False
    #: last-resort breaks (between paragraphs inside a table row), used only for a piece
    #: taller than a whole page
    soft_breaks: tuple[float, ...] = ()
    #: room left below the block (its paragraphs' bottom margin); none at the foot of a page
    space_after: float = 0.0


@dataclass(frozen=True)
class Slice:
    """The part ``top``..``bottom`` of block ``block``, drawn at ``y`` on its page.

    ``header`` is True when the block's header band (rows 0..header) is repeated at
    ``y - header height`` above it (a continued table)."""

    block: int
    top: float
    bottom: float
    y: float
    header: bool = False


@dataclass(frozen=True)
class PageFrame:
    """What every page carries: the running header line and the footer's page count."""

    title: str
    tier: str = ""
    content_date: str = ""
    subject: str = ""

    def header_right(self) -> str:
        """'Academic tier · content as of 2026-05-01': the right of every page's header."""
        parts = [f"{self.tier} tier" if self.tier else "",
                 f"content as of {self.content_date}" if self.content_date else ""]
        return " · ".join(p for p in parts if p)

    def header_line(self) -> str:
        """'Title · Academic tier · content as of 2026-05-01' for the top of every page."""
        return " · ".join(p for p in (self.title, self.header_right()) if p)


def page_label(number: int, total: int) -> str:
    """The footer of every page: 'page 3 of 26'."""
    return f"page {number} of {total}"


# --- planning -------------------------------------------------------------------------------
@dataclass
class _Cursor:
    pages: list[list[Slice]] = field(default_factory=lambda: [[]])
    y: float = 0.0

    def new_page(self) -> None:
        self.pages.append([])
        self.y = 0.0

    @property
    def empty(self) -> bool:
        return not self.pages[-1]


def _breaks(m: Measured, page_height: float) -> list[float]:
    """Where ``m`` may break: nowhere when it is kept together and fits on a page."""
    if m.keep_together and m.height <= page_height + EPSILON:
        return []
    return [b for b in m.breaks if m.header + EPSILON < b < m.height - EPSILON]


def _first_piece(m: Measured, page_height: float) -> float:
    """The least of ``m`` that must go on a page once it starts there."""
    breaks = _breaks(m, page_height)
    return min(breaks[0] if breaks else m.height, page_height)


def _needed(blocks: Sequence[Measured], i: int, gap: float, page_height: float) -> float:
    """Room block ``i`` needs at its start: itself and, for headings, what it keeps with."""
    need, j = 0.0, i
    while j < len(blocks) - 1 and blocks[j].keep_with_next and not blocks[j + 1].page_break:
        need += blocks[j].height + blocks[j].space_after + gap
        j += 1
    need += _first_piece(blocks[j], page_height)
    return need if need <= page_height + EPSILON else _first_piece(blocks[i], page_height)


def plan(blocks: Sequence[Measured], page_height: float, gap: float = 0.0) -> list[list[Slice]]:
    """Pages of slices for ``blocks`` on pages ``page_height`` tall, ``gap`` between blocks."""
    if page_height <= 0:
        raise ValueError("the page has no room for content")
    cur = _Cursor()
    for i, m in enumerate(blocks):
        if m.page_break:
            if not cur.empty:
                cur.new_page()
            continue
        if not cur.empty:
            cur.y += gap
            if cur.y + _needed(blocks, i, gap, page_height) > page_height + EPSILON:
                cur.new_page()
        _place(cur, i, m, page_height)
        cur.y += m.space_after
    if len(cur.pages) > 1 and not cur.pages[-1]:
        cur.pages.pop()
    return cur.pages


def _place(cur: _Cursor, i: int, m: Measured, page_height: float) -> None:
    """Put block ``i`` on the pages from the cursor on, breaking only where it may."""
    breaks = _breaks(m, page_height)
    top, repeat = 0.0, False
    while True:
        room = page_height - cur.y
        if m.height - top <= room + EPSILON:
            cur.pages[-1].append(Slice(i, top, m.height, cur.y, repeat))
            cur.y += m.height - top
            return
        fitting = [b for b in breaks if top + EPSILON < b <= top + room + EPSILON]
        if fitting:
            cut = fitting[-1]
        elif not cur.empty:  # nothing of it fits here: start it (or go on) on a fresh page
            cur.new_page()
            if top > 0 and m.header:
                cur.y, repeat = m.header, True
            continue
        else:  # taller than a page with no break inside: a soft break, else the page end
            soft = [b for b in m.soft_breaks if top + EPSILON < b <= top + room + EPSILON]
            cut = soft[-1] if soft else top + room
        cur.pages[-1].append(Slice(i, top, cut, cur.y, repeat))
        top = cut
        cur.new_page()
        repeat = bool(m.header)
        cur.y = m.header if repeat else 0.0


# --- cutting a page's HTML into blocks --------------------------------------------------------
_VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "col", "wbr"})
_INLINE = frozenset({"a", "b", "i", "em", "strong", "span", "sup", "sub", "small", "code"})
_CHART_LINK = re.compile(r'href="chart:([^"#]+)"')
_CARD_OPEN = re.compile(r'<p class="card-open">.*?</p>', re.DOTALL)
_CLASS = re.compile(r'class="([^"]*)"')
#: a paragraph that is only a bold phrase ("<p><b>About the series</b></p>") heads what follows
_RUN_IN = re.compile(r"<p>\s*<b>[^<]{1,80}</b>\s*</p>")
_FIRST_ROW = re.compile(r"<tr[^>]*>(.*?)</tr>", re.DOTALL)


class _TopLevel(HTMLParser):
    """Offsets of the top-level elements of an HTML fragment."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.text = text
        self.line_starts = [0]
        for m in re.finditer("\n", text):
            self.line_starts.append(m.end())
        self.depth = 0
        self.start = 0
        self.tag = ""
        self.spans: list[tuple[str, int, int]] = []

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth == 0:
            self.start, self.tag = self._offset(), tag
        if tag in _VOID:
            if self.depth == 0:
                end = self._offset() + len(self.get_starttag_text() or "")
                self.spans.append((tag, self.start, end))
            return
        self.depth += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth == 0:
            start = self._offset()
            self.spans.append((tag, start, start + len(self.get_starttag_text() or "")))

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID or self.depth == 0:
            return
        self.depth -= 1
        if self.depth == 0:
            end = self.text.find(">", self._offset()) + 1
            self.spans.append((self.tag, self.start, end))

    def handle_data(self, data: str) -> None:
        if self.depth == 0 and data.strip():
            start = self._offset()
            self.spans.append(("#text", start, start + len(data)))


def _classes(fragment: str) -> set[str]:
    m = _CLASS.search(fragment[: fragment.find(">") + 1])
    return set(m.group(1).split()) if m else set()


def _header_rows(table: str) -> int:
    """1 when the table has a header row (a <thead>, or a first row of <th> cells only)."""
    if "<thead" in table:
        return 1
    m = _FIRST_ROW.search(table)
    return 1 if m and "<td" not in m.group(1) and "<th" in m.group(1) else 0


def _block(tag: str, fragment: str) -> Block:
    classes = _classes(fragment)
    if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
        return Block(HEADING, fragment, keep_with_next=True)
    if tag == "hr":
        return Block(RULE, fragment)
    if tag == "table" and "box" in classes:
        chart = _CHART_LINK.search(fragment)
        if "chart" in classes and chart:
            return Block(CHART, _CARD_OPEN.sub("", fragment), chart_id=chart.group(1))
        return Block(BOX, fragment)
    if tag == "table" and classes & {"boxed", "card"}:
        return Block(BOX, fragment)  # a boxed warning, a card: whole where they fit
    if tag == "table":
        return Block(TABLE, fragment, header_rows=_header_rows(fragment))
    text = re.sub(r"<[^>]*>", "", fragment).strip()
    # a title, a run-in heading, or a lead-in ending in a colon stays with what it introduces
    keep = bool(classes & {"tier-label", "table-title", "box-title"}) or bool(
        _RUN_IN.fullmatch(fragment.strip())) or (tag == "p" and text.endswith(":"))
    return Block(TEXT, fragment, keep_with_next=keep)


def split_html(fragment: str) -> list[Block]:
    """The top-level blocks of a page's HTML, classified for :func:`plan`.

    Inline pieces between blocks (an ``<a name>`` anchor before its heading) join the
    block that follows them; a chart box loses its "Open the interactive chart" link,
    which means nothing on paper."""
    parser = _TopLevel(fragment)
    parser.feed(fragment)
    parser.close()
    blocks: list[Block] = []
    pending = ""
    for tag, start, end in parser.spans:
        piece = fragment[start:end]
        if tag in _INLINE and not re.sub(r"<[^>]*>", "", piece).strip():
            pending += piece  # an empty anchor: glue to the next block
            continue
        if tag == "#text" or tag in _INLINE:
            piece = f"<p>{piece}</p>"
            tag = "p"
        block = _block(tag, piece)
        if pending:
            block = Block(block.kind, pending + block.html, block.chart_id,
                          block.keep_with_next, block.header_rows)
            pending = ""
        blocks.append(block)
    return blocks


#: a deck hand-out's slide: title, body (HTML or blocks already cut), speaker notes
Slide = tuple[str, str | Sequence[Block], str]


def deck_blocks(slides: Sequence[Slide]) -> list[Block]:
    """A deck hand-out: each slide (title, HTML or blocks, speaker notes) starts a page."""
    out: list[Block] = []
    for n, (title, body, notes) in enumerate(slides, 1):
        if out:
            out.append(Block(PAGE_BREAK))
        out.append(Block(HEADING, f"<h2>Slide {n}: {esc(title)}</h2>", keep_with_next=True))
        out.extend(split_html(body) if isinstance(body, str) else body)
        if notes.strip():
            out.append(Block(BOX, box("note", "Speaker notes", f"<p>{multiline(notes)}</p>")))
    return out
