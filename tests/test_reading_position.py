"""The reading position is the first visible block of the text: zoom steps, tier switches,
presenting, theme changes and resizes keep it in view (issue 14, item 2)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from peptide_desk.ui.shell.main_window import MainWindow

ZOOM_CYCLE = (150, 200, 250, 300, 250, 200, 150, 100)


def open_mid_article(window: MainWindow, qtbot: Any, tier: str = "academic") -> str:
    """An article scrolled into a section present at every tier, a little past its heading;
    returns the text of the first visible block."""
    window.tier = tier
    window.open_target(f"article:{window.store.articles()[0].id}")
    reader = window.reader
    article = reader.article
    assert article is not None
    reader.set_tier(tier)
    section = [s for s in article.sections if s.tier == "fundamentals"][2]
    reader.scroll_to(section.anchor)
    qtbot.waitUntil(lambda: reader.current_anchor() == section.anchor)
    bar = reader.browser.verticalScrollBar()
    reader.set_scroll_position(bar.value() + 3 * reader.browser.fontMetrics().height())
    text = reader.first_visible_text()
    assert text.strip()
    return text


def test_a_zoom_cycle_keeps_the_first_visible_block(window: MainWindow, qtbot: Any) -> None:
    first = open_mid_article(window, qtbot)
    for zoom in ZOOM_CYCLE:
        window.set_zoom(zoom)
        qtbot.waitUntil(lambda: window.reader.first_visible_text() == first)
    assert window.zoom == 100


def test_tier_switches_keep_the_block_of_a_section_in_both_tiers(window: MainWindow,
                                                                  qtbot: Any) -> None:
    first = open_mid_article(window, qtbot)
    for key in ("Ctrl+1", "Ctrl+2", "Ctrl+3"):
        action = next(a for a in window.menu_actions.bound
                      if a.shortcut().toString() == key)
        action.trigger()
        qtbot.waitUntil(lambda: window.reader.first_visible_text() == first)
    assert window.reader.tier == "academic"


def test_presenting_and_back_keeps_the_block(window: MainWindow, qtbot: Any) -> None:
    first = open_mid_article(window, qtbot)
    window.toggle_presenting()
    qtbot.waitUntil(lambda: window.reader.first_visible_text() == first)
    window.toggle_presenting()
    qtbot.waitUntil(lambda: window.reader.first_visible_text() == first)


def test_theme_changes_and_resizes_keep_the_block(window: MainWindow, qtbot: Any) -> None:
    first = open_mid_article(window, qtbot)
    for theme in ("dark", "high-contrast", "light"):
        window.set_theme(theme)
        qtbot.waitUntil(lambda: window.reader.first_visible_text() == first)
    for size in ((900, 700), (1600, 1000), (1320, 860)):
        window.resize(*size)
        qtbot.waitUntil(lambda: window.reader.first_visible_text() == first)


def test_a_search_hit_opened_at_300_percent_shows_its_heading(window: MainWindow,
                                                              qtbot: Any) -> None:
    window.set_zoom(300)
    window.open_target(f"article:{window.store.articles()[0].id}")
    reader = window.reader
    article = reader.article
    assert article is not None
    section = article.sections[len(article.sections) // 2]
    window.open_target(f"article:{article.id}#{section.anchor}")
    qtbot.waitUntil(lambda: reader.first_visible_text().strip() == section.title.strip())
    qtbot.waitUntil(lambda: reader.current_anchor() == section.anchor)


def test_the_restyle_after_zoom_steps_keeps_the_block_and_the_size(window: MainWindow,
                                                                    qtbot: Any) -> None:
    """A zoom step restyles the window; once the steps pause the application's stylesheet
    follows and the window's is dropped: the text keeps its place and its size."""
    from PySide6.QtWidgets import QApplication

    from peptide_desk.ui.theme import ui_pt

    first = open_mid_article(window, qtbot)
    for zoom in (110, 120, 130):
        window.set_zoom(zoom)
    qtbot.waitUntil(lambda: window.reader.first_visible_text() == first)
    assert window.styleSheet()  # the window's own, for the steps
    size = window.back_btn.font().pointSizeF()
    qtbot.waitUntil(lambda: not window.styleSheet(), timeout=3000)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    assert f"font-size: {ui_pt(130)}pt" in app.styleSheet()
    assert window.back_btn.font().pointSizeF() == size == ui_pt(130)
    qtbot.waitUntil(lambda: window.reader.first_visible_text() == first)


def test_the_top_of_an_article_stays_the_top_through_zoom_steps(window: MainWindow,
                                                               qtbot: Any) -> None:
    window.open_target(f"article:{window.store.articles()[0].id}")
    bar = window.reader.browser.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    assert bar.value() == 0
    for zoom in ZOOM_CYCLE:
        window.set_zoom(zoom)
        assert bar.value() == 0, f"at {zoom}% the page scrolled to {bar.value()}"
