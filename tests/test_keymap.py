"""keymap.py is the one shortcut table: the menus' actions, the F1 sheet, the start page, the
README's "Using it" table and every key named in the code agree with it."""

from __future__ import annotations

import ast
import html
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QKeySequence

from peptide_desk import keymap
from peptide_desk.keymap import MENU, SHORTCUTS
from peptide_desk.ui.shell import dialogs
from peptide_desk.ui.shell.main_window import MainWindow

REPO = Path(__file__).resolve().parents[1]
SRC = REPO / "src" / "peptide_desk"
HANDLERS = {keymap.MENU, keymap.PAGE, keymap.SEARCH, keymap.PRESENTING, keymap.CHART,
            keymap.DECKS, keymap.DIALOG, keymap.FOCUS}
#: A key with a modifier (Ctrl+Shift+N, Ctrl+=, Alt+Left) or a function key (F5), as the
#: code writes it in tooltips and messages; "Ctrl+click" is a mouse gesture, not a key.
KEY_RE = re.compile(r"(?<![\w+])(?:(?:Ctrl|Alt|Shift)\+)+"
                    r"(?:F\d{1,2}|Left|Right|Up|Down|Home|End|PgUp|PgDown|Esc|Enter|[A-Z0-9=+\-])"
                    r"(?!\w)|(?<![\w+])F\d{1,2}(?!\w)")


@pytest.fixture
def window(windows, fixture_db: Path) -> MainWindow:
    """Over the fixture corpus; neither restored nor shown (the keys are read, not pressed)."""
    return windows.open(fixture_db, restore=False, show=False)


def test_the_table_is_well_formed() -> None:
    commands = [s.command for s in SHORTCUTS]
    assert len(commands) == len(set(commands)), "a command id twice"
    assert all(s.keys and s.label and s.handler in HANDLERS for s in SHORTCUTS)
    for s in SHORTCUTS:
        for key in s.keys:
            assert QKeySequence(key).count() == 1, f"{s.command}: {key!r} is not one Qt key"
    menu_keys = Counter(k for s in SHORTCUTS if s.handler == MENU for k in s.keys)
    assert [k for k, n in menu_keys.items() if n > 1] == [], "a menu key bound twice"


def test_the_menus_bind_exactly_the_menu_shortcuts(window: MainWindow) -> None:
    bound = {a.objectName(): [s.toString() for s in a.shortcuts()] for a in window.actions()
             if a.shortcuts()}
    expected = {s.command: [QKeySequence(k).toString() for k in s.keys]
                for s in SHORTCUTS if s.handler == MENU}
    assert bound == expected
    named = [a.objectName() for a in window.actions()]
    assert all(named) and len(named) == len(set(named)), "every action has its command id"


def test_the_F1_sheet_lists_the_table() -> None:
    rows = re.findall(r"<tr><td><b>(.*?)</b></td><td>(.*?)</td></tr>", dialogs.shortcuts_html())
    assert [(html.unescape(k), html.unescape(v)) for k, v in rows] == keymap.sheet_rows()
    assert len(rows) == len(SHORTCUTS)


def readme_rows() -> list[tuple[str, str]]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("## Using it", 1)[1].split("\n## ", 1)[0]
    lines = [ln for ln in section.splitlines() if ln.startswith("|")]
    assert lines[:2] == ["| key | action |", "|---|---|"], "the README's key table moved"
    return [tuple(cell.strip() for cell in ln.strip("|").split(" | ")) for ln in lines[2:]]


def test_the_README_table_is_the_essential_part_of_the_table() -> None:
    assert readme_rows() == keymap.sheet_rows(essential_only=True)


def test_the_start_page_names_the_keys_of_the_table(store) -> None:
    from peptide_desk import pages
    from peptide_desk.themes import palette

    page = pages.home_html(store, palette("light"))
    how = page.split("<h2>How to use</h2>", 1)[1].split("</p>", 1)[0]
    named = re.findall(r"<b>(.*?)</b>", how)
    assert named == [keymap.key(c) for c in ("search", "tier-fundamentals",
                                             "tier-intermediate", "tier-academic", "present",
                                             "shortcuts")]


def string_constants() -> Iterator[tuple[str, int, str]]:
    for path in sorted(SRC.rglob("*.py")):
        if path.name == "keymap.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                yield path.relative_to(REPO).as_posix(), node.lineno, node.value


def test_every_key_the_code_names_is_in_the_table() -> None:
    """Tooltips, placeholders and messages ("Press Ctrl+D …") name real shortcuts."""
    known = {k for s in SHORTCUTS for k in s.keys}
    unknown = [f"{path}:{line}: {key}" for path, line, text in string_constants()
               for key in KEY_RE.findall(text) if key not in known]
    assert unknown == [], "add these to keymap.py or fix the text:\n" + "\n".join(unknown)
