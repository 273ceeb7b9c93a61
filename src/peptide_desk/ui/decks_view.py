"""The Decks view (``view:decks``): make, rename, reorder (keyboard and drag), duplicate and
delete decks and their slides, write speaker notes, export and import a deck file, present
and print a hand-out. Widgets only: the decks are ``UserData.decks`` (``userdata_decks``),
the file format is ``decks``, what a slide shows is ``slide_pages``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from peptide_desk import decks
from peptide_desk.links import parse_target
from peptide_desk.slide_pages import handout_doc
from peptide_desk.ui.fit import FlowLayout
from peptide_desk.userdata import UserDataError

if TYPE_CHECKING:
    from PySide6.QtGui import QHideEvent, QShowEvent

    from peptide_desk.decks import Deck, Slide
    from peptide_desk.store import Store
    from peptide_desk.userdata import UserData

ID_ROLE = Qt.ItemDataRole.UserRole
FILE_FILTER = f"Peptide Desk deck (*{decks.FILE_SUFFIX} *.json)"
SAVE_FILTER = "Peptide Desk deck (*.json)"  # the save flow adds the first extension


def write_handout_pdf_to(store: Store, deck: Deck, path: Path) -> None:
    """The hand-out as a PDF at ``path``, through the layout every print-out uses (running
    header, page numbers, charts drawn as vectors, rows and boxes kept whole)."""
    from peptide_desk.ui import print_layout

    print_layout.write_pdf(store, handout_doc(store, deck), path)


def _button(parent: QWidget, text: str, tip: str, slot: Callable[..., object]) -> QPushButton:
    button = QPushButton(text, parent)
    button.setToolTip(tip)
    button.setAccessibleName(tip)
    button.clicked.connect(lambda _checked=False: slot())
    return button


class DecksView(QWidget):
    """Two lists (decks, and the chosen deck's slides) and the chosen slide's notes."""

    linkActivated = Signal(str)
    message = Signal(str)  # one sentence for the status bar
    presentRequested = Signal()

    def __init__(self, user: UserData, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.user, self.store = user, store
        self.table = user.decks
        self.setObjectName("decksView")
        self._notes_timer = QTimer(self, singleShot=True, interval=400)
        self._notes_timer.timeout.connect(self.save_notes)
        self._notes_slide = 0  # the slide whose notes the editor shows
        self._filling = False
        self._build()
        self.refresh()

    # --- construction -------------------------------------------------------------------------
    def _build(self) -> None:
        # in a scroll area: at 300% on a 720-pixel screen the lists, buttons and notes need
        # more height than there is, and they scroll rather than being cut
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setAccessibleName("Decks")
        scroll.viewport().setAccessibleName("Decks")
        body = QWidget(scroll)
        page = QVBoxLayout(self)
        page.setContentsMargins(0, 0, 0, 0)
        page.addWidget(scroll)
        outer = QHBoxLayout(body)
        left, right = QVBoxLayout(), QVBoxLayout()
        outer.addLayout(left, 2)
        outer.addLayout(right, 3)
        title = QLabel("<h2>Decks</h2>", self)
        left.addWidget(title)
        self.deck_list = self._list("Decks", left)
        self.deck_list.currentItemChanged.connect(self._deck_chosen)
        self.deck_list.itemChanged.connect(self._deck_renamed)
        line, row = self._row()
        for text, tip, slot in (
                ("&New", "New deck", self.new_deck),
                ("Rena&me", "Rename the deck (F2)", self.rename_deck),
                ("Dupli&cate", "Duplicate the deck with its slides and notes",
                 self.duplicate_deck),
                ("Dele&te", "Delete the deck", self.delete_deck)):
            row.addWidget(_button(self, text, tip, slot))
        left.addWidget(line)
        line, row = self._row()
        files: tuple[tuple[str, str, Callable[..., object]], ...] = (
            ("&Import…", "Import a deck file", self.import_deck),
            ("E&xport…", "Export the deck as a file", self.export_deck))
        for label, hint, run in files:
            row.addWidget(_button(self, label, hint, run))
        left.addWidget(line)
        self.deck_title = QLabel(self)
        self.deck_title.setWordWrap(True)
        right.addWidget(self.deck_title)
        self.slide_list = self._list("Slides", right)
        self.slide_list.currentItemChanged.connect(self._slide_chosen)
        self.slide_list.itemActivated.connect(self._open_slide)
        line, row = self._row()
        for text, tip, slot in (
                ("Move &up", "Move the slide up (Alt+Up)", lambda: self.move_slide(-1)),
                ("Move do&wn", "Move the slide down (Alt+Down)", lambda: self.move_slide(1)),
                ("Dup&licate slide", "Duplicate the slide with its notes",
                 self.duplicate_slide),
                ("&Remove slide", "Remove the slide from the deck", self.delete_slide),
                ("&Open", "Open what the slide shows", self._open_current)):
            row.addWidget(_button(self, text, tip, slot))
        right.addWidget(line)
        notes_label = QLabel("Spea&ker notes (the presenter view shows them):", self)
        notes_label.setWordWrap(True)
        right.addWidget(notes_label)
        self.notes = QPlainTextEdit(self)
        self.notes.setAccessibleName("Speaker notes")
        self.notes.setPlaceholderText("Notes for this slide; they are saved as you type.")
        self.notes.textChanged.connect(self._notes_changed)
        notes_label.setBuddy(self.notes)
        right.addWidget(self.notes, 1)
        line, row = self._row()
        bottom: tuple[tuple[str, str, Callable[..., object]], ...] = (
            ("&Present", "Present this deck (F5)", self.presentRequested.emit),
            ("H&and-out as PDF…", "Save the slides with their notes as a PDF",
             self.export_handout),
            ("Print han&d-out…", "Print the slides with their notes", self.print_handout))
        for label, hint, run in bottom:
            row.addWidget(_button(self, label, hint, run))
        right.addWidget(line)
        scroll.setWidget(body)

    def _row(self) -> tuple[QWidget, FlowLayout]:
        """A line of buttons that wraps at high zoom instead of widening the window."""
        line = QWidget(self)
        return line, FlowLayout(line)

    def _list(self, name: str, layout: QVBoxLayout) -> QListWidget:
        """A list whose items move by drag and by Alt+Up / Alt+Down."""
        lst = QListWidget(self)
        lst.setAccessibleName(name)
        lst.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        lst.setDefaultDropAction(Qt.DropAction.MoveAction)
        lst.setWordWrap(True)
        lst.model().rowsMoved.connect(lambda *_a, w=lst: self._dragged(w))
        lst.installEventFilter(self)
        layout.addWidget(lst, 1)
        return lst

    # --- filling --------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the decks again and show the current one."""
        self._filling = True
        try:
            current = self.table.current()
            self.deck_list.clear()
            for deck_id, name in self.table.names():
                item = QListWidgetItem(name)
                item.setData(ID_ROLE, deck_id)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
                self.deck_list.addItem(item)
                if current is not None and deck_id == current.id:
                    self.deck_list.setCurrentItem(item)
        finally:
            self._filling = False
        self._fill_slides()

    def current_deck(self) -> Deck | None:
        item = self.deck_list.currentItem()
        return self.table.deck(int(item.data(ID_ROLE))) if item is not None else None

    def _fill_slides(self, select: int | None = None) -> None:
        deck = self.current_deck()
        self._filling = True
        try:
            row = self.slide_list.currentRow() if select is None else -1
            self.slide_list.clear()
            if deck is None:
                self.deck_title.setText("No deck yet: press New, or add a section, table, "
                                        "chart, substance or comparison with Ctrl+Shift+D.")
            else:
                self.deck_title.setText(f"<b>{deck.name}</b> · {len(deck.slides)} slides")
            for slide in deck.slides if deck else ():
                missing = not decks.slide_exists(slide, self.store.target_exists)
                label = slide.label + (" — not in this library" if missing else "")
                item = QListWidgetItem(f"{self.slide_list.count() + 1}. {label}")
                item.setData(ID_ROLE, slide.id)
                item.setToolTip(slide.notes or "No speaker notes")
                self.slide_list.addItem(item)
                if slide.id == select:
                    row = self.slide_list.count() - 1
            if self.slide_list.count():
                self.slide_list.setCurrentRow(max(0, min(row, self.slide_list.count() - 1)))
        finally:
            self._filling = False
        self._slide_chosen()

    def _deck_chosen(self, *_args: object) -> None:
        if self._filling:
            return
        deck = self.current_deck()
        self.save_notes()
        self.table.set_current(deck.id if deck else None)
        self._fill_slides()

    def _selected_slide(self) -> Slide | None:
        item = self.slide_list.currentItem()
        found = self.table.slide(int(item.data(ID_ROLE))) if item is not None else None
        return found[1] if found else None

    def _slide_chosen(self, *_args: object) -> None:
        if self._filling:
            return
        self.save_notes()
        slide = self._selected_slide()
        self._notes_slide = slide.id if slide else 0
        self.notes.blockSignals(True)
        self.notes.setPlainText(slide.notes if slide else "")
        self.notes.blockSignals(False)
        self.notes.setEnabled(slide is not None)

    # --- decks ----------------------------------------------------------------------------------
    def _try(self, action: Callable[[], object]) -> bool:
        """Run a change; a failure is said in the status bar and changes nothing."""
        try:
            action()
        except UserDataError as exc:
            self.message.emit(str(exc))
            return False
        return True

    def new_deck(self) -> None:
        def make() -> None:
            self.table.set_current(self.table.create())

        if self._try(make):
            self.refresh()
            self.rename_deck()

    def rename_deck(self) -> None:
        item = self.deck_list.currentItem()
        if item is not None:
            self.deck_list.setFocus()
            self.deck_list.editItem(item)

    def _deck_renamed(self, item: QListWidgetItem) -> None:
        if self._filling:
            return
        if not self._try(lambda: self.table.rename(int(item.data(ID_ROLE)), item.text())):
            QTimer.singleShot(0, self.refresh)
        else:
            self.deck_title.setText(f"<b>{decks.clean_name(item.text())}</b>")

    def duplicate_deck(self) -> None:
        deck = self.current_deck()
        if deck is not None and self._try(lambda: self.table.set_current(
                self.table.duplicate(deck.id))):
            self.refresh()
            self.message.emit(f"Duplicated “{deck.name}” with its slides and notes.")

    def delete_deck(self, confirm: bool = True) -> None:
        deck = self.current_deck()
        if deck is None:
            return
        if confirm and QMessageBox.question(
                self, "Delete deck", f"Delete the deck “{deck.name}” and its "
                f"{len(deck.slides)} slides? This cannot be undone.") \
                != QMessageBox.StandardButton.Yes:
            return
        if self._try(lambda: self.table.delete(deck.id)):
            names = self.table.names()
            self.table.set_current(names[0][0] if names else None)
            self.refresh()
            self.message.emit(f"Deleted the deck “{deck.name}”.")

    def move_deck(self, delta: int) -> None:
        row = self.deck_list.currentRow()
        deck = self.current_deck()
        if deck is not None and self._try(lambda: self.table.move(deck.id, row + delta)):
            self.refresh()

    # --- slides ---------------------------------------------------------------------------------
    def move_slide(self, delta: int) -> None:
        slide = self._selected_slide()
        row = self.slide_list.currentRow()
        if slide is not None and self._try(
                lambda: self.table.move_slide(slide.id, max(0, row + delta))):
            self._fill_slides(select=slide.id)

    def duplicate_slide(self) -> None:
        slide = self._selected_slide()
        if slide is not None:
            new: list[int] = []
            if self._try(lambda: new.append(self.table.duplicate_slide(slide.id))):
                self._fill_slides(select=new[0])

    def delete_slide(self) -> None:
        slide = self._selected_slide()
        if slide is not None and self._try(lambda: self.table.delete_slide(slide.id)):
            self._fill_slides()
            self.message.emit(f"Removed the slide “{slide.title}”.")

    def _dragged(self, lst: QListWidget) -> None:
        """A drag reordered a list: store the new order."""
        ids = [int(lst.item(i).data(ID_ROLE)) for i in range(lst.count())]
        if lst is self.deck_list:
            def store_order() -> None:
                for position, deck_id in enumerate(ids):
                    self.table.move(deck_id, position)

            self._try(store_order)
            return
        deck = self.current_deck()
        if deck is not None:
            self._try(lambda: self.table.reorder(deck.id, ids))
            QTimer.singleShot(0, self._fill_slides)  # renumber the labels

    def _open_slide(self, item: QListWidgetItem) -> None:
        found = self.table.slide(int(item.data(ID_ROLE)))
        if found is not None:
            self.linkActivated.emit(found[1].target)

    def _open_current(self) -> None:
        item = self.slide_list.currentItem()
        if item is not None:
            self._open_slide(item)

    def _notes_changed(self) -> None:
        self._notes_timer.start()

    def save_notes(self) -> None:
        """Store the notes being edited (also on leaving the slide or the view)."""
        self._notes_timer.stop()
        if not self._notes_slide:
            return
        found = self.table.slide(self._notes_slide)
        text = self.notes.toPlainText()[:decks.MAX_NOTES]
        if found is not None and found[1].notes != text:
            self._try(lambda: self.table.set_notes(self._notes_slide, text))
            item = self.slide_list.currentItem()
            if item is not None:
                item.setToolTip(text or "No speaker notes")

    def hideEvent(self, event: QHideEvent) -> None:
        self.save_notes()
        super().hideEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.deck_list.setFocus()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        """Alt+Up / Alt+Down move, Delete removes, F2 renames, in either list."""
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        alt = event.modifiers() & Qt.KeyboardModifier.AltModifier
        key = event.key()
        if alt and key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            delta = -1 if key == Qt.Key.Key_Up else 1
            (self.move_deck if obj is self.deck_list else self.move_slide)(delta)
            return True
        if key == Qt.Key.Key_Delete and not alt:
            if obj is self.deck_list:
                self.delete_deck()
            else:
                self.delete_slide()
            return True
        if key == Qt.Key.Key_F2 and obj is self.deck_list:
            self.rename_deck()
            return True
        return False

    # --- files ------------------------------------------------------------------------------------
    def export_deck(self, path: str | None = None) -> Path | None:
        """Write the current deck as a deck file through the window's save flow (asks where
        unless ``path`` is given); the flow says how it went."""
        from peptide_desk.ui import save_flow

        deck = self.current_deck()
        if deck is None:
            self.message.emit("There is no deck to export; make one first.")
            return None
        stem = "".join(c if c.isalnum() or c in "-_ " else "-" for c in deck.name)
        target = Path(path) if path else save_flow.ask_save_path(
            self, "deck", f"{stem}{decks.FILE_SUFFIX}", SAVE_FILTER, "Export deck")
        if target is None:
            return None
        text = decks.to_file_text(deck)
        return target if save_flow.save(self, target, save_flow.text_writer(text)) else None

    def _phases(self, target: str) -> int:
        chart = self.store.chart(parse_target(target).ident)
        return len(chart.phases) if chart else 0

    def import_deck(self, path: str | None = None, *, tell: bool = True
                    ) -> decks.Imported | None:
        """Read a deck file as a new deck; each missing slide gets a note (shown at once)."""
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, "Import deck", "", FILE_FILTER)
            if not path:
                return None
        try:
            file = Path(path)
            if file.stat().st_size > decks.MAX_FILE_BYTES:
                raise decks.DeckFileError(f"{file.name} is larger than a deck can be.")
            text = file.read_text(encoding="utf-8")
            got = decks.read_file_text(text, self.store.target_exists, self._phases)
            deck_id = self.table.import_deck(got.deck)
        except (OSError, UnicodeDecodeError):
            self.message.emit(f"{Path(path).name} could not be read as a deck file; choose "
                              "another file.")
            return None
        except UserDataError as exc:
            self.message.emit(str(exc))
            return None
        self.table.set_current(deck_id)
        self.refresh()
        summary = (f"Imported the deck “{got.deck.name}” with {len(got.deck.slides)} slides"
                   + (f"; {len(got.notes)} need attention." if got.notes else "."))
        self.message.emit(summary)
        if got.notes and tell:
            QMessageBox.information(self, "Deck imported", summary + "\n\n"
                                    + "\n".join(got.notes))
        return got

    def export_handout(self, path: str | None = None) -> Path | None:
        """The hand-out as a PDF, through the window's save flow."""
        from peptide_desk.ui import save_flow

        deck = self.current_deck()
        if deck is None:
            self.message.emit("There is no deck to print; make one first.")
            return None
        target = Path(path) if path else save_flow.ask_save_path(
            self, "handout", f"{deck.name} hand-out.pdf", "PDF (*.pdf)", "Hand-out as PDF")
        if target is None:
            return None
        ok = save_flow.save(self, target, lambda tmp: write_handout_pdf_to(self.store, deck,
                                                                             tmp))
        return target if ok else None

    def print_handout(self) -> None:
        deck = self.current_deck()
        if deck is None:
            self.message.emit("There is no deck to print; make one first.")
            return
        from PySide6.QtPrintSupport import QPrintDialog

        from peptide_desk.ui import print_layout
        from peptide_desk.ui.shell.printing import printer_for

        doc = handout_doc(self.store, deck)
        printer = printer_for(doc)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("Print hand-out")
        try:
            if dialog.exec() == QPrintDialog.DialogCode.Accepted:
                print_layout.render(self.store, doc, printer)
        finally:
            dialog.deleteLater()  # released after use
