"""How a reference is cited, in full and in short: one rule for every page and the build.

Plain fields in, text out (no records, no Qt), so the database build, which holds references
as dictionaries, and ``records.Reference``, which the pages use, cite alike: the hover title
of a citation number in an article is the citation of the reference list, and the short
form is the same on a substance page, a reference page, a source table, a chart export, a
window title and a search result.
"""

from __future__ import annotations

import re
from urllib.parse import quote

_INITIALS = re.compile(r"^[A-Z]{1,3}$")
#: Where a reference's identifiers lead (https: the window asks before opening the browser).
DOI_URL = "https://doi.org/"
PUBMED_URL = "https://pubmed.ncbi.nlm.nih.gov/"
PMC_URL = "https://pmc.ncbi.nlm.nih.gov/articles/"
#: Well-formed identifiers (the content validator holds every record to these, so a link
#: built from one always leads to the resolver): a DOI prefix "10.NNNN" and a suffix of
#: printable characters (no space, quote, "#", "?" or "%"; "<" and ">" of old SICI DOIs
#: are escaped in the link); PMID and PMCID digits without a leading zero.
DOI_RE = re.compile(r"^10\.\d{4,9}/[^\s\"'#?%{}|\\^`]+$")
PMID_RE = re.compile(r"^[1-9]\d{0,8}$")
PMCID_RE = re.compile(r"^PMC[1-9]\d{0,9}$")


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


def doi_url(doi: str) -> str:
    """'https://doi.org/10.1016/S2213-8587(21)00174-1' for a well-formed DOI, else ''."""
    doi = doi.strip()
    return DOI_URL + quote(doi, safe="/:;()[]._-+=!*,@$&~") if DOI_RE.match(doi) else ""


def pubmed_url(pmid: str) -> str:
    """'https://pubmed.ncbi.nlm.nih.gov/16517403/' for a well-formed PMID, else ''."""
    pmid = pmid.strip()
    return f"{PUBMED_URL}{pmid}/" if PMID_RE.match(pmid) else ""


def pmc_url(pmcid: str) -> str:
    """'https://pmc.ncbi.nlm.nih.gov/articles/PMC3348954/' for a well-formed PMCID, else ''."""
    pmcid = pmcid.strip()
    return f"{PMC_URL}{pmcid}/" if PMCID_RE.match(pmcid) else ""
