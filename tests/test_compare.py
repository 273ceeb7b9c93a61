"""Comparison rows, filters, sorts, side by side, exports and provenance (no Qt)."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from pathlib import Path

import pytest

from peptide_desk import badges, compare, compare_export
from peptide_desk.compare import COLUMN_IDS, NO_REFERENCE, Cell, Filter
from peptide_desk.records import (
    EVIDENCE_LABELS,
    EVIDENCE_ORDER,
    STATUS_LABELS,
    STATUS_ORDER,
    DrugClass,
    Regulatory,
    Safety,
    SafetyItem,
    Substance,
)
from peptide_desk.store import Store


class FakeStore:
    """Rows from hand-made records, to exercise orders the fixture corpus cannot."""

    def __init__(self, subs: list[Substance], classes: list[DrugClass]) -> None:
        self._subs, self._classes = subs, classes

    def substances(self) -> list[Substance]:
        return list(self._subs)

    def classes(self) -> list[DrugClass]:
        return list(self._classes)


def variants(base: Substance) -> list[Substance]:
    """One substance per evidence level, with statuses in reverse order."""
    out = []
    for i, level in enumerate(EVIDENCE_ORDER):
        status = STATUS_ORDER[-1 - i]
        out.append(replace(base, id=f"s{i}", name=f"Agent {'FEDCBA'[i]}", evidence_level=level,
                           status=status, fda=replace(base.fda, status=STATUS_LABELS[status])))
    return out


def _check_substance_row(row: compare.Row, s: Substance) -> None:
    assert (row.kind, row.id, row.name, row.class_id) == ("substance", s.id, s.name, s.class_id)
    assert row.cell("name").text == s.name
    assert row.cell("class").text == s.class_name
    for cid, value in (("mechanism", s.mechanism), ("receptor", s.receptor),
                       ("target_organs", s.target_organs), ("route", s.route),
                       ("dosing_frequency", s.dosing_frequency),
                       ("insulin_effect", s.insulin_effect)):
        assert row.cell(cid).text == (value or "Not reported")
        assert row.cell(cid).refs == s.refs_for(cid)
    off_label = (s.off_label or "Not reported") if s.is_labelled else compare.UNAPPROVED_USE
    assert row.cell("off_label").text == off_label
    for which, reg in (("fda", s.fda), ("ema", s.ema)):
        assert row.cell(which).text == compare.reg_text(reg) and row.cell(which).refs == reg.refs
        assert row.cell(which).text.startswith(reg.status)
        assert row.cell(which).badge == badges.regulator_colour(reg)
    assert row.cell("safety") == compare.safety_cell(s.safety)
    assert s.fda.detail in row.cell("fda").detail and s.ema.detail in row.cell("ema").detail
    assert row.cell("evidence").text == EVIDENCE_LABELS[s.evidence_level]
    assert row.cell("evidence").badge == badges.EVIDENCE  # neutral: never a status colour
    if s.key_figures:
        assert row.cell("key_figure").text == s.key_figures[0].text
        assert row.cell("key_figure").refs == s.key_figures[0].refs
    else:
        assert row.cell("key_figure").text == "None recorded"
    assert row.status == s.status and row.evidence == s.evidence_level


@pytest.mark.parametrize("which", ["fixture", "real"])
def test_substance_rows_equal_database(which: str, request: pytest.FixtureRequest) -> None:
    st: Store = request.getfixturevalue("store" if which == "fixture" else "real_store")
    subs = st.substances()
    rows = compare.substance_rows(st)
    assert [r.id for r in rows] == [s.id for s in subs]
    for row, s in zip(rows, subs, strict=True):
        _check_substance_row(row, s)


@pytest.mark.parametrize("which", ["fixture", "real"])
def test_class_rows_equal_database_and_summarise_members(which: str,
                                                         request: pytest.FixtureRequest) -> None:
    st: Store = request.getfixturevalue("store" if which == "fixture" else "real_store")
    subs = {s.id: s for s in st.substances()}
    classes = st.classes()
    rows = compare.class_rows(st)
    assert [r.id for r in rows] == [c.id for c in classes]
    for row, c in zip(rows, classes, strict=True):
        members = [subs[m] for m in c.members]
        assert row.kind == "class" and row.name == c.name
        assert row.cell("mechanism").text == c.mechanism
        assert row.cell("receptor").text == c.targets
        assert row.cell("receptor").refs == c.refs_for("targets")
        assert row.cell("insulin_effect").text == c.insulin_effect
        key = c.key_figure.text if c.key_figure else "None recorded"
        assert row.cell("key_figure").text == key
        for m in members:
            assert m.name in row.cell("class").text
        approved = sum(badges.is_approval(badges.regulator_colour(m.fda)) for m in members)
        assert row.cell("fda").text.startswith(f"{approved} of {len(members)} approved")
        assert row.cell("safety") == compare.class_safety_cell(c, members)
        best = min((m.evidence_level for m in members), key=EVIDENCE_ORDER.index)
        assert row.evidence == best and row.cell("evidence").badge == badges.EVIDENCE
        assert row.evidences == {m.evidence_level for m in members}
        assert row.statuses == {m.status for m in members}


def test_class_counts_from_hand_made_members(store: Store) -> None:
    base = store.substance("semaglutide")
    assert base is not None
    subs = variants(base)
    cls = replace(store.classes()[0], members=tuple(s.id for s in subs))
    row = compare.class_rows(FakeStore(subs, [cls]))[0]
    # statuses run from refused to approved-narrow: only the last one counts as approved
    assert row.cell("fda").text == f"1 of {len(subs)} approved"
    assert row.cell("fda").badge == "approved-narrow"
    assert row.evidence == "approved"
    assert row.cell("evidence").detail.startswith(f"Best of {len(subs)} members")


def test_regulator_badge_reads_the_regulators_wording() -> None:
    cases = {"Approved": "approved", "Approved (narrow indication)": "approved-narrow",
             "Authorised (not verified)": "approved", "Formerly approved; discontinued":
             "formerly-approved", "Refused": "refused",
             "Not authorised (application withdrawn)": "refused",
             "Not approved (Complete Response Letter)": "refused",
             "Not approved (preclinical)": "preclinical",
             "Not approved (investigational)": "investigational",
             "Not approved": "no-evidence", "Not verified": "no-evidence",
             "Not authorised (not verified)": "no-evidence",
             "Approved — narrow indication": "approved-narrow"}
    for text, badge in cases.items():
        assert badges.wording_colour(text) == badge, text


def test_filters(store: Store) -> None:
    rows = compare.substance_rows(store)
    ids = lambda f: [r.id for r in compare.filter_rows(rows, f)]  # noqa: E731
    assert ids(Filter()) == [r.id for r in rows]
    assert ids(Filter(class_id="glp1-ra")) == ["semaglutide"]
    assert ids(Filter(class_id="ghrh-analogues")) == ["tesamorelin"]
    assert ids(Filter(status="approved-narrow")) == ["tesamorelin"]
    assert ids(Filter(status="approved")) == ["semaglutide"]
    assert ids(Filter(status="preclinical")) == []
    assert ids(Filter(evidence="approved")) == ["semaglutide", "tesamorelin"]
    assert ids(Filter(evidence="phase-2")) == []
    assert ids(Filter(text="egrifta")) == ["tesamorelin"]  # brand name
    assert ids(Filter(text="WEEKLY glp-1")) == ["semaglutide"]  # all words, any case
    assert ids(Filter(text="weekly pituitary")) == []
    assert ids(Filter(class_id="glp1-ra", status="approved-narrow")) == []


def test_class_filters_match_any_member(store: Store) -> None:
    rows = compare.class_rows(store)
    assert [r.id for r in compare.filter_rows(rows, Filter(status="approved-narrow"))] == [
        "ghrh-analogues"]
    assert [r.id for r in compare.filter_rows(rows, Filter(class_id="glp1-ra"))] == ["glp1-ra"]
    assert Filter(text=" ").active is False and Filter(status="approved").active


def test_sort_by_evidence_and_status_follows_records_order(store: Store) -> None:
    base = store.substance("semaglutide")
    assert base is not None
    rows = compare.substance_rows(FakeStore(variants(base), []))
    by_ev = compare.sort_rows(rows, "evidence")
    assert [r.evidence for r in by_ev] == list(EVIDENCE_ORDER)
    assert [r.evidence for r in compare.sort_rows(rows, "evidence", descending=True)] == list(
        reversed(EVIDENCE_ORDER))
    by_fda = compare.sort_rows(rows, "fda")
    badges = [r.cell("fda").badge for r in by_fda]
    assert badges == sorted(badges, key=STATUS_ORDER.index)
    # alphabetical would put "Approved — narrow…" after "Approved"; strength order agrees here
    # but "Refused" must come last, not before "Preclinical"
    assert badges[-1] == "refused"


def test_sort_by_text_columns(store: Store) -> None:
    base = store.substance("semaglutide")
    assert base is not None
    rows = compare.substance_rows(FakeStore(variants(base), []))
    assert [r.name for r in compare.sort_rows(rows, "name")] == sorted(r.name for r in rows)
    real = compare.substance_rows(store)
    by_route = compare.sort_rows(real, "route", descending=True)
    assert [r.cell("route").text for r in by_route] == sorted(
        (r.cell("route").text for r in real), key=str.casefold, reverse=True)


def test_side_by_side_marks_differences(store: Store) -> None:
    sema, tesa = compare.substance_rows(store)
    attrs = compare.side_by_side([sema, tesa])
    assert [a.column.id for a in attrs] == list(COLUMN_IDS)
    flags = {a.column.id: a.differs for a in attrs}
    assert flags["mechanism"] and flags["class"] and flags["fda"]
    assert flags["evidence"]  # same level, but the status lines under it differ
    same = compare.side_by_side([sema, sema])
    assert not any(a.differs for a in same)
    base = store.substance("semaglutide")
    assert base is not None
    twins = compare.substance_rows(FakeStore(variants(base)[:3], []))
    flags = {a.column.id: a.differs for a in compare.side_by_side(twins)}
    assert {c for c, d in flags.items() if d} == {"fda", "evidence"}
    trio = {a.column.id: a for a in compare.side_by_side([sema, tesa, sema])}
    assert trio["class"].unique == (False, True, False) and trio["class"].differs
    by_id = {a.column.id: a for a in attrs}
    assert by_id["class"].cells == (sema.cell("class"), tesa.cell("class"))
    with pytest.raises(ValueError):
        compare.side_by_side([sema])
    with pytest.raises(ValueError):
        compare.side_by_side([sema] * 5)


def test_find_rows_accepts_plain_and_prefixed_ids(store: Store) -> None:
    found = compare.find_rows(store, ["semaglutide", "substance:tesamorelin", "class:glp1-ra",
                                      "nothing"])
    assert [r.target for r in found] == ["substance:semaglutide", "substance:tesamorelin",
                                         "class:glp1-ra"]


def test_csv_parses_back_and_matches(store: Store) -> None:
    rows = compare.sort_rows(compare.substance_rows(store), "name", descending=True)
    cols = ["evidence", "fda", "mechanism"]
    parsed = list(csv.reader(io.StringIO(compare_export.to_csv(rows, cols, "substance"))))
    assert parsed[0] == ["Name", "Evidence level", "FDA status", "Mechanism"]
    assert [p[0] for p in parsed[1:]] == ["Tesamorelin", "Semaglutide"]
    for line, row in zip(parsed[1:], rows, strict=True):
        assert line == [row.cell(c).plain for c in ["name", *cols]]
    assert "Approved (narrow)" in parsed[1][2] and "2010-11" in parsed[1][2]
    text = compare_export.to_csv(compare.class_rows(store), ["class"], "class")
    classes = list(csv.reader(io.StringIO(text)))
    assert classes[0] == ["Name", "Members"]


def test_html_has_headers_rows_and_badges_as_text(store: Store) -> None:
    rows = compare.substance_rows(store)
    out = compare_export.to_html(rows, ["fda", "evidence", "dosing_frequency"], "substance",
                          title="Compared", caption="Filter: none.")
    assert out.count("<th ") == 4 and out.count("<tr>") == 1 + len(rows)
    for header in ("Name", "FDA status", "Evidence level", "Dosing frequency (as reported)"):
        assert f">{header}</th>" in out
    assert "Semaglutide" in out and "Tesamorelin" in out
    assert "&nbsp;Approved (narrow)&nbsp;</span>" in out  # the badge carries its text
    assert "Approved product" in out and "not a dosing recommendation" in out
    assert "<h2>Compared</h2>" in out and "Filter: none." in out
    compact = compare_export.to_html(rows, ["fda"], "substance", compact=True)
    assert "HIV lipodystrophy only" not in compact and "HIV lipodystrophy only" in out


def test_tsv_is_one_line_per_row(store: Store) -> None:
    rows = compare.substance_rows(store)
    lines = compare_export.to_tsv(rows, ["mechanism"], "substance").splitlines()
    assert lines[0] == "Name\tMechanism" and len(lines) == 1 + len(rows)


def test_provenance_lookup(store: Store) -> None:
    sema = compare.substance_rows(store)[0]
    mech = sema.cell("mechanism")
    assert mech.refs == ("drucker2006",) and mech.specific
    found = compare.sources(mech, store.reference)
    assert [(s.key, s.status, s.status_label) for s in found] == [
        ("drucker2006", "verified", "Verified")]
    text = compare.provenance_text(mech, store.reference)
    assert "[Verified] Drucker DJ. The biology of incretin hormones." in text
    # no provenance for route: falls back to the general references, and says so
    route = sema.cell("route")
    assert not route.specific and route.refs == ("drucker2006",)
    assert compare.provenance_text(route, store.reference).startswith("General references")
    # EMA of semaglutide has no reference and is unconfirmed
    ema = sema.cell("ema")
    assert compare.sources(ema, store.reference) == []
    assert compare.provenance_text(ema, store.reference).splitlines() == [
        NO_REFERENCE, f"{compare.UNCONFIRMED_NOTE} Status checked 2025-12."]
    html = compare.provenance_html("Semaglutide — EMA status", ema, store.reference)
    assert NO_REFERENCE in html and "ref:" not in html
    corrected = compare.sources(Cell("x", ("bramnert2003", "missing-key")), store.reference)
    assert [(s.status, s.status_label) for s in corrected] == [
        ("corrected", "Corrected"), ("missing", "Not in the reference list")]
    html = compare.provenance_html("h", sema.cell("fda"), store.reference, "dark")
    assert 'href="ref:drucker2006"' in html and "Verified" in html


def test_dosing_cells_carry_the_dosing_caveat(store: Store) -> None:
    cell = compare.substance_rows(store)[0].cell("dosing_frequency")
    assert cell.note == compare.DOSING_NOTE
    assert "not a dosing recommendation" in compare.provenance_text(cell, store.reference)


def test_compare_module_has_no_qt() -> None:
    for module in (compare, compare_export):
        source = Path(module.__file__).read_text(encoding="utf-8")
        assert "PySide6" not in source and "pyqtgraph" not in source


def test_every_cell_badge_has_a_readable_colour(store: Store) -> None:
    from peptide_desk.themes import PALETTES

    ids = {r.cell(c).badge for kind in compare.KINDS for r in compare.build_rows(store, kind)
           for c in compare.BADGE_COLUMNS} - {""}
    assert badges.EVIDENCE in ids and badges.BOXED_BADGE in ids
    for pal in PALETTES.values():
        for badge in (*ids, *STATUS_ORDER, badges.UNVERIFIED):
            bg, fg = badges.badge_colours(pal, badge)
            assert bg != fg, badge  # the label is always readable
            if pal.name != "high-contrast":
                assert (bg, fg) != (pal.alt_base, pal.text), badge  # a real badge colour


# --- safety, off-label and unconfirmed statuses -------------------------------------------------
def item(kind: str, title: str, refs: tuple[str, ...] = ("drucker2006",), checked: str = "2026-01",
         confirmed: bool = True) -> SafetyItem:
    return SafetyItem(kind, title, f"{title}.", refs, checked, confirmed)


def no_label(*items: SafetyItem) -> Safety:
    return Safety("none", "", "", items)


def sub(store: Store, sid: str) -> Substance:
    found = store.substance(sid)
    assert found is not None
    return found


def test_safety_column_follows_the_status_columns() -> None:
    assert COLUMN_IDS[:4] == ("fda", "ema", "evidence", "safety")
    assert compare.header_for("safety", "substance") == "Safety"
    assert compare.header_for("safety", "class") == "Safety"
    assert "safety" in compare.BADGE_COLUMNS  # a boxed warning is drawn as a badge


def test_safety_cell_boxed_warning_then_contraindications(store: Store) -> None:
    cell = compare.substance_rows(store)[0].cell("safety")
    assert cell.text == "⚠ Boxed warning: Risk of thyroid C-cell tumours"
    assert cell.text.startswith(compare.BOXED) and cell.badge == compare.BOXED_BADGE
    assert cell.detail == "Contraindications: Medullary thyroid carcinoma or MEN 2"
    assert "Pancreatitis" not in cell.plain  # warnings are not key items when there are
    assert cell.refs == ("drucker2006",) and cell.specific  # contraindications
    assert "From the approved label: US prescribing information (test label)." in cell.note
    assert "Checked 2026-01-10." in cell.note
    text = compare.provenance_text(cell, store.reference)
    assert text.startswith("References:") and "[Verified] Drucker DJ." in text


def test_safety_cell_without_boxed_warning(store: Store) -> None:
    cell = compare.substance_rows(store)[1].cell("safety")
    assert (cell.text, cell.detail, cell.badge) == ("No boxed warning",
                                                    "Contraindications: Pregnancy", "")
    assert cell.refs == ("bramnert2003",) and "WADA" not in cell.plain
    warnings_only = Safety("approved", "Label", "", (item("warning", "Pancreatitis"),
                                                     item("anti-doping", "WADA S2")))
    cell = compare.safety_cell(warnings_only)
    assert (cell.text, cell.detail) == ("No boxed warning", "Warnings: Pancreatitis")


def test_safety_cell_without_an_approved_label() -> None:
    safety = no_label(item("signal", "Liver injury", ("a",)), item("compounded", "Impurities"),
                      item("signal", "Hypotension", ("b", "a"), confirmed=False))
    cell = compare.safety_cell(safety)
    assert cell.text == compare.NO_LABEL and cell.badge == ""
    assert cell.detail == "Known human safety signals: Liver injury; Hypotension"
    assert cell.refs == ("a", "b")
    assert "not a label" in cell.note and "1 of 2 items not confirmed" in cell.note
    empty = compare.safety_cell(no_label())
    assert empty.plain == "No approved label — No human safety signals recorded"
    assert empty.refs == ()
    missing = compare.safety_cell(None)
    assert missing.text == compare.NO_SAFETY and missing.note == compare.NO_SAFETY_NOTE


def test_class_safety_summarises_its_block_and_members_boxed_warnings(store: Store) -> None:
    rows = {r.id: r for r in compare.class_rows(store)}
    glp1 = rows["glp1-ra"].cell("safety")
    assert glp1.text == "⚠ Boxed warning in 1 of 1 members" and glp1.badge == "warning"
    assert glp1.detail == ("Risk of thyroid C-cell tumours (Semaglutide) · Class-wide "
                           "warnings: Hypoglycaemia with insulin or sulfonylureas")
    assert glp1.refs == ("drucker2006",) and compare.MEMBER_BOXED_NOTE in glp1.note
    ghrh = rows["ghrh-analogues"].cell("safety")  # no class block: read from the members
    assert ghrh.plain == compare.NO_MEMBER_BOXED and ghrh.badge == ""


def test_class_safety_groups_members_by_subject(store: Store) -> None:
    sema = sub(store, "semaglutide")
    twin = replace(sema, id="twin", name="Twin")
    other = replace(sema, id="other", name="Other", status="investigational",
                    safety=no_label(item("signal", "Nausea")))
    cls = replace(store.classes()[0], members=("semaglutide", "twin", "other"), safety=None)
    cell = compare.class_safety_cell(cls, [sema, twin, other])
    assert cell.text == "⚠ Boxed warning in 2 of 3 members"
    assert cell.detail == "Risk of thyroid C-cell tumours (Semaglutide, Twin)"
    own = Safety("approved", "Class label", "", (item("boxed-warning", "Class box", ("k",)),
                                                  item("contraindication", "Class contra")))
    cell = compare.class_safety_cell(replace(cls, safety=own), [sema, twin])
    assert cell.text == "⚠ Boxed warning: Class box"  # the class's own box replaces members'
    assert cell.detail == "Class-wide contraindications: Class contra"
    assert cell.refs == ("k", "drucker2006")
    unlabelled = compare.class_safety_cell(cls, [other])
    assert unlabelled.text == compare.NO_LABEL and unlabelled.badge == ""
    assert unlabelled.detail == ""  # the members' signals are on their own rows
    signals = replace(cls, safety=no_label(item("signal", "Class signal")))
    narrow = sub(store, "tesamorelin")  # approved, without a boxed warning
    mixed = compare.class_safety_cell(signals, [other, narrow])
    assert mixed.text == compare.NO_MEMBER_BOXED  # a member has a label: not "No approved label"
    assert mixed.detail == "Class-wide known human safety signals: Class signal"
    nothing = compare.class_safety_cell(cls, [replace(sema, safety=None)])
    assert nothing.text == compare.NO_SAFETY


def test_sort_and_filter_by_safety(store: Store) -> None:
    rows = compare.substance_rows(store)
    assert [r.id for r in compare.sort_rows(list(reversed(rows)), "safety")] == [
        "semaglutide", "tesamorelin"]  # boxed warnings first
    assert [r.id for r in compare.filter_rows(rows, Filter(text="boxed thyroid"))] == [
        "semaglutide"]


def test_side_by_side_has_a_safety_row_after_status(store: Store) -> None:
    sema, tesa = compare.substance_rows(store)
    attrs = compare.side_by_side([sema, tesa])
    ids = [a.column.id for a in attrs]
    assert ids.index("safety") == ids.index("evidence") + 1 == 3
    safety = attrs[3]
    assert safety.header == "Safety" and safety.differs and safety.unique == (True, True)
    assert safety.cells[0].plain.startswith("⚠ Boxed warning: Risk of thyroid C-cell tumours")
    assert "Contraindications: Pregnancy" in safety.cells[1].plain
    assert not compare.side_by_side([sema, sema])[3].differs


def test_exports_carry_the_safety_column(store: Store) -> None:
    rows = compare.substance_rows(store)
    cols = list(COLUMN_IDS[:4])
    parsed = list(csv.reader(io.StringIO(compare_export.to_csv(rows, cols, "substance"))))
    assert parsed[0] == ["Name", "FDA status", "EMA status", "Evidence level", "Safety"]
    assert parsed[1][4] == ("⚠ Boxed warning: Risk of thyroid C-cell tumours — "
                            "Contraindications: Medullary thyroid carcinoma or MEN 2")
    tsv = compare_export.to_tsv(rows, cols, "substance").splitlines()
    assert tsv[0].endswith("\tSafety") and tsv[1].split("\t")[4] == parsed[1][4]
    out = compare_export.to_html(rows, cols, "substance")
    assert ">Safety</th>" in out and compare.SAFETY_NOTE in out
    assert "&nbsp;⚠ Boxed warning: Risk of thyroid C-cell tumours&nbsp;</span>" in out
    compact = compare_export.to_html(rows, cols, "substance", compact=True)
    assert "Medullary thyroid carcinoma" in compact  # safety lines are never dropped
    assert "Ozempic for type 2 diabetes" not in compact  # regulator details may be
    assert compare.SAFETY_NOTE not in compare_export.to_html(rows, ["fda"], "substance")


def test_off_label_only_for_approved_products(store: Store) -> None:
    sema = sub(store, "semaglutide")
    assert compare.off_label_cell(sema).text == sema.off_label  # approved: its notes
    for status in ("investigational", "formerly-approved", "preclinical", "refused"):
        agent = replace(sema, status=status, off_label="Weight-loss use is off-label.")
        assert not agent.is_labelled
        cell = compare.off_label_cell(agent)
        assert cell.plain == compare.UNAPPROVED_USE and "off-label" not in cell.plain.lower()
        assert cell.note == compare.UNAPPROVED_NOTE and cell.refs == sema.fda.refs
        assert compare.substance_row(agent).cell("off_label") == cell
    narrow = sub(store, "tesamorelin")
    assert narrow.is_labelled and compare.off_label_cell(narrow).text == "Not reported"
    cls = replace(store.classes()[0], off_label="Use is off-label.")
    unapproved = [replace(sema, status="investigational")]
    assert compare.class_row(cls, unapproved).cell("off_label").text == compare.UNAPPROVED_USE
    assert compare.class_row(cls, [sema]).cell("off_label").text == "Use is off-label."


def test_unconfirmed_approval_is_never_in_the_approved_colour() -> None:
    from peptide_desk.themes import PALETTES

    shaky = Regulatory("Authorised (not verified)", "2018", "", (), False)
    bare = Regulatory("Approved", "2018", "", (), False)
    firm = Regulatory("Approved", "2018", "", ("x",), True)
    assert badges.wording_colour(shaky.status) == "approved"  # the wording alone
    assert badges.regulator_colour(shaky) == badges.regulator_colour(bare) == badges.UNVERIFIED
    assert badges.regulator_colour(firm) == "approved"
    assert badges.regulator_colour(Regulatory("Investigational", "", "", (), False)) == (
        "investigational")  # only an approval loses its colour
    assert compare.reg_text(shaky) == "Authorised (not verified)"  # already says so
    assert compare.reg_text(bare) == "Approved (not confirmed)" and compare.reg_text(firm) == (
        "Approved")
    for pal in PALETTES.values():
        colours = badges.badge_colours(pal, badges.UNVERIFIED)
        assert colours == badges.badge_colours(pal, "no-evidence")
        if pal.name != "high-contrast":
            assert colours not in (pal.badges["approved"], pal.badges["approved-narrow"])


def test_unconfirmed_approvals_in_cells_sorts_and_classes(store: Store) -> None:
    sema = sub(store, "semaglutide")
    ema = compare.substance_row(sema).cell("ema")  # the fixture's EMA status is unconfirmed
    assert (ema.text, ema.badge) == ("Approved (not confirmed)", badges.UNVERIFIED)
    assert ema.note == f"{compare.UNCONFIRMED_NOTE} Status checked 2025-12."
    assert compare.substance_row(sema).cell("fda").note == "Status checked 2026-01-10."
    shaky = replace(sema, id="shaky", name="Shaky",
                    fda=replace(sema.fda, status="Authorised (not verified)", confirmed=False))
    narrow = replace(sema, id="narrow", name="Narrow",
                     fda=replace(sema.fda, status="Approved — narrow indication"))
    rows = compare.substance_rows(FakeStore([shaky, narrow, sema], []))
    assert [r.id for r in compare.sort_rows(rows, "fda")] == ["semaglutide", "narrow", "shaky"]
    cls = replace(store.classes()[0], members=("semaglutide", "shaky"))
    fda = compare.class_row(cls, [sema, shaky]).cell("fda")
    assert fda.text == "1 of 2 approved, 1 not confirmed" and fda.badge == "approved"
    only_shaky = compare.class_row(cls, [shaky]).cell("fda")
    assert only_shaky.text == "0 of 1 approved, 1 not confirmed"
    assert only_shaky.badge == badges.UNVERIFIED
    assert "Shaky: Authorised (not verified)" in only_shaky.detail
    assert fda.note.endswith("Oldest status check 2026-01-10.")
    assert only_shaky.note.endswith(" Status checked 2026-01-10.")
