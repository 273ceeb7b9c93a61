"""Copy a citation or a link from the Edit menu and the pages' context menus, and DOI/PMID
links that ask before opening the browser (pytest-qt, offscreen)."""

from __future__ import annotations

import datetime as dt
import re

from PySide6.QtCore import QPoint, QUrl
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from peptide_desk import __version__, cite
from peptide_desk.links import from_app_url
from peptide_desk.ui.cite_menu import context_menu, reader_place_at

ARTICLE = "peptides-insulin-resistance-diabetes"
TODAY = dt.date(2026, 12, 6)


def edit_action(window, name: str) -> QAction:
    (action,) = [a for a in window.menus["&Edit"].actions() if a.objectName() == name]
    return action


def clipboard() -> str:
    return QApplication.clipboard().text()


def test_edit_menu_copies_a_vancouver_citation_of_the_substance(qtbot: QtBot, window) -> None:
    window.citing.today = lambda: TODAY
    assert window.open_target("substance:semaglutide")
    edit_action(window, "copy-citation-vancouver").trigger()
    assert clipboard() == (
        f"Semaglutide. In: Peptide Desk [computer program]. Version {__version__}. Content as "
        f"of {cite.nlm_date(window.site.content_as_of)} [cited 2026 Dec 6]. "
        "Available from: peptide-desk://substance/semaglutide")
    assert window.statusBar().currentMessage() == (
        "Copied the Vancouver citation of Semaglutide.")
    edit_action(window, "copy-citation-ama").trigger()
    assert clipboard().startswith("Semaglutide. Peptide Desk. Version ")
    assert "Accessed December 6, 2026. peptide-desk://substance/semaglutide" in clipboard()


def test_copy_link_to_the_section_in_view_opens_there(qtbot: QtBot, window) -> None:
    assert window.open_target(f"article:{ARTICLE}#progression-to-diabetes")
    qtbot.waitUntil(lambda: window.reader.current_anchor() == "progression-to-diabetes")
    edit_action(window, "copy-link").trigger()
    assert clipboard() == f"peptide-desk://article/{ARTICLE}#progression-to-diabetes"
    assert from_app_url(clipboard()) == f"article:{ARTICLE}#progression-to-diabetes"


def test_a_chart_is_cited_as_a_chart(qtbot: QtBot, window) -> None:
    window.citing.today = lambda: TODAY
    assert window.open_target("chart:surmount1-weight")
    edit_action(window, "copy-citation-ama").trigger()
    assert clipboard().startswith("Chart: Tirzepatide in SURMOUNT-1: body-weight change at "
                                  "72 weeks. Peptide Desk. Version ")
    assert clipboard().endswith("peptide-desk://chart/surmount1-weight")


def test_nothing_to_cite_on_the_start_page(qtbot: QtBot, window) -> None:
    QApplication.clipboard().setText("before")
    window.open_target("view:home")
    edit_action(window, "copy-citation-vancouver").trigger()
    assert clipboard() == "before"
    assert window.statusBar().currentMessage() == cite.NOT_CITABLE


def test_reader_context_menu_cites_the_section_under_the_mouse(qtbot: QtBot, window) -> None:
    window.citing.today = lambda: TODAY
    assert window.open_target(f"article:{ARTICLE}#what-is-insulin-resistance")
    reader = window.reader
    qtbot.waitUntil(lambda: reader.current_anchor() == "what-is-insulin-resistance")
    menu = context_menu(reader.browser, window.citing, QPoint(40, 60),
                        reader_place_at(reader))
    names = [a.objectName() for a in menu.actions()]
    assert names[-3:] == ["copy-citation-vancouver", "copy-citation-ama", "copy-link"]
    texts = [a.text() for a in menu.actions()]
    assert "Copy Citation (AMA)" in texts and any("Select All" in t for t in texts)
    ama = next(a for a in menu.actions() if a.objectName() == "copy-citation-ama")
    ama.trigger()
    assert clipboard().startswith("Peptide therapies and insulin resistance in diabetes — What "
                                  "insulin resistance means. Peptide Desk.")
    assert clipboard().endswith(f"peptide-desk://article/{ARTICLE}#what-is-insulin-resistance")
    menu.close()


def test_doc_context_menu_off_a_citable_page_is_disabled(qtbot: QtBot, window) -> None:
    window.open_target("view:library")
    menu = context_menu(window.doc.browser, window.citing, QPoint(10, 10))
    items = [a for a in menu.actions() if a.objectName().startswith("copy-")]
    assert len(items) == 3 and not any(a.isEnabled() for a in items)
    assert items[0].toolTip() == cite.NOT_CITABLE
    menu.close()


def test_doi_and_pmid_links_ask_before_the_browser(qtbot: QtBot, window) -> None:
    asked: list[str] = []
    opened: list[QUrl] = []
    answer = [True]

    def confirm(_parent: object, url: str) -> bool:
        asked.append(url)
        return answer[0]

    window.confirm_external = confirm
    window.open_external = opened.append
    assert window.open_target("ref:drucker2006")
    page = window.doc.browser.toHtml()
    urls = re.findall(r'href="(https://(?:doi\.org|pubmed\.ncbi\.nlm\.nih\.gov)/[^"]+)"', page)
    assert urls == ["https://doi.org/10.1016/j.cmet.2006.01.004",
                    "https://pubmed.ncbi.nlm.nih.gov/16517403/"]
    window.doc.browser.linkActivated.emit(urls[0])  # what a click on the link does
    assert asked == [urls[0]] and opened == [QUrl(urls[0])]
    answer[0] = False
    window.doc.browser.linkActivated.emit(urls[1])
    assert asked[-1] == urls[1] and len(opened) == 1  # declined: the browser stays shut
    window.open_target("view:references")
    assert "https://pubmed.ncbi.nlm.nih.gov/16517403/" in window.doc.browser.toHtml()


def _link_point(browser, prefix: str) -> QPoint:
    """A point of the view over a link whose target starts with ``prefix``."""
    view = browser.viewport()
    for y in range(0, view.height(), 6):
        for x in range(0, view.width(), 6):
            if browser.anchorAt(QPoint(x, y)).startswith(prefix):
                return QPoint(x, y)
    raise AssertionError(f"no {prefix} link in view")


def test_copy_link_address_gives_an_address_that_works_outside(qtbot: QtBot, window) -> None:
    assert window.open_target("ref:drucker2006")
    browser = window.doc.browser
    menu = context_menu(browser, window.citing, _link_point(browser, "https://doi.org/"))
    names = [a.objectName() for a in menu.actions()]
    assert "link-copy" not in names and names[:2] == ["edit-copy", "copy-link-address"]
    next(a for a in menu.actions() if a.objectName() == "copy-link-address").trigger()
    assert clipboard() == "https://doi.org/10.1016/j.cmet.2006.01.004"
    menu.close()
    menu = context_menu(browser, window.citing, _link_point(browser, "article:"))
    next(a for a in menu.actions() if a.objectName() == "copy-link-address").trigger()
    assert clipboard().startswith("peptide-desk://article/")
    menu.close()
