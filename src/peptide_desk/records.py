"""Typed records the run-time layer hands to the interface (no Qt, no SQL outside store)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from peptide_desk.citations import full_citation, short_citation

TIERS: tuple[str, ...] = ("fundamentals", "intermediate", "academic")
TIER_LABELS: dict[str, str] = {
    "fundamentals": "Fundamentals",
    "intermediate": "Intermediate",
    "academic": "Academic",
}

#: Badge vocabulary (ux.md): text is always shown, colour only reinforces it.
STATUS_LABELS: dict[str, str] = {
    "approved": "Approved",
    "approved-narrow": "Approved — narrow indication",
    "formerly-approved": "Formerly approved",
    "investigational": "Investigational",
    "preclinical": "Preclinical",
    "no-evidence": "No evidence found",
    "refused": "Refused / withdrawn",
}
EVIDENCE_LABELS: dict[str, str] = {
    "approved": "Approved product",
    "phase-3": "Phase 3",
    "phase-2": "Phase 2",
    "phase-1": "Phase 1",
    "preclinical": "Preclinical",
    "no-evidence": "No evidence found",
}
#: Strongest first; used to sort and to summarise a class by its best-evidenced member.
EVIDENCE_ORDER: tuple[str, ...] = tuple(EVIDENCE_LABELS)
STATUS_ORDER: tuple[str, ...] = tuple(STATUS_LABELS)
VERIFICATION_LABELS: dict[str, str] = {
    "verified": "Verified",
    "corrected": "Corrected",
    "secondary": "Secondary source",
    "identified": "Identified",
    "unconfirmed": "Unconfirmed",
}
#: One line each, shown with the badges and on the References page.
VERIFICATION_HELP: dict[str, str] = {
    "verified": "the citation was seen as written on a primary page (publisher, PubMed or "
                "PMC, regulator or label)",
    "corrected": "the work exists, but details in the source article differed and are "
                 "corrected here",
    "secondary": "the work was seen only on a secondary page (news, a drug-information or "
                 "consumer site), not on the original",
    "identified": "the work is identified, but some citation fields (title, authors or "
                  "pages) could not be retrieved",
    "unconfirmed": "no page confirming the work was found; treat with caution",
}
#: What an unapproved agent shows where an approved product shows 'Off-label'.
UNAPPROVED_USE = "Unapproved: every use is outside an approval"

#: Safety item kinds in display order, with their section headings.
SAFETY_KIND_LABELS: dict[str, str] = {
    "boxed-warning": "Boxed warning",
    "contraindication": "Contraindications",
    "warning": "Warnings and precautions",
    "limitation": "Limitations of use",
    "monitoring": "Monitoring",
    "pregnancy": "Pregnancy and lactation",
    "interaction": "Interactions",
    "schedule": "Scheduling",
    "anti-doping": "Anti-doping",
    "signal": "Known human safety signals",
    "compounded": "Compounded and unregulated products",
}


_HEDGE = re.compile(r"\s*\((?:not verified|unverified|not independently confirmed|"
                    r"not confirmed)\)", re.IGNORECASE)


def a_year_before(value: str) -> str:
    """The full date one year before ``value`` (for 'checked over a year ago')."""
    year, rest = date_key(value).split("-", 1)
    return f"{int(year) - 1}-{rest}"


def date_key(value: str) -> str:
    """An ISO date of any precision as a sortable full date (a month counts from its 1st)."""
    return "-".join([*value.split("-"), "01", "01"][:3]) if value else "9999-99-99"


def oldest(dates: list[str] | tuple[str, ...]) -> str:
    """The earliest of some ISO dates of mixed precision ('' when there are none)."""
    known = [d for d in dates if d]
    return min(known, key=date_key) if known else ""


@dataclass(frozen=True)
class Section:
    article_id: str
    anchor: str
    tier: str
    order: int
    title: str
    html: str
    words: int


@dataclass(frozen=True)
class ArticleSummary:
    id: str
    title: str
    summary: str
    as_of: str
    order: int
    reading_minutes: dict[str, int]


@dataclass(frozen=True)
class Article:
    id: str
    title: str
    summary: str
    as_of: str
    order: int
    source: str
    substances: tuple[str, ...]
    reading_minutes: dict[str, int]
    sections: tuple[Section, ...]
    #: citation number -> reference key, in order of first citation
    citations: tuple[tuple[int, str], ...]
    check_notes: tuple[str, ...] = ()

    def sections_for(self, tier: str) -> tuple[Section, ...]:
        """Sections shown when the reader selects ``tier`` (that tier and the ones below)."""
        level = TIERS.index(tier)
        return tuple(s for s in self.sections if TIERS.index(s.tier) <= level)

    def minutes_for(self, tier: str) -> int:
        """Reading time of the tiers shown at ``tier``."""
        level = TIERS.index(tier)
        return sum(self.reading_minutes.get(t, 0) for t in TIERS[: level + 1])


@dataclass(frozen=True)
class Regulatory:
    status: str
    date: str
    detail: str
    refs: tuple[str, ...]
    confirmed: bool
    checked: str = ""  # when the status was last checked against a page

    @property
    def status_text(self) -> str:
        """The status without a hedge in brackets: ``confirmed`` says that once, everywhere."""
        return _HEDGE.sub("", self.status).strip()


@dataclass(frozen=True)
class SafetyItem:
    kind: str  # a key of SAFETY_KIND_LABELS
    title: str
    text: str
    refs: tuple[str, ...]
    checked: str
    confirmed: bool = True


@dataclass(frozen=True)
class Safety:
    """Label safety of a substance or class: typed items, each with sources and a check date."""

    label: str  # "approved": from an approved label; "none": no approved label exists
    label_source: str
    note: str
    items: tuple[SafetyItem, ...]
    check_notes: tuple[str, ...] = ()  # how the label was seen: shown under "How this was checked"

    def of_kind(self, kind: str) -> tuple[SafetyItem, ...]:
        return tuple(i for i in self.items if i.kind == kind)

    @property
    def boxed(self) -> tuple[SafetyItem, ...]:
        return self.of_kind("boxed-warning")

    @property
    def checked(self) -> str:
        """The oldest check date among the items."""
        return oldest([i.checked for i in self.items])


@dataclass(frozen=True)
class KeyFigure:
    text: str
    refs: tuple[str, ...]


@dataclass(frozen=True)
class Dosing:
    text: str
    source: str


@dataclass(frozen=True)
class Mention:
    """A place in an article that discusses a substance or class."""

    article_id: str
    article_title: str
    anchor: str
    section_title: str
    tier: str


@dataclass(frozen=True)
class Substance:
    id: str
    name: str
    class_id: str
    class_name: str
    is_peptide: bool
    summary: str
    synonyms: tuple[str, ...]
    brand_names: tuple[str, ...]
    mechanism: str
    receptor: str
    target_organs: str
    route: str
    dosing_frequency: str
    insulin_effect: str
    status: str
    evidence_level: str
    off_label: str
    cautions: tuple[str, ...]
    related: tuple[str, ...]
    refs: tuple[str, ...]
    fda: Regulatory
    ema: Regulatory
    dosing: Dosing | None
    key_figures: tuple[KeyFigure, ...]
    provenance: dict[str, tuple[str, ...]]
    mentions: tuple[Mention, ...] = ()
    safety: Safety | None = None
    check_notes: tuple[str, ...] = ()

    @property
    def status_checked(self) -> str:
        """When the regulatory status was last checked: the older of the two regulators."""
        return oldest([self.fda.checked, self.ema.checked])

    @property
    def is_labelled(self) -> bool:
        """An approved product: off-label use exists only for these."""
        return self.status in ("approved", "approved-narrow")

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def evidence_label(self) -> str:
        return EVIDENCE_LABELS[self.evidence_level]

    def refs_for(self, column: str) -> tuple[str, ...]:
        """References behind one attribute; the page's general references otherwise."""
        return self.provenance.get(column) or self.refs


