"""The page for one source table: rows with their sources and verification (no Qt, no SQL).

Every table from the articles is shown with its article link, each row's references and
their verification status, row notes, and the correction made to it when there was one.
The widget that shows it is ui/table_view.py's DataTableView: the page's head
(``table_head_html``) and references (``references_html``) as HTML, the rows
(``table_grid``) in an item view, so a table of thousands of rows opens at once.
``table_html`` is the whole page as one HTML document (print and export).
"""

from __future__ import annotations

from dataclasses import dataclass

from peptide_desk.badges import badge_html
from peptide_desk.page_parts import box, esc
from peptide_desk.records import TIER_LABELS, DataTable
from peptide_desk.store import Store
from peptide_desk.themes import Palette


def _ref_html(store: Store, pal: Palette, key: str) -> str:
    """A row's reference: its short citation, linked, and its verification badge."""
    ref = store.reference(key)
    if ref is None:
        missing = badge_html("unconfirmed", "Not in the reference list", pal, wrap=True)
        return f"{esc(key)} {missing}"
    return (f'<a href="ref:{esc(key)}">{esc(ref.short_citation)}</a> '
            f"{badge_html(ref.status, ref.status_label, pal, wrap=True)}")


@dataclass(frozen=True)
class Source:
    """One reference of a row: its short citation and verification badge."""

    key: str
    citation: str  # the short citation, or the key when it is not in the reference list
    status: str  # the badge's colour id (badges.py)
    label: str  # the badge's text

    @property
    def target(self) -> str:
        return f"ref:{self.key}"

    @property
    def plain(self) -> str:
        return f"{self.citation} ({self.label})"


@dataclass(frozen=True)
class GridRow:
    """One row of a source table as the item view shows it."""

    cells: tuple[str, ...]
    link: str  # where the first cell leads ('' when nowhere)
    sources: tuple[Source, ...]
    note: str


@dataclass(frozen=True)
class Grid:
    """A source table's header and rows; ``columns`` ends with Sources (and Note)."""

    columns: tuple[str, ...]
    rows: tuple[GridRow, ...]
    notes: bool  # whether the last column is the rows' notes

    def plain_rows(self, limit: int | None = None) -> list[list[str]]:
        """Every row (or the first ``limit``) as the texts of its columns (copy, tests)."""
        return [[*r.cells, "; ".join(s.plain for s in r.sources) or NO_REFERENCE,
                 *([r.note] if self.notes else [])] for r in self.rows[:limit]]


NO_REFERENCE = "No reference"


def table_grid(store: Store, table: DataTable) -> Grid:
    """The rows with their sources, each reference read once however many rows cite it."""
    seen: dict[str, Source] = {}

    def source(key: str) -> Source:
        if key not in seen:
            ref = store.reference(key)
            seen[key] = (Source(key, key, "unconfirmed", "Not in the reference list")
                         if ref is None else
                         Source(key, ref.short_citation, ref.status, ref.status_label))
        return seen[key]

    notes = any(r.note for r in table.rows)
    rows = tuple(GridRow(r.cells, r.link, tuple(source(k) for k in r.refs), r.note)
                 for r in table.rows)
    return Grid((*table.columns, "Sources", *(["Note"] if notes else [])), rows, notes)


def _references(store: Store, table: DataTable, pal: Palette) -> list[str]:
    """'References': every key the rows cite, in order of first citation, in full."""
    keys = list(dict.fromkeys(k for r in table.rows for k in r.refs))
    parts = ["<h2>References</h2>"] if keys else []
    for key in keys:
        ref = store.reference(key)
        if ref is None:
            parts.append(f"<p>{esc(key)}: not in the reference list.</p>")
            continue
        note = f'<br><span class="muted">{esc(ref.note)}</span>' if ref.note else ""
        parts.append(f"<p>{badge_html(ref.status, ref.status_label, pal, wrap=True)} "
                     f'<a href="ref:{esc(key)}">{esc(ref.citation)}</a>{note}</p>')
    return parts


def references_html(store: Store, table: DataTable, pal: Palette) -> str:
    """The References section under a table's rows (empty when the rows cite nothing)."""
    return "".join(_references(store, table, pal))


def table_head_html(store: Store, table: DataTable) -> str:
    """The page's head above the rows: title, article link, tier, caption, correction."""
    return "".join(_head(store, table))


def _head(store: Store, table: DataTable) -> list[str]:
    """Title, article link and row count, caption and correction: one list of HTML parts."""
    titles = {a.id: a.title for a in store.articles()}
    article = titles.get(table.article_id, table.article_id)
    tier = TIER_LABELS.get(table.tier, table.tier)
    parts = [f"<h1>{esc(table.title)}</h1>",
             f'<p class="meta">From the article <a href="article:{esc(table.article_id)}">'
             f"{esc(article)}</a> · {tier} tier · {len(table.rows):,} rows</p>"]
    if table.caption:
        parts.append(f'<p class="caption">{esc(table.caption)}</p>')
    if table.correction:
        parts.append(box("caveat", "Corrected from the source article",
                         f"<p>{esc(table.correction)}</p>"))
    return parts


def table_html(store: Store, table: DataTable, pal: Palette) -> str:
    """The page for one source table: title, article link, correction, rows with sources."""
    parts = _head(store, table)
    notes = any(r.note for r in table.rows)
    head = [*table.columns, "Sources", *(["Note"] if notes else [])]
    parts.append('<table class="data" width="100%" cellspacing="0" cellpadding="6"><tr>'
                 + "".join(f"<th>{esc(h)}</th>" for h in head) + "</tr>")
    for row in table.rows:
        cells = [esc(c) for c in row.cells]
        if row.link and cells:
            cells[0] = f'<a href="{esc(row.link)}">{cells[0]}</a>'
        cells.append("<br>".join(_ref_html(store, pal, k) for k in row.refs) or "No reference")
        if notes:
            cells.append(esc(row.note))
        parts.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    parts.append("</table>")
    parts += _references(store, table, pal)
    return "".join(parts)


def table_not_found_html(table_id: str) -> str:
    """What the table view shows for an id the bundled content does not have."""
    return (f"<h1>Table not found</h1><p>No table “{esc(table_id)}” is in the bundled "
            "content. Open the Tables index to choose another.</p>")
