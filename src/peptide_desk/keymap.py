"""The one table of keyboard shortcuts (no Qt): keys, what they do, and the command they run.

The menus bind their actions' shortcuts from here (``ui/shell/actions.py``, by command id),
the F1 sheet lists this table (``ui/shell/dialogs.py``), the start page's "How to use" line
names keys from it (``pages.home_html``), and ``tests/test_keymap.py`` fails when the
README's "Using it" table, the sheet or the actions say anything else.

Keys are Qt's portable key-sequence text (``QKeySequence("Ctrl+Shift+N")``). A shortcut's
``handler`` says who acts on it: ``MENU`` is a menu action (the window's shortcut map);
the others are keys a widget reads itself, only where they apply.
"""

from __future__ import annotations

from typing import NamedTuple

MENU = "menu"  # a menu action's shortcut, anywhere in the window
PAGE = "page"  # typed on a page (ui/shell/window_keys.py)
SEARCH = "search"  # in the search field while its results show (ui/search_box.py)
PRESENTING = "presenting"  # in presentation mode (ui/shell/presentation.py)
CHART = "chart"  # on a chart (ui/chart_interaction.py)
DIALOG = "dialog"  # in a dialog (ui/shell/dialogs.py)
FOCUS = "focus"  # moves the keyboard focus (ui/shell/window_keys.py, ui/reader.py)
DECKS = "decks"  # in the Decks view's lists (ui/decks_view.py)


class Shortcut(NamedTuple):
    command: str  # the command id (a menu action's objectName)
    keys: tuple[str, ...]  # alternatives, each a portable QKeySequence text
    label: str  # what it does, as the F1 sheet and the README say it
    handler: str = MENU
    essential: bool = False  # in the README's short table too


