"""The real corpus (resources/content): complete, checked, neutral and written afresh.

The source articles and the fact sheet live outside the repository (``../shared``); the tests
that need them skip with a message when they are absent.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from peptide_desk import cli
from peptide_desk.content.articles import CITE_RE, LINK_RE, TERM_RE
from peptide_desk.content.validate import Corpus, load_corpus
from peptide_desk.records import EVIDENCE_LABELS, STATUS_LABELS, TIERS, VERIFICATION_LABELS
from peptide_desk.store import Store

REPO = Path(__file__).resolve().parents[1]
CONTENT = REPO / "resources" / "content"
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
FACTS = SHARED / "facts"
FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
WORD = re.compile(r"[^\W_]+")
RUN = 8
pytestmark = pytest.mark.slow  # builds the whole bundled corpus once

SEED_REF_IDS = ([f"A{i}" for i in range(1, 11)] + [f"B{i}" for i in range(1, 11)]
                + [f"C{i}" for i in range(1, 6)] + [f"D{i}" for i in range(1, 8)]
                + [f"E{i}" for i in range(1, 11)])
BANNED = ["reclaim", "vitality", "optimize", "optimise", "optimal", "youthful", "your journey",
          "unlock", "revolutionary", "empower", "biological ballet", "innate intelligence",
          "master key", "miracle"]
BANNED_RE = re.compile(r"\b(" + "|".join(re.escape(b) for b in BANNED) + r")", re.IGNORECASE)
#: Fields whose purpose is to quote the source's wording (quoted spans there are exempt).
QUOTING_FIELDS = {"note", "correction", "as_cited"}
QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|‘[^’]*’|“[^”]*”")

REQUIRED_SUBSTANCES = [
    "semaglutide", "tirzepatide", "liraglutide", "pramlintide", "tesamorelin", "sermorelin",
    "CJC-1295", "ipamorelin", "hexarelin", "MK-677", "GEP44", "PATAS", "catestatin", "PEPITEM",
    "bremelanotide", "pentadeca arginate", "gonadorelin", "testosterone cypionate",
    "anastrozole", "enclomiphene", "AdipoRon"]


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus(CONTENT)


@pytest.fixture(scope="module")
def store(real_db: Path) -> Iterator[Store]:
    s = Store(real_db)
    yield s
    s.close()


def data(name: str) -> dict[str, Any]:
    with (CONTENT / name).open("rb") as fh:
        return tomllib.load(fh)


def strings(value: Any, key: str = "") -> Iterator[tuple[str, str]]:
    """Every (field name, text) inside a TOML value."""
    if isinstance(value, str):
        yield key, value
    elif isinstance(value, list):
        for item in value:
            yield from strings(item, key)
    elif isinstance(value, dict):
        for k, item in value.items():
            yield from strings(item, k)


def words(text: str) -> list[str]:
    return WORD.findall(text.lower())


def article_prose(text: str) -> str:
    """Reader-visible words of Markdown: citation keys, anchors and link targets removed."""
    text = CITE_RE.sub(" ", text)
    text = TERM_RE.sub(lambda m: " " + (m.group("text") or m.group("id").replace("-", " ")), text)
    text = LINK_RE.sub(lambda m: m.group("text"), text)
    text = re.sub(r"\{#[^}]*\}", " ", text)
    return re.sub(r"\{\{\s*(table|chart)\s+[^}]*\}\}", " ", text)


# --- check and build -----------------------------------------------------------------------------

def test_check_content_passes(capsys: pytest.CaptureFixture[str]) -> None:
    code = cli.main(["check-content", "--content", str(CONTENT)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert out.startswith("content OK: 5 articles")


def test_build_bundles_everything(corpus: Corpus, store: Store) -> None:
    recs = corpus.sources.records
    assert [a.id for a in store.articles()] == [a.id for a in sorted(
        corpus.articles, key=lambda a: (a.meta["order"], a.id))]
    assert len(store.substances()) == len(recs["substance"])
    assert len(store.classes()) == len(recs["class"])
    assert len(store.glossary()) == len(recs["term"])
    assert len(store.references()) == len(recs["reference"])
    assert len(store.table_ids()) == len(recs["table"])
    assert len(store.chart_ids()) == len(recs["chart"])
    assert store.quick_check() == "ok"
    site = store.site()
    assert FULL_DATE.match(site.content_as_of)
    assert "not medical advice" in site.disclaimer_html.lower()


# --- articles ------------------------------------------------------------------------------------

def test_five_articles_with_three_tiers_and_dates(store: Store) -> None:
    summaries = store.articles()
    assert len(summaries) == 5
    for summary in summaries:
        art = store.article(summary.id)
        assert art is not None
        assert FULL_DATE.match(art.as_of), f"{art.id}: as_of {art.as_of!r}"
        tiers = [s.tier for s in art.sections]
        for tier in TIERS:
            assert tier in tiers, f"{art.id}: no {tier} section"
        assert tiers == sorted(tiers, key=TIERS.index), f"{art.id}: tiers out of order"
        assert set(art.reading_minutes) == set(TIERS)
        assert all(m >= 1 for m in art.reading_minutes.values())
        assert art.citations, f"{art.id}: cites nothing"


def test_every_article_has_an_evidence_box(store: Store) -> None:
    for summary in store.articles():
        art = store.article(summary.id)
        assert art is not None
        assert any("box evidence" in s.html for s in art.sections), f"{art.id}: no evidence box"


# --- substances, classes, references -------------------------------------------------------------

def test_required_substances_present(store: Store) -> None:
    names: set[str] = set()
    for s in store.substances():
        names.update(n.lower() for n in (s.name, s.id, *s.synonyms, *s.brand_names))
    missing = [n for n in REQUIRED_SUBSTANCES if n.lower() not in names]
    assert not missing, f"substances missing: {missing}"


def test_every_substance_has_status_dates_and_evidence(store: Store) -> None:
    for s in store.substances():
        assert s.status in STATUS_LABELS, s.id
        assert s.evidence_level in EVIDENCE_LABELS, s.id
        for reg_name, reg in (("fda", s.fda), ("ema", s.ema)):
            assert DATE.match(reg.checked), f"{s.id}: {reg_name} checked {reg.checked!r}"
            assert reg.status.strip(), f"{s.id}: {reg_name} has no status"
            assert reg.detail.strip(), f"{s.id}: {reg_name} has no detail"
        assert s.class_id and s.class_name != s.class_id, f"{s.id}: class {s.class_id}"
        assert s.refs, f"{s.id}: no references"
        if s.dosing is not None:
            assert s.dosing.source, f"{s.id}: dosing without a source"
            assert store.reference(s.dosing.source) is not None


def test_every_class_has_members(store: Store) -> None:
    classes = store.classes()
    assert len(classes) >= 9
    for c in classes:
        assert c.members, c.id
        assert c.mechanism and c.targets and c.insulin_effect, c.id


def test_every_reference_has_a_verification_status(store: Store) -> None:
    refs = store.references()
    assert len(refs) >= 42
    for r in refs:
        assert r.status in VERIFICATION_LABELS, r.key
        if r.status in ("corrected", "unconfirmed"):
            assert r.note.strip(), f"{r.key}: {r.status} without a note"


def test_all_seed_references_are_answered(store: Store) -> None:
    covered = {sid for r in store.references() for sid in r.seed_refs}
    missing = [sid for sid in SEED_REF_IDS if sid not in covered]
    assert not missing, f"seed references not covered by any seed_refs: {missing}"
    unknown = sorted(covered - set(SEED_REF_IDS))
    assert not unknown, f"seed_refs that are not fact-sheet ids: {unknown}"


def evidence_text() -> str:
    """Everything the project's evidence log says pages showed (urls included), folded."""
    parts = []
    for path in sorted((CONTENT / "evidence").glob("*.toml")):
        for entry in tomllib.loads(path.read_text(encoding="utf-8")).get("evidence", []):
            parts += [entry.get("url", ""), entry.get("showed", ""), entry.get("source", "")]
    return "\n".join(parts).lower()


