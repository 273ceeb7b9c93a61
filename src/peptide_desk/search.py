"""Search as the user types: safe for any input, synonym- and typo-aware, ranked.

No Qt here. Every user token is quoted for FTS5 (inner quotes doubled), never stripped with
a regular expression, so hyphens, colons, AND/OR/NOT/NEAR, asterisks and quotes are plain
text to the index. The last token is a prefix while the user is still typing it.
"""

from __future__ import annotations

import html
import math
import re
import sqlite3
import unicodedata
from dataclasses import asdict, dataclass, field
from typing import Any

KINDS: tuple[str, ...] = ("substance", "class", "glossary", "section", "table", "chart",
                          "reference")
KIND_LABELS: dict[str, str] = {"substance": "Substances", "class": "Classes",
                               "glossary": "Glossary", "section": "Articles",
                               "table": "Tables", "chart": "Charts",
                               "reference": "References"}
MAX_QUERY_CHARS = 200
MAX_TOKENS = 12
MARK_OPEN, MARK_CLOSE = "\x02", "\x03"
WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)
#: Column weights for bm25: title, names, headings, body (also stored as the index's rank).
RANK_FUNCTION = "bm25(10.0, 8.0, 3.0, 1.0)"


@dataclass(frozen=True)
class SearchResult:
    kind: str
    title: str
    target: str  # location: "article:ID#anchor", "substance:ID", "table:ID", ...
    context: str
    snippet: str  # HTML-escaped text; matched words wrapped in <mark>…</mark>
    score: float

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class SearchResponse:
    query: str
    results: tuple[SearchResult, ...]
    corrected: str | None = None  # "Showing results for …" when a typo was corrected
    counts: dict[str, int] = field(default_factory=dict)

    def grouped(self) -> list[tuple[str, list[SearchResult]]]:
        """Results grouped by kind in the display order, each group in rank order."""
        order = {k: min((i for i, r in enumerate(self.results) if r.kind == k), default=99)
                 for k in KINDS}
        kinds = sorted((k for k in KINDS if order[k] < 99), key=lambda k: order[k])
        return [(k, [r for r in self.results if r.kind == k]) for k in kinds]


