"""What each printable thing is on paper: its blocks, running header and metadata (no Qt).

The window's Print and Export as PDF, and ``peptide-desk export``, all start here, so an
article, one section, a substance page, a source table, a chart, the comparison (the set
the user chose) and a deck hand-out print through one layout (``ui/print_layout.py``).
Every print-out ends with its references and the full disclaimer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from peptide_desk import __version__, charts, compare_export, pages, table_pages
from peptide_desk.compare import DOSING_NOTE, KIND_LABELS, Row, comparable, side_by_side
from peptide_desk.links import parse_target
from peptide_desk.page_parts import cited_keys, esc, references_section
from peptide_desk.print_plan import CHART, Block, PageFrame, Slide, deck_blocks, split_html
from peptide_desk.records import TIER_LABELS, Article, Chart, DataTable, Substance
from peptide_desk.store import Store
from peptide_desk.themes import Palette, palette, reading_css

_BODY = re.compile(r"<body[^>]*>(.*)</body>", re.DOTALL | re.IGNORECASE)
_CARD_OPEN = re.compile(r'<p class="card-open">.*?</p>', re.DOTALL)


@dataclass(frozen=True)
class PrintDoc:
    """A document ready for the layout: header frame, blocks, file stem, PDF subject."""

    frame: PageFrame
    blocks: tuple[Block, ...]
    stem: str
    subject: str
    html: str
    landscape: bool = False

    @property
    def pdf_title(self) -> str:
        """The PDF's title: the page's title, with the tier when there is one."""
        tier = f" ({self.frame.tier} tier)" if self.frame.tier else ""
        return f"{self.frame.title}{tier}"


def _light() -> Palette:
    return palette("light")


def _disclaimer(store: Store) -> str:
    return f"<hr>\n<h2>Disclaimer</h2>\n{store.site().disclaimer_html}"


def _doc(frame: PageFrame, body: str, stem: str, subject: str,
         landscape: bool = False) -> PrintDoc:
    blocks = split_html(body)
    if blocks and blocks[0].html.startswith('<p class="meta">') and "content as of" in \
            blocks[0].html:
        blocks = blocks[1:]  # the site line of pages.print_*: every page's header says it
    return PrintDoc(frame, tuple(blocks), stem, subject, body, landscape)


def article_doc(store: Store, article: Article, tier: str,
                pal: Palette | None = None) -> PrintDoc:
    """An article at a reading tier (that tier and the ones below), as the reader shows it."""
    body = pages.print_article_html(store, article, tier, pal or _light())
    label = TIER_LABELS.get(tier, tier)
    frame = PageFrame(article.title, label, article.as_of)
    return _doc(frame, body, f"{article.id}-{tier}",
                f"Peptide Desk article, {label} tier, content as of {article.as_of}")


def section_doc(store: Store, article: Article, anchor: str,
                pal: Palette | None = None) -> PrintDoc | None:
    """One section of an article with the references it cites, or None for no such anchor."""
    sec = next((s for s in article.sections if s.anchor == anchor), None)
    if sec is None:
        return None
    keys = cited_keys(sec.html)
    cited = [(n, k) for n, k in pages.article_cited(article, "academic") if k in keys]
    body = (f"<h1>{esc(article.title)}</h1>\n"
            f'<p class="meta">Content as of {esc(article.as_of)} · one section '
            f"({esc(TIER_LABELS.get(sec.tier, sec.tier))})</p>\n{sec.html}\n"
            f"{references_section(store, cited, pal or _light())}\n"
            f"{_disclaimer(store)}")
    frame = PageFrame(f"{article.title}: {sec.title}", TIER_LABELS.get(sec.tier, sec.tier),
                      article.as_of)
    return _doc(frame, body, f"{article.id}-{anchor}",
                f"Peptide Desk article section, content as of {article.as_of}")


def substance_doc(store: Store, sub: Substance, note: str | None = None,
                  pal: Palette | None = None) -> PrintDoc:
    """A substance page, safety first, with its references and the disclaimer."""
    site = store.site()
    body = pages.print_substance_html(store, sub, pal or _light(), note)
    return _doc(PageFrame(sub.name, "", site.content_as_of), body, sub.id,
                f"Peptide Desk substance page, content as of {site.content_as_of}")


def table_doc(store: Store, table: DataTable, pal: Palette | None = None) -> PrintDoc:
    """A source table with each row's sources and the disclaimer."""
    site = store.site()
    body = f"{table_pages.table_html(store, table, pal or _light())}\n{_disclaimer(store)}"
    return _doc(PageFrame(table.title, "", site.content_as_of), body, table.id,
                f"Peptide Desk source table, content as of {site.content_as_of}")