def test_identifiers_come_from_a_page_that_showed_them() -> None:
    """A DOI, PMID or PMCID is in the evidence log: an entry, or for the first review round
    the look-ups carried into evidence/first-round-lookups.md (inside the project, so the check
    holds in any clone)."""
    first_round = (CONTENT / "evidence" / "first-round-lookups.md").read_text(encoding="utf-8")
    seen = evidence_text() + "\n" + first_round.lower()
    invented = []
    for ref in data("references.toml")["reference"]:
        doi = str(ref.get("doi", "")).lower()
        if doi and doi not in seen:
            invented.append(f"{ref['key']}: doi {doi}")
        for key in ("pmid", "pmcid"):
            ident = str(ref.get(key, ""))
            if ident and not re.search(rf"(?<![\w]){re.escape(ident.lower())}(?![\w])", seen):
                invented.append(f"{ref['key']}: {key} {ident}")
    assert not invented, "identifiers no page showed (never invent one):\n" + "\n".join(
        invented)


# --- wording -------------------------------------------------------------------------------------

def prose_sources() -> Iterator[tuple[str, str, str]]:
    """(file, field, text) of every reader-facing text in the corpus."""
    for path in sorted((CONTENT / "articles").glob("*.md")):
        yield f"articles/{path.name}", "body", path.read_text(encoding="utf-8")
    for name in ("substances.toml", "classes.toml", "glossary.toml", "tables.toml",
                 "site.toml", "charts.toml"):
        for field, text in strings(data(name)):
            yield name, field, text


