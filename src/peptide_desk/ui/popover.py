"""Popovers that keep the reader's place: a citation's full reference and its verification,
a glossary term's definition, or a section's note, shown over the page instead of leaving it.

How they open (docs/architecture.md, "Popovers"):
- hovering a citation, a term or a margin marker shows its popover after a short pause;
  moving away closes it (unless the pointer moves onto the popover);
- a click on such a link, or Enter on it when it has the keyboard focus (Tab moves between
  links), opens the popover and gives it the focus: Enter or "Open" then goes to the page,
  Esc closes it and puts the focus back on the link;
- Ctrl+click or Ctrl+Enter goes straight to the page, as a click did before.

The popover is a child of the window, wrapped to a readable width and placed below the link
(above it when there is no room), always inside both the window and the screen.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QEnterEvent, QKeyEvent, QMouseEvent, QTextCursor
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from peptide_desk.link_previews import Preview, has_preview, is_mark
from peptide_desk.links import INTERNAL, link_kind
from peptide_desk.ui.browser import ContentBrowser

#: Readable measure of a popover, in average character widths of its font.
POPOVER_CHARS = 46
#: Pauses before a hovered link shows its popover, and before leaving it hides it (ms).
SHOW_DELAY_MS, HIDE_DELAY_MS = 350, 300
#: Space kept between the link and the popover, and around the popover's bounds (px).
GAP = 6


def place_popover(anchor: QRect, size: QSize, bounds: QRect) -> QPoint:
    """Top-left of a popover of ``size`` for a link at ``anchor``: below it when it fits,
    else above it, else where there is more room; always inside ``bounds``."""
    below = anchor.bottom() + GAP
    above = anchor.top() - GAP - size.height()
    if below + size.height() <= bounds.bottom():
        y = below
    elif above >= bounds.top():
        y = above
    else:
        y = below if bounds.bottom() - anchor.bottom() >= anchor.top() - bounds.top() else above
    x = anchor.left()
    x = max(bounds.left(), min(x, bounds.right() - size.width() + 1))
    y = max(bounds.top(), min(y, bounds.bottom() - size.height() + 1))
    return QPoint(x, y)


class Popover(QFrame):
    """One popover: heading, wrapped text, status line, "Open" and "Close"."""

    opened = Signal(str)  # the target "Open" goes to
    closed = Signal()  # closed by Esc or "Close" (the owner puts the focus back)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("popover")
        self.setFrameShape(QFrame.Shape.Box)
        self.setAutoFillBackground(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Popover")
        self.preview: Preview | None = None
        self.heading, self.body, self.status = QLabel(self), QLabel(self), QLabel(self)
        self.heading.setObjectName("popoverHeading")
        self.status.setObjectName("muted")
        for label in (self.heading, self.body, self.status):
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_btn = QPushButton("Open", self)
        self.open_btn.clicked.connect(self._open)
        self.open_btn.setDefault(True)
        self.close_btn = QPushButton("Close", self)
        self.close_btn.setToolTip("Close (Esc)")
        self.close_btn.clicked.connect(self.dismiss)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_btn)
        buttons.addWidget(self.close_btn)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.body)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        #: Pointer over the popover: the owner keeps it open.
        self.hovered = False
        self.hide()

    def set_preview(self, preview: Preview) -> None:
        self.preview = preview
        self.heading.setText(preview.heading)
        self.body.setText(preview.body)
        self.status.setText(preview.status)
        self.status.setVisible(bool(preview.status))
        self.open_btn.setText(preview.open_label)
        self.open_btn.setAccessibleDescription(f"Goes to {preview.target}")
        self.setAccessibleName(f"{preview.heading}: {preview.body}")

    def fit_width(self, room: int) -> QSize:
        """Wrap to the readable measure (less when the window is narrower); the size."""
        for child in (self, *self.findChildren(QWidget)):
            child.ensurePolished()  # the zoomed stylesheet font, before anything is measured
        width = min(self.fontMetrics().averageCharWidth() * POPOVER_CHARS, max(room, 120))
        self.setFixedWidth(width)
        layout = self.layout()
        if layout is not None:
            layout.invalidate()
            layout.activate()
        height = layout.totalHeightForWidth(width) if layout is not None and \
            layout.hasHeightForWidth() else self.sizeHint().height()
        self.setFixedHeight(max(height, self.minimumSizeHint().height()))
        return self.size()

    def _open(self) -> None:
        if self.preview is not None:
            target = self.preview.target
            self.hide()
            self.opened.emit(target)

    def dismiss(self) -> None:
        self.hide()
        self.closed.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == Qt.Key.Key_Escape:
            self.dismiss()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not self.close_btn.hasFocus():
            self._open()
            return
        super().keyPressEvent(event)

    def enterEvent(self, event: QEnterEvent) -> None:
        self.hovered = True
        super().enterEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        self.hovered = False
        super().leaveEvent(event)


class LinkPopovers(QObject):
    """Gives a ContentBrowser popovers for its citations, terms and margin markers.

    ``preview_for(target)`` comes from the logic layer (``link_previews``) through the
    window; ``open_target(target)`` is the window's navigation; ``on_mark(target)``, when
    given, is what "Open" does on a margin marker (edit the note); ``open_in_tab(target)``,
    when given, is where Ctrl+click, Ctrl+Enter and a middle click on a link go."""

    def __init__(self, browser: ContentBrowser,
                 preview_for: Callable[[str], Preview | None],
                 open_target: Callable[[str], object],
                 on_mark: Callable[[str], object] | None = None,
                 open_in_tab: Callable[[str], object] | None = None) -> None:
        super().__init__(browser)
        self.browser, self.preview_for = browser, preview_for
        self.open_target, self.on_mark, self.open_in_tab = open_target, on_mark, open_in_tab
        self.window = browser.window()
        self._popover: Popover | None = None  # built when the first popover shows
        self._ctrl = False  # Ctrl held for the click or key that activates a link
        self._mouse = QPoint()  # last pointer position over the page (viewport coordinates)
        self._hovered = ""
        self._by_hover = False
        self._origin: QTextCursor | None = None  # the link a popover was opened on by key
        self._show_timer = QTimer(self, singleShot=True, interval=SHOW_DELAY_MS)
        self._show_timer.timeout.connect(self._show_hovered)
        self._hide_timer = QTimer(self, singleShot=True, interval=HIDE_DELAY_MS)
        self._hide_timer.timeout.connect(self._hide_if_left)
        browser.link_hook = self._clicked
        browser.highlighted.connect(self._highlighted)
        browser.textChanged.connect(self.hide)  # a new page
        browser.verticalScrollBar().valueChanged.connect(self._scrolled)
        browser.installEventFilter(self)
        browser.viewport().installEventFilter(self)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_moved)

    @property
    def popover(self) -> Popover:
        """The popover frame, built on first use: a window that never shows one (or not
        yet, at start-up) holds no hidden frame per page view."""
        if self._popover is None:
            self._popover = Popover(self.window)
            self._popover.opened.connect(self._go)
            self._popover.closed.connect(self._refocus)
        return self._popover

    def _shown(self) -> Popover | None:
        """The popover when it is on screen (never builds it)."""
        pop = self._popover
        return pop if pop is not None and pop.isVisible() else None

    # --- events -------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease,
                    QEvent.Type.KeyPress) and isinstance(event, (QMouseEvent, QKeyEvent)):
            self._ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        if kind == QEvent.Type.MouseMove and isinstance(event, QMouseEvent):
            self._mouse = event.position().toPoint()
        if kind == QEvent.Type.MouseButtonRelease and isinstance(event, QMouseEvent) \
                and event.button() == Qt.MouseButton.MiddleButton and watched is \
                self.browser.viewport():
            return self._to_tab(self.browser.anchorAt(event.position().toPoint()))
        # the popover says it: no unwrapped tooltip over it
        return kind == QEvent.Type.ToolTip and has_preview(self._hovered)

    def _clicked(self, target: str) -> bool:
        """A click or Enter on a link: a popover unless Ctrl is held (then the page, in a
        new tab when the window has tabs)."""
        if self._ctrl and self._to_tab(target):
            return True
        if not has_preview(target):
            return False
        if self._ctrl and not is_mark(target):
            self.hide()
            return False  # the browser reports it: the window navigates
        self._show(target, by_hover=False)
        return True

    def _to_tab(self, target: str) -> bool:
        """Open an internal link in a new tab; False when there are no tabs or it is not
        one (a marker, an anchor on the page, https)."""
        if self.open_in_tab is None or not target or link_kind(target) != INTERNAL:
            return False
        self.hide()
        self.open_in_tab(target)
        return True

    def _highlighted(self, url: object) -> None:
        target = url if isinstance(url, str) else url.toString()  # type: ignore[attr-defined]
        self._hovered = target
        if has_preview(target):
            self._hide_timer.stop()
            self._show_timer.start()
        else:
            self._show_timer.stop()
            if self._shown() is not None and self._by_hover:
                self._hide_timer.start()

    def _show_hovered(self) -> None:
        if has_preview(self._hovered) and self.browser.isVisible():  # not once closed
            self._show(self._hovered, by_hover=True, at=self._mouse)

    def _hide_if_left(self) -> None:
        if self._by_hover and self._popover is not None and not self._popover.hovered \
                and not has_preview(self._hovered):
            self.hide()

    def _focus_moved(self, _old: QWidget | None, new: QWidget | None) -> None:
        """Tab (or a click) took the keyboard focus out of an open popover: it closes."""
        pop = self._shown()
        if pop is not None and not self._by_hover and new is not None \
                and new is not pop and not pop.isAncestorOf(new) and new is not self.browser:
            self.hide()

    def _scrolled(self, _value: int) -> None:
        pop = self._shown()
        if pop is not None and not pop.hasFocus() and not pop.isAncestorOf(
                pop.focusWidget() or pop):
            self.hide()

    # --- showing ------------------------------------------------------------------------
    def _show(self, target: str, *, by_hover: bool, at: QPoint | None = None) -> None:
        preview = self.preview_for(target)
        if preview is None:
            return
        self._by_hover = by_hover
        self._origin = QTextCursor(self.browser.textCursor()) if at is None else None
        pop = self.popover
        pop.set_preview(preview)
        anchor = self._anchor_rect(at)
        bounds = self.bounds()
        pop.fit_width(bounds.width() - 2 * GAP)
        pop.move(place_popover(anchor, pop.size(), bounds))
        pop.show()
        pop.raise_()
        if not by_hover:
            pop.open_btn.setFocus()

    def _anchor_rect(self, at: QPoint | None) -> QRect:
        """The link's rectangle in the window: under the pointer, else the text cursor's."""
        view = self.browser.viewport()
        if at is not None:
            rect = self.browser.cursorRect(self.browser.cursorForPosition(at))
        else:
            rect = self.browser.cursorRect(self.browser.textCursor())
        top_left = self.window.mapFromGlobal(view.mapToGlobal(rect.topLeft()))
        return QRect(top_left, rect.size())

    def bounds(self) -> QRect:
        """Where a popover may lie, in window coordinates: the window's part on screen."""
        win = self.window
        area = win.rect()
        screen = win.screen()
        if screen is not None:
            avail = screen.availableGeometry()
            area = area.intersected(QRect(win.mapFromGlobal(avail.topLeft()), avail.size()))
        return area.adjusted(GAP, GAP, -GAP, -GAP)

    def hide(self) -> None:
        self._show_timer.stop()
        if self._popover is not None:
            self._popover.hide()

    def _go(self, target: str) -> None:
        """"Open": a marker's note is edited; any other popover goes to its page."""
        preview = self.popover.preview
        if preview is not None and preview.edits_note and self.on_mark is not None:
            self.on_mark(target)
        else:
            self.open_target(target)

    def _refocus(self) -> None:
        """Esc: back to the link the popover came from (the text cursor still selects it)."""
        self.browser.setFocus(Qt.FocusReason.OtherFocusReason)
        if self._origin is not None:
            self.browser.setTextCursor(self._origin)
