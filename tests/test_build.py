"""The content build: deterministic, atomic, sanitised, with the indexes search needs."""

from __future__ import annotations

import json
import math
import re
import shutil
import sqlite3
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest

from peptide_desk import cli
from peptide_desk.content import build as build_mod
from peptide_desk.content.articles import Block, ParsedSection
from peptide_desk.content.build import (
    FTS_TOKENIZE,
    SCHEMA_VERSION,
    BuildError,
    build_database,
    content_hash,
)
from peptide_desk.content.render import (
    ALLOWED_ATTRS,
    ALLOWED_TAGS,
    URL_SCHEMES,
    ArticleRenderer,
    sanitise,
)

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "content"
ARTICLE = "articles/01-gh-basics.md"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture corpus built once for the read-only checks of this module."""
    path = tmp_path_factory.mktemp("build") / "fixture.sqlite"
    build_database(FIXTURE, path)
    return path


@pytest.fixture
def db(built: Path) -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(f"{built.as_uri()}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    yield conn
    conn.close()


def broken_copy(tmp_path: Path) -> Path:
    root = tmp_path / "broken"
    shutil.copytree(FIXTURE, root)
    art = root / ARTICLE
    art.write_text(art.read_text().replace("[@drucker2006]. Reduced", "[@nobody]. Reduced"))
    return root


# --- determinism ---------------------------------------------------------------------------------

def test_build_is_byte_identical(tmp_path: Path) -> None:
    a, b = tmp_path / "a" / "x.sqlite", tmp_path / "b" / "other-name.sqlite"
    build_database(FIXTURE, a)
    build_database(FIXTURE, b)
    assert a.read_bytes() == b.read_bytes()


def test_build_from_a_copy_elsewhere_is_identical(tmp_path: Path, built: Path) -> None:
    copy = tmp_path / "somewhere" / "else"
    shutil.copytree(FIXTURE, copy)
    out = tmp_path / "copy.sqlite"
    build_database(copy, out)
    assert out.read_bytes() == built.read_bytes()


def test_meta_records_hash_schema_and_source_date(db: sqlite3.Connection) -> None:
    meta = {r["key"]: r["value"] for r in db.execute("SELECT key, value FROM meta")}
    assert meta["content_hash"] == content_hash(FIXTURE, meta["home_html"])
    assert re.fullmatch(r"[0-9a-f]{64}", meta["content_hash"])
    assert meta["schema_version"] == str(SCHEMA_VERSION)
    # the build date is the corpus date from site.toml, never the clock
    assert meta["build_date"] == "2026-01-15" == meta["content_as_of"]
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    counts = json.loads(meta["counts"])
    assert counts["articles"] == 1 and counts["sections"] == 3 and counts["substances"] == 2


def test_content_hash_changes_with_any_source_byte(tmp_path: Path) -> None:
    copy = tmp_path / "c"
    shutil.copytree(FIXTURE, copy)
    before = content_hash(copy, "")
    site = copy / "site.toml"
    site.write_text(site.read_text() + "\n")
    assert content_hash(copy, "") != before


def test_build_is_not_in_wal_mode(built: Path) -> None:
    # a read-only open of a WAL database would need -shm/-wal files next to it
    with built.open("rb") as fh:
        header = fh.read(20)
    assert header[:16] == b"SQLite format 3\x00"
    assert header[18] == 1 and header[19] == 1  # legacy (rollback-journal) read/write versions


# --- full-text search ----------------------------------------------------------------------------

def test_fts_table_uses_the_agreed_tokenizer_and_prefixes(db: sqlite3.Connection) -> None:
    row = db.execute("SELECT sql FROM sqlite_master WHERE name = 'search_fts'").fetchone()
    assert row is not None
    sql = row["sql"]
    assert "USING fts5" in sql
    assert f"tokenize='{FTS_TOKENIZE}'" in sql
    assert FTS_TOKENIZE == "porter unicode61 remove_diacritics 2"
    assert "prefix='2 3'" in sql
    for shadow in ("search_fts_data", "search_fts_idx", "search_fts_config"):
        assert db.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (shadow,)).fetchone()


def test_fts_indexes_every_kind(db: sqlite3.Connection) -> None:
    kinds = {r[0] for r in db.execute("SELECT DISTINCT kind FROM search_docs")}
    assert kinds == {"section", "substance", "class", "glossary", "table", "chart", "reference"}


@pytest.mark.parametrize(("query", "target"), [
    ("tesa*", "substance:tesamorelin"),           # prefix
    ("tésamorelin", "substance:tesamorelin"),     # diacritics removed
    ("raising", "article:gh-basics#gh-peptides"),  # porter stemming: raises ~ raising
    ("wegovy", "substance:semaglutide"),          # brand names are indexed
])
def test_fts_matches(db: sqlite3.Connection, query: str, target: str) -> None:
    rows = db.execute("SELECT d.target FROM search_fts JOIN search_docs d ON d.id = "
                      "search_fts.rowid WHERE search_fts MATCH ?", (query,)).fetchall()
    assert target in {r[0] for r in rows}


# --- atomic writes -------------------------------------------------------------------------------

def test_failed_build_leaves_previous_database_untouched(tmp_path: Path) -> None:
    out_dir = tmp_path / "db"
    out = out_dir / "peptide_desk.sqlite"
    build_database(FIXTURE, out)
    before = out.read_bytes()
    with pytest.raises(BuildError) as info:
        build_database(broken_copy(tmp_path), out)
    assert any("nobody" in p.message for p in info.value.problems)
    assert out.read_bytes() == before
    assert sorted(p.name for p in out_dir.iterdir()) == ["peptide_desk.sqlite"]


def test_crash_during_write_leaves_previous_database_and_no_temp_files(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out_dir = tmp_path / "db"
    out = out_dir / "peptide_desk.sqlite"
    build_database(FIXTURE, out)
    before = out.read_bytes()
    real_write = build_mod._write

    def failing_write(db: object, *args: object) -> None:
        real_write(db, *args)  # type: ignore[arg-type]
        raise RuntimeError("disk full (simulated)")

    monkeypatch.setattr(build_mod, "_write", failing_write)
    with pytest.raises(RuntimeError, match="simulated"):
        build_database(FIXTURE, out)
    assert out.read_bytes() == before
    assert sorted(p.name for p in out_dir.iterdir()) == ["peptide_desk.sqlite"]


def test_build_db_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "cli.sqlite"
    assert cli.main(["build-db", "--content", str(FIXTURE), "--output", str(out)]) == 0
    assert f"built {out}" in capsys.readouterr().out
    assert out.is_file()


def test_build_db_cli_failure_keeps_file(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "cli.sqlite"
    build_database(FIXTURE, out)
    before = out.read_bytes()
    code = cli.main(["build-db", "--content", str(broken_copy(tmp_path)), "--output", str(out)])
    err = capsys.readouterr().err
    assert code == 1
    assert re.search(r"01-gh-basics\.md:\d+: citation \[@nobody\]", err)
    assert out.read_bytes() == before


# --- sanitised HTML ------------------------------------------------------------------------------

class _Audit(HTMLParser):
    """Collects every tag, attribute and link of a fragment."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend((tag, k, v or "") for k, v in attrs)


