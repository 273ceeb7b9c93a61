"""Small HTML building blocks shared by the pages (citations, reference lists, boxes; no Qt).

Badges come from badges.py and short citations from citations.py; ``box`` is the one box
with a left rule, for the pages here and the articles' evidence boxes (content/render.py).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from peptide_desk.badges import (
    BOXED,
    BOXED_BADGE,
    NEUTRAL,
    badge_html,
    evidence_badge,
    status_badge,
    verification_badge,
)
from peptide_desk.citations import doi_url, pmc_url, pubmed_url
from peptide_desk.records import (
    TIER_LABELS,
    TIERS,
    UNAPPROVED_USE,
    KeyFigure,
    Mention,
    Reference,
    Substance,
)
from peptide_desk.store import Store
from peptide_desk.themes import Palette

KIND_LABELS: dict[str, str] = {
    "journal": "Journal article", "review": "Review article", "regulatory": "Regulatory document",
    "label": "Prescribing information (label)", "news": "News item", "book": "Book or chapter",
}
_CITE_LINK = re.compile(r'href="ref:([^"#]+)"')


def esc(text: str) -> str:
    """Escape plain text from the records for HTML (content fields are never markup)."""
    return html.escape(text or "", quote=True)


def multiline(text: str) -> str:
    """Plain text with its line breaks kept (user notes)."""
    return "<br>".join(esc(line) for line in text.splitlines())


# --- badges ---------------------------------------------------------------------------------
def substance_badges(sub: Substance, pal: Palette) -> str:
    """Status, evidence, off-label (approved products only) and 'not a peptide' badges.

    'Off-label' means use outside an approved label, so it belongs only to approved products;
    for an unapproved agent every use is unapproved, and the badge says that instead.
    """
    parts = [status_badge(sub.status, pal), evidence_badge(sub.evidence_level, pal)]
    if sub.is_labelled and sub.off_label:
        parts.append(badge_html("off-label", "Off-label", pal))
    elif not sub.is_labelled:
        parts.append(badge_html(NEUTRAL, UNAPPROVED_USE, pal))
    if sub.safety is not None and sub.safety.boxed:
        parts.append(badge_html(BOXED_BADGE, BOXED, pal))
    if not sub.is_peptide:
        parts.append(badge_html("not-peptide", "Not a peptide", pal))
    return " ".join(parts)


# --- citations and references ----------------------------------------------------------------
class Citer:
    """Numbers the references of one page in order of first citation."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}

    def number(self, key: str) -> int:
        return self.numbers.setdefault(key, len(self.numbers) + 1)

    def sup(self, keys: Iterable[str]) -> str:
        """Superscript citation links, or nothing when there are no keys."""
        numbered = sorted((self.number(k), k) for k in dict.fromkeys(keys))
        links = [f'<a href="ref:{esc(k)}">{n}</a>' for n, k in numbered]
        return (f'<sup class="cite" style="white-space:nowrap">[{", ".join(links)}]</sup>'
                if links else "")

    def after(self, text_html: str, keys: Iterable[str]) -> str:
        """Text followed by its citations (no trailing space when there are none)."""
        sup = self.sup(keys)
        return f"{text_html} {sup}" if sup else text_html

    def numbered(self, extra: Iterable[str] = ()) -> list[tuple[int, str]]:
        """Every cited key with its number; ``extra`` keys not yet cited follow."""
        for key in extra:
            self.number(key)
        return sorted((n, k) for k, n in self.numbers.items())


def cited_keys(fragment: str) -> set[str]:
    """Reference keys linked (``href="ref:KEY"``) from an HTML fragment."""
    return set(_CITE_LINK.findall(fragment))


def identifier_links(ref: Reference) -> list[tuple[str, str]]:
    """(label, link HTML) of the DOI, PMID and PMCID a reference has, each leading to its
    resolver over https (the window asks before opening the system browser)."""
    found = [("DOI", ref.doi, doi_url(ref.doi)), ("PMID", ref.pmid, pubmed_url(ref.pmid)),
             ("PMCID", ref.pmcid, pmc_url(ref.pmcid))]
    return [(label, f'<a href="{esc(url)}" title="{esc(url)}">{esc(value)}</a>')
            for label, value, url in found if url]


