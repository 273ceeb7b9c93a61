"""The words that found a page, marked on it when a search result opens (Esc clears them,
as does the next page). Built when the window completes."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, QRegularExpression, Qt
from PySide6.QtGui import QColor, QKeyEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QTextBrowser, QTextEdit

from peptide_desk.text import folded_words
from peptide_desk.themes import Palette

#: Words shorter than this are not marked (they would light up half the page).
MIN_WORD = 3


def query_pattern(query: str) -> str:
    """A case-insensitive regular expression for the query's words and their endings
    ("insulin resist" marks "insulin" and "resistance"); "" when no word is long enough."""
    words = sorted({w for w in folded_words(query) if len(w) >= MIN_WORD}, key=len,
                   reverse=True)
    return r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\w*" if words else ""


class QueryMarks(QObject):
    """Marks a query's words in a browser; Esc on it or a new page clears the marks."""

    def __init__(self, browsers: Sequence[QTextBrowser],
                 palette: Callable[[], Palette]) -> None:
        super().__init__(browsers[0])
        self.palette = palette
        self.marked: dict[int, int] = {}  # id(browser) -> how many words are marked
        for browser in browsers:
            browser.installEventFilter(self)
            browser.textChanged.connect(lambda b=browser: self.clear(b))

    def mark(self, browser: QTextBrowser, query: str) -> int:
        """Mark every word of ``query`` on the page; how many places were marked."""
        pattern = query_pattern(query)
        if not pattern:
            return 0
        regex = QRegularExpression(
            pattern, QRegularExpression.PatternOption.CaseInsensitiveOption
            | QRegularExpression.PatternOption.UseUnicodePropertiesOption)
        doc, p = browser.document(), self.palette()
        fmt = QTextCharFormat()
        fmt.setBackground(QColor(p.mark))
        fmt.setForeground(QColor(p.mark_text))
        selections, cursor = [], QTextCursor(doc)
        while True:
            cursor = doc.find(regex, cursor)
            if cursor.isNull():
                break
            sel = QTextEdit.ExtraSelection()
            sel.cursor, sel.format = QTextCursor(cursor), fmt
            selections.append(sel)
        browser.setExtraSelections(selections)
        self.marked[id(browser)] = len(selections)
        return len(selections)

    def clear(self, browser: QTextBrowser) -> None:
        if self.marked.pop(id(browser), 0):
            browser.setExtraSelections([])

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(watched, QTextBrowser) and event.type() == QEvent.Type.KeyPress \
                and isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Escape \
                and self.marked.get(id(watched)):
            self.clear(watched)
            return True
        return False
