"""What each slide of a deck shows, as HTML, and a deck's hand-out (no Qt, no SQL).

The slide show lays these out at projector scale (``ui/slideshow.py``); a chart slide's
HTML is only its caption, the plot is drawn by the chart view. A slide whose content is no
longer in the library shows one sentence saying so, with its speaker notes kept.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, NamedTuple

from peptide_desk import compare, compare_export, print_targets
from peptide_desk.decks import KIND_LABELS, Deck, Slide, compare_ids, slide_exists
from peptide_desk.links import parse_target
from peptide_desk.page_parts import Citer, esc, substance_badges
from peptide_desk.page_safety import safety_strip, status_lines
from peptide_desk.print_plan import Block, split_html
from peptide_desk.print_plan import Slide as PlanSlide
from peptide_desk.print_targets import PrintDoc
from peptide_desk.records import TIER_LABELS
from peptide_desk.table_pages import table_html
from peptide_desk.themes import palette

if TYPE_CHECKING:
    from peptide_desk.store import Store
    from peptide_desk.themes import Palette

#: The comparison's columns on a slide: status, evidence and safety first, as in ux.md.
SLIDE_COMPARE_COLUMNS: tuple[str, ...] = ("fda", "ema", "evidence", "safety", "class",
                                          "route")


_HEADING = re.compile(r"<(/?)h([1-4])\b([^>]*)>")


def slide_markup(html: str) -> str:
    """Headings as paragraphs of class ``h1`` … ``h4``: Qt's text layout ignores a CSS
    font size on ``<h1>``-``<h6>``, and a slide's headings must scale with its type."""
    def swap(m: re.Match[str]) -> str:
        if m.group(1):
            return "</p>"
        attrs = re.sub(r'\sclass="[^"]*"', "", m.group(3))
        return f'<p class="h{m.group(2)}"{attrs}>'
    return _HEADING.sub(swap, html)


def slide_css(pt: float) -> str:
    """The heading sizes of a slide set in ``pt`` (added to ``themes.reading_css``)."""
    return (f"p.h1 {{ font-size: {pt * 1.6:.1f}pt; font-weight: 700; margin-bottom: "
            f"{pt * 0.5:.0f}px; }} p.h2 {{ font-size: {pt * 1.35:.1f}pt; font-weight: 700; "
            f"margin-top: {pt * 0.6:.0f}px; margin-bottom: {pt * 0.4:.0f}px; }} "
            f"p.h3, p.h4 {{ font-size: {pt * 1.1:.1f}pt; font-weight: 700; }} "
            f"p.after-table {{ margin-top: {pt * 0.8:.0f}px; }}")


class SlideContent(NamedTuple):
    """A slide ready to draw: its title, body HTML, and the chart it shows (if any)."""

    title: str
    html: str
    chart: str = ""  # chart id: the slide show draws the plot
    phases: int = 0
    missing: bool = False


def missing_html(slide: Slide) -> str:
    """The slide for content that is gone: what happened and what to do, in one sentence."""
    return (f"<h1>{esc(slide.title or slide.target)}</h1><p>This {KIND_LABELS[slide.kind].lower()}"
            f" ({esc(slide.target)}) is not in this version of the library; its speaker notes "
            "are kept, and the slide can be deleted or replaced in the Decks view.</p>")


def _section(store: Store, slide: Slide) -> SlideContent | None:
    t = parse_target(slide.target)
    article = store.article(t.ident)
    sec = next((s for s in article.sections if s.anchor == t.anchor), None) if article else None
    if article is None or sec is None:
        return None
    tier = TIER_LABELS.get(slide.tier, slide.tier)
    head = f'<p class="meta">{esc(article.title)} · {esc(tier)}</p>'
    return SlideContent(sec.title, head + sec.html)


