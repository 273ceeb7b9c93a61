"""The reading position as the first visible block of a text, not a pixel offset: it
survives a zoom step, a tier switch, a theme change, presenting and a window resize, all of
which lay the text out again at other heights."""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QPoint
from PySide6.QtGui import QTextBlock, QTextDocument
from PySide6.QtWidgets import QTextBrowser


class Mark(NamedTuple):
    """A block (number and text) and how far into it the view's top edge was (0–1)."""

    number: int
    text: str
    fraction: float


def first_visible(browser: QTextBrowser) -> QTextBlock:
    """The block at the top edge of the view (the first one a reader sees)."""
    margin = int(browser.document().documentMargin())
    return browser.cursorForPosition(QPoint(margin + 2, 1)).block()


def take(browser: QTextBrowser) -> Mark | None:
    """Where ``browser`` is now; None for an empty page."""
    block = first_visible(browser)  # (also brings the text's layout up to date)
    if browser.verticalScrollBar().value() == 0:  # the top stays the top: a page not laid
        first = browser.document().begin()  # out yet names its last block as the visible one
        return Mark(0, first.text(), 0.0) if first.isValid() else None
    if not block.isValid():
        return None
    rect = browser.document().documentLayout().blockBoundingRect(block)
    offset = browser.verticalScrollBar().value() - rect.top()
    fraction = min(1.0, max(0.0, offset / rect.height())) if rect.height() > 0 else 0.0
    return Mark(block.blockNumber(), block.text(), fraction)


def find(doc: QTextDocument, mark: Mark, near: int = -1) -> QTextBlock | None:
    """The block of ``mark`` in ``doc``: the same number with the same text, else the block
    with that text nearest ``near`` (the section's first block after a tier switch)."""
    same = doc.findBlockByNumber(mark.number)
    if same.isValid() and same.text() == mark.text:
        return same
    best: QTextBlock | None = None
    target = near if near >= 0 else mark.number
    block = doc.begin()
    while block.isValid():
        if block.text() == mark.text and (best is None or abs(block.blockNumber() - target)
                                          < abs(best.blockNumber() - target)):
            best = block
        block = block.next()
    return best


def restore(browser: QTextBrowser, mark: Mark | None, near: int = -1) -> bool:
    """Scroll so that the marked block is first in view again; False when it is gone."""
    if mark is None:
        return False
    block = find(browser.document(), mark, near)
    if block is None:
        return False
    rect = browser.document().documentLayout().blockBoundingRect(block)  # lays it out
    top = block.blockNumber() == 0 and mark.fraction == 0.0  # the top stays the top (margin)
    browser.verticalScrollBar().setValue(0 if top else round(rect.top()
                                                             + mark.fraction * rect.height()))
    return True


def anchor_block(doc: QTextDocument, name: str) -> int:
    """The number of the block holding anchor ``name`` (-1 when there is none)."""
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            frag = it.fragment()
            if frag.isValid() and name in frag.charFormat().anchorNames():
                return block.blockNumber()
            it += 1
        block = block.next()
    return -1