def chart_notes(store: Store, chart: Chart) -> str:
    """A chart's series notes and references in the light palette, as printed under it."""
    refs = [(k, store.reference(k)) for k in chart.refs]
    return charts.notes_html(charts.prepare(chart, "light"), refs, _light())


def chart_blocks(store: Store, chart: Chart) -> tuple[Block, ...]:
    """The chart drawn in place (the figure has the title), then its notes and sources."""
    return (Block(CHART, chart_id=chart.id), *split_html(chart_notes(store, chart)))


def chart_doc(store: Store, chart: Chart) -> PrintDoc:
    """One chart drawn in place, its series notes, references and the disclaimer."""
    site = store.site()
    body = f"{chart_notes(store, chart)}\n{_disclaimer(store)}"
    blocks = [*chart_blocks(store, chart), *split_html(_disclaimer(store))]
    return PrintDoc(PageFrame(chart.title, "", site.content_as_of), tuple(blocks), chart.id,
                    f"Peptide Desk chart, content as of {site.content_as_of}", body)


def _side_by_side_html(rows: Sequence[Row], columns: Sequence[str], title: str) -> str:
    """2 to 4 items as columns, one attribute per row (as the side-by-side view shows them)."""
    attrs = side_by_side(rows, [c for c in columns if c != "name"])
    head = "".join(f"<th>{esc(r.name)}</th>" for r in rows)
    body = "".join(
        f'<tr><th width="18%">{esc(a.header)}</th>'
        + "".join(f"<td>{esc(c.plain) or '—'}</td>" for c in a.cells) + "</tr>"
        for a in attrs)
    return (f"<h1>{esc(title)}</h1>\n"
            f'<table class="data" width="100%" cellspacing="0" cellpadding="6">'
            f"<thead><tr><th>Attribute</th>{head}</tr></thead><tbody>{body}</tbody></table>")


def compare_doc(store: Store, rows: Sequence[Row], columns: Sequence[str], kind: str,
                caption: str = "") -> PrintDoc:
    """The comparison of the rows the user chose, header row on every page: 2 to 4 items
    side by side (portrait), more as the comparison table (landscape)."""
    site = store.site()
    title = f"Peptide Desk — {KIND_LABELS[kind]} compared"
    notes = "".join(f'<p class="caption">{esc(n)}</p>' for n in (caption, DOSING_NOTE) if n)
    if comparable(len(rows)):
        body = f"{_side_by_side_html(rows, columns, title)}\n{notes}\n{_disclaimer(store)}"
        wide = False
    else:
        table = compare_export.to_html(rows, columns, kind, title=title, caption=caption,
                                       font_pt=8.5)
        m = _BODY.search(table)
        body, wide = f"{m.group(1) if m else table}\n{_disclaimer(store)}", True
    names = ", ".join(r.name for r in rows)
    return _doc(PageFrame(title, "", site.content_as_of), body,
                f"compare-{kind}", f"Comparison of {names}, content as of {site.content_as_of}",
                landscape=wide)


def deck_doc(store: Store, title: str, slides: Sequence[Slide]) -> PrintDoc:
    """A deck hand-out: each slide (title, HTML or blocks, speaker notes) on its own page."""
    site = store.site()
    blocks = [*deck_blocks(slides), *split_html(_disclaimer(store))]
    body = "\n".join(b.html for b in blocks)
    return PrintDoc(PageFrame(title, "", site.content_as_of), tuple(blocks),
                    re.sub(r"[^A-Za-z0-9]+", "-", title).strip("-").lower() or "deck",
                    f"Peptide Desk hand-out, content as of {site.content_as_of}", body)


