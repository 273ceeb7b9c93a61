"""HTML for list pages the window shows: bookmarks, notes, history, charts (no Qt).

The Bookmarks and History pages carry their own commands as ``keep:`` links (rename,
delete, undo, sort, clear), which the window hands to ``ui/kept.py`` and never routes;
:func:`keep_link` writes them and :func:`parse_keep` reads them.
"""

from __future__ import annotations

import html
import time
from collections.abc import Callable
from typing import Any, NamedTuple
from urllib.parse import quote, unquote

from peptide_desk.userdata import Bookmark, Revisits, UserData, valid_time

#: The most rows a list page shows: the page opens in the same time whether the user keeps
#: fifty bookmarks or fifty thousand (every one stays stored and is in an export).
BOOKMARKS_SHOWN, NOTES_SHOWN, HISTORY_SHOWN = 300, 100, 200
#: A note longer than this is cut on the Bookmarks page (the note itself is kept whole).
NOTE_CHARS_SHOWN = 1500


#: The scheme of a list page's own commands (never a place: the window does not route it).
KEEP_SCHEME = "keep"
#: The commands: on a bookmark, on the bookmark list, on a history entry, on the history.
KEEP_ACTIONS = ("rename", "delete", "undo", "sort", "forget", "clear")
#: How the Bookmarks page can be sorted, with the words of its "Sort:" line.
BOOKMARK_SORTS = {"newest": "Newest first", "title": "A to Z"}


class Kept(NamedTuple):
    """What the Bookmarks page shows besides the rows: the order, and the bookmark just
    deleted (offered back with "Undo")."""

    sort: str = "newest"
    deleted: Bookmark | None = None


def keep_link(action: str, arg: str = "") -> str:
    """The href of a list page command, e.g. ``keep:rename/article%3Aa%23b``."""
    return f"{KEEP_SCHEME}:{action}" + (f"/{quote(arg, safe='')}" if arg else "")


def parse_keep(target: str) -> tuple[str, str] | None:
    """(action, argument) of a ``keep:`` link; None for anything else or an unknown action."""
    scheme, sep, rest = target.partition(":")
    if scheme != KEEP_SCHEME or not sep:
        return None
    action, _, arg = rest.partition("/")
    return (action, unquote(arg)) if action in KEEP_ACTIONS else None


def _when(ts: Any) -> str:
    """The date and time of a stored timestamp; "date unknown" for one no clock can show
    (a huge, negative or non-finite value from an old import or a damaged file)."""
    if not valid_time(ts):
        return "date unknown"
    try:
        return time.strftime("%Y-%m-%d %H:%M", time.localtime(ts))
    except (OverflowError, OSError, ValueError):
        return "date unknown"


def _esc(value: Any) -> str:
    return html.escape(value if isinstance(value, str) else str(value))


def _more(shown: int, total: int, what: str) -> str:
    if total <= shown:
        return ""
    return (f"<p class='muted'>Showing the {shown:,} newest of {total:,} {what}. All of them "
            "are kept; File → Export user data writes every one.</p>")


#: How a bookmark or note on content that a content update removed is marked (it is kept).
GONE = "no longer in the content"


def _gone(target: str, gone: Callable[[str], bool] | None) -> str:
    return f" <span class='muted'>· {GONE}</span>" if gone is not None and gone(target) else ""


def _sort_line(sort: str) -> str:
    """"Sort: Newest first · A to Z", the order in use in bold."""
    parts = [f"<b>{label}</b>" if key == sort else
             f"<a href='{keep_link('sort', key)}'>{label}</a>"
             for key, label in BOOKMARK_SORTS.items()]
    return "<p class='muted'>Sort: " + " · ".join(parts) + "</p>"


def _bookmark_row(b: Bookmark, gone: Callable[[str], bool] | None = None) -> str:
    return (f"<li><a href='{_esc(b.target)}'>{_esc(b.title)}</a> "
            f"<span class='muted'>· {_when(b.created)} · </span>"
            f"<a href='{keep_link('rename', b.target)}'>Rename</a> "
            f"<span class='muted'>·</span> <a href='{keep_link('delete', b.target)}'>Delete</a>"
            f"{_gone(b.target, gone)}</li>")


