"""Saving exports: the native dialog's start folder per kind, all-or-nothing writes, and the
sentence the user sees when a save fails or succeeds (pytest-qt, offscreen; no native
dialog opens: the flow's dialog is replaced)."""

from __future__ import annotations

import csv
import errno
import io
import json
import tempfile
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from peptide_desk.ui import save_flow
from peptide_desk.ui.save_flow import SaveFlow, text_writer
from peptide_desk.userdata import SAVE_FOLDERS, UserData
from peptide_desk.userdata_import import Rejected, check_setting


class FakeDialog:
    """Stands in for the native dialog: records where it started, answers ``answer``."""

    def __init__(self, answer: Path | str = "") -> None:
        self.answer = str(answer)
        self.starts: list[str] = []

    def __call__(self, parent: QWidget | None, title: str, start: str, name_filter: str) -> str:
        self.starts.append(start)
        return self.answer


@pytest.fixture
def docs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "Documents"
    folder.mkdir()
    monkeypatch.setattr("platformdirs.user_documents_dir", lambda: str(folder))
    return folder


@pytest.fixture
def main(qtbot: QtBot) -> QMainWindow:
    win = QMainWindow()
    win.setCentralWidget(QWidget(win))
    win.statusBar()  # made before the window shows, as the app's window does
    qtbot.addWidget(win)
    win.show()
    return win


def boxes(parent: QWidget, name: str) -> list[QMessageBox]:
    return [b for b in parent.findChildren(QMessageBox, name) if b.isVisible()]


def leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".part")]


# --- where the dialog starts ----------------------------------------------------------------
def test_starts_in_documents_then_in_the_last_folder_of_each_kind(docs: Path,
                                                                   tmp_path: Path) -> None:
    flow = SaveFlow()
    flow.dialog = dialog = FakeDialog(tmp_path / "a" / "table")
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    assert flow.ask_save_path(None, "comparison", "compare.csv", "CSV (*.csv)") == \
        tmp_path / "a" / "table.csv"  # the filter's extension is added when missing
    assert dialog.starts == [str(docs / "compare.csv")]
    dialog.answer = str(tmp_path / "b" / "data.json")
    flow.ask_save_path(None, "user-data", "u.json", "JSON (*.json)")
    flow.ask_save_path(None, "comparison", "c.csv", "CSV (*.csv)")
    flow.ask_save_path(None, "user-data", "u.json", "JSON (*.json)")
    flow.ask_save_path(None, "chart", "x.png", "PNG image (*.png)")
    assert dialog.starts[1:] == [str(docs / "u.json"), str(tmp_path / "a" / "c.csv"),
                                 str(tmp_path / "b" / "u.json"), str(docs / "x.png")]
    dialog.answer = ""
    assert flow.ask_save_path(None, "chart", "x.png", "PNG image (*.png)") is None


def test_folders_are_kept_in_the_user_data_and_validated(docs: Path, tmp_path: Path,
                                                         user_dir: Path) -> None:
    user = UserData(user_dir)
    flow = SaveFlow(user)
    flow.dialog = FakeDialog(tmp_path / "out.csv")
    flow.ask_save_path(None, "comparison", "c.csv", "CSV (*.csv)")
    user.close()
    again = UserData(user_dir)
    assert again.get(SAVE_FOLDERS) == {"comparison": str(tmp_path)}
    assert SaveFlow(again).start_folder("comparison") == tmp_path
    for bad in ({"comparison": "relative/folder"}, {"Bad Kind!": str(tmp_path)}, ["x"],
                {"comparison": 3}, {f"k{i}": str(tmp_path) for i in range(40)}):
        again.set(SAVE_FOLDERS, bad)
        assert again.get(SAVE_FOLDERS) is None  # an invalid value reads as none
        assert SaveFlow(again).start_folder("comparison") == docs
        with pytest.raises(Rejected, match=r"settings\.save_folders"):
            check_setting(SAVE_FOLDERS, bad)  # and an import refuses it
    again.close()


def test_a_remembered_folder_that_is_gone_falls_back_to_documents(docs: Path,
                                                                  tmp_path: Path) -> None:
    flow = SaveFlow()
    flow.remember("comparison", tmp_path / "gone")
    assert flow.start_folder("comparison") == docs


def test_no_documents_folder_means_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("platformdirs.user_documents_dir", lambda: str(tmp_path / "none"))
    assert save_flow.documents_folder() == Path.home()


