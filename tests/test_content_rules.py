"""Every content rule has a failing fixture: one mutation of the valid corpus, one problem.

Each case copies tests/fixtures/content, changes one thing and checks that ``load_corpus``
reports it with the right message, file and line (the line is found in the mutated file,
so the test checks that the message points at the place that was broken).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from peptide_desk import cli
from peptide_desk.content.sources import Problem
from peptide_desk.content.validate import load_corpus

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "content"
ARTICLE = "articles/01-gh-basics.md"


@dataclass
class Content:
    """A writable copy of the fixture corpus."""

    root: Path

    def text(self, name: str) -> str:
        return (self.root / name).read_text(encoding="utf-8")

    def mutate(self, name: str, old: str, new: str) -> None:
        """Replace the single occurrence of ``old`` in ``name`` by ``new``."""
        text = self.text(name)
        assert text.count(old) == 1, f"{old!r} must occur exactly once in {name}"
        (self.root / name).write_text(text.replace(old, new), encoding="utf-8")

    def line_of(self, name: str, needle: str, nth: int = 0) -> int:
        """1-based line of the ``nth`` line of ``name`` containing ``needle``."""
        hits = [i for i, ln in enumerate(self.text(name).split("\n"), 1) if needle in ln]
        assert len(hits) > nth, f"{needle!r} not found in {name}"
        return hits[nth]

    def problems(self) -> list[Problem]:
        return load_corpus(self.root).problems


@pytest.fixture
def content(tmp_path: Path) -> Content:
    root = tmp_path / "content"
    shutil.copytree(FIXTURE, root)
    return Content(root)


def expect(problems: list[Problem], name: str, line: int, text: str) -> Problem:
    """The problem in file ``name`` at ``line`` whose message contains ``text``."""
    for p in problems:
        if p.file.replace("\\", "/").endswith(name) and p.line == line and text in p.message:
            return p
    listing = "\n".join(str(p) for p in problems) or "(no problems)"
    raise AssertionError(f"expected {name}:{line}: …{text}…\ngot:\n{listing}")


# --- the valid corpus ----------------------------------------------------------------------------

def test_valid_fixture_has_no_problems() -> None:
    corpus = load_corpus(FIXTURE)
    assert corpus.problems == []
    assert [a.id for a in corpus.articles] == ["gh-basics"]
    assert [s.tier for s in corpus.articles[0].sections] == [
        "fundamentals", "intermediate", "academic"]


# --- shape of the data files ---------------------------------------------------------------------

def test_missing_required_field(content: Content) -> None:
    content.mutate("substances.toml", 'receptor = "GLP-1 receptor"\n', "")
    expect(content.problems(), "substances.toml", content.line_of("substances.toml",
           "[[substance]]"), "missing required field 'receptor'")


def test_missing_required_field_in_subtable(content: Content) -> None:
    content.mutate("substances.toml", 'detail = "Not verified."\n', "")
    expect(content.problems(), "substances.toml",
           content.line_of("substances.toml", "[substance.ema]"),
           "missing required field 'detail' in [ema]")


def test_missing_required_field_in_second_row(content: Content) -> None:
    content.mutate("tables.toml", 'refs = ["drucker2006"]\n', "")
    expect(content.problems(), "tables.toml", content.line_of("tables.toml", "[[table.row]]", 1),
           "missing required field 'refs' in [row]")


def test_unknown_key(content: Content) -> None:
    content.mutate("substances.toml", 'name = "Semaglutide"\n',
                   'name = "Semaglutide"\ncolour = "red"\n')
    expect(content.problems(), "substances.toml", content.line_of("substances.toml", "colour"),
           "unknown key 'colour'")


def test_unknown_key_in_table_row(content: Content) -> None:
    content.mutate("tables.toml", 'link = "substance:semaglutide"',
                   'link = "substance:semaglutide"\nlnik = "x"')
    expect(content.problems(), "tables.toml", content.line_of("tables.toml", "lnik"),
           "unknown key 'lnik'")


def test_unknown_top_level_key(content: Content) -> None:
    content.mutate("glossary.toml", '[[term]]\nid = "glp-1"', 'terms = 1\n[[term]]\nid = "glp-1"')
    expect(content.problems(), "glossary.toml", 1, "unknown top-level key 'terms'")


@pytest.mark.parametrize(("name", "old", "new", "message"), [
    ("substances.toml", 'status = "approved"\n', 'status = "aproved"\n',
     "'status' is 'aproved'; use one of"),
    ("substances.toml", 'evidence_level = "approved"\noff_label',
     'evidence_level = "phase-4"\noff_label', "'evidence_level' is 'phase-4'; use one of"),
    ("references.toml", 'status = "verified"', 'status = "checked"',
     "'status' is 'checked'; use one of: verified, corrected, secondary, identified, "
     "unconfirmed"),
    ("tables.toml", 'tier = "intermediate"', 'tier = "advanced"',
     "'tier' is 'advanced'; use one of: fundamentals, intermediate, academic"),
    ("charts.toml", 'kind = "schematic"', 'kind = "sketch"', "'kind' is 'sketch'"),
    ("references.toml", 'status = "unconfirmed"', 'status = "Unconfirmed"',
     "'status' is 'Unconfirmed'"),
])
def test_bad_enum(content: Content, name: str, old: str, new: str, message: str) -> None:
    content.mutate(name, old, new)
    needle = new.split("\n")[0]
    expect(content.problems(), name, content.line_of(name, needle), message)


@pytest.mark.parametrize(("name", "old", "new"), [
    ("glossary.toml", 'id = "glp-1"', 'id = "GLP_1"'),
    ("references.toml", 'key = "polonsky2012"', 'key = "Polonsky 2012"'),
    ("classes.toml", 'id = "ghrh-analogues"', 'id = "-ghrh"'),
])
def test_bad_id_pattern(content: Content, name: str, old: str, new: str) -> None:
    content.mutate(name, old, new)
    expect(content.problems(), name, content.line_of(name, new), "has the wrong form")


def test_bad_date(content: Content) -> None:
    content.mutate("substances.toml", 'checked = "2026-01-10"', 'checked = "10/01/2026"')
    expect(content.problems(), "substances.toml", content.line_of("substances.toml",
           "10/01/2026"), "'checked' '10/01/2026' has the wrong form")


def test_wrong_type(content: Content) -> None:
    content.mutate("substances.toml", "is_peptide = true\nsummary = \"Long",
                   "is_peptide = \"yes\"\nsummary = \"Long")
    expect(content.problems(), "substances.toml", content.line_of("substances.toml",
           'is_peptide = "yes"'), "must be true or false")


@pytest.mark.parametrize(("name", "old", "new", "kind"), [
    ("glossary.toml", 'id = "insulin-resistance"', 'id = "glp-1"', "term 'glp-1'"),
    ("references.toml", 'key = "polonsky2012"', 'key = "drucker2006"',
     "reference 'drucker2006'"),
    ("substances.toml", 'id = "tesamorelin"', 'id = "semaglutide"', "substance 'semaglutide'"),
])
def test_duplicate_id(content: Content, name: str, old: str, new: str, kind: str) -> None:
    content.mutate(name, old, new)
    expect(content.problems(), name, content.line_of(name, new, nth=1), f"duplicate {kind}")


def test_duplicate_article_id(content: Content) -> None:
    shutil.copy(content.root / ARTICLE, content.root / "articles" / "02-copy.md")
    expect(content.problems(), "articles/02-copy.md", 2, "duplicate article id 'gh-basics'")


# --- references ----------------------------------------------------------------------------------

@pytest.mark.parametrize("note", ['note = "The source reversed the title."',
                                  'note = "Not found in any checked source."'])
def test_corrected_or_unconfirmed_reference_needs_note(content: Content, note: str) -> None:
    content.mutate("references.toml", note + "\n", "")
    status = "corrected" if "reversed" in note else "unconfirmed"
    expect(content.problems(), "references.toml",
           content.line_of("references.toml", f'status = "{status}"'),
           f"status '{status}' needs a note")


@pytest.mark.parametrize(("key", "bad", "message"), [
    ("doi", "doi:10.1016/j.cmet.2006.01.004", "is not of the form 10.NNNN/"),
    ("doi", "https://doi.org/10.1016/j.cmet.2006.01.004", "is not of the form 10.NNNN/"),
    ("pmid", "PMID16517403", "pmid must be digits only"),
    ("pmid", "016517403", "pmid must be digits only"),
    ("doi", "10.1016/j.cmet 2006", "is not of the form 10.NNNN/"),
    ("doi", "10.1016/j.cmet.2006\\u0022", "is not of the form 10.NNNN/"),
    ("doi", "10.1016/a#b", "is not of the form 10.NNNN/"),
])
def test_bad_identifier(content: Content, key: str, bad: str, message: str) -> None:
    good = {"doi": "10.1016/j.cmet.2006.01.004", "pmid": "16517403"}[key]
    content.mutate("references.toml", f'{key} = "{good}"', f'{key} = "{bad}"')
    expect(content.problems(), "references.toml", content.line_of("references.toml", bad),
           message)


def test_pmcid_must_be_pmc_and_digits(content: Content) -> None:
    content.mutate("references.toml", 'pmid = "16517403"', 'pmid = "16517403"\npmcid = "3348954"')
    expect(content.problems(), "references.toml", content.line_of("references.toml", "3348954"),
           "pmcid must be PMC followed by digits")


def test_reference_url_must_be_https(content: Content) -> None:
    content.mutate("references.toml", 'journal = "Lancet"',
                   'journal = "Lancet"\nurl = "http://example.org/paper"')
    expect(content.problems(), "references.toml",
           content.line_of("references.toml", "http://example.org"), "url must start with https")


# --- substances, classes, glossary ---------------------------------------------------------------

def test_substance_unknown_class(content: Content) -> None:
    content.mutate("substances.toml", 'class = "ghrh-analogues"', 'class = "ghrh-analogs"')
    problems = content.problems()
    expect(problems, "substances.toml", content.line_of("substances.toml", "ghrh-analogs"),
           "class 'ghrh-analogs' is not defined in classes.toml")


def test_class_without_members(content: Content) -> None:
    extra = ('\n[[class]]\nid = "amylin-analogues"\nname = "Amylin analogues"\n'
             'summary = "s"\nmechanism = "m"\ntargets = "t"\ntarget_organs = "o"\n'
             'route = "r"\ndosing_frequency = "d"\ninsulin_effect = "i"\n'
             'refs = ["drucker2006"]\n')
    (content.root / "classes.toml").write_text(content.text("classes.toml") + extra)
    expect(content.problems(), "classes.toml", content.line_of("classes.toml", "[[class]]", 2),
           "class 'amylin-analogues' has no member")


@pytest.mark.parametrize(("old", "new", "needle", "message"), [
    ('refs = ["bramnert2003"]\n\n[substance.fda]\nstatus = "Approved (narrow)"',
     'refs = ["nobody2020"]\n\n[substance.fda]\nstatus = "Approved (narrow)"',
     "nobody2020", "unknown reference key 'nobody2020'"),
    ('source = "drucker2006"', 'source = "nobody2020"', "nobody2020",
     "dosing source 'nobody2020' must be a reference key"),
    ('related = ["tesamorelin"]', 'related = ["sermorelin"]', "sermorelin",
     "related 'sermorelin' is not a substance id"),
    ('mechanism = ["drucker2006"]', 'mechanism = ["nobody2020"]', "nobody2020",
     "provenance.mechanism: unknown reference key"),
])
def test_substance_references(content: Content, old: str, new: str, needle: str,
                              message: str) -> None:
    content.mutate("substances.toml", old, new)
    expect(content.problems(), "substances.toml", content.line_of("substances.toml", needle),
           message)


def test_regulatory_refs_point_into_their_table(content: Content) -> None:
    content.mutate("substances.toml", 'detail = "Ozempic for type 2 diabetes."\n'
                   'refs = ["drucker2006"]', 'detail = "Ozempic for type 2 diabetes."\n'
                   'refs = ["nobody2020"]')
    expect(content.problems(), "substances.toml", content.line_of("substances.toml",
           "nobody2020"), "[fda]: unknown reference key 'nobody2020'")


def test_glossary_see_also_unknown(content: Content) -> None:
    content.mutate("glossary.toml", 'see_also = ["insulin-resistance"]',
                   'see_also = ["insulin-resistence"]')
    expect(content.problems(), "glossary.toml", content.line_of("glossary.toml", "see_also"),
           "see_also 'insulin-resistence' is not a glossary id")


# --- tables and charts ---------------------------------------------------------------------------

def test_table_row_cell_count(content: Content) -> None:
    content.mutate("tables.toml", 'cells = ["Semaglutide", "GLP-1 receptor agonist"]',
                   'cells = ["Semaglutide"]')
    expect(content.problems(), "tables.toml", content.line_of("tables.toml", '["Semaglutide"]'),
           "row 2: 1 cells for 2 columns")


def test_table_row_unknown_ref(content: Content) -> None:
    content.mutate("tables.toml", 'refs = ["drucker2006"]', 'refs = ["nobody2020"]')
    expect(content.problems(), "tables.toml", content.line_of("tables.toml", "nobody2020"),
           "row 2: unknown reference key 'nobody2020'")


def test_table_row_bad_link(content: Content) -> None:
    content.mutate("tables.toml", 'link = "substance:semaglutide"',
                   'link = "substance:semaglutid"')
    expect(content.problems(), "tables.toml", content.line_of("tables.toml", "semaglutid\""),
           "row 2: link target 'substance:semaglutid': no substance")


def test_table_unknown_article(content: Content) -> None:
    content.mutate("tables.toml", 'article = "gh-basics"', 'article = "gh-basic"')
    expect(content.problems(), "tables.toml", content.line_of("tables.toml", "gh-basic\""),
           "article 'gh-basic' does not exist")


def test_chart_points_not_increasing(content: Content) -> None:
    content.mutate("charts.toml", "points = [[0, 0.0], [1, -52.0], [26, -39.0]]",
                   "points = [[0, 0.0], [26, -52.0], [1, -39.0]]")
    expect(content.problems(), "charts.toml", content.line_of("charts.toml", "[26, -52.0]"),
           "series 'Insulin-stimulated glucose uptake': weeks must increase")


def test_chart_phases_overlap(content: Content) -> None:
    content.mutate("charts.toml", "start = 4", "start = 2")
    expect(content.problems(), "charts.toml", content.line_of("charts.toml", "start = 2"),
           "phases 'Mobilisation' and 'Body-composition shift' overlap")


def test_chart_phase_end_before_start(content: Content) -> None:
    content.mutate("charts.toml", "end = 26", "end = 3")
    expect(content.problems(), "charts.toml", content.line_of("charts.toml", "end = 3"),
           "phase 'Body-composition shift': end must be after start")


def test_chart_points_wrong_shape(content: Content) -> None:
    content.mutate("charts.toml", "points = [[0, 0.0], [4, 0.3], [26, 0.1]]",
                   "points = [[0, 0.0], [4], [26, 0.1]]")
    expect(content.problems(), "charts.toml", content.line_of("charts.toml", "[4]"),
           "must be a non-empty list of [week, value] number pairs")


def test_chart_needs_caveat(content: Content) -> None:
    content.mutate("charts.toml", 'caveat = "Teaching model; no secretagogue trial measured it."\n',
                   "")
    expect(content.problems(), "charts.toml", 1, "missing required field 'caveat'")


# --- search terms --------------------------------------------------------------------------------

def test_search_group_with_one_term(content: Content) -> None:
    content.mutate("search_terms.toml", 'terms = ["GH", "growth hormone"]', 'terms = ["GH"]')
    expect(content.problems(), "search_terms.toml",
           content.line_of("search_terms.toml", '["GH"]'), "at least two equivalent terms")


# --- files ---------------------------------------------------------------------------------------

def test_invalid_toml_reports_parser_line(content: Content) -> None:
    content.mutate("glossary.toml", 'term = "GLP-1"', 'term = "GLP-1')
    expect(content.problems(), "glossary.toml", content.line_of("glossary.toml", 'term = "GLP-1'),
           "not valid TOML")


def test_invalid_toml_line_later_in_file(content: Content) -> None:
    content.mutate("references.toml", "year = 2012", "year = 2012 2013")
    expect(content.problems(), "references.toml",
           content.line_of("references.toml", "2012 2013"), "not valid TOML")


@pytest.mark.parametrize("name", ["glossary.toml", "site.toml", "references.toml"])
def test_missing_file(content: Content, name: str) -> None:
    (content.root / name).unlink()
    expect(content.problems(), name, 1, "file is missing")


def test_no_articles(content: Content) -> None:
    shutil.rmtree(content.root / "articles")
    expect(content.problems(), "articles", 1, "no articles (*.md) found")


def test_site_missing_field(content: Content) -> None:
    content.mutate("site.toml", 'disclaimer_short = "Educational reference; not medical '
                   'advice."\n', "")
    expect(content.problems(), "site.toml", 1, "missing required field 'disclaimer_short'")


def test_not_utf8(content: Content) -> None:
    (content.root / "glossary.toml").write_bytes(b'[[term]]\nid = "caf\xe9"\n')
    expect(content.problems(), "glossary.toml", 1, "not valid UTF-8")


# --- article front matter ------------------------------------------------------------------------

def test_front_matter_missing(content: Content) -> None:
    text = content.text(ARTICLE)
    body = text.split("+++", 2)[2].lstrip("\n")
    (content.root / ARTICLE).write_text(body, encoding="utf-8")
    expect(content.problems(), ARTICLE, 1, "missing front matter")


def test_front_matter_invalid_toml(content: Content) -> None:
    content.mutate(ARTICLE, "order = 1\n", "order = \n")
    expect(content.problems(), ARTICLE, content.line_of(ARTICLE, "order ="),
           "front matter is not valid TOML")


def test_front_matter_missing_key(content: Content) -> None:
    content.mutate(ARTICLE, 'summary = "How growth hormone interacts with insulin."\n', "")
    expect(content.problems(), ARTICLE, 1, "front matter: missing required key 'summary'")


def test_front_matter_unknown_key(content: Content) -> None:
    content.mutate(ARTICLE, "order = 1\n", "order = 1\nauthor = \"x\"\n")
    expect(content.problems(), ARTICLE, content.line_of(ARTICLE, "author"),
           "front matter: unknown key 'author'")


@pytest.mark.parametrize(("old", "new", "message"), [
    ('as_of = "2026-01-15"', 'as_of = "January 2026"', "'as_of' must be a date"),
    ("order = 1", 'order = "first"', "'order' must be a whole number"),
    ('id = "gh-basics"', 'id = "GH basics"', "'id' must be lowercase"),
    ('substances = ["tesamorelin"]', 'substances = ["tesamorelin", "nope"]',
     "substance 'nope' does not exist"),
])
def test_front_matter_bad_value(content: Content, old: str, new: str, message: str) -> None:
    content.mutate(ARTICLE, old, new)
    expect(content.problems(), ARTICLE, content.line_of(ARTICLE, new), message)


# --- article body: citations, glossary links, internal links -------------------------------------

def test_unknown_citation_key(content: Content) -> None:
    content.mutate(ARTICLE, "[@drucker2006]. Reduced", "[@drucker2007]. Reduced")
    expect(content.problems(), ARTICLE, content.line_of(ARTICLE, "drucker2007"),
           "unknown reference key 'drucker2007'")


def test_unknown_citation_key_in_group(content: Content) -> None:
    content.mutate(ARTICLE, "[@bramnert2003; @drucker2006]", "[@bramnert2003; @nobody1999]")
    expect(content.problems(), ARTICLE, content.line_of(ARTICLE, "nobody1999"),
           "unknown reference key 'nobody1999'")


def test_unknown_citation_key_in_box(content: Content) -> None:
    content.mutate(ARTICLE, "insulin resistance [@bramnert2003].",
                   "insulin resistance [@bramnert2030].")
    expect(content.problems(), ARTICLE, content.line_of(ARTICLE, "bramnert2030"),
           "unknown reference key 'bramnert2030'")


@pytest.mark.parametrize("link", ["[[insulin-resistence]]", "[[glp1|GLP-1]]"])
def test_unknown_glossary_link(content: Content, link: str) -> None:
    old = "[[insulin-resistance]]" if "|" not in link else "[[glp-1|GLP-1]]"
    content.mutate(ARTICLE, old, link)
    term = link.strip("[]").split("|")[0]
    expect(content.problems(), ARTICLE, content.line_of(ARTICLE, link),
           f"no glossary term '{term}'")


@pytest.mark.parametrize(("target", "message"), [
    ("substance:semaglutid", "no substance with id 'semaglutid'"),
    ("class:glp1", "no class with id 'glp1'"),
    ("table:nope", "no table with id 'nope'"),
    ("chart:nope", "no chart with id 'nope'"),
    ("glossary:nope", "no glossary with id 'nope'"),
    ("ref:nobody2020", "no ref with id 'nobody2020'"),
    ("article:nope", "no article with id 'nope'"),
    ("article:gh-basics#missing-anchor", "article 'gh-basics' has no section '#missing-anchor'"),
    ("substance:semaglutide#x", "only article links take a #section anchor"),
    ("substance:", "unsupported scheme"),
    ("other-article.md", "unsupported scheme"),
    ("mailto:someone@example.org", "unsupported scheme"),
])
def test_unknown_internal_link_target(content: Content, target: str, message: str) -> None:
    content.mutate(ARTICLE, "(substance:semaglutide)", f"({target})")
    expect(content.problems(), ARTICLE, content.line_of(ARTICLE, target), message)


@pytest.mark.parametrize(("kind", "target"), [("table", "nope"), ("chart", "gh-phases")])
def test_unknown_embed(content: Content, kind: str, target: str) -> None:
    good = {"table": "gh-peptide-comparison", "chart": "gh-secretagogue-phases"}[kind]
    content.mutate(ARTICLE, f"{{{{{kind} {good}}}}}", f"{{{{{kind} {target}}}}}")
    expect(content.problems(), ARTICLE, content.line_of(ARTICLE, f"{{{{{kind} {target}"),
           f"no {kind} with that id")


@pytest.mark.parametrize(("target", "message"), [
    ("javascript:alert(1)", "javascript:, data:, file: and ftp: links are not allowed"),
    ("JavaScript:alert(1)", "javascript:, data:, file: and ftp: links are not allowed"),
    ("data:text/html;base64,PHNjcmlwdD4=", "javascript:, data:, file: and ftp: links"),
    ("file:///etc/passwd", "javascript:, data:, file: and ftp: links are not allowed"),
    ("ftp://example.org/paper.pdf", "javascript:, data:, file: and ftp: links are not allowed"),
    ("vbscript:msgbox", "links are not allowed"),
    ("http://example.org/", "insecure link 'http://example.org/'; use https://"),
])
def test_bad_scheme_link(content: Content, target: str, message: str) -> None:
    content.mutate(ARTICLE, "(https://www.ema.europa.eu/)", f"({target})")
    expect(content.problems(), ARTICLE, content.line_of(ARTICLE, target), message)


def test_bad_scheme_as_reference_definition(content: Content) -> None:
    content.mutate(ARTICLE, "Hypoglycaemia is rare.",
                   "Hypoglycaemia is [rare][x].\n\n[x]: javascript:alert(1)")
    expect(content.problems(), ARTICLE, content.line_of(ARTICLE, "[x]: javascript"),
           "links are not allowed")


def test_prose_colon_is_not_a_link(content: Content) -> None:
    content.mutate(ARTICLE, "Hypoglycaemia is rare.",
                   "Trial data: hypoglycaemia is rare. File: none.")
    assert content.problems() == []


@pytest.mark.parametrize("markup", [
    "<script>alert(1)</script>",
    "Some <b>bold</b> text.",
    '<a href="https://example.org" onclick="x()">x</a>',
    "<!-- a comment -->",
    "<img src=x onerror=alert(1)>",
])
def test_raw_html(content: Content, markup: str) -> None:
    content.mutate(ARTICLE, "Hypoglycaemia is rare.", f"Hypoglycaemia is rare. {markup}")
    expect(content.problems(), ARTICLE, content.line_of(ARTICLE, markup),
           "raw HTML is not allowed")


def test_less_than_in_prose_is_not_html(content: Content) -> None:
    content.mutate(ARTICLE, "Hypoglycaemia is rare.", "Hypoglycaemia is rare (p < 0.05, n<30).")
    assert content.problems() == []


@pytest.mark.parametrize("image", ["![figure](substance:semaglutide)",
                                   "![remote figure](https://example.org/figure.png)"])
def test_image(content: Content, image: str) -> None:
    content.mutate(ARTICLE, "Hypoglycaemia is rare.", f"Hypoglycaemia is rare.\n\n{image}")
    expect(content.problems(), ARTICLE, content.line_of(ARTICLE, image),
           "images are not allowed")


@pytest.mark.parametrize("table", ["| a | b |\n|---|---|\n| 1 | 2 |", "a | b\n--- | ---\n1 | 2"])
def test_pipe_table(content: Content, table: str) -> None:
    content.mutate(ARTICLE, "Hypoglycaemia is rare.", f"Hypoglycaemia is rare.\n\n{table}")
    first_bad = table.split("\n")[0] if table.startswith("|") else "--- | ---"
    expect(content.problems(), ARTICLE, content.line_of(ARTICLE, first_bad),
           "pipe tables are not allowed")


# --- article body: tiers, sections, boxes --------------------------------------------------------

def test_tier_order_wrong(content: Content) -> None:
    text = content.text(ARTICLE).replace("# Intermediate\n", "# TMP\n")
    text = text.replace("# Academic\n", "# Intermediate\n").replace("# TMP\n", "# Academic\n")
    (content.root / ARTICLE).write_text(text, encoding="utf-8")
    expect(content.problems(), ARTICLE, content.line_of(ARTICLE, "# Academic"),
           "level-1 heading '# Academic': expected '# Intermediate'")


def test_unknown_tier_heading(content: Content) -> None:
    content.mutate(ARTICLE, "# Academic\n", "# Advanced\n")
    problems = content.problems()
    expect(problems, ARTICLE, content.line_of(ARTICLE, "# Advanced"),
           "level-1 heading '# Advanced': expected '# Academic'")


def test_missing_tier(content: Content) -> None:
    content.mutate(ARTICLE, "# Academic\n\n", "")
    last = len(content.text(ARTICLE).rstrip("\n").split("\n"))
    expect(content.problems(), ARTICLE, last, "tier 'Academic' has no section")


def test_tier_without_section(content: Content) -> None:
    content.mutate(ARTICLE, "## Response phases {#response-phases}\n\n", "")
    problems = content.problems()
    expect(problems, ARTICLE, content.line_of(ARTICLE, "A schematic model"),
           "text before the first '## Section {#anchor}'")
    last = len(content.text(ARTICLE).rstrip("\n").split("\n"))
    expect(problems, ARTICLE, last, "tier 'Academic' has no section")


def test_section_without_anchor(content: Content) -> None:
    content.mutate(ARTICLE, "## What insulin does {#insulin-basics}", "## What insulin does")
    expect(content.problems(), ARTICLE, content.line_of(ARTICLE, "## What insulin does"),
           "section heading needs a stable anchor")


def test_bad_anchor(content: Content) -> None:
    content.mutate(ARTICLE, "{#insulin-basics}", "{#Insulin Basics}")
    expect(content.problems(), ARTICLE, content.line_of(ARTICLE, "{#Insulin Basics}"),
           "anchor 'Insulin Basics' must be lowercase")


def test_duplicate_anchor(content: Content) -> None:
    content.mutate(ARTICLE, "{#gh-peptides}", "{#insulin-basics}")
    expect(content.problems(), ARTICLE, content.line_of(ARTICLE, "## Growth hormone peptides"),
           "duplicate anchor 'insulin-basics'")


def test_section_before_first_tier(content: Content) -> None:
    content.mutate(ARTICLE, "# Fundamentals\n\n## What insulin does {#insulin-basics}",
                   "## What insulin does {#insulin-basics}\n\n# Fundamentals\n\n"
                   "## Basics {#basics}")
    expect(content.problems(), ARTICLE, content.line_of(ARTICLE, "## What insulin does"),
           "section before '# Fundamentals'")


@pytest.mark.parametrize(("after", "where"), [
    ("# Fundamentals\n", "first tier"),
    ("# Intermediate\n", "a later tier"),
    ("# Academic\n", "the last tier"),
])
def test_text_before_first_section(content: Content, after: str, where: str) -> None:
    content.mutate(ARTICLE, after, after + "\nStray paragraph outside any section.\n")
    expect(content.problems(), ARTICLE, content.line_of(ARTICLE, "Stray paragraph"),
           "text before the first '## Section {#anchor}' of a tier")


def test_box_before_first_section_of_a_tier(content: Content) -> None:
    content.mutate(ARTICLE, "# Intermediate\n",
                   "# Intermediate\n\n::: caveat Population\nAdults only.\n:::\n")
    expect(content.problems(), ARTICLE, content.line_of(ARTICLE, "::: caveat"),
           "box outside a section")


def test_embed_before_first_section_of_a_tier(content: Content) -> None:
    content.mutate(ARTICLE, "# Academic\n", "# Academic\n\n{{table gh-peptide-comparison}}\n")
    expect(content.problems(), ARTICLE, content.line_of(ARTICLE, "{{table", 1),
           "embed outside a section")


def test_unclosed_box(content: Content) -> None:
    content.mutate(ARTICLE, "[@bramnert2003].\n:::\n", "[@bramnert2003].\n")
    expect(content.problems(), ARTICLE, content.line_of(ARTICLE, "::: evidence"),
           "box is never closed")


def test_unclosed_box_at_end_of_file(content: Content) -> None:
    (content.root / ARTICLE).write_text(content.text(ARTICLE) + "\n::: caveat Open\n\nText.\n",
                                        encoding="utf-8")
    expect(content.problems(), ARTICLE, content.line_of(ARTICLE, "::: caveat Open"),
           "box is never closed")


def test_line_numbers_skip_blank_lines(content: Content) -> None:
    content.mutate(ARTICLE, "::: evidence What the evidence says\n",
                   "::: evidence What the evidence says\n\n\n")
    content.mutate(ARTICLE, "Tesamorelin raises", "\n\nTesamorelin raises")
    problems_at = {(p.line, p.message) for p in content.problems()}
    assert problems_at == set()
    content.mutate(ARTICLE, "replacement induces insulin resistance [@bramnert2003]",
                   "replacement induces insulin resistance [@bramnert2033]")
    content.mutate(ARTICLE, "Tesamorelin raises growth hormone [@bramnert2003;",
                   "Tesamorelin raises growth hormone [@bramnert2034;")
    problems = content.problems()
    expect(problems, ARTICLE, content.line_of(ARTICLE, "bramnert2033"), "'bramnert2033'")
    expect(problems, ARTICLE, content.line_of(ARTICLE, "bramnert2034"), "'bramnert2034'")


def test_nested_box(content: Content) -> None:
    content.mutate(ARTICLE, "[@bramnert2003].\n:::\n",
                   "[@bramnert2003].\n::: caveat Inner\nx\n:::\n:::\n")
    expect(content.problems(), ARTICLE, content.line_of(ARTICLE, "::: caveat Inner"),
           "boxes cannot nest")


def test_unknown_box_kind(content: Content) -> None:
    content.mutate(ARTICLE, "::: evidence What the evidence says", "::: warning Careful")
    expect(content.problems(), ARTICLE, content.line_of(ARTICLE, "::: warning"), "unknown box")


# --- the checker never crashes on malformed values -----------------------------------------------

@pytest.mark.parametrize("bad", ["[[1]]", "{ a = 1 }", "5", "true", '["a", 1]'])
@pytest.mark.parametrize(("name", "line"), [
    ("substances.toml", 'class = "glp1-ra"'),
    ("substances.toml", 'related = ["tesamorelin"]'),
    ("substances.toml", 'source = "drucker2006"'),
    ("classes.toml", 'id = "glp1-ra"'),
    ("glossary.toml", 'see_also = ["insulin-resistance"]'),
    ("tables.toml", 'columns = ["Peptide", "Mechanism"]'),
    ("charts.toml", "start = 0"),
    ("charts.toml", "points = [[0, 0.0], [4, 0.3], [26, 0.1]]"),
    ("search_terms.toml", 'terms = ["GH", "growth hormone"]'),
    (ARTICLE, 'substances = ["tesamorelin"]'),
])
def test_malformed_value_is_reported_not_raised(content: Content, name: str, line: str,
                                                bad: str) -> None:
    key = line.split("=")[0].strip()
    content.mutate(name, line, f"{key} = {bad}")
    problems = content.problems()
    assert any(p.file.endswith(name) for p in problems), problems


@pytest.mark.parametrize("bad", ["5", '"x"', "[1, 2]"])
def test_malformed_array_of_tables(content: Content, bad: str) -> None:
    (content.root / "references.toml").write_text(f"reference = {bad}\n")
    expect(content.problems(), "references.toml", 1, "'reference' must be an array of tables")


# --- the command line ----------------------------------------------------------------------------

def test_check_content_cli_reports_file_line_and_exits_1(
        content: Content, capsys: pytest.CaptureFixture[str]) -> None:
    content.mutate(ARTICLE, "[@drucker2006]. Reduced", "[@drucker2007]. Reduced")
    content.mutate("tables.toml", 'cells = ["Semaglutide", "GLP-1 receptor agonist"]',
                   'cells = ["Semaglutide"]')
    code = cli.main(["check-content", "--content", str(content.root)])
    out, err = capsys.readouterr()
    assert code == 1
    art_line = content.line_of(ARTICLE, "drucker2007")
    table_line = content.line_of("tables.toml", '["Semaglutide"]')
    lines = err.splitlines()
    assert any(ln.endswith(f"01-gh-basics.md:{art_line}: citation [@drucker2007]: unknown "
                           "reference key 'drucker2007'") for ln in lines), err
    assert any(f"tables.toml:{table_line}: " in ln and "1 cells for 2 columns" in ln
               for ln in lines), err
    assert "2 problem(s) found" in err
    assert "content OK" not in out


def test_check_content_cli_passes_on_valid_fixture(capsys: pytest.CaptureFixture[str]) -> None:
    code = cli.main(["check-content", "--content", str(FIXTURE)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert err == ""
    assert out.startswith("content OK: 1 articles, 3 sections")


def test_build_db_cli_refuses_broken_content(content: Content, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    content.mutate(ARTICLE, "[@drucker2006]. Reduced", "[@drucker2007]. Reduced")
    out_file = tmp_path / "out" / "x.sqlite"
    code = cli.main(["build-db", "--content", str(content.root), "--output", str(out_file)])
    _, err = capsys.readouterr()
    assert code == 1
    assert "unknown reference key 'drucker2007'" in err
    assert "left unchanged" in err
    assert not out_file.exists()


# --- safety, check dates, evidence log, running text ----------------------------------------
SAFETY = "safety/fixture.toml"


def test_approved_substance_without_safety_block(content: Content) -> None:
    content.mutate(SAFETY, 'subject = "substance:semaglutide"', 'subject = "class:ghrh-analogues"')
    expect(content.problems(), "substances.toml", content.line_of(
        "substances.toml", 'status = "approved"'), "substance 'semaglutide': no safety block; "
        "an approved substance needs one")


def test_approved_substance_with_no_label_block(content: Content) -> None:
    content.mutate(SAFETY, 'label = "approved"\nlabel_source = "US prescribing information '
                   '(test label)"\n\n[[safety.item]]\nkind = "contraindication"',
                   'label = "none"\n\n[[safety.item]]\nkind = "contraindication"')
    expect(content.problems(), SAFETY, content.line_of(SAFETY, 'label = "none"'),
           "the substance is approved, so label must be \"approved\"")


def test_safety_item_without_reference(content: Content) -> None:
    content.mutate(SAFETY, 'text = "Acute pancreatitis has been reported; stop if it is '
                   'suspected."\nrefs = ["drucker2006"]', 'text = "Acute pancreatitis has been '
                   'reported; stop if it is suspected."\nrefs = []')
    expect(content.problems(), SAFETY, content.line_of(SAFETY, "refs = []"),
           "'refs' must list at least one item")


def test_safety_item_with_unknown_reference(content: Content) -> None:
    content.mutate(SAFETY, 'text = "Contraindicated in pregnancy."\nrefs = ["bramnert2003"]',
                   'text = "Contraindicated in pregnancy."\nrefs = ["nolabel2020"]')
    expect(content.problems(), SAFETY, content.line_of(SAFETY, "nolabel2020"),
           "unknown reference key 'nolabel2020'")


def test_safety_checked_after_content_date(content: Content) -> None:
    content.mutate(SAFETY, 'refs = ["bramnert2003"]\nchecked = "2025-12"',
                   'refs = ["bramnert2003"]\nchecked = "2026-02"')
    expect(content.problems(), SAFETY, content.line_of(SAFETY, '"2026-02"'),
           "checked 2026-02 is after the content date 2026-01-15")


def test_regulatory_checked_after_content_date(content: Content) -> None:
    content.mutate("substances.toml", 'checked = "2026-01-10"', 'checked = "2026-01-16"')
    expect(content.problems(), "substances.toml", content.line_of("substances.toml",
           "2026-01-16"), "[fda]: checked 2026-01-16 is after the content date")


def test_regulatory_table_needs_checked_date(content: Content) -> None:
    content.mutate("substances.toml", 'checked = "2026-01-10"\n', "")
    problems = content.problems()
    assert any("missing required field 'checked' in [fda]" in p.message for p in problems)


def test_boxed_warning_needs_an_approved_label(content: Content) -> None:
    content.mutate(SAFETY, 'label = "approved"\nlabel_source = "US prescribing information of '
                   'the class members (test label)"', 'label = "none"')
    content.mutate(SAFETY, 'kind = "warning"\ntitle = "Hypoglycaemia',
                   'kind = "boxed-warning"\ntitle = "Hypoglycaemia')
    expect(content.problems(), SAFETY, content.line_of(SAFETY, 'kind = "boxed-warning"', 1),
           "a boxed warning needs an approved label")


def test_safety_subject_must_exist(content: Content) -> None:
    content.mutate(SAFETY, 'subject = "class:glp1-ra"', 'subject = "class:glp2-ra"')
    expect(content.problems(), SAFETY, content.line_of(SAFETY, "glp2-ra"),
           "subject must be substance:ID or class:ID of an existing record")


def test_evidence_seen_after_content_date_and_unknown_key(content: Content) -> None:
    content.mutate("evidence/fixture.toml", 'seen = "2026-01-10"', 'seen = "2027-01-01"')
    content.mutate("evidence/fixture.toml", 'supports = ["drucker2006"]',
                   'supports = ["drucker2007"]')
    problems = content.problems()
    expect(problems, "evidence/fixture.toml", content.line_of("evidence/fixture.toml", "2027"),
           "seen 2027-01-01 is after the content date")
    expect(problems, "evidence/fixture.toml", content.line_of("evidence/fixture.toml",
           "drucker2007"), "unknown reference key 'drucker2007'")


def test_process_wording_in_running_text(content: Content) -> None:
    content.mutate("substances.toml", 'detail = "Ozempic for type 2 diabetes."',
                   'detail = "Ozempic for type 2 diabetes; not re-checked in this fact-check."')
    expect(content.problems(), "substances.toml", content.line_of("substances.toml",
           "not re-checked"), "process wording 're-checked' in running text")


def test_process_wording_is_fine_in_check_notes(content: Content) -> None:
    content.mutate("substances.toml", 'cautions = ["Gastrointestinal effects are common."]',
                   'cautions = ["Gastrointestinal effects are common."]\ncheck_notes = '
                   '["The EU date was not retrieved in the fact-check."]')
    assert content.problems() == []


def test_machine_path_in_a_comment(content: Content) -> None:
    content.mutate("glossary.toml", '[[term]]\nid = "glp-1"',
                   '# from /work/shared/facts/notes.md\n[[term]]\nid = "glp-1"')
    expect(content.problems(), "glossary.toml", content.line_of("glossary.toml", "/work/"),
           "machine path '/work/…' in a content file")


def test_safety_title_must_name_its_subject(content: Content) -> None:
    content.mutate(SAFETY, 'title = "Pancreatitis"', 'title = "Warnings and precautions"')
    expect(content.problems(), SAFETY, content.line_of(SAFETY, '"Warnings and precautions"'),
           "only repeats its heading")


# --- links in every syntax, and site.toml's Markdown (issue 17, item 6) --------------------------

@pytest.mark.parametrize(("markdown", "needle", "message"), [
    ('<a\nhref="javascript:alert(1)">x</a>', "<a", "raw HTML is not allowed"),
    ('<a\nhref="javascript:alert(1)">x</a>', 'href="javascript', "links are not allowed"),
    ("[x][p]\n\n[p]: //evil.example/x", "[p]: //evil", "protocol-relative link"),
    ("[x][r]\n\n[r]: other-page.html", "[r]: other", "unsupported scheme"),
    ("<http://example.org/>", "<http:", "insecure link 'http://example.org/'"),
    ("<someone@example.org>", "someone@", "unsupported scheme"),
    ("[x](ja&#118;ascript:alert(1))", "[x](ja", "links are not allowed"),
    ("[x](java\x01script:alert(1))", "[x](java", "control or invisible character U+0001"),
    ("[x](HTTPS://example.org/)", "[x](HTTPS", "hides its scheme"),
    ("See http://example.org/ for more.", "See http", "written out in the text"),
    ("![x][i]\n\n[i]: https://example.org/a.png", "[i]: https", "<img src>"),
])
def test_every_link_syntax_is_checked(content: Content, markdown: str, needle: str,
                                      message: str) -> None:
    content.mutate(ARTICLE, "Hypoglycaemia is rare.",
                   f"Hypoglycaemia is rare.\n\n{markdown}\n\n")
    expect(content.problems(), ARTICLE, content.line_of(ARTICLE, needle), message)


def test_prose_with_equals_and_angle_numbers_is_fine(content: Content) -> None:
    content.mutate(ARTICLE, "Hypoglycaemia is rare.",
                   "Hypoglycaemia is rare (HbA1c <7%, n = 30; data: none = 0).")
    assert content.problems() == []


@pytest.mark.parametrize(("key", "old"), [
    ("about", 'about = "A *test* corpus."'),
    ("disclaimer", 'disclaimer = "Educational reference, not medical advice."'),
])
def test_site_markdown_is_checked(content: Content, key: str, old: str) -> None:
    content.mutate("site.toml", old,
                   f"{key} = \"\"\"\nFine text.\n\nSee [this](file:///etc/passwd).\n\"\"\"")
    expect(content.problems(), "site.toml", content.line_of("site.toml", "file:///"),
           "links are not allowed")


def test_site_markdown_link_targets_must_exist(content: Content) -> None:
    content.mutate("site.toml", 'about = "A *test* corpus."',
                   'about = "A [test](substance:nope) corpus."')
    expect(content.problems(), "site.toml", content.line_of("site.toml", "substance:nope"),
           "no substance with id 'nope'")
