"""Read-only access to the bundled database: typed records, no writes, clear errors."""

from __future__ import annotations

import dataclasses
import shutil
import sqlite3
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from peptide_desk import cli
from peptide_desk.content.build import build_database
from peptide_desk.records import Chart, DataTable, Reference, Substance, date_key
from peptide_desk.search import SearchService
from peptide_desk.store import SUPPORTED_SCHEMA, Store, StoreError

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "content"


def toml(name: str) -> dict[str, Any]:
    with (FIXTURE / name).open("rb") as fh:
        return tomllib.load(fh)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("store-src") / "peptide_desk.sqlite"
    build_database(FIXTURE, path)
    return path


@pytest.fixture(scope="module")
def store(built: Path) -> Iterator[Store]:
    s = Store(built)
    yield s
    s.close()


def copy_db(built: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "peptide_desk.sqlite"
    shutil.copyfile(built, target)
    return target


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def exercise(store: Store) -> None:
    """Every read the app makes, so that any write on open or read would show."""
    store.site()
    for a in store.articles():
        art = store.article(a.id)
        assert art is not None
        for sec in art.sections:
            store.section_title(art.id, sec.anchor)
    for s in store.substances():
        store.substance(s.id)
    for c in store.classes():
        store.drug_class(c.id)
    store.glossary()
    for r in store.references():
        store.reference(r.key)
    for tid, _, _ in store.table_ids():
        store.table(tid)
    for cid, _ in store.chart_ids():
        store.chart(cid)
    store.target_exists("article:gh-basics#insulin-basics")
    assert store.quick_check() == "ok"
    SearchService(store.conn).search("tesamorelin", limit=10, kind=None, typing=True)


# --- read-only -----------------------------------------------------------------------------------

def test_writes_fail(tmp_path: Path, built: Path) -> None:
    path = copy_db(built, tmp_path / "db")
    s = Store(path)
    try:
        for sql in ("INSERT INTO meta VALUES ('x', 'y')", "DELETE FROM substances",
                    "CREATE TABLE t (x)", "PRAGMA user_version = 5"):
            with pytest.raises(sqlite3.OperationalError):
                s.conn.execute(sql)
                s.conn.commit()
        assert s.conn.execute("SELECT count(*) FROM substances").fetchone()[0] == 2
    finally:
        s.close()
    assert Store(path).conn.execute("PRAGMA user_version").fetchone()[0] == SUPPORTED_SCHEMA


def test_read_only_even_without_query_only(tmp_path: Path, built: Path) -> None:
    """mode=ro itself refuses writes, not only the query_only pragma."""
    s = Store(copy_db(built, tmp_path))
    assert s.conn.execute("PRAGMA query_only").fetchone()[0] == 1
    s.conn.execute("PRAGMA query_only = OFF")
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        s.conn.execute("UPDATE meta SET value = 'x' WHERE key = 'title'")
    s.close()


def test_mode_ro_not_immutable(tmp_path: Path, built: Path) -> None:
    """A file replaced or changed under the app is noticed (immutable=1 would serve stale data)."""
    path = copy_db(built, tmp_path)
    s = Store(path)
    assert s.conn.execute("SELECT value FROM meta WHERE key = 'title'").fetchone()[0] == (
        "Peptide Desk")
    writer = sqlite3.connect(path)
    writer.execute("UPDATE meta SET value = 'Changed' WHERE key = 'title'")
    writer.commit()
    writer.close()
    assert s.conn.execute("SELECT value FROM meta WHERE key = 'title'").fetchone()[0] == (
        "Changed")
    s.close()


def test_folder_is_byte_identical_after_use(tmp_path: Path, built: Path) -> None:
    folder = tmp_path / "db"
    path = copy_db(built, folder)
    before = snapshot(folder)
    s = Store(path)
    exercise(s)
    during = sorted(p.name for p in folder.iterdir())
    s.close()
    assert during == ["peptide_desk.sqlite"]  # no -journal, -wal or -shm while open
    assert snapshot(folder) == before


def test_read_only_folder_works(tmp_path: Path, built: Path) -> None:
    folder = tmp_path / "ro"
    path = copy_db(built, folder)
    path.chmod(0o444)
    folder.chmod(0o555)
    try:
        s = Store(path)
        exercise(s)
        s.close()
    finally:
        folder.chmod(0o755)
        path.chmod(0o644)


def test_quick_check_ok(store: Store) -> None:
    assert store.quick_check() == "ok"


# --- clear errors --------------------------------------------------------------------------------

def test_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "nothing.sqlite"
    with pytest.raises(StoreError, match="missing"):
        Store(missing)
    assert not missing.exists()  # opening never creates a database


def test_directory_instead_of_file(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="missing"):
        Store(tmp_path)


def test_corrupt_file(tmp_path: Path) -> None:
    path = tmp_path / "peptide_desk.sqlite"
    path.write_bytes(bytes(range(256)) * 64)
    before = path.read_bytes()
    with pytest.raises(StoreError, match="cannot be read") as info:
        Store(path)
    assert "Reinstall" in str(info.value)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["peptide_desk.sqlite"]


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "peptide_desk.sqlite"
    path.write_bytes(b"")
    with pytest.raises(StoreError, match="schema version 0"):
        Store(path)


def test_truncated_file_gives_store_errors_not_tracebacks(tmp_path: Path, built: Path) -> None:
    path = tmp_path / "peptide_desk.sqlite"
    data = built.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    try:
        s = Store(path)
    except StoreError:
        return  # refused at open: fine
    assert s.quick_check() != "ok"
    with pytest.raises(StoreError, match="damaged"):
        for sub in s.substances():
            s.substance(sub.id)
        s.glossary()
        s.references()
        for tid, _, _ in s.table_ids():
            s.table(tid)
        for a in s.articles():
            s.article(a.id)
    s.close()


def test_wrong_schema_version(tmp_path: Path, built: Path) -> None:
    path = copy_db(built, tmp_path)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="schema version 99") as info:
        Store(path)
    assert f"reads version {SUPPORTED_SCHEMA}" in str(info.value)