def test_extension_is_added_only_when_missing() -> None:
    f = "HTML page (*.html *.htm)"
    assert save_flow.with_extension(Path("/x/a"), f) == Path("/x/a.html")
    assert save_flow.with_extension(Path("/x/a.HTM"), f) == Path("/x/a.HTM")
    assert save_flow.with_extension(Path("/x/a.v2"), "CSV (*.csv)") == Path("/x/a.v2.csv")
    assert save_flow.with_extension(Path("/x/a"), "All files (*)") == Path("/x/a")


# --- failures: one sentence, nothing left half-written --------------------------------------
def test_missing_folder(qtbot: QtBot, main: QMainWindow, tmp_path: Path) -> None:
    flow = SaveFlow()
    target = tmp_path / "missing" / "compare.csv"
    assert not flow.save(main, target, text_writer("a,b\n"))
    sentence = (f"compare.csv was not saved: the folder {tmp_path / 'missing'} does not exist; "
                "choose another folder.")
    assert flow.last_message == sentence
    (box,) = boxes(main, "saveFailed")
    assert box.text() == sentence and box.windowTitle() == "Not saved"
    assert not target.parent.exists()


def test_no_permission(qtbot: QtBot, main: QMainWindow, tmp_path: Path,
                       monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_a: object, **_k: object) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)  # CI runs as root: chmod would not stop it
    flow = SaveFlow()
    assert not flow.save(main, tmp_path / "c.csv", text_writer("x"))
    (box,) = boxes(main, "saveFailed")
    assert box.text() == (f"c.csv was not saved: you do not have permission to write in "
                          f"{tmp_path}; choose another folder.")
    assert not (tmp_path / "c.csv").exists()


def test_disk_full_leaves_the_existing_file_intact(qtbot: QtBot, main: QMainWindow,
                                                   tmp_path: Path) -> None:
    target = tmp_path / "c.csv"
    target.write_text("the old export\n", encoding="utf-8")

    def full(tmp: Path) -> None:
        tmp.write_bytes(b"half of the new exp")
        raise OSError(errno.ENOSPC, "No space left on device")

    flow = SaveFlow()
    assert not flow.save(main, target, full)
    assert flow.last_message == ("c.csv was not saved: the disk is full; free some space or "
                                 "choose another disk.")
    assert target.read_text(encoding="utf-8") == "the old export\n"
    assert leftovers(tmp_path) == []


def test_a_folder_in_the_way(qtbot: QtBot, main: QMainWindow, tmp_path: Path) -> None:
    (tmp_path / "c.csv").mkdir()
    flow = SaveFlow()
    assert not flow.save(main, tmp_path / "c.csv", text_writer("x"))
    assert flow.last_message == "c.csv was not saved: c.csv is a folder; choose another file name."
    assert (tmp_path / "c.csv").is_dir() and leftovers(tmp_path) == []


