"""links.py: every link scheme and how a target is read, in one place (no Qt)."""

from __future__ import annotations

import pytest

from peptide_desk import links
from peptide_desk.links import (
    ANCHOR,
    APP_SCHEMES,
    BLOCKED,
    CHECKS_TARGET,
    CONTENT_SCHEMES,
    DISCLOSE,
    EXTERNAL,
    INTERNAL,
    INTERNAL_SCHEMES,
    Target,
    is_content,
    is_internal,
    link_kind,
    make_target,
    parse_target,
)
from peptide_desk.store import TARGET_TABLES, Store


@pytest.mark.parametrize(("target", "parts"), [
    ("article:a#b", Target("article", "a", "b")),
    ("article:a", Target("article", "a", "")),
    ("substance:semaglutide", Target("substance", "semaglutide", "")),
    ("compare:semaglutide,class:glp1-ra", Target("compare", "semaglutide,class:glp1-ra")),
    ("view:home", Target("view", "home", "")),
    ("#safety", Target("", "", "safety")),
    ("substance:", Target("substance", "", "")),
    ("plain words", Target("plain words", "", "")),
])
def test_parse_target_splits_scheme_ident_and_anchor(target: str, parts: Target) -> None:
    assert parse_target(target) == parts


@pytest.mark.parametrize("target", ["article:a#b", "article:a", "ref:drucker2006",
                                    "view:bookmarks"])
def test_make_target_is_the_inverse_of_parse_target(target: str) -> None:
    assert make_target(*parse_target(target)) == target


def test_the_window_opens_content_records_and_its_own_pages() -> None:
    assert INTERNAL_SCHEMES == CONTENT_SCHEMES + APP_SCHEMES
    assert not set(CONTENT_SCHEMES) & set(APP_SCHEMES)
    for scheme in CONTENT_SCHEMES:
        assert is_internal(f"{scheme}:x") and is_content(f"{scheme}:x")
    for scheme in APP_SCHEMES:
        assert is_internal(f"{scheme}:x") and not is_content(f"{scheme}:x")


@pytest.mark.parametrize(("target", "kind"), [
    ("#safety", ANCHOR),
    (CHECKS_TARGET, DISCLOSE),
    ("https://www.ema.europa.eu/", EXTERNAL),
    ("substance:semaglutide", INTERNAL),
    ("article:a#b", INTERNAL),
    ("view:home", INTERNAL),
    ("compare:a,b", INTERNAL),
    ("http://example.org/", BLOCKED),
    ("file:///etc/passwd", BLOCKED),
    ("javascript:alert(1)", BLOCKED),
    ("data:text/html,x", BLOCKED),
    ("ftp://x/y", BLOCKED),
    ("disclose:other", BLOCKED),
    ("other-article.md", BLOCKED),
])
def test_link_kind_is_the_link_policy(target: str, kind: str) -> None:
    assert link_kind(target) == kind


def test_every_content_scheme_names_a_table_of_the_store() -> None:
    assert set(TARGET_TABLES) == set(CONTENT_SCHEMES)


#: One record of the fixture corpus per content scheme.
RECORDS = ("article:gh-basics", "substance:semaglutide", "class:glp1-ra",
           "table:gh-peptide-comparison", "chart:gh-secretagogue-phases", "glossary:glp-1",
           "ref:drucker2006")


def test_the_examples_cover_every_content_scheme() -> None:
    assert sorted(parse_target(t).scheme for t in RECORDS) == sorted(CONTENT_SCHEMES)


@pytest.mark.parametrize("target", RECORDS)
def test_store_resolves_every_content_scheme(store: Store, target: str) -> None:
    assert store.target_exists(target)
    assert not store.target_exists(target + "-missing")


def test_store_refuses_app_pages_and_unknown_schemes(store: Store) -> None:
    for target in ("view:home", "compare:semaglutide", "https://x.org", "#top", "substance:"):
        assert not store.target_exists(target)


def test_content_may_link_to_content_records_and_https_only() -> None:
    from peptide_desk.content.render import URL_SCHEMES

    assert {links.EXTERNAL_SCHEME, *CONTENT_SCHEMES} == URL_SCHEMES


@pytest.mark.parametrize("target", ["article:insulin-resistance#hepatic", "substance:semaglutide",
                                    "compare:semaglutide,tirzepatide", "chart:gh-phases",
                                    "view:glossary"])
def test_app_url_round_trips(target: str) -> None:
    url = links.app_url(target)
    assert url.startswith("peptide-desk://")
    assert links.from_app_url(url) == target


@pytest.mark.parametrize("url", ["peptide-desk://", "peptide-desk://article", "peptide-desk://article/",
                                 "peptide-desk://file/etc/passwd", "peptide-desk://https/x",
                                 "peptide-desk://article/../../etc", "peptide-desk://article/a?x=1",
                                 "peptide-desk://article/a b", "peptide-desk://user@article/a",
                                 "peptide-desk://article/a#<script>", "https://article/a",
                                 "peptide-desk://article/" + "a" * 600, "article:a"])
def test_malformed_app_urls_are_refused(url: str) -> None:
    assert links.from_app_url(url) is None
