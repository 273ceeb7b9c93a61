"""A student's 20-minute reading session, scripted: open an article from search, follow three
citations by popover and come back to the same place each time, write two notes, bookmark a
section, switch tiers, open a tab, restart; then everything is where it was left (issue 18)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from peptide_desk.link_previews import mark_target
from peptide_desk.links import make_target
from peptide_desk.ui.shell import dialogs
from test_popover import link_point

ARTICLE_ID = "gh-peptides-insulin-sensitivity"


def test_twenty_minute_reading_session(qtbot, windows, real_db, monkeypatch, tmp_path) -> None:
    win = windows.open(real_db, restore=False)
    # 1. open the article from search
    win.search.focus()
    qtbot.keyClicks(win.search.edit, "growth hormone peptides insulin")
    qtbot.waitUntil(lambda: win.search.list.count() > 0)
    lst = win.search.list
    row = next(i for i in range(lst.count())
               if (lst.item(i).data(Qt.ItemDataRole.UserRole) or "")
               .startswith(f"article:{ARTICLE_ID}"))
    lst.setCurrentRow(row)
    qtbot.keyClick(win.search.edit, Qt.Key.Key_Return)
    assert win.stack.article_in_view().id == ARTICLE_ID and win.search.edit.text() == ""
    reader, pop = win.reader, win.popovers[1].popover
    win.set_tier("fundamentals")

    # 2. three citations by popover: read the reference, open it, come back to the place
    followed = []
    for nth in (0, 2, 4):
        pos, href = link_point(reader.browser, "ref:", nth)
        place = reader.scroll_position()
        qtbot.mouseClick(reader.browser.viewport(), Qt.MouseButton.LeftButton, pos=pos)
        assert pop.isVisible() and pop.preview.target == href
        qtbot.mouseClick(pop.open_btn, Qt.MouseButton.LeftButton)
        assert win.current.target == href
        followed.append(href)
        win.go_back()
        assert win.stack.article_in_view().id == ARTICLE_ID
        assert reader.scroll_position() == place  # the thread is not lost

    # 3. two notes, on two sections, written in reverse reading order
    secs = [s for s in win.store.article(ARTICLE_ID).sections_for("fundamentals")]
    later, earlier = secs[3], secs[1]
    texts = {later.anchor: "compare with the tesamorelin trial", earlier.anchor: "GH: two ways"}
    monkeypatch.setattr(dialogs, "edit_note", lambda _w, _title, _text: texts[
        reader.current_anchor()])
    for sec in (later, earlier):
        reader.scroll_to(sec.anchor)
        qtbot.waitUntil(lambda sec=sec: reader.current_anchor() == sec.anchor)
        win.add_note()

    # 4. bookmark the section in view (the earlier one)
    win.toggle_bookmark()
    kept = make_target("article", ARTICLE_ID, earlier.anchor)
    assert win.user.is_bookmarked(kept)

    # 5. tiers: an Academic section from search raises this article only; then the user
    #    chooses Intermediate
    academic = next(s for s in win.store.article(ARTICLE_ID).sections if s.tier == "academic")
    win.open_target(f"article:{ARTICLE_ID}#{academic.anchor}")
    assert reader.tier == "academic" and win.tier == "fundamentals"
    assert reader.notice.text().startswith("Showing the Academic tier for this section")
    win.set_tier("intermediate")
    reader.scroll_to(earlier.anchor)
    qtbot.waitUntil(lambda: reader.current_anchor() == earlier.anchor)

    # 6. a second tab for a substance page, then back to the article's tab
    win.new_tab()
    win.open_target("substance:tesamorelin")
    win.tab_strip.switch(0)
    assert win.current.target == kept

    # 7. restart
    windows.close(win)
    again = windows.open(real_db)
    assert again.current.target == kept  # back at the section being read
    assert len(again.tab_strip.tabs) == 2 and again.tab_strip.tabs.index == 0
    assert again.tab_strip.bar.tabText(1) == "Tesamorelin"
    assert again.tier == "intermediate" and again.reader.tier == "intermediate"
    html = again.reader.browser.toHtml()
    assert f'href="{mark_target(earlier.anchor)}"' in html
    assert f'href="{mark_target(later.anchor)}"' in html
    pane = again.contents.notes
    assert [pane.item(i).text().split("\n")[0] for i in range(pane.count())] == [
        earlier.title, later.title]  # reading order
    again.open_target("view:bookmarks")
    assert earlier.title in again.doc.browser.toPlainText()
    again.open_target("view:history")
    history = again.doc.browser.toPlainText()
    for href in followed:
        ref = again.store.reference(href.split(":", 1)[1])
        assert history.count(ref.title.rstrip(".")) == 1  # by title, once
    assert history.count(again.store.article(ARTICLE_ID).title) == 1  # Back added none
    out = tmp_path / "notes.md"
    assert again.export_notes_markdown(str(out))
    md = out.read_text(encoding="utf-8")
    assert md.index(texts[earlier.anchor]) < md.index(texts[later.anchor])
