"""Saved comparison files carry their provenance: content date, app version, filters and,
per row, the sources and their verification status (no Qt)."""

from __future__ import annotations

import csv
import dataclasses
import io

from peptide_desk import compare, compare_export
from peptide_desk.compare_export import Provenance
from peptide_desk.records import Reference
from peptide_desk.store import Store

PROV = Provenance("Peptide Desk — substances compared", "2026-12-03", "9.9.9",
                  "comparison table", "text “glp”", "name (ascending)", "1 of 2 substances",
                  "Educational reference, not medical advice.")


def body(text: str) -> list[list[str]]:
    """The CSV rows after the provenance block."""
    lines = [x for x in text.splitlines(keepends=True) if not x.startswith("#")]
    return list(csv.reader(io.StringIO("".join(lines))))


def test_csv_starts_with_the_provenance_block(store: Store) -> None:
    rows = compare.substance_rows(store)
    text = compare_export.sourced_csv(rows, ["fda", "evidence"], "substance", PROV,
                                      store.reference)
    block = [x for x in text.splitlines() if x.startswith("#")]
    assert text.startswith("# Peptide Desk — substances compared\n")
    assert block[1:7] == ["# Content as of: 2026-12-03", "# App version: 9.9.9",
                          "# View: comparison table", "# Filters: text “glp”",
                          "# Sorted by: name (ascending)", "# Rows: 1 of 2 substances"]
    assert block[-1] == "# Educational reference, not medical advice."
    assert text.splitlines()[len(block)] == "Name,FDA status,Evidence level,Sources"
    listed = [x for x in block if x.startswith("#   ")]
    keys = compare_export.table_keys(rows, ["fda", "evidence"])
    assert len(listed) == len(keys) > 0
    drucker = store.reference("drucker2006")
    assert drucker is not None and drucker.citation in text


def test_rows_and_columns_are_those_shown_plus_sources(store: Store) -> None:
    rows = compare.sort_rows(compare.substance_rows(store), "name", descending=True)
    cols = ["evidence", "mechanism"]
    parsed = body(compare_export.sourced_csv(rows, cols, "substance", PROV, store.reference))
    assert parsed[0] == ["Name", "Evidence level", "Mechanism", "Sources"]
    assert [p[:-1] for p in parsed[1:]] == [[r.cell(c).plain for c in ["name", *cols]]
                                            for r in rows]
    for line, row in zip(parsed[1:], rows, strict=True):
        for key in compare_export.keys_of([row.cell(c) for c in ["name", *cols]]):
            ref = store.reference(key)
            assert ref is not None
            assert f"{ref.short_citation} [{ref.status_label}]" in line[-1]


def test_strict_csv_has_no_comment_lines_and_a_sidecar(store: Store) -> None:
    rows = compare.substance_rows(store)
    strict = compare_export.sourced_csv(rows, ["fda"], "substance", PROV, store.reference,
                                        strict=True)
    assert not any(x.startswith("#") for x in strict.splitlines())
    assert strict.splitlines()[0] == "Name,FDA status,Sources"
    keys = compare_export.table_keys(rows, ["fda"])
    side = compare_export.sidecar_text(PROV, keys, store.reference, "glp.csv")
    assert side.startswith("Provenance of glp.csv\n\nPeptide Desk — substances compared\n")
    assert "Content as of: 2026-12-03\nApp version: 9.9.9\n" in side
    full = compare_export.sourced_csv(rows, ["fda"], "substance", PROV, store.reference)
    block = [x[2:] for x in full.splitlines() if x.startswith("# ")]
    assert side.splitlines()[2:] == block
    assert compare_export.sidecar_name("glp.CSV") == "glp.sources.txt"
    assert compare_export.sidecar_name("glp") == "glp.sources.txt"


def test_a_value_cannot_break_the_comment_block(store: Store) -> None:
    prov = dataclasses.replace(PROV, filters="text “a\nb,c”\r\n=1")
    text = compare_export.sourced_csv([], ["fda"], "substance", prov, store.reference)
    assert "# Filters: text “a b,c” =1\n" in text
    assert all(x.startswith("#") for x in text.splitlines()[:-1])


def _ref(key: str, authors: str, year: int, title: str) -> Reference:
    return Reference(key, authors, title, "J", year, "", "", "", "", "", "", "journal",
                     "verified", "", (), ())


def test_short_citations_that_read_alike_get_a_letter() -> None:
    refs = {"a": _ref("a", "Novo Nordisk", 2023, "One"),
            "b": _ref("b", "Novo Nordisk", 2023, "Two"),
            "c": _ref("c", "Drucker DJ", 2006, "Three")}
    labels = compare_export.source_labels(["a", "c", "b", "a", "zz"], refs.get)
    assert [v[0] for v in labels.values()] == ["Novo Nordisk 2023a", "Drucker 2006",
                                               "Novo Nordisk 2023b", "zz"]
    assert labels["zz"][2] == "Not in the reference list"
    cell = compare.Cell("x", ("b", "a"))
    assert compare_export.sources_text([cell], labels) == (
        "Novo Nordisk 2023b [Verified]; Novo Nordisk 2023a [Verified]")
    assert compare_export.sources_text([compare.Cell("x")], labels) == "No reference recorded"


def test_side_by_side_as_shown_with_sources(store: Store) -> None:
    rows = compare.find_rows(store, ["semaglutide", "tesamorelin"])
    attrs = [a for a in compare.side_by_side(rows) if a.differs][:3]
    prov = dataclasses.replace(PROV, view="side by side", filters="only attributes that differ")
    parsed = body(compare_export.side_csv(rows, attrs, prov, store.reference))
    assert parsed[0] == ["Attribute", "Semaglutide", "Tesamorelin", "Sources"]
    assert [p[0] for p in parsed[1:]] == [f"{a.header} — ≠ differs" for a in attrs]
    assert [p[1:3] for p in parsed[1:]] == [[c.plain for c in a.cells] for a in attrs]
    assert parsed[1][3].startswith("Semaglutide: ")
    page = compare_export.side_html(rows, attrs, prov, store.reference)
    assert "<h3>Provenance</h3>" in page and "Content as of: 2026-12-03" in page
    assert page.count("<tr>") == 1 + len(attrs) and "≠ differs" in page


def test_html_page_ends_with_provenance_and_sources(store: Store) -> None:
    rows = compare.substance_rows(store)
    page = compare_export.sourced_html(rows, ["evidence"], "substance", PROV, store.reference,
                                       caption="Filter: none.")
    table_end = page.index("</table>")
    assert page.index("<h3>Provenance</h3>") > table_end
    assert "App version: 9.9.9" in page and "<h3>Sources</h3>" in page
    assert page.endswith("</div></body></html>")
