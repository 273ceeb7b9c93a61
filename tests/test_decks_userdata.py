"""Decks in the user-data export and import, and in "Recover what can be read" (no Qt):
exported with everything else, imported checked like a deck file, merged once, and read
back from a damaged file with their slides in order."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from peptide_desk.decks import Deck, Slide
from peptide_desk.userdata import (
    EXPORT_FORMAT,
    SET_ASIDE,
    USER_DB_NAME,
    UserData,
    UserDataError,
)
from peptide_desk.userdata_recover import ORPHANS, recover

SECTION = Slide("section", "article:a#b", "Insulin basics", tier="fundamentals", notes="Say hi")
TABLE = Slide("table", "table:t1", "Trial summary")
CHART = Slide("chart", "chart:c1", "Weight", phase=1, notes="Step through")
SUBSTANCE = Slide("substance", "substance:semaglutide", "Semaglutide")
COMPARE = Slide("compare", "compare:semaglutide,tirzepatide", "Semaglutide · Tirzepatide")
LESSON = (SECTION, TABLE, CHART, SUBSTANCE, COMPARE)


def shown(data: UserData) -> list[tuple[str, list[tuple[str, str, str, int | None, str]]]]:
    """Every deck as (name, [(kind, target, tier, phase, notes)…]), in list order."""
    return [(d.name, [(s.kind, s.target, s.tier, s.phase, s.notes) for s in d.slides])
            for d in data.decks.all()]


@pytest.fixture
def source(tmp_path: Path) -> UserData:
    data = UserData(tmp_path / "a")
    data.add_bookmark("substance:semaglutide", "Semaglutide")
    data.decks.create("Lesson 1", LESSON)
    second = data.decks.create("Lesson 2", (TABLE, CHART))
    data.decks.set_current(second)
    yield data
    data.close()


def test_decks_go_out_and_come_back_with_the_export(tmp_path: Path, source: UserData) -> None:
    export = tmp_path / "export.json"
    source.export_file(export)
    parsed = json.loads(export.read_text(encoding="utf-8"))
    assert parsed["version"] == 1  # "decks" is optional: older files import as before
    assert [d["name"] for d in parsed["decks"]] == ["Lesson 1", "Lesson 2"]
    assert parsed["decks"][0]["slides"][2] == {"kind": "chart", "target": "chart:c1",
                                               "title": "Weight", "phase": 1,
                                               "notes": "Step through"}
    fresh = UserData(tmp_path / "b")
    mine = fresh.decks.create("Lesson 1", (TABLE,))  # same name, other slides: kept apart
    fresh.decks.set_current(mine)
    counts = fresh.import_file(export)
    assert counts["decks"] == 2 and counts["slides"] == 7 and counts["bookmarks"] == 1
    assert [name for name, _ in shown(fresh)] == ["Lesson 1", "Lesson 1 (copy)", "Lesson 2"]
    assert shown(fresh)[1][1] == shown(source)[0][1]
    assert fresh.decks.current().id == mine  # another database's deck id is not imported
    again = fresh.import_file(export)  # importing twice adds nothing
    assert again["decks"] == 0 and again["slides"] == 0 and len(shown(fresh)) == 3
    fresh.close()


def test_an_export_from_before_decks_still_imports(tmp_path: Path) -> None:
    data = UserData(tmp_path / "u")
    counts = data.import_data({"format": EXPORT_FORMAT, "version": 1, "bookmarks": [
        {"target": "substance:x", "title": "X", "created": 1.7e9}], "settings": {"zoom": 150}})
    assert counts == {"bookmarks": 1, "notes": 0, "history": 0, "settings": 1}
    assert data.decks.all() == []
    data.close()


@pytest.mark.parametrize(("decks", "message"), [
    ({"name": "D"}, "decks must be a list"),
    (["D"], "decks\\[0\\] must be an object"),
    ([{"name": ""}], "decks\\[0\\].name must not be empty"),
    ([{"name": "D", "colour": "red"}], "decks\\[0\\].'colour' is not a field of a deck"),
    ([{"name": "D", "slides": [{"kind": "table", "target": "table:t"},
                               {"kind": "poster", "target": "table:t"}]}],
     "decks\\[0\\].slides\\[1\\].kind is not a kind of slide"),
    ([{"name": "D", "slides": [{"kind": "section", "target": "article:a#b", "tier": "x"}]}],
     "decks\\[0\\].slides\\[0\\].target is not a place"),
    ([{"name": "D", "slides": [{"kind": "chart", "target": "chart:c", "phase": -1}]}],
     "decks\\[0\\].slides\\[0\\].phase must be a phase number"),
])
def test_a_bad_deck_refuses_the_whole_export_naming_the_field(
        tmp_path: Path, decks: object, message: str) -> None:
    data = UserData(tmp_path / "u")
    with pytest.raises(UserDataError, match=message) as info:
        data.import_data({"format": EXPORT_FORMAT, "version": 1, "decks": decks,
                          "bookmarks": [{"target": "substance:x", "title": "X"}]})
    assert str(info.value).startswith("The export could not be imported: ")
    assert str(info.value).endswith("; nothing was changed.")
    assert data.bookmarks() == [] and data.decks.all() == []
    data.close()


def test_an_export_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    data = UserData(tmp_path / "u")
    with pytest.raises(UserDataError, match="newer Peptide Desk"):
        data.import_data({"format": EXPORT_FORMAT, "version": 2})
    data.close()


# --- recovery -------------------------------------------------------------------------------
def damaged_copy(tmp_path: Path, raw: bytes) -> UserData:
    folder = tmp_path / "user"
    folder.mkdir()
    (folder / USER_DB_NAME).write_bytes(raw)
    data = UserData(folder)
    assert data.problem is not None and data.problem.kind == SET_ASIDE
    return data


def written(tmp_path: Path, decks: int = 3) -> bytes:
    data = UserData(tmp_path / "original")
    data.add_bookmark("substance:semaglutide", "Semaglutide")
    for n in range(decks):
        data.decks.create(f"Lesson {n + 1}", LESSON[n:] + LESSON[:n])
    data.close()
    return (tmp_path / "original" / USER_DB_NAME).read_bytes()


def test_recovery_brings_decks_back_with_their_slides_in_order(tmp_path: Path) -> None:
    raw = written(tmp_path)
    data = damaged_copy(tmp_path, os.urandom(4096) + raw[4096:])  # the header is gone
    assert data.problem is not None and data.problem.damaged is not None
    result = recover(data, data.problem.damaged)
    assert result.added["decks"] == 3 and result.added["slides"] == 15
    assert "3 decks, 15 slides" in result.summary()
    assert [name for name, _ in shown(data)] == ["Lesson 1", "Lesson 2", "Lesson 3"]
    for n, (_, slides) in enumerate(shown(data)):
        order = LESSON[n:] + LESSON[:n]
        assert slides == [(s.kind, s.target, s.tier, s.phase, s.notes) for s in order]
    again = recover(data, data.problem.damaged)  # recovering twice adds nothing
    assert again.added["decks"] == again.added["slides"] == 0
    data.close()


def test_slides_whose_deck_row_is_lost_are_gathered_in_one_deck(tmp_path: Path) -> None:
    raw = written(tmp_path, decks=2)
    page = raw.index(b"Lesson 2") // 4096  # the page of the deck rows
    assert raw.index(b"Say hi") // 4096 != page
    data = damaged_copy(tmp_path, raw[:page * 4096] + os.urandom(4096)
                        + raw[(page + 1) * 4096:])
    assert data.problem is not None and data.problem.damaged is not None
    result = recover(data, data.problem.damaged)
    assert shown(data) == [(ORPHANS, [(s.kind, s.target, s.tier, s.phase, s.notes)
                                      for s in LESSON + LESSON[1:] + LESSON[:1]])]
    assert result.added["slides"] == 10
    data.close()


def test_recovery_without_decks_says_nothing_of_them(tmp_path: Path) -> None:
    raw = written(tmp_path, decks=0)
    data = damaged_copy(tmp_path, os.urandom(4096) + raw[4096:])
    assert data.problem is not None and data.problem.damaged is not None
    result = recover(data, data.problem.damaged)
    assert "deck" not in result.summary() and result.added["bookmarks"] == 1
    data.close()


def test_a_deck_row_with_a_bad_slide_keeps_the_good_ones(tmp_path: Path) -> None:
    from peptide_desk.userdata_recover import recovered_decks

    decks, dropped = recovered_decks(
        [{"id": 1, "name": "D", "position": 0, "updated": 1.0}],
        [{"id": 2, "deck_id": 1, "position": 1, **TABLE.to_json(), "tier": "", "phase": None,
          "notes": ""},
         {"id": 3, "deck_id": 1, "position": 0, "kind": "section", "target": "javascript:x",
          "title": "", "tier": "", "phase": None, "notes": ""}])
    assert decks == [Deck("D", (TABLE,))] and dropped == 1