def test_a_file_open_in_another_program(qtbot: QtBot, main: QMainWindow, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "c.csv"
    target.write_text("old", encoding="utf-8")

    def locked(_src: object, _dst: object) -> None:  # Windows, with the file open in Excel
        raise PermissionError(errno.EACCES, "Access is denied")

    monkeypatch.setattr("peptide_desk.atomic.os.replace", locked)
    flow = SaveFlow()
    assert not flow.save(main, target, text_writer("new"))
    (box,) = boxes(main, "saveFailed")
    assert box.text() == ("c.csv was not saved: c.csv is open in another program; close it "
                          "there and try again.")
    assert target.read_text(encoding="utf-8") == "old" and leftovers(tmp_path) == []


def test_a_writer_that_fails_its_own_way_is_still_one_sentence(qtbot: QtBot, main: QMainWindow,
                                                               tmp_path: Path) -> None:
    def broken(_tmp: Path) -> None:
        raise ValueError("no chart is shown")

    flow = SaveFlow()
    assert not flow.save(main, tmp_path / "c.png", broken)
    assert flow.last_message == ("c.png was not saved (no chart is shown); choose another "
                                 "place and try again.")
    assert leftovers(tmp_path) == [] and not (tmp_path / "c.png").exists()


# --- success: "Saved to …" with "Open folder" ---------------------------------------------------
def test_saved_to_in_the_status_bar_with_open_folder(qtbot: QtBot, main: QMainWindow,
                                                     tmp_path: Path) -> None:
    opened: list[QUrl] = []
    flow = SaveFlow()
    flow.open_url = opened.append
    target = tmp_path / "c.csv"
    assert flow.save(main, target, text_writer("a\n"))
    assert target.read_text(encoding="utf-8") == "a\n"
    bar = main.statusBar()
    assert bar.currentMessage() == f"Saved to {target}."
    (button,) = bar.findChildren(QPushButton, "openFolder")
    assert button.text() == "Open folder" and button.isVisible()
    button.click()
    assert opened == [QUrl.fromLocalFile(str(tmp_path))] and opened[0].isLocalFile()
    other = tmp_path / "other"
    other.mkdir()
    assert flow.save(main, other / "d.csv", text_writer("b\n"))  # one button, the new folder
    assert bar.findChildren(QPushButton, "openFolder") == [button] and button.isVisible()
    button.click()
    assert opened[-1] == QUrl.fromLocalFile(str(other))
    bar.showMessage("Something else")
    assert not button.isVisible()


def test_saved_with_a_sidecar_names_both(qtbot: QtBot, main: QMainWindow, tmp_path: Path) -> None:
    flow = SaveFlow()
    side = tmp_path / "c.sources.txt"
    assert flow.save(main, tmp_path / "c.csv", text_writer("a"), [(side, text_writer("s"))])
    assert main.statusBar().currentMessage() == f"Saved to {tmp_path / 'c.csv'} and c.sources.txt."
    assert side.read_text(encoding="utf-8") == "s"


def test_saved_without_a_window_says_so_in_a_box(qtbot: QtBot, tmp_path: Path) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    opened: list[QUrl] = []
    flow = SaveFlow()
    flow.open_url = opened.append
    assert flow.save(parent, tmp_path / "c.csv", text_writer("a"))
    (box,) = boxes(parent, "saved")
    assert box.text() == f"Saved to {tmp_path / 'c.csv'}."
    (action,) = [b for b in box.buttons() if b.text() == "Open folder"]
    action.click()
    assert opened == [QUrl.fromLocalFile(str(tmp_path))]


# --- in the window: the comparison and the user data -------------------------------------
def read_csv(path: Path) -> tuple[list[str], list[list[str]]]:
    """(provenance lines, CSV rows) of a saved CSV."""
    lines = path.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    block = [x.rstrip("\n") for x in lines if x.startswith("#")]
    rows = list(csv.reader(io.StringIO("".join(x for x in lines if not x.startswith("#")))))
    return block, rows


def test_window_saves_the_comparison_as_shown(qtbot: QtBot, window, tmp_path: Path,
                                              docs: Path) -> None:
    window.save_flow.dialog = dialog = FakeDialog(tmp_path / "glp.csv")
    window.open_target("view:compare")
    view = window.panels.compare_in_view()
    view.controls.text_filter.setText("glp")
    view.set_column_visible("mechanism", False)
    view.controls.exportRequested.emit("csv")
    assert dialog.starts == [str(docs / "compare-substance.csv")]
    block, rows = read_csv(tmp_path / "glp.csv")
    assert window.statusBar().currentMessage() == f"Saved to {tmp_path / 'glp.csv'}."
    QApplication.processEvents()  # the message stays on its own, not under the counts line
    assert not window.status_text.isVisible()
    assert window.statusBar().findChild(QPushButton, "openFolder").isVisible()
    site = window.store.site()
    assert f"# Content as of: {site.content_as_of}" in block
    assert "# Filters: text “glp”" in block
    shown = view.proxy.visible_rows()
    assert 0 < len(shown) < len(view.rows_for("substance"))
    assert [r[0] for r in rows[1:]] == [r.name for r in shown]
    assert "Mechanism" not in rows[0] and rows[0][-1] == "Sources"
    dialog.answer = str(tmp_path / "strict.csv")
    view.controls.exportRequested.emit("csv-strict")
    assert dialog.starts[-1] == str(tmp_path / "compare-substance.csv")  # the last folder
    strict = (tmp_path / "strict.csv").read_text(encoding="utf-8-sig")
    assert strict.startswith("Name,") and "#" not in strict.splitlines()[0]
    assert "Filters: text “glp”" in (tmp_path / "strict.sources.txt").read_text(encoding="utf-8")
    assert window.user.get(SAVE_FOLDERS) == {"comparison": str(tmp_path)}


def test_window_saves_the_chosen_set_side_by_side(qtbot: QtBot, window, tmp_path: Path) -> None:
    window.save_flow.dialog = FakeDialog(tmp_path / "pair")
    assert window.open_target("compare:semaglutide,tirzepatide")
    view = window.panels.compare_in_view()
    assert view.side_in_view()
    view.side.only_diff.setChecked(True)
    view.side.exportRequested.emit("csv")
    block, rows = read_csv(tmp_path / "pair.csv")
    assert rows[0] == ["Attribute", "Semaglutide", "Tirzepatide", "Sources"]
    assert len(rows) - 1 == len(view.side.shown_attributes()) < len(view.side.attributes)
    assert "# Filters: only attributes that differ" in block
    window.save_flow.dialog = FakeDialog(tmp_path / "pair.html")
    view.side.exportRequested.emit("html-file")
    page = (tmp_path / "pair.html").read_text(encoding="utf-8")
    assert "<h3>Provenance</h3>" in page and "Tirzepatide" in page
    printed = view.view_html()  # what File → Print lays out: the chosen set, not the table
    assert "side by side: Semaglutide · Tirzepatide" in printed and "Tesamorelin" not in printed


def test_window_tells_why_the_comparison_was_not_saved(qtbot: QtBot, window,
                                                       tmp_path: Path) -> None:
    window.save_flow.dialog = FakeDialog(tmp_path / "nowhere" / "c.csv")
    window.open_target("view:compare")
    window.panels.compare_in_view().controls.exportRequested.emit("csv")
    (box,) = boxes(window, "saveFailed")
    assert box.text() == (f"c.csv was not saved: the folder {tmp_path / 'nowhere'} does not "
                          "exist; choose another folder.")
    box.close()


def test_window_exports_user_data_through_the_flow(qtbot: QtBot, window, tmp_path: Path) -> None:
    window.user.add_bookmark("substance:semaglutide", "Semaglutide")
    window.save_flow.dialog = FakeDialog(tmp_path / "mine")
    window.export_user_data()
    data = json.loads((tmp_path / "mine.json").read_text(encoding="utf-8"))
    assert data["bookmarks"][0]["target"] == "substance:semaglutide"
    assert window.statusBar().currentMessage() == f"Saved to {tmp_path / 'mine.json'}."
    assert window.user.get(SAVE_FOLDERS)["user-data"] == str(tmp_path)


def test_window_saves_a_chart_through_the_flow(qtbot: QtBot, window, tmp_path: Path) -> None:
    assert window.open_target("chart:surmount1-weight")
    chart = window.panels.chart_panel()
    window.save_flow.dialog = dialog = FakeDialog(tmp_path / "weight")
    chart._ask_png()
    assert (tmp_path / "weight.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert window.statusBar().currentMessage() == f"Saved to {tmp_path / 'weight.png'}."
    dialog.answer = str(tmp_path / "weight.svg")
    chart._ask_svg()
    assert dialog.starts[-1] == str(tmp_path / "surmount1-weight.svg")  # charts' last folder
    assert b"<svg" in (tmp_path / "weight.svg").read_bytes()[:2000]
    dialog.answer = str(tmp_path / "gone" / "w.png")
    chart._ask_png()
    (box,) = boxes(window, "saveFailed")
    assert box.text().startswith("w.png was not saved: the folder ")
    assert leftovers(tmp_path) == []
    box.close()


def test_selected_rows_are_the_chosen_set_of_the_table(qtbot: QtBot, window,
                                                       tmp_path: Path) -> None:
    """Rows picked with Ctrl+click are what the exports take (chosen by default from two
    rows on; the Export menu can switch back to all rows shown)."""
    from PySide6.QtCore import QItemSelectionModel

    window.save_flow.dialog = FakeDialog(tmp_path / "picked.csv")
    window.open_target("view:compare")
    view = window.panels.compare_in_view()
    names = [r.name for r in view.proxy.visible_rows()]
    flags = (QItemSelectionModel.SelectionFlag.Select
             | QItemSelectionModel.SelectionFlag.Rows)
    for row in (4, 1):
        view.table.selectionModel().select(view.proxy.index(row, 0), flags)
    scope = view.controls.scope_actions
    assert scope["selected"].isChecked() and scope["selected"].text() == "Selected rows only (2)"
    view.controls.exportRequested.emit("csv")
    block, rows = read_csv(tmp_path / "picked.csv")
    assert [r[0] for r in rows[1:]] == [names[1], names[4]]  # in table order
    assert f"# Rows: 2 selected of {len(names)} shown ({len(names)} substances)" in block
    assert "Rows: 2 selected" in view.view_html()  # the print-out says so too
    scope["shown"].setChecked(True)
    view.controls.exportRequested.emit("csv")
    assert len(read_csv(tmp_path / "picked.csv")[1]) == 1 + len(names)
    view.table.clearSelection()
    assert scope["shown"].isChecked() and not scope["selected"].isEnabled()
