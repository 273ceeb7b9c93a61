"""Citing a place in Peptide Desk: Vancouver and AMA styles, and the link that opens it (no Qt).

A citation names the place (an article section, a substance or class page, a table, a
chart, a glossary entry), the app with its version, the content date and the date the
citation was made, and ends with the ``peptide-desk://`` link that opens the app there
(``links.app_url``). Plain fields in, text out, so the strings are tested exactly.

Vancouver follows the NLM's *Citing Medicine* pattern for a part of a database
("Part. In: Whole [medium]. Version. Date [cited date]. Available from: link"); AMA follows
the AMA Manual of Style, 11th edition, for a database or web page ("Part. Whole. Version.
Updated date. Accessed date. link").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peptide_desk import APP_NAME, __version__
from peptide_desk.links import EXTERNAL, INTERNAL, app_url, link_kind, parse_target

VANCOUVER = "vancouver"
AMA = "ama"
#: The styles offered, in menu order: (id, menu label).
STYLES: tuple[tuple[str, str], ...] = ((VANCOUVER, "Vancouver"), (AMA, "AMA"))
#: How the whole is described in Vancouver style (it is a program, not a web site).
MEDIUM = "computer program"
#: What each kind of place is called before its title (an article section has none).
KIND_PREFIX = {"table": "Table: ", "chart": "Chart: ", "glossary": "Glossary: "}
#: Places that can be cited; the app's own views (home, lists, history) cannot.
CITABLE_SCHEMES: tuple[str, ...] = ("article", "substance", "class", "table", "chart",
                                    "glossary", "ref")
NOT_CITABLE = "Open an article section, substance, table or chart to cite it."
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


@dataclass(frozen=True)
class Citable:
    """A place to cite: its title as the window shows it, and its internal target."""

    title: str
    target: str  # "article:ID#anchor", "substance:ID", "table:ID", "chart:ID" …
    content_as_of: str  # "2026-12-03" (or "2026-12")
    version: str = __version__

    @property
    def part(self) -> str:
        """The cited part's title, saying what it is when the title alone does not."""
        prefix = KIND_PREFIX.get(parse_target(self.target).scheme, "")
        return prefix + self.title if not self.title.startswith(prefix) else self.title

    @property
    def link(self) -> str:
        return app_url(self.target)


def citable(target: str, title: str, content_as_of: str) -> Citable | None:
    """The place ``target`` (titled ``title``) as something to cite; None for app views."""
    if parse_target(target).scheme not in CITABLE_SCHEMES or not title.strip():
        return None
    return Citable(" ".join(title.split()), target, content_as_of)


def _date_parts(iso: str) -> tuple[int, int, int]:
    """(year, month, day) of "2026-12-03"; 0 for a part that is missing or not a number."""
    parts = [int(p) if p.isdigit() else 0 for p in iso.strip().split("-")[:3]]
    year, month, day = [*parts, 0, 0, 0][:3]
    return year, month if 1 <= month <= 12 else 0, day if month and 1 <= day <= 31 else 0


def nlm_date(iso: str) -> str:
    """'2026 Dec 3' (Citing Medicine: year, abbreviated month, day)."""
    year, month, day = _date_parts(iso)
    parts = [str(year) if year else iso.strip(), _MONTHS[month - 1][:3] if month else "",
             str(day) if day else ""]
    return " ".join(p for p in parts if p)


def ama_date(iso: str) -> str:
    """'December 3, 2026' (AMA: month spelled out)."""
    year, month, day = _date_parts(iso)
    if not (year and month):
        return iso.strip()
    return f"{_MONTHS[month - 1]} {day}, {year}" if day else f"{_MONTHS[month - 1]} {year}"


def _end(text: str) -> str:
    """A title followed by a full stop, unless it already ends with a mark."""
    text = text.strip()
    return text if text[-1:] in ".?!" else text + "."


def vancouver(c: Citable, cited: dt.date) -> str:
    """'Part. In: Peptide Desk [computer program]. Version 0.1.0. Content as of 2026 Dec 3
    [cited 2026 Dec 6]. Available from: peptide-desk://…'"""
    return (f"{_end(c.part)} In: {APP_NAME} [{MEDIUM}]. Version {c.version}. Content as of "
            f"{nlm_date(c.content_as_of)} [cited {nlm_date(cited.isoformat())}]. "
            f"Available from: {c.link}")


def ama(c: Citable, cited: dt.date) -> str:
    """'Part. Peptide Desk. Version 0.1.0. Content updated December 3, 2026. Accessed
    December 6, 2026. peptide-desk://…'"""
    return (f"{_end(c.part)} {APP_NAME}. Version {c.version}. Content updated "
            f"{ama_date(c.content_as_of)}. Accessed {ama_date(cited.isoformat())}. {c.link}")


def citation(c: Citable, style: str, cited: dt.date) -> str:
    """The citation of ``c`` in ``style`` (VANCOUVER or AMA), made on ``cited``."""
    if style == AMA:
        return ama(c, cited)
    if style == VANCOUVER:
        return vancouver(c, cited)
    raise ValueError(f"unknown citation style {style!r}; use one of "
                     f"{', '.join(s for s, _ in STYLES)}")


def link_address(target: str) -> str:
    """What "Copy Link Address" on a link of a page copies: a ``peptide-desk://`` link for
    an internal target, the https address as it is, nothing for any other link."""
    kind = link_kind(target)
    if kind == EXTERNAL:
        return target
    return app_url(target) if kind == INTERNAL else ""
