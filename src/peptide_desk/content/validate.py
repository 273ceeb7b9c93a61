"""Cross-file rules of the content: every key, link and id must resolve."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from peptide_desk.citations import DOI_RE, PMCID_RE, PMID_RE
from peptide_desk.content.articles import (
    BAD_SCHEME_MESSAGE,
    ParsedArticle,
    decoded,
    forbidden_markup,
    inline_problems,
    markup_problems,
    parse_article,
)
from peptide_desk.content.render import allowed_url, markdown_urls
from peptide_desk.content.sources import Problem, Record, Sources, load_sources
from peptide_desk.links import CONTENT_SCHEMES, parse_target
from peptide_desk.records import SAFETY_KIND_LABELS, date_key

#: Statuses of a substance that has an approved label (its safety block must say so).
LABELLED_STATUS = ("approved", "approved-narrow")
#: Safety item titles that name no subject (the summary lines show titles only).
GENERIC_TITLES = frozenset({*(v.lower() for v in SAFETY_KIND_LABELS.values()),
                            "contraindication", "warning", "warnings", "limitation",
                            "interaction", "boxed warning"})
#: Editorial process wording that belongs in a record's `check_notes`, never in running text.
PROCESS_WORDS = re.compile(r"lost in scraping|re-checked|authors not retrieved|fact-check|"
                           r"fact sheet|not retrieved|were retrieved|was retrieved|"
                           r"pages? seen|primary page|was read on|label copies|"
                           r"secondary pages?\b|not among the pages|rather than on FDA pages",
                           re.IGNORECASE)
#: A machine path in a content file (comments included): content must not depend on one.
MACHINE_PATH = re.compile(r"(?<![\w.])(?:/work/|/home/|/tmp/|\.\./shared|[A-Z]:\\)")
#: site.toml fields written in Markdown (rendered into the About dialog and the start page).
SITE_MARKDOWN = ("disclaimer", "about")
#: Schemes a browser runs or reads locally: reported with one message wherever they appear.
DANGEROUS_SCHEMES = frozenset({"javascript", "vbscript", "livescript", "data", "file", "ftp",
                               "blob", "filesystem"})
#: Record fields that are not running text (ids, keys, dates, notes on how it was checked).
NOT_RUNNING_TEXT = frozenset({"id", "key", "class", "refs", "related", "check_notes", "note",
                              "as_cited", "seed_refs", "url", "doi", "pmid", "pmcid",
                              "checked", "date", "source", "status", "evidence_level",
                              "subject", "kind", "link", "article", "tier", "confirmed"})


@dataclass
class Corpus:
    """Sources plus parsed articles and the problems of both."""

    sources: Sources
    articles: list[ParsedArticle] = field(default_factory=list)

    @property
    def problems(self) -> list[Problem]:
        found = list(self.sources.problems)
        for art in self.articles:
            found.extend(art.problems)
        return sorted(set(found))

    def ids(self, kind: str, key: str = "id") -> dict[str, Record]:
        return {str(r.data.get(key)): r for r in self.sources.records.get(kind, [])}


def load_corpus(root: Path) -> Corpus:
    """Read and validate everything under ``root`` (resources/content)."""
    sources = load_sources(root)
    corpus = Corpus(sources)
    art_dir = root / "articles"
    paths = sorted(art_dir.glob("*.md")) if art_dir.is_dir() else []
    if not paths:
        sources.problems.append(Problem(sources.rel(art_dir), 1, "no articles (*.md) found"))
    for path in paths:
        corpus.articles.append(parse_article(path, sources.rel(path)))
    sources.problems.extend(_cross_check(corpus))
    return corpus


def _duplicates(records: list[Record], key: str, what: str) -> list[Problem]:
    seen: dict[str, Record] = {}
    out = []
    for rec in records:
        value = str(rec.data.get(key, ""))
        if value in seen:
            out.append(rec.problem(f"duplicate {what} '{value}' (first at line "
                                   f"{seen[value].line}); ids must be unique", key))
        seen.setdefault(value, rec)
    return out


class _Checker:
    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.refs = corpus.ids("reference", "key")
        self.substances = corpus.ids("substance")
        self.classes = corpus.ids("class")
        self.terms = corpus.ids("term")
        self.tables = corpus.ids("table")
        self.charts = corpus.ids("chart")
        self.articles = {a.id: a for a in corpus.articles}
        self.content_date = str(corpus.sources.site.get("content_as_of", ""))
        self.out: list[Problem] = []

    def ref_keys(self, rec: Record, keys: object, where: str, key: str,
                 sub: str | None = None, nth: int = 0) -> None:
        if not isinstance(keys, list):
            return
        for k in keys:
            if k not in self.refs:
                self.out.append(rec.problem(f"{where}: unknown reference key '{k}'; add it to "
                                            "references.toml or fix the key", key, sub, nth))

    def target(self, target: str) -> str | None:
        """None when ``target`` resolves; otherwise what is wrong with it."""
        if target.startswith("https://"):
            if allowed_url(target):
                return None
            return (f"link '{_shown(target)}' is not a plain https:// address (a space, control "
                    "character or missing host); write it out exactly")
        if target.startswith("http://"):
            return f"insecure link '{target}'; use https://"
        plain = decoded(target).strip().lower()
        if plain.split(":", 1)[0] in DANGEROUS_SCHEMES and ":" in plain:
            return BAD_SCHEME_MESSAGE
        if plain.startswith("//"):
            return (f"protocol-relative link '{_shown(target)}'; write https:// or an internal "
                    "target")
        if plain.startswith(("http:", "https:")) or plain != target:
            return (f"link '{_shown(target)}' hides its scheme (case, entities, spaces or "
                    "control characters); write it out exactly")
        scheme, ident, anchor = parse_target(target)
        if scheme not in CONTENT_SCHEMES or target == f"{scheme}:":
            return (f"link '{target}' has an unsupported scheme; use https: or one of "
                    f"{', '.join(s + ':' for s in CONTENT_SCHEMES)}")
        tables: dict[str, Mapping[str, object]] = {
            "article": self.articles, "substance": self.substances, "class": self.classes,
            "table": self.tables, "chart": self.charts, "glossary": self.terms,
            "ref": self.refs}
        if ident not in tables[scheme]:
            return f"link target '{target}': no {scheme} with id '{ident}'"
        if anchor:
            if scheme != "article":
                return f"link target '{target}': only article links take a #section anchor"
            if anchor not in {s.anchor for s in self.articles[ident].sections}:
                return f"link target '{target}': article '{ident}' has no section '#{anchor}'"
        return None

    def run(self) -> list[Problem]:
        src = self.corpus.sources
        recs = src.records
        for kind, key in (("reference", "key"), ("substance", "id"), ("class", "id"),
                          ("term", "id"), ("table", "id"), ("chart", "id")):
            self.out.extend(_duplicates(recs.get(kind, []), key, kind))
        for rec in recs.get("reference", []):
            self.reference(rec)
        for rec in recs.get("substance", []):
            self.substance(rec)
        members = {str(r.data.get("class")) for r in recs.get("substance", [])}
        for rec in recs.get("class", []):
            self.klass(rec, members)
        for rec in recs.get("term", []):
            for other in rec.data.get("see_also", []) or []:
                if other not in self.terms:
                    self.out.append(rec.problem(f"term '{rec.data.get('id')}': see_also '{other}'"
                                                " is not a glossary id", "see_also"))
            self.ref_keys(rec, rec.data.get("refs"), f"term '{rec.data.get('id')}'", "refs")
        for rec in recs.get("table", []):
            self.table(rec)
        for rec in recs.get("chart", []):
            self.chart(rec)
        self.safety_rules(recs.get("safety", []))
        for rec in recs.get("evidence", []):
            self.evidence(rec)
        self.out.extend(_duplicates(recs.get("evidence", []), "id", "evidence id"))
        for kind in ("substance", "class", "term", "table", "chart", "safety"):
            for rec in recs.get(kind, []):
                self.running_text(rec, rec.data, kind)
        for rec in recs.get("reference", []):
            for key in ("title", "authors"):
                self.running_text(rec, {key: rec.data.get(key, "")}, "reference")
        for rec in recs.get("group", []):
            if len(rec.data.get("terms", []) or []) < 2:
                self.out.append(rec.problem("search group needs at least two equivalent terms",
                                            "terms"))
        self.article_rules()
        self.site_markdown()
        return self.out

    def not_after_content_date(self, rec: Record, value: object, what: str, key: str,
                               sub: str | None = None, nth: int = 0) -> None:
        """A check date later than the content date claims more than was checked."""
        if isinstance(value, str) and value and self.content_date and (
                date_key(value) > date_key(self.content_date)):
            self.out.append(rec.problem(f"{what}: {key} {value} is after the content date "
                                        f"{self.content_date} (site.toml content_as_of)",
                                        key, sub, nth))

    def running_text(self, rec: Record, data: object, kind: str) -> None:
        """Editorial process wording goes in `check_notes`, not in what readers read."""
        for text in _strings(data):
            m = PROCESS_WORDS.search(text)
            if m:
                lines = rec.lines.text_lines
                line = next((i + 1 for i in range(rec.line - 1, len(lines))
                             if m.group(0) in lines[i]), rec.line)
                self.out.append(Problem(rec.file, line,
                    f"{kind}: process wording '{m.group(0)}' in running text; say how it was "
                    "checked in check_notes (shown under 'How this was checked')"))
                return

    def safety_rules(self, blocks: list[Record]) -> None:
        """Each substance has a safety block; a labelled one says which label it comes from."""
        by_subject: dict[str, Record] = {}
        for rec in blocks:
            subject = str(rec.data.get("subject", ""))
            if subject in by_subject:
                self.out.append(rec.problem(f"safety '{subject}': a second block for the same "
                                            f"subject (first in {by_subject[subject].file}:"
                                            f"{by_subject[subject].line})", "subject"))
            by_subject.setdefault(subject, rec)
            self.safety(rec, subject)
        for sid, srec in self.substances.items():
            block = by_subject.get(f"substance:{sid}")
            labelled = srec.data.get("status") in LABELLED_STATUS
            if block is None:
                need = "an approved substance needs" if labelled else "every substance needs"
                self.out.append(srec.problem(f"substance '{sid}': no safety block; {need} one "
                                             f"(add [[safety]] subject = \"substance:{sid}\" "
                                             "to a file in safety/)", "status"))
            elif labelled and block.data.get("label") != "approved":
                self.out.append(block.problem(f"safety 'substance:{sid}': the substance is "
                                              "approved, so label must be \"approved\"",
                                              "label"))

    def safety(self, rec: Record, subject: str) -> None:
        d = rec.data
        what = f"safety '{subject}'"
        scheme, ident, anchor = parse_target(subject)
        pool = {"substance": self.substances, "class": self.classes}.get(scheme)
        if pool is None or ident not in pool or anchor:
            self.out.append(rec.problem(f"{what}: subject must be substance:ID or class:ID of an "
                                        "existing record", "subject"))
        if d.get("label") == "approved" and not str(d.get("label_source", "")).strip():
            self.out.append(rec.problem(f"{what}: label = \"approved\" needs label_source "
                                        "(which label the items come from)", "label"))
        for n, item in enumerate(d.get("item", []) or []):
            if not isinstance(item, dict):
                continue
            where = f"{what} item {n + 1}"
            self.ref_keys(rec, item.get("refs"), where, "refs", "item", n)
            self.not_after_content_date(rec, item.get("checked"), where, "checked", "item", n)
            title = str(item.get("title", "")).strip().lower()
            if title in GENERIC_TITLES or title.startswith("labelled "):
                self.out.append(rec.problem(f"{where}: title '{item.get('title')}' only repeats "
                                            "its heading; name the subject (it is what the "
                                            "summary under the page title shows)", "title",
                                            "item", n))
            if item.get("kind") == "boxed-warning" and d.get("label") != "approved":
                self.out.append(rec.problem(f"{where}: a boxed warning needs an approved label "
                                            "(label = \"approved\")", "kind", "item", n))

    def evidence(self, rec: Record) -> None:
        d = rec.data
        what = f"evidence '{d.get('id')}'"
        self.ref_keys(rec, d.get("supports"), what, "supports")
        self.not_after_content_date(rec, d.get("seen"), what, "seen")

    def reference(self, rec: Record) -> None:
        d = rec.data
        what = f"reference '{d.get('key')}'"
        if d.get("status") not in ("verified", None) and not str(d.get("note", "")).strip():
            self.out.append(rec.problem(f"{what}: status '{d.get('status')}' needs a note saying "
                                        "what changed or what could not be confirmed", "status"))
        if d.get("doi") and not DOI_RE.match(str(d["doi"])):
            self.out.append(rec.problem(f"{what}: doi '{d['doi']}' is not of the form 10.NNNN/…",
                                        "doi"))
        if d.get("pmid") and not PMID_RE.match(str(d["pmid"])):
            self.out.append(rec.problem(f"{what}: pmid must be digits only, without a "
                                        "leading zero", "pmid"))
        if d.get("pmcid") and not PMCID_RE.match(str(d["pmcid"])):
            self.out.append(rec.problem(f"{what}: pmcid must be PMC followed by digits",
                                        "pmcid"))
        url = str(d.get("url", ""))
        if url and not url.startswith("https://"):
            self.out.append(rec.problem(f"{what}: url must start with https://", "url"))

    def substance(self, rec: Record) -> None:
        d = rec.data
        what = f"substance '{d.get('id')}'"
        if d.get("class") and d["class"] not in self.classes:
            self.out.append(rec.problem(f"{what}: class '{d['class']}' is not defined in "
                                        "classes.toml", "class"))
        self.ref_keys(rec, d.get("refs"), what, "refs")
        for reg in ("fda", "ema"):
            if isinstance(d.get(reg), dict):
                self.ref_keys(rec, d[reg].get("refs"), f"{what} [{reg}]", "refs", reg)
                self.not_after_content_date(rec, d[reg].get("checked"), f"{what} [{reg}]",
                                            "checked", reg)
        dosing = d.get("dosing")
        if isinstance(dosing, dict) and dosing.get("source") not in self.refs:
            self.out.append(rec.problem(f"{what}: dosing source '{dosing.get('source')}' must "
                                        "be a reference key", "source", "dosing"))
        for n, fig in enumerate(d.get("key_figures", []) or []):
            if isinstance(fig, dict):
                self.ref_keys(rec, fig.get("refs"), f"{what} key figure", "refs", "key_figures",
                              n)
        for col, keys in (d.get("provenance") or {}).items():
            self.ref_keys(rec, keys, f"{what} provenance.{col}", col, "provenance")
        for other in d.get("related", []) or []:
            if other not in self.substances:
                self.out.append(rec.problem(f"{what}: related '{other}' is not a substance id",
                                            "related"))

    def klass(self, rec: Record, members: set[str]) -> None:
        d = rec.data
        what = f"class '{d.get('id')}'"
        self.ref_keys(rec, d.get("refs"), what, "refs")
        if isinstance(d.get("key_figure"), dict):
            self.ref_keys(rec, d["key_figure"].get("refs"), f"{what} key figure", "refs",
                          "key_figure")
        for col, keys in (d.get("provenance") or {}).items():
            self.ref_keys(rec, keys, f"{what} provenance.{col}", col, "provenance")
        if d.get("id") not in members:
            self.out.append(rec.problem(f"{what} has no member; set class = '{d.get('id')}' on "
                                        "a substance or remove the class"))

    def table(self, rec: Record) -> None:
        d = rec.data
        what = f"table '{d.get('id')}'"
        if d.get("article") and d["article"] not in self.articles:
            self.out.append(rec.problem(f"{what}: article '{d['article']}' does not exist",
                                        "article"))
        ncols = len(d.get("columns", []) or [])
        for i, row in enumerate(d.get("row", []) or [], 1):
            if not isinstance(row, dict):
                continue
            cells = row.get("cells", [])
            if isinstance(cells, list) and len(cells) != ncols:
                self.out.append(rec.problem(f"{what} row {i}: {len(cells)} cells for {ncols} "
                                            "columns", "cells", "row", i - 1))
            self.ref_keys(rec, row.get("refs"), f"{what} row {i}", "refs", "row", i - 1)
            if row.get("link"):
                err = self.target(str(row["link"]))
                if err:
                    self.out.append(rec.problem(f"{what} row {i}: {err}", "link", "row", i - 1))

    def chart(self, rec: Record) -> None:
        d = rec.data
        what = f"chart '{d.get('id')}'"
        if d.get("article") and d["article"] not in self.articles:
            self.out.append(rec.problem(f"{what}: article '{d['article']}' does not exist",
                                        "article"))
        self.ref_keys(rec, d.get("refs"), what, "refs")
        for n, s in enumerate(d.get("series", []) or []):
            if not isinstance(s, dict):
                continue
            self.ref_keys(rec, s.get("refs"), f"{what} series '{s.get('name')}'", "refs",
                          "series", n)
            xs = [p[0] for p in s.get("points", []) if isinstance(p, list) and p]
            if any(b <= a for a, b in itertools.pairwise(xs)):
                self.out.append(rec.problem(f"{what} series '{s.get('name')}': weeks must "
                                            "increase from point to point", "points", "series",
                                            n))
        phases = sorted((p.get("start", 0), p.get("end", 0), p.get("name", ""), n)
                        for n, p in enumerate(d.get("phase", []) or []) if isinstance(p, dict))
        for start, end, name, n in phases:
            if end <= start:
                self.out.append(rec.problem(f"{what} phase '{name}': end must be after start",
                                            "end", "phase", n))
        for a, b in itertools.pairwise(phases):
            if b[0] < a[1]:
                self.out.append(rec.problem(f"{what}: phases '{a[2]}' and '{b[2]}' overlap",
                                            "start", "phase", b[3]))

    def article_rules(self) -> None:
        seen: dict[str, str] = {}
        for art in self.corpus.articles:
            if art.id in seen:
                self.out.append(Problem(art.file, art.front_lines.get("id", 1),
                                        f"duplicate article id '{art.id}' (also {seen[art.id]})"))
            seen.setdefault(art.id, art.file)
            for sid in art.meta.get("substances", []) or []:
                if sid not in self.substances:
                    self.out.append(Problem(art.file, art.front_lines.get("substances", 1),
                                            f"front matter: substance '{sid}' does not exist"))
            self.out.extend(forbidden_markup(art))
            for sec in art.sections:
                for no, text in sec.markdown_lines():
                    m = PROCESS_WORDS.search(text)
                    if m:
                        self.out.append(Problem(art.file, no, f"process wording '{m.group(0)}' "
                                                "in running text; move it to check_notes in the "
                                                "front matter ('How this was checked')"))
            for line, kind, target, raw in inline_problems(art):
                msg = self._inline(kind, target, raw) if kind != "link" else None
                if msg:
                    self.out.append(Problem(art.file, line, msg))
            for sec in art.sections:
                for block in sec.blocks:
                    if block.kind in ("md", "evidence", "caveat"):
                        self.markdown_links(art.file, block.line, block.text)

    def markdown_links(self, file: str, first_line: int, text: str) -> None:
        """Check every address ``text`` renders to, whatever Markdown or HTML wrote it."""
        lines = text.split("\n")
        for tag, attr, value in markdown_urls(text):
            line = first_line + _line_of(lines, value)
            if tag == "img" or attr != "href":
                self.out.append(Problem(file, line, f"<{tag} {attr}>: only links (href) may "
                                        "name an address; images and embedded resources "
                                        "are not allowed"))
            msg = self.target(value)
            if msg:
                self.out.append(Problem(file, line, msg))

    def site_markdown(self) -> None:
        """site.toml's Markdown (disclaimer, about): the rules of article Markdown."""
        src = self.corpus.sources
        path = src.root / "site.toml"
        file = src.rel(path)
        try:
            source = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            return  # reported by the loader
        for key in SITE_MARKDOWN:
            value = src.site.get(key)
            if not isinstance(value, str):
                continue
            start = _value_line(source, key)
            lines = [(start + i, ln) for i, ln in enumerate(value.split("\n"))]
            self.out.extend(markup_problems(file, lines, pipe_tables=False))
            self.markdown_links(file, start, value)

    def _inline(self, kind: str, target: str, raw: str) -> str | None:
        if kind == "cite" and target not in self.refs:
            return f"citation {raw}: unknown reference key '{target}'"
        if kind == "term" and target not in self.terms:
            return f"glossary link {raw}: no glossary term '{target}' in glossary.toml"
        if kind in ("table", "chart"):
            pool = self.tables if kind == "table" else self.charts
            if target not in pool:
                return f"embed {{{{{kind} {target}}}}}: no {kind} with that id"
        if kind == "link":
            return self.target(target)
        return None


