"""Layout helpers that keep every control on screen at any zoom: a layout that wraps its
widgets onto further lines, and labels that elide instead of widening the window."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLabel, QLayout, QLayoutItem, QSizePolicy, QWidget


class FlowLayout(QLayout):
    """Widgets left to right, wrapping onto a new line when the width runs out (Qt's flow
    layout example): its minimum width is that of its widest item, never the sum."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._gap = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def set_gap(self, gap: int) -> None:
        """The space between widgets (it grows with the zoom)."""
        self._gap = gap
        self.invalidate()

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        """One line of everything (what the layout asks for when there is room)."""
        shown = [i for i in self._items if not i.isEmpty()]
        m = self.contentsMargins()
        width = sum(i.sizeHint().width() for i in shown) + self._gap * max(0, len(shown) - 1)
        height = max((i.sizeHint().height() for i in shown), default=0)
        return QSize(width + m.left() + m.right(), height + m.top() + m.bottom())

    def minimumSize(self) -> QSize:
        """The widest single item: anything wider wraps instead of widening the window."""
        size = QSize()
        for item in self._items:
            if not item.isEmpty():
                size = size.expandedTo(item.minimumSize())
        m = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    def _arrange(self, rect: QRect, move: bool) -> int:
        """Place (or just measure) the items in lines; returns the height they take."""
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        x, y, line = area.x(), area.y(), 0
        for item in self._items:
            if item.isEmpty():
                continue
            hint = item.sizeHint()
            width = max(min(hint.width(), area.width()), item.minimumSize().width())
            height = item.heightForWidth(width) if item.hasHeightForWidth() else hint.height()
            if x > area.x() and x + width > area.right() + 1:
                x, y, line = area.x(), y + line + self._gap, 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), QSize(width, height)))
            x += width + self._gap
            line = max(line, height)
        return y + line - rect.y() + m.bottom()


class Elider(QObject):
    """Keeps a label's full text and shows as much as fits, ending in "…"; the full text
    is its tooltip and its accessible name. The label no longer sets the window's width."""

    def __init__(self, label: QLabel, text: str = "") -> None:
        super().__init__(label)
        self.label, self.full = label, text
        label.setWordWrap(False)
        label.setMinimumWidth(0)
        policy = label.sizePolicy()
        policy.setHorizontalPolicy(QSizePolicy.Policy.Ignored)
        label.setSizePolicy(policy)
        label.installEventFilter(self)
        self.set_text(text or label.text())

    def set_text(self, text: str) -> None:
        self.full = text
        self.label.setToolTip(text)
        self.label.setAccessibleName(text)
        self._fit()

    def _fit(self) -> None:
        metrics = self.label.fontMetrics()
        width = self.label.contentsRect().width()
        shown = metrics.elidedText(self.full, Qt.TextElideMode.ElideRight, max(0, width))
        if shown != self.label.text():
            self.label.setText(shown)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.FontChange,
                            QEvent.Type.StyleChange):
            self._fit()
        return False


def elide(label: QLabel, text: str = "") -> Elider:
    """Make ``label`` elide its text (``text``, or what it shows now)."""
    return Elider(label, text)


def fit_to_screen(window: QWidget, width: int, height: int) -> None:
    """Size a dialog to ``width`` × ``height`` (pixels at 100%, scaled with the zoom), never
    past its screen's available area."""
    from peptide_desk.ui.theme import app_zoom

    scale = app_zoom() / 100
    parent = window.parentWidget()
    screen = (parent or window).screen()
    room = screen.availableGeometry().size() if screen is not None else QSize(width, height)
    window.resize(min(round(width * scale), room.width()),
                  min(round(height * scale), room.height()))
    window.setMaximumSize(room)
