"""Real PDFs from the print layout: page numbers, running header, charts, rows, metadata.

The text is read back with poppler's pdftotext (packaging/linux/system-deps.sh installs it).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from peptide_desk import print_targets
from peptide_desk.pdf_info import read_info
from peptide_desk.print_plan import BOX, HEADING, TABLE
from peptide_desk.store import Store
from peptide_desk.ui import print_layout

ARTICLE = "gh-peptides-insulin-sensitivity"
CHART = "gh-secretagogue-phases"


def pdftotext(path: Path) -> list[str]:
    """The text of each page."""
    tool = shutil.which("pdftotext")
    if tool is None:
        if sys.platform.startswith("linux"):
            pytest.fail("pdftotext is missing: run packaging/linux/system-deps.sh")
        pytest.skip("pdftotext (poppler) is installed by the Linux setup only")
    out = subprocess.run([tool, "-layout", str(path), "-"], capture_output=True, text=True,
                         check=True, timeout=60).stdout
    return out.split("\f")[:-1]


def path_operators(pdf: bytes) -> int:
    """Line and curve drawing operators in the PDF's (deflated) content streams."""
    count = 0
    for m in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, re.DOTALL):
        try:
            data = zlib.decompress(m.group(1))
        except zlib.error:
            continue
        count += len(re.findall(rb"\s[lc]\n", data))
    return count


@pytest.fixture(scope="module")
def real_store(real_db: Path) -> Store:
    return Store(real_db)


