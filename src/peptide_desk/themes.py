"""Colour themes shared by every panel (pure data; the Qt layer applies them).

Three themes: light, dark and high-contrast (pure black/white, thick focus rings, no
low-contrast greys). Series colours are Okabe-Ito, safe for the common colour-vision
deficiencies, and always paired with a dash style and marker so colour is never alone.
"""

from __future__ import annotations

from typing import NamedTuple

THEMES: tuple[str, ...] = ("light", "dark", "high-contrast")
THEME_LABELS = {"light": "Light", "dark": "Dark", "high-contrast": "High contrast"}

OKABE_ITO: tuple[str, ...] = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9",
                              "#D55E00", "#F0E442", "#000000")
#: Dash styles and markers, cycled with the colours (pyqtgraph marker symbols).
DASHES: tuple[str, ...] = ("solid", "dash", "dot", "dashdot", "solid", "dash", "dot")
MARKERS: tuple[str, ...] = ("o", "s", "t", "d", "+", "x", "star")


class Palette(NamedTuple):
    """A theme's colours (a NamedTuple: cheap to define on the start path)."""

    name: str
    window: str
    base: str
    alt_base: str
    text: str
    muted: str
    border: str
    accent: str
    accent_text: str
    link: str
    highlight: str
    mark: str
    mark_text: str
    evidence_rule: str
    evidence_bg: str
    caveat_rule: str
    caveat_bg: str
    chart_rule: str
    chart_bg: str
    grid: str
    focus_width: int
    #: badge id -> (background, text)
    badges: dict[str, tuple[str, str]] = {}  # noqa: RUF012 - never mutated
    series: tuple[str, ...] = OKABE_ITO
    #: phase band fill colours (with alpha as #RRGGBBAA)
    phases: tuple[str, ...] = ()
    #: the boxed-warning frame and its fill (always with the word and a symbol, never alone)
    warning_rule: str = "#B3261E"
    warning_bg: str = "#FDF1F0"
    #: the ring around a link focused from the keyboard (pixels at 100%; a projector needs
    #: it thick), drawn in ``focus_ring``
    link_focus: int = 3
    focus_ring: str = "#1F5FAD"


_BADGES_LIGHT = {
    "approved": ("#DCF2E3", "#0B5D2A"), "approved-narrow": ("#D5F0EE", "#0B5550"),
    "formerly-approved": ("#E3E8EE", "#2F3D4C"), "investigational": ("#FCEBC7", "#6B4500"),
    "preclinical": ("#ECE3F8", "#4B2A7B"), "no-evidence": ("#E8E8E8", "#3A3A3A"),
    "refused": ("#F9DEDC", "#8A1C13"), "off-label": ("#FFF4D6", "#5C4200"),
    "verified": ("#DCF2E3", "#0B5D2A"), "corrected": ("#FCEBC7", "#6B4500"),
    "unconfirmed": ("#F9DEDC", "#8A1C13"), "secondary": ("#E3E8EE", "#2F3D4C"),
    "identified": ("#ECE3F8", "#4B2A7B"), "warning": ("#B3261E", "#FFFFFF"),
}
_BADGES_DARK = {
    "approved": ("#1E4D31", "#C8F0D5"), "approved-narrow": ("#164A47", "#C3EEEA"),
    "formerly-approved": ("#333F4C", "#D9E1EA"), "investigational": ("#5A3F0A", "#FBE3B0"),
    "preclinical": ("#3F2D5C", "#E3D6F7"), "no-evidence": ("#3C3C3C", "#E0E0E0"),
    "refused": ("#5E1F1A", "#F8D3CF"), "off-label": ("#4D3D0E", "#FBEBB5"),
    "verified": ("#1E4D31", "#C8F0D5"), "corrected": ("#5A3F0A", "#FBE3B0"),
    "unconfirmed": ("#5E1F1A", "#F8D3CF"), "secondary": ("#333F4C", "#D9E1EA"),
    "identified": ("#3F2D5C", "#E3D6F7"), "warning": ("#F2B8B5", "#410E0B"),
}
_BADGES_HC = {k: ("#000000", "#FFFFFF") for k in _BADGES_LIGHT}

PALETTES: dict[str, Palette] = {
    "light": Palette(
        "light", window="#F4F5F7", base="#FFFFFF", alt_base="#F7F8FA", text="#1B1E23",
        muted="#59616C", border="#D3D7DD", accent="#1F5FAD", accent_text="#FFFFFF",
        link="#1A56A0", highlight="#CFE0F7", mark="#FFE58A", mark_text="#1B1E23",
        evidence_rule="#1F5FAD", evidence_bg="#F1F6FC", caveat_rule="#8A5A00",
        caveat_bg="#FBF7EE", chart_rule="#0B7A6E", chart_bg="#EFF8F6", grid="#C9CED6",
        focus_width=2, badges=_BADGES_LIGHT,
        phases=("#0072B226", "#E69F0026", "#009E7326", "#CC79A726")),
    "dark": Palette(
        "dark", window="#1C1F24", base="#23272E", alt_base="#2A2F37", text="#E6E9ED",
        muted="#A4ADB8", border="#3C434D", accent="#6EA8F0", accent_text="#0E1116",
        link="#8DBBF5", highlight="#2F4A6E", mark="#8A6D00", mark_text="#FFFFFF",
        evidence_rule="#6EA8F0", evidence_bg="#243040", caveat_rule="#E0B04A",
        caveat_bg="#332B1C", chart_rule="#3DBDAA", chart_bg="#1D3330", grid="#4A525E",
        focus_width=2, badges=_BADGES_DARK, warning_rule="#F2B8B5", warning_bg="#3A1D1B",
        focus_ring="#8DBBF5",
        series=("#56B4E9", "#E69F00", "#009E73", "#CC79A7", "#F0E442", "#D55E00",
                "#0072B2", "#FFFFFF"),
        phases=("#56B4E933", "#E69F0033", "#009E7333", "#CC79A733")),
    "high-contrast": Palette(
        "high-contrast", window="#000000", base="#000000", alt_base="#000000",
        text="#FFFFFF", muted="#FFFFFF", border="#FFFFFF", accent="#FFFF00",
        accent_text="#000000", link="#FFFF00", highlight="#FFFF00", mark="#FFFF00",
        mark_text="#000000", evidence_rule="#FFFFFF", evidence_bg="#000000",
        caveat_rule="#FFFF00", caveat_bg="#000000", chart_rule="#00FFFF",
        chart_bg="#000000", grid="#FFFFFF", focus_width=4, badges=_BADGES_HC,
        warning_rule="#FFFF00", warning_bg="#000000", link_focus=5, focus_ring="#FFFF00",
        series=("#FFFF00", "#00FFFF", "#FF80FF", "#FFFFFF", "#80FF80", "#FFA040",
                "#A0C0FF", "#FF6060"),
        phases=("#FFFFFF2E", "#FFFF0024", "#00FFFF24", "#FF80FF24")),
}


