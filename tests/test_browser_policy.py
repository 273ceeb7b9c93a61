"""One browser policy everywhere: every QTextBrowser in ui/ is a LockedBrowser.

The policy: ``loadResource`` returns nothing (no local file, no remote resource), links are
reported through ``linkActivated`` and never followed; the owner asks before https and
blocks every other scheme. The About dialog (and the F1 sheet, which shares its dialog) and
the chart's notes view follow it like the reading view.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtGui import QTextDocument
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QTextBrowser, QWidget

from peptide_desk.ui.browser import ContentBrowser, LockedBrowser
from peptide_desk.ui.chart_labels import NotesView
from peptide_desk.ui.shell import dialogs

UI = Path(__file__).resolve().parent.parent / "src" / "peptide_desk" / "ui"
SECRET = "root:x:0:0 the secret line"
HOSTILE = [
    "file:///etc/passwd", "/etc/passwd", "../../etc/passwd", "//evil.example/x",
    "javascript:alert(1)", "data:text/html,<b>x</b>", "qrc:/x", "ftp://example.org/x",
    "http://example.org/",
]


@pytest.fixture
def app() -> QApplication:
    return QApplication.instance() or QApplication([])  # type: ignore[return-value]


@pytest.fixture
def secret_file(tmp_path: Path) -> Path:
    path = tmp_path / "passwd"
    path.write_text(SECRET + "\n", encoding="utf-8")
    (tmp_path / "pic.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    return path


def test_every_text_browser_in_ui_is_a_locked_browser() -> None:
    """No module in ui/ builds a QTextBrowser or subclasses one but browser.py."""
    offenders = []
    for path in sorted(UI.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[ast.expr] = []
            if isinstance(node, ast.ClassDef):
                names = list(node.bases)
            elif isinstance(node, ast.Call):
                names = [node.func]
            for name in names:
                text = ast.unparse(name)
                if text.split(".")[-1] in ("QTextBrowser", "QTextEdit") and (
                        path.name != "browser.py"):
                    offenders.append(f"{path.relative_to(UI)}:{node.lineno}: {text}")
    assert offenders == [], "use ui.browser.ContentBrowser or LockedBrowser:\n" + "\n".join(
        offenders)


def test_the_views_share_the_policy(app: QApplication) -> None:
    parent = QWidget()
    assert issubclass(ContentBrowser, LockedBrowser)
    assert isinstance(NotesView(parent), LockedBrowser)
    dlg = dialogs.about_dialog(parent, "<p>x</p>")
    views = dlg.findChildren(QTextBrowser)
    assert views and all(isinstance(v, ContentBrowser) for v in views)
    for cls in (ContentBrowser, NotesView):
        assert cls.loadResource is LockedBrowser.loadResource
        assert cls.setSource is LockedBrowser.setSource
        assert cls.doSetSource is LockedBrowser.doSetSource


@pytest.mark.parametrize("make", [ContentBrowser, NotesView, LockedBrowser])
def test_nothing_is_loaded_and_nothing_navigates(app: QApplication, secret_file: Path,
                                                 make: type[LockedBrowser]) -> None:
    parent = QWidget()
    view = make(parent)
    view.setSearchPaths([str(secret_file.parent)])  # even with a search path set
    reported: list[str] = []
    view.linkActivated.connect(reported.append)
    view.setHtml(f'<p>start</p><img src="{secret_file.as_uri()}"><img src="pic.png">'
                 f'<img src="{secret_file}">')
    for url in (secret_file.as_uri(), str(secret_file), "pic.png"):
        for kind in (QTextDocument.ResourceType.ImageResource,
                     QTextDocument.ResourceType.HtmlResource,
                     QTextDocument.ResourceType.StyleSheetResource):
            assert view.loadResource(int(kind.value), QUrl(url)) is None
    for target in (secret_file.as_uri(), str(secret_file), *HOSTILE, "https://example.org/"):
        view.setSource(QUrl(target))
        view.anchorClicked.emit(QUrl(target))
        view.backward()
        view.reload()
    text = view.toPlainText()
    assert "start" in text and SECRET not in text
    assert view.source().isEmpty()
    assert secret_file.as_uri() in reported and "https://example.org/" in reported


def click_text(view: QTextBrowser, text: str) -> None:
    """A real mouse click on ``text`` in the view (Qt's own link handling runs)."""
    view.window().resize(640, 520)
    view.window().show()
    QApplication.processEvents()
    cursor = view.document().find(text)
    assert not cursor.isNull(), text
    cursor.setPosition(cursor.selectionStart() + 1)
    rect = view.cursorRect(cursor)
    point = QPoint(rect.center().x() + 2, rect.center().y())
    assert view.anchorAt(point), (text, point)
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     point)
    QApplication.processEvents()


def _about(parent: QWidget, secret_file: Path) -> dialogs.ContentBrowser:
    body = dialogs.about_html(
        "Peptide Desk", "2026-12-03",
        f'<p>See <a href="{secret_file.as_uri()}">passwd</a>, <a href="/etc/passwd">root file</a>, '
        f'<a href="{secret_file}">local</a> and <a href="https://example.org/">a site</a>.</p>',
        f'<p>About text.</p><img src="{secret_file.as_uri()}"><img src="/etc/passwd">')
    view = dialogs.about_dialog(parent, body).findChild(ContentBrowser)
    assert view is not None
    return view


@pytest.mark.parametrize("target", ["file:///etc/passwd", "/etc/passwd", "FILE"])
def test_about_dialog_never_shows_a_local_file(app: QApplication, secret_file: Path,
                                               monkeypatch: pytest.MonkeyPatch,
                                               target: str) -> None:
    asked: list[str] = []
    opened: list[str] = []
    monkeypatch.setattr(dialogs, "confirm_external", lambda _p, url: asked.append(url) or True)
    monkeypatch.setattr(dialogs, "open_external", lambda url: opened.append(url.toString()))
    parent = QWidget()
    view = _about(parent, secret_file)
    before = view.toPlainText()
    assert "Content as of 2026-12-03" in before and SECRET not in before
    label = {"FILE": "passwd", "/etc/passwd": "root file"}.get(target, "local")
    click_text(view, label)  # a real click on the link
    assert view.toPlainText() == before
    target = secret_file.as_uri() if target == "FILE" else target
    view.anchorClicked.emit(QUrl(target))
    view.setSource(QUrl(target))  # and navigation by URL
    view.doSetSource(QUrl(target))
    assert view.toPlainText() == before
    assert "root:" not in view.toPlainText()
    assert asked == [] and opened == []  # blocked: not even a question


def test_about_dialog_asks_before_https_and_does_not_blank(
        app: QApplication, secret_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    answers = [False, True]
    asked: list[str] = []
    opened: list[str] = []
    monkeypatch.setattr(dialogs, "confirm_external",
                        lambda _p, url: asked.append(url) or answers.pop(0))
    monkeypatch.setattr(dialogs, "open_external", lambda url: opened.append(url.toString()))
    parent = QWidget()
    view = _about(parent, secret_file)
    before = view.toPlainText()
    click_text(view, "a site")  # a real click, cancelled
    assert asked == ["https://example.org/"] and opened == []
    assert view.toPlainText() == before
    view.setSource(QUrl("https://example.org/"))  # accepted: the system browser
    assert opened == ["https://example.org/"]
    assert view.toPlainText() == before and before.strip()
    for target in HOSTILE:
        view.anchorClicked.emit(QUrl(target))
    assert len(asked) == 2 and len(opened) == 1  # every other scheme is blocked, silently
    assert view.toPlainText() == before
