"""The menus, the toolbar's "Aa" menu and their keyboard shortcuts, built when the window
completes. Every action runs one of the window's :class:`Commands`; its shortcut comes from
``keymap`` by command id (the action's objectName), so the menus, the F1 sheet and the
README cannot disagree."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import TYPE_CHECKING, Protocol

from PySide6.QtGui import QAction, QActionGroup, QKeySequence

from peptide_desk import cite, keymap
from peptide_desk.themes import THEME_LABELS
from peptide_desk.ui.theme import ZOOM_STEP

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMenu, QWidget

    from peptide_desk.ui.find_bar import FindBar

#: (menu text, target, command id) of the Go menu.
GO_ITEMS: tuple[tuple[str, str, str], ...] = (
    ("&Home", "view:home", "go-home"),
    ("&Library", "view:library", "go-library"),
    ("&Compare", "view:compare", "go-compare"),
    ("Ch&arts", "view:charts", "go-charts"),
    ("&Tables", "view:tables", "go-tables"),
    ("&Glossary", "view:glossary", "go-glossary"),
    ("&References", "view:references", "go-references"),
    ("Boo&kmarks", "view:bookmarks", "go-bookmarks"),
    ("H&istory", "view:history", "go-history"),
    ("&Decks", "view:decks", "go-decks"),
)
#: (menu text, tier) of the View menu's tier items; command ids are ``tier-TIER``.
TIER_ITEMS: tuple[tuple[str, str], ...] = (("Fundamentals", "fundamentals"),
                                           ("+ Intermediate", "intermediate"),
                                           ("+ Academic", "academic"))


def _slot(run: Callable[[], object]) -> Callable[[bool], None]:
    """A ``triggered(checked)`` slot that runs ``run()`` (the checked state is not needed)."""
    def triggered(_checked: bool = False) -> None:
        run()

    return triggered


class Commands(Protocol):
    """What the menus ask of the window."""

    theme_setting: str
    zoom: int

    def print_current(self) -> None: ...
    def export_pdf(self) -> None: ...
    def export_section_pdf(self) -> None: ...
    def export_user_data(self) -> None: ...
    def import_user_data(self) -> None: ...
    def recover_set_aside(self) -> None: ...
    def install_content_update(self) -> None: ...
    def show_content_version(self) -> None: ...
    def show_whats_new(self) -> None: ...
    def export_notes_markdown(self, path: str | None = None) -> bool: ...
    def new_tab(self) -> None: ...
    def close_tab(self) -> None: ...
    def next_tab(self) -> None: ...
    def previous_tab(self) -> None: ...
    def quit(self) -> None: ...
    def find_bar(self) -> FindBar: ...
    def focus_search(self) -> None: ...
    def toggle_bookmark(self) -> None: ...
    def copy_citation(self, style: str) -> None: ...
    def copy_link(self) -> None: ...
    def add_note(self) -> None: ...
    def add_to_deck(self) -> None: ...
    def set_theme(self, setting: str) -> None: ...
    def set_zoom(self, percent: int, persist: bool = True) -> None: ...
    def set_tier(self, tier: str) -> None: ...
    def toggle_nav(self) -> None: ...
    def toggle_contents(self) -> None: ...
    def toggle_presenting(self) -> None: ...
    def go_back(self) -> None: ...
    def go_forward(self) -> None: ...
    def open_target(self, target: str, record: bool = True) -> bool: ...
    def show_shortcuts(self) -> None: ...
    def show_about(self) -> None: ...


class Actions:
    """Fills the menus (their titles are in place from the first paint) and the "Aa" menu;
    ``bound`` lists the actions to add to the window, where their shortcuts work."""

    def __init__(self, parent: QWidget, commands: Commands, menus: Mapping[str, QMenu],
                 appearance_menu: QMenu) -> None:
        self.parent, self.commands = parent, commands
        self.bound: list[QAction] = []
        self.theme_actions: dict[str, QAction] = {}
        self._file(menus["&File"])
        self._edit(menus["&Edit"])
        zoom = self._view(menus["&View"])
        self._go(menus["&Go"])
        self._help(menus["&Help"])
        for action in self.theme_actions.values():
            appearance_menu.addAction(action)
        appearance_menu.addSeparator()
        for action in zoom:
            appearance_menu.addAction(action)

    def act(self, menu: QMenu, text: str, command: str, slot: Callable[[], object],
            tip: str = "") -> QAction:
        """A menu item running ``slot``, with the keys keymap gives ``command``."""
        action = QAction(text, self.parent)
        action.setObjectName(command)
        keys = keymap.keys(command)
        if keys:
            action.setShortcuts([QKeySequence(k) for k in keys])
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(_slot(slot))
        menu.addAction(action)
        self.bound.append(action)
        return action

    def _file(self, menu: QMenu) -> None:
        c = self.commands
        self.act(menu, "New &Tab", "new-tab", c.new_tab)
        self.act(menu, "&Close Tab", "close-tab", c.close_tab)
        menu.addSeparator()
        self.act(menu, "&Print…", "print", c.print_current,
                 "Print the article at the chosen tier, or the page in view")
        self.act(menu, "Export as P&DF…", "export-pdf", c.export_pdf,
                 "Save the page in view as a PDF with its references and the disclaimer")
        self.act(menu, "Export this &section as PDF…", "export-section-pdf",
                 c.export_section_pdf,
                 "Save the article section in view as a PDF with its references")
        menu.addSeparator()
        self.act(menu, "&Export user data…", "export-user-data", c.export_user_data)
        self.act(menu, "&Import user data…", "import-user-data", c.import_user_data)
        self.act(menu, "&Recover set-aside user data…", "recover-user-data", c.recover_set_aside,
                 "Bring back the bookmarks and notes still readable in a damaged file set aside")
        self.act(menu, "Export &notes as Markdown…", "export-notes", c.export_notes_markdown,
                 "Every note in one Markdown file, by article and section, with links back")
        menu.addSeparator()
        self.act(menu, "Install content &update…", "install-content-update",
                 c.install_content_update,
                 "Install a signed content pack (.pdpack) from a USB stick or a shared folder")
        menu.addSeparator()
        self.act(menu, "&Quit", "quit", c.quit)

    def _edit(self, menu: QMenu) -> None:
        c = self.commands
        self.act(menu, "&Find in Page", "find", lambda: c.find_bar().open_bar())
        self.act(menu, "Find &Next", "find-next", lambda: c.find_bar().next())
        self.act(menu, "Find &Previous", "find-previous", lambda: c.find_bar().previous())
        menu.addSeparator()
        self.act(menu, "&Search", "search", c.focus_search,
                 "Search articles, substances, terms, tables and references")
        self.act(menu, "&Bookmark This Place", "bookmark", c.toggle_bookmark)
        self.act(menu, "No&te on This Section…", "note", c.add_note)
        self.act(menu, "Add to &Deck", "add-to-deck", c.add_to_deck,
                 "Add the section, table, chart phase, substance or comparison in view to "
                 "the current deck")
        menu.addSeparator()
        self._cite(menu)

    def _cite(self, menu: QMenu) -> None:
        """Copy a citation of the place in view (one item per style) or a link to it."""
        c = self.commands
        for style, label in cite.STYLES:
            # one mnemonic per style (its first letter): "Copy Citation (&Vancouver)"
            self.act(menu, f"Copy Citation (&{label})", f"copy-citation-{style}",
                     partial(c.copy_citation, style),
                     f"Copy a {label} citation of this section, page, table or chart")
        self.act(menu, "Copy &Link to This Place", "copy-link", c.copy_link,
                 "Copy a peptide-desk:// link that opens the app here")

    def _view(self, menu: QMenu) -> tuple[QAction, ...]:
        """The View menu; returns its zoom actions, which the "Aa" menu repeats."""
        c = self.commands
        themes = menu.addMenu("&Theme")
        group = QActionGroup(self.parent)
        for key, label in (("system", "Follow System"), *THEME_LABELS.items()):
            action = QAction(label, self.parent, checkable=True)
            action.setChecked(c.theme_setting == key)
            action.triggered.connect(_slot(partial(c.set_theme, key)))
            group.addAction(action)
            themes.addAction(action)
            self.theme_actions[key] = action
        menu.addSeparator()
        zoom = (self.act(menu, "Zoom &In", "zoom-in", lambda: c.set_zoom(c.zoom + ZOOM_STEP)),
                self.act(menu, "Zoom &Out", "zoom-out", lambda: c.set_zoom(c.zoom - ZOOM_STEP)),
                self.act(menu, "&Actual Size", "zoom-reset", lambda: c.set_zoom(100)))
        menu.addSeparator()
        for label, tier in TIER_ITEMS:
            self.act(menu, f"Tier: {label}", f"tier-{tier}", partial(c.set_tier, tier))
        menu.addSeparator()
        self.act(menu, "Show/Hide &Navigation", "toggle-navigation", c.toggle_nav)
        self.act(menu, "Show/Hide &Contents", "toggle-contents", c.toggle_contents)
        self.act(menu, "&Present", "present", c.toggle_presenting,
                 "Present the current deck, or this page full screen with large type "
                 "(Esc leaves)")
        return zoom

    def _go(self, menu: QMenu) -> None:
        c = self.commands
        self.act(menu, "&Back", "back", c.go_back)
        self.act(menu, "&Forward", "forward", c.go_forward)
        menu.addSeparator()
        self.act(menu, "&Next Tab", "next-tab", c.next_tab)
        self.act(menu, "&Previous Tab", "previous-tab", c.previous_tab)
        menu.addSeparator()
        for label, target, command in GO_ITEMS:
            self.act(menu, label, command, partial(c.open_target, target))

    def _help(self, menu: QMenu) -> None:
        c = self.commands
        self.act(menu, "&Keyboard Shortcuts", "shortcuts", c.show_shortcuts)
        self.act(menu, "&What's New", "whats-new", c.show_whats_new,
                 "What the last content update changed")
        self.act(menu, "&Content Version…", "content-version", c.show_content_version,
                 "Which content is in use; revert to the bundled content or the previous pack")
        self.act(menu, "&About Peptide Desk", "about", c.show_about)
