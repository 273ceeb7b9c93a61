""""What's new": the comparison of two content databases, its page, and bookmarks on
content an update removed (no Qt)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from packkit import changed_content, make_key, sign_pack
from peptide_desk.list_pages import GONE, bookmarks_html
from peptide_desk.packs import state
from peptide_desk.packs.install import install, use
from peptide_desk.packs.whats_new import Diff, diff, diff_files, page_html, whats_new_page
from peptide_desk.store import Store
from peptide_desk.userdata import UserData

REPO = Path(__file__).resolve().parents[1]

SEMAGLUTIDE_PANCREATITIS = (
    "Fatal and non-fatal haemorrhagic or necrotising pancreatitis has been seen with GLP-1 "
    "receptor agonists including semaglutide. Watch for persistent severe abdominal pain, "
    "which may radiate to the back; stop semaglutide{} if pancreatitis is suspected and do "
    "not restart it if confirmed.")


@pytest.fixture(scope="module")
def changed_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real content with the three edits of packkit.EDITS, built."""
    from peptide_desk.content.build import build_database

    folder = tmp_path_factory.mktemp("changed")
    out = folder / "changed.sqlite"
    build_database(changed_content(folder), out)
    return out


def test_the_diff_lists_exactly_the_three_edits(real_db: Path, changed_db: Path) -> None:
    old, new = Store(real_db), Store(changed_db)
    try:
        found = diff(old, new)
    finally:
        old.close()
        new.close()
    assert found == Diff(
        substances=[
            ("hexarelin", "Hexarelin", [("Regulatory status", "Investigational",
                                         "Preclinical")]),
            ("semaglutide", "Semaglutide", [(
                "Warnings and precautions: Acute pancreatitis",
                SEMAGLUTIDE_PANCREATITIS.format(""),
                SEMAGLUTIDE_PANCREATITIS.format(" at once"))])],
        sections=[("peptides-insulin-resistance-diabetes", "insulin-basics",
                   "Peptide therapies and insulin resistance in diabetes", "What insulin does",
                   "changed")])


def test_no_change_is_an_empty_diff(real_db: Path) -> None:
    assert diff_files(real_db, Store(real_db)).empty


def test_the_command_line_summary_counts_each_kind(real_db: Path, changed_db: Path) -> None:
    from peptide_desk.packs.whats_new import summary

    assert summary(diff_files(real_db, Store(changed_db))) == (
        "What's new: 2 substance(s) with status or safety changes, 1 article section(s) "
        "changed.")
    assert summary(Diff()) == "What's new: no change in the content."


def test_the_reverse_diff_and_added_or_removed_records(fixture_db: Path, real_db: Path) -> None:
    small, big = Store(fixture_db), Store(real_db)
    try:
        grown = diff(small, big)
        shrunk = diff(big, small)
    finally:
        small.close()
        big.close()
    assert grown.new_substances and ("semaglutide", "Semaglutide") not in grown.new_substances
    assert {s for s, _ in shrunk.removed_substances} == {s for s, _ in grown.new_substances}
    assert grown.new_refs and {k for k, _ in shrunk.removed_refs} == {
        k for k, _ in grown.new_refs}
    assert any(kind == "removed" for *_, kind in shrunk.sections)


def test_the_page_shows_old_and_new_side_by_side_with_links(real_db: Path,
                                                           changed_db: Path) -> None:
    page = page_html(diff_files(real_db, Store(changed_db)), "the bundled content",
                     "content update version 2")
    assert "<h1>What's new</h1>" in page
    assert "<a href='substance:hexarelin'>Hexarelin</a>" in page
    assert "<td>Regulatory status</td><td>Investigational</td><td>Preclinical</td>" in page
    assert "stop semaglutide at once" in page
    assert ("<a href='article:peptides-insulin-resistance-diabetes#insulin-basics'>" in page)
    assert "New references" not in page and "Removed substances" not in page
    corrected = Diff(corrected_refs=[("k<1>", "A & B", ["doi"])])
    escaped = page_html(corrected, "a", "b")
    assert "k&lt;1&gt;" in escaped and "A &amp; B" in escaped and "changed: doi" in escaped


def test_the_page_from_the_state_after_an_install_and_a_revert(
        tmp_path: Path, real_db: Path, changed_db: Path) -> None:
    key = make_key(tmp_path / "key")
    user = tmp_path / "user"
    user.mkdir()
    bundled = tmp_path / "bundled.sqlite"
    shutil.copyfile(real_db, bundled)
    store = Store(bundled)
    try:
        assert "No content update has been installed" in whats_new_page(store, bundled, user)
        install(sign_pack(changed_db, tmp_path / "p.pdpack", key, 2), user, keyring=key.ring())
        store.switch(state.choose(bundled, user).path)
        page = whats_new_page(store, bundled, user)
        assert "from the bundled content to content update version 2 (as of" in page
        assert "Preclinical" in page
        use(user, 0)  # revert: the page now lists the way back
        store.switch(bundled)
        back = whats_new_page(store, bundled, user)
        assert "from content update version 2" in back and "to the bundled content" in back
    finally:
        store.close()


def test_bookmarks_on_removed_content_are_kept_and_marked(tmp_path: Path) -> None:
    user = UserData(tmp_path)
    try:
        user.add_bookmark("substance:semaglutide", "Semaglutide")
        user.add_bookmark("substance:retired", "Retired peptide")
        user.save_note("article:gone#intro", "Gone — Intro", "my note")
        gone = {"substance:retired", "article:gone#intro"}.__contains__
        page = bookmarks_html(user, gone=gone)
        assert page.count(GONE) == 2
        assert "my note" in page
        assert GONE in page.split("Retired peptide")[1].split("</li>")[0]
        assert GONE not in page.split(">Semaglutide<")[1].split("</li>")[0]
        assert GONE not in bookmarks_html(user)
    finally:
        user.close()
