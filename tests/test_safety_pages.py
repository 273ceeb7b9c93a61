"""Label safety where a clinician looks first: the strip under the title (no Qt)."""

from __future__ import annotations

import re
from dataclasses import replace

from peptide_desk import pages
from peptide_desk.page_safety import regulator_badge
from peptide_desk.records import Regulatory
from peptide_desk.store import Store
from peptide_desk.themes import palette

LIGHT = palette("light")


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&nbsp;", " ")


def test_boxed_warning_comes_before_everything_else(store: Store) -> None:
    sub = store.substance("semaglutide")
    assert sub is not None and sub.safety is not None
    html = pages.substance_html(store, sub, LIGHT)
    boxed = html.index("⚠ Boxed warning</p>")
    assert boxed < html.index('class="lead"')  # before the summary
    assert boxed < html.index("<h2>")  # before any section
    assert html.index("</h1>") < boxed
    assert "Risk of thyroid C-cell tumours." in text_of(html)
    # contraindications and one status line per regulator, with check dates, also on top
    top = text_of(html[: html.index('class="lead"')])
    assert "Contraindications: Medullary thyroid carcinoma or MEN 2" in top
    assert "Key warnings: Pancreatitis" in top
    assert re.search(r"FDA \(US\): +Approved +· 2017-12 · status checked 2026-01-10", top)
    assert re.search(r"EMA \(EU\): +Approved — not confirmed +· 2018 · status checked 2025-12",
                     top)
    assert '<a href="#safety">Full safety information' in html


def test_boxed_warning_box_is_framed_and_themed() -> None:
    css = {name: __import__("peptide_desk.themes", fromlist=["reading_css"]).reading_css(
        palette(name), 12) for name in ("light", "dark", "high-contrast")}
    for name, sheet in css.items():
        rule = palette(name).warning_rule
        assert f"table.boxed {{ border: 3px solid {rule}" in sheet, name


def test_full_safety_section_lists_every_item_with_its_date(store: Store) -> None:
    sub = store.substance("semaglutide")
    assert sub is not None
    text = text_of(pages.substance_html(store, sub, LIGHT))
    section = text[text.index("Safety From the approved label"):]
    for heading in ("Boxed warning", "Contraindications", "Warnings and precautions"):
        assert heading in section
    assert section.count("Checked 2026-01-10.") == 3


def test_no_safety_block_says_so(store: Store) -> None:
    sub = store.substance("tesamorelin")
    assert sub is not None
    bare = replace(sub, safety=None)
    assert "no safety information is recorded" in text_of(pages.substance_html(store, bare, LIGHT))


def test_class_page_shows_class_level_safety_first(store: Store) -> None:
    cls = store.drug_class("glp1-ra")
    assert cls is not None and cls.safety is not None
    html = pages.class_html(store, cls, LIGHT)
    text = text_of(html)
    assert "Key warnings: Hypoglycaemia with insulin or sulfonylureas" in text
    assert html.index("Key warnings") < html.index('class="lead"')
    assert "Applies to every member covered here." in text


def test_unconfirmed_status_is_never_drawn_in_the_approved_colour() -> None:
    approved_bg = LIGHT.badges["approved"][0]
    confirmed = Regulatory("Authorised", "2018", "", (), True, "2024-12")
    unconfirmed = replace(confirmed, status="Authorised (not verified)", confirmed=False)
    assert approved_bg in regulator_badge(confirmed, LIGHT)
    assert approved_bg not in regulator_badge(unconfirmed, LIGHT)
    assert "not confirmed" in regulator_badge(unconfirmed, LIGHT)


def test_off_label_only_on_approved_products(store: Store) -> None:
    sub = store.substance("semaglutide")
    assert sub is not None
    assert "Off-label" in text_of(pages.substance_html(store, sub, LIGHT))
    unapproved = replace(sub, status="investigational", off_label="Any use is off-label.")
    text = text_of(pages.substance_html(store, unapproved, LIGHT))
    assert "Off-label" not in text
    assert "Unapproved: every use is outside an approval" in text
    assert "every use is outside an approval" in text


def test_boxed_warning_badge_beside_the_status(store: Store) -> None:
    sub = store.substance("semaglutide")
    tes = store.substance("tesamorelin")
    assert sub is not None and tes is not None
    assert "⚠ Boxed warning" in pages.substance_html(store, sub, LIGHT).split("</p>")[0]
    assert "⚠ Boxed warning" not in pages.substance_html(store, tes, LIGHT)


def test_how_this_was_checked_is_collapsed_by_default(store: Store) -> None:
    sub = store.substance("semaglutide")
    assert sub is not None
    sub = replace(sub, check_notes=("The EU date was seen only on a secondary page.",))
    closed = text_of(pages.substance_html(store, sub, LIGHT))
    assert "▸ How this was checked" in closed
    assert "seen only on a secondary page" not in closed
    opened = text_of(pages.substance_html(store, sub, LIGHT, checks_open=True))
    assert "seen only on a secondary page" in opened
    assert "Regulatory status last checked: FDA 2026-01-10, EMA 2025-12." in opened


def test_print_puts_safety_first_and_opens_the_checks(store: Store) -> None:
    sub = store.substance("semaglutide")
    assert sub is not None
    html = pages.print_substance_html(store, sub, LIGHT)
    assert html.index("⚠ Boxed warning</p>") < html.index('class="lead"')
    assert "How this was checked" in text_of(html) and "▸" not in html
    assert 'href="#safety"' not in html


def test_home_page_shows_content_date_and_oldest_status_check(store: Store) -> None:
    text = text_of(pages.home_html(store, LIGHT))
    assert "Content as of 2026-01-15 · oldest status check 2025-11" in text


def test_labelled_product_without_boxed_warning_says_none(store: Store) -> None:
    tes = store.substance("tesamorelin")
    assert tes is not None
    top = text_of(pages.substance_html(store, tes, LIGHT).split('class="lead"')[0])
    assert "Boxed warning: none in the label." in top


def test_citation_numbers_are_in_order_and_do_not_break(store: Store) -> None:
    from peptide_desk.page_parts import Citer

    citer = Citer()
    citer.sup(["b", "a"])
    html = citer.sup(["a", "c", "b"])
    assert re.findall(r">(\d+)</a>", html) == ["1", "2", "3"]
    assert "white-space:nowrap" in html
