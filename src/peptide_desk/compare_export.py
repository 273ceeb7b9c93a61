"""Exports of a comparison view: CSV, tab-separated text and self-contained HTML (no Qt).

The same rows and visible columns the table shows go out, in the same order; badges are
written as text (with their colours inline, for documents that keep them). The Safety column
goes out like any other; its lines are never left out to fit a slide.

A saved file carries its provenance (:class:`Provenance`): the content date, the app
version, the view and its filters, and per row a Sources column naming each reference behind
the cells shown with its verification status. The CSV puts that in a first block of ``#``
lines; the strict CSV (for readers that take no comment lines) leaves the block out and the
same text goes to a sidecar file beside it (docs/exports.md says why both exist).
"""

from __future__ import annotations

import csv
import html
import io
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from string import ascii_lowercase

from peptide_desk.badges import badge_html
from peptide_desk.compare import (
    BADGE_COLUMNS,
    DOSING_NOTE,
    FULL_DETAIL,
    SAFETY_NOTE,
    Attribute,
    Cell,
    Row,
    header_for,
)
from peptide_desk.records import Reference
from peptide_desk.themes import Palette, palette

Lookup = Callable[[str], Reference | None]
#: The marker of an attribute whose values differ, in the side-by-side view and its exports.
DIFF_MARK = "≠"
SOURCES_HEADER = "Sources"
NO_SOURCES = "No reference recorded"
#: The sidecar of a strict CSV: ``compare.csv`` → ``compare.sources.txt``.
SIDECAR_SUFFIX = ".sources.txt"


def _columns(columns: Sequence[str]) -> list[str]:
    """The columns of an export: name first, always, then the rest in the order given."""
    return ["name", *(c for c in columns if c != "name")]


def table_matrix(rows: Sequence[Row], columns: Sequence[str], kind: str) -> list[list[str]]:
    """Header row plus one list of plain strings per row (name first, always)."""
    cols = _columns(columns)
    head = [header_for(c, kind) for c in cols]
    return [head, *([r.cell(c).plain for c in cols] for r in rows)]


def _csv(matrix: Sequence[Sequence[str]]) -> str:
    """CSV text of a matrix (UTF-8 text, \\n line ends; the caller adds a BOM)."""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(matrix)
    return buf.getvalue()


def to_csv(rows: Sequence[Row], columns: Sequence[str], kind: str) -> str:
    """The table as shown, without provenance (what a saved file adds: ``sourced_csv``)."""
    return _csv(table_matrix(rows, columns, kind))


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


def _styles(pal: Palette) -> tuple[str, str]:
    """Inline styles of a data cell and of a header cell (exports carry no stylesheet)."""
    cell = (f"border:1px solid {pal.border}; padding:4px 6px; vertical-align:top; "
            f"color:{pal.text}")
    return cell, f"{cell}; background-color:{pal.alt_base}; text-align:left"


def _page(pal: Palette, font_pt: float, title: str, head: Sequence[str], body: str,
          notes: Sequence[str], tail: str = "") -> str:
    """A self-contained HTML page: title, one table, muted notes, then ``tail``."""
    th = _styles(pal)[1]
    heads = "".join(f'<th style="{th}">{html.escape(h)}</th>' for h in head)
    parts = [f'<html><body style="font-size:{font_pt}pt; color:{pal.text}; '
             f'background-color:{pal.base}">']
    if title:
        parts.append(f"<h2>{html.escape(title)}</h2>")
    parts.append(f'<table cellspacing="0" cellpadding="4" style="border-collapse:collapse; '
                 f'border:1px solid {pal.border}"><thead><tr>{heads}</tr></thead>'
                 f"<tbody>{body}</tbody></table>")
    parts.extend(f'<p style="color:{pal.muted}">{html.escape(n)}</p>' for n in notes)
    parts.append(f"{tail}</body></html>")
    return "".join(parts)


def _notes(cols: Sequence[str], caption: str = "") -> list[str]:
    """The caption, and the dosing and safety notes when those columns are shown."""
    notes = [caption] if caption else []
    if "dosing_frequency" in cols:
        notes.append(f"Dosing frequency: {DOSING_NOTE}")
    if "safety" in cols:
        notes.append(SAFETY_NOTE)
    return notes


def to_html(rows: Sequence[Row], columns: Sequence[str], kind: str, *, title: str = "",
            caption: str = "", theme: str = "light", font_pt: float = 10.0,
            compact: bool = False, tail: str = "") -> str:
    """A self-contained HTML table (inline styles, badges as text) for documents and slides.

    ``compact`` leaves out the detail lines under regulator and evidence badges (used to
    fit a slide); safety lines always stay. ``tail`` is HTML put after the notes.
    """
    pal = palette(theme)
    cols = _columns(columns)
    td = _styles(pal)[0]
    body = "".join(
        "<tr>" + "".join(f'<td style="{td}">'
                         f"{'<b>' if c == 'name' else ''}{_cell_html(r.cell(c), c, pal, compact)}"
                         f"{'</b>' if c == 'name' else ''}</td>" for c in cols) + "</tr>"
        for r in rows)
    return _page(pal, font_pt, title, [header_for(c, kind) for c in cols], body,
                 _notes(cols, caption), tail)