SHORTCUTS: tuple[Shortcut, ...] = (
    Shortcut("search", ("Ctrl+K",), "Search articles, substances, terms, tables and "
             "references", essential=True),
    Shortcut("search-from-page", ("/",), "Search from a page (on the start page any letter "
             "starts a search)", PAGE, essential=True),
    Shortcut("search-choose", ("Up", "Down"), "Choose a search result", SEARCH),
    Shortcut("search-open", ("Enter",), "Open the chosen result", SEARCH),
    Shortcut("search-close", ("Esc",), "Close the results (again: clear the field)", SEARCH),
    Shortcut("find", ("Ctrl+F",), "Find in page", essential=True),
    Shortcut("find-next", ("F3",), "Next match", essential=True),
    Shortcut("find-previous", ("Shift+F3",), "Previous match"),
    Shortcut("back", ("Alt+Left",), "Back (also the mouse's back button)", essential=True),
    Shortcut("forward", ("Alt+Right",), "Forward (also the mouse's forward button)",
             essential=True),
    Shortcut("popover", ("Enter",), "On a citation, term or note marker: show it in a popover "
             "(a click does too; its Open goes to the page)", PAGE),
    Shortcut("popover-go", ("Ctrl+Enter",), "On a link: open it in a new tab (Ctrl+click and "
             "a middle click too)", PAGE),
    Shortcut("new-tab", ("Ctrl+T",), "New tab"),
    Shortcut("close-tab", ("Ctrl+W",), "Close the tab"),
    Shortcut("next-tab", ("Ctrl+Tab",), "Next tab"),
    Shortcut("previous-tab", ("Ctrl+Shift+Tab",), "Previous tab"),
    Shortcut("popover-close", ("Esc",), "Close the popover, back to its link", PAGE),
    Shortcut("go-home", ("Alt+Home",), "Start page"),
    Shortcut("go-compare", ("Ctrl+Shift+C",), "Open the comparison table"),
    Shortcut("go-bookmarks", ("Ctrl+Shift+B",), "Bookmarks and notes"),
    Shortcut("go-history", ("Ctrl+H",), "History"),
    Shortcut("bookmark", ("Ctrl+D",), "Bookmark this place", essential=True),
    Shortcut("note", ("Ctrl+Shift+N",), "Note on this section or substance", essential=True),
    Shortcut("tier-fundamentals", ("Ctrl+1",), "Tier: Fundamentals", essential=True),
    Shortcut("tier-intermediate", ("Ctrl+2",), "Tier: + Intermediate", essential=True),
    Shortcut("tier-academic", ("Ctrl+3",), "Tier: + Academic", essential=True),
    Shortcut("zoom-in", ("Ctrl+=", "Ctrl++"), "Zoom in (up to 300%, the whole window)",
             essential=True),
    Shortcut("zoom-out", ("Ctrl+-",), "Zoom out (down to 50%)", essential=True),
    Shortcut("zoom-reset", ("Ctrl+0",), "Actual size (100%)", essential=True),
    Shortcut("print", ("Ctrl+P",), "Print (File menu: export as PDF)"),
    Shortcut("add-to-deck", ("Ctrl+Shift+D",), "Add what is in view to the current deck "
             "(section at its tier, table, chart at its phase, substance, comparison)",
             essential=True),
    Shortcut("present", ("F5",), "Present the current deck, or this page (Esc leaves)",
             essential=True),
    Shortcut("present-next", ("PgDown", "Right", "Space"),
             "Next slide, part or chart phase while presenting (on a page, Right: next section)",
             PRESENTING, essential=True),
    Shortcut("present-previous", ("PgUp", "Left", "Backspace"),
             "Previous slide, part or chart phase while presenting (on a page, Left)",
             PRESENTING, essential=True),
    Shortcut("present-first", ("Home",), "First slide while presenting", PRESENTING),
    Shortcut("present-last", ("End",), "Last slide while presenting", PRESENTING),
    Shortcut("present-jump", ("Enter",), "Go to the slide whose number was just typed",
             PRESENTING),
    Shortcut("present-black", ("B", "."), "Black screen while presenting (the next key "
             "returns)", PRESENTING, essential=True),
    Shortcut("present-white", ("W",), "White screen while presenting (the next key returns)",
             PRESENTING, essential=True),
    Shortcut("present-presenter", ("P",), "Presenter view: current and next slide, notes, "
             "time (opens by itself with two screens)", PRESENTING),
    Shortcut("present-leave", ("Esc",), "Leave presenting, back where you were", PRESENTING),
    Shortcut("deck-move", ("Alt+Up", "Alt+Down"), "Move the chosen deck or slide up / down "
             "(Decks view; dragging works too)", DECKS),
    Shortcut("deck-rename", ("F2",), "Rename the chosen deck (Decks view)", DECKS),
    Shortcut("deck-delete", ("Del",), "Delete the chosen deck or slide (Decks view)", DECKS),
    Shortcut("chart-step", ("Left", "Right", "PgUp", "PgDown"),
             "Previous / next phase of a chart", CHART),
    Shortcut("focus-next-pane", ("F6",), "Next pane: navigation, page, contents, notes",
             FOCUS),
    Shortcut("focus-previous-pane", ("Shift+F6",), "Previous pane", FOCUS),
    Shortcut("section-links", ("Ctrl+L",), "Terms and citations of the section in view "
             "(they take no Tab stop)", FOCUS),
    Shortcut("find-close", ("Esc",), "Close the find bar", FOCUS),
    Shortcut("dialog-accept", ("Ctrl+Return", "Ctrl+Enter"), "Accept a dialog (Save, OK)",
             DIALOG),
    Shortcut("shortcuts", ("F1",), "All keyboard shortcuts", essential=True),
    Shortcut("quit", ("Ctrl+Q",), "Quit"),
)

_BY_COMMAND = {s.command: s for s in SHORTCUTS}


def shortcut(command: str) -> Shortcut:
    """The shortcut of ``command`` (KeyError for a command without keys)."""
    return _BY_COMMAND[command]


def keys(command: str) -> tuple[str, ...]:
    """The keys of ``command``, or none: a menu action binds exactly these."""
    found = _BY_COMMAND.get(command)
    return found.keys if found else ()


def key(command: str) -> str:
    """The first (main) key of ``command``, as the start page and tooltips name it."""
    return shortcut(command).keys[0]


def keys_text(s: Shortcut) -> str:
    """How the sheet and the README write a shortcut's keys: alternatives joined by " / "."""
    return " / ".join(s.keys)


def sheet_rows(essential_only: bool = False) -> list[tuple[str, str]]:
    """(keys, label) rows in table order: the F1 sheet (all) or the README (essential)."""
    return [(keys_text(s), s.label) for s in SHORTCUTS if s.essential or not essential_only]
