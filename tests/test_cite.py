"""Citations of a place in the app (Vancouver, AMA) and the link they end with (no Qt)."""

from __future__ import annotations

import datetime as dt

import pytest

from peptide_desk import cite
from peptide_desk.links import from_app_url

CITED = dt.date(2026, 12, 6)


def test_section_in_vancouver_and_ama() -> None:
    c = cite.Citable("Insulin resistance — Mechanisms", "article:insulin-resistance#mechanisms",
                     "2026-12-03", "0.1.0")
    assert cite.vancouver(c, CITED) == (
        "Insulin resistance — Mechanisms. In: Peptide Desk [computer program]. Version 0.1.0. "
        "Content as of 2026 Dec 3 [cited 2026 Dec 6]. "
        "Available from: peptide-desk://article/insulin-resistance#mechanisms")
    assert cite.ama(c, CITED) == (
        "Insulin resistance — Mechanisms. Peptide Desk. Version 0.1.0. Content updated "
        "December 3, 2026. Accessed December 6, 2026. "
        "peptide-desk://article/insulin-resistance#mechanisms")


def test_substance_table_and_chart() -> None:
    sub = cite.citable("substance:semaglutide", "Semaglutide", "2026-12-03")
    assert sub is not None
    assert cite.citation(sub, cite.AMA, CITED).startswith("Semaglutide. Peptide Desk. Version ")
    table = cite.Citable("GLP-1 trials", "table:glp1-trials", "2026-12-03", "2.0")
    assert cite.vancouver(table, CITED) == (
        "Table: GLP-1 trials. In: Peptide Desk [computer program]. Version 2.0. Content as of "
        "2026 Dec 3 [cited 2026 Dec 6]. Available from: peptide-desk://table/glp1-trials")
    chart = cite.Citable("Chart: Response phases?", "chart:phases", "2026-12", "2.0")
    assert cite.ama(chart, dt.date(2027, 1, 9)) == (
        "Chart: Response phases? Peptide Desk. Version 2.0. Content updated December 2026. "
        "Accessed January 9, 2027. peptide-desk://chart/phases")


def test_the_link_opens_the_same_place() -> None:
    c = cite.Citable("A — B", "article:a-b#sec-2", "2026-12-03")
    assert from_app_url(c.link) == "article:a-b#sec-2"


@pytest.mark.parametrize("target", ["view:home", "view:compare", "compare:a,b", "https://x"])
def test_app_views_are_not_citable(target: str) -> None:
    assert cite.citable(target, "Home", "2026-12-03") is None


def test_titles_are_one_line_and_never_empty() -> None:
    assert cite.citable("substance:x", "  ", "2026-12-03") is None
    c = cite.citable("class:glp1", "GLP-1\nreceptor   agonists", "2026-12-03")
    assert c is not None and c.title == "GLP-1 receptor agonists"


@pytest.mark.parametrize(("iso", "nlm", "ama"), [
    ("2026-12-03", "2026 Dec 3", "December 3, 2026"),
    ("2026-02", "2026 Feb", "February 2026"),
    ("2026", "2026", "2026"),
    ("2026-13-40", "2026", "2026-13-40"),
])
def test_dates(iso: str, nlm: str, ama: str) -> None:
    assert cite.nlm_date(iso) == nlm
    assert cite.ama_date(iso) == ama


def test_unknown_style_is_refused() -> None:
    c = cite.Citable("X", "substance:x", "2026-12-03")
    with pytest.raises(ValueError, match="vancouver, ama"):
        cite.citation(c, "apa", CITED)


def test_link_address_of_a_link_on_a_page() -> None:
    assert cite.link_address("ref:drucker2006") == "peptide-desk://ref/drucker2006"
    assert cite.link_address("article:a#b") == "peptide-desk://article/a#b"
    assert cite.link_address("https://doi.org/10.1/x") == "https://doi.org/10.1/x"
    assert cite.link_address("#sec") == cite.link_address("javascript:x") == ""
