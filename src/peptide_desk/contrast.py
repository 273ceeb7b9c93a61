"""WCAG contrast of theme colours (no Qt), and the colours of checkbox and radio indicators.

Non-text contrast (WCAG 2.1, 1.4.11) asks 3:1 between a control's indicator and what it sits
on; the indicators are drawn from the theme's colours here so a test can check every theme.
"""

from __future__ import annotations

from typing import NamedTuple

from peptide_desk.themes import Palette

#: WCAG 1.4.11: user-interface components against adjacent colours.
NON_TEXT_MIN = 3.0


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """Relative luminance of ``#RRGGBB`` (WCAG 2.1)."""
    h = colour.lstrip("#")[:6]
    r, g, b = (int(h[i:i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(a: str, b: str) -> float:
    """(lighter + 0.05) / (darker + 0.05): 1 to 21."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


class Indicators(NamedTuple):
    """How a checkbox or radio indicator is drawn in a theme."""

    border: str  # the box or ring, checked or not
    fill: str  # unchecked inside
    checked: str  # checked inside
    backgrounds: tuple[str, ...]  # what an indicator may sit on (window, lists, buttons)


def indicators(p: Palette) -> Indicators:
    """The muted text colour for the ring (legible everywhere) and the accent when checked."""
    return Indicators(p.muted, p.base, p.accent, (p.window, p.base, p.alt_base))


def indicator_contrasts(p: Palette) -> dict[str, float]:
    """The lowest contrast of the ring and of the checked fill against any background."""
    ind = indicators(p)
    return {"border": min(contrast_ratio(ind.border, bg) for bg in ind.backgrounds),
            "checked": min(contrast_ratio(ind.checked, bg) for bg in (*ind.backgrounds,
                                                                       ind.fill))}