def _substance(store: Store, slide: Slide, pal: Palette) -> SlideContent | None:
    sub = store.substance(parse_target(slide.target).ident)
    if sub is None:
        return None
    citer = Citer()  # numbers only; a slide carries no reference list
    body = [f"<h1>{esc(sub.name)}</h1>", f"<p>{substance_badges(sub, pal)}</p>",
            safety_strip(sub.safety, citer),
            status_lines(sub, citer, pal, store.site().content_as_of),
            f'<p class="lead">{esc(sub.summary)}</p>']
    return SlideContent(sub.name, "\n".join(p for p in body if p))


def _compare(store: Store, slide: Slide, theme: str, font_pt: float) -> SlideContent | None:
    rows = compare.find_rows(store, compare_ids(slide.target))[:compare.MAX_COMPARE]
    if not compare.comparable(len(rows)):
        return None
    title = " · ".join(r.name for r in rows)
    html = compare_export.to_html(rows, SLIDE_COMPARE_COLUMNS, rows[0].kind, title=title,
                                  caption=store.site().disclaimer_short, theme=theme,
                                  font_pt=font_pt, compact=True)
    # the caption would touch the table's last border: a paragraph class the slide spaces
    return SlideContent(title, html.replace("</table><p ", '</table><p class="after-table" ', 1))


#: Where a table page's full reference list starts (``table_pages._references``).
_REFERENCES = "<h2>References</h2>"


def table_slide_html(page: str) -> str:
    """A table page without its full reference list: the Sources column names each row's
    sources, and on a screen the list would take screens of small print (a hand-out keeps
    it)."""
    return page.split(_REFERENCES, 1)[0]


def slide_content(store: Store, slide: Slide, pal: Palette, theme: str,
                  font_pt: float = 10.0, *, references: bool = True) -> SlideContent:
    """What ``slide`` shows in the library as it is now (``missing`` when it is gone);
    without ``references`` (on a screen) a table leaves out its full reference list."""
    found: SlideContent | None = None
    if slide_exists(slide, store.target_exists):
        ident = parse_target(slide.target).ident
        if slide.kind == "section":
            found = _section(store, slide)
        elif slide.kind == "substance":
            found = _substance(store, slide, pal)
        elif slide.kind == "compare":
            found = _compare(store, slide, theme, font_pt)
        elif slide.kind == "table" and (table := store.table(ident)) is not None:
            page = table_html(store, table, pal)
            found = SlideContent(table.title, page if references else table_slide_html(page))
        elif slide.kind == "chart" and (chart := store.chart(ident)) is not None:
            found = SlideContent(chart.title, f"<h1>{esc(chart.title)}</h1>", chart.id,
                                 len(chart.phases))
    if found is None:
        return SlideContent(slide.title or slide.target, missing_html(slide), missing=True)
    return found


def _handout_body(store: Store, slide: Slide, content: SlideContent) -> str | tuple[Block, ...]:
    """One slide as the hand-out prints it: a chart is its vector figure (with the phase the
    slide is set to named), its series notes and sources; anything else its page HTML."""
    chart = store.chart(content.chart) if content.chart and not content.missing else None
    if chart is None:
        return content.html
    phases = chart.phases
    at = ""
    if slide.phase is not None and 0 <= slide.phase < len(phases):
        at = (f'<p class="meta">Presented at phase {slide.phase + 1} of {len(phases)}: '
              f"{esc(phases[slide.phase].name)}</p>")
    blocks = print_targets.chart_blocks(store, chart)
    return (*split_html(at), *blocks) if at else blocks


def handout_doc(store: Store, deck: Deck) -> PrintDoc:
    """A deck's hand-out for the shared print layout (print_layout): each slide on a page of
    its own with its speaker notes, headers and page numbers as every print-out has them."""
    pal = palette("light")
    slides: list[PlanSlide] = []
    for slide in deck.slides:
        content = slide_content(store, slide, pal, "light", references=True)
        title = f"{KIND_LABELS[slide.kind]}: {content.title}"
        slides.append((title, _handout_body(store, slide, content), slide.notes))
    return print_targets.deck_doc(store, f"{deck.name} — hand-out", slides)
