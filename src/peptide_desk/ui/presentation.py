"""Presentation mode (F5): full screen, large type, keyboard only; B/W blank the screen."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

PRESENT_ZOOM_BONUS = 60


class BlankScreen(QWidget):
    """A black or white cover; any key or click removes it."""

    def __init__(self, parent: QWidget, colour: str) -> None:
        super().__init__(parent)
        self.setStyleSheet(f"background: {colour};")
        self.setAutoFillBackground(True)
        self.setGeometry(parent.rect())
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.show()
        self.raise_()
        self.setFocus()

    def keyPressEvent(self, event) -> None:
        self.deleteLater()

    def mousePressEvent(self, event) -> None:
        self.deleteLater()


class _Keys(QObject):
    """Presentation keys, active only while presenting."""

    def __init__(self, win) -> None:
        super().__init__(win)
        self.win = win

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        win = self.win
        if not getattr(win, "presenting", False) or event.type() != QEvent.Type.KeyPress:
            return False
        if not isinstance(event, QKeyEvent) or win.search.edit.hasFocus():
            return False
        key, text = event.key(), event.text().lower()
        if key == Qt.Key.Key_Escape:
            toggle(win)
            return True
        if text in ("b", "."):
            BlankScreen(win, "#000000")
            return True
        if text == "w":
            BlankScreen(win, "#FFFFFF")
            return True
        if win.stack.currentWidget() is win.reader and key in (Qt.Key.Key_Left,
                                                              Qt.Key.Key_Right):
            step_section(win, 1 if key == Qt.Key.Key_Right else -1)
            return True
        return False


def install(win) -> None:
    win.presenting = False
    win._present_keys = _Keys(win)
    QApplication.instance().installEventFilter(win._present_keys)


def step_section(win, step: int) -> None:
    """Move the reader to the previous or next section."""
    art = win.reader.article
    if art is None:
        return
    anchors = [s.anchor for s in art.sections_for(win.reader.tier)]
    current = win.reader.current_anchor()
    index = anchors.index(current) if current in anchors else -1
    index = max(0, min(len(anchors) - 1, index + step))
    win.reader.scroll_to(anchors[index])


def toggle(win) -> None:
    """Enter or leave presentation mode, restoring the previous zoom and layout."""
    if not win.presenting:
        win.presenting = True
        win._pre_present = (win.zoom, win.isMaximized(), win.nav.isVisible())
        win.nav.hide()
        win.contents.hide()
        win.toolbar.hide()
        win.menuBar().hide()
        win.statusBar().hide()
        win.showFullScreen()
        win.set_zoom(win.zoom + PRESENT_ZOOM_BONUS, persist=False)
        win.statusBar().showMessage("Presenting — Esc leaves, B/W blank the screen")
    else:
        win.presenting = False
        zoom, maximised, nav = win._pre_present
        win.toolbar.show()
        win.menuBar().show()
        win.statusBar().show()
        win.nav.setVisible(nav)
        win.showMaximized() if maximised else win.showNormal()
        win.set_zoom(zoom)
