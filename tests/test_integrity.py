"""Damaged bundled content is detected, not served (issue 17, items 5, 8 and 10), without Qt:
the recorded SHA-256 and size, the structural check, ``search`` on every damaged database,
``--db`` honoured by every subcommand, and ``build-db``'s bad output paths."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from damage import CASES, damaged
from peptide_desk import cli, integrity
from peptide_desk.content import build as build_mod
from peptide_desk.content.build import build_database
from peptide_desk.integrity import (
    TABLES,
    read_sidecar,
    sidecar_path,
    verify,
)
from peptide_desk.store import SUPPORTED_SCHEMA, Store, StoreError

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "content"


def one_line_error(err: str) -> None:
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1, err
    assert "Traceback" not in err


# --- the record ----------------------------------------------------------------------------------

def test_build_db_records_sha256_and_size_in_sha256sum_format(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]
                                                              ) -> None:
    out = tmp_path / "db" / "peptide_desk.sqlite"
    assert cli.main(["build-db", "--content", str(FIXTURE), "--output", str(out)]) == 0
    assert "sha256" in capsys.readouterr().out
    data = out.read_bytes()
    first, second = sidecar_path(out).read_text(encoding="ascii").splitlines()
    assert first == f"{hashlib.sha256(data).hexdigest()}  peptide_desk.sqlite"  # sha256sum -c
    assert second == f"size {len(data)}"
    assert sorted(p.name for p in out.parent.iterdir()) == [
        "peptide_desk.sqlite", "peptide_desk.sqlite.sha256"]  # no temporary files left
    assert sidecar_path(out).stat().st_mode & 0o044 == 0o044  # readable by every user
    assert verify(out).ok and verify(out).checksum == "verified"


def test_a_build_without_a_record_removes_a_stale_one(tmp_path: Path) -> None:
    out = tmp_path / "x.sqlite"
    build_database(FIXTURE, out, record=True)
    info = build_database(FIXTURE, out)  # the library default writes the database only
    assert not sidecar_path(out).exists()
    assert info["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()
    assert verify(out).ok and verify(out).checksum == "not recorded"


def test_a_failed_record_leaves_the_previous_database_and_record(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "db" / "peptide_desk.sqlite"
    build_database(FIXTURE, out, record=True)
    before = out.read_bytes(), sidecar_path(out).read_bytes()

    def full_disk(*args: object, **kwargs: object) -> Path:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(build_mod, "write_sidecar", full_disk)
    assert cli.main(["build-db", "--content", str(FIXTURE), "--output", str(out)]) == 1
    one_line_error(capsys.readouterr().err)
    assert (out.read_bytes(), sidecar_path(out).read_bytes()) == before
    assert sorted(p.name for p in out.parent.iterdir()) == [
        "peptide_desk.sqlite", "peptide_desk.sqlite.sha256"]


@pytest.mark.parametrize("text", ["", "abc  x\nsize 1\n", "0" * 64 + "  x\n",
                                  "0" * 64 + "  x\nsize many\n", "é" * 10])
def test_a_damaged_record_is_a_failure_not_a_pass(sound: Path, tmp_path: Path,
                                                  text: str) -> None:
    copy = tmp_path / sound.name
    shutil.copyfile(sound, copy)
    sidecar_path(copy).write_text(text, encoding="utf-8")
    report = verify(copy)
    assert not report.ok and "checksum" in report.message()
    with pytest.raises(ValueError):
        read_sidecar(sidecar_path(copy))


def test_the_sound_database_passes(sound: Path, real_db: Path) -> None:
    assert verify(sound).ok and verify(sound).checksum == "verified"
    assert verify(real_db).ok and verify(real_db).checksum == "not recorded"
    assert "sound" in verify(sound).message()


def test_the_expected_schema_is_the_built_schema(real_db: Path) -> None:
    assert integrity.SCHEMA_VERSION == SUPPORTED_SCHEMA == build_mod.SCHEMA_VERSION
    conn = sqlite3.connect(f"{real_db.as_uri()}?mode=ro", uri=True)
    for table, columns in TABLES.items():
        built = tuple(r[1] for r in conn.execute(f'PRAGMA table_info("{table}")'))
        assert built == columns, table
    counted = set(conn.execute("SELECT value FROM meta WHERE key = 'counts'").fetchone()[0]
                  .strip("{}").replace('"', "").replace(" ", "").split(","))
    conn.close()
    assert {c.split(":")[0] for c in counted} == set(integrity.COUNTED)


# --- the damaged set ---------------------------------------------------------------------------

@pytest.mark.parametrize("case", sorted(CASES))
def test_every_damaged_database_fails_verification(sound: Path, tmp_path: Path,
                                                   case: str) -> None:
    report = verify(damaged(sound, case, tmp_path))
    assert not report.ok, case
    message = report.message()
    assert "\n" not in message and "Reinstall" in message and "revert" in message


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_structural_check_alone_finds_every_case(sound: Path, tmp_path: Path,
                                                     case: str) -> None:
    """Without the recorded checksum (a database copied alone) the damage is still found:
    whole pages, SQLite's integrity check, tables, columns, schema, meta and row counts."""
    report = verify(damaged(sound, case, tmp_path, record=False))
    assert not report.ok and report.checksum in ("not recorded", ""), case


