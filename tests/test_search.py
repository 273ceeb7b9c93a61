"""Search (issue 4): any text is safe; names, brands, abbreviations, spellings and typos reach
the intended item; snippets are marked and escaped; ``peptide-desk search`` answers."""

from __future__ import annotations

import json
import math
import os
import re
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from peptide_desk import cli, search
from peptide_desk.content import build
from peptide_desk.content.build import create_fts
from peptide_desk.search import (
    KINDS,
    SearchResponse,
    SearchService,
    clean_query,
    quote,
    tokens_of,
)
from peptide_desk.store import connect_readonly
from peptide_desk.text import fold, folded_words, norm

settings.register_profile("ci", max_examples=10_000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=300, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

FLOOR_SQL = "SELECT rowid FROM search_fts WHERE search_fts MATCH ? ORDER BY rank LIMIT 20"
TARGET_RE = re.compile(r"^(article:[\w-]+#[\w-]+|(substance|class|glossary|table|chart):[\w-]+"
                       r"|ref:[\w.:-]+|compare:(class:)?[\w-]+(,(class:)?[\w-]+){1,3})$")
MARK_RE = re.compile(r"</?mark>")


# --- databases ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def fixture_conn(fixture_db: Path) -> Iterator[sqlite3.Connection]:
    conn = connect_readonly(fixture_db)
    yield conn
    conn.close()


@pytest.fixture(scope="module")
def fixture_search(fixture_conn: sqlite3.Connection) -> SearchService:
    return SearchService(fixture_conn)


@pytest.fixture(scope="module")
def real(real_db: Path) -> Iterator[SearchService]:
    """The bundled corpus (conftest's session build): content that does not validate fails
    the build, and so every test here, rather than skipping them."""
    conn = connect_readonly(real_db)
    yield SearchService(conn)
    conn.close()


def tiny_db(path: Path, docs: list[dict[str, str]],
            groups: tuple[tuple[str, ...], ...] = ()) -> sqlite3.Connection:
    """A database with the search schema holding just ``docs`` (for exact snippet checks)."""
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE search_docs (id INTEGER PRIMARY KEY, kind TEXT, target TEXT, "
                 "title TEXT, names TEXT, headings TEXT, body TEXT, context TEXT, badge TEXT, "
                 "warning TEXT)")
    for i, d in enumerate(docs, 1):
        conn.execute("INSERT INTO search_docs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     (i, d.get("kind", "section"), d["target"], d["title"], d.get("names", ""),
                      d.get("headings", ""), d.get("body", ""), d.get("context", "Test"),
                      d.get("badge", ""), d.get("warning", "")))
    create_fts(conn)
    words: dict[str, int] = {}
    for d in docs:
        for w in folded_words(" ".join(str(v) for v in d.values())):
            words[w] = words.get(w, 0) + 1
    conn.execute("CREATE TABLE vocab (word TEXT PRIMARY KEY, freq INTEGER)")
    conn.executemany("INSERT INTO vocab VALUES (?, ?)", sorted(words.items()))
    conn.execute("CREATE TABLE synonyms (group_id INTEGER, term TEXT, norm TEXT)")
    conn.executemany("INSERT INTO synonyms VALUES (?, ?, ?)",
                     [(g, t, norm(t)) for g, terms in enumerate(groups) for t in terms])
    conn.execute("CREATE TABLE substances (id TEXT PRIMARY KEY, name TEXT, class_id TEXT)")
    conn.commit()
    return conn


# --- (a) any text is safe -----------------------------------------------------------------------

AWKWARD = ["AND", "OR", "NOT", "NEAR", "NEAR(", "and", "or", "*", "**", '"', '""', "'", "it's",
           ":", "title:", "body:", "names:x", "(", ")", "()", "^", "-", "+", "{", "}", "[", "]",
           "\\", "%", "_", ";", ",", ".", "GLP-1", "PT-141", "CJC-1295", "HOMA-IR", "2.4",
           "2.4 mg", "mg", "DAC:GRF", '"unbalanced', "a", "\x00", "\x07", "\x1b[31m", "\u200b",
           "\ufeff", "\u0301", "🧪", "👩‍⚕️", "插入", "Ωμέγα", "é", "ﬁ", "Ⅻ", "ozempic",
           "semaglutide", "hypoglycaemia", "insulin", "semaglutid", "ins"]