def palette(name: str) -> Palette:
    """The palette for ``name``, falling back to light for an unknown name."""
    return PALETTES.get(name, PALETTES["light"])


def theme_of(window: str) -> str:
    """The theme whose window colour is ``window`` ("#RRGGBB"), else light: which theme a
    widget is painted in, read back from the colours applied."""
    return next((name for name, pal in PALETTES.items()
                 if pal.window.lower() == window.lower()), "light")


def reading_css(p: Palette, base_pt: float) -> str:
    """Stylesheet for rendered article and reference pages (QTextDocument CSS subset)."""
    small = round(base_pt * 0.85, 1)
    return f"""
body {{ color: {p.text}; background-color: {p.base}; font-size: {base_pt}pt; }}
p, li {{ line-height: 150%; margin-top: 0px; margin-bottom: {base_pt * 0.7 * 1.33:.0f}px; }}
h1 {{ font-size: {base_pt * 1.9:.1f}pt; font-weight: 700; margin-bottom: 5px; }}
h2 {{ font-size: {base_pt * 1.4:.1f}pt; font-weight: 650; margin-top: {base_pt * 1.6 * 1.33:.0f}px;
      margin-bottom: {base_pt * 0.5 * 1.33:.0f}px; }}
h3 {{ font-size: {base_pt * 1.15:.1f}pt; font-weight: 650; margin-top: {base_pt * 1.33:.0f}px; }}
a {{ color: {p.link}; text-decoration: none; }}
a.term {{ color: {p.text}; text-decoration: underline; }}
sup.cite {{ font-size: {small}pt; }}
.meta, .caption, .muted {{ color: {p.muted}; font-size: {small}pt; }}
.tier-label {{ color: {p.muted}; font-size: {small}pt; font-weight: 700;
               text-transform: uppercase; margin-top: {base_pt * 2 * 1.33:.0f}px; }}
table.data {{ border-collapse: collapse; border: 1px solid {p.border}; margin-top: 5px;
              margin-bottom: 5px; }}
table.data th {{ background-color: {p.alt_base}; color: {p.text}; font-weight: 700;
                 text-align: left; border: 1px solid {p.border}; padding: 6px; }}
table.data td {{ border: 1px solid {p.border}; padding: 6px; vertical-align: top; }}
.table-title {{ font-weight: 700; margin-top: {base_pt * 1.33:.0f}px; margin-bottom: 3px; }}
table.box {{ margin-top: {base_pt * 0.8:.0f}px;
             margin-bottom: {base_pt * 1.2:.0f}px; }}
td.box-body {{ padding: 10px; }}
td.evidence-rule {{ background-color: {p.evidence_rule}; }}
td.evidence-body {{ background-color: {p.evidence_bg}; }}
td.caveat-rule {{ background-color: {p.caveat_rule}; }}
td.caveat-body {{ background-color: {p.caveat_bg}; }}
td.chart-rule {{ background-color: {p.chart_rule}; }}
td.chart-body {{ background-color: {p.chart_bg}; }}
p.box-title {{ font-weight: 700; margin-bottom: 5px; }}
.correction {{ color: {p.muted}; font-style: italic; }}
span.badge {{ font-weight: 700; }}
p.lead {{ font-size: {base_pt * 1.1:.1f}pt; }}
td.note-rule {{ background-color: {p.muted}; }}
td.note-body {{ background-color: {p.alt_base}; }}
table.card {{ margin-bottom: {round(base_pt * 0.8)}px; }}
td.card {{ background-color: {p.alt_base}; border: 1px solid {p.border}; padding: 10px; }}
p.card-title {{ font-size: {base_pt * 1.15:.1f}pt; font-weight: 700; margin-bottom: 4px; }}
p.ref-item {{ margin-bottom: {round(base_pt * 0.6)}px; }}
table.boxed {{ border: 3px solid {p.warning_rule}; margin-top: {base_pt * 0.6:.0f}px;
               margin-bottom: {base_pt * 0.8:.0f}px; }}
td.boxed-body {{ background-color: {p.warning_bg}; color: {p.text}; padding: 10px; }}
p.boxed-title {{ font-weight: 700; font-size: {base_pt * 1.1:.1f}pt; margin-bottom: 4px; }}
p.safety-line {{ margin-bottom: {round(base_pt * 0.5)}px; }}
"""
