"""The window's centre: a stack of the document view, the article reader and the panels, and
what is in view there (the page, its scroll position, its find bar).

On the start path: the first paint shows the pre-rendered home page in the document view,
so this module imports only the browser; the reader is added when the window completes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from peptide_desk.links import make_target
from peptide_desk.navigation import Place
from peptide_desk.ui.browser import ContentBrowser

if TYPE_CHECKING:
    from peptide_desk.records import Article
    from peptide_desk.ui.find_bar import FindBar
    from peptide_desk.ui.reader import ArticleReader

#: Reference pages carry wide attribute tables: a wider measure than articles.
PAGE_MEASURE_CHARS = 100


class DocumentView(QWidget):
    """A rendered page (substance, class, term, reference, lists) with find in page."""

    find_bar: FindBar  # added by add_find_bar() when the window completes

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.browser = ContentBrowser(self)
        self.browser.setAccessibleName("Page")
        self.browser.MEASURE_CHARS = PAGE_MEASURE_CHARS
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(0)
        self._layout.addWidget(self.browser, 1)

    def add_find_bar(self) -> None:
        from peptide_desk.ui.find_bar import FindBar

        self.find_bar = FindBar(self.browser, self)
        self._layout.insertWidget(0, self.find_bar)

    def set_html(self, html: str) -> None:
        """Show a new page from its top, keeping the find bar's matches marked."""
        self.browser.setHtml(html)
        self.browser.verticalScrollBar().setValue(0)
        if self.find_bar.isVisible():
            self.find_bar.highlight_all(self.find_bar.edit.text())


class PageStack(QStackedWidget):
    """The document view, the reader (once added) and the panels built on first visit."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = DocumentView(self)
        self.addWidget(self.doc)
        self._reader: ArticleReader | None = None

    def add_reader(self, reader: ArticleReader) -> None:
        self._reader = reader
        self.addWidget(reader)

    def show_doc(self, html: str) -> None:
        """A page in the document view, brought to the front."""
        self.setCurrentWidget(self.doc)
        self.doc.set_html(html)

    def reader_in_view(self) -> ArticleReader | None:
        """The reader when it is the widget shown."""
        reader = self._reader
        return reader if reader is not None and self.currentWidget() is reader else None

    def article_in_view(self) -> Article | None:
        """The article shown in the reader, when the reader is in view."""
        reader = self.reader_in_view()
        return reader.article if reader is not None else None

    def browser_in_view(self) -> ContentBrowser:
        """The reader's browser when it is in view, else the document view's."""
        reader = self.reader_in_view()
        return reader.browser if reader is not None else self.doc.browser

    def find_bar(self) -> FindBar:
        """The find bar of the page in view."""
        reader = self.reader_in_view()
        return reader.find_bar if reader is not None else self.doc.find_bar

    def place(self, target: str) -> Place:
        """Where the reader is on ``target``: in an article, the section in view."""
        reader = self.reader_in_view()
        if reader is not None and reader.article is not None:
            target = make_target("article", reader.article.id, reader.current_anchor())
            return Place(target, reader.scroll_position())
        return Place(target, self.doc.browser.verticalScrollBar().value())

    def set_scroll(self, value: int) -> None:
        reader = self.reader_in_view()
        if reader is not None:
            reader.set_scroll_position(value)
        else:
            self.doc.browser.verticalScrollBar().setValue(value)