@pytest.mark.parametrize("case", sorted(CASES))
def test_search_exits_1_on_every_damaged_database(sound: Path, tmp_path: Path, case: str,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    bad = damaged(sound, case, tmp_path)
    assert cli.main(["--db", str(bad), "search", "ozempic"]) == 1
    captured = capsys.readouterr()
    one_line_error(captured.err)
    assert "No results" not in captured.out and captured.out == ""


def test_search_on_the_sound_database_answers(sound: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--db", str(sound), "search", "ozempic"]) == 0
    assert "Semaglutide" in capsys.readouterr().out


def test_a_store_turns_a_damaged_row_into_a_store_error(sound: Path, tmp_path: Path) -> None:
    """Rows that pass every structural check but cannot become records: a StoreError (the
    window shows its dialog), never a JSONDecodeError, KeyError or TypeError."""
    bad = tmp_path / "rows.sqlite"
    shutil.copyfile(sound, bad)
    with sqlite3.connect(bad) as conn:
        conn.execute("UPDATE substances SET fda = '{bad' WHERE id = 'semaglutide'")
        conn.execute("UPDATE charts SET series = '[{\"name\": 1}]'")
        conn.execute("UPDATE meta SET value = '[1, 2]' WHERE key = 'counts'")
    conn.close()
    store = Store(bad)
    try:
        for call in (lambda: store.substance("semaglutide"), store.substances, store.counts,
                     store.site, lambda: store.chart(store.chart_ids()[0][0])):
            with pytest.raises(StoreError, match="damaged"):
                call()
    finally:
        store.close()


@pytest.mark.parametrize("make", ["empty", "folder", "fifo"])
def test_opening_never_blocks_or_misreports(tmp_path: Path, make: str) -> None:
    path = tmp_path / "peptide_desk.sqlite"
    {"empty": lambda: path.write_bytes(b""), "folder": path.mkdir,
     "fifo": lambda: __import__("os").mkfifo(path)}[make]()
    with pytest.raises(StoreError, match=r"empty|missing: something other than a file"):
        Store(path)


# --- --db, everywhere ----------------------------------------------------------------------------

def test_the_global_db_option_reaches_search(sound: Path, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"garbage" * 1000)
    for argv in (["--db", str(garbage), "search", "ozempic"],
                 ["search", "--db", str(garbage), "ozempic"],
                 ["--db", str(sound), "search", "--db", str(garbage), "ozempic"]):
        assert cli.main(argv) == 1, argv
        one_line_error(capsys.readouterr().err)
    assert cli.main(["--db", str(garbage), "search", "--db", str(sound), "ozempic"]) == 0


def test_the_global_db_option_is_build_db_s_output(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "via-db.sqlite"
    assert cli.main(["--db", str(out), "build-db", "--content", str(FIXTURE)]) == 0
    assert verify(out).checksum == "verified"
    assert cli.main(["--db", str(out), "build-db", "--content", str(FIXTURE), "--output",
                     str(tmp_path / "other.sqlite")]) == 2
    one_line_error(capsys.readouterr().err)


@pytest.mark.parametrize("argv", [["check-content"], ["export-user-data", "x.json"],
                                  ["import-user-data", "x.json"]])
def test_commands_without_a_database_refuse_db(argv: list[str], tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--db", str(tmp_path / "x.sqlite"), *argv]) == 2
    one_line_error(capsys.readouterr().err)


# --- bad output paths ----------------------------------------------------------------------------

def bad_outputs(tmp_path: Path) -> dict[str, Path]:
    in_the_way = tmp_path / "a-file"
    in_the_way.write_text("x")
    folder = tmp_path / "a-folder"
    folder.mkdir()
    return {"proc": Path("/proc/peptide-desk-test/db.sqlite"),
            "proc-self": Path("/proc/self/peptide_desk.sqlite"),
            "file-in-the-way": in_the_way / "db.sqlite",
            "output-is-a-folder": folder}


@pytest.mark.parametrize("which", ["proc", "proc-self", "file-in-the-way", "output-is-a-folder"])
def test_build_db_bad_output_paths_exit_1_with_one_line(tmp_path: Path, which: str,
                                                        capsys: pytest.CaptureFixture[str]
                                                        ) -> None:
    out = bad_outputs(tmp_path)[which]
    before = sorted(tmp_path.rglob("*"))
    assert cli.main(["build-db", "--content", str(FIXTURE), "--output", str(out)]) == 1
    captured = capsys.readouterr()
    one_line_error(captured.err)
    assert captured.err.startswith("build-db: cannot write")
    assert sorted(tmp_path.rglob("*")) == before  # nothing written, nothing left behind
