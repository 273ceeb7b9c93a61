"""HTML for list pages the window shows: bookmarks, notes, history, charts (no Qt)."""

from __future__ import annotations

import html
import time

from peptide_desk.userdata import UserData


def _when(ts: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(ts))


def bookmarks_html(user: UserData) -> str:
    """Bookmarks and notes, newest first, each a link back to its place."""
    marks = user.bookmarks()
    notes = user.notes()
    out = ["<h1>Bookmarks</h1>"]
    if not marks:
        out.append("<p class='muted'>No bookmarks yet. Press Ctrl+D on an article section or a "
                   "substance page to keep it here.</p>")
    else:
        out.append("<ul>")
        out.extend(f"<li><a href='{html.escape(b.target)}'>{html.escape(b.title)}</a> "
                   f"<span class='muted'>· {_when(b.created)}</span></li>" for b in marks)
        out.append("</ul>")
    out.append("<h2>Notes</h2>")
    if not notes:
        out.append("<p class='muted'>No notes yet. Press Ctrl+Shift+N to write a note on the "
                   "section or substance you are reading.</p>")
    for n in notes:
        body = "<br>".join(html.escape(line) for line in n.body.splitlines())
        out.append(f"<p><a href='{html.escape(n.target)}'><b>{html.escape(n.title)}</b></a> "
                   f"<span class='muted'>· {_when(n.updated)}</span><br>{body}</p>")
    return "\n".join(out)


def history_html(user: UserData) -> str:
    """Recently opened places, newest first."""
    visits = user.history(200)
    out = ["<h1>History</h1>"]
    if not visits:
        out.append("<p class='muted'>Nothing opened yet. Pages you open appear here.</p>")
        return "\n".join(out)
    out.append("<ul>")
    out.extend(f"<li><a href='{html.escape(v.target)}'>{html.escape(v.title)}</a> "
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
