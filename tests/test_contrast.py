"""Checkbox and radio indicators meet WCAG 1.4.11 non-text contrast (3:1) in every theme,
computed from the theme colours (no Qt)."""

from __future__ import annotations

import pytest

from peptide_desk.contrast import NON_TEXT_MIN, contrast_ratio, indicator_contrasts
from peptide_desk.themes import THEMES, palette


def test_contrast_ratio_matches_wcag() -> None:
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio("#123456", "#123456") == pytest.approx(1.0)


@pytest.mark.parametrize("theme", THEMES)
def test_indicators_meet_three_to_one_in_every_theme(theme: str) -> None:
    p = palette(theme)
    got = indicator_contrasts(p)
    assert got["border"] >= NON_TEXT_MIN, (theme, got)
    assert got["checked"] >= NON_TEXT_MIN, (theme, got)
    # the old indicator was drawn in the border colour: the failure the issue saw (dark)
    if theme == "dark":
        assert contrast_ratio(p.border, p.window) < NON_TEXT_MIN
