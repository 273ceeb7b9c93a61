"""Render article Markdown to sanitised HTML for QTextBrowser (build time only)."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from html.parser import HTMLParser
from typing import Any

import markdown
import nh3
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor

from peptide_desk.content.articles import CITE_RE, TERM_RE, Block, ParsedSection
from peptide_desk.links import CONTENT_SCHEMES, EXTERNAL_SCHEME, parse_target
from peptide_desk.page_parts import box

ALLOWED_TAGS = {"a", "p", "h2", "h3", "h4", "h5", "ul", "ol", "li", "em", "strong", "sup",
                "sub", "code", "blockquote", "br", "hr", "table", "thead", "tbody", "tr",
                "th", "td", "span", "div", "b", "i"}
ALLOWED_ATTRS = {
    "a": {"href", "name", "class", "title"},
    "table": {"class", "width", "cellspacing", "cellpadding", "border"},
    "td": {"class", "width", "colspan", "valign"},
    "th": {"class", "width", "align"},
    "tr": {"class"},
    "h2": {"id", "class"}, "h3": {"class"}, "p": {"class"}, "span": {"class", "title"},
    "sup": {"class"}, "div": {"class"}, "li": {"class"},
}
SPACE_BEFORE_PUNCT_RE = re.compile(r"\s+(?=[.,;:!?)](?:\s|$))")
URL_SCHEMES = {EXTERNAL_SCHEME, *CONTENT_SCHEMES}
#: Attributes whose value is a URL (the sanitiser allows only ``href``; the checker reads all).
URL_ATTRS = frozenset({"href", "src", "action", "formaction", "background", "poster", "cite",
                       "data", "srcset", "xlink:href", "lowsrc", "dynsrc", "longdesc", "ping",
                       "codebase", "manifest", "icon"})
#: An address content may hold: ``https://host…`` or ``scheme:ident`` of a content record,
#: written exactly (lower case, no space or control character anywhere).
_HTTPS_RE = re.compile(r"^https://[A-Za-z0-9\[]")
_UNSAFE_CHAR_RE = re.compile(r"[\x00-\x20\x7f-\xa0\u00ad\u1680\u180e\u2000-\u200f"
                             r"\u2028-\u202f\u205f-\u2064\u2066-\u206f\u3000\ufeff]")


def allowed_url(value: str) -> bool:
    """True for the only addresses rendered HTML may hold: content records and https.

    Relative (``page.html``, ``#x``), protocol-relative (``//host``), other schemes and any
    value with whitespace or control characters (which browsers strip from schemes) are not.
    """
    if not value or _UNSAFE_CHAR_RE.search(value):
        return False
    if value.startswith(f"{EXTERNAL_SCHEME}:"):
        return bool(_HTTPS_RE.match(value))
    scheme, ident, _anchor = parse_target(value)
    return scheme in CONTENT_SCHEMES and bool(ident)


def _keep_url(tag: str, attr: str, value: str) -> str | None:
    if attr in URL_ATTRS:
        return value if allowed_url(value) else None
    return value


def sanitise(fragment: str) -> str:
    """Allow-list sanitisation: only the tags, attributes and link schemes the app renders.

    nh3 keeps relative and protocol-relative hrefs whatever ``url_schemes`` says; the
    attribute filter drops every address :func:`allowed_url` refuses.
    """
    return nh3.clean(fragment, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRS,
                     url_schemes=URL_SCHEMES, link_rel=None, strip_comments=True,
                     attribute_filter=_keep_url)


class Citations:
    """Numbers references in order of first citation within one article."""

    def __init__(self, titles: dict[str, str]) -> None:
        self.titles = titles
        self.numbers: dict[str, int] = {}

    def number(self, key: str) -> int:
        return self.numbers.setdefault(key, len(self.numbers) + 1)

    def html(self, keys: list[str]) -> str:
        links = [f'<a href="ref:{k}" title="{html.escape(self.titles.get(k, k))}">'
                 f"{self.number(k)}</a>" for k in keys]
        return f'<sup class="cite">[{", ".join(links)}]</sup>'


class _CiteProcessor(InlineProcessor):
    def __init__(self, cites: Citations, md: markdown.Markdown) -> None:
        super().__init__(CITE_RE.pattern, md)
        self.cites = cites

    def handleMatch(self, m: Any, data: str) -> tuple[Any, int, int]:
        keys = [k.strip().lstrip("@").strip() for k in m.group("keys").split(";")]
        placeholder = self.md.htmlStash.store(self.cites.html(keys))
        return placeholder, m.start(0), m.end(0)


class _TermProcessor(InlineProcessor):
    def __init__(self, terms: dict[str, tuple[str, str]], md: markdown.Markdown) -> None:
        super().__init__(TERM_RE.pattern, md)
        self.terms = terms

    def handleMatch(self, m: Any, data: str) -> tuple[Any, int, int]:
        term_id = m.group("id").strip()
        label, definition = self.terms.get(term_id, (term_id, ""))
        el = etree.Element("a", {"class": "term", "href": f"glossary:{term_id}",
                                 "title": definition})
        el.text = m.group("text") or running_text(label)
        return el, m.start(0), m.end(0)


#: Glossary terms that keep their capital inside a sentence (proper names).
PROPER_NAMES = frozenset({"Randle", "Banting", "Akt", "Epac2"})


def running_text(term: str) -> str:
    """A glossary term as it reads mid-sentence: 'Insulin' -> 'insulin', 'GLP-1' unchanged."""
    first = term.split(" ", 1)[0]
    if first[:1].isupper() and first[1:].islower() and first not in PROPER_NAMES:
        return term[0].lower() + term[1:]
    return term


class _PeptideExtension(Extension):
    def __init__(self, cites: Citations, terms: dict[str, tuple[str, str]]) -> None:
        super().__init__()
        self.cites = cites
        self.terms = terms

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.inlinePatterns.register(_CiteProcessor(self.cites, md), "pd-cite", 185)
        md.inlinePatterns.register(_TermProcessor(self.terms, md), "pd-term", 184)


class ArticleRenderer:
    """Renders the sections of one article, numbering its citations consistently."""

    def __init__(self, ref_titles: dict[str, str], terms: dict[str, tuple[str, str]],
                 table_html: Callable[[str, Citations], str],
                 chart_html: Callable[[str], str]) -> None:
        self.cites = Citations(ref_titles)
        self.md = markdown.Markdown(extensions=[_PeptideExtension(self.cites, terms),
                                                "sane_lists", "smarty"], output_format="html")
        self.table_html = table_html
        self.chart_html = chart_html

    def markdown(self, text: str) -> str:
        self.md.reset()
        return self.md.convert(text)

    def block(self, block: Block) -> str:
        if block.kind == "md":
            return self.markdown(block.text)
        if block.kind in ("evidence", "caveat"):
            return box(block.kind, block.title, self.markdown(block.text))
        if block.kind == "table":
            return self.table_html(block.target, self.cites)
        return self.chart_html(block.target)

    def section(self, sec: ParsedSection) -> str:
        title = html.escape(sec.title)
        head = (f'<a name="{sec.anchor}"></a><h2 id="{sec.anchor}" class="section">'
                f"{title}</h2>")
        body = "\n".join(self.block(b) for b in sec.blocks)
        return sanitise(head + "\n" + body)


def inline_markdown(text: str) -> str:
    """Render a short Markdown snippet (site disclaimer, about text) to sanitised HTML."""
    return sanitise(markdown.markdown(text, extensions=["sane_lists", "smarty"]))


class _Neutral(InlineProcessor):
    """Citations and glossary links as plain text: the link probe checks them elsewhere."""

    def handleMatch(self, m: Any, data: str) -> tuple[Any, int, int]:
        return "x", m.start(0), m.end(0)


class _ProbeExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.inlinePatterns.register(_Neutral(CITE_RE.pattern, md), "pd-cite", 185)
        md.inlinePatterns.register(_Neutral(TERM_RE.pattern, md), "pd-term", 184)


class _UrlCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.lower() in URL_ATTRS:
                self.found.append((tag, name.lower(), value or ""))


def markdown_urls(text: str) -> list[tuple[str, str, str]]:
    """(tag, attribute, value) of every address the Markdown renders to, before sanitising.

    Whatever the syntax (inline, reference-style, autolink, raw HTML over several lines,
    entities), the value is what a browser would read; citations and glossary links, made
    by the renderer itself, are left out.
    """
    md = markdown.Markdown(extensions=[_ProbeExtension(), "sane_lists", "smarty"],
                           output_format="html")
    collector = _UrlCollector()
    collector.feed(md.convert(text))
    collector.close()
    return collector.found


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "sup":
            self.skip += 1
        if tag in ("p", "li", "td", "th", "h2", "h3", "h4", "br", "tr"):
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "sup" and self.skip:
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment, citation numbers dropped (for the search index)."""
    parser = _TextExtractor()
    parser.feed(fragment)
    parser.close()
    text = " ".join("".join(parser.parts).split())
    return SPACE_BEFORE_PUNCT_RE.sub("", text)  # "cells [@key]." -> "cells." not "cells ."
