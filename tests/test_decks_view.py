"""The Decks view: decks and slides made, renamed, reordered by keyboard and drag, duplicated
and deleted; speaker notes; a deck file exported and imported (with missing content); the
hand-out as PDF."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from peptide_desk import decks
from peptide_desk.decks import Slide
from peptide_desk.ui.decks_view import DecksView

ARTICLE = "peptides-insulin-resistance-diabetes"
SLIDES = (Slide("section", f"article:{ARTICLE}#insulin-basics", "Insulin basics",
                tier="fundamentals"),
          Slide("chart", "chart:gh-secretagogue-phases", "GH phases", phase=0),
          Slide("substance", "substance:semaglutide", "Semaglutide"))


@pytest.fixture
def view(window) -> DecksView:
    window.user.decks.set_current(window.user.decks.create("Lesson", SLIDES))
    window.open_target("view:decks")
    assert window.decks_view is not None
    assert window.stack.currentWidget() is window.decks_view
    return window.decks_view


def names(view: DecksView) -> list[str]:
    return [view.deck_list.item(i).text() for i in range(view.deck_list.count())]


def kinds(view: DecksView) -> list[str]:
    deck = view.current_deck()
    assert deck is not None
    return [s.kind for s in deck.slides]


def test_the_view_lists_decks_and_the_current_decks_slides(window, view) -> None:
    assert window.windowTitle().startswith("Decks")
    assert names(view) == ["Lesson"]
    assert view.slide_list.count() == 3
    assert view.slide_list.item(0).text() == "1. Section: Insulin basics (Fundamentals)"
    assert view.slide_list.item(1).text() == "2. Chart: GH phases (phase 1)"
    assert "3 slides" in view.deck_title.text()


def test_decks_are_made_renamed_moved_duplicated_and_deleted(qtbot, window, view) -> None:
    view.new_deck()
    assert names(view) == ["Lesson", "Deck 1"]
    item = view.deck_list.currentItem()
    item.setText("Lesson 2")  # what typing in the editor ends with
    assert [n for _, n in window.user.decks.names()] == ["Lesson", "Lesson 2"]
    qtbot.keyClick(view.deck_list, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert names(view) == ["Lesson 2", "Lesson"]
    view.deck_list.setCurrentRow(1)
    view.duplicate_deck()
    assert names(view) == ["Lesson 2", "Lesson", "Lesson (copy)"]
    assert len(window.user.decks.current().slides) == 3
    view.delete_deck(confirm=False)
    assert names(view) == ["Lesson 2", "Lesson"]
    assert "Deleted the deck" in window.statusBar().currentMessage()


def test_slides_move_by_keyboard_and_drag_and_take_notes(qtbot, window, view) -> None:
    view.slide_list.setCurrentRow(0)
    qtbot.keyClick(view.slide_list, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert kinds(view) == ["chart", "section", "substance"]
    assert view.slide_list.currentRow() == 1  # the moved slide stays chosen
    # a drag: the list's model moves a row, and the view stores the new order
    model = view.slide_list.model()
    model.moveRow(model.index(0, 0).parent(), 2, model.index(0, 0).parent(), 0)
    qtbot.waitUntil(lambda: kinds(view) == ["substance", "chart", "section"])
    view.slide_list.setCurrentRow(1)
    view.duplicate_slide()
    assert kinds(view) == ["substance", "chart", "chart", "section"]
    view.notes.setPlainText("Step through each phase.")
    qtbot.waitUntil(lambda: window.user.decks.current().slides[2].notes
                    == "Step through each phase.")
    view.slide_list.setCurrentRow(0)
    assert view.notes.toPlainText() == ""
    view.slide_list.setCurrentRow(2)
    assert view.notes.toPlainText() == "Step through each phase."
    qtbot.keyClick(view.slide_list, Qt.Key.Key_Delete)
    assert kinds(view) == ["substance", "chart", "section"]


def test_export_then_import_with_missing_content(tmp_path: Path, window, view) -> None:
    out = view.export_deck(str(tmp_path / "lesson.pdeck.json"))
    assert out is not None
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["format"] == decks.FILE_FORMAT and len(data["slides"]) == 3
    data["slides"].insert(1, {"kind": "table", "target": "table:retired", "title": "Retired",
                              "notes": "Still useful"})
    data["slides"][2]["phase"] = 40  # the chart has no phase 41
    edited = tmp_path / "edited.pdeck.json"
    edited.write_text(json.dumps(data), encoding="utf-8")
    got = view.import_deck(str(edited), tell=False)
    assert got is not None and len(got.notes) == 2
    assert got.notes[0].startswith("Slide 2 “Retired”: its table (table:retired) is not in")
    assert "no longer has phase 41" in got.notes[1]
    assert names(view) == ["Lesson", "Lesson (copy)"]
    deck = window.user.decks.current()
    assert [s.kind for s in deck.slides] == ["section", "table", "chart", "substance"]
    assert deck.slides[1].notes == "Still useful" and deck.slides[2].phase is None
    assert view.slide_list.item(1).text().endswith("— not in this library")
    assert "2 need attention" in window.statusBar().currentMessage()


def test_a_bad_deck_file_changes_nothing_and_says_why(tmp_path: Path, window, view) -> None:
    bad = tmp_path / "bad.pdeck.json"
    bad.write_text('{"format": "peptide-desk-deck", "version": 1, "name": "X", '
                   '"slides": [{"kind": "movie", "target": "x:y"}]}', encoding="utf-8")
    assert view.import_deck(str(bad), tell=False) is None
    message = window.statusBar().currentMessage()
    assert "slides[0].kind is not a kind of slide" in message and "nothing was changed" in message
    assert names(view) == ["Lesson"]
    (tmp_path / "bin").write_bytes(b"\xff\xfe\x00")
    assert view.import_deck(str(tmp_path / "bin"), tell=False) is None
    assert "could not be read as a deck file" in window.statusBar().currentMessage()


def test_export_to_a_missing_folder_says_what_to_do(tmp_path: Path, window, view) -> None:
    assert view.export_deck(str(tmp_path / "nope" / "x.pdeck.json")) is None
    assert "does not exist; choose another folder" in window.save_flow.last_message


def test_export_asks_through_the_save_flow(tmp_path: Path, window, view) -> None:
    asked: list[str] = []

    def dialog(_parent: object, title: str, start: str, _filter: str) -> str:
        asked.append(title)
        return str(tmp_path / Path(start).name)

    window.save_flow.dialog = dialog
    out = view.export_deck()
    assert asked == ["Export deck"] and out == tmp_path / "Lesson.pdeck.json"
    assert out.is_file() and window.save_flow.last_message == f"Saved to {out}."


def test_the_handout_has_every_slide_with_its_notes(tmp_path: Path, window, view) -> None:
    from peptide_desk.slide_pages import handout_doc

    deck = window.user.decks.current()
    window.user.decks.set_notes(deck.slides[0].id, "Open with a question.")
    deck = window.user.decks.current()
    html = "".join(b.html for b in handout_doc(window.store, deck).blocks)
    assert html.index("What insulin does") < html.index("Open with a question.") \
        < html.index("Slide 2: Chart")
    out = view.export_handout(str(tmp_path / "handout.pdf"))
    assert out is not None and out.read_bytes().startswith(b"%PDF")
    assert not list(tmp_path.glob(".*.part"))  # written all or nothing
