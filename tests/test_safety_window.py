"""The safety strip as a clinician sees it: no scrolling for a boxed warning, at any zoom."""

from __future__ import annotations

from pathlib import Path

import pytest

from peptide_desk.ui.shell.main_window import MainWindow

LABELLED = ("semaglutide", "tirzepatide", "liraglutide")


@pytest.fixture
def window(windows, real_db: Path) -> MainWindow:
    """At 1280 × 720, a small laptop screen; no session restored."""
    return windows.open(real_db, restore=False, size=(1280, 720))


def _boxed_block_top(win: MainWindow) -> float:
    """Document y of the block holding the 'Boxed warning' title (-1 when absent)."""
    doc = win.doc.browser.document()
    block = doc.begin()
    while block.isValid():
        if "Boxed warning" in block.text() and block.text().startswith("⚠"):
            return doc.documentLayout().blockBoundingRect(block).top()
        block = block.next()
    return -1.0


@pytest.mark.parametrize("zoom", [100, 200, 300])
def test_boxed_warning_is_on_the_first_screen(qtbot, window, zoom: int) -> None:
    window.set_zoom(zoom, persist=False)
    for sid in LABELLED:
        assert window.open_target(f"substance:{sid}")
        name = window.store.substance(sid).name
        qtbot.waitUntil(lambda n=name: window.doc.browser.toPlainText().startswith(n))
        top = _boxed_block_top(window)
        assert top >= 0, sid
        viewport = window.doc.browser.viewport().height()
        assert top < viewport, f"{sid} at {zoom}%: boxed warning at y={top}, view {viewport}"


def test_how_this_was_checked_opens_and_closes_in_place(qtbot, window) -> None:
    assert window.open_target("substance:semaglutide")
    browser = window.doc.browser
    assert "▸ How this was checked" in browser.toPlainText()
    assert "Regulatory status last checked" not in browser.toPlainText()
    back = len(window.history.back)
    window.open_target("disclose:checks")
    qtbot.waitUntil(lambda: "Regulatory status last checked" in browser.toPlainText())
    assert len(window.history.back) == back  # not a navigation
    window.open_target("disclose:checks")
    qtbot.waitUntil(lambda: "Regulatory status last checked" not in browser.toPlainText())


def test_full_safety_link_scrolls_to_the_section(qtbot, window) -> None:
    window.resize(1280, 720)
    assert window.open_target("substance:semaglutide")
    bar = window.doc.browser.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    assert bar.value() == 0
    assert window.open_target("#safety") is False
    qtbot.waitUntil(lambda: bar.value() > 0)