def test_no_marketing_phrases() -> None:
    hits = []
    for name, field, text in prose_sources():
        checked = QUOTED.sub(" ", text) if field in QUOTING_FIELDS else text
        for no, line in enumerate(checked.splitlines(), 1):
            for m in BANNED_RE.finditer(line):
                where = f"line {no}" if field == "body" else f"field '{field}'"
                hits.append(f"{name} {where}: '{m.group(0)}' in “{line.strip()[:90]}”")
    assert not hits, ("marketing wording (lay search terms belong in search_terms.toml):\n"
                      + "\n".join(hits))


def seed_runs() -> dict[tuple[str, ...], str]:
    if not SEEDS.is_dir() or not list(SEEDS.glob("*.txt")):
        pytest.skip(f"source articles not found at {SEEDS}; 8-word-run check not run")
    runs: dict[tuple[str, ...], str] = {}
    for path in sorted(SEEDS.glob("*.txt")):
        tokens = words(path.read_text(encoding="utf-8"))
        for i in range(len(tokens) - RUN + 1):
            runs.setdefault(tuple(tokens[i:i + RUN]), path.name)
    return runs


def shared_runs(text: str, runs: dict[tuple[str, ...], str]) -> list[str]:
    tokens = words(text)
    return [f"“{' '.join(tokens[i:i + RUN])}” (in {runs[tuple(tokens[i:i + RUN])]})"
            for i in range(len(tokens) - RUN + 1) if tuple(tokens[i:i + RUN]) in runs]


def test_articles_share_no_8_word_run_with_the_sources(corpus: Corpus) -> None:
    runs = seed_runs()
    hits = []
    for art in corpus.articles:
        texts = [(1, art.meta.get("title", "")), (1, art.meta.get("summary", ""))]
        for sec in art.sections:
            texts.append((sec.line, sec.title))
            for block in sec.blocks:
                if block.kind in ("md", "evidence", "caveat"):
                    texts.append((block.line, block.title + "\n" + block.text))
        for line, text in texts:
            hits += [f"{art.file}:{line}: {h}" for h in shared_runs(article_prose(text), runs)]
    assert not hits, "copied from a source article:\n" + "\n".join(hits)


def test_data_files_share_no_8_word_run_with_the_sources() -> None:
    runs = seed_runs()
    hits = []
    for name in ("substances.toml", "classes.toml", "glossary.toml", "tables.toml",
                 "charts.toml", "site.toml"):
        for field, text in strings(data(name)):
            if field in QUOTING_FIELDS:
                continue  # these fields quote the source on purpose, to say what changed
            hits += [f"{name} field '{field}': {h}" for h in shared_runs(text, runs)]
    assert not hits, "copied from a source article:\n" + "\n".join(hits)
