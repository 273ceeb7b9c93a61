"""File → Recover set-aside user data… (issue 17, item 2, from the menu and not only at
start): it lists the files set aside in the user data folder, merges what the chosen one
still holds and says how many bookmarks and notes came back."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QAction

from peptide_desk.userdata_recover import set_aside_files
from test_userdata_window import damaged_folder


def menu_action(win, command: str) -> QAction:
    action = next(a for a in win.menu_actions.bound if a.objectName() == command)
    assert action in win.menus["&File"].actions()
    return action


def test_recover_from_the_menu_brings_rows_back(windows, fixture_db: Path,
                                                user_dir: Path) -> None:
    damaged_folder(user_dir)  # 50 bookmarks and 20 notes, then the header overwritten
    told: list[tuple[str, str]] = []
    win = windows.open(fixture_db, show=False)  # the start notice: "Start empty"
    win.ask_user_data = lambda _w, kind, message: told.append((kind, message)) or "ok"
    files = set_aside_files(user_dir)
    assert len(files) == 1 and files[0].name.startswith("user.damaged-")
    offered: list[list[Path]] = []
    win.choose_set_aside = lambda _w, found: offered.append(found) or found[0]
    assert win.user.count("bookmarks") == 0
    menu_action(win, "recover-user-data").trigger()
    assert offered == [files]
    (kind, message), = told
    assert kind == "recovered" and message.startswith("Recovered 50 bookmarks, 20 notes")
    assert str(files[0]) in message
    assert win.user.count("bookmarks") == 50 and win.user.count("notes") == 20
    menu_action(win, "recover-user-data").trigger()  # again: nothing new, nothing doubled
    assert told[-1][1].startswith("Recovered 0 bookmarks, 0 notes")
    assert win.user.count("bookmarks") == 50


def test_nothing_set_aside_says_so(windows, fixture_db: Path, user_dir: Path) -> None:
    win = windows.open(fixture_db, show=False)
    told: list[str] = []
    win.ask_user_data = lambda _w, _kind, message: told.append(message) or "ok"
    win.choose_set_aside = lambda *_a: pytest_fail()
    win.recover_set_aside()
    assert told == [f"No set-aside user data was found in {user_dir}, so there is nothing "
                    "to recover."]


def test_cancelling_the_choice_changes_nothing(windows, fixture_db: Path,
                                               user_dir: Path) -> None:
    damaged_folder(user_dir)
    win = windows.open(fixture_db, show=False)
    told: list[str] = []
    win.ask_user_data = lambda _w, _kind, message: told.append(message) or "ok"
    win.choose_set_aside = lambda *_a: None
    win.recover_set_aside()
    assert told == [] and win.user.count("bookmarks") == 0


def pytest_fail() -> None:
    raise AssertionError("nothing to choose from, yet the picker was shown")
