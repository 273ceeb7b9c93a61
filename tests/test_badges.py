"""Badges (badges.py): the label always there, and one colour rule wherever a badge is drawn:
evidence neutral, regulatory status coloured (ux.md). No Qt."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from peptide_desk import badges, charts, compare, compare_export, page_safety, pages
from peptide_desk.records import EVIDENCE_ORDER, STATUS_LABELS, VERIFICATION_LABELS
from peptide_desk.store import Store
from peptide_desk.table_pages import table_html
from peptide_desk.themes import PALETTES, Palette, palette

LIGHT = palette("light")
THEMES = list(PALETTES)
#: background colour and label of every badge in an HTML text
BADGE = re.compile(r'<span class="badge" style="background-color:(#\w+);[^"]*">&nbsp;(.*?)&nbsp;')


def text_of(html: str) -> str:
    parts: list[str] = []
    parser = HTMLParser(convert_charrefs=True)
    parser.handle_data = parts.append  # type: ignore[method-assign]
    parser.feed(html)
    return " ".join("".join(parts).split())


def neutral(pal: Palette) -> str:
    return pal.badges["no-evidence"][0]


@pytest.mark.parametrize("theme", THEMES)
def test_a_badge_always_carries_its_label(theme: str) -> None:
    pal = palette(theme)
    vocab = {**STATUS_LABELS, **VERIFICATION_LABELS, "off-label": "Off-label",
             badges.EVIDENCE: "Evidence: Phase 2", "unknown-kind": "Something"}
    for kind, label in vocab.items():
        html = badges.badge_html(kind, label, pal)
        assert badges.nonbreaking(label) in text_of(html)
        assert "background-color:" in html and "font-weight:bold" in html


def test_a_badge_never_breaks_at_its_hyphen() -> None:
    html = badges.badge_html("off-label", "Off-label", LIGHT)
    assert "Off\u2011label" in text_of(html) and "Off-label" not in html
    assert "Off-label" in badges.badge_html("off-label", "Off-label", LIGHT, wrap=True)


def test_high_contrast_badges_are_bracketed_and_light_ones_are_not() -> None:
    assert "[Approved]" in badges.badge_html("approved", "Approved", palette("high-contrast"))
    assert "[" not in badges.badge_html("approved", "Approved", LIGHT)


def test_a_badge_escapes_its_label_and_wraps_only_when_asked() -> None:
    assert "A &lt;b&gt;" in badges.badge_html("approved", "A <b>", LIGHT)
    assert "white-space:nowrap" in badges.badge_html("approved", "Approved", LIGHT)
    assert "nowrap" not in badges.badge_html("approved", "Approved", LIGHT, wrap=True)


@pytest.mark.parametrize("theme", THEMES)
def test_a_regulatory_status_has_its_own_colour_and_evidence_is_neutral(theme: str) -> None:
    pal = palette(theme)
    for status in STATUS_LABELS:
        assert badges.badge_colours(pal, status) == pal.badges[status]
    for level in EVIDENCE_ORDER:
        assert BADGE.findall(badges.evidence_badge(level, pal))[0][0] == neutral(pal)
    for badge in (badges.EVIDENCE, badges.UNVERIFIED, "not-peptide"):
        assert badges.badge_colours(pal, badge) == pal.badges["no-evidence"]
    if theme != "high-contrast":
        assert len({pal.badges[s] for s in STATUS_LABELS}) == len(STATUS_LABELS)


@pytest.mark.parametrize("theme", THEMES)
def test_evidence_is_neutral_in_the_compare_rows_and_their_exports(store: Store,
                                                                  theme: str) -> None:
    """The same evidence level the pages draw neutral was coloured as a status here once."""
    pal = palette(theme)
    for kind in compare.KINDS:
        rows = compare.build_rows(store, kind)
        assert {r.cell("evidence").badge for r in rows} == {badges.EVIDENCE}
        html = compare_export.to_html(rows, ["evidence"], kind, theme=theme)
        found = BADGE.findall(html)
        assert len(found) == len(rows)
        assert {bg for bg, _ in found} == {neutral(pal)}


@pytest.mark.parametrize("theme", THEMES)
def test_a_regulator_is_drawn_in_the_same_colour_on_its_page_and_in_the_table(
        store: Store, theme: str) -> None:
    pal = palette(theme)
    for summary in store.substances():
        sub = store.substance(summary.id)
        assert sub is not None
        row = compare.substance_row(sub)
        for which, reg in (("fda", sub.fda), ("ema", sub.ema)):
            page_bg = BADGE.findall(page_safety.regulator_badge(reg, pal))[0][0]
            assert page_bg == badges.badge_colours(pal, row.cell(which).badge)[0], (sub.id, which)
            assert badges.regulator_colour(reg) == row.cell(which).badge


def test_every_badge_on_the_pages_tables_and_charts_uses_the_palette(store: Store) -> None:
    """Each page kind draws its badges with badge_html, in a colour of the palette."""
    colours = {bg for bg, _ in LIGHT.badges.values()}
    sub = store.substance("semaglutide")
    ref = store.reference("bramnert2003")
    table = store.table("gh-peptide-comparison")
    chart = store.chart(store.chart_ids()[0][0])
    assert sub is not None and ref is not None and table is not None and chart is not None
    spec = charts.prepare(chart)
    for html in (pages.substance_html(store, sub, LIGHT), pages.reference_html(store, ref, LIGHT),
                 pages.references_index_html(store, LIGHT), table_html(store, table, LIGHT),
                 charts.notes_html(spec, [(k, store.reference(k)) for k in chart.refs], LIGHT),
                 compare.provenance_html("h", compare.substance_row(sub).cell("fda"),
                                         store.reference)):
        found = BADGE.findall(html)
        assert found and {bg for bg, _ in found} <= colours
        assert html.count("background-color:") == len(found)  # no badge drawn by hand