# --- provenance ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Provenance:
    """What a reader of an exported file needs to date and trust it."""

    title: str  # "Peptide Desk — substances compared"
    content_as_of: str
    app_version: str
    view: str  # "comparison table" / "side by side"
    filters: str  # the filters in words ("none" when there are none)
    order: str = ""  # "name (ascending)"
    shown: str = ""  # "2 of 21 substances"
    disclaimer: str = ""

    def fields(self) -> list[tuple[str, str]]:
        """The block's ``label: value`` lines, in order (empty values left out)."""
        rows = [("Content as of", self.content_as_of), ("App version", self.app_version),
                ("View", self.view), ("Filters", self.filters), ("Sorted by", self.order),
                ("Rows", self.shown)]
        return [(k, _one_line(v)) for k, v in rows if v]


def _one_line(text: str) -> str:
    """A value that cannot break the comment block (no line breaks)."""
    return " ".join(text.split())


Label = tuple[str, str, str]  # (short citation, full citation, verification status)


def _ref_label(key: str, lookup: Lookup) -> Label:
    """A key's short and full citation and status label (the key itself when unknown)."""
    ref = lookup(key)
    if ref is None:
        return key, key, "Not in the reference list"
    return ref.short_citation, ref.citation, ref.status_label


def keys_of(cells: Sequence[Cell]) -> list[str]:
    """Every reference key behind ``cells``, in first-seen order."""
    return list(dict.fromkeys(k for c in cells for k in c.refs))


def source_labels(keys: Sequence[str], lookup: Lookup) -> dict[str, Label]:
    """The labels of an export's sources; short citations that would read alike get a
    letter after the year ("Novo Nordisk 2023a", "… 2023b"), so each row's Sources cell
    names exactly one entry of the list."""
    raw = {k: _ref_label(k, lookup) for k in dict.fromkeys(keys)}
    total = Counter(short for short, _full, _status in raw.values())
    seen: Counter[str] = Counter()
    out = {}
    for key, (short, full, status) in raw.items():
        if total[short] > 1:
            seen[short] += 1
            n = seen[short]
            short += ascii_lowercase[n - 1] if n <= len(ascii_lowercase) else f"-{n}"
        out[key] = (short, full, status)
    return out


def sources_text(cells: Sequence[Cell], labels: dict[str, Label]) -> str:
    """A row's Sources cell: 'Frías et al. 2021 [Verified]; …' for the cells shown."""
    keys = keys_of(cells)
    if not keys:
        return NO_SOURCES
    return "; ".join(f"{labels[k][0]} [{labels[k][2]}]" for k in keys)


def source_list(labels: dict[str, Label]) -> list[str]:
    """'Frías et al. 2021 = Frías JP, … [Verified]' for every source, in order."""
    return [f"{short} = {full} [{status}]" for short, full, status in labels.values()]


def provenance_lines(prov: Provenance, keys: Sequence[str], lookup: Lookup) -> list[str]:
    """The provenance as plain lines: the comment block's text and the sidecar's."""
    lines = [prov.title, *(f"{k}: {v}" for k, v in prov.fields())]
    lines.append("Sources (each row's Sources column names them; verification status in "
                 "brackets):")
    lines.extend(f"  {line}" for line in source_list(source_labels(keys, lookup))
                 or [NO_SOURCES])
    if prov.disclaimer:
        lines.append(_one_line(prov.disclaimer))
    return lines


def comment_block(lines: Sequence[str]) -> str:
    """Lines as a CSV comment block: each starts with '# '."""
    return "".join(f"# {line}".rstrip() + "\n" for line in lines)


# --- the table, with its sources ---------------------------------------------------------
def sourced_matrix(rows: Sequence[Row], columns: Sequence[str], kind: str,
                   lookup: Lookup) -> list[list[str]]:
    """The table as shown plus a last Sources column (the references of the cells shown)."""
    cols = _columns(columns)
    labels = source_labels(table_keys(rows, cols), lookup)
    matrix = table_matrix(rows, cols, kind)
    matrix[0].append(SOURCES_HEADER)
    for line, row in zip(matrix[1:], rows, strict=True):
        line.append(sources_text([row.cell(c) for c in cols], labels))
    return matrix


def table_keys(rows: Sequence[Row], columns: Sequence[str]) -> list[str]:
    """Every reference behind the cells shown, in table order."""
    cols = _columns(columns)
    return keys_of([r.cell(c) for r in rows for c in cols])


