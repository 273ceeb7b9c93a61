"""The black or white cover of presenting (B or ".", W): a widget that paints itself over
the slide or page, takes focus, and is lifted by the next key or click, which does nothing
else. One cover at a time; whoever presents owns it and lifts it from its key filter."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPainter
from PySide6.QtWidgets import QApplication, QWidget

if TYPE_CHECKING:
    from PySide6.QtGui import QMouseEvent, QPaintEvent

BLACK, WHITE = "#000000", "#FFFFFF"


class Cover(QWidget):
    """A black or white cover painted over the slide. The next key or click only lifts it
    (the show's key filter calls :meth:`lift`), and focus goes back where it was."""

    lifted = Signal()

    def __init__(self, parent: QWidget, colour: str) -> None:
        super().__init__(parent)
        self.colour = QColor(colour)
        self.setObjectName("coverBlack" if colour == BLACK else "coverWhite")
        self.setAccessibleName("Black screen" if colour == BLACK else "White screen")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self._focus = QApplication.focusWidget()
        self.setGeometry(parent.rect())
        parent.installEventFilter(self)
        self.show()
        self.raise_()
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.colour)
        painter.end()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        parent = self.parentWidget()
        if parent is not None and obj is parent and event.type() == QEvent.Type.Resize:
            self.setGeometry(parent.rect())
        return False

    def lift(self) -> None:
        """Take the cover away and give focus back; nothing else happens."""
        parent = self.parentWidget()
        if parent is not None:
            parent.removeEventFilter(self)
        self.hide()
        focus, self._focus = self._focus, None
        try:
            if focus is not None and focus.isVisible():
                focus.setFocus(Qt.FocusReason.OtherFocusReason)
        except RuntimeError:  # the widget that had focus is gone
            pass
        self.lifted.emit()
        self.deleteLater()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        event.accept()
        self.lift()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        event.accept()
        self.lift()
