"""Page HTML composed from the fixture and the real corpus (pure Python, no Qt)."""

from __future__ import annotations

import html
import re
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest

from peptide_desk import pages
from peptide_desk.citations import full_citation, short_citation
from peptide_desk.records import EVIDENCE_LABELS, STATUS_LABELS, TIERS
from peptide_desk.store import Store
from peptide_desk.table_pages import table_html, table_not_found_html
from peptide_desk.themes import PALETTES, palette

LIGHT = palette("light")
VOID = {"br", "hr", "img", "meta", "link", "col", "input"}
ANCHOR = re.compile(r'<a name="([^"]+)"')
CITE = re.compile(r'<a href="ref:([^"]+)"[^>]*>(\d+)</a>')


class _Balance(HTMLParser):
    """Fails on a closing tag that does not match the open one, or tags left open."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parsed(html: str) -> str:
    """Parse ``html`` strictly; return its visible text."""
    parser = _Balance()
    parser.feed(html)
    parser.close()
    assert not parser.stack, f"unclosed: {parser.stack}"
    return " ".join("".join(parser.text).split())


def references_part(html: str) -> str:
    """The page from its 'References' heading on."""
    assert "<h2>References</h2>" in html
    return html.split("<h2>References</h2>", 1)[1]


# --- substance pages ------------------------------------------------------------------------
def test_substance_html_shows_status_evidence_and_regulators(store: Store) -> None:
    for summary in store.substances():
        sub = store.substance(summary.id)
        assert sub is not None
        html = pages.substance_html(store, sub, LIGHT)
        text = parsed(html)
        assert sub.status_label in text
        assert EVIDENCE_LABELS[sub.evidence_level] in text
        for reg in (sub.fda, sub.ema):
            assert reg.status in text and reg.date in text
        assert f"Status checked {sub.status_checked}" in text
        for reg in (sub.fda, sub.ema):
            assert f"status checked {reg.checked}" in text
        assert f'href="class:{sub.class_id}"' in html


def test_substance_html_dosing_has_prefix_or_says_none(store: Store) -> None:
    with_dose = store.substance("semaglutide")
    without = store.substance("tesamorelin")
    assert with_dose is not None and with_dose.dosing is not None
    assert without is not None and without.dosing is None
    text = parsed(pages.substance_html(store, with_dose, LIGHT))
    assert "As reported in Drucker 2006[1]; not a dosing recommendation." in text
    assert "0.25 mg weekly, titrated." in text
    text = parsed(pages.substance_html(store, without, LIGHT))
    assert "No dosing is shown: no checked source gives one." in text
    assert "not a dosing recommendation" not in text


def test_substance_html_unconfirmed_regulatory_row_is_marked(store: Store) -> None:
    sema = store.substance("semaglutide")
    tesa = store.substance("tesamorelin")
    assert sema is not None and tesa is not None
    text = parsed(pages.substance_html(store, sema, LIGHT))
    assert text.count("(not confirmed)") == 1  # the EMA row of the table
    assert text.count("— not confirmed") == 1  # the EMA status line at the top
    assert "not confirmed" not in parsed(pages.substance_html(store, tesa, LIGHT))


def test_a_hedge_in_the_status_text_is_said_once(store: Store) -> None:
    sema = store.substance("semaglutide")
    assert sema is not None
    hedged = replace(sema, ema=replace(sema.ema, status="Not authorised (not verified)"))
    text = parsed(pages.substance_html(store, hedged, LIGHT))
    assert "not verified" not in text and "Not authorised — not confirmed" in text


def test_an_old_status_check_says_it_may_be_out_of_date(store: Store) -> None:
    sema = store.substance("semaglutide")
    assert sema is not None
    old = replace(sema, ema=replace(sema.ema, checked="2024-12"))
    text = parsed(pages.substance_html(store, old, LIGHT))
    assert "status checked 2024-12 — over a year before the content date" in text
    assert "status checked 2026-01-10 —" not in text


def test_substance_html_citations_link_refs_listed_at_the_end(store: Store) -> None:
    sub = store.substance("semaglutide")
    assert sub is not None
    html = pages.substance_html(store, sub, LIGHT)
    body, refs = html.split("<h2>References</h2>", 1)
    cited = {(key, n) for key, n in CITE.findall(body)}
    assert ("drucker2006", "1") in cited
    for key, n in cited:
        assert f'[{n}] <a href="ref:{key}">' in refs
    assert "Verified" in parsed(refs)


def test_substance_html_mentions_related_compare_and_note(store: Store) -> None:
    sub = store.substance("semaglutide")
    assert sub is not None and sub.mentions
    html = pages.substance_html(store, sub, LIGHT, note="first <line>\nsecond")
    for m in sub.mentions:
        assert f'href="article:{m.article_id}#{m.anchor}"' in html
        assert m.section_title in html
    assert 'href="substance:tesamorelin"' in html
    assert STATUS_LABELS["approved-narrow"] in parsed(html)  # related substance's badge
    assert 'href="compare:semaglutide"' in html
    assert "first &lt;line&gt;<br>second" in html
    assert "Off-label" in parsed(html)


def test_substance_html_escapes_content_and_marks_non_peptides(store: Store) -> None:
    sub = store.substance("tesamorelin")
    assert sub is not None
    odd = replace(sub, name="A<B>", is_peptide=False, off_label="")
    html = pages.substance_html(store, odd, LIGHT)
    assert "<h1>A&lt;B&gt;</h1>" in html
    assert "Not a peptide" in parsed(html)
    assert "Off-label" not in parsed(html)


# --- articles ---------------------------------------------------------------------------------
EXPECTED_REFS = {"fundamentals": {"drucker2006", "bramnert2003"},
                 "intermediate": {"drucker2006", "bramnert2003"},
                 "academic": {"drucker2006", "bramnert2003", "polonsky2012"}}


@pytest.mark.parametrize("tier", TIERS)
def test_article_html_shows_exactly_the_tier_sections(store: Store, tier: str) -> None:
    article = store.article("gh-basics")
    assert article is not None
    html = pages.article_html(store, article, tier, LIGHT)
    text = parsed(html)
    level = TIERS.index(tier)
    expected = [s.anchor for s in article.sections if TIERS.index(s.tier) <= level]
    assert ANCHOR.findall(html) == expected
    assert text.startswith(article.title)
    assert f"Content as of {article.as_of} · {article.minutes_for(tier)} min read" in text
    assert article.summary in text
    for t in TIERS:
        label = f'<p class="tier-label">{t.title()}</p>'
        assert (label in html) == (TIERS.index(t) <= level)
    assert text.endswith(store.site().disclaimer_short)


@pytest.mark.parametrize("tier", TIERS)
def test_article_html_lists_only_references_cited_in_view(store: Store, tier: str) -> None:
    article = store.article("gh-basics")
    assert article is not None
    refs = references_part(pages.article_html(store, article, tier, LIGHT))
    listed = dict(re.findall(r'\[(\d+)\] <a href="ref:([^"]+)"', refs))
    numbers = {key: n for n, key in article.citations}
    assert set(listed.values()) == EXPECTED_REFS[tier]
    assert all(numbers[key] == int(n) for n, key in listed.items())
    assert "The source reversed the title." in refs  # corrected: its note is shown
    assert ("Not found in any checked source." in refs) == (tier == "academic")


def test_print_article_html_has_header_references_and_full_disclaimer(store: Store) -> None:
    article = store.article("gh-basics")
    assert article is not None
    site = store.site()
    html = pages.print_article_html(store, article, "academic", LIGHT)
    text = parsed(html)
    assert text.startswith(f"Peptide Desk · content as of {site.content_as_of}")
    assert site.disclaimer_html in html
    assert html.index("<h2>References</h2>") < html.index("<h2>Disclaimer</h2>")
    assert 'href="ref:polonsky2012"' in html


def test_print_substance_html_has_disclaimer_and_no_compare_link(store: Store) -> None:
    sub = store.substance("semaglutide")
    assert sub is not None
    html = pages.print_substance_html(store, sub, LIGHT)
    assert store.site().disclaimer_html in html
    assert "compare:" not in html
    assert "not a dosing recommendation" in parsed(html)
    assert "<h2>References</h2>" in html


# --- classes, glossary, references ------------------------------------------------------------
def test_class_html_lists_members_with_status(store: Store) -> None:
    cls = store.drug_class("glp1-ra")
    assert cls is not None
    html = pages.class_html(store, cls, LIGHT)
    text = parsed(html)
    assert 'href="substance:semaglutide"' in html
    assert "Approved" in text and "Approved product" in text
    assert "Large HbA1c falls." in text
    assert 'href="article:gh-basics#insulin-basics"' in html
    assert '[1] <a href="ref:drucker2006">' in references_part(html)


def test_term_html_shows_expansion_definition_and_see_also(store: Store) -> None:
    term = store.term("glp-1")
    assert term is not None
    html = pages.term_html(store, term, LIGHT)
    text = parsed(html)
    assert "glucagon-like peptide-1" in text and term.definition in text
    assert "GLP1" in text
    assert '<a href="glossary:insulin-resistance">Insulin resistance</a>' in html


def test_reference_html_explains_status_and_gives_identifiers(store: Store) -> None:
    ref = store.reference("drucker2006")
    assert ref is not None
    html = pages.reference_html(store, ref, LIGHT)
    text = parsed(html)
    assert "10.1016/j.cmet.2006.01.004" in text and "16517403" in text
    assert '<a href="https://doi.org/10.1016/j.cmet.2006.01.004"' in html
    assert '<a href="https://pubmed.ncbi.nlm.nih.gov/16517403/"' in html
    assert "Verified" in text and "seen as written on a primary page" in text
    corrected = store.reference("bramnert2003")
    assert corrected is not None
    html = pages.reference_html(store, corrected, LIGHT)
    text = parsed(html)
    assert "Corrected" in text and "The source reversed the title." in text
    assert "GH replacement therapy does not increase insulin resistance" in text
    assert 'href="article:gh-basics#insulin-basics"' in html
    assert 'href="substance:tesamorelin"' in html


def test_a_citations_hover_title_is_its_reference_list_entry(store: Store) -> None:
    """The build and the pages cite through citations.py: the title of a citation number in
    an article is the citation its reference list shows."""
    seen = 0
    for summary in store.articles():
        article = store.article(summary.id)
        assert article is not None
        for sec in article.sections:
            for key, title in re.findall(r'<a href="ref:([^"]+)" title="([^"]*)"', sec.html):
                ref = store.reference(key)
                assert ref is not None and html.unescape(title) == ref.citation
                seen += 1
    assert seen


def test_the_table_page_cites_its_rows_in_short(store: Store) -> None:
    table = store.table("gh-peptide-comparison")
    assert table is not None
    page = table_html(store, table, LIGHT)
    text = parsed(page)
    for key in {k for row in table.rows for k in row.refs}:
        ref = store.reference(key)
        assert ref is not None
        assert f'<a href="ref:{key}">{html.escape(ref.short_citation)}</a>' in page
        assert ref.citation in text and ref.status_label in text
    assert "Corrected from the source article" in text and table.correction in text
    assert "Table not found" in parsed(table_not_found_html("x<y"))


def test_short_citation_forms(store: Store) -> None:
    ref = store.reference("bramnert2003")
    assert ref is not None
    assert ref.short_citation == "Bramnert et al. 2003"
    assert replace(ref, authors="U.S. Food and Drug Administration",
                   year=2021).short_citation == "U.S. Food and Drug Administration 2021"
    assert short_citation("Drucker DJ", 2006) == "Drucker 2006"
    assert short_citation("Falutz J, et al.", 2007) == "Falutz et al. 2007"
    assert short_citation("Frías JP, Davies MJ", "2021") == "Frías et al. 2021"
    assert short_citation("DailyMed (U.S. National Library of Medicine)", 2022) == (
        "DailyMed 2022")
    assert full_citation("Cuneo RC, et al.", "A title.", "Clin Endocrinol", 1998, "48",
                         "1-10") == "Cuneo RC, et al. A title. Clin Endocrinol 1998;48:1-10."
    assert full_citation("European Medicines Agency", "EPAR", "", 2012) == (
        "European Medicines Agency. EPAR. 2012.")


def test_index_pages_group_and_count(store: Store) -> None:
    text = parsed(pages.references_index_html(store, LIGHT))
    assert "Verified (1)" in text and "Corrected (1)" in text and "Unconfirmed (1)" in text
    html = pages.glossary_index_html(store, LIGHT)
    assert 'href="glossary:glp-1"' in html and 'href="glossary:insulin-resistance"' in html
    html = pages.library_html(store, LIGHT)
    assert 'href="article:gh-basics"' in html and 'href="class:glp1-ra"' in html
    assert "Approved — narrow indication" in parsed(html)
    assert "+ Academic 3 min" in parsed(html)


def test_home_html_links_articles_views_and_shows_disclaimer(store: Store) -> None:
    html = pages.home_html(store, LIGHT)
    text = parsed(html)
    for a in store.articles():
        assert f'href="article:{a.id}"' in html and a.summary in text
    for view in ("compare", "charts", "glossary", "references"):
        assert f'href="view:{view}"' in html
    assert "Ctrl+K" in text and "F5" in text
    assert store.site().disclaimer_html in html


# --- every page of the real corpus ------------------------------------------------------------
@pytest.mark.slow
def test_every_real_page_renders_and_citations_match(real_db: Path) -> None:
    st = Store(real_db)
    try:
        for pal in PALETTES.values():
            for summary in st.articles():
                article = st.article(summary.id)
                assert article is not None
                for tier in TIERS:
                    html = pages.article_html(st, article, tier, pal)
                    parsed(html)
                    body, refs = html.split("<h2>References</h2>", 1)
                    for key, n in set(CITE.findall(body)):
                        assert f'[{n}] <a href="ref:{key}">' in refs, (article.id, tier, key)
                    parsed(pages.print_article_html(st, article, tier, pal))
            for s in st.substances():
                full = st.substance(s.id)
                assert full is not None
                text = parsed(pages.substance_html(st, full, pal, "note"))
                assert full.status_label in text
                assert ("not a dosing recommendation" in text) == (full.dosing is not None)
                parsed(pages.print_substance_html(st, full, pal))
            for c in st.classes():
                cls = st.drug_class(c.id)
                assert cls is not None
                parsed(pages.class_html(st, cls, pal))
            for t in st.glossary():
                parsed(pages.term_html(st, t, pal))
            for r in st.references():
                parsed(pages.reference_html(st, r, pal))
            for index in (pages.home_html, pages.library_html, pages.glossary_index_html,
                          pages.references_index_html, pages.substances_index_html):
                parsed(index(st, pal))
    finally:
        st.close()


def test_identifiers_lead_to_their_resolvers(store: Store) -> None:
    """DOI and PMID are https links (the window asks before opening them), on the reference
    page and in every reference list entry; a malformed identifier gives no link."""
    from peptide_desk import citations, links
    from peptide_desk.page_parts import identifiers_line, reference_item

    assert citations.doi_url("10.1016/S2213-8587(21)00174-1") == (
        "https://doi.org/10.1016/S2213-8587(21)00174-1")
    assert citations.doi_url("10.1002/(SICI)1097-4636<1>3.0.CO;2-F") == (
        "https://doi.org/10.1002/(SICI)1097-4636%3C1%3E3.0.CO;2-F")
    assert citations.pubmed_url("16517403") == "https://pubmed.ncbi.nlm.nih.gov/16517403/"
    assert citations.pmc_url("PMC3348954") == "https://pmc.ncbi.nlm.nih.gov/articles/PMC3348954/"
    for bad in ("doi:10.1/x", "10.1016/a b", "10.1016/a\"onclick=x", "10.1016/a#b"):
        assert citations.doi_url(bad) == ""
    assert citations.pubmed_url("0123") == citations.pubmed_url("PMID1") == ""
    ref = store.reference("drucker2006")
    assert ref is not None
    line = identifiers_line(ref)
    assert line == ('DOI <a href="https://doi.org/10.1016/j.cmet.2006.01.004" '
                    'title="https://doi.org/10.1016/j.cmet.2006.01.004">10.1016/j.cmet.2006.01.004'
                    '</a> · PMID <a href="https://pubmed.ncbi.nlm.nih.gov/16517403/" '
                    'title="https://pubmed.ncbi.nlm.nih.gov/16517403/">16517403</a>')
    assert line in reference_item(1, ref, ref.key, LIGHT)
    assert line in pages.references_index_html(store, LIGHT)
    for url in re.findall(r'href="(https://[^"]+)"', line):
        assert links.link_kind(url) == links.EXTERNAL
    bare = replace(ref, doi="", pmid="not a pmid")
    assert identifiers_line(bare) == "" and "pubmed" not in reference_item(1, bare, "k", LIGHT)
