"""How a reference is cited, in full and in short: one rule for every page and the build.

Plain fields in, text out (no records, no Qt), so the database build, which holds references
as dictionaries, and ``records.Reference``, which the pages use, cite alike: the hover title
of a citation number in an article is the citation of the reference list, and the short
form is the same on a substance page, a reference page, a source table, a chart export, a
window title and a search result.
"""

from __future__ import annotations

import re

_INITIALS = re.compile(r"^[A-Z]{1,3}$")


def full_citation(authors: str, title: str, journal: str, year: int | str,
                  volume: str = "", pages: str = "") -> str:
    """One-line citation in Vancouver-like style: 'Authors. Title. Journal 2021;385:503-15.'"""
    parts = [f"{authors.rstrip('.')}.", f"{title.rstrip('.')}."]
    if journal:
        detail = f"{year}"
        if volume:
            detail += f";{volume}"
        if pages:
            detail += f":{pages}"
        parts.append(f"{journal} {detail}.")
    else:
        parts.append(f"{year}.")
    return " ".join(parts)


def short_citation(authors: str, year: int | str) -> str:
    """'Frías et al. 2021' for people, 'U.S. Food and Drug Administration 2021' for a body
    (what is in brackets after the first author is left out)."""
    first = authors.split(",")[0].split("(")[0].strip().rstrip(".")
    words = first.split()
    if len(words) >= 2 and _INITIALS.match(words[-1]):
        more = "," in authors or "et al" in authors
        return f"{' '.join(words[:-1])}{' et al.' if more else ''} {year}"
    return f"{first} {year}"