@pytest.fixture(scope="module")
def academic_pdf(qapp, real_store: Store, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pdf") / "article.pdf"
    doc = print_targets.article_doc(real_store, real_store.article(ARTICLE), "academic")
    print_layout.write_pdf(real_store, doc, out)
    return out


def test_every_page_has_its_number_and_the_running_header(academic_pdf: Path,
                                                         real_store: Store) -> None:
    pages = pdftotext(academic_pdf)
    art = real_store.article(ARTICLE)
    assert len(pages) > 10
    for n, text in enumerate(pages, 1):
        assert f"page {n} of {len(pages)}" in text
        head = text.strip().splitlines()[0]
        assert art.title in head and "Academic tier" in head
        assert f"content as of {art.as_of}" in head


def test_the_chart_is_drawn_in_place_not_linked(academic_pdf: Path, real_store: Store) -> None:
    text = "\n".join(pdftotext(academic_pdf))
    chart = real_store.chart(CHART)
    assert "Open the interactive chart" not in text
    assert chart.title.split(":")[0] in text
    for series in chart.series:  # the legend is on the page
        assert series.name.split(" (")[0] in text
    assert "Schematic — not measured data" in text
    assert "Sources: " in text and "Population:" in text
    pdf = academic_pdf.read_bytes()
    assert b"/Subtype /Image" not in pdf  # vector paths, not a picture
    assert path_operators(pdf) > 200


def test_pdf_metadata(academic_pdf: Path, real_store: Store) -> None:
    info = read_info(academic_pdf.read_bytes())
    art = real_store.article(ARTICLE)
    assert info["Title"] == f"{art.title} (Academic tier)"
    assert info["Author"] == "Peptide Desk"
    assert "Academic tier" in info["Subject"]
    assert info["CreationDate"] == "D:" + art.as_of.replace("-", "") + "000000Z"
    tool = shutil.which("pdfinfo")
    if tool:  # a real reader sees the same (the update is standard PDF)
        out = subprocess.run([tool, str(academic_pdf)], capture_output=True, text=True,
                             check=True).stdout
        assert re.search(r"^Title:\s+" + re.escape(info["Title"]), out, re.MULTILINE)
        assert re.search(r"^Author:\s+Peptide Desk", out, re.MULTILINE)


LONG_TABLE = ('<h2>Numbers</h2><table class="data" width="100%" cellspacing="0" cellpadding="6">'
              "<thead><tr><th>Head A</th><th>Head B</th></tr></thead><tbody>"
              + "".join(f"<tr><td>row {i} alpha</td><td>row {i} beta<br>row {i} gamma</td>"
                        "</tr>" for i in range(90))
              + "</tbody></table>")


def test_a_long_table_repeats_its_header_and_never_splits_a_row(qapp, real_store: Store,
                                                               tmp_path: Path) -> None:
    body = ("".join(f"<h2>Heading {i}</h2><p>{'Some text. ' * 60}</p>" for i in range(4))
            + LONG_TABLE)
    doc = print_targets.page_doc(real_store, "Long table", body, "long")
    out = tmp_path / "long.pdf"
    print_layout.write_pdf(real_store, doc, out)
    pages = pdftotext(out)
    with_rows = [p for p in pages if "row " in p]
    assert len(with_rows) >= 3
    for text in with_rows:
        assert "Head A" in text and "Head B" in text  # the header row on every page
    for i in range(90):
        where = {n for n, p in enumerate(pages) for part in ("alpha", "beta", "gamma")
                 if re.search(rf"\brow {i} {part}\b", p)}
        assert len(where) == 1, f"row {i} is split across pages {where}"
    assert sum(len(re.findall(r"\brow 5 alpha\b", p)) for p in pages) == 1  # no text twice


def test_layout_keeps_headings_with_the_next_block_and_boxes_whole(qapp,
                                                                  real_store: Store) -> None:
    doc = print_targets.article_doc(real_store, real_store.article(ARTICLE), "academic")
    size = print_layout.content_size()
    lay = print_layout.Layout(real_store, size.width(), size.height())
    try:
        total = lay.lay_out(list(doc.blocks))
    finally:
        lay.close()
    assert total == len(lay.pages) > 10
    kinds = [item.block.kind for item in lay.items]
    for page in lay.pages[:-1]:
        assert kinds[page[-1].block] != HEADING, "a heading at the foot of a page"
    for i, item in enumerate(lay.items):
        parts = [s for page in lay.pages for s in page if s.block == i]
        if item.block.kind == BOX and item.measured.height <= size.height():
            assert len(parts) == 1, "a box that fits a page was split"
        if item.block.kind == TABLE:
            for s in parts[:-1]:
                assert s.bottom in item.measured.breaks  # pages end between rows only


def test_substance_chart_and_compare_print(qapp, real_store: Store, tmp_path: Path) -> None:
    from peptide_desk import compare

    rows = compare.find_rows(real_store, ["semaglutide", "tesamorelin", "tirzepatide"])
    docs = {"substance": print_targets.substance_doc(real_store,
                                                     real_store.substance("tesamorelin")),
            "chart": print_targets.chart_doc(real_store, real_store.chart("surmount1-weight")),
            "compare": print_targets.compare_doc(real_store, rows, compare.COLUMN_IDS,
                                                 "substance")}
    for name, doc in docs.items():
        out = tmp_path / f"{name}.pdf"
        pages = print_layout.write_pdf(real_store, doc, out)
        text = pdftotext(out)
        assert len(text) == pages
        assert all(f"page {n} of {pages}" in t for n, t in enumerate(text, 1))
        assert "Disclaimer" in "".join(text[-2:])
    # a measured chart's markers are vector paths too, not pictures
    assert b"/Subtype /Image" not in (tmp_path / "chart.pdf").read_bytes()
    assert path_operators((tmp_path / "chart.pdf").read_bytes()) > 50
    compare_text = "\n".join(pdftotext(tmp_path / "compare.pdf"))
    assert all(name in compare_text for name in ("Semaglutide", "Tesamorelin", "Tirzepatide"))


def test_deck_handout_puts_each_slide_on_its_page(qapp, real_store: Store,
                                                 tmp_path: Path) -> None:
    doc = print_targets.deck_doc(real_store, "Lecture 3", [
        ("Insulin", "<p>Insulin moves glucose.</p>", "Ask who has seen a clamp study."),
        ("GH", "<p>GH opposes insulin.</p>", "")])
    out = tmp_path / "deck.pdf"
    print_layout.write_pdf(real_store, doc, out)
    pages = pdftotext(out)
    assert "Slide 1: Insulin" in pages[0] and "Speaker notes" in pages[0]
    assert "Slide 2: GH" in pages[1] and "Slide 1" not in pages[1]


def test_cancelled_export_leaves_no_file(qapp, real_store: Store, tmp_path: Path) -> None:
    doc = print_targets.article_doc(real_store, real_store.article(ARTICLE), "academic")
    out = tmp_path / "cancelled.pdf"
    with pytest.raises(print_layout.Cancelled):
        print_layout.write_pdf(real_store, doc, out, lambda done, total, what: done < 5)
    assert list(tmp_path.iterdir()) == []


def test_window_export_pdf_failure_says_so_and_writes_nothing(windows, real_db: Path,
                                                             tmp_path: Path) -> None:
    win = windows.open(real_db, restore=False, show=False)
    win.open_target(f"article:{ARTICLE}")
    target = tmp_path / "missing-folder" / "a.pdf"
    assert win.print_service().export_pdf(str(target)) is None
    # the save flow's one sentence, in a message box that does not block the window
    assert win.save_flow.last_message.startswith("a.pdf was not saved: the folder ")
    assert not target.parent.exists()
    ok = tmp_path / "a.pdf"
    assert win.print_service().export_pdf(str(ok)) == str(ok)
    assert win.statusBar().currentMessage() == f"Saved to {ok}."
    assert ok.read_bytes().startswith(b"%PDF-")


def test_chart_png_and_svg_carry_their_provenance(qtbot, real_store: Store,
                                                 tmp_path: Path) -> None:
    from PySide6.QtGui import QImage

    from peptide_desk.ui.chart_view import ChartView

    view = ChartView(real_store, "dark", 100)
    qtbot.addWidget(view)
    view.resize(1000, 800)
    view.show()
    assert view.show_chart(CHART)
    view.export_png(tmp_path / "c.png")
    view.export_svg(tmp_path / "c.svg")
    image = QImage(str(tmp_path / "c.png"))
    chart = real_store.chart(CHART)
    assert image.text("Title") == chart.title
    assert "Schematic" in image.text("Description")
    assert image.text("Source").startswith("Sources: ")
    svg = (tmp_path / "c.svg").read_text(encoding="utf-8")
    assert f"<title>{chart.title}</title>" in svg
    assert re.search(r"<desc>[^<]*Schematic[^<]*Sources: ", svg)


def test_a_device_at_another_resolution_prints_the_same_pages(qapp, real_store: Store,
                                                             tmp_path: Path) -> None:
    """A printer that keeps its own resolution is drawn on scaled: same pages, same text."""
    from PySide6.QtGui import QPdfWriter

    doc = print_targets.chart_doc(real_store, real_store.chart(CHART))
    texts = []
    for res in (96, 600):
        out = tmp_path / f"r{res}.pdf"
        writer = QPdfWriter(str(out))
        writer.setPageLayout(print_layout.page_layout())
        print_layout.render(real_store, doc, writer, resolution=res)
        del writer
        texts.append([" ".join(page.split()) for page in pdftotext(out)])
    assert texts[0] == texts[1]


def test_window_prints_the_comparison_the_user_chose(windows, real_db: Path,
                                                     tmp_path: Path) -> None:
    win = windows.open(real_db, restore=False, show=False)
    win.open_target("compare:semaglutide,tesamorelin")
    doc = win.print_service().print_doc()
    text = "\n".join(b.html for b in doc.blocks)
    assert "Semaglutide" in text and "Tesamorelin" in text and "Tirzepatide" not in text
    out = tmp_path / "compare.pdf"
    assert win.print_service().export_pdf(str(out)) == str(out)
    pages = pdftotext(out)
    assert all(f"page {n} of {len(pages)}" in p for n, p in enumerate(pages, 1))
    assert all("Semaglutide" in p for p in pages[:-1])  # the header row on every page


def test_window_deck_handout_and_section(windows, real_db: Path, tmp_path: Path) -> None:
    win = windows.open(real_db, restore=False, show=False)
    win.open_target(f"article:{ARTICLE}")
    service = win.print_service()
    out = tmp_path / "deck.pdf"
    assert service.deck_handout("Lecture", [("One", "<p>x</p>", "note")], str(out)) == str(out)
    assert "Slide 1: One" in pdftotext(out)[0]
    art = win.reader.article
    section = service.section_doc(art.sections[1].anchor)
    assert section is not None and art.sections[1].title in section.frame.title
    assert service.section_doc("no-such-anchor") is None


def test_progress_dialog_shows_and_cancel_stops_the_export(windows, real_db: Path,
                                                          tmp_path: Path, qtbot,
                                                          monkeypatch) -> None:
    from PySide6.QtWidgets import QProgressDialog

    win = windows.open(real_db, restore=False, show=False)
    win.open_target(f"article:{ARTICLE}")
    seen: list[str] = []
    real_set = QProgressDialog.setLabelText

    def spy(self: QProgressDialog, text: str) -> None:
        seen.append(text)
        real_set(self, text)
        if text.startswith("Page 3"):
            self.cancel()

    monkeypatch.setattr(QProgressDialog, "setLabelText", spy)
    folder = tmp_path / "out"
    folder.mkdir()
    assert win.print_service().export_pdf(str(folder / "a.pdf")) is None
    assert "Laying out pages…" in seen and "Page 3 of" in seen[-1]
    assert "cancelled" in win.statusBar().currentMessage()
    assert list(folder.iterdir()) == []


def test_window_exports_the_section_in_view(windows, real_db: Path, tmp_path: Path,
                                            qtbot) -> None:
    win = windows.open(real_db, restore=False, show=True)
    service = win.print_service()
    assert service.export_section_pdf(str(tmp_path / "none.pdf")) is None  # home: no article
    assert "Open an article" in win.statusBar().currentMessage()
    win.open_target(f"article:{ARTICLE}")
    win.reader.set_tier("academic")
    qtbot.waitUntil(lambda: bool(win.reader.current_anchor()))
    section = win.reader.article.sections[1]
    win.reader.scroll_to(section.anchor)
    qtbot.waitUntil(lambda: win.reader.current_anchor() == section.anchor)
    title = section.title
    out = tmp_path / "section.pdf"
    assert service.export_section_pdf(str(out)) == str(out)
    pages = pdftotext(out)
    assert title in pages[0] and "References" in "".join(pages)
    assert "export-section-pdf" in [a.objectName() for a in win.actions()]


def test_schematic_note_names_schematic_series_beside_measured_ones() -> None:
    from types import SimpleNamespace

    from peptide_desk.ui.chart_export import schematic_note

    def series(name: str, measured: bool) -> SimpleNamespace:
        return SimpleNamespace(name=name, measured=measured)

    mixed = SimpleNamespace(banner="", series=[series("HbA1c", True), series("Model", False)])
    assert schematic_note(mixed) == "Schematic series (not measured data): Model"
    measured = SimpleNamespace(banner="", series=[series("HbA1c", True)])
    assert schematic_note(measured) == ""
    all_schematic = SimpleNamespace(banner="Schematic — not measured data", series=[])
    assert schematic_note(all_schematic) == "Schematic — not measured data"


@pytest.mark.parametrize("target", ["class:glp1-ra", "view:glossary", "view:references",
                                    "glossary:hba1c", "view:history",
                                    "table:peptide-categories-metabolic-action",
                                    f"chart:{CHART}"])
def test_window_prints_other_pages_through_the_layout(windows, real_db: Path, tmp_path: Path,
                                                      target: str) -> None:
    win = windows.open(real_db, restore=False, show=False)
    assert win.open_target(target)
    doc = win.print_service().print_doc()
    assert len(doc.blocks) >= 3  # cut into blocks, not one page-sized lump
    assert "<html" not in doc.blocks[0].html
    out = tmp_path / "page.pdf"
    assert win.print_service().export_pdf(str(out)) == str(out)
    pages = pdftotext(out)
    assert all(f"page {n} of {len(pages)}" in p for n, p in enumerate(pages, 1))
    assert "Disclaimer" in "".join(pages)


def test_the_whole_bundled_corpus_lays_out_by_the_rules(qapp, real_store: Store) -> None:
    """Every article (Academic), substance and source table: no heading or table title at
    the foot of a page, nothing cut except where it may break, boxes that fit kept whole."""
    store = real_store
    docs = [print_targets.article_doc(store, store.article(a.id), "academic")
            for a in store.articles()]
    docs += [print_targets.substance_doc(store, s) for s in store.substances()]
    docs += [print_targets.table_doc(store, store.table(t)) for t, *_ in store.table_ids()]
    problems = []
    for doc in docs:
        size = print_layout.content_size(doc.landscape)
        lay = print_layout.Layout(store, size.width(), size.height())
        try:
            lay.lay_out(list(doc.blocks))
        finally:
            lay.close()
        for n, page in enumerate(lay.pages, 1):
            for s in page:
                m = lay.items[s.block].measured
                if s.bottom != m.height and s.bottom not in m.breaks:
                    problems.append(f"{doc.stem} page {n}: a block cut outside its breaks")
            last = lay.items[page[-1].block]
            if n < len(lay.pages) and last.block.keep_with_next:
                problems.append(f"{doc.stem} page {n} ends with {last.block.html[:40]!r}")
    assert problems == []


def test_print_goes_through_the_same_layout_on_a_printer(windows, real_db: Path,
                                                        tmp_path: Path) -> None:
    """File → Print's path (a QPrinter, here printing to a PDF file) gives the same pages."""
    from PySide6.QtPrintSupport import QPrinter

    from peptide_desk.ui.shell.printing import printer_for

    win = windows.open(real_db, restore=False, show=False)
    win.open_target("substance:tesamorelin")
    service = win.print_service()
    doc = service.print_doc()
    printer = printer_for(doc)
    out = tmp_path / "printed.pdf"
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    pages = service.render(printer, doc)
    text = pdftotext(out)
    assert pages == len(text) > 1
    assert all(f"page {n} of {pages}" in t and "Tesamorelin" in t.splitlines()[0]
               for n, t in enumerate(text, 1))


def test_a_page_range_prints_those_pages_numbered_as_in_the_whole(qapp, real_store: Store,
                                                                  tmp_path: Path) -> None:
    from PySide6.QtGui import QPageRanges, QPdfWriter

    doc = print_targets.substance_doc(real_store, real_store.substance("tesamorelin"))
    out = tmp_path / "range.pdf"
    writer = QPdfWriter(str(out))
    writer.setPageLayout(print_layout.page_layout())
    ranges = QPageRanges()
    ranges.addRange(2, 3)
    writer.setPageRanges(ranges)
    total = print_layout.render(real_store, doc, writer)
    del writer
    pages = pdftotext(out)
    assert len(pages) == 2
    assert f"page 2 of {total}" in pages[0] and f"page 3 of {total}" in pages[1]


def test_cancelling_a_print_job_aborts_it(windows, real_db: Path, tmp_path: Path,
                                          monkeypatch) -> None:
    from PySide6.QtPrintSupport import QPrinter

    from peptide_desk.ui.shell.printing import printer_for

    win = windows.open(real_db, restore=False, show=False)
    win.open_target(f"article:{ARTICLE}")
    doc = win.print_service().print_doc()
    printer = printer_for(doc)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "job.pdf"))
    aborted: list[bool] = []
    monkeypatch.setattr(QPrinter, "abort", lambda self: aborted.append(True) or True)
    with pytest.raises(print_layout.Cancelled):
        print_layout.render(win.store, doc, printer, lambda done, total, what:
                            not what.startswith("Page 2"))
    assert aborted == [True]  # while the job was open, so the printer drops it
