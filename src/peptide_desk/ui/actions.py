"""Menus, toolbar menu and keyboard shortcuts of the main window (one place for the map)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox

from peptide_desk.themes import THEME_LABELS
from peptide_desk.ui.theme import ZOOM_STEP
from peptide_desk.userdata import UserDataError


def _act(win, menu: QMenu, text: str, slot, keys=(), tip: str = "") -> QAction:
    action = QAction(text, win)
    if keys:
        action.setShortcuts([QKeySequence(k) for k in keys])
    if tip:
        action.setStatusTip(tip)
        action.setToolTip(tip)
    action.triggered.connect(lambda _checked=False: slot())
    menu.addAction(action)
    win.addAction(action)
    return action


def build_actions(win) -> None:
    """Create every menu and shortcut of ``win`` (a MainWindow)."""
    from peptide_desk.ui import presentation

    menus = win.menus  # the titles are in place from the first paint; fill them here
    file_menu = menus["&File"]
    _act(win, file_menu, "&Print…", lambda: _printing().print_current(win), ["Ctrl+P"],
         "Print the article at the chosen tier, or the page in view")
    _act(win, file_menu, "Export as &PDF…", lambda: _printing().export_pdf(win), [],
         "Save the page in view as a PDF with its references and the disclaimer")
    file_menu.addSeparator()
    _act(win, file_menu, "&Export user data…", lambda: export_user_data(win))
    _act(win, file_menu, "&Import user data…", lambda: import_user_data(win))
    file_menu.addSeparator()
    _act(win, file_menu, "&Quit", win.close, ["Ctrl+Q"])

    edit = menus["&Edit"]
    _act(win, edit, "&Find in Page", lambda: find_bar(win).open_bar(), ["Ctrl+F"])
    _act(win, edit, "Find &Next", lambda: find_bar(win).next(), ["F3"])
    _act(win, edit, "Find &Previous", lambda: find_bar(win).previous(), ["Shift+F3"])
    edit.addSeparator()
    _act(win, edit, "&Search", lambda: win.search.focus(), ["Ctrl+K"],
         "Search articles, substances, terms, tables and references")
    _act(win, edit, "&Bookmark This Place", win.toggle_bookmark, ["Ctrl+D"])
    _act(win, edit, "&Note on This Section…", win.add_note, ["Ctrl+Shift+N"])

    view = menus["&View"]
    theme_menu = view.addMenu("&Theme")
    group = QActionGroup(win)
    win.theme_actions = {}
    for key, label in (("system", "Follow System"), *THEME_LABELS.items()):
        action = QAction(label, win, checkable=True)
        action.setChecked(win.theme_setting == key)
        action.triggered.connect(lambda _c=False, k=key: win.set_theme(k))
        group.addAction(action)
        theme_menu.addAction(action)
        win.theme_actions[key] = action
    view.addSeparator()
    zoom_in = _act(win, view, "Zoom &In", lambda: win.set_zoom(win.zoom + ZOOM_STEP),
                   ["Ctrl+=", "Ctrl++"])
    zoom_out = _act(win, view, "Zoom &Out", lambda: win.set_zoom(win.zoom - ZOOM_STEP),
                    ["Ctrl+-"])
    zoom_reset = _act(win, view, "&Actual Size", lambda: win.set_zoom(100), ["Ctrl+0"])
    view.addSeparator()
    for i, (label, tier) in enumerate((("Fundamentals", "fundamentals"),
                                       ("+ Intermediate", "intermediate"),
                                       ("+ Academic", "academic")), 1):
        _act(win, view, f"Tier: {label}", lambda t=tier: set_tier(win, t), [f"Ctrl+{i}"])
    view.addSeparator()
    _act(win, view, "Show/Hide &Navigation", lambda: win.nav.setVisible(not win.nav.isVisible()))
    _act(win, view, "Show/Hide &Contents",
         lambda: win.contents.setVisible(not win.contents.isVisible()))
    _act(win, view, "&Present", lambda: presentation.toggle(win), ["F5"],
         "Full screen with large type for a projector (Esc leaves)")

    go = menus["&Go"]
    _act(win, go, "&Back", win.go_back, ["Alt+Left"])
    _act(win, go, "&Forward", win.go_forward, ["Alt+Right"])
    go.addSeparator()
    for label, target, keys in (("&Home", "view:home", ["Alt+Home"]),
                                ("&Library", "view:library", []),
                                ("&Compare", "view:compare", ["Ctrl+Shift+C"]),
                                ("C&harts", "view:charts", []),
                                ("&Tables", "view:tables", []),
                                ("&Glossary", "view:glossary", []),
                                ("&References", "view:references", []),
                                ("Boo&kmarks", "view:bookmarks", ["Ctrl+Shift+B"]),
                                ("H&istory", "view:history", ["Ctrl+H"])):
        _act(win, go, label, lambda t=target: win.open_target(t), keys)

    help_menu = menus["&Help"]
    _act(win, help_menu, "&Keyboard Shortcuts", lambda: _dialogs().show_shortcuts(win), ["F1"])
    _act(win, help_menu, "&About Peptide Desk", lambda: _dialogs().show_about(
        win, _dialogs().about_html(win.site.title, win.site.content_as_of,
                                   win.site.disclaimer_html, win.site.about_html)))

    aa = win.view_btn.menu()  # in place (empty) from the first paint
    for action in win.theme_actions.values():
        aa.addAction(action)
    aa.addSeparator()
    for action in (zoom_in, zoom_out, zoom_reset):
        aa.addAction(action)
    presentation.install(win)


def find_bar(win):
    """The find bar of the page in view."""
    return win.reader.find_bar if win.stack.currentWidget() is win.reader else win.doc.find_bar


def set_tier(win, tier: str) -> None:
    if win.stack.currentWidget() is win.reader:
        win.reader.set_tier(tier)
    else:
        win.tier = tier
        win.user.set("tier", tier)
        win.statusBar().showMessage(f"Articles will open at this tier: {tier.title()}", 4000)


def export_user_data(win) -> None:
    path, _ = QFileDialog.getSaveFileName(win, "Export user data", "peptide-desk-user-data.json",
                                          "JSON (*.json)")
    if not path:
        return
    try:
        win.user.export_file(Path(path))
    except UserDataError as exc:
        QMessageBox.warning(win, "Export failed", str(exc))
        return
    win.statusBar().showMessage(f"Exported bookmarks, notes, history and settings to {path}")


def import_user_data(win) -> None:
    path, _ = QFileDialog.getOpenFileName(win, "Import user data", "", "JSON (*.json)")
    if not path:
        return
    try:
        counts = win.user.import_file(Path(path))
    except UserDataError as exc:
        QMessageBox.warning(win, "Import failed", str(exc))
        return
    win.statusBar().showMessage(
        "Imported " + ", ".join(f"{n} {k}" for k, n in counts.items() if n) + ".")


def _dialogs():
    """Dialogs load on first use, keeping them off the start path."""
    from peptide_desk.ui import dialogs

    return dialogs


def _printing():
    """Printing (QtPrintSupport) loads on first use, keeping it off the start path."""
    from peptide_desk.ui import printing

    return printing