def identifiers_line(ref: Reference) -> str:
    """'DOI 10.… · PMID …' as links, for a reference list entry ('' when none is known)."""
    return " · ".join(f"{label} {link}" for label, link in identifier_links(ref))


def reference_item(n: int | None, ref: Reference | None, key: str, pal: Palette) -> str:
    """One entry of a reference list: number, linked citation, badge, DOI and PMID links,
    note when not verified."""
    num = f"[{n}] " if n is not None else ""
    if ref is None:
        return f'<p>{num}<a href="ref:{esc(key)}">{esc(key)}</a> (reference not found)</p>'
    ids = identifiers_line(ref)
    note = f'<br><span class="muted">{ids}</span>' if ids else ""
    if ref.status != "verified" and ref.note:
        note += f'<br><span class="muted">{esc(ref.note)}</span>'
    return (f'<p class="ref-item">{num}<a href="ref:{esc(ref.key)}">{esc(ref.citation)}</a> '
            f"{verification_badge(ref.status, pal)}{note}</p>")


def references_section(store: Store, numbered: list[tuple[int, str]], pal: Palette) -> str:
    """A 'References' heading and the numbered list, or nothing when there is none."""
    if not numbered:
        return ""
    items = "\n".join(reference_item(n, store.reference(k), k, pal) for n, k in numbered)
    return f"<h2>References</h2>\n{items}"


# --- shared fragments -------------------------------------------------------------------------
def attribute_table(rows: list[tuple[str, str]]) -> str:
    """Two-column table of label and (already escaped) value; empty values are left out."""
    body = "".join(f'<tr><th width="30%">{esc(label)}</th><td>{value}</td></tr>'
                   for label, value in rows if value)
    return f'<table class="data" width="100%" cellspacing="0" cellpadding="6">{body}</table>'


def figures_list(figures: Iterable[KeyFigure], citer: Citer) -> str:
    """Bulleted key figures, each with its citations."""
    items = "".join(f"<li>{citer.after(esc(f.text), f.refs)}</li>" for f in figures)
    return f"<ul>{items}</ul>" if items else ""


def mentions_list(mentions: Iterable[Mention]) -> str:
    """'Where it is discussed': one line per article, linking each section."""
    by_article: dict[str, tuple[str, list[Mention]]] = {}
    for m in mentions:
        entry = by_article.setdefault(m.article_id, (m.article_title, []))
        if all(x.anchor != m.anchor for x in entry[1]):
            entry[1].append(m)
    items = []
    for aid, (title, secs) in by_article.items():
        links = ", ".join(
            f'<a href="article:{esc(aid)}#{esc(m.anchor)}">{esc(m.section_title)}</a> '
            f'<span class="muted">({esc(TIER_LABELS.get(m.tier, m.tier))})</span>'
            for m in secs)
        items.append(f'<li><a href="article:{esc(aid)}"><b>{esc(title)}</b></a>: {links}</li>')
    if not items:
        return "<p class='muted'>Not discussed in the articles.</p>"
    return f"<ul>{''.join(items)}</ul>"


def tiers_label(tier: str) -> str:
    """'Fundamentals + Intermediate' for the tiers shown at ``tier``."""
    return " + ".join(TIER_LABELS[t] for t in TIERS[: TIERS.index(tier) + 1])


def minutes_line(minutes: dict[str, int]) -> str:
    """Cumulative reading time per tier, as the tier buttons add tiers."""
    total, parts = 0, []
    for i, tier in enumerate(TIERS):
        total += minutes.get(tier, 0)
        parts.append(f"{'+ ' if i else ''}{TIER_LABELS[tier]} {total} min")
    return " · ".join(parts)


def box(kind: str, title: str, body: str) -> str:
    """A box with a left rule and a short plain-text title (ux.md): an article's evidence,
    caveat or chart box, a page's note or caveat. ``kind`` picks the colours (reading_css)."""
    head = f'<p class="box-title {kind}-title">{esc(title)}</p>' if title else ""
    return (f'<table class="box {kind}" width="100%" cellspacing="0" cellpadding="0">'
            f'<tr><td class="box-rule {kind}-rule" width="5"></td>'
            f'<td class="box-body {kind}-body">{head}{body}</td></tr></table>')
