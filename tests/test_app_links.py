"""``peptide-desk://`` links open the app at that place (issue 15, item 5): the command line
reads the link (``cli.split_launch``), the window opens it (``MainWindow.open_link``); a
malformed or unknown link opens the app with one line in the status bar and nothing else;
the Linux desktop entry registers the scheme."""

from __future__ import annotations

import configparser
import shutil
import subprocess
from pathlib import Path

import pytest

from peptide_desk import cli
from peptide_desk.links import app_url

REPO = Path(__file__).resolve().parents[1]
DESKTOP = REPO / "packaging" / "linux" / "peptide-desk.desktop"
ARTICLE = "peptides-insulin-resistance-diabetes"


@pytest.mark.parametrize("target", [
    f"article:{ARTICLE}#what-is-insulin-resistance", "substance:semaglutide",
    "class:glp1-ra", "view:bookmarks"])
def test_a_link_opens_its_place(qtbot, window, target: str) -> None:
    assert window.open_link(app_url(target))
    assert window.current is not None
    if target.startswith("article:"):
        qtbot.waitUntil(lambda: window.stack.currentWidget() is window.reader)
        qtbot.waitUntil(lambda: window.reader.current_anchor() == target.partition("#")[2])
    else:
        assert window.current.target == target


MALFORMED = [
    "peptide-desk:garbage", "peptide-desk://", "peptide-desk://article",
    "peptide-desk://https/example.org", "peptide-desk://article/../../etc/passwd",
    "peptide-desk://substance/semaglutide?x=1", "PEPTIDE-DESK://substance/Semaglutide",
    "peptide-desk://substance/" + "a" * 600, "peptide-desk://file/etc/passwd",
    "peptide-desk://substance/semaglutide\nrm -rf /"]
UNKNOWN = ["peptide-desk://substance/no-such-substance", "peptide-desk://view/nowhere",
           "peptide-desk://article/no-such-article#x"]


def test_a_malformed_or_unknown_link_says_so_and_changes_nothing(window) -> None:
    window.open_target("substance:tesamorelin")
    before = (window.current, list(window.history.back), window.windowTitle())
    for url, says in [*((u, "Peptide Desk cannot open this link") for u in MALFORMED),
                      *((u, "This link names a page this version does not have") for u in
                        UNKNOWN)]:
        assert not window.open_link(url), url
        message = window.statusBar().currentMessage()
        assert message.startswith(says) and "\n" not in message and len(message) < 200, url
        assert (window.current, list(window.history.back), window.windowTitle()) == before


def test_the_command_line_reads_a_link_before_a_command_only() -> None:
    link = "peptide-desk://article/a#b"
    assert cli.split_launch([link]) == (link, False, [])
    assert cli.split_launch(["--new-window", link, "--db", "x"]) == (link, True, ["--db", "x"])
    assert cli.split_launch(["search", link]) == (None, False, ["search", link])
    assert cli.split_launch(["--db", "x", "self-test"]) == (None, False, ["--db", "x",
                                                                          "self-test"])


def test_main_starts_the_window_with_the_link(monkeypatch: pytest.MonkeyPatch) -> None:
    import peptide_desk.ui.app as app

    calls: list[dict[str, object]] = []
    monkeypatch.setattr(app, "run_app", lambda **kw: calls.append(kw) or 0)
    link = "peptide-desk://substance/semaglutide"
    assert cli.main([link]) == 0
    assert cli.main(["--new-window"]) == 0
    assert calls == [{"db": None, "link": link, "new_window": False},
                     {"db": None, "link": None, "new_window": True}]


def test_a_link_with_a_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--new-window", "export-user-data", "x.json"]) == cli.EXIT_USAGE
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "without a command" in err


def test_the_desktop_entry_registers_the_scheme() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(DESKTOP, encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Exec"] == "peptide-desk %u"  # the clicked link is passed as argument
    assert "x-scheme-handler/peptide-desk" in desktop["MimeType"].split(";")
    if shutil.which("desktop-file-validate"):
        subprocess.run(["desktop-file-validate", str(DESKTOP)], check=True)