@dataclass(frozen=True)
class DrugClass:
    id: str
    name: str
    synonyms: tuple[str, ...]
    summary: str
    mechanism: str
    targets: str
    target_organs: str
    route: str
    dosing_frequency: str
    insulin_effect: str
    key_figure: KeyFigure | None
    off_label: str
    refs: tuple[str, ...]
    provenance: dict[str, tuple[str, ...]]
    members: tuple[str, ...]
    mentions: tuple[Mention, ...] = ()
    safety: Safety | None = None
    check_notes: tuple[str, ...] = ()

    def refs_for(self, column: str) -> tuple[str, ...]:
        return self.provenance.get(column) or self.refs


@dataclass(frozen=True)
class GlossaryTerm:
    id: str
    term: str
    expansion: str
    definition: str
    synonyms: tuple[str, ...]
    see_also: tuple[str, ...]


@dataclass(frozen=True)
class Reference:
    key: str
    authors: str
    title: str
    journal: str
    year: int
    volume: str
    pages: str
    doi: str
    pmid: str
    pmcid: str
    url: str
    kind: str
    status: str
    note: str
    as_cited: tuple[str, ...]
    seed_refs: tuple[str, ...]

    @property
    def citation(self) -> str:
        """One-line citation in Vancouver-like style (citations.full_citation)."""
        return full_citation(self.authors, self.title, self.journal, self.year, self.volume,
                             self.pages)

    @property
    def short_citation(self) -> str:
        """'Frías et al. 2021' (citations.short_citation)."""
        return short_citation(self.authors, self.year)

    @property
    def status_label(self) -> str:
        return VERIFICATION_LABELS[self.status]


@dataclass(frozen=True)
class TableRow:
    cells: tuple[str, ...]
    refs: tuple[str, ...]
    link: str
    note: str


@dataclass(frozen=True)
class DataTable:
    id: str
    title: str
    article_id: str
    tier: str
    caption: str
    correction: str
    columns: tuple[str, ...]
    rows: tuple[TableRow, ...]


@dataclass(frozen=True)
class Phase:
    name: str
    start: float
    end: float
    description: str


@dataclass(frozen=True)
class Series:
    name: str
    kind: str  # "measured" | "schematic"
    unit: str
    points: tuple[tuple[float, float], ...]
    refs: tuple[str, ...]
    note: str

    @property
    def xs(self) -> list[float]:
        return [p[0] for p in self.points]

    @property
    def ys(self) -> list[float]:
        return [p[1] for p in self.points]


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    article_id: str
    x_unit: str
    y_label: str
    y_unit: str
    caveat: str
    refs: tuple[str, ...]
    description: str
    phases: tuple[Phase, ...]
    series: tuple[Series, ...] = field(default_factory=tuple)
    check_notes: tuple[str, ...] = ()

    @property
    def is_schematic(self) -> bool:
        return all(s.kind == "schematic" for s in self.series)


@dataclass(frozen=True)
class SiteInfo:
    title: str
    content_as_of: str
    disclaimer_html: str
    disclaimer_short: str
    about_html: str
    schema_version: int
    content_hash: str
    counts: dict[str, int]
    oldest_status_check: str = ""  # the oldest regulatory check date of any substance
