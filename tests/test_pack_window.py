"""Content packs in the window: File → Install content update… shows the change and What's
new lists exactly it; Help → Content version reverts; a refusal is one sentence; a pack that
fails its check at start is set aside and said so."""

from __future__ import annotations

from pathlib import Path

import pytest

from packkit import PackKey, changed_content, make_key, sign_pack
from peptide_desk import cli
from peptide_desk.packs import state
from peptide_desk.ui.shell.main_window import MainWindow

pytestmark = pytest.mark.usefixtures("qtbot")


@pytest.fixture(scope="module")
def key(tmp_path_factory: pytest.TempPathFactory) -> PackKey:
    return make_key(tmp_path_factory.mktemp("key"))


@pytest.fixture(scope="module")
def update(key: PackKey, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A pack built by ``pack build`` from a changed copy of the content (one substance's
    status, one safety item and one section edited), found through PEPTIDE_DESK_CONTENT."""
    folder = tmp_path_factory.mktemp("update")
    out = folder / "update.pdpack"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PEPTIDE_DESK_CONTENT", str(changed_content(folder)))
        assert cli.main(["pack", "build", "--key", str(key.private), "--version", "2",
                         "--changes", "Hexarelin status; semaglutide pancreatitis warning; "
                         "one section reworded.", "--out", str(out)]) == 0
    return out


@pytest.fixture(autouse=True)
def trust(key: PackKey, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PEPTIDE_DESK_KEYRING", str(key.keyring))


def page(win: MainWindow) -> str:
    return str(win.doc.browser.toPlainText())


def install_from_menu(win: MainWindow, path: Path, told: list[tuple[str, str]]) -> None:
    updates = win.content_updates()
    updates.choose_pack = lambda _parent: str(path)
    updates.tell = lambda _parent, kind, text: told.append((kind, text))
    action = next(a for a in win.actions() if a.objectName() == "install-content-update")
    action.trigger()


def test_install_from_the_menu_shows_the_change_and_whats_new(windows, sound: Path,
                                                             update: Path, user_dir: Path,
                                                             qtbot) -> None:
    bundled = sound.read_bytes()
    win = windows.open(sound)
    win.open_target("substance:hexarelin")
    assert "Investigational" in page(win) and "Preclinical" not in page(win)
    told: list[tuple[str, str]] = []
    install_from_menu(win, update, told)
    assert told[0][0] == "information" and "version 2" in told[0][1]
    assert win.store.path == state.pack_dir(user_dir, 2) / state.DB_NAME
    # What's new lists exactly the three changes
    assert win.current is not None and win.current.target == "view:whats-new"
    html = win.doc.browser.toHtml()
    text = page(win)
    assert "What's new" in text and "from the bundled content to content update version 2" \
        in text
    assert text.count("Regulatory status") == 1 and "Hexarelin" in text
    assert "Investigational" in text and "Preclinical" in text
    assert "Acute pancreatitis" in text and "stop semaglutide at once" in text
    assert "What insulin does" in text and "changed" in text
    for absent in ("New substances", "Removed substances", "New references",
                   "Corrected references", "Removed references"):
        assert absent not in text
    assert html.count("substance:") == 2 and html.count("article:") == 1
    # the app shows the change
    win.open_target("substance:hexarelin")
    assert "Preclinical" in page(win)
    assert win.windowTitle().startswith("Hexarelin")
    # Help → What's new shows the same page again
    win.open_target("view:home")
    next(a for a in win.actions() if a.objectName() == "whats-new").trigger()
    assert "stop semaglutide at once" in page(win)
    assert sound.read_bytes() == bundled  # the bundled database is never written


def test_content_version_dialog_reverts_and_returns(windows, sound: Path, update: Path,
                                                    user_dir: Path, key: PackKey) -> None:
    win = windows.open(sound)
    install_from_menu(win, update, [])
    next(a for a in win.actions() if a.objectName() == "content-version").trigger()
    dialog = win.content_updates().dialog
    assert dialog is not None and dialog.isVisible()
    facts = dict(win.content_updates().facts())
    assert facts["Version"] == "2" and f"{key.key_id} (test)" in facts["Source"]
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLabel

    changes = dialog.findChild(QLabel, "Changes")
    assert changes is not None and changes.text().startswith("Hexarelin status")
    assert changes.textFormat() == Qt.TextFormat.PlainText  # a pack's text is never markup
    assert dialog.bundled_button.isEnabled()
    assert not dialog.previous_button.isEnabled()  # the bundled content was in use before
    dialog.bundled_button.click()
    assert win.store.path == sound
    win.open_target("substance:hexarelin")
    assert "Investigational" in page(win)
    assert dict(win.content_updates().facts())["Version"] == "bundled"
    assert not dialog.bundled_button.isEnabled()
    assert dialog.previous_button.isEnabled() and "version 2" in dialog.previous_button.text()
    dialog.previous_button.click()
    assert win.store.path == state.pack_dir(user_dir, 2) / state.DB_NAME
    assert "Preclinical" in page(win)  # the page shown was redrawn from the pack
    dialog.bundled_button.click()
    # a restart opens what was chosen last: the bundled content
    windows.close(win)
    again = windows.open(sound)
    assert again.store.path == sound


def test_a_restart_opens_the_installed_pack(windows, sound: Path, update: Path,
                                            user_dir: Path) -> None:
    win = windows.open(sound)
    install_from_menu(win, update, [])
    windows.close(win)
    again = windows.open(sound)
    assert again.store.path == state.pack_dir(user_dir, 2) / state.DB_NAME
    again.open_target("substance:hexarelin")
    assert "Preclinical" in page(again)


def test_a_refused_pack_says_why_and_changes_nothing(windows, sound: Path, update: Path,
                                                    tmp_path: Path, key: PackKey) -> None:
    win = windows.open(sound)
    install_from_menu(win, update, [])
    stranger = make_key(tmp_path / "stranger", "stranger")
    told: list[tuple[str, str]] = []
    for bad in (sign_pack(sound, tmp_path / "strange.pdpack", stranger, 9),
                sign_pack(sound, tmp_path / "old.pdpack", key, 1)):
        install_from_menu(win, bad, told)
    assert [k for k, _ in told] == ["warning", "warning"]
    assert "signed by a key this app does not trust" in told[0][1]
    assert "not newer than the content installed before" in told[1][1]
    assert all(t.endswith("the content in use is unchanged.") and "\n" not in t
               for _, t in told)
    assert win.services.content is not None and win.services.content.version == 2


def test_a_pack_failing_its_check_at_start_is_set_aside(windows, sound: Path, update: Path,
                                                        user_dir: Path, qtbot) -> None:
    win = windows.open(sound)
    install_from_menu(win, update, [])
    windows.close(win)
    db = state.pack_dir(user_dir, 2) / state.DB_NAME
    with db.open("r+b") as fh:
        fh.truncate(db.stat().st_size - 4096)
    again = windows.open(sound)
    assert again.store.path == sound
    message = again.statusBar().currentMessage()
    assert "version 2 was set aside" in message and "using the bundled content" in message
    assert "\n" not in message


def test_bookmarks_on_content_that_is_gone_are_marked(windows, sound: Path) -> None:
    win = windows.open(sound)
    win.user.add_bookmark("substance:semaglutide", "Semaglutide")
    win.user.add_bookmark("substance:withdrawn-peptide", "Withdrawn peptide")
    win.open_target("view:bookmarks")
    text = page(win)
    assert "Withdrawn peptide · " in text and text.count("no longer in the content") == 1


def test_a_pack_changed_on_disk_falls_back_after_the_first_paint(
        qtbot, windows, sound: Path, update: Path, user_dir: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Same size, other bytes: the start opens it (size only), the check after the first
    paint (SHA-256 against the sidecar) finds it, sets it aside and shows the bundled
    content, with one line in the status bar and no damaged-content dialog."""
    from PySide6.QtWidgets import QApplication

    from peptide_desk.ui import app as app_mod

    shown: list[str] = []
    monkeypatch.setattr(app_mod, "show_content_problem", lambda _p, text: shown.append(text))
    monkeypatch.setattr(app_mod, "_guard", None)
    win = windows.open(sound)
    install_from_menu(win, update, [])
    windows.close(win)
    db = state.pack_dir(user_dir, 2) / state.DB_NAME
    with db.open("r+b") as fh:
        fh.seek(8192)
        fh.write(b"\x00" * 64)
    again = app_mod.start_window(QApplication.instance(), sound, user_dir)
    qtbot.addWidget(again)
    assert again.store.path == db  # opened: its size is right
    again.show()
    qtbot.waitUntil(lambda: again.ready)
    assert again.content_guard.checked and shown == []
    assert again.store.path == sound and again.isVisible()
    message = again.statusBar().currentMessage()
    assert "version 2 was set aside" in message and "SHA-256" in message
    assert "using the bundled content" in message and "\n" not in message
    assert "Investigational" in (again.open_target("substance:hexarelin") and page(again))
    again.close()
    again.services.close()


def test_whats_new_is_restored_at_the_next_start(windows, sound: Path, update: Path) -> None:
    win = windows.open(sound)
    install_from_menu(win, update, [])
    assert win.current is not None and win.current.target == "view:whats-new"
    windows.close(win)
    again = windows.open(sound)
    assert again.current is not None and again.current.target == "view:whats-new"
    assert "stop semaglutide at once" in page(again)
