"""Small HTML building blocks shared by the pages (badges, citations, reference lists; no Qt)."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from peptide_desk.records import (
    EVIDENCE_LABELS,
    STATUS_LABELS,
    TIER_LABELS,
    TIERS,
    UNAPPROVED_USE,
    VERIFICATION_LABELS,
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
_INITIALS = re.compile(r"^[A-Z]{1,3}$")


def esc(text: str) -> str:
    """Escape plain text from the records for HTML (content fields are never markup)."""
    return html.escape(text or "", quote=True)


def multiline(text: str) -> str:
    """Plain text with its line breaks kept (user notes)."""
    return "<br>".join(esc(line) for line in text.splitlines())


# --- badges ---------------------------------------------------------------------------------
def badge_html(kind: str, label: str, pal: Palette) -> str:
    """A badge: the label is always there; colour only reinforces it.

    Where the badge colour equals the page background (high contrast), the label is put in
    brackets so the badge still stands apart from the running text.
    """
    neutral = pal.badges.get("no-evidence", (pal.alt_base, pal.text))
    bg, fg = pal.badges.get(kind, neutral)
    text = esc(label)
    if bg.lower() == pal.base.lower():
        text = f"[{text}]"
    return (f'<span class="badge" style="background-color:{bg}; color:{fg}; '
            f'white-space:nowrap;">'
            f"&nbsp;{text}&nbsp;</span>")


def status_badge(status: str, pal: Palette) -> str:
    """Regulatory status badge (ux.md vocabulary)."""
    return badge_html(status, STATUS_LABELS.get(status, status), pal)


def evidence_badge(level: str, pal: Palette) -> str:
    """Evidence level badge, neutral in colour so it is not read as a regulatory status."""
    return badge_html("evidence", f"Evidence: {EVIDENCE_LABELS.get(level, level)}", pal)


def verification_badge(status: str, pal: Palette) -> str:
    """Verification badge of a reference (Verified / Corrected / Unconfirmed)."""
    return badge_html(status, VERIFICATION_LABELS.get(status, status), pal)


def substance_badges(sub: Substance, pal: Palette) -> str:
    """Status, evidence, off-label (approved products only) and 'not a peptide' badges.

    'Off-label' means use outside an approved label, so it belongs only to approved products;
    for an unapproved agent every use is unapproved, and the badge says that instead.
    """
    parts = [status_badge(sub.status, pal), evidence_badge(sub.evidence_level, pal)]
    if sub.is_labelled and sub.off_label:
        parts.append(badge_html("off-label", "Off-label", pal))
    elif not sub.is_labelled:
        parts.append(badge_html("no-evidence", UNAPPROVED_USE, pal))
    if sub.safety is not None and sub.safety.boxed:
        parts.append(badge_html("warning", "⚠ Boxed warning", pal))
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


def short_citation(ref: Reference) -> str:
    """'Frías et al. 2021' for people, 'U.S. Food and Drug Administration 2021' otherwise."""
    first = ref.authors.split(",")[0].split("(")[0].strip().rstrip(".")
    words = first.split()
    if len(words) >= 2 and _INITIALS.match(words[-1]):
        more = "," in ref.authors or "et al" in ref.authors
        return f"{' '.join(words[:-1])}{' et al.' if more else ''} {ref.year}"
    return f"{first} {ref.year}"


def reference_item(n: int | None, ref: Reference | None, key: str, pal: Palette) -> str:
    """One entry of a reference list: number, linked citation, badge, note when not verified."""
    num = f"[{n}] " if n is not None else ""
    if ref is None:
        return f'<p>{num}<a href="ref:{esc(key)}">{esc(key)}</a> (reference not found)</p>'
    note = ""
    if ref.status != "verified" and ref.note:
        note = f'<br><span class="muted">{esc(ref.note)}</span>'
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
    """A box with a left rule (same structure as the article evidence boxes)."""
    head = f'<p class="box-title">{esc(title)}</p>' if title else ""
    return (f'<table class="box" width="100%" cellspacing="0" cellpadding="0"><tr>'
            f'<td class="{kind}-rule" width="5"></td>'
            f'<td class="box-body {kind}-body">{head}{body}</td></tr></table>')
