"""Exports of a comparison view: CSV, tab-separated text and self-contained HTML (no Qt).

The same rows and visible columns the table shows go out, in the same order; badges are
written as text (with their colours inline, for documents that keep them). The Safety column
goes out like any other; its lines are never left out to fit a slide.
"""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Sequence

from peptide_desk.badges import badge_html
from peptide_desk.compare import (
    BADGE_COLUMNS,
    DOSING_NOTE,
    FULL_DETAIL,
    SAFETY_NOTE,
    Cell,
    Row,
    header_for,
)
from peptide_desk.themes import Palette, palette


def table_matrix(rows: Sequence[Row], columns: Sequence[str], kind: str) -> list[list[str]]:
    """Header row plus one list of plain strings per row (name first, always)."""
    cols = ["name", *(c for c in columns if c != "name")]
    head = [header_for(c, kind) for c in cols]
    return [head, *([r.cell(c).plain for c in cols] for r in rows)]


def to_csv(rows: Sequence[Row], columns: Sequence[str], kind: str) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(table_matrix(rows, columns, kind))
    return buf.getvalue()


def to_tsv(rows: Sequence[Row], columns: Sequence[str], kind: str) -> str:
    """Tab-separated text for the plain-text flavour of the clipboard."""
    return "\n".join("\t".join(" ".join(v.split()) for v in line)
                     for line in table_matrix(rows, columns, kind)) + "\n"


def _badge_html(cell: Cell, pal: Palette, compact: bool) -> str:
    badge = badge_html(cell.badge, cell.text, pal, wrap=True)
    if not cell.detail or compact:
        return badge
    return f"{badge}<br>{html.escape(cell.detail)}"


def _cell_html(cell: Cell, cid: str, pal: Palette, compact: bool) -> str:
    full = cid in FULL_DETAIL
    if cid in BADGE_COLUMNS and cell.badge:
        return _badge_html(cell, pal, compact and not full)
    text = html.escape(cell.text)
    if not cell.detail:
        return text
    detail = html.escape(cell.detail)
    return f"{text}<br>{detail if full else f'<i>{detail}</i>'}"


def to_html(rows: Sequence[Row], columns: Sequence[str], kind: str, *, title: str = "",
            caption: str = "", theme: str = "light", font_pt: float = 10.0,
            compact: bool = False) -> str:
    """A self-contained HTML table (inline styles, badges as text) for documents and slides.

    ``compact`` leaves out the detail lines under regulator and evidence badges (used to
    fit a slide); safety lines always stay.
    """
    pal = palette(theme)
    cols = ["name", *(c for c in columns if c != "name")]
    cell_style = (f"border:1px solid {pal.border}; padding:4px 6px; vertical-align:top; "
                  f"color:{pal.text}")
    head = "".join(f'<th style="{cell_style}; background-color:{pal.alt_base}; '
                   f'text-align:left">{html.escape(header_for(c, kind))}</th>' for c in cols)
    body = "".join(
        "<tr>" + "".join(f'<td style="{cell_style}">'
                         f"{'<b>' if c == 'name' else ''}{_cell_html(r.cell(c), c, pal, compact)}"
                         f"{'</b>' if c == 'name' else ''}</td>" for c in cols) + "</tr>"
        for r in rows)
    parts = [f'<html><body style="font-size:{font_pt}pt; color:{pal.text}; '
             f'background-color:{pal.base}">']
    if title:
        parts.append(f"<h2>{html.escape(title)}</h2>")
    parts.append(f'<table cellspacing="0" cellpadding="4" style="border-collapse:collapse; '
                 f'border:1px solid {pal.border}"><thead><tr>{head}</tr></thead>'
                 f"<tbody>{body}</tbody></table>")
    notes = [caption] if caption else []
    if "dosing_frequency" in cols:
        notes.append(f"Dosing frequency: {DOSING_NOTE}")
    if "safety" in cols:
        notes.append(SAFETY_NOTE)
    parts.extend(f'<p style="color:{pal.muted}">{html.escape(n)}</p>' for n in notes)
    parts.append("</body></html>")
    return "".join(parts)


