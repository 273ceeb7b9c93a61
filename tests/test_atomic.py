"""Exports are all or nothing, and a failure is one sentence for the user (atomic.py)."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from peptide_desk import atomic


def test_write_text_replaces_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "table.csv"
    target.write_text("old")
    atomic.write_text(target, "new")
    assert target.read_text() == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["table.csv"]


def test_missing_folder_says_so_and_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "nowhere" / "table.csv"
    with pytest.raises(atomic.SaveError) as info:
        atomic.write_text(target, "x")
    message = str(info.value)
    assert message.startswith("table.csv was not saved: the folder ")
    assert "does not exist; choose another folder." in message
    assert not target.parent.exists()


def test_failure_inside_writer_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "chart.png"
    target.write_bytes(b"old")

    def broken(path: Path) -> None:
        path.write_bytes(b"half")
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(atomic.SaveError, match="the disk is full; free some space"):
        atomic.write_with(target, broken)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["chart.png"]


def test_writer_returning_false_counts_as_failure(tmp_path: Path) -> None:
    with pytest.raises(atomic.SaveError, match="could not be written"):
        atomic.write_with(tmp_path / "a.png", lambda p: False)
    assert list(tmp_path.iterdir()) == []


def test_target_that_is_a_folder(tmp_path: Path) -> None:
    (tmp_path / "out.pdf").mkdir()
    with pytest.raises(atomic.SaveError, match=r"out\.pdf is a folder; choose another file name"):
        atomic.write_bytes(tmp_path / "out.pdf", b"%PDF")


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores folder permissions")
def test_read_only_folder(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(atomic.SaveError, match="permission to write"):
            atomic.write_text(folder / "x.csv", "x")
    finally:
        folder.chmod(0o700)


def test_messages_for_other_errors_are_one_sentence(tmp_path: Path) -> None:
    err = atomic.save_error(tmp_path / "n.json", OSError(errno.EIO, "Input/output error"))
    assert str(err) == ("n.json was not saved (Input/output error); choose another place "
                        "and try again.")
    busy = atomic.save_error(tmp_path / "n.json", OSError(errno.EBUSY, "busy"))
    assert str(busy) == ("n.json was not saved: n.json is in use by another program; "
                         "close it and try again.")


def test_written_file_is_readable_by_others(tmp_path: Path) -> None:
    path = atomic.write_bytes(tmp_path / "x.html", b"<p>")
    assert path.stat().st_mode & 0o777 == 0o644


def test_a_file_locked_by_another_program_says_so(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """On Windows a file open in a spreadsheet cannot be replaced (access denied at the
    rename): the sentence names the program, not the folder's permissions."""
    target = tmp_path / "table.csv"
    target.write_text("old")

    def locked(_src: object, _dst: object) -> None:
        raise PermissionError(errno.EACCES, "Access is denied")

    monkeypatch.setattr(atomic.os, "replace", locked)
    with pytest.raises(atomic.SaveError) as info:
        atomic.write_text(target, "new")
    assert str(info.value) == ("table.csv was not saved: table.csv is open in another program; "
                               "close it there and try again.")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["table.csv"]


def test_windows_sharing_violation_is_in_use(tmp_path: Path) -> None:
    class SharingViolation(OSError):
        winerror = 32

    err = atomic.save_error(tmp_path / "a.pdf", SharingViolation(errno.EACCES, "in use"))
    assert str(err) == "a.pdf was not saved: a.pdf is open in another program; close it there " \
                       "and try again."
