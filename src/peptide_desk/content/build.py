"""Build the bundled read-only database from resources/content (deterministically)."""

from __future__ import annotations

import hashlib
import html
import json
import math
import os
import re
import sqlite3
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import sqlite_utils

from peptide_desk.citations import full_citation, short_citation
from peptide_desk.content.articles import LINK_RE, ParsedArticle
from peptide_desk.content.render import (
    ArticleRenderer,
    Citations,
    html_to_text,
    inline_markdown,
)
from peptide_desk.content.sources import Problem
from peptide_desk.content.validate import Corpus, load_corpus
from peptide_desk.integrity import SIDECAR_SUFFIX, file_digest, sidecar_path, write_sidecar
from peptide_desk.page_parts import box
from peptide_desk.search import RANK_FUNCTION
from peptide_desk.text import fold, folded_words, norm

SCHEMA_VERSION = 3  # 2: the start page is pre-rendered into meta.home_html
# 3: label safety (substances.safety, classes.safety), regulatory check dates, search badges
WORDS_PER_MINUTE = 200
FTS_TOKENIZE = "porter unicode61 remove_diacritics 2"


class BuildError(Exception):
    """The sources have problems; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} content problem(s)")
        self.problems = problems


def content_hash(root: Path, home_html: str) -> str:
    """SHA-256 over every content file's relative path and bytes, in sorted order, then the
    pre-rendered start page: page code shapes it, so the same files with other page code
    give another database and another hash."""
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    digest.update(b"meta.home_html\0")
    digest.update(home_html.encode())
    return digest.hexdigest()


def _j(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


class _Assembler:
    """Turns a validated corpus into rows for each table."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.recs = {k: [r.data for r in v] for k, v in corpus.sources.records.items()}
        self.refs = {r["key"]: r for r in self.recs["reference"]}
        self.terms = {t["id"]: t for t in self.recs["term"]}
        self.tables = {t["id"]: t for t in self.recs["table"]}
        self.charts = {c["id"]: c for c in self.recs["chart"]}
        self.classes = {c["id"]: c for c in self.recs["class"]}
        self.safety = {b["subject"]: _safety_block(b) for b in self.recs.get("safety", [])}
        self.articles = sorted(corpus.articles, key=lambda a: (a.meta["order"], a.id))

    def table_html(self, table_id: str, cites: Citations) -> str:
        t = self.tables[table_id]
        head = "".join(f"<th>{html.escape(c)}</th>" for c in t["columns"])
        rows = []
        for row in t["row"]:
            cells = [html.escape(c) for c in row["cells"]]
            cells[-1] += " " + cites.html(row["refs"])
            rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
        caption = html.escape(t.get("caption", ""))
        if t.get("correction"):
            caption += f' <span class="correction">Corrected: {html.escape(t["correction"])}'
            caption += "</span>"
        return (f'<p class="table-title"><a href="table:{table_id}">Table: '
                f'{html.escape(t["title"])}</a></p>'
                f'<table class="data" width="100%" cellspacing="0" cellpadding="6">'
                f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
                f'<p class="caption">{caption}</p>')

    def chart_html(self, chart_id: str) -> str:
        c = self.charts[chart_id]
        kinds = {s["kind"] for s in c["series"]}
        label = "Schematic chart" if kinds == {"schematic"} else "Chart"
        if "schematic" in c["title"].lower():
            label = "Chart"
        body = (f'<p class="card-desc">{html.escape(c.get("description", ""))}</p>'
                f'<p class="card-caveat"><b>Population:</b> {html.escape(c["caveat"])}</p>'
                f'<p class="card-open"><a href="chart:{chart_id}">Open the interactive chart '
                f"›</a></p>")
        return box("chart", f"{label}: {c['title']}", body)

    def article_rows(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]],
                                    list[dict[str, Any]]]:
        ref_titles = {k: _citation(r) for k, r in self.refs.items()}
        terms = {k: (t["term"], t["definition"]) for k, t in self.terms.items()}
        arts, secs, cites = [], [], []
        for art in self.articles:
            renderer = ArticleRenderer(ref_titles, terms, self.table_html, self.chart_html)
            words: dict[str, int] = {"fundamentals": 0, "intermediate": 0, "academic": 0}
            for order, sec in enumerate(art.sections):
                body_html = renderer.section(sec)
                text = html_to_text(body_html)
                n = len(text.split())
                words[sec.tier] += n
                secs.append({"article_id": art.id, "anchor": sec.anchor, "tier": sec.tier,
                             "ord": order, "title": sec.title, "html": body_html, "text": text,
                             "words": n, "links": _j(_links(sec_markdown(art, sec.anchor)))})
            minutes = {t: max(1, math.ceil(w / WORDS_PER_MINUTE)) for t, w in words.items()}
            m = art.meta
            arts.append({"id": art.id, "title": m["title"], "summary": m["summary"],
                         "as_of": m["as_of"], "ord": m["order"], "source": m.get("source", ""),
                         "substances": _j(m.get("substances", [])), "minutes": _j(minutes),
                         "words": _j(words), "check_notes": _j(m.get("check_notes", []))})
            for key, number in renderer.cites.numbers.items():
                cites.append({"article_id": art.id, "number": number, "ref_key": key})
        return arts, secs, cites


