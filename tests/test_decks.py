"""Decks without Qt: the model, the file format, import with missing content, stepping, the
user-database tables and the hand-out."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from peptide_desk import decks
from peptide_desk.decks import (
    FILE_FORMAT,
    Deck,
    DeckFileError,
    Run,
    Slide,
    check_content,
    parse_text,
    read_file_text,
    slide_for,
    slide_steps,
    to_file_text,
)
from peptide_desk.userdata import MIGRATIONS, USER_DB_NAME, UserData, UserDataError

SECTION = Slide("section", "article:a#b", "Insulin basics", tier="fundamentals", notes="Say hi")
TABLE = Slide("table", "table:t1", "Trial summary")
CHART = Slide("chart", "chart:c1", "Weight", phase=1)
SUBSTANCE = Slide("substance", "substance:semaglutide", "Semaglutide")
COMPARE = Slide("compare", "compare:semaglutide,tirzepatide", "Semaglutide · Tirzepatide")
FIVE = Deck("Lesson 1", (SECTION, TABLE, CHART, SUBSTANCE, COMPARE))


# --- making slides -------------------------------------------------------------------------
def test_slide_for_each_kind_of_place() -> None:
    assert slide_for("article:a#b", "S", tier="intermediate") == Slide(
        "section", "article:a#b", "S", tier="intermediate")
    assert slide_for("article:a", "S", tier="academic") is None  # no section in view
    assert slide_for("article:a#b", "S", tier="nonsense") is None
    assert slide_for("chart:c1", "C", phase=2) == Slide("chart", "chart:c1", "C", phase=2)
    assert slide_for("table:t1", "T") == Slide("table", "table:t1", "T")
    assert slide_for("substance:x", "X") == Slide("substance", "substance:x", "X")
    assert slide_for("compare:substance:a,class:b", "AB") == Slide(
        "compare", "compare:a,b", "AB")
    assert slide_for("compare:a", "A") is None  # one item is not a comparison
    assert slide_for("view:home", "Home") is None
    assert slide_for("glossary:x", "X") is None


def test_slide_label_says_kind_tier_and_phase() -> None:
    assert SECTION.label == "Section: Insulin basics (Fundamentals)"
    assert CHART.label == "Chart: Weight (phase 2)"
    assert SUBSTANCE.label == "Substance summary: Semaglutide"


def test_list_helpers() -> None:
    assert decks.moved("abcd", 0, 2) == ["b", "c", "a", "d"]
    assert decks.moved("abcd", 3, -5) == ["d", "a", "b", "c"]
    assert decks.moved("abc", 7, 0) == ["a", "b", "c"]
    assert decks.copy_name("L", ["L", "L (copy)"]) == "L (copy 2)"
    assert decks.new_name(["Deck 1", "Deck 3"]) == "Deck 2"
    assert decks.clean_name("  two\n lines ") == "two lines"


# --- the file format -----------------------------------------------------------------------------
def test_file_round_trip_keeps_everything() -> None:
    text = to_file_text(FIVE)
    data = json.loads(text)
    assert data["format"] == FILE_FORMAT and data["version"] == decks.FILE_VERSION
    back = parse_text(text)
    assert back == FIVE


@pytest.mark.parametrize(("change", "message"), [
    ({"format": "other"}, "not a Peptide Desk deck"),
    ({"version": "1"}, "not a whole number"),
    ({"version": 99}, "newer Peptide Desk"),
    ({"extra": 1}, "'extra' is not a field of a deck file"),
    ({"name": ""}, "name must not be empty"),
    ({"name": "x" * 201}, "name is longer than 200"),
    ({"slides": {}}, "slides must be a list"),
    ({"slides": [1]}, r"slides\[0\] must be an object"),
    ({"slides": [{"kind": "video", "target": "x:y"}]}, r"slides\[0\]\.kind is not a kind"),
    ({"slides": [{"kind": "table", "target": 5}]}, r"slides\[0\]\.target must be text"),
    ({"slides": [{"kind": "table", "target": "chart:c"}]}, "not a place a table slide"),
    ({"slides": [{"kind": "section", "target": "article:a#b", "tier": "x"}]},
     "not a place a section slide"),
    ({"slides": [{"kind": "chart", "target": "chart:c", "phase": -1}]}, "phase must be"),
    ({"slides": [{"kind": "chart", "target": "chart:c", "phase": True}]}, "phase must be"),
    ({"slides": [{"kind": "table", "target": "table:t", "notes": "x" * 20_001}]},
     "notes is longer"),
    ({"slides": [{"kind": "table", "target": "table:t", "notes": "a\x00"}]}, "NUL"),
    ({"slides": [{"kind": "table", "target": "table:t", "title": ["nested"]}]},
     "title must be text"),
    ({"slides": [{"kind": "table", "target": "table:t", "size": 3}]}, "not a field of a slide"),
    ({"slides": [{"kind": "table", "target": "table:t"}] * 501}, "at most 500"),
])
def test_bad_files_are_refused_naming_the_field(change: dict[str, object], message: str) -> None:
    data = {"format": FILE_FORMAT, "version": 1, "name": "D", "slides": [], **change}
    with pytest.raises(DeckFileError, match=message) as info:
        parse_text(json.dumps(data))
    assert "\n" not in str(info.value)


def test_not_json_too_deep_too_large_and_nan() -> None:
    for text, message in (("{", "not a Peptide Desk deck"),
                          ("[" * 100_000 + "]" * 100_000, "not a Peptide Desk deck"),
                          ('{"format": NaN}', "not a number a deck file can hold"),
                          (" " * (decks.MAX_FILE_BYTES + 1), "larger than a deck")):
        with pytest.raises(DeckFileError, match=message):
            parse_text(text)


def test_import_with_missing_content_keeps_every_slide_and_notes_each_missing_one() -> None:
    present = {"article:a#b", "chart:c1", "substance:semaglutide", "substance:tirzepatide"}
    got = read_file_text(to_file_text(FIVE), present.__contains__, lambda _c: 4)
    assert got.deck == FIVE  # nothing lost: every slide, with its notes
    assert len(got.notes) == 1
    assert got.notes[0].startswith("Slide 2 “Trial summary”: its table (table:t1) is not in")
    # two missing, one of them an item of a comparison
    gone = read_file_text(to_file_text(FIVE), {"article:a#b", "table:t1", "chart:c1",
                                               "substance:semaglutide"}.__contains__)
    assert [n.split(":")[0] for n in gone.notes] == ["Slide 5 “Semaglutide · Tirzepatide”"]


def test_import_resets_a_chart_phase_that_is_gone() -> None:
    got = check_content(Deck("D", (CHART,)), lambda _t: True, lambda _c: 1)
    assert got.deck.slides[0].phase is None
    assert "no longer has phase 2" in got.notes[0]


# --- stepping ------------------------------------------------------------------------------------
def _run() -> Run:
    steps = [*slide_steps(0), *slide_steps(1, parts=2), *slide_steps(2, phase=None, phases=2),
             *slide_steps(3)]
    return Run(steps, 4)


def test_steps_of_parts_and_phases() -> None:
    assert [s.part for s in slide_steps(1, parts=3)] == [0, 1, 2]
    assert [s.phase for s in slide_steps(2, phases=3)] == [None, 0, 1, 2]
    assert [s.phase for s in slide_steps(2, phase=1, phases=3)] == [1, 2]
    assert [s.phase for s in slide_steps(2, phase=9, phases=3)] == [2]


def test_run_moves_through_parts_and_phases_before_the_next_slide() -> None:
    run = _run()
    seen = [run.counter()]
    while run.go(1):
        seen.append(run.counter())
    assert seen == ["Slide 1 of 4", "Slide 2 of 4 · part 1 of 2", "Slide 2 of 4 · part 2 of 2",
                    "Slide 3 of 4 · whole chart", "Slide 3 of 4 · phase 1 of 2",
                    "Slide 3 of 4 · phase 2 of 2", "Slide 4 of 4"]
    assert not run.go(1) and run.step.slide == 3
    assert run.home() and run.index == 0 and not run.go(-1)
    assert run.end() and run.step.slide == 3


def test_number_then_enter_jumps() -> None:
    run = _run()
    run.type_digit("3")
    assert run.counter().endswith("go to slide 3…")
    assert run.enter() and run.step == (2, 0, 1, None, 2)
    run.type_digit("9")
    assert not run.enter() and run.step.slide == 2  # no slide 9: stays
    assert run.enter() and run.step.phase == 0  # Enter alone goes on
    for _ in range(9):
        run.type_digit("1")
    assert run.typed == "1111"


# --- the user database ---------------------------------------------------------------------------
@pytest.fixture
def user(tmp_path: Path):
    data = UserData(tmp_path / "user")
    yield data
    data.close()


def test_decks_are_created_renamed_reordered_duplicated_and_deleted(user: UserData) -> None:
    table = user.decks
    first = table.create("Lesson 1", FIVE.slides)
    second = table.create()
    assert table.names() == [(first, "Lesson 1"), (second, "Deck 1")]
    table.rename(second, "  Lesson\n2 ")
    table.move(second, 0)
    assert [n for _, n in table.names()] == ["Lesson 2", "Lesson 1"]
    copy = table.duplicate(first)
    assert [n for _, n in table.names()] == ["Lesson 2", "Lesson 1", "Lesson 1 (copy)"]
    deck = table.deck(copy)
    assert deck is not None
    assert [(s.kind, s.target, s.notes) for s in deck.slides] == [
        (s.kind, s.target, s.notes) for s in FIVE.slides]
    table.delete(first)
    assert [n for _, n in table.names()] == ["Lesson 2", "Lesson 1 (copy)"]
    assert user.conn.execute("SELECT count(*) FROM slides").fetchone()[0] == 5
    with pytest.raises(UserDataError, match="needs a name"):
        table.rename(copy, " ")


def test_slides_are_added_moved_duplicated_noted_and_deleted(user: UserData) -> None:
    table = user.decks
    deck_id = table.create("D")
    ids = [table.add_slide(deck_id, s) for s in (SECTION, TABLE, CHART)]
    table.add_slide(deck_id, SUBSTANCE, at=0)
    assert [s.kind for s in table.slides(deck_id)] == ["substance", "section", "table", "chart"]
    table.move_slide(ids[2], 0)
    assert [s.kind for s in table.slides(deck_id)] == ["chart", "substance", "section", "table"]
    copy = table.duplicate_slide(ids[0])
    kinds = [s.kind for s in table.slides(deck_id)]
    assert kinds == ["chart", "substance", "section", "section", "table"]
    table.set_notes(copy, "Second time")
    assert [s.notes for s in table.slides(deck_id)][2:4] == ["Say hi", "Second time"]
    table.delete_slide(ids[1])
    order = [s.id for s in table.slides(deck_id)]
    table.reorder(deck_id, list(reversed(order)))
    assert [s.id for s in table.slides(deck_id)] == list(reversed(order))
    with pytest.raises(UserDataError, match="changed meanwhile"):
        table.reorder(deck_id, order[:1])
    positions = [r[0] for r in user.conn.execute(
        "SELECT position FROM slides WHERE deck_id = ? ORDER BY position", (deck_id,))]
    assert positions == list(range(len(order)))


def test_import_deck_makes_its_name_unique(user: UserData) -> None:
    user.decks.create("Lesson 1")
    new = user.decks.import_deck(FIVE)
    deck = user.decks.deck(new)
    assert deck is not None and deck.name == "Lesson 1 (copy)" and len(deck.slides) == 5


def test_decks_survive_reopening_and_an_upgrade_from_version_2(tmp_path: Path) -> None:
    folder = tmp_path / "old"
    folder.mkdir()
    conn = sqlite3.connect(folder / USER_DB_NAME)
    MIGRATIONS[0](conn)
    MIGRATIONS[1](conn)
    conn.execute("PRAGMA user_version = 2")
    conn.execute("INSERT INTO bookmarks VALUES ('substance:semaglutide', 'Semaglutide', 1.0)")
    conn.commit()
    conn.close()
    data = UserData(folder)
    assert data.schema_version == len(MIGRATIONS) == 3
    assert data.is_bookmarked("substance:semaglutide")
    deck_id = data.decks.create("Kept", FIVE.slides)
    data.set("current_deck", deck_id)
    data.close()
    again = UserData(folder)
    assert again.get("current_deck") == deck_id
    deck = again.decks.deck(deck_id)
    assert deck is not None and len(deck.slides) == 5 and deck.slides[0].notes == "Say hi"
    again.close()


def test_a_read_only_snapshot_still_shows_the_decks(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "ro"
    data = UserData(folder)
    data.decks.create("Kept", FIVE.slides)
    data.close()
    ro = UserData.__new__(UserData)
    ro.folder, ro.path, ro.busy_timeout = folder, folder / USER_DB_NAME, 0.1
    ro._in_use = None
    ro._start_read_only("read-only", OSError(30, "Read-only file system"))
    assert [d.name for d in ro.decks.all()] == ["Kept"]
    assert len(ro.decks.all()[0].slides) == 5
    ro.close()


def test_the_current_deck_setting_is_checked() -> None:
    from peptide_desk.userdata import valid_setting

    assert valid_setting("current_deck", 3)
    assert not valid_setting("current_deck", 0)
    assert not valid_setting("current_deck", "3")


# --- the hand-out -----------------------------------------------------------------------------
def test_handout_lists_each_slide_with_its_notes(real_store) -> None:
    from peptide_desk.print_plan import CHART as CHART_BLOCK
    from peptide_desk.print_plan import PAGE_BREAK
    from peptide_desk.slide_pages import handout_doc

    chart = real_store.chart(real_store.chart_ids()[0][0])
    section_deck = Deck("L <1>", (
        Slide("substance", "substance:semaglutide", "Semaglutide", notes="Say hi"),
        Slide("chart", f"chart:{chart.id}", chart.title, phase=0),
        Slide("table", "table:no-such-table", "Gone")))
    doc = handout_doc(real_store, section_deck)
    assert doc.frame.title == "L <1> — hand-out"
    kinds = [b.kind for b in doc.blocks]
    assert kinds.count(PAGE_BREAK) == 2  # each slide starts a page
    html = "".join(b.html for b in doc.blocks)
    assert html.index("Slide 1: Substance summary: Semaglutide") < html.index("Say hi") \
        < html.index("Slide 2: Chart:")
    # the chart is drawn in place (a chart block), at the phase the slide is set to
    assert [b.chart_id for b in doc.blocks if b.kind == CHART_BLOCK] == [chart.id]
    assert f"Presented at phase 1 of {len(chart.phases)}" in html
    assert "not in this version of the library" in html  # a slide whose content is gone
    tail = "".join(b.html for b in doc.blocks[-6:])
    assert html.count("<h2>Disclaimer</h2>") == 1 and "<h2>Disclaimer</h2>" in tail  # at the end


def test_slide_content_of_each_kind_from_the_library(real_store) -> None:
    from peptide_desk.slide_pages import slide_content
    from peptide_desk.themes import palette

    pal = palette("high-contrast")
    article = real_store.articles()[0].id
    chart_id = real_store.chart_ids()[0][0]
    slides = [Slide("section", f"article:{article}#insulin-basics", "", tier="fundamentals"),
              Slide("table", f"table:{real_store.table_ids()[0][0]}", ""),
              Slide("chart", f"chart:{chart_id}", ""),
              Slide("substance", "substance:semaglutide", ""),
              Slide("compare", "compare:semaglutide,tirzepatide", "")]
    got = [slide_content(real_store, s, pal, "high-contrast") for s in slides]
    assert not any(c.missing for c in got)
    assert "insulin-basics" in got[0].html and "Fundamentals" in got[0].html
    assert got[2].chart == chart_id and got[2].phases == len(real_store.chart(chart_id).phases)
    assert "Semaglutide" in got[3].html and "safety" in got[3].html.lower()
    assert got[4].title == "Semaglutide · Tirzepatide" and "<table" in got[4].html
    gone = slide_content(real_store, Slide("table", "table:gone", "Old table"), pal, "light")
    assert gone.missing and "not in this version of the library" in gone.html


def test_add_to_current_starts_a_deck_and_then_adds_to_it(user: UserData) -> None:
    table = user.decks
    assert table.current() is None
    deck, number = table.add_to_current(SECTION)
    assert (deck.name, number) == ("Deck 1", 1) and table.current() == deck
    deck, number = table.add_to_current(CHART)
    assert number == 2 and [s.kind for s in deck.slides] == ["section", "chart"]
    table.delete(deck.id)
    assert table.current() is None  # a deleted deck is no longer current
    table.set_current(None)
    assert user.get("current_deck") is None


def test_elapsed_text() -> None:
    assert decks.elapsed_text(0) == "Elapsed 0:00:00"
    assert decks.elapsed_text(3725.9) == "Elapsed 1:02:05"
    assert decks.elapsed_text(-4) == "Elapsed 0:00:00"