@pytest.mark.parametrize("content", [b"garbage " * 500, b""])
def test_cli_reports_bad_database_without_traceback(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes) -> None:
    path = tmp_path / "bad.sqlite"
    path.write_bytes(content)
    assert cli.main(["search", "insulin", "--db", str(path)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "content database" in err


# --- typed records round-trip the sources --------------------------------------------------------

def _strip(data: dict[str, Any]) -> dict[str, Any]:
    return {k: (tuple(v) if isinstance(v, list) else v) for k, v in data.items()}


def test_substances_round_trip(store: Store) -> None:
    source = {s["id"]: s for s in toml("substances.toml")["substance"]}
    classes = {c["id"]: c["name"] for c in toml("classes.toml")["class"]}
    got = {s.id: s for s in store.substances()}
    assert set(got) == set(source)
    for sid, src in source.items():
        sub = got[sid]
        assert isinstance(sub, Substance)
        assert sub.class_id == src["class"] and sub.class_name == classes[src["class"]]
        for key in ("name", "is_peptide", "summary", "mechanism", "receptor", "target_organs",
                    "route", "dosing_frequency", "insulin_effect", "status", "evidence_level"):
            assert getattr(sub, key) == src[key], key
        assert sub.status_checked == min((src["fda"]["checked"], src["ema"]["checked"]),
                                         key=date_key)
        assert sub.off_label == src.get("off_label", "")
        for key in ("synonyms", "brand_names", "cautions", "related", "refs"):
            assert getattr(sub, key) == tuple(src.get(key, [])), key
        for reg in ("fda", "ema"):
            assert dataclasses.asdict(getattr(sub, reg)) == _strip(src[reg]), reg
        if "dosing" in src:
            assert sub.dosing is not None
            assert (sub.dosing.text, sub.dosing.source) == (src["dosing"]["text"],
                                                            src["dosing"]["source"])
        else:
            assert sub.dosing is None
        assert [(f.text, f.refs) for f in sub.key_figures] == [
            (f["text"], tuple(f["refs"])) for f in src.get("key_figures", [])]
        assert sub.provenance == {k: tuple(v) for k, v in src.get("provenance", {}).items()}


def test_substance_detail_has_mentions_and_labels(store: Store) -> None:
    sema = store.substance("semaglutide")
    assert sema is not None
    assert sema.status_label == "Approved" and sema.evidence_label == "Approved product"
    assert sema.ema.confirmed is False and sema.fda.confirmed is True
    assert sema.refs_for("mechanism") == ("drucker2006",)
    assert sema.refs_for("route") == ("drucker2006",)  # falls back to the page's refs
    assert {(m.article_id, m.anchor) for m in sema.mentions} == {
        ("gh-basics", "insulin-basics"), ("gh-basics", "gh-peptides")}
    assert store.substance("nope") is None


def test_classes_round_trip(store: Store) -> None:
    source = {c["id"]: c for c in toml("classes.toml")["class"]}
    got = {c.id: c for c in store.classes()}
    assert set(got) == set(source)
    glp1 = got["glp1-ra"]
    assert glp1.synonyms == ("GLP-1 RAs", "incretin mimetics")
    assert glp1.members == ("semaglutide",)
    assert glp1.key_figure is not None and glp1.key_figure.refs == ("drucker2006",)
    assert got["ghrh-analogues"].key_figure is None
    for cid, src in source.items():
        for key in ("name", "summary", "mechanism", "targets", "target_organs", "route",
                    "dosing_frequency", "insulin_effect"):
            assert getattr(got[cid], key) == src[key]
    detail = store.drug_class("glp1-ra")
    assert detail is not None and detail.mentions


def test_references_round_trip(store: Store) -> None:
    source = {r["key"]: r for r in toml("references.toml")["reference"]}
    got = {r.key: r for r in store.references()}
    assert set(got) == set(source)
    for key, src in source.items():
        ref = got[key]
        assert isinstance(ref, Reference)
        for field in ("authors", "title", "journal", "year", "status"):
            assert getattr(ref, field) == src[field]
        assert ref.doi == src.get("doi", "") and ref.pmid == src.get("pmid", "")
        assert ref.note == src.get("note", "")
        assert ref.as_cited == tuple(src.get("as_cited", []))
        assert ref.seed_refs == tuple(src.get("seed_refs", []))
    assert store.reference("bramnert2003") == got["bramnert2003"]
    assert got["bramnert2003"].status_label == "Corrected"


def test_glossary_round_trip(store: Store) -> None:
    source = {t["id"]: t for t in toml("glossary.toml")["term"]}
    got = {t.id: t for t in store.glossary()}
    assert set(got) == set(source)
    glp1 = got["glp-1"]
    assert (glp1.term, glp1.expansion, glp1.synonyms, glp1.see_also) == (
        "GLP-1", "glucagon-like peptide-1", ("GLP1",), ("insulin-resistance",))
    assert got["insulin-resistance"].expansion == ""
    assert store.term("glp-1") == glp1


def test_table_round_trip(store: Store) -> None:
    src = toml("tables.toml")["table"][0]
    assert store.table_ids() == [(src["id"], src["title"], src["article"])]
    table = store.table(src["id"])
    assert isinstance(table, DataTable)
    assert table.columns == tuple(src["columns"])
    assert (table.tier, table.caption, table.correction) == (src["tier"], src["caption"],
                                                             src["correction"])
    assert [(r.cells, r.refs, r.link) for r in table.rows] == [
        (tuple(r["cells"]), tuple(r["refs"]), r.get("link", "")) for r in src["row"]]


def test_chart_round_trip(store: Store) -> None:
    src = toml("charts.toml")["chart"][0]
    assert store.chart_ids() == [(src["id"], src["title"])]
    chart = store.chart(src["id"])
    assert isinstance(chart, Chart)
    assert (chart.x_unit, chart.y_label, chart.caveat) == (src["x_unit"], src["y_label"],
                                                           src["caveat"])
    assert chart.refs == tuple(src["refs"])
    assert [(p.name, p.start, p.end, p.description) for p in chart.phases] == [
        (p["name"], p["start"], p["end"], p["description"]) for p in src["phase"]]
    assert [s.name for s in chart.series] == [s["name"] for s in src["series"]]
    for got, want in zip(chart.series, src["series"], strict=True):
        assert got.kind == want["kind"]
        assert got.points == tuple((float(x), float(y)) for x, y in want["points"])
        assert got.unit == want.get("unit", src["y_unit"])
        assert got.refs == tuple(want["refs"])
    assert not chart.is_schematic  # one measured series


def test_article_round_trip(store: Store) -> None:
    [summary] = store.articles()
    assert (summary.id, summary.title, summary.as_of, summary.order) == (
        "gh-basics", "Growth hormone and insulin", "2026-01-15", 1)
    art = store.article("gh-basics")
    assert art is not None
    assert [(s.tier, s.anchor) for s in art.sections] == [
        ("fundamentals", "insulin-basics"), ("intermediate", "gh-peptides"),
        ("academic", "response-phases")]
    assert art.substances == ("tesamorelin",)
    assert art.citations == ((1, "drucker2006"), (2, "bramnert2003"), (3, "polonsky2012"))
    assert [s.anchor for s in art.sections_for("intermediate")] == ["insulin-basics",
                                                                    "gh-peptides"]
    assert art.minutes_for("academic") == sum(art.reading_minutes.values())
    assert store.article("nope") is None


def test_site_info(store: Store) -> None:
    site = store.site()
    assert site.title == "Peptide Desk"
    assert site.content_as_of == "2026-01-15"
    assert site.schema_version == SUPPORTED_SCHEMA
    assert site.disclaimer_short == "Educational reference; not medical advice."
    assert "<em>test</em>" in site.about_html
    assert site.counts["substances"] == 2


@pytest.mark.parametrize(("target", "exists"), [
    ("article:gh-basics", True), ("article:gh-basics#gh-peptides", True),
    ("article:gh-basics#nope", False), ("substance:tesamorelin", True),
    ("substance:nope", False), ("class:glp1-ra", True), ("table:gh-peptide-comparison", True),
    ("chart:gh-secretagogue-phases", True), ("glossary:glp-1", True),
    ("ref:polonsky2012", True), ("ref:nope", False), ("https://example.org", False),
    ("substance:", False), ("", False), ("article:x'; DROP TABLE meta; --", False),
])
def test_target_exists(store: Store, target: str, exists: bool) -> None:
    assert store.target_exists(target) is exists