def bookmarks_html(user: UserData, kept: Kept = Kept(),  # noqa: B008 - immutable
                   gone: Callable[[str], bool] | None = None) -> str:
    """Bookmarks (newest first or A to Z, each with Rename and Delete, and Undo for the one
    just deleted) and notes, newest first, each a link back to its place (at most
    BOOKMARKS_SHOWN and NOTES_SHOWN of them); ``gone(target)`` marks those whose place the
    content no longer has (after a content update), never hiding them."""
    if kept.sort == "title":
        marks = user.bookmarks_by_title(BOOKMARKS_SHOWN)
    else:
        marks = user.bookmarks(BOOKMARKS_SHOWN)
    notes = user.notes(limit=NOTES_SHOWN)
    out = ["<h1>Bookmarks</h1>"]
    if kept.deleted is not None:
        out.append(f"<p>Deleted the bookmark “{_esc(kept.deleted.title)}”. "
                   f"<a href='{keep_link('undo')}'>Undo</a></p>")
    if not marks:
        out.append("<p class='muted'>No bookmarks yet. Press Ctrl+D on an article section or a "
                   "substance page to keep it here.</p>")
    else:
        out.append(_sort_line(kept.sort))
        out.append(_more(len(marks), user.count("bookmarks"), "bookmarks"))
        out.append("<ul>")
        out.extend(_bookmark_row(b, gone) for b in marks)
        out.append("</ul>")
    out.append("<h2>Notes</h2>")
    if not notes:
        out.append("<p class='muted'>No notes yet. Press Ctrl+Shift+N to write a note on the "
                   "section or substance you are reading.</p>")
    else:
        out.append(_more(len(notes), user.count("notes"), "notes"))
    for n in notes:
        text = n.body if isinstance(n.body, str) else str(n.body)
        cut = len(text) > NOTE_CHARS_SHOWN
        lines = text[:NOTE_CHARS_SHOWN].splitlines()
        body = "<br>".join(html.escape(line) for line in lines) + (" …" if cut else "")
        out.append(f"<p><a href='{_esc(n.target)}'><b>{_esc(n.title)}</b></a> "
                   f"<span class='muted'>· {_when(n.updated)}</span>{_gone(n.target, gone)}"
                   f"<br>{body}</p>")
    return "\n".join(part for part in out if part)


def _day(ts: Any) -> str:
    """The day heading of a visit ("2026-12-06"), or "Date unknown"."""
    stamp = _when(ts)
    return stamp[:10] if stamp != "date unknown" else "Date unknown"


def group_by_day(visits: list[Revisits]) -> list[tuple[str, list[Revisits]]]:
    """Consecutive visits of the same day under one heading, newest day first."""
    groups: list[tuple[str, list[Revisits]]] = []
    for v in visits:
        day = _day(v.visited)
        if not groups or groups[-1][0] != day:
            groups.append((day, []))
        groups[-1][1].append(v)
    return groups


def _visit_row(v: Revisits, title: str) -> str:
    times = f" · {v.visits} visits" if v.visits > 1 else ""
    stamp = _when(v.visited)
    clock = stamp[11:] if stamp != "date unknown" else stamp
    return (f"<li><a href='{_esc(v.target)}'>{_esc(title)}</a> "
            f"<span class='muted'>· {clock}{times} · </span>"
            f"<a href='{keep_link('forget', v.target)}'>Delete</a></li>")


def history_html(user: UserData,
                 title_of: Callable[[str], str | None] | None = None) -> str:
    """Recently opened places, newest first, grouped by day, each place once a day (Back
    and Forward add no duplicates), each with Delete; "Clear history…" asks first.
    ``title_of(target)`` gives a page's title today (a reference by its title)."""
    visits = user.history_by_day(HISTORY_SHOWN)
    out = ["<h1>History</h1>"]
    if not visits:
        out.append("<p class='muted'>Nothing opened yet. Pages you open appear here.</p>")
        return "\n".join(out)
    out.append(f"<p class='muted'><a href='{keep_link('clear')}'>Clear history…</a></p>")
    for day, group in group_by_day(visits):
        out.append(f"<h2>{_esc(day)}</h2>")
        out.append("<ul>")
        out.extend(_visit_row(v, (title_of(v.target) if title_of else None) or v.title)
                   for v in group)
        out.append("</ul>")
    return "\n".join(out)


def charts_index_html(charts: list[tuple[str, str, str, bool]]) -> str:
    """Charts index: (id, title, description, schematic) for every chart."""
    out = ["<h1>Charts</h1>",
           "<p class='muted'>Response phases and trial figures over time. Schematic charts "
           "illustrate a model; measured charts plot only figures a named reference gives.</p>",
           "<ul>"]
    for cid, title, desc, schematic in charts:
        kind = "Schematic" if schematic else "Measured"
        out.append(f"<li><p><a href='chart:{html.escape(cid)}'><b>{html.escape(title)}</b></a>"
                   f" <span class='muted'>· {kind}</span><br>{html.escape(desc)}</p></li>")
    out.append("</ul>")
    return "\n".join(out)