def _shown(target: str) -> str:
    """A target for a message: invisible characters as escapes, at most 80 characters."""
    return target.encode("unicode_escape").decode("ascii")[:80]


def _squash(text: str) -> str:
    return "".join(decoded(text).split()).lower()


def _line_of(lines: list[str], value: str) -> int:
    """0-based line of ``lines`` where ``value`` (as a browser reads it) starts; 0 if unknown."""
    plain = _squash(value)
    # the address as written, else without its scheme (``<a@b.org>`` renders ``mailto:a@b.org``)
    for want in (plain, plain.partition(":")[2].lstrip("/")):
        if want:
            for i in range(len(lines) - 1, -1, -1):
                if want in _squash("".join(lines[i:])):
                    return i
    return 0


def _value_line(source: list[str], key: str) -> int:
    """1-based line where the text of top-level ``key`` starts in a TOML file's lines.

    A multi-line string that opens with a newline starts on the next line."""
    pat = re.compile(rf"^\s*{re.escape(key)}\s*=\s*(.*)$")
    for i, line in enumerate(source):
        m = pat.match(line)
        if m:
            opener = m.group(1).strip()
            return i + 2 if opener in ('"""', "'''") else i + 1
    return 1


def _strings(data: object) -> list[str]:
    """The running-text strings of a record (nested tables and lists included)."""
    if isinstance(data, str):
        return [data]
    if isinstance(data, list):
        return [s for v in data for s in _strings(v)]
    if isinstance(data, dict):
        return [s for k, v in data.items() if k not in NOT_RUNNING_TEXT for s in _strings(v)]
    return []


def machine_paths(root: Path, rel: Callable[[Path], str]) -> list[Problem]:
    """Content files (comments included) must not name paths on somebody's machine."""
    out = []
    for path in sorted(p for p in root.rglob("*") if p.suffix in (".toml", ".md")):
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            continue  # reported by the loader
        for n, line in enumerate(lines, 1):
            m = MACHINE_PATH.search(line)
            if m:
                out.append(Problem(rel(path), n, f"machine path '{m.group(0)}…' in a content "
                                   "file; describe the source in words instead"))
    return out


def _cross_check(corpus: Corpus) -> list[Problem]:
    found = _Checker(corpus).run()
    return found + machine_paths(corpus.sources.root, corpus.sources.rel)
