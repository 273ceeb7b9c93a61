"""HTML for list pages the window shows: bookmarks, notes, history, charts (no Qt)."""

from __future__ import annotations

import html
import time
from collections.abc import Callable
from typing import Any

from peptide_desk.userdata import UserData, valid_time

#: The most rows a list page shows: the page opens in the same time whether the user keeps
#: fifty bookmarks or fifty thousand (every one stays stored and is in an export).
BOOKMARKS_SHOWN, NOTES_SHOWN, HISTORY_SHOWN = 300, 100, 200
#: A note longer than this is cut on the Bookmarks page (the note itself is kept whole).
NOTE_CHARS_SHOWN = 1500


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


def bookmarks_html(user: UserData, gone: Callable[[str], bool] | None = None) -> str:
    """Bookmarks and notes, newest first, each a link back to its place (at most
    BOOKMARKS_SHOWN and NOTES_SHOWN of them); ``gone(target)`` marks those whose place the
    content no longer has (after a content update), never hiding them."""
    marks = user.bookmarks(BOOKMARKS_SHOWN)
    notes = user.notes(limit=NOTES_SHOWN)
    out = ["<h1>Bookmarks</h1>"]
    if not marks:
        out.append("<p class='muted'>No bookmarks yet. Press Ctrl+D on an article section or a "
                   "substance page to keep it here.</p>")
    else:
        out.append(_more(len(marks), user.count("bookmarks"), "bookmarks"))
        out.append("<ul>")
        out.extend(f"<li><a href='{_esc(b.target)}'>{_esc(b.title)}</a> "
                   f"<span class='muted'>· {_when(b.created)}</span>{_gone(b.target, gone)}"
                   "</li>" for b in marks)
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


def history_html(user: UserData) -> str:
    """Recently opened places, newest first."""
    visits = user.history(HISTORY_SHOWN)
    out = ["<h1>History</h1>"]
    if not visits:
        out.append("<p class='muted'>Nothing opened yet. Pages you open appear here.</p>")
        return "\n".join(out)
    out.append("<ul>")
    out.extend(f"<li><a href='{_esc(v.target)}'>{_esc(v.title)}</a> "
               f"<span class='muted'>· {_when(v.visited)}</span></li>" for v in visits)
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