def sourced_csv(rows: Sequence[Row], columns: Sequence[str], kind: str, prov: Provenance,
                lookup: Lookup, *, strict: bool = False) -> str:
    """The saved CSV: the provenance as a first '#' block (none when ``strict``), the
    header, one line per row shown, and the Sources column."""
    body = _csv(sourced_matrix(rows, columns, kind, lookup))
    if strict:
        return body
    return comment_block(provenance_lines(prov, table_keys(rows, columns), lookup)) + body


def sidecar_name(csv_name: str) -> str:
    """``compare.csv`` → ``compare.sources.txt`` (the strict CSV's provenance)."""
    stem = csv_name[:-4] if csv_name.lower().endswith(".csv") else csv_name
    return stem + SIDECAR_SUFFIX


def sidecar_text(prov: Provenance, keys: Sequence[str], lookup: Lookup, csv_name: str) -> str:
    """The sidecar of a strict CSV: what the comment block would have said, and which file."""
    return "\n".join([f"Provenance of {csv_name}", "",
                      *provenance_lines(prov, keys, lookup)]) + "\n"


def provenance_html(prov: Provenance, keys: Sequence[str], lookup: Lookup,
                    pal: Palette) -> str:
    """The provenance as a closing HTML block (an exported page travels without the app)."""
    facts = "".join(f"<li>{html.escape(k)}: {html.escape(v)}</li>" for k, v in prov.fields())
    refs = "".join(f"<li>{html.escape(line)}</li>"
                   for line in source_list(source_labels(keys, lookup)))
    parts = [f'<div style="color:{pal.text}"><h3>Provenance</h3><ul>{facts}</ul>',
             f"<h3>{SOURCES_HEADER}</h3><ul>{refs or f'<li>{NO_SOURCES}</li>'}</ul>"]
    if prov.disclaimer:
        parts.append(f'<p style="color:{pal.muted}">{html.escape(prov.disclaimer)}</p>')
    return "".join(parts) + "</div>"


def sourced_html(rows: Sequence[Row], columns: Sequence[str], kind: str, prov: Provenance,
                 lookup: Lookup, *, caption: str = "", theme: str = "light") -> str:
    """The saved HTML page: the table as shown, then its provenance and sources."""
    block = provenance_html(prov, table_keys(rows, columns), lookup, palette(theme))
    return to_html(rows, columns, kind, title=prov.title, caption=caption, theme=theme,
                   tail=block)


# --- side by side --------------------------------------------------------------------------
def attribute_label(attr: Attribute) -> str:
    """The attribute's name, with a text marker when the values differ (never colour alone)."""
    return f"{attr.header} — {DIFF_MARK} differs" if attr.differs else attr.header


def side_matrix(rows: Sequence[Row], attributes: Sequence[Attribute],
                lookup: Lookup) -> list[list[str]]:
    """Side by side as shown (attributes as rows, one column per item), plus Sources."""
    head = ["Attribute", *(r.name for r in rows), SOURCES_HEADER]
    labels = source_labels(side_keys(attributes), lookup)
    body = []
    for attr in attributes:
        per_item = [f"{r.name}: {sources_text([c], labels)}"
                    for r, c in zip(rows, attr.cells, strict=True) if c.refs]
        body.append([attribute_label(attr), *(c.plain for c in attr.cells),
                     "; ".join(per_item) or NO_SOURCES])
    return [head, *body]


def side_keys(attributes: Sequence[Attribute]) -> list[str]:
    return keys_of([c for a in attributes for c in a.cells])


def side_csv(rows: Sequence[Row], attributes: Sequence[Attribute], prov: Provenance,
             lookup: Lookup, *, strict: bool = False) -> str:
    """The side-by-side CSV: provenance block (unless ``strict``), then the table shown."""
    body = _csv(side_matrix(rows, attributes, lookup))
    if strict:
        return body
    return comment_block(provenance_lines(prov, side_keys(attributes), lookup)) + body


def side_html(rows: Sequence[Row], attributes: Sequence[Attribute], prov: Provenance,
              lookup: Lookup, *, theme: str = "light", font_pt: float = 10.0) -> str:
    """The side-by-side view as a self-contained HTML page with its provenance."""
    pal = palette(theme)
    td = _styles(pal)[0]
    body = "".join(
        f'<tr><td style="{td}"><b>{html.escape(attribute_label(a))}</b></td>'
        + "".join(f'<td style="{td}">{_cell_html(c, a.column.id, pal, False)}</td>'
                  for c in a.cells) + "</tr>" for a in attributes)
    return _page(pal, font_pt, prov.title, ["Attribute", *(r.name for r in rows)], body,
                 _notes([a.column.id for a in attributes]),
                 provenance_html(prov, side_keys(attributes), lookup, pal))