def audit(fragment: str) -> _Audit:
    parser = _Audit()
    parser.feed(fragment)
    parser.close()
    return parser


def assert_safe(fragment: str) -> None:
    found = audit(fragment)
    assert set(found.tags) <= ALLOWED_TAGS, set(found.tags) - ALLOWED_TAGS
    for tag, name, value in found.attrs:
        assert not name.startswith("on"), (tag, name)
        assert name in ALLOWED_ATTRS.get(tag, set()), (tag, name)
        if name in ("href", "src"):
            scheme = value.split(":", 1)[0].lower() if ":" in value else ""
            assert scheme in URL_SCHEMES, value
    assert "<script" not in fragment.lower()
    assert "javascript:" not in fragment.lower()


def test_section_html_is_sanitised(db: sqlite3.Connection) -> None:
    rows = db.execute("SELECT html FROM sections").fetchall()
    assert rows
    for (fragment,) in rows:
        assert_safe(fragment)
    for key in ("disclaimer_html", "about_html"):
        assert_safe(db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()[0])


MALICIOUS = (
    '<script>alert("x")</script><style>p{color:red}</style>'
    '<p onclick="steal()" style="x">text <a href="javascript:alert(1)">j</a>'
    ' <a href="JaVaScRiPt:alert(2)">J</a> <a href="data:text/html,<b>x</b>">d</a>'
    ' <a href="file:///etc/passwd">f</a> <a href="http://example.org/">h</a>'
    ' <a href="ftp://example.org/">ftp</a> <a href="vbscript:x">v</a>'
    ' <a href="https://example.org/ok">ok</a> <a href="substance:semaglutide">s</a>'
    ' <img src="x" onerror="alert(3)"><iframe src="https://evil.example/"></iframe>'
    ' <svg onload="alert(4)"></svg><form action="https://x"><input name="q"></form>'
    ' <a href="article:gh-basics#insulin-basics" onmouseover="x()">art</a></p>'
)


def test_sanitise_strips_a_malicious_fragment() -> None:
    clean = sanitise(MALICIOUS)
    assert_safe(clean)
    lowered = clean.lower()
    for gone in ("alert", "steal", "<img", "<iframe", "<svg", "<form", "<input", "<style",
                 "color:red", "style=", "data:", "file:", "http://", "ftp:", "vbscript"):
        assert gone not in lowered, gone
    hrefs = [v for _, k, v in audit(clean).attrs if k == "href"]
    assert hrefs == ["https://example.org/ok", "substance:semaglutide",
                     "article:gh-basics#insulin-basics"]
    assert "text" in clean and ">ok</a>" in clean