def fold(text: str) -> str:
    """Lower-case, diacritics removed (as the index's unicode61 tokenizer folds)."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def clean_query(text: str) -> str:
    """Drop control and format characters (NUL included) and bound the length."""
    kept = "".join(" " if unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co", "Zl", "Zp")
                   else c for c in text[: MAX_QUERY_CHARS * 4])
    return kept[:MAX_QUERY_CHARS]


def quote(token: str) -> str:
    """An FTS5 string literal: the token in double quotes, inner quotes doubled."""
    return '"' + token.replace('"', '""') + '"'


def norm(text: str) -> str:
    return " ".join(WORD_RE.findall(fold(text)))


def tokens_of(text: str) -> list[str]:
    """User tokens (whitespace separated) that contain at least one indexable character."""
    return [t for t in text.split() if WORD_RE.search(fold(t))][:MAX_TOKENS]


def damerau(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance, giving up early beyond ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


class SearchService:
    """Search over the bundled database's FTS5 index."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._synonyms: dict[str, list[str]] | None = None
        self._vocab: dict[int, list[tuple[str, int]]] | None = None
        self._vocab_set: set[str] = set()

    # --- lazily loaded data ---------------------------------------------------------------
    def synonyms(self) -> dict[str, list[str]]:
        """Normalised term -> every equivalent term (its group), from content data."""
        if self._synonyms is None:
            groups: dict[int, list[str]] = {}
            for gid, term in self.conn.execute("SELECT group_id, term FROM synonyms"):
                groups.setdefault(gid, []).append(term)
            table: dict[str, list[str]] = {}
            for terms in groups.values():
                for t in terms:
                    merged = table.setdefault(norm(t), [])
                    merged.extend(x for x in terms if x not in merged)
            self._synonyms = table
        return self._synonyms

    def vocabulary(self) -> dict[int, list[tuple[str, int]]]:
        if self._vocab is None:
            by_len: dict[int, list[tuple[str, int]]] = {}
            for word, freq in self.conn.execute("SELECT word, freq FROM vocab"):
                by_len.setdefault(len(word), []).append((word, freq))
                self._vocab_set.add(word)
            self._vocab = by_len
        return self._vocab

    # --- query building -------------------------------------------------------------------
    def build_match(self, text: str, prefix_last: bool = True) -> str:
        """The FTS5 MATCH expression for user text ('' when nothing is searchable)."""
        toks = tokens_of(text)
        if not toks:
            return ""
        syn = self.synonyms()
        parts: list[str] = []
        i = 0
        while i < len(toks):
            for j in range(len(toks), i, -1):
                key = norm(" ".join(toks[i:j]))
                if key in syn and (j - i > 1 or len(syn[key]) > 1):
                    alts = [quote(" ".join(toks[i:j]))]
                    if prefix_last and j == len(toks):
                        alts[0] += "*"
                    alts += [quote(t) for t in syn[key] if norm(t) != key]
                    parts.append("(" + " OR ".join(dict.fromkeys(alts)) + ")")
                    i = j
                    break
            else:
                tok = quote(toks[i])
                if prefix_last and i == len(toks) - 1:
                    tok += "*"
                parts.append(tok)
                i += 1
        return " AND ".join(parts)

    def correct(self, text: str) -> str | None:
        """The query with unknown words replaced by the nearest indexed word, if any."""
        vocab = self.vocabulary()
        out, changed = [], False
        for tok in text.split():
            words = WORD_RE.findall(fold(tok))
            if len(words) != 1 or len(words[0]) < 4 or words[0] in self._vocab_set \
                    or words[0].isdigit():
                out.append(tok)
                continue
            word = words[0]
            limit = 1 if len(word) <= 5 else 2
            best: tuple[int, int, str] | None = None
            for length in range(len(word) - limit, len(word) + limit + 1):
                for cand, freq in vocab.get(length, ()):
                    d = damerau(word, cand, limit)
                    if d <= limit and (best is None or (d, -freq, cand) < best):
                        best = (d, -freq, cand)
            if best:
                out.append(best[2])
                changed = True
            else:
                out.append(tok)
        return " ".join(out) if changed else None

    # --- running ----------------------------------------------------------------------------
    def _run(self, match: str, fetch: int) -> list[sqlite3.Row]:
        sql = ("SELECT d.kind, d.target, d.title, d.names, d.headings, d.context, "
               "search_fts.rank AS rank, snippet(search_fts, -1, char(2), char(3), '…', 12) "
               "AS snip FROM search_fts JOIN search_docs d ON d.id = search_fts.rowid "
               "WHERE search_fts MATCH ? ORDER BY search_fts.rank LIMIT ?")
        try:
            cur = self.conn.execute(sql, (match, fetch))
            cur.row_factory = sqlite3.Row
            return cur.fetchall()
        except sqlite3.OperationalError:
            return []  # a query FTS5 cannot parse is simply a query with no results

    def search(self, text: str, limit: int = 30, kind: str | None = None,
               typing: bool = True, correct: bool = True) -> SearchResponse:
        """Results for ``text``; never raises for any user input."""
        query = clean_query(text or "")
        prefix = typing and not query.endswith(" ")
        match = self.build_match(query, prefix_last=prefix)
        if not match:
            return SearchResponse(query.strip(), ())
        limit = max(1, min(int(limit), 200))
        fetch = max(limit, 20) if kind is None else 200
        rows = self._run(match, fetch)
        corrected = None
        if not rows and correct:
            fixed = self.correct(query)
            if fixed:
                rows = self._run(self.build_match(fixed, prefix_last=False), fetch)
                corrected = fixed if rows else None
        results = self._rank(rows, corrected or query)
        if kind:
            results = [r for r in results if r.kind == kind]
        results = results[:limit]
        counts: dict[str, int] = {}
        for r in results:
            counts[r.kind] = counts.get(r.kind, 0) + 1
        return SearchResponse(query.strip(), tuple(results), corrected, counts)

    def _rank(self, rows: list[sqlite3.Row], query: str) -> list[SearchResult]:
        q = norm(query)
        alts = {q, *(norm(t) for t in self.synonyms().get(q, []))}
        scored = []
        for row in rows:
            names = {norm(n) for n in row["names"].split(" ; ") if n}
            title = norm(row["title"])
            if title in alts or names & alts:
                tier = 0  # exact name or title
            elif title.startswith(q) or any(n.startswith(q) for n in names):
                tier = 1
            elif all(w in title for w in q.split()):
                tier = 2  # a heading holds every word
            else:
                tier = 3
            score = -float(row["rank"])
            kind_pos = KINDS.index(row["kind"]) if tier < 3 else 0
            scored.append(((tier, kind_pos, -score, row["target"]), row, score))
        scored.sort(key=lambda x: x[0])
        results = [SearchResult(r["kind"], r["title"], r["target"], r["context"],
                                mark_snippet(r["snip"] or ""),
                                round(s if math.isfinite(s) else 0.0, 4) + 100 * (3 - k[0]))
                   for k, r, s in scored]
        return self._with_members(results)

    def _with_members(self, results: list[SearchResult]) -> list[SearchResult]:
        """A class named exactly brings its member substances right after it."""
        out: list[SearchResult] = []
        seen = {r.target for r in results}
        for r in results:
            out.append(r)
            if r.kind == "class" and r.score >= 300:
                cid = r.target.split(":", 1)[1]
                for sid, name, context in self.conn.execute(
                        "SELECT s.id, s.name, d.context FROM substances s JOIN search_docs d "
                        "ON d.target = 'substance:' || s.id WHERE s.class_id = ? "
                        "ORDER BY s.name", (cid,)):
                    target = f"substance:{sid}"
                    if target not in seen:
                        seen.add(target)
                        out.append(SearchResult("substance", name, target, context,
                                                html.escape(f"Member of {r.title}"),
                                                r.score - 1))
        return out


def mark_snippet(snip: str) -> str:
    """HTML-escape a snippet and turn the index's markers into <mark> tags."""
    return (html.escape(snip).replace(MARK_OPEN, "<mark>").replace(MARK_CLOSE, "</mark>"))


def plain_snippet(snippet: str, open_: str = "[", close: str = "]") -> str:
    """A marked snippet for the terminal."""
    text = snippet.replace("<mark>", open_).replace("</mark>", close)
    return html.unescape(text)