def page_doc(store: Store, title: str, body_html: str, stem: str) -> PrintDoc:
    """Any other page (a class, a term, a reference, a list), with the disclaimer."""
    site = store.site()
    m = _BODY.search(body_html)  # a whole HTML document: its body
    body = m.group(1) if m else body_html
    return _doc(PageFrame(title, "", site.content_as_of), f"{body}\n{_disclaimer(store)}",
                stem, f"Peptide Desk page, content as of {site.content_as_of}")


_VIEWS = {"home": ("Peptide Desk", pages.home_html),
          "library": ("Library", pages.library_html),
          "glossary": ("Glossary", pages.glossary_index_html),
          "references": ("References", pages.references_index_html)}


def target_doc(store: Store, target: str) -> PrintDoc | None:
    """A class, glossary term, reference or list page re-rendered for paper (light palette),
    or None for a target that has no page of its own here."""
    t, pal = parse_target(target), _light()
    page: tuple[str, str] | None = None
    if t.scheme == "class" and (cls := store.drug_class(t.ident)) is not None:
        page = cls.name, pages.class_html(store, cls, pal, checks_open=True)
    elif t.scheme == "glossary" and (term := store.term(t.ident)) is not None:
        page = term.term, pages.term_html(store, term, pal)
    elif t.scheme == "ref" and (ref := store.reference(t.ident)) is not None:
        page = ref.short_citation, pages.reference_html(store, ref, pal)
    elif t.scheme == "view" and t.ident in _VIEWS:
        title, render = _VIEWS[t.ident]
        page = title, render(store, pal)
    if page is None:
        return None
    return page_doc(store, page[0], page[1], f"{t.scheme}-{t.ident}".replace("/", "-"))


_CHART_BOX = re.compile(r'<table class="box chart".*?</table>', re.DOTALL)
_CHART_ID = re.compile(r'href="chart:([^"#]+)"')


def chart_ids(doc: PrintDoc) -> list[str]:
    """The charts a document draws, in order (an HTML hand-out carries each as SVG)."""
    return [b.chart_id for b in doc.blocks if b.chart_id]


def _with_figures(body: str, figures: dict[str, str], first: str = "") -> str:
    """Each chart box followed by its drawing (inline SVG); ``first`` leads for a chart doc."""
    def add(m: re.Match[str]) -> str:
        ident = _CHART_ID.search(m.group(0))
        svg = figures.get(ident.group(1), "") if ident else ""
        return m.group(0) + (f'<figure class="chart">{svg}</figure>' if svg else "")

    lead = f'<figure class="chart">{figures[first]}</figure>\n' if first in figures else ""
    return lead + _CHART_BOX.sub(add, body)


def standalone_html(doc: PrintDoc, pal: Palette | None = None,
                    figures: dict[str, str] | None = None) -> str:
    """The document as one self-contained HTML file (styles in the head, charts as inline
    SVG from ``figures``: chart id → SVG markup)."""
    pal = pal or _light()
    body = doc.html
    if figures:
        lead = doc.blocks[0].chart_id if doc.blocks and not doc.blocks[0].html else ""
        body = _with_figures(body, figures, lead)
    body = _CARD_OPEN.sub("", body)
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f"<title>{esc(doc.pdf_title)}</title>"
            f'<meta name="generator" content="Peptide Desk {esc(__version__)}">'
            f"<style>{reading_css(pal, 10.5)}</style></head>\n<body>\n"
            f'<p class="meta">{esc(doc.frame.header_line())}</p>\n{body}\n</body></html>\n')


def table_csv(store: Store, table: DataTable) -> str:
    """A source table as CSV: its columns, then each row's sources and note."""
    import csv
    import io

    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\n")
    out.writerow([*table.columns, "Sources", "Note"])
    for row in table.rows:
        refs = [store.reference(k) for k in row.refs]
        sources = "; ".join(f"{r.short_citation} ({r.status_label})" if r else k
                            for k, r in zip(row.refs, refs, strict=True))
        out.writerow([*row.cells, sources, row.note])
    return buf.getvalue()