def test_renderer_sanitises_markdown_that_slipped_through() -> None:
    """Even Markdown the checker would reject renders safely (defence in depth)."""
    renderer = ArticleRenderer({}, {}, lambda _t, _c: "", lambda _c: "")
    section = ParsedSection("x", "T <script>", "fundamentals", 1, [
        Block("md", 2, '[click](javascript:alert(1)) <script>alert(2)</script>\n\n'
                       '<div onclick="x()">raw</div> ![img](https://example.org/a.png)'),
        Block("caveat", 5, "[d](data:text/html,x)", 'Title " onmouseover="y()'),
    ])
    out = renderer.section(section)
    assert_safe(out)  # the box title's quote stays text: no onmouseover attribute exists
    assert "alert" not in out and "<img" not in out and "<div onclick" not in out
    assert "T &lt;script&gt;" in out


# --- rendering details ---------------------------------------------------------------------------

def _cite_order(fragments: list[str]) -> list[tuple[str, int]]:
    """(reference key, number) of every citation link, in document order."""
    pairs = []
    for frag in fragments:
        for sup in re.findall(r'<sup class="cite">(.*?)</sup>', frag):
            pairs += [(k, int(n)) for k, n in re.findall(r'href="ref:([^"]+)"[^>]*>(\d+)<', sup)]
    return pairs


def test_citations_numbered_in_order_of_first_appearance(db: sqlite3.Connection) -> None:
    fragments = [r[0] for r in db.execute(
        "SELECT html FROM sections WHERE article_id = 'gh-basics' ORDER BY ord")]
    pairs = _cite_order(fragments)
    first: dict[str, int] = {}
    for key, number in pairs:
        first.setdefault(key, len(first) + 1)
        assert number == first[key], (key, number)  # same key, same number everywhere
    assert list(first) == ["drucker2006", "bramnert2003", "polonsky2012"]
    table = [(r[0], r[1]) for r in db.execute(
        "SELECT number, ref_key FROM citations WHERE article_id = 'gh-basics' ORDER BY number")]
    assert table == [(1, "drucker2006"), (2, "bramnert2003"), (3, "polonsky2012")]


def test_reading_minutes_per_tier(db: sqlite3.Connection) -> None:
    row = db.execute("SELECT minutes, words FROM articles WHERE id = 'gh-basics'").fetchone()
    minutes, words = json.loads(row["minutes"]), json.loads(row["words"])
    assert set(minutes) == set(words) == {"fundamentals", "intermediate", "academic"}
    for tier in minutes:
        total = db.execute("SELECT sum(words) FROM sections WHERE article_id = 'gh-basics' "
                           "AND tier = ?", (tier,)).fetchone()[0]
        assert words[tier] == total > 0
        assert minutes[tier] == max(1, math.ceil(total / build_mod.WORDS_PER_MINUTE))


def test_mentions_of_substances_and_classes(db: sqlite3.Connection) -> None:
    rows = {tuple(r) for r in db.execute(
        "SELECT kind, target_id, article_id, anchor FROM mentions")}
    assert ("substance", "semaglutide", "gh-basics", "insulin-basics") in rows  # linked
    assert ("substance", "semaglutide", "gh-basics", "gh-peptides") in rows  # table row name
    assert ("substance", "tesamorelin", "gh-basics", "gh-peptides") in rows  # named in text
    assert ("class", "glp1-ra", "gh-basics", "insulin-basics") in rows
    assert ("substance", "tesamorelin", "gh-basics", "insulin-basics") not in rows


def test_section_html_carries_links_terms_boxes_and_embeds(db: sqlite3.Connection) -> None:
    html = {r[0]: r[1] for r in db.execute(
        "SELECT anchor, html FROM sections WHERE article_id = 'gh-basics'")}
    basics = html["insulin-basics"]
    assert 'id="insulin-basics"' in basics
    assert 'href="glossary:insulin-resistance"' in basics and 'class="term"' in basics
    assert 'href="substance:semaglutide"' in basics
    assert "box evidence" in basics and "What the evidence says" in basics
    assert 'href="table:gh-peptide-comparison"' in html["gh-peptides"]
    assert 'href="chart:gh-secretagogue-phases"' in html["response-phases"]
    assert 'href="https://www.ema.europa.eu/"' in html["response-phases"]
    text = db.execute("SELECT text FROM sections WHERE anchor = 'insulin-basics'").fetchone()[0]
    assert "<" not in text and "Insulin moves glucose into cells." in text
