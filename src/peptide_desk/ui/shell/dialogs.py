"""Small dialogs of the window: keyboard shortcuts (the F1 sheet, from keymap), about, note
editor, substance picker, link prompts, the user-data notice at start. Loaded on first use,
keeping them off the start path."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from peptide_desk import APP_NAME, __version__, keymap
from peptide_desk.links import ANCHOR, EXTERNAL, link_kind, parse_target
from peptide_desk.resources import asset
from peptide_desk.ui.browser import ContentBrowser


def open_external(url: QUrl) -> None:
    """Hand an https address to the system browser (replaceable in tests)."""
    QDesktopServices.openUrl(url)


def follow_link(view: ContentBrowser, target: str) -> None:
    """The window's link policy in a dialog: https asks, then opens in the system browser;
    an anchor scrolls; nothing else opens (a dialog has no pages to show)."""
    target = target.strip()
    kind = link_kind(target)
    if kind == ANCHOR:
        view.scrollToAnchor(parse_target(target).anchor)
    elif kind == EXTERNAL and confirm_external(view, target):
        open_external(QUrl(target))


def _info_dialog(parent: QWidget, title: str, body_html: str, width: int = 620) -> QDialog:
    dlg = QDialog(parent)
    dlg.setWindowTitle(title)
    view = ContentBrowser(dlg)  # the pages' policy: nothing loaded, links never followed
    view.linkActivated.connect(lambda target: follow_link(view, target))
    view.setHtml(body_html)
    view.setAccessibleName(title)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dlg)
    buttons.rejected.connect(dlg.reject)
    layout = QVBoxLayout(dlg)
    layout.addWidget(view)
    layout.addWidget(buttons)
    dlg.resize(width, 520)
    return dlg


def shortcuts_html() -> str:
    """The F1 sheet: keymap's table, every shortcut in its order."""
    rows = "".join(f"<tr><td><b>{html.escape(k)}</b></td><td>{html.escape(v)}</td></tr>"
                   for k, v in keymap.sheet_rows())
    return ("<h2>Keyboard shortcuts</h2><table cellpadding='6' width='100%'>"
            f"{rows}</table><p>Every command is also in the menus.</p>")


def show_shortcuts(parent: QWidget) -> None:
    _info_dialog(parent, "Keyboard Shortcuts", shortcuts_html()).exec()


def licences_html() -> str:
    index = asset("licenses", "THIRD-PARTY.md")
    if index.is_file():
        text = index.read_text(encoding="utf-8")
        return "<pre style='white-space: pre-wrap'>" + html.escape(text) + "</pre>"
    return "<p>Licence texts ship in the licenses folder of the installation.</p>"


def about_html(site_title: str, content_as_of: str, disclaimer_html: str, about: str) -> str:
    return (f"<h2>{html.escape(site_title)} {__version__}</h2>"
            f"<p>Content as of {html.escape(content_as_of)}.</p>{about}"
            f"<h3>Disclaimer</h3>{disclaimer_html}<h3>Bundled components</h3>"
            "<p>PySide6 / Qt 6 (LGPL-3.0), shiboken6 (LGPL-3.0), pyqtgraph (MIT), NumPy "
            "(BSD-3-Clause), platformdirs (MIT), Python (PSF). Build-time only: sqlite-utils "
            "(Apache-2.0), Python-Markdown (BSD), nh3 (MIT).</p>" + licences_html())


def about_dialog(parent: QWidget, body_html: str) -> QDialog:
    return _info_dialog(parent, f"About {APP_NAME}", body_html)


def show_about(parent: QWidget, body_html: str) -> None:
    about_dialog(parent, body_html).exec()


def _run_form(dlg: QDialog, widgets: list[QWidget], ok: QDialogButtonBox.StandardButton,
              size: tuple[int, int]) -> bool:
    """Lay out ``widgets`` above OK/Cancel-style buttons and run the dialog modally."""
    buttons = QDialogButtonBox(ok | QDialogButtonBox.StandardButton.Cancel, dlg)
    buttons.accepted.connect(dlg.accept)
    buttons.rejected.connect(dlg.reject)
    layout = QVBoxLayout(dlg)
    for widget in (*widgets, buttons):
        layout.addWidget(widget)
    dlg.resize(*size)
    return dlg.exec() == QDialog.DialogCode.Accepted


