"""What a popover says about a link without leaving the page (no Qt): a reference's full
citation and how it was verified, a glossary term's definition, or the note and bookmark
on an article section (its margin marker).

The reader shows these in ``ui/popover.py``; the text comes from the records here, so a
popover, a reference page and the References list describe a work in the same words.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from html import escape as html_escape
from typing import NamedTuple

from peptide_desk.links import make_target, parse_target
from peptide_desk.records import VERIFICATION_HELP, VERIFICATION_LABELS
from peptide_desk.store import Store

#: The scheme of a section's margin marker in the reader (``mark:ANCHOR``). The reader's
#: popovers handle it; it never reaches the window's link policy.
MARK_SCHEME = "mark"
#: Link schemes that show a popover when clicked or hovered.
PREVIEW_SCHEMES: tuple[str, ...] = ("ref", "glossary", MARK_SCHEME)


class Preview(NamedTuple):
    """One popover's content: plain text, wrapped by the widget."""

    target: str  # what "Open" goes to
    heading: str
    body: str
    status: str = ""  # a reference's verification, or where a note is
    open_label: str = "Open"
    edits_note: bool = False  # "Open" edits the note on ``target`` rather than going there


def has_preview(target: str) -> bool:
    """Whether clicking or hovering ``target`` shows a popover instead of navigating."""
    return parse_target(target).scheme in PREVIEW_SCHEMES


def reference_preview(store: Store, key: str) -> Preview | None:
    """The full citation, its verification status and what that status means."""
    ref = store.reference(key)
    if ref is None:
        return None
    status = f"{VERIFICATION_LABELS[ref.status]}: {VERIFICATION_HELP[ref.status]}."
    return Preview(make_target("ref", key), "Reference", ref.citation, status,
                   "Open reference page")


def term_preview(store: Store, ident: str) -> Preview | None:
    """The term, its expansion and its definition."""
    term = store.term(ident)
    if term is None:
        return None
    heading = f"{term.term} ({term.expansion})" if term.expansion else term.term
    return Preview(make_target("glossary", ident), heading, term.definition, "",
                   "Open glossary entry")


def mark_target(anchor: str) -> str:
    """The href of the margin marker beside the section ``anchor``."""
    return f"{MARK_SCHEME}:{anchor}"


def mark_preview(section_title: str, note: str | None, bookmarked: bool,
                 target: str) -> Preview:
    """A section's marker: its note (or that it is bookmarked); "Open" edits the note."""
    if note:
        return Preview(target, f"Your note: {section_title}", note,
                       "This section is also bookmarked." if bookmarked else "",
                       "Edit note…", True)
    return Preview(target, f"Bookmarked: {section_title}", "You bookmarked this section.", "",
                   "Add note…", True)


def preview(store: Store, target: str) -> Preview | None:
    """The popover of a reference or glossary link; None for any other link."""
    t = parse_target(target)
    if t.scheme == "ref":
        return reference_preview(store, t.ident)
    if t.scheme == "glossary":
        return term_preview(store, t.ident)
    return None


def is_mark(target: str) -> bool:
    """A margin marker's href (it never navigates, even with Ctrl)."""
    return parse_target(target).scheme == MARK_SCHEME


#: The marker's text: a pencil for a note, a star for a bookmark (with words for readers
#: that cannot see the symbols).
_MARK_TEXT = {(True, True): "✎ ★ Note, bookmarked", (True, False): "✎ Note",
              (False, True): "★ Bookmarked"}


def add_marks(html: str, marks: Mapping[str, tuple[bool, bool]]) -> str:
    """Put a marker beside the heading of each section in ``marks`` (anchor → (has a note,
    is bookmarked)); hovering or activating it shows the note (``mark_preview``)."""
    for anchor, (noted, kept) in marks.items():
        if not (noted or kept):
            continue
        heading = re.compile(rf'(<h([1-6]) id="{re.escape(anchor)}"[^>]*>.*?)(</h\2>)', re.S)
        label = html_escape(_MARK_TEXT[(noted, kept)])
        link = (f'&#8195;<a class="marker" href="{mark_target(anchor)}">'
                f'<span style="font-size: small">{label}</span></a>')
        html = heading.sub(rf"\g<1>{_repl_safe(link)}\g<3>", html, count=1)
    return html


def _repl_safe(text: str) -> str:
    """``text`` as a literal in a ``re.sub`` replacement."""
    return text.replace("\\", "\\\\")
