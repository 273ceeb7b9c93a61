"""The hand-off spool without Qt (``handoff.py``): who serves, a request taken once and
answered, a request withdrawn when nobody answers, what a crashed instance left cleared."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from peptide_desk import handoff
from peptide_desk.handoff import ACK, REQUEST, Primary, hand_off, instance_running, spool


def test_one_primary_at_a_time_and_the_lock_goes_with_it(tmp_path: Path) -> None:
    assert not instance_running(tmp_path)
    first = Primary.claim(tmp_path)
    assert first is not None and instance_running(tmp_path)
    assert Primary.claim(tmp_path) is None  # a second window does not serve
    first.close()
    assert not instance_running(tmp_path)
    again = Primary.claim(tmp_path)
    assert again is not None
    again.close()


def test_without_an_instance_the_link_is_not_handed_off(tmp_path: Path) -> None:
    assert not hand_off(tmp_path, "peptide-desk://substance/semaglutide", wait=0.1)
    assert not spool(tmp_path).exists() or not list(spool(tmp_path).glob(f"*{REQUEST}"))


def test_a_request_is_taken_once_and_answered(tmp_path: Path) -> None:
    primary = Primary.claim(tmp_path)
    assert primary is not None
    request = spool(tmp_path) / f"abc{REQUEST}"
    request.write_text(json.dumps({"link": "peptide-desk://article/x#y"}), encoding="utf-8")
    (spool(tmp_path) / f"bad{REQUEST}").write_text("not json", encoding="utf-8")
    assert primary.take() == ["peptide-desk://article/x#y"]
    assert primary.take() == []
    assert (spool(tmp_path) / f"abc{ACK}").is_file()  # the sender's answer
    assert not list(spool(tmp_path).glob(f"*{REQUEST}"))
    primary.close()


def test_an_instance_that_does_not_answer_gets_the_request_withdrawn(tmp_path: Path) -> None:
    primary = Primary.claim(tmp_path)  # holds the lock, never takes anything (hung)
    assert primary is not None
    assert not hand_off(tmp_path, "peptide-desk://substance/semaglutide", wait=0.2)
    assert primary.take() == []  # withdrawn: never opened twice
    primary.close()


def test_a_new_primary_clears_what_a_crashed_one_left(tmp_path: Path) -> None:
    folder = spool(tmp_path)
    folder.mkdir()
    (folder / handoff.LOCK).write_text("")  # left by a killed instance: its lock is gone
    old = folder / f"old{REQUEST}"
    old.write_text(json.dumps({"link": "peptide-desk://substance/old"}), encoding="utf-8")
    stale = time.time() - handoff.STALE - 5
    os.utime(old, (stale, stale))
    fresh = folder / f"new{REQUEST}"  # sent just as the old instance died
    fresh.write_text(json.dumps({"link": "peptide-desk://substance/new"}), encoding="utf-8")
    assert not instance_running(tmp_path)
    primary = Primary.claim(tmp_path)
    assert primary is not None
    assert not old.exists()
    assert primary.take() == ["peptide-desk://substance/new"]
    primary.close()


def test_oversized_or_foreign_requests_are_ignored(tmp_path: Path) -> None:
    primary = Primary.claim(tmp_path)
    assert primary is not None
    folder = spool(tmp_path)
    (folder / f"big{REQUEST}").write_text(json.dumps({"link": "x" * 10_000}), encoding="utf-8")
    (folder / f"list{REQUEST}").write_text("[1, 2]", encoding="utf-8")
    (folder / f"num{REQUEST}").write_text(json.dumps({"link": 5}), encoding="utf-8")
    assert primary.take() == []
    primary.close()