SEPARATORS = st.sampled_from(["", " ", "  ", "\t", "\n", "-", '"', "*"])
ANY_CHAR = st.characters(codec=None, exclude_categories=())  # surrogates and NUL included
QUERIES = st.one_of(
    st.text(),
    st.text(alphabet=ANY_CHAR, max_size=40),
    st.lists(st.one_of(st.sampled_from(AWKWARD), st.text(max_size=6)), max_size=12).flatmap(
        lambda parts: SEPARATORS.map(lambda sep: sep.join(parts))),
    st.tuples(st.one_of(st.sampled_from(AWKWARD), st.text(min_size=1, max_size=20)),
              st.integers(1, 10_000)).map(lambda t: (t[0] * (10_000 // len(t[0]) + 1))[:t[1]]),
)


def assert_well_formed(resp: SearchResponse, limit: int, kind: str | None) -> None:
    assert isinstance(resp, SearchResponse)
    assert len(resp.results) <= max(1, min(limit, 200))
    for r in resp.results:
        assert r.kind in KINDS
        assert kind is None or r.kind == kind
        assert isinstance(r.title, str) and r.title.strip()
        assert isinstance(r.target, str) and TARGET_RE.match(r.target), r.target
        assert isinstance(r.context, str)
        assert isinstance(r.snippet, str)
        assert "<" not in MARK_RE.sub("", r.snippet) and ">" not in MARK_RE.sub("", r.snippet)
        assert r.snippet.count("<mark>") == r.snippet.count("</mark>")
        assert isinstance(r.score, float) and math.isfinite(r.score)
    assert sum(resp.counts.values()) == len(resp.results)
    assert {k: len(v) for k, v in resp.grouped()} == resp.counts
    assert resp.corrected is None or isinstance(resp.corrected, str)


@given(text=QUERIES, typing=st.booleans(), kind=st.sampled_from((None, *KINDS)),
       limit=st.integers(-5, 500))
def test_any_text_gives_well_formed_results_and_a_valid_match(
        fixture_search: SearchService, fixture_conn: sqlite3.Connection, text: str,
        typing: bool, kind: str | None, limit: int) -> None:
    resp = fixture_search.search(text, limit=limit, kind=kind, typing=typing)
    assert_well_formed(resp, limit, kind)
    match = fixture_search.build_match(text, prefix_last=typing)
    if match:  # the service hides FTS5 errors, so check the MATCH string is always valid
        fixture_conn.execute(FLOOR_SQL, (match,)).fetchall()
    fixed = fixture_search.correct(clean_query(text))
    assert fixed is None or isinstance(fixed, str)


@settings(max_examples=min(settings().max_examples, 2_000))  # cheap logic: fewer suffice
@given(token=st.text(alphabet=ANY_CHAR))
def test_quote_is_an_fts5_string_with_inner_quotes_doubled(token: str) -> None:
    quoted = quote(token)
    assert quoted[0] == quoted[-1] == '"'
    assert quoted[1:-1].replace('""', '"') == token
    assert '"' not in quoted[1:-1].replace('""', "")


@pytest.mark.parametrize("text", ["", "   ", "\x00", "\x00\x00(", "***", '"', '""', "()",
                                  "-", ":", "🧪", "\u200b", "x" * 10_000, "AND " * 3000])
def test_degenerate_input_is_an_empty_or_normal_answer(fixture_search: SearchService,
                                                       text: str) -> None:
    for typing in (True, False):
        assert_well_formed(fixture_search.search(text, typing=typing), 30, None)


# --- the index and the queries fold alike ----------------------------------------------------

#: Words as content writes them: any case, accents precomposed or combining, Greek, ligatures,
#: digits, full-width letters, with hyphens, apostrophes and no-break spaces between them.
LETTERS = [*"aZéÉèüÖñçßøåİıΣσςΩμέγα0129ﬁﬀⅫＡｂ", "\u0301", "\u0308"]  # and combining marks
WORD = st.text(alphabet=st.sampled_from(LETTERS), min_size=1, max_size=9)
WRITTEN = st.lists(WORD, min_size=1, max_size=5).flatmap(lambda words: st.lists(
    st.sampled_from([" ", "-", "'", "\u00a0", ", ", " / ", "\u00ad"]), min_size=len(words),
    max_size=len(words)).map(lambda seps: "".join(w + s for w, s in zip(words, seps,
                                                                         strict=True)).strip()))


def typed(text: str) -> list[str]:
    """The query side: text as the search field hands it over, cut into the user's tokens."""
    return tokens_of(clean_query(text))


@given(text=WRITTEN)
def test_the_index_and_the_queries_fold_alike(text: str) -> None:
    """The build's vocabulary and synonym keys are what the query side makes of the same text:
    every word typed as it is written is a known word (never "corrected" away), and a synonym
    typed as written is the key the build stored for it."""
    doc = {"title": text, "names": "", "headings": "", "body": ""}
    vocabulary = {row["word"] for row in build._vocabulary([doc])}
    words = [w for token in typed(text) for w in folded_words(token)]
    assert {w for w in words if len(w) >= 3 and not w.isdigit()} <= vocabulary
    recs = {"group": [{"terms": [text]}], "substance": [], "class": [], "term": []}
    stored = build._synonym_groups(SimpleNamespace(recs=recs))  # type: ignore[arg-type]
    assert [row["norm"] for row in stored] == ([norm(" ".join(typed(text)))] if words else [])


@pytest.mark.parametrize("query", ["TIRZEPATIDE", "tirzépatide", "Tirze\u0301patide",
                                   "TIRZÉPATIDE", "tirzepatide"])
def test_a_name_is_found_however_its_accents_and_case_are_typed(tmp_path: Path,
                                                                query: str) -> None:
    recs = {"group": [{"terms": ["Tirzépatide", "Mounjaro"]}], "substance": [], "class": [],
            "term": []}
    rows = build._synonym_groups(SimpleNamespace(recs=recs))  # type: ignore[arg-type]
    conn = tiny_db(tmp_path / "t.sqlite", [{"target": "substance:t", "title": "Mounjaro"}])
    conn.execute("DELETE FROM synonyms")
    conn.executemany("INSERT INTO synonyms VALUES (?, ?, ?)",
                     [(r["group_id"], r["term"], r["norm"]) for r in rows])
    conn.commit()
    service = SearchService(conn)
    assert "Tirzépatide" in service.synonyms()[norm(query)]
    assert [r.target for r in service.search(query, typing=False).results] == ["substance:t"]


def test_the_built_vocabulary_and_synonyms_are_in_query_form(fixture_conn: sqlite3.Connection,
                                                             fixture_search: SearchService
                                                             ) -> None:
    """What the fixture build stored is already folded as a query folds it."""
    for word, in fixture_conn.execute("SELECT word FROM vocab"):
        assert norm(word) == word and fold(word) == word
    for term, stored in fixture_conn.execute("SELECT term, norm FROM synonyms"):
        assert stored == norm(term) and term in fixture_search.synonyms()[stored]
    assert search.fold is build.fold is fold  # one definition, not two that agree today


def test_results_appear_from_the_letters_the_field_announces(
        fixture_search: SearchService) -> None:
    """One rule for "two letters before results": search.py's, which the field's hint says."""
    number = {1: "one", 2: "two", 3: "three", 4: "four"}[search.MIN_QUERY_CHARS]
    assert f"from {number} letters" in search.SHORT_QUERY_HINT
    short, enough = "semaglutide"[:search.MIN_QUERY_CHARS - 1], "semaglutide"[
        :search.MIN_QUERY_CHARS]
    assert fixture_search.build_match(short) == "" and fixture_search.build_match(enough)
    assert fixture_search.build_match(f"semaglutide {short}") == fixture_search.build_match(
        "semaglutide")  # a last word shorter than that is still being typed


def test_clean_query_drops_control_characters_and_bounds_length() -> None:
    assert clean_query("GLP\x00-1\x07") == "GLP -1 "
    assert len(clean_query("a" * 10_000)) <= 200


# --- (b) real queries on the real corpus ---------------------------------------------------------

NAMES = [
    ("semaglutide", "substance:semaglutide"),
    ("ozempic", "substance:semaglutide"),
    ("Wegovy", "substance:semaglutide"),
    ("Rybelsus", "substance:semaglutide"),
    ("Mounjaro", "substance:tirzepatide"),
    ("Zepbound", "substance:tirzepatide"),
    ("Victoza", "substance:liraglutide"),
    ("Saxenda", "substance:liraglutide"),
    ("Symlin", "substance:pramlintide"),
    ("Egrifta", "substance:tesamorelin"),
    ("Geref", "substance:sermorelin"),
    ("Vyleesi", "substance:bremelanotide"),
    ("PT-141", "substance:bremelanotide"),
    ("ibutamoren", "substance:mk-677"),
    ("LUM-201", "substance:mk-677"),
    ("examorelin", "substance:hexarelin"),
    ("DAC:GRF", "substance:cjc-1295"),
    ("CJC-1295", "substance:cjc-1295"),
    ("MK-677", "substance:mk-677"),
]
ABBREVIATIONS = [  # "GLP-1" and "GLP1" name the class first: test_class_like_queries_…
    ("glucagon-like peptide-1", "glossary:glp-1"),
    ("GH", "glossary:growth-hormone"),
    ("growth hormone", "glossary:growth-hormone"),
    ("VAT", "glossary:visceral-fat"),
    ("visceral fat", "glossary:visceral-fat"),
    ("TRT", "glossary:trt"),
    ("testosterone replacement", "glossary:trt"),
    ("HOMA-IR", "glossary:homa-ir"),
]
TYPOS = [
    ("semaglutid", "semaglutide", "substance:semaglutide"),
    ("tirzepatyde", "tirzepatide", "substance:tirzepatide"),
    ("tesamorellin", "tesamorelin", "substance:tesamorelin"),
    ("ipamorlin", "ipamorelin", "substance:ipamorelin"),
    ("insullin", "insulin", "glossary:insulin"),
]


@pytest.mark.parametrize("typing", [False, True], ids=["enter", "typing"])
@pytest.mark.parametrize(("query", "top"), NAMES + ABBREVIATIONS)
def test_names_brands_and_abbreviations_reach_their_item(real: SearchService, query: str,
                                                         top: str, typing: bool) -> None:
    resp = real.search(query, typing=typing)
    assert resp.results, f"no results for {query!r}"
    assert resp.results[0].target == top, [r.target for r in resp.results[:5]]
    assert resp.corrected is None


def test_name_query_puts_the_substance_first(real: SearchService) -> None:
    resp = real.search("semaglutide", typing=False)
    assert resp.results[0].kind == "substance"
    assert resp.grouped()[0][0] == "substance"
    assert any(r.kind == "section" for r in resp.results)  # articles that discuss it follow


def test_class_name_brings_its_members(real: SearchService) -> None:
    targets = [r.target for r in real.search("GLP-1 receptor agonists", typing=False).results]
    assert targets[0] == "class:glp1-ra"
    assert {"substance:semaglutide", "substance:liraglutide"} <= set(targets[1:3])


@pytest.mark.parametrize(("british", "american"), [("hypoglycaemia", "hypoglycemia"),
                                                   ("oestrogen", "estrogen"),
                                                   ("haemoglobin", "hemoglobin")])
def test_british_and_american_spellings_find_the_same_items(real: SearchService, british: str,
                                                            american: str) -> None:
    uk = real.search(british, typing=False)
    us = real.search(american, typing=False)
    assert uk.results and us.results
    assert {r.target for r in uk.results} == {r.target for r in us.results}
    assert uk.corrected is None and us.corrected is None


def test_hypoglycaemia_reaches_the_glossary_entry(real: SearchService) -> None:
    for spelling in ("hypoglycaemia", "hypoglycemia"):
        assert real.search(spelling).results[0].target == "glossary:hypoglycaemia"


@pytest.mark.parametrize(("typo", "fixed", "top"), TYPOS)
def test_typos_are_corrected_and_the_original_stays_searchable(real: SearchService, typo: str,
                                                               fixed: str, top: str) -> None:
    resp = real.search(typo, typing=False)
    assert resp.corrected == fixed  # the UI shows "Showing results for <fixed>"
    assert resp.query == typo
    assert resp.results[0].target == top
    original = real.search(typo, typing=False, correct=False)
    assert original.corrected is None


@pytest.mark.parametrize("query", ["ozempic", "hypoglycaemia", "tesamorelin", "insulin resistance",
                                   "tirzepatide weight", "PT-141", "catestatin"])
def test_every_keystroke_of_a_query_finds_its_item(real: SearchService, query: str) -> None:
    """Typing: prefixes cut where the stemmer would not ("ozempi", "hypogly") still match."""
    final = real.search(query).results[0].target
    for n in range(4, len(query) + 1):
        prefix = query[:n]
        targets = [r.target for r in real.search(prefix).results]
        if len(prefix.split()[-1]) >= 4 or " " not in prefix:
            assert final in targets, prefix


def test_a_lone_letter_after_a_word_keeps_the_results(real: SearchService) -> None:
    word = {r.target for r in real.search("insulin").results}
    more = {r.target for r in real.search("insulin r").results}
    assert more and more <= word | more


def test_a_question_finds_items_holding_most_of_its_words(real: SearchService) -> None:
    resp = real.search("how does insulin resistance develop", typing=False)
    assert resp.results
    assert any(r.target == "glossary:insulin-resistance" for r in resp.results[:5])


def test_grouping_counts_match_the_groups(real: SearchService) -> None:
    resp = real.search("tesamorelin", typing=False)
    groups = resp.grouped()
    assert groups[0][0] == resp.results[0].kind
    assert {k: len(v) for k, v in groups} == resp.counts
    assert sum(resp.counts.values()) == len(resp.results)
    assert len(resp.counts) > 1
    for _, members in groups:
        scores = [r.score for r in members]
        assert scores == sorted(scores, reverse=True)


def test_order_is_deterministic(real_db: Path, real: SearchService) -> None:
    other = SearchService(connect_readonly(real_db))
    for query in ("insulin", "GLP-1", "growth hormone", "AND", "te"):
        first = real.search(query)
        assert first.results == real.search(query).results
        assert first.results == other.search(query).results
    other.conn.close()


def test_results_are_in_score_order(real: SearchService) -> None:
    for query in ("GLP-1", "insulin resistance", "tesamorelin visceral fat"):
        scores = [r.score for r in real.search(query).results]
        assert scores == sorted(scores, reverse=True)


def test_kind_and_limit_filter_the_results(real: SearchService) -> None:
    resp = real.search("insulin", kind="reference", limit=5, typing=False)
    assert resp.results and len(resp.results) <= 5
    assert {r.kind for r in resp.results} == {"reference"}
    assert resp.counts == {"reference": len(resp.results)}


# --- (b2) label safety, badges and class-like queries (fixture corpus) --------------------------

SAFETY_QUERIES = ["pancreatitis", "MEN 2", "boxed warning thyroid", "medullary thyroid carcinoma"]
CLASS_LIKE = ["GLP1", "GLP-1", "GLP-1 agonists", "glp1 ra", "GLP-1 RA"]


def test_results_carry_the_status_badge_and_boxed_warning(fixture_search: SearchService) -> None:
    by_target = {r.target: r for r in fixture_search.search("GLP-1", typing=False).results}
    sema = by_target["substance:semaglutide"]
    assert (sema.badge, sema.warning) == ("approved", "Risk of thyroid C-cell tumours")
    assert (by_target["class:glp1-ra"].badge, by_target["glossary:glp-1"].badge) == ("", "")
    tesa = fixture_search.search("Egrifta", typing=False).results[0]
    assert (tesa.badge, tesa.warning) == ("approved-narrow", "")
    assert sema.as_dict()["badge"] == "approved"
    assert sema.as_dict()["warning"] == "Risk of thyroid C-cell tumours"


@pytest.mark.parametrize("typing", [False, True], ids=["enter", "typing"])
@pytest.mark.parametrize("query", SAFETY_QUERIES)
def test_label_safety_text_reaches_the_substance(fixture_search: SearchService, query: str,
                                                 typing: bool) -> None:
    resp = fixture_search.search(query, typing=typing)
    assert resp.results and resp.results[0].target == "substance:semaglutide", resp.results
    assert resp.corrected is None
    assert "<mark>" in resp.results[0].snippet


def test_a_lone_digit_after_a_word_is_searched_while_typing(fixture_search: SearchService) -> None:
    """A lone letter still being typed is left out; a digit is a whole token ("MEN 2")."""
    assert '"2"' in fixture_search.build_match("MEN 2", prefix_last=True)
    assert "AND" not in fixture_search.build_match("insulin r", prefix_last=True)


@pytest.fixture
def ranking(tmp_path: Path) -> Iterator[SearchService]:
    """Short documents that share only a stem or scattered words, and a long substance page
    (lower in bm25) holding the exact words."""
    filler = " ".join(["filler"] * 80)
    docs = [
        {"kind": "glossary", "target": "glossary:pancreas", "title": "Pancreas",
         "body": "Pancreatic islets. Men and women; type 2 diabetes."},
        {"kind": "section", "target": "article:a#men", "title": "Testosterone in men",
         "body": "Men over 2 decades, men and 2 more men."},
        {"kind": "substance", "target": "substance:x", "title": "Examplatide", "badge":
         "approved", "warning": "Risk of thyroid C-cell tumours",
         "body": f"{filler} Boxed warning: risk of thyroid C-cell tumours. Contraindicated "
                 f"with MEN 2. Acute pancreatitis was reported. {filler}"},
        {"kind": "substance", "target": "substance:y", "title": "Otheratide",
         "body": f"{filler} Thyroid function and a boxed warning on tendons. {filler}"},
    ]
    conn = tiny_db(tmp_path / "ranking.sqlite", docs)
    yield SearchService(conn)
    conn.close()


@pytest.mark.parametrize("typing", [False, True], ids=["enter", "typing"])
@pytest.mark.parametrize("query", ["pancreatitis", "MEN 2", "boxed warning thyroid"])
def test_exact_words_outrank_stems_and_scattered_words(ranking: SearchService, query: str,
                                                       typing: bool) -> None:
    targets = [r.target for r in ranking.search(query, typing=typing).results]
    assert targets[0] == "substance:x", targets


def test_the_boxed_warning_asked_for_comes_first(ranking: SearchService) -> None:
    """"boxed warning thyroid": the page whose boxed warning is about the thyroid, before a
    page that merely holds all three words."""
    results = ranking.search("boxed warning thyroid", typing=False).results
    assert [r.target for r in results] == ["substance:x", "substance:y"]
    assert results[0].warning == "Risk of thyroid C-cell tumours"
    assert results[0].score > results[1].score
    both = ranking.search("boxed warning", typing=False).results
    assert [r.target for r in both][:2] == ["substance:x", "substance:y"]


@pytest.mark.parametrize("typing", [False, True], ids=["enter", "typing"])
@pytest.mark.parametrize("query", CLASS_LIKE)
def test_class_like_queries_rank_the_class_above_glossary_terms(
        fixture_search: SearchService, query: str, typing: bool) -> None:
    targets = [r.target for r in fixture_search.search(query, typing=typing).results]
    assert targets[0] == "class:glp1-ra", targets
    if "glossary:glp-1" in targets:
        assert targets.index("class:glp1-ra") < targets.index("glossary:glp-1")


def test_class_named_by_its_first_term_brings_its_members(fixture_search: SearchService) -> None:
    targets = [r.target for r in fixture_search.search("GLP-1", typing=False).results]
    assert targets[:3] == ["class:glp1-ra", "substance:semaglutide", "glossary:glp-1"]


@pytest.mark.parametrize("query", SAFETY_QUERIES[:3])
def test_real_label_safety_text_reaches_the_substances(real: SearchService, query: str) -> None:
    """Once resources/content has the incretin safety blocks: substances come first."""
    results = real.search(query, typing=False).results
    assert results[0].kind == "substance", [r.target for r in results[:5]]
    assert "substance:semaglutide" in [r.target for r in results[:5]]


@pytest.mark.parametrize("query", CLASS_LIKE)
def test_real_class_like_queries_rank_the_class_first(real: SearchService, query: str) -> None:
    targets = [r.target for r in real.search(query, typing=False).results]
    assert targets[0] == "class:glp1-ra", targets[:5]
    for term in ("glossary:glp-1", "glossary:glp-1-ra"):
        assert term not in targets or targets.index(term) > 0


# --- (c) snippets ---------------------------------------------------------------------------------

@pytest.fixture
def tiny(tmp_path: Path) -> Iterator[SearchService]:
    filler = " ".join(["filler"] * 150)
    docs = [
        {"target": "article:a#one", "title": "Dosing notes",
         "body": 'Dose < 2 mg & "GLP-1" > 0; <script>alert(1)</script> semaglutide lowers '
                 "HbA1c in adults."},
        {"target": "article:a#two", "title": "Muscle",
         "body": "Insulin-resistant muscle takes up less glucose than insulin-sensitive muscle."},
        {"target": "article:a#three", "title": "Long section",
         "body": f"{filler} tesamorelin reduces visceral fat {filler}"},
        {"kind": "substance", "target": "substance:semaglutide", "title": "Semaglutide",
         "names": "Ozempic ; Wegovy", "body": "A GLP-1 receptor agonist."},
    ]
    conn = tiny_db(tmp_path / "tiny.sqlite", docs, groups=(("semaglutide", "Ozempic", "Wegovy"),))
    yield SearchService(conn)
    conn.close()


def snippet_of(service: SearchService, query: str, target: str, typing: bool = False) -> str:
    resp = service.search(query, typing=typing)
    return next(r.snippet for r in resp.results if r.target == target)


def test_snippet_marks_the_word_and_escapes_everything_else(tiny: SearchService) -> None:
    snip = snippet_of(tiny, "semaglutide", "article:a#one")
    assert snip == ("Dose &lt; 2 mg &amp; &quot;GLP-1&quot; &gt; 0; &lt;script&gt;alert(1)"
                    "&lt;/script&gt; <mark>semaglutide</mark> lowers HbA1c in adults.")


def test_snippet_marks_each_word_and_its_stemmed_forms(tiny: SearchService) -> None:
    snip = snippet_of(tiny, "insulin resistance", "article:a#two")
    assert snip.startswith("<mark>Insulin</mark>-<mark>resistant</mark> muscle")
    assert snip.count("<mark>") == 3  # Insulin, resistant, insulin (of insulin-sensitive)


def test_snippet_marks_the_whole_word_a_prefix_starts(tiny: SearchService) -> None:
    assert "<mark>semaglutide</mark>" in snippet_of(tiny, "semag", "article:a#one", typing=True)


def test_snippet_marks_synonyms_in_names(tiny: SearchService) -> None:
    snip = snippet_of(tiny, "ozempic", "substance:semaglutide")
    assert snip == "<mark>Ozempic</mark> ; <mark>Wegovy</mark>"


def test_snippet_of_a_long_text_is_a_window_with_ellipses(tiny: SearchService) -> None:
    snip = snippet_of(tiny, "tesamorelin", "article:a#three")
    assert snip.startswith("…") and snip.endswith("…")
    assert "<mark>tesamorelin</mark> reduces visceral fat" in snip
    assert len(snip) < 200


def test_fixture_snippets_mark_brand_names(fixture_search: SearchService) -> None:
    resp = fixture_search.search("Egrifta", typing=False)
    assert resp.results[0].target == "substance:tesamorelin"
    assert "<mark>Egrifta</mark>" in resp.results[0].snippet


# --- (d) the command line ----------------------------------------------------------------------

def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(("query", "expected"), [
    ("GLP-1", "[class] GLP-1 receptor agonists"),
    ("ozempic", "[substance] Semaglutide"),
    ("Egrifta", "[substance] Tesamorelin"),
    ("hypoglycaemia", "[glossary] Hypoglycaemia"),
    ("semaglutid", "Showing results for “semaglutide”"),
    ("AND", "[reference]"),
])
def test_cli_search_examples(capsys: pytest.CaptureFixture[str], real_db: Path, query: str,
                             expected: str) -> None:
    code, out, err = run_cli(capsys, "search", "--db", str(real_db), query)
    assert code == 0 and err == ""
    assert out.splitlines()[0].startswith(expected), out[:300]


def test_cli_shows_and_carries_the_badge_and_boxed_warning(
        capsys: pytest.CaptureFixture[str], fixture_db: Path) -> None:
    code, out, err = run_cli(capsys, "search", "--db", str(fixture_db), "ozempic")
    assert code == 0 and err == ""
    assert out.splitlines()[0] == (
        "[substance] Semaglutide  —  GLP-1 receptor agonists  (substance:semaglutide)  "
        "Approved · ⚠ Boxed warning: Risk of thyroid C-cell tumours")
    code, out, _ = run_cli(capsys, "search", "--db", str(fixture_db), "--json", "Egrifta")
    first = json.loads(out)["results"][0]
    assert (first["target"], first["badge"], first["warning"]) == (
        "substance:tesamorelin", "approved-narrow", "")


def test_cli_unbalanced_quote_is_a_plain_answer(capsys: pytest.CaptureFixture[str],
                                                real_db: Path) -> None:
    code, out, err = run_cli(capsys, "search", "--db", str(real_db), '"unbalanced')
    assert code == 0 and err == ""
    assert out.startswith("No results for “\"unbalanced”.") or out.startswith("[")


def test_cli_json_lists_results_in_rank_order(capsys: pytest.CaptureFixture[str],
                                              real_db: Path, real: SearchService) -> None:
    code, out, err = run_cli(capsys, "search", "--db", str(real_db), "--json", "--limit",
                             "12", "GLP-1")
    assert code == 0 and err == ""
    data = json.loads(out)
    results = data["results"]
    assert 0 < len(results) <= 12
    for r in results:
        assert set(r) == {"kind", "title", "target", "context", "snippet", "score", "badge",
                          "warning"}
    scores = [r["score"] for r in results]
    assert scores == sorted(scores, reverse=True)
    expected = real.search("GLP-1", limit=12, typing=False)
    assert [r["target"] for r in results] == [r.target for r in expected.results]
    assert data["counts"] == expected.counts


def test_cli_kind_filter(capsys: pytest.CaptureFixture[str], real_db: Path) -> None:
    code, out, _ = run_cli(capsys, "search", "--db", str(real_db), "--json", "--kind",
                           "substance", "insulin")
    assert code == 0
    assert {r["kind"] for r in json.loads(out)["results"]} == {"substance"}
    code, _, err = run_cli(capsys, "search", "--db", str(real_db), "--kind", "nope", "x")
    assert code == 2 and "unknown kind" in err


def test_cli_search_in_a_fresh_process(real_db: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "peptide_desk", "search", "--db", str(real_db), "--json",
         "\x01NEAR(\"GLP-1\" OR *:)"], capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert isinstance(json.loads(result.stdout)["results"], list)
