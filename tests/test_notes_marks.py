"""Notes and bookmarks in the text: a marker beside each section that has one, its popover
shows the note and edits it, the Notes pane lists the article's notes in reading order, and
File → Export notes as Markdown writes them."""

from __future__ import annotations

from PySide6.QtCore import Qt

from peptide_desk.link_previews import mark_target
from peptide_desk.links import make_target
from peptide_desk.ui.shell import dialogs
from test_popover import link_point

ARTICLE_ID = "gh-peptides-insulin-sensitivity"


def sections(window):
    return window.store.article(ARTICLE_ID).sections


def test_markers_beside_noted_and_bookmarked_sections(qtbot, window) -> None:
    secs = sections(window)
    late, early, kept = secs[5], secs[1], secs[3]
    window.user.save_note(make_target("article", ARTICLE_ID, late.anchor), late.title, "later")
    window.user.save_note(make_target("article", ARTICLE_ID, early.anchor), early.title,
                          "first note")
    window.user.add_bookmark(make_target("article", ARTICLE_ID, kept.anchor), kept.title)
    window.open_target(f"article:{ARTICLE_ID}")
    html = window.reader.browser.toHtml()
    for sec in (late, early, kept):
        assert f'href="{mark_target(sec.anchor)}"' in html
    assert f'href="{mark_target(secs[2].anchor)}"' not in html  # nothing kept there
    # the Notes pane: reading order, not newest first
    notes = [window.contents.notes.item(i).text() for i in range(window.contents.notes.count())]
    assert [n.split("\n")[0] for n in notes] == [early.title, late.title]
    assert window.contents.notes_title.text() == "Notes (2)"


def test_activating_a_marker_shows_and_edits_its_note(qtbot, window, monkeypatch) -> None:
    sec = sections(window)[1]
    place = make_target("article", ARTICLE_ID, sec.anchor)
    window.user.save_note(place, sec.title, "check the dose units")
    window.open_target(f"article:{ARTICLE_ID}")
    reader = window.reader.browser
    pos, href = link_point(reader, "mark:")
    assert href == mark_target(sec.anchor)
    qtbot.mouseClick(reader.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    pop = window.popovers[1].popover
    assert pop.isVisible() and pop.body.text() == "check the dose units"
    assert pop.open_btn.text() == "Edit note…"
    assert window.current.target.startswith(f"article:{ARTICLE_ID}")
    monkeypatch.setattr(dialogs, "edit_note", lambda _w, _title, text: text + " (mg)")
    qtbot.mouseClick(pop.open_btn, Qt.MouseButton.LeftButton)
    assert window.user.note(place).body == "check the dose units (mg)"
    # a Ctrl+click on a marker still only shows its note (it has no page of its own)
    pos, _ = link_point(reader, "mark:")
    qtbot.mouseClick(reader.viewport(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.ControlModifier, pos)
    assert pop.isVisible() and window.current.target.startswith(f"article:{ARTICLE_ID}")


def test_bookmarking_a_section_marks_it_at_once(qtbot, window) -> None:
    anchor = sections(window)[2].anchor
    window.open_target(f"article:{ARTICLE_ID}#{anchor}")
    qtbot.waitUntil(lambda: window.reader.current_anchor() == anchor)
    window.toggle_bookmark()
    assert f'href="{mark_target(anchor)}"' in window.reader.browser.toHtml()
    window.toggle_bookmark()
    assert f'href="{mark_target(anchor)}"' not in window.reader.browser.toHtml()


def test_export_notes_as_markdown_from_the_window(window, tmp_path) -> None:
    sec = sections(window)[0]
    window.user.save_note(make_target("article", ARTICLE_ID, sec.anchor), sec.title, "n1")
    out = tmp_path / "notes.md"
    assert window.export_notes_markdown(str(out)) is True
    text = out.read_text(encoding="utf-8")
    assert f"### {sec.title}" in text and "n1" in text
    assert f"peptide-desk://article/{ARTICLE_ID}#{sec.anchor}" in text