def sec_markdown(art: ParsedArticle, anchor: str) -> str:
    for sec in art.sections:
        if sec.anchor == anchor:
            return "\n".join(line for _, line in sec.markdown_lines())
    return ""


def _links(text: str) -> list[str]:
    return sorted({m.group("target") for m in LINK_RE.finditer(text)})


def _safety_block(block: dict[str, Any]) -> dict[str, Any]:
    """A safety block with its items in display order (kind order, then as written)."""
    from peptide_desk.content.sources import SAFETY_KINDS

    items = sorted(block.get("item", []), key=lambda i: SAFETY_KINDS.index(i["kind"]))
    return {"label": block["label"], "label_source": block.get("label_source", ""),
            "note": block.get("note", ""), "items": items,
            "check_notes": block.get("check_notes", [])}


def _safety_text(block: dict[str, Any] | None) -> list[str]:
    """The searchable words of a safety block."""
    if not block:
        return []
    words = ["boxed warning" if block["label"] == "approved" and any(
        i["kind"] == "boxed-warning" for i in block["items"]) else ""]
    for item in block["items"]:
        words += [item["kind"].replace("-", " "), item["title"], item["text"]]
    return words


def _boxed_title(block: dict[str, Any] | None) -> str:
    items = block["items"] if block else []
    return next((i["title"] for i in items if i["kind"] == "boxed-warning"), "")


def _citation(r: dict[str, Any]) -> str:
    """A reference record's citation, as its reference list gives it (a citation's title)."""
    return full_citation(r["authors"], r["title"], r.get("journal", ""), r["year"],
                         r.get("volume", ""), r.get("pages", ""))


