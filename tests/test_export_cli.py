"""``peptide-desk export``: every target and format that applies, and every refusal (exit 1,
one line on stderr, no file left)."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from peptide_desk import cli
from peptide_desk.pdf_info import read_info

ARTICLE = "article:gh-peptides-insulin-sensitivity"


def run(capsys: pytest.CaptureFixture[str], db: Path, *argv: str) -> tuple[int, str, str]:
    code = cli.main(["export", "--db", str(db), *argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(("target", "fmt", "starts"), [
    (ARTICLE, "pdf", b"%PDF-"),
    (f"{ARTICLE}#how-insulin-works", "pdf", b"%PDF-"),
    (ARTICLE, "html", b"<!DOCTYPE html>"),
    ("substance:tesamorelin", "pdf", b"%PDF-"),
    ("table:peptide-categories-metabolic-action", "csv", b"Peptide category"),
    ("table:peptide-categories-metabolic-action", "pdf", b"%PDF-"),
    ("chart:gh-secretagogue-phases", "png", b"\x89PNG"),
    ("chart:gh-secretagogue-phases", "svg", b"<?xml"),
    ("chart:gh-secretagogue-phases", "pdf", b"%PDF-"),
    ("chart:gh-secretagogue-phases", "html", b"<!DOCTYPE html>"),
    ("compare:semaglutide,tesamorelin", "csv", b"Name"),
    ("compare:semaglutide,tesamorelin", "html", b"<html>"),
    ("compare:semaglutide,tesamorelin,tirzepatide", "pdf", b"%PDF-"),
])
def test_export_writes_each_target(qapp, capsys, real_db: Path, tmp_path: Path, target: str,
                                   fmt: str, starts: bytes) -> None:
    if "#" in target:  # the first section of the article, whatever its anchor
        from peptide_desk.store import Store

        store = Store(real_db)
        art = store.article(target.split(":", 1)[1].split("#")[0])
        target = f"{ARTICLE}#{art.sections[0].anchor}"
        store.close()
    out = tmp_path / f"out.{fmt}"
    code, stdout, err = run(capsys, real_db, target, "--format", fmt, "--out", str(out))
    assert (code, err) == (0, "")
    assert stdout.startswith(f"wrote {out}") and stdout.count("\n") == 1
    assert out.read_bytes().lstrip(b"\xef\xbb\xbf").startswith(starts)
    assert [p.name for p in tmp_path.iterdir()] == [out.name]  # no temporary file left


def test_compare_csv_holds_exactly_the_chosen_set(capsys, real_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "c.csv"
    assert run(capsys, real_db, "compare:tesamorelin,semaglutide", "--format", "csv",
               "--out", str(out))[0] == 0
    rows = list(csv.reader(out.open(encoding="utf-8")))
    assert [r[0] for r in rows[1:]] == ["Tesamorelin", "Semaglutide"]


def test_pdf_from_the_command_line_has_tier_and_metadata(qapp, capsys, real_db: Path,
                                                         tmp_path: Path) -> None:
    out = tmp_path / "a.pdf"
    code, stdout, _ = run(capsys, real_db, ARTICLE, "--format", "pdf", "--out", str(out),
                          "--tier", "fundamentals")
    assert code == 0 and "pages)" in stdout
    info = read_info(out.read_bytes())
    assert info["Title"].endswith("(Fundamentals tier)") and info["Author"] == "Peptide Desk"


@pytest.mark.parametrize(("argv", "says"), [
    (["nothing", "--format", "pdf"], "is not something to export"),
    (["article:", "--format", "pdf"], "is not something to export"),
    (["article:no-such-article", "--format", "pdf"], "there is no article 'no-such-article'"),
    ([f"{ARTICLE}#no-such-section", "--format", "pdf"], "has no section 'no-such-section'"),
    (["substance:nobody", "--format", "pdf"], "there is no substance 'nobody'"),
    (["table:none", "--format", "csv"], "there is no table 'none'"),
    (["chart:none", "--format", "svg"], "there is no chart 'none'"),
    (["compare:semaglutide,bogus", "--format", "csv"], "nothing to compare is called bogus"),
    (["compare:semaglutide,glp1-ra", "--format", "csv"], "classes with classes"),
    (["substance:tesamorelin", "--format", "csv"], "cannot be exported as csv; use pdf or html"),
    ([ARTICLE, "--format", "png"], "cannot be exported as png; use pdf or html"),
    (["chart:gh-secretagogue-phases", "--format", "csv"], "use pdf or png or svg or html"),
    (["substance:tesamorelin", "--format", "docx"], "unknown format 'docx'"),
    ([ARTICLE, "--format", "pdf", "--tier", "expert"], "unknown tier 'expert'"),
    ([ARTICLE, "--format", "html", "--theme", "sepia"], "unknown theme 'sepia'"),
])
def test_bad_requests_exit_1_with_one_line_and_no_file(capsys, real_db: Path, tmp_path: Path,
                                                       argv: list[str], says: str) -> None:
    out = tmp_path / "out.file"
    code, stdout, err = run(capsys, real_db, *argv, "--out", str(out))
    assert code == 1 and stdout == ""
    assert err.startswith("export: ") and err.count("\n") == 1 and says in err, err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("where", ["missing-folder/a.pdf", "a-folder", "ro/a.csv"])
def test_unwritable_paths_exit_1_and_leave_what_was_there(qapp, capsys, real_db: Path,
                                                          tmp_path: Path, where: str) -> None:
    (tmp_path / "a-folder").mkdir()
    ro = tmp_path / "ro"
    ro.mkdir()
    (ro / "a.csv").write_text("keep me", encoding="utf-8")
    ro.chmod(0o555)
    try:
        target = tmp_path / where
        fmt = "csv" if where.endswith("csv") else "pdf"
        what = "compare:semaglutide,tesamorelin" if fmt == "csv" else "substance:tesamorelin"
        code, stdout, err = run(capsys, real_db, what, "--format", fmt, "--out", str(target))
        import os

        if where.startswith("ro") and os.geteuid() == 0:  # root writes anywhere
            assert code == 0
            return
        assert code == 1 and stdout == "" and err.count("\n") == 1
        assert "not saved" in err or "is a folder" in err
        assert not (tmp_path / "missing-folder").exists()
        assert (ro / "a.csv").read_text(encoding="utf-8") == "keep me"
        assert sorted(p.name for p in ro.iterdir()) == ["a.csv"]
    finally:
        ro.chmod(0o755)


def test_export_command_end_to_end_offscreen(real_db: Path, tmp_path: Path) -> None:
    """The installed command: one line on stdout, nothing on stderr, a real PDF."""
    out = tmp_path / "gh.pdf"
    env = {k: v for k, v in __import__("os").environ.items() if k != "QT_QPA_PLATFORM"}
    env.pop("DISPLAY", None)
    result = subprocess.run([sys.executable, "-m", "peptide_desk", "export", "--db",
                             str(real_db), "chart:gh-secretagogue-phases", "--format", "png",
                             "--out", str(out)], capture_output=True, text=True, timeout=120,
                            env=env, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stderr == "" and result.stdout == f"wrote {out}\n"
    assert out.read_bytes().startswith(b"\x89PNG")


def test_html_hand_outs_carry_their_charts_as_inline_svg(qapp, capsys, real_db: Path,
                                                         tmp_path: Path) -> None:
    out = tmp_path / "a.html"
    assert run(capsys, real_db, ARTICLE, "--format", "html", "--out", str(out))[0] == 0
    text = out.read_text(encoding="utf-8")
    assert text.count('<figure class="chart"><svg') >= 1
    assert "Open the interactive chart" not in text
    assert "<title>GH secretagogues" in text  # the chart's SVG title travels with it


def test_a_missing_database_is_one_line(capsys, tmp_path: Path) -> None:
    out = tmp_path / "a.pdf"
    code, stdout, err = run(capsys, tmp_path / "none.sqlite", ARTICLE, "--format", "pdf",
                            "--out", str(out))
    assert code == 1 and stdout == "" and err.startswith("export: ") and err.count("\n") == 1
    assert not out.exists()


def test_a_deck_file_exports_as_its_hand_out(qapp, capsys, real_db: Path,
                                             tmp_path: Path) -> None:
    from peptide_desk.decks import Deck, Slide, to_file_text

    deck = Deck("Lesson 1", (
        Slide("substance", "substance:semaglutide", "Semaglutide", notes="Start here."),
        Slide("chart", "chart:gh-secretagogue-phases", "GH phases", phase=1),
        Slide("table", "table:gone-since", "A table that is gone")))
    file = tmp_path / "lesson.pdeck.json"
    file.write_text(to_file_text(deck), encoding="utf-8")
    out = tmp_path / "handout.pdf"
    code, stdout, err = run(capsys, real_db, f"deck:{file}", "--format", "pdf", "--out", str(out))
    assert (code, err) == (0, "")
    assert stdout.startswith(f"wrote {out} (") and stdout.count("\n") == 1
    assert "1 slide(s) name content this library does not have" in stdout
    assert out.read_bytes().startswith(b"%PDF-")
    assert read_info(out.read_bytes()).get("Title") == "Lesson 1 — hand-out"


@pytest.mark.parametrize(("content", "fmt", "says"), [
    (None, "pdf", "cannot be read"),
    ('{"format": "something-else"}', "pdf", "deck.json:"),
    ("", "csv", "a deck cannot be exported as csv; use pdf"),
])
def test_bad_deck_files_are_refused_in_one_line(capsys, real_db: Path, tmp_path: Path,
                                                content: str | None, fmt: str,
                                                says: str) -> None:
    file = tmp_path / "deck.json"
    if content is not None:
        file.write_text(content, encoding="utf-8")
    out = tmp_path / "o.pdf"
    code, stdout, err = run(capsys, real_db, f"deck:{file}", "--format", fmt, "--out", str(out))
    assert code == 1 and stdout == "" and err.count("\n") == 1 and says in err
    assert not out.exists()
