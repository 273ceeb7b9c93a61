"""Presenting: the slide show of a deck (fit, keys, chart phases, covers, Esc), the page
presented when there is no deck, and the presenter view with two screens."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication

from peptide_desk.decks import Deck, Slide
from peptide_desk.ui.cover import Cover
from peptide_desk.ui.slideshow import MIN_PT, MIN_PT_FLOOR, SlideShow, scale_of

ARTICLE = "peptides-insulin-resistance-diabetes"
SECTION = Slide("section", f"article:{ARTICLE}#what-is-insulin-resistance",
                "What insulin resistance means", tier="fundamentals", notes="Define it first.")
TABLE = Slide("table", "table:clinical-trial-summary", "Key study results")
CHART = Slide("chart", "chart:gh-secretagogue-phases", "GH phases", notes="Step the phases.")
SUBSTANCE = Slide("substance", "substance:semaglutide", "Semaglutide")
COMPARE = Slide("compare", "compare:semaglutide,tirzepatide", "Semaglutide · Tirzepatide")
FIVE = Deck("Lesson", (SECTION, TABLE, CHART, SUBSTANCE, COMPARE))


@pytest.fixture
def show(qtbot, real_store):
    """The five-slide deck presented in a 1280×720 window (not full screen)."""
    shown = SlideShow(real_store, FIVE, "high-contrast")
    qtbot.addWidget(shown)
    shown.resize(1280, 720)
    shown.start(full_screen=False)
    qtbot.waitExposed(shown)
    shown.relayout()
    yield shown
    shown.finish()


def colours(image: QImage) -> set[str]:
    """The colours at a grid of points over the whole image."""
    w, h = image.width(), image.height()
    return {image.pixelColor(x * w // 9, y * h // 9).name() for x in range(1, 9)
            for y in range(1, 9)}


def press(qtbot, widget, key: Qt.Key, text: str = "") -> None:
    qtbot.keyClick(widget, key)


# --- fitting -----------------------------------------------------------------------------------
def test_text_slides_fit_above_the_readable_minimum_and_overflow_continues(show) -> None:
    floor = max(MIN_PT_FLOOR, MIN_PT * scale_of(show.height()))
    for index, layout in show.layouts.items():
        assert layout.pt >= floor, f"slide {index + 1} below the readable minimum"
        if layout.parts == 1:
            assert layout.doc.size().height() <= layout.size.height() + 1
    assert show.layouts[0].parts == 1 and show.layouts[0].pt > floor  # a section: one screen
    assert show.layouts[1].parts > 1  # the long table goes on over several screens
    parts = [s.part for s in show.run.steps if s.slide == 1]
    assert parts == list(range(show.layouts[1].parts))
    assert 2 not in show.layouts  # the chart is the chart view, not text


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_every_screen_fits_without_scrolling(qtbot, real_store, size) -> None:
    shown = SlideShow(real_store, FIVE, "high-contrast")
    qtbot.addWidget(shown)
    shown.resize(*size)
    shown.start(full_screen=False)
    qtbot.waitExposed(shown)
    shown.relayout()
    floor = max(MIN_PT_FLOOR, MIN_PT * scale_of(size[1]))
    assert all(layout.pt >= floor for layout in shown.layouts.values())
    assert shown.layouts[0].pt >= 1.3 * floor  # a short section gets larger type
    shown.run.jump(3)
    shown.show_step()
    chart = shown.chart
    assert chart is not None
    qtbot.waitUntil(lambda: chart.plot.height() > size[1] // 3)
    body, viewport = chart.scroll_area.widget(), chart.scroll_area.viewport()
    assert body.height() <= viewport.height() + 4  # plot, legend, phase and caveat: one screen
    shown.finish()


def test_keys_step_parts_and_chart_phases_then_slides(qtbot, show) -> None:
    seen = [show.run.counter()]
    for key in (Qt.Key.Key_PageDown, Qt.Key.Key_Right, Qt.Key.Key_Space):
        press(qtbot, show, key)
        seen.append(show.run.counter())
    assert seen[:3] == ["Slide 1 of 5", f"Slide 2 of 5 · part 1 of {show.layouts[1].parts}",
                        f"Slide 2 of 5 · part 2 of {show.layouts[1].parts}"]
    press(qtbot, show, Qt.Key.Key_Backspace)
    press(qtbot, show, Qt.Key.Key_PageUp)
    press(qtbot, show, Qt.Key.Key_Left)
    assert show.run.index == 0
    press(qtbot, show, Qt.Key.Key_3)
    assert "go to slide 3" in show.counter.text()
    press(qtbot, show, Qt.Key.Key_Return)
    assert show.run.step.slide == 2 and show.run.step.phase is None
    assert show.stack.currentWidget() is show.chart and show.chart is not None
    phases = len(show.chart.spec.chart.phases)
    for n in range(phases):
        press(qtbot, show, Qt.Key.Key_Right)
        assert show.run.step.slide == 2 and show.chart.stepper.current == n
        assert show.counter.text() == f"Slide 3 of 5 · phase {n + 1} of {phases}"
    press(qtbot, show, Qt.Key.Key_Right)  # after the last phase: the next slide
    assert show.run.step.slide == 3 and show.stack.currentWidget() is show.canvas
    press(qtbot, show, Qt.Key.Key_End)
    assert show.run.step.slide == 4 and show.run.next_step is None
    press(qtbot, show, Qt.Key.Key_Home)
    assert show.run.index == 0


@pytest.mark.parametrize(("key", "colour"), [(Qt.Key.Key_B, "#000000"),
                                             (Qt.Key.Key_Period, "#000000"),
                                             (Qt.Key.Key_W, "#ffffff")])
def test_a_cover_is_painted_and_the_next_key_only_lifts_it(qtbot, show, key, colour) -> None:
    press(qtbot, show, Qt.Key.Key_Right)
    before = show.run.index
    assert len(colours(show.grab().toImage())) > 1  # a slide: text on a background
    press(qtbot, show, key)
    cover = show.cover
    assert isinstance(cover, Cover) and cover.isVisible() and cover.hasFocus()
    assert cover.geometry() == show.rect()
    assert colours(show.grab().toImage()) == {colour}  # really painted over everything
    press(qtbot, show, Qt.Key.Key_Right)  # lifts the cover and does nothing else
    assert show.cover is None and show.run.index == before
    qtbot.waitUntil(lambda: not show.findChildren(Cover))
    assert len(colours(show.grab().toImage())) > 1
    press(qtbot, show, key)
    press(qtbot, show, Qt.Key.Key_Escape)  # even Esc only lifts it
    assert show.cover is None and show.isVisible()
    press(qtbot, show, key)
    press(qtbot, show, key)  # a second B lifts the first cover: never two
    assert show.cover is None
    press(qtbot, show, key)
    qtbot.mouseClick(show.cover, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    assert show.cover is None and show.run.index == before


def test_the_presenter_view_shows_current_next_notes_and_time(qtbot, show) -> None:
    press(qtbot, show, Qt.Key.Key_P)
    view = show.presenter
    assert view is not None and view.isVisible()
    qtbot.waitExposed(view)
    assert view.notes.toPlainText() == "Define it first."
    assert view.clock.text().startswith("Elapsed 0:00:")
    assert not view.current.pixmap().isNull() and not view.next.pixmap().isNull()
    assert len(colours(view.next.pixmap().toImage())) > 1  # the next slide, drawn
    press(qtbot, view, Qt.Key.Key_Right)  # keys typed in the presenter view drive the show
    assert show.run.index == 1 and view.counter.text() == show.run.counter()
    assert view.notes.toPlainText() == "No speaker notes for this slide."
    press(qtbot, show, Qt.Key.Key_End)
    assert view.next.text() == "End of the deck"
    press(qtbot, show, Qt.Key.Key_P)
    assert show.presenter is None


def test_closing_the_show_window_ends_the_show(qtbot, window) -> None:
    window.user.decks.set_current(window.user.decks.create("Lesson", FIVE.slides))
    window.toggle_presenting()
    show = window.presenter.show
    assert show is not None
    show.close()  # the window manager's close, not Esc
    qtbot.waitUntil(lambda: window.presenter.show is None)
    window.toggle_presenting()  # F5 again starts a new show
    assert window.presenter.show is not None and window.presenter.show is not show
    window.presenter.show.finish()


def test_a_missing_slide_says_so_and_keeps_its_place(qtbot, real_store) -> None:
    deck = Deck("Old", (Slide("table", "table:gone", "An old table", notes="keep me"), SECTION))
    shown = SlideShow(real_store, deck, "light")
    qtbot.addWidget(shown)
    shown.resize(1280, 720)
    shown.start(full_screen=False)
    shown.relayout()
    assert shown.contents[0].missing
    assert "not in this version of the library" in shown.layouts[0].doc.toPlainText()
    assert shown.run.slide_count == 2
    shown.finish()


# --- from the window ------------------------------------------------------------------------
def test_F5_presents_the_current_deck_and_Esc_returns_exactly(qtbot, window) -> None:
    window.open_target(f"article:{ARTICLE}#insulin-basics")
    window.user.decks.set_current(window.user.decks.create("Lesson", FIVE.slides))
    window.reader.browser.setFocus()
    place = window.stack.place(window.current.target)
    window.toggle_presenting()
    show = window.presenter.show
    assert show is not None and show.isVisible() and not window.presenter.active
    assert show.run.slide_count == 5
    qtbot.keyClick(show, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.presenter.show is None)
    assert not show.isVisible()
    assert window.stack.place(window.current.target) == place
    assert QApplication.focusWidget() is window.reader.browser


def test_F5_without_a_deck_presents_the_page_and_its_cover_works(qtbot, window) -> None:
    window.open_target(f"article:{ARTICLE}#insulin-basics")
    assert window.user.decks.current() is None
    window.toggle_presenting()
    presenter = window.presenter
    assert presenter.active and presenter.show is None
    anchor = window.reader.current_anchor()
    qtbot.keyClick(window.reader.browser, Qt.Key.Key_B)
    assert presenter.cover is not None and presenter.cover.hasFocus()
    qtbot.waitUntil(lambda: colours(window.grab().toImage()) == {"#000000"})
    qtbot.keyClick(presenter.cover, Qt.Key.Key_Right)  # lifts; the section stays
    assert presenter.cover is None and window.reader.current_anchor() == anchor
    assert presenter.active
    qtbot.keyClick(window.reader.browser, Qt.Key.Key_W)
    qtbot.waitUntil(lambda: colours(window.grab().toImage()) == {"#ffffff"})
    qtbot.keyClick(presenter.cover, Qt.Key.Key_Escape)  # lifts only
    assert presenter.cover is None and presenter.active
    qtbot.keyClick(window.reader.browser, Qt.Key.Key_Escape)
    assert not presenter.active


def test_add_to_deck_from_each_kind_of_place(qtbot, window) -> None:
    window.open_target(f"article:{ARTICLE}#what-is-insulin-resistance")
    window.set_tier("intermediate")
    window.add_to_deck()
    assert "slide 1" in window.statusBar().currentMessage()
    window.open_target("table:clinical-trial-summary")
    window.add_to_deck()
    window.open_target("chart:gh-secretagogue-phases")
    window.panels.chart.step_phase(1)
    window.panels.chart.step_phase(1)
    window.add_to_deck()
    window.open_target("substance:semaglutide")
    window.add_to_deck()
    window.open_target("compare:semaglutide,tirzepatide")
    window.add_to_deck()
    window.open_target("view:glossary")
    window.add_to_deck()
    assert "Only a section, table, chart" in window.statusBar().currentMessage()
    deck = window.user.decks.current()
    assert deck is not None and deck.name == "Deck 1"
    got = [(s.kind, s.target, s.tier, s.phase) for s in deck.slides]
    assert got[0][:3] == ("section", f"article:{ARTICLE}#what-is-insulin-resistance",
                          "intermediate")
    assert got[1:] == [("table", "table:clinical-trial-summary", "", None),
                       ("chart", "chart:gh-secretagogue-phases", "", 1),
                       ("substance", "substance:semaglutide", "", None),
                       ("compare", "compare:semaglutide,tirzepatide", "", None)]
    assert deck.slides[3].title == "Semaglutide"


def test_the_add_to_deck_action_has_its_key(window) -> None:
    action = next(a for a in window.actions() if a.objectName() == "add-to-deck")
    assert action.shortcut().toString() == "Ctrl+Shift+D"
    assert "Deck" in action.text()


# --- two screens ---------------------------------------------------------------------------------
TWO_SCREENS = {"synchronousWindowSystemEvents": True, "windowFrameMargins": False,
               "screens": [{"name": "laptop", "x": 0, "y": 0, "width": 1280, "height": 800,
                            "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1},
                           {"name": "projector", "x": 1280, "y": 0, "width": 1920,
                            "height": 1080, "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}

CHILD = """
import sys
from pathlib import Path
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication(["x"])
from peptide_desk.store import Store
from peptide_desk.decks import Deck, Slide
from peptide_desk.ui.slideshow import present
laptop, projector = app.screens()
origin = QWidget()
origin.setScreen(laptop)
origin.setGeometry(laptop.availableGeometry().adjusted(50, 50, -50, -50))
origin.show()
app.processEvents()
store = Store(Path(sys.argv[1]))
deck = Deck("L", (Slide("substance", "substance:semaglutide", "S", notes="Two screens"),
                  Slide("table", "table:clinical-trial-summary", "T")))
show = present(store, deck, "high-contrast", origin)
for _ in range(5):
    app.processEvents()
view = show.presenter
print(show.screen().name(), view.screen().name() if view else None,
      show.isFullScreen(), view.notes.toPlainText() if view else "")
"""


def test_with_two_screens_the_slides_go_to_the_projector_and_the_view_to_the_laptop(
        tmp_path: Path, real_db: Path) -> None:
    config = tmp_path / "screens.json"
    config.write_text(json.dumps(TWO_SCREENS))
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}"}
    out = subprocess.run([sys.executable, "-c", CHILD, str(real_db)], env=env,
                         capture_output=True, text=True, timeout=120, check=True)
    assert out.stdout.split() == ["projector", "laptop", "True", "Two", "screens"]


def test_colour_helper() -> None:
    image = QImage(10, 10, QImage.Format.Format_RGB32)
    image.fill(QColor("#123456"))
    assert colours(image) == {"#123456"}
