"""How a text slide is laid out on a screen: the largest type that fits, and, when even the
readable minimum does not, screens planned like printed pages (``print_plan.plan``).

The slide's HTML is cut into blocks (``print_plan.split_html``) and each is measured at the
slide's width — its height, and where it may end a screen: between paragraphs, between
table rows — so a table row never straddles two screens (a row that would starts the next
one, under the table's header row repeated), a heading stays with what follows it and a
box stays whole where it fits. The measuring is the print layout's (``ui/print_layout``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QPointF, QRectF, QSizeF
from PySide6.QtGui import QPainter, QTextDocument

from peptide_desk import print_plan
from peptide_desk.print_plan import TABLE, Block, Measured, Slice
from peptide_desk.ui.print_layout import _block_breaks, _row_breaks

#: A whole HTML document (the comparison's export): its body's inside is the slide.
_BODY = re.compile(r"<body[^>]*>(.*)</body>", re.DOTALL | re.IGNORECASE)
#: A heading as ``slide_pages.slide_markup`` writes it: it stays with what follows.
_HEADING = re.compile(r'\s*(?:<a [^>]*>\s*</a>\s*)*<p class="h[1-4]"')


def slide_blocks(html: str) -> list[Block]:
    """The blocks of a slide's HTML, a ``<p class="h2">`` heading kept with the next."""
    body = _BODY.search(html)
    blocks = print_plan.split_html(body.group(1) if body else html)
    return [replace(b, keep_with_next=True) if _HEADING.match(b.html) else b for b in blocks]


class TextLayout:
    """One text slide laid out for a size: the largest type that fits, or screens planned
    at the readable minimum (rows, headings and boxes kept whole)."""

    def __init__(self, html_for: Callable[[float], str], css_for: Callable[[float], str],
                 size: QSizeF, max_pt: float, min_pt: float) -> None:
        self.size = size
        self.css_for = css_for
        lo, hi = int(min_pt * 2), int(max_pt * 2)  # half points
        best: int | None = None
        while lo <= hi:  # binary search for the largest size that fits on one screen
            mid = (lo + hi) // 2
            if self._doc(html_for(mid / 2), mid / 2).size().height() <= size.height():
                best, lo = mid, mid + 1
            else:
                hi = mid - 1
        self.pt = best / 2 if best is not None else min_pt
        html = html_for(self.pt)
        self.doc = self._doc(html, self.pt)  # the whole slide (what a screen reader says)
        #: each block's document and its measure, and the screens: None when one is enough
        self.blocks: list[tuple[QTextDocument, Measured]] = []
        self.screens: list[list[Slice]] | None = None
        if best is None and self.doc.size().height() > size.height():
            self.blocks = [self._measure(b) for b in slide_blocks(html)]
            if self.blocks:  # (HTML with no blocks at all is drawn whole, clipped)
                self.screens = print_plan.plan([m for _, m in self.blocks], size.height())
        self.parts = len(self.screens) if self.screens else 1

    def _doc(self, html: str, pt: float) -> QTextDocument:
        doc = QTextDocument()
        doc.setDocumentMargin(0)
        font = doc.defaultFont()
        font.setPointSizeF(pt)  # body text: Qt reads no font size from the body rule
        doc.setDefaultFont(font)
        doc.setDefaultStyleSheet(self.css_for(pt))
        doc.setHtml(html)
        doc.setTextWidth(self.size.width())
        return doc

    def _measure(self, block: Block) -> tuple[QTextDocument, Measured]:
        """A block's document at the slide's type, its height and where it may break."""
        doc = self._doc(block.html, self.pt)
        soft: tuple[float, ...] = ()
        if block.kind == TABLE:
            breaks, header = _row_breaks(doc, block.header_rows)
            soft = tuple(_block_breaks(doc))
        else:
            breaks, header = _block_breaks(doc), 0.0
        keep = block.kind in (print_plan.BOX, print_plan.HEADING, print_plan.RULE)
        return doc, Measured(doc.size().height(), tuple(breaks), header, keep,
                             block.keep_with_next, soft_breaks=soft,
                             space_after=doc.lastBlock().blockFormat().bottomMargin())

    def paint(self, painter: QPainter, part: int, origin: QPointF) -> None:
        """Draw screen ``part`` with its top-left corner at ``origin``."""
        if self.screens is None:
            _band(painter, self.doc, 0.0, self.size.height(), origin)
            return
        for piece in self.screens[min(part, len(self.screens) - 1)]:
            doc, measured = self.blocks[piece.block]
            if piece.header and measured.header:  # a continued table: its header again
                _band(painter, doc, 0.0, measured.header,
                      origin + QPointF(0, piece.y - measured.header))
            _band(painter, doc, piece.top, piece.bottom, origin + QPointF(0, piece.y))

    def screen_text(self, part: int) -> str:
        """The plain text of screen ``part`` (tests, and what is read out)."""
        if self.screens is None:
            return self.doc.toPlainText()
        out: list[str] = []
        for piece in self.screens[min(part, len(self.screens) - 1)]:
            doc, measured = self.blocks[piece.block]
            if piece.header and measured.header:
                out += _texts(doc, 0.0, measured.header)
            out += _texts(doc, piece.top, piece.bottom)
        return "\n".join(out)


def _texts(doc: QTextDocument, top: float, bottom: float) -> list[str]:
    """The paragraphs (cell paragraphs too) of ``doc`` wholly inside ``top``..``bottom``."""
    layout, out = doc.documentLayout(), []
    block = doc.begin()
    while block.isValid():
        rect = layout.blockBoundingRect(block)
        if top - 0.5 <= rect.top() and rect.bottom() <= bottom + 0.5:
            out.append(block.text())
        block = block.next()
    return out


def _band(painter: QPainter, doc: QTextDocument, top: float, bottom: float,
          at: QPointF) -> None:
    """Paint the band ``top``..``bottom`` of ``doc`` with its top at ``at``."""
    painter.save()
    painter.translate(at.x(), at.y() - top)
    doc.drawContents(painter, QRectF(0, top, doc.textWidth(), bottom - top))
    painter.restore()