def edit_note(parent: QWidget, title: str, text: str) -> str | None:
    """Ask for a note's text; None when cancelled. An empty text deletes the note."""
    dlg = QDialog(parent)
    dlg.setWindowTitle(f"Note — {title}")
    label = QLabel(f"Your note on <b>{html.escape(title)}</b> (saved on this computer only; "
                   "leave empty to delete):", dlg)
    label.setWordWrap(True)
    edit = QPlainTextEdit(dlg)
    edit.setPlainText(text)
    edit.setAccessibleName("Note text")
    edit.setFocus()
    if not _run_form(dlg, [label, edit], QDialogButtonBox.StandardButton.Save, (520, 320)):
        return None
    return edit.toPlainText()


def pick_substances(parent: QWidget, first: str, choices: list[tuple[str, str]]) -> list[str]:
    """Choose up to MAX_COMPARE - 1 substances to compare with ``first``; returns their ids."""
    from peptide_desk.compare import MAX_COMPARE, MIN_COMPARE

    most = MAX_COMPARE - 1
    dlg = QDialog(parent)
    dlg.setWindowTitle("Compare with…")
    label = QLabel(f"Choose {MIN_COMPARE - 1} to {most} substances to compare side by side:",
                   dlg)
    lst = QListWidget(dlg)
    lst.setAccessibleName("Substances to compare")
    for sid, name in choices:
        if sid == first:
            continue
        item = QListWidgetItem(name)
        item.setData(Qt.ItemDataRole.UserRole, sid)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Unchecked)
        lst.addItem(item)
    if not _run_form(dlg, [label, lst], QDialogButtonBox.StandardButton.Ok, (420, 480)):
        return []
    picked = [lst.item(i).data(Qt.ItemDataRole.UserRole) for i in range(lst.count())
              if lst.item(i).checkState() == Qt.CheckState.Checked]
    return picked[:most]


def confirm_external(parent: QWidget, url: str) -> bool:
    """Ask before leaving the app for the system browser."""
    answer = QMessageBox.question(
        parent, "Open in browser?",
        f"This link leaves Peptide Desk and opens your web browser:\n\n{url}\n\n"
        "It needs a network connection. Open it?",
        QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel)
    return answer == QMessageBox.StandardButton.Open


def user_data_problem(parent: QWidget, kind: str, message: str) -> str:
    """The user data did not open normally: a file set aside ("set-aside": "recover" or
    "ok"), a lock ("locked": "read-only" or "quit"), or what a recovery brought back
    ("ok")."""
    box = QMessageBox(parent)
    box.setWindowTitle(f"{APP_NAME}: your bookmarks and notes")
    box.setText(message)
    role = QMessageBox.ButtonRole
    choices: dict[object, str] = {}
    if kind == "set-aside":
        box.setIcon(QMessageBox.Icon.Warning)
        recover = box.addButton("Recover what can be read", role.AcceptRole)
        choices[recover] = "recover"
        box.setDefaultButton(recover)
        choices[box.addButton("Start empty", role.RejectRole)] = "ok"
    elif kind == "locked":
        box.setIcon(QMessageBox.Icon.Warning)
        choices[box.addButton("Open read-only", role.AcceptRole)] = "read-only"
        choices[box.addButton("Quit", role.RejectRole)] = "quit"
    else:
        box.setIcon(QMessageBox.Icon.Information)
        choices[box.addButton(QMessageBox.StandardButton.Ok)] = "ok"
    box.exec()
    return choices.get(box.clickedButton(), "read-only" if kind == "locked" else "ok")


def choose_set_aside(parent: QWidget, files: list[Path]) -> Path | None:
    """Which set-aside user-data file to recover from (newest first); None when cancelled."""
    import time

    from PySide6.QtWidgets import QInputDialog

    def label(path: Path) -> str:
        try:
            stat = path.stat()
        except OSError:
            return path.name
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(stat.st_mtime))
        return f"{path.name} ({stat.st_size // 1024 + 1} KB, set aside {when})"

    labels = [label(p) for p in files]
    choice, ok = QInputDialog.getItem(
        parent, "Recover set-aside user data", "Read the bookmarks, notes and history still "
        "readable in this file and add them to yours (nothing is replaced):", labels, 0, False)
    return files[labels.index(choice)] if ok and choice in labels else None
