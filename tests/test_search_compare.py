"""Comparison queries (issue item 3): "A vs B", "compare A, B and C", "A and B compared" give a
first result of kind "compare" whose target opens those items side by side (no Qt)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from peptide_desk import cli, compare, search
from peptide_desk.compare import MAX_COMPARE, MIN_COMPARE
from peptide_desk.search import KIND_LABELS, KINDS, SearchService
from peptide_desk.store import Store, connect_readonly

PAIR = "compare:semaglutide,tesamorelin"
PAIR_TITLE = "Compare Semaglutide and Tesamorelin side by side"


@pytest.fixture(scope="module")
def service(fixture_db: Path) -> Iterator[SearchService]:
    conn = connect_readonly(fixture_db)
    yield SearchService(conn)
    conn.close()


@pytest.fixture(scope="module")
def real(real_db: Path) -> Iterator[SearchService]:
    """The bundled corpus: content that does not validate fails the build (and these tests)."""
    conn = connect_readonly(real_db)
    yield SearchService(conn)
    conn.close()


def first(service: SearchService, query: str, typing: bool = False) -> search.SearchResult:
    return service.search(query, typing=typing).results[0]


@pytest.mark.parametrize("typing", [False, True], ids=["enter", "typing"])
@pytest.mark.parametrize("query", [
    "ozempic vs egrifta", "Ozempic vs. Egrifta", "ozempic VS egrifta?", "ozempic versus egrifta",
    "compare ozempic and egrifta", "Compare: semaglutide, tesamorelin",
    "compare semaglutide with tesamorelin", "ozempic and egrifta compared",
    "semaglutide & tesamorelin compared", "  wegovy   vs   tesamorelin  ",
])
def test_comparison_queries_offer_the_side_by_side_first(service: SearchService, query: str,
                                                         typing: bool) -> None:
    resp = service.search(query, typing=typing)
    top = resp.results[0]
    assert (top.kind, top.target, top.title) == ("compare", PAIR, PAIR_TITLE)
    assert top.context == "Side by side · 2 substances"
    assert top.score == max(r.score for r in resp.results)
    assert [r.target for r in resp.results[1:3]] == ["substance:semaglutide",
                                                     "substance:tesamorelin"]
    assert resp.counts["compare"] == 1 and resp.grouped()[0][0] == "compare"


@pytest.mark.parametrize(("query", "target", "title"), [
    ("semaglutide vs tesamorelin vs GHRH analogues",
     "compare:semaglutide,tesamorelin,class:ghrh-analogues",
     "Compare Semaglutide, Tesamorelin and GHRH analogues side by side"),
    ("compare ozempic, egrifta and GLP-1 RAs",
     "compare:semaglutide,tesamorelin,class:glp1-ra",
     "Compare Semaglutide, Tesamorelin and GLP-1 receptor agonists side by side"),
    ("GLP-1 RAs vs GHRH analogues", "compare:class:glp1-ra,class:ghrh-analogues",
     "Compare GLP-1 receptor agonists and GHRH analogues side by side"),
    ("incretin mimetics versus glp1-ra", None, None),  # the same class twice: nothing to compare
    ("NN9535 vs Egrifta", PAIR, PAIR_TITLE),  # a synonym
])
def test_items_resolve_by_name_brand_synonym_or_id(service: SearchService, query: str,
                                                   target: str | None,
                                                   title: str | None) -> None:
    top = first(service, query)
    if target is None:
        assert top.kind != "compare"
    else:
        assert (top.kind, top.target, top.title) == ("compare", target, title)


def test_the_target_opens_exactly_those_items(service: SearchService, store: Store) -> None:
    """compare.find_rows (what the compare view reads) gets the items in the order typed."""
    top = first(service, "egrifta vs GLP-1 RAs vs ozempic")
    ids = top.target.removeprefix("compare:").split(",")
    rows = compare.find_rows(store, ids)
    assert [(r.kind, r.name) for r in rows] == [
        ("substance", "Tesamorelin"), ("class", "GLP-1 receptor agonists"),
        ("substance", "Semaglutide")]
    assert compare.side_by_side(rows)  # a mix of kinds is shown as substances are
    assert top.context == "Side by side · 3 items"


@pytest.mark.parametrize("query", [
    "ozempic and egrifta",  # no "vs", "compare" or "compared": two words, not a request
    "ozempic vs", "vs egrifta", "vs", "compare", "compared", "compare ozempic",
    "ozempic vs wegovy",  # one substance under two brand names
    "ozempic vs nothingknown", "ozempic vs egrifta vs", "semaglutide vs insulin resistance",
])
def test_other_queries_offer_no_comparison(service: SearchService, query: str) -> None:
    for typing in (False, True):
        assert all(r.kind != "compare" for r in service.search(query, typing=typing).results)


def test_the_last_item_may_be_a_start_while_typing(service: SearchService) -> None:
    assert first(service, "ozempic vs egri", typing=True).target == PAIR
    assert first(service, "ozempic vs egri", typing=False).kind != "compare"
    assert first(service, "ozempic vs GHRH", typing=True).target == (
        "compare:semaglutide,class:ghrh-analogues")


def test_a_typo_in_an_item_is_corrected_and_said(service: SearchService) -> None:
    resp = service.search("ozempc vs egrifta", typing=False)
    assert resp.corrected == "ozempic vs egrifta"
    assert resp.results[0].target == PAIR
    assert all(r.kind != "compare" for r in service.search(
        "ozempc vs egrifta", typing=False, correct=False).results)


def test_two_to_four_items_as_the_side_by_side_takes(service: SearchService, store: Store,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """One rule: compare.MIN_COMPARE and MAX_COMPARE bound the side by side and the search."""
    rows = compare.find_rows(store, ["semaglutide", "tesamorelin", "class:glp1-ra",
                                     "class:ghrh-analogues"])
    assert (2, len(rows)) == (MIN_COMPARE, MAX_COMPARE)
    compare.side_by_side(rows[:MIN_COMPARE])
    compare.side_by_side(rows[:MAX_COMPARE])
    with pytest.raises(ValueError):
        compare.side_by_side(rows[:MIN_COMPARE - 1])
    with pytest.raises(ValueError):
        compare.side_by_side([*rows, rows[0]][:MAX_COMPARE + 1])
    four = "ozempic vs egrifta vs GLP-1 RAs vs GHRH analogues"
    assert first(service, four).target == (
        "compare:semaglutide,tesamorelin,class:glp1-ra,class:ghrh-analogues")
    monkeypatch.setattr(compare, "MAX_COMPARE", 3)
    assert first(service, four).kind != "compare"


def test_kind_and_limit_apply_to_the_comparison(service: SearchService) -> None:
    only = service.search("ozempic vs egrifta", kind="compare", typing=False)
    assert [r.target for r in only.results] == [PAIR] and only.counts == {"compare": 1}
    subs = service.search("ozempic vs egrifta", kind="substance", typing=False)
    assert [r.target for r in subs.results] == ["substance:semaglutide", "substance:tesamorelin"]
    assert [r.kind for r in service.search("ozempic vs egrifta", limit=1).results] == ["compare"]
    assert service.search("semaglutide", kind="compare").results == ()


def test_compare_is_the_first_kind() -> None:
    assert KINDS[0] == "compare" and KIND_LABELS["compare"] == "Compare"


NAMES = st.sampled_from(["ozempic", "Egrifta", "semaglutide", "GLP-1 RAs", "GHRH analogues",
                         "glp1 ra", "x", "", "vs", "and", "compare", "NN9535", "tesa"])
SEPARATORS = st.sampled_from([" vs ", " vs. ", " versus ", ", ", " and ", " & ", " with ",
                              " ", ","])


@given(parts=st.lists(NAMES, max_size=6), seps=st.lists(SEPARATORS, min_size=5, max_size=5),
       lead=st.sampled_from(["", "compare ", "Compare: "]),
       tail=st.sampled_from(["", " compared", "?"]), typing=st.booleans())
def test_any_comparison_like_text_gives_a_well_formed_answer(
        service: SearchService, parts: list[str], seps: list[str], lead: str, tail: str,
        typing: bool) -> None:
    text = lead + "".join(p + s for p, s in zip(parts, seps, strict=False)) + tail
    resp = service.search(text, typing=typing)
    kinds = [r.kind for r in resp.results]
    assert "compare" not in kinds[1:]
    if kinds and kinds[0] == "compare":
        ids = resp.results[0].target.removeprefix("compare:").split(",")
        assert MIN_COMPARE <= len(ids) <= MAX_COMPARE and len(set(ids)) == len(ids)
        assert resp.results[0].title.startswith("Compare ")


def test_cli_json_shows_the_comparison_first(capsys: pytest.CaptureFixture[str],
                                             fixture_db: Path) -> None:
    assert cli.main(["search", "--db", str(fixture_db), "--json", "ozempic vs egrifta"]) == 0
    results = json.loads(capsys.readouterr().out)["results"]
    assert (results[0]["kind"], results[0]["target"]) == ("compare", PAIR)
    assert cli.main(["search", "--db", str(fixture_db), "--kind", "compare", "ozempic vs egrifta"]
                    ) == 0
    assert capsys.readouterr().out.startswith(f"[compare] {PAIR_TITLE}")


def test_real_ozempic_vs_mounjaro(real: SearchService, real_db: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    top = first(real, "ozempic vs mounjaro")
    assert (top.kind, top.target) == ("compare", "compare:semaglutide,tirzepatide")
    assert top.title == "Compare Semaglutide and Tirzepatide side by side"
    assert cli.main(["search", "--db", str(real_db), "--json", "ozempic vs mounjaro"]) == 0
    results = json.loads(capsys.readouterr().out)["results"]
    assert results[0]["target"] == "compare:semaglutide,tirzepatide"


def test_a_database_without_badge_columns_still_answers(tmp_path: Path, fixture_db: Path) -> None:
    """A search_docs from before schema 3 (or the benchmarks' synthetic corpus) has no badge
    or warning column: results come with blanks."""
    path = tmp_path / "old.sqlite"
    src = sqlite3.connect(fixture_db)
    src.backup(dst := sqlite3.connect(path))
    src.close()
    dst.execute("ALTER TABLE search_docs DROP COLUMN badge")
    dst.execute("ALTER TABLE search_docs DROP COLUMN warning")
    dst.commit()
    results = SearchService(dst).search("ozempic", typing=False).results
    assert results[0].target == "substance:semaglutide"
    assert (results[0].badge, results[0].warning) == ("", "")
    dst.close()