def _mentions(asm: _Assembler, secs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Sections that link to or name each substance and class."""
    out = []
    names: dict[tuple[str, str], list[str]] = {}
    for s in asm.recs["substance"]:
        names[("substance", s["id"])] = [s["name"], *s.get("brand_names", []),
                                         *s.get("synonyms", [])]
    for c in asm.recs["class"]:
        names[("class", c["id"])] = [c["name"], *c.get("synonyms", [])]
    for (kind, ident), words in sorted(names.items()):
        pats = [re.compile(rf"(?<![\w-]){re.escape(fold(w))}(?![\w-])") for w in words if w]
        for sec in secs:
            linked = f"{kind}:{ident}" in json.loads(sec["links"])
            folded = fold(sec["text"])
            if linked or any(p.search(folded) for p in pats):
                out.append({"kind": kind, "target_id": ident, "article_id": sec["article_id"],
                            "anchor": sec["anchor"], "ord": sec["ord"]})
    return out


def _search_docs(asm: _Assembler, secs: list[dict[str, Any]],
                 arts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per searchable item; the FTS index is built over these."""
    docs: list[dict[str, Any]] = []
    titles = {a["id"]: a["title"] for a in arts}

    def add(kind: str, target: str, title: str, names: Iterable[str], headings: str,
            body: str, context: str, badge: str = "", warning: str = "") -> None:
        docs.append({"kind": kind, "target": target, "title": title,
                     "names": " ; ".join(n for n in names if n), "headings": headings,
                     "body": body, "context": context, "badge": badge, "warning": warning})

    for s in asm.recs["substance"]:
        cls = asm.classes.get(s["class"], {}).get("name", "")
        safety = asm.safety.get(f"substance:{s['id']}")
        body = " ".join([s["summary"], s["mechanism"], s["receptor"], s["insulin_effect"],
                         s["route"], s.get("off_label", ""), *s.get("cautions", []),
                         *_safety_text(safety)])
        add("substance", f"substance:{s['id']}", s["name"],
            [*s.get("brand_names", []), *s.get("synonyms", [])], cls, body, cls,
            badge=s["status"], warning=_boxed_title(safety))
    for c in asm.recs["class"]:
        safety = asm.safety.get(f"class:{c['id']}")
        body = " ".join([c["summary"], c["mechanism"], c["targets"], c["insulin_effect"],
                         *_safety_text(safety)])
        add("class", f"class:{c['id']}", c["name"], c.get("synonyms", []), "", body,
            "Class", warning=_boxed_title(safety))
    for t in asm.recs["term"]:
        add("glossary", f"glossary:{t['id']}", t["term"],
            [t.get("expansion", ""), *t.get("synonyms", [])], "", t["definition"], "Glossary")
    for sec in secs:
        add("section", f"article:{sec['article_id']}#{sec['anchor']}", sec["title"], [],
            titles[sec["article_id"]], sec["text"],
            f"{titles[sec['article_id']]} · {sec['tier'].title()}")
    for t in asm.recs["table"]:
        body = " ".join(" ".join(r["cells"]) for r in t["row"])
        add("table", f"table:{t['id']}", t["title"], [], " ".join(t["columns"]),
            f"{t.get('caption', '')} {body}", titles.get(t["article"], "Table"))
    for c in asm.recs["chart"]:
        add("chart", f"chart:{c['id']}", c["title"], [s["name"] for s in c["series"]], "",
            f"{c.get('description', '')} {c['caveat']}", "Chart")
    for r in asm.recs["reference"]:
        add("reference", f"ref:{r['key']}", r["title"], [r["authors"]],
            f"{r.get('journal', '')} {r['year']}", r.get("note", ""),
            f"{short_citation(r['authors'], r['year'])} · {r['status'].title()}")
    return docs


def _vocabulary(docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    counts: dict[str, int] = {}
    for d in docs:
        for field in ("title", "names", "headings", "body"):
            for word in folded_words(d[field]):
                if len(word) >= 3 and not word.isdigit():
                    counts[word] = counts.get(word, 0) + 1
    return [{"word": w, "freq": n} for w, n in sorted(counts.items())]


def _synonym_groups(asm: _Assembler) -> list[dict[str, Any]]:
    groups: list[list[str]] = [g["terms"] for g in asm.recs["group"]]
    for s in asm.recs["substance"]:
        groups.append([s["name"], *s.get("brand_names", []), *s.get("synonyms", [])])
    for c in asm.recs["class"]:
        groups.append([c["name"], *c.get("synonyms", [])])
    for t in asm.recs["term"]:
        groups.append([t["term"], t.get("expansion", ""), *t.get("synonyms", [])])
    rows = []
    for gid, terms in enumerate(groups):
        for term in dict.fromkeys(x for x in terms if x and x.strip()):
            rows.append({"group_id": gid, "term": term, "norm": norm(term)})
    return [r for r in rows if r["norm"]]


def _records(asm: _Assembler) -> dict[str, list[dict[str, Any]]]:
    """Structured tables: one row per record, nested values as JSON text."""
    subs = []
    for s in asm.recs["substance"]:
        row = {k: v for k, v in s.items() if k != "class"}
        row["class_id"] = s["class"]
        row["safety"] = asm.safety.get(f"substance:{s['id']}")
        subs.append(_flatten(row))
    classes = []
    for c in asm.recs["class"]:
        members = sorted(s["id"] for s in asm.recs["substance"] if s["class"] == c["id"])
        classes.append(_flatten({**c, "members": members,
                                 "safety": asm.safety.get(f"class:{c['id']}")}))
    return {
        "substances": subs,
        "classes": classes,
        "glossary": [_flatten(t) for t in asm.recs["term"]],
        "refs": [_flatten(r) for r in asm.recs["reference"]],
        "data_tables": [_flatten({**t, "rows": t["row"]}, drop=("row",))
                        for t in asm.recs["table"]],
        "charts": [_flatten({**c, "phases": c.get("phase", [])}, drop=("phase",))
                   for c in asm.recs["chart"]],
    }


def _flatten(data: dict[str, Any], drop: tuple[str, ...] = ()) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key in drop:
            continue
        out[key] = _j(value) if isinstance(value, list | dict) else value
    return out


SCHEMAS: dict[str, tuple[dict[str, type], str]] = {
    "substances": ({"id": str, "name": str, "class_id": str, "is_peptide": int, "summary": str,
                    "synonyms": str, "brand_names": str, "mechanism": str, "receptor": str,
                    "target_organs": str, "route": str, "dosing_frequency": str,
                    "insulin_effect": str, "status": str, "evidence_level": str,
                    "off_label": str, "cautions": str, "related": str,
                    "refs": str, "fda": str, "ema": str, "dosing": str, "key_figures": str,
                    "provenance": str, "safety": str, "check_notes": str}, "id"),
    "classes": ({"id": str, "name": str, "synonyms": str, "summary": str, "mechanism": str,
                 "targets": str, "target_organs": str, "route": str, "dosing_frequency": str,
                 "insulin_effect": str, "key_figure": str, "off_label": str, "refs": str,
                 "provenance": str, "members": str, "safety": str, "check_notes": str}, "id"),
    "glossary": ({"id": str, "term": str, "expansion": str, "definition": str,
                  "synonyms": str, "see_also": str, "refs": str}, "id"),
    "refs": ({"key": str, "authors": str, "title": str, "journal": str, "year": int,
              "volume": str, "pages": str, "doi": str, "pmid": str, "pmcid": str, "url": str,
              "kind": str, "status": str, "note": str, "as_cited": str, "seed_refs": str},
             "key"),
    "data_tables": ({"id": str, "title": str, "article": str, "tier": str, "columns": str,
                     "caption": str, "correction": str, "rows": str, "check_notes": str}, "id"),
    "charts": ({"id": str, "title": str, "article": str, "x_unit": str, "y_label": str,
                "y_unit": str, "caveat": str, "refs": str, "description": str, "phases": str,
                "series": str, "check_notes": str}, "id"),
}


def _write(db: sqlite_utils.Database, asm: _Assembler, corpus: Corpus, digest: str) -> None:
    arts, secs, cites = asm.article_rows()
    site = corpus.sources.site
    records = _records(asm)
    for name, (columns, pk) in SCHEMAS.items():
        db.table(name).create(columns, pk=pk, not_null={pk})
        db.table(name).insert_all(records[name])
    db.table("articles").create({"id": str, "title": str, "summary": str, "as_of": str, "ord": int,
                           "source": str, "substances": str, "minutes": str, "words": str,
                           "check_notes": str}, pk="id")
    db.table("articles").insert_all(arts)
    db.table("sections").create({"id": int, "article_id": str, "anchor": str, "tier": str,
                           "ord": int, "title": str, "html": str, "text": str, "words": int,
                           "links": str}, pk="id")
    db.table("sections").insert_all(secs)
    db.table("sections").create_index(["article_id", "anchor"], unique=True)
    db.table("citations").create({"article_id": str, "number": int, "ref_key": str},
                           pk=("article_id", "number"))
    db.table("citations").insert_all(cites)
    db.table("mentions").create({"kind": str, "target_id": str, "article_id": str, "anchor": str,
                           "ord": int}, pk=("kind", "target_id", "article_id", "anchor"))
    db.table("mentions").insert_all(_mentions(asm, secs))
    docs = _search_docs(asm, secs, arts)
    db.table("search_docs").create({"id": int, "kind": str, "target": str, "title": str,
                              "names": str, "headings": str, "body": str, "context": str,
                              "badge": str, "warning": str}, pk="id")
    db.table("search_docs").insert_all([{"id": i + 1, **d} for i, d in enumerate(docs)])
    create_fts(db.conn)
    db.table("vocab").create({"word": str, "freq": int}, pk="word")
    db.table("vocab").insert_all(_vocabulary(docs))
    db.table("synonyms").create({"group_id": int, "term": str, "norm": str})
    db.table("synonyms").insert_all(_synonym_groups(asm))
    db.table("synonyms").create_index(["norm"])
    counts = {"articles": len(arts), "sections": len(secs),
              **{k: len(v) for k, v in records.items()}}
    meta = {"schema_version": str(SCHEMA_VERSION), "content_hash": digest,
            "oldest_status_check": _oldest_status_check(asm),
            "build_date": site["content_as_of"], "content_as_of": site["content_as_of"],
            "title": site["title"], "disclaimer_html": inline_markdown(site["disclaimer"]),
            "disclaimer_short": site["disclaimer_short"],
            "about_html": inline_markdown(site["about"]), "counts": _j(counts)}
    db.table("meta").create({"key": str, "value": str}, pk="key")
    db.table("meta").insert_all([{"key": k, "value": v} for k, v in sorted(meta.items())])


def _oldest_status_check(asm: _Assembler) -> str:
    """The oldest date on which any substance's regulatory status was checked."""
    from peptide_desk.records import oldest

    return oldest([s[r]["checked"] for s in asm.recs["substance"] for r in ("fda", "ema")])


def create_fts(conn: sqlite3.Connection) -> None:
    """The FTS5 index over search_docs (external content; rebuilt once)."""
    conn.execute(
        "CREATE VIRTUAL TABLE search_fts USING fts5(title, names, headings, body, "
        f"content='search_docs', content_rowid='id', tokenize='{FTS_TOKENIZE}', "
        "prefix='2 3')")
    conn.execute("INSERT INTO search_fts(search_fts, rank) VALUES('rank', ?)", (RANK_FUNCTION,))
    conn.execute("INSERT INTO search_fts(search_fts) VALUES('rebuild')")
    conn.execute("INSERT INTO search_fts(search_fts) VALUES('optimize')")


def _prerender_home(conn: sqlite3.Connection, path: Path) -> str:
    """Render the start page once, here, so the app's first paint needs no page code."""
    from peptide_desk.pages import home_html
    from peptide_desk.store import Store
    from peptide_desk.themes import palette

    store = Store(path)
    try:
        html = home_html(store, palette("light"))  # the page has no theme-dependent markup
    finally:
        store.close()
    with conn:
        conn.execute("INSERT INTO meta(key, value) VALUES ('home_html', ?)", (html,))
    return html


def build_database(content: Path, output: Path, *, record: bool = False) -> dict[str, Any]:
    """Validate ``content`` and write the database to ``output`` atomically.

    ``record`` (``build-db`` sets it) also writes ``output``'s SHA-256 and size to its
    sidecar, ``<output>.sha256``, atomically, for the app to verify (``integrity.py``); the
    result gives both either way."""
    corpus = load_corpus(content)
    if corpus.problems:
        raise BuildError(corpus.problems)
    output.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".build-", suffix=".sqlite", dir=output.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        tmp.unlink()
        conn = sqlite3.connect(tmp)
        conn.execute("PRAGMA page_size = 4096")
        conn.execute("PRAGMA journal_mode = DELETE")
        db = sqlite_utils.Database(conn)
        with conn:
            _write(db, _Assembler(corpus), corpus, "")  # the hash needs the start page
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        digest = content_hash(content, _prerender_home(conn, tmp))
        with conn:
            conn.execute("UPDATE meta SET value = ? WHERE key = 'content_hash'", (digest,))
        conn.execute("VACUUM")
        conn.close()
        # The file's SHA-256 and size, next to it, for the app to verify (integrity.py);
        # written before the database replaces the old one, which then gets its record.
        sha256, size = file_digest(tmp)
        side_tmp = tmp.with_name(tmp.name + SIDECAR_SUFFIX)
        if record:
            write_sidecar(tmp, side_tmp, output.name)
        os.replace(tmp, output)
        if record:
            os.replace(side_tmp, sidecar_path(output))
        else:  # a record of the previous file would call this one damaged
            sidecar_path(output).unlink(missing_ok=True)
    finally:
        for leftover in (tmp, tmp.with_name(tmp.name + "-journal"),
                         tmp.with_name(tmp.name + SIDECAR_SUFFIX)):
            if leftover.exists():
                leftover.unlink()
    return {"output": str(output), "schema_version": SCHEMA_VERSION, "content_hash": digest,
            "sha256": sha256, "size": size}
