"""Badges: a label on a coloured ground, and the one rule that picks the colour (no Qt).

The text always says what a badge means; colour only reinforces it (ux.md). The rule:

- a regulatory status (``records.STATUS_LABELS``: approved green, narrow approval teal,
  formerly approved slate, investigational amber, preclinical violet, refused red), a
  reference's verification status, ``off-label`` and the boxed-warning marker have their
  own colours in the palette;
- everything else is neutral, the grey of "No evidence found": evidence levels (so that an
  evidence level is never read as a regulatory status), an approval the fact-check did not
  confirm, "Not a peptide".

A regulator's own wording ("Approved (narrow indication)", "Refused") takes the colour of the
status it reads as. The pages, the compare table and its exports, the source tables, the
chart notes and the search results all draw their badges from here.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

from peptide_desk.records import EVIDENCE_LABELS, STATUS_LABELS, VERIFICATION_LABELS

if TYPE_CHECKING:
    from peptide_desk.records import Regulatory
    from peptide_desk.themes import Palette

#: The neutral colour: "No evidence found", and every badge without a colour of its own.
NEUTRAL = "no-evidence"
#: An evidence level's badge: neutral, never a regulatory colour.
EVIDENCE = "evidence"
#: An approval the fact-check did not confirm: neutral, never the approved colour.
UNVERIFIED = "unverified"
#: The boxed-warning marker: its own colour, and always the word and the symbol.
BOXED_BADGE = "warning"
WARNING_SIGN = "⚠"
BOXED = f"{WARNING_SIGN} Boxed warning"

_WORDING: tuple[tuple[str, str], ...] = (
    (r"^approved\b.*narrow", "approved-narrow"),
    (r"^(approved|authorised|national authorisations)", "approved"),
    (r"^formerly approved", "formerly-approved"),
    (r"^refused|withdrawn|complete response", "refused"),
    (r"preclinical", "preclinical"),
    (r"investigational|trial", "investigational"),
)


def badge_colours(pal: Palette, badge: str) -> tuple[str, str]:
    """(background, text) of ``badge`` in ``pal``: its own colours, else the neutral ones."""
    return pal.badges.get(badge, pal.badges.get(NEUTRAL, (pal.alt_base, pal.text)))


NB_HYPHEN = "\u2011"


def nonbreaking(label: str | None) -> str:
    """``label`` with its hyphens non-breaking, so a badge never breaks across lines."""
    return (label or "").replace("-", NB_HYPHEN)


def badge_html(badge: str, label: str, pal: Palette, *, wrap: bool = False) -> str:
    """A badge: the label is always there; colour only reinforces it.

    Where the badge colour equals the page background (high contrast), the label is put in
    brackets so the badge still stands apart from the running text. Bold inline, so that a
    copied or exported badge looks the same without the pages' stylesheet; ``wrap`` lets a
    long label (a regulator's wording in a table cell) break across lines. A badge that does
    not wrap keeps its hyphens unbreakable too (U+2011: "Off‑label" stays one word at 300%).
    """
    bg, fg = badge_colours(pal, badge)
    text = html.escape(label if wrap else nonbreaking(label), quote=True)
    if bg.lower() == pal.base.lower():
        text = f"[{text}]"
    nowrap = "" if wrap else " white-space:nowrap;"
    return (f'<span class="badge" style="background-color:{bg}; color:{fg}; '
            f'font-weight:bold;{nowrap}">&nbsp;{text}&nbsp;</span>')


def status_badge(status: str, pal: Palette) -> str:
    """Regulatory status badge (ux.md vocabulary)."""
    return badge_html(status, STATUS_LABELS.get(status, status), pal)


def evidence_badge(level: str, pal: Palette) -> str:
    """Evidence level badge, neutral in colour so it is not read as a regulatory status."""
    return badge_html(EVIDENCE, f"Evidence: {EVIDENCE_LABELS.get(level, level)}", pal)


def verification_badge(status: str, pal: Palette) -> str:
    """Verification badge of a reference (Verified / Corrected / Unconfirmed)."""
    return badge_html(status, VERIFICATION_LABELS.get(status, status), pal)


def wording_colour(status_text: str) -> str:
    """The status a regulator's own wording reads as (the wording itself is always shown)."""
    low = status_text.strip().lower()
    for pattern, badge in _WORDING:
        if re.search(pattern, low):
            return badge
    return NEUTRAL


def is_approval(badge: str) -> bool:
    return badge in ("approved", "approved-narrow")


def regulator_colour(reg: Regulatory) -> str:
    """A regulator's status colour: its wording's, except that an approval the fact-check
    did not confirm ("Authorised (not verified)") is neutral, never the approved colour."""
    badge = wording_colour(reg.status)
    return UNVERIFIED if is_approval(badge) and not reg.confirmed else badge
