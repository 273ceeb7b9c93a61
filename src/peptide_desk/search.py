"""Search as the user types: safe for any input, synonym- and typo-aware, ranked.

No Qt here. Every user token is quoted for FTS5 (inner quotes doubled), never stripped with
a regular expression, so hyphens, colons, AND/OR/NOT/NEAR, asterisks and quotes are plain
text to the index. The last token is a prefix while the user is still typing it; because
the index stems words (porter), that prefix is also widened to the indexed words it starts.

Speed: the index is asked exactly what the bare ``MATCH … ORDER BY rank LIMIT n`` asks
(no rank column, no snippet(): each of those makes FTS5 rescan the matching documents), and
the snippets are cut in Python from the rows actually returned.
"""

from __future__ import annotations

import bisect
import re
import sqlite3
import unicodedata
from dataclasses import asdict, dataclass, field
from typing import Any

from peptide_desk.search_snippets import _finders, make_snippet

KINDS: tuple[str, ...] = ("substance", "class", "glossary", "section", "table", "chart",
                          "reference")
KIND_LABELS: dict[str, str] = {"substance": "Substances", "class": "Classes",
                               "glossary": "Glossary", "section": "Articles",
                               "table": "Tables", "chart": "Charts",
                               "reference": "References"}
MAX_QUERY_CHARS = 200
MAX_TOKENS = 12
PREFIX_WORDS = 4  # indexed words a typed prefix is widened to (most frequent first)
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


@dataclass(frozen=True)
class _Plan:
    """A MATCH expression and the phrases (folded words, prefix?) to mark in snippets."""

    match: str
    phrases: tuple[tuple[tuple[str, ...], bool], ...] = ()
    parts: tuple[str, ...] = ()  # one per word or phrase: AND-ed in match


@dataclass(frozen=True)
class _Hit:
    """A ranked document before its snippet is cut."""

    doc_id: int
    kind: str
    title: str
    target: str
    context: str
    score: float


def fold(text: str) -> str:
    """Lower-case, diacritics removed (as the index's unicode61 tokenizer folds)."""
    if text.isascii():
        return text.lower()
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


def _letters(word: str) -> int:
    """A bit per distinct character: words one edit apart differ in at most two bits."""
    mask = 0
    for c in word:
        mask |= 1 << (ord(c) & 63)
    return mask


class SearchService:
    """Search over the bundled database's FTS5 index."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._synonyms: dict[str, list[str]] | None = None
        self._words: list[str] = []  # sorted vocabulary, for prefix widening
        self._freq: dict[str, int] = {}
        self._by_len: dict[int, list[tuple[str, int, int]]] = {}  # len -> (word, freq, mask)
        self._fixes: dict[tuple[str, bool], str | None] = {}
        self._names: dict[int, tuple[str, frozenset[str]]] = {}  # doc id -> normalised names

    # --- lazily loaded data ---------------------------------------------------------------
    def synonyms(self) -> dict[str, list[str]]:
        """Normalised term -> every equivalent term (its group), from content data."""
        if self._synonyms is None:
            groups: dict[int, list[str]] = {}
            for gid, term in self._rows("SELECT group_id, term FROM synonyms ORDER BY rowid"):
                groups.setdefault(gid, []).append(term)
            table: dict[str, list[str]] = {}
            for terms in groups.values():
                for t in terms:
                    merged = table.setdefault(norm(t), [])
                    merged.extend(x for x in terms if x not in merged)
            self._synonyms = table
        return self._synonyms

    def vocabulary(self) -> dict[str, int]:
        """Indexed words and synonym words (folded) with their document frequency."""
        if not self._freq:
            freq = dict(self._rows("SELECT word, freq FROM vocab"))
            for key in self.synonyms():
                for word in key.split():
                    freq.setdefault(word, 0)
            self._freq = freq or {"": 0}
            self._words = sorted(freq)
            for word, n in freq.items():
                self._by_len.setdefault(len(word), []).append((word, n, _letters(word)))
        return self._freq

    def _rows(self, sql: str, args: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """Plain tuples (the store's connection makes sqlite3.Row objects by default)."""
        try:
            cur = self.conn.cursor()
            cur.row_factory = None
            return cur.execute(sql, args).fetchall()
        except sqlite3.Error:
            return []  # a query FTS5 cannot parse is simply a query with no results

    def _completions(self, word: str) -> list[str]:
        """The most frequent indexed words starting with ``word`` (not ``word`` itself)."""
        self.vocabulary()
        lo = bisect.bisect_left(self._words, word)
        hi = bisect.bisect_left(self._words, word + "\U0010ffff", lo)
        found = [w for w in self._words[lo:hi] if w != word]
        found.sort(key=lambda w: (-self._freq[w], w))
        return found[:PREFIX_WORDS]

    # --- query building -------------------------------------------------------------------
    def build_match(self, text: str, prefix_last: bool = True) -> str:
        """The FTS5 MATCH expression for user text ('' when nothing is searchable)."""
        return self._plan(clean_query(text or ""), prefix_last).match

    def _plan(self, text: str, prefix_last: bool) -> _Plan:
        toks = tokens_of(text)
        if prefix_last and toks and len(toks) > 1 and len(norm(toks[-1])) < 2:
            toks.pop()  # a lone letter still being typed after other words adds nothing yet
        if not toks or (prefix_last and len(toks) == 1 and len(norm(toks[0])) < 2):
            return _Plan("")
        syn = self.synonyms()
        parts: list[str] = []
        phrases: list[tuple[tuple[str, ...], bool]] = []
        i = 0
        while i < len(toks):
            j = next((j for j in range(len(toks), i, -1)
                      if (key := norm(" ".join(toks[i:j]))) in syn
                      and (j - i > 1 or len(syn[key]) > 1)), i + 1)
            span = " ".join(toks[i:j])
            alts = self._alternatives(span, prefix_last and j == len(toks))
            key = norm(span)
            alts += [quote(t) for t in syn.get(key, []) if norm(t) != key]
            alts = list(dict.fromkeys(alts))
            parts.append(alts[0] if len(alts) == 1 else "(" + " OR ".join(alts) + ")")
            phrases.append((tuple(key.split()), prefix_last and j == len(toks)))
            phrases.extend((tuple(norm(t).split()), False) for t in syn.get(key, [])
                           if norm(t) != key)
            i = j
        return _Plan(" AND ".join(parts), tuple(dict.fromkeys(p for p in phrases if p[0])),
                     tuple(parts))

    def _alternatives(self, span: str, prefix: bool) -> list[str]:
        """The span quoted; as a prefix, also the indexed words it starts (stemming-safe)."""
        if not prefix:
            return [quote(span)]
        words = WORD_RE.findall(fold(span))
        alts = [quote(span) + "*"]
        if len(words) == 1 and len(words[0]) >= 3:
            alts += [quote(w) for w in self._completions(words[0])]
        return alts

    def correct(self, text: str, prefix_last: bool = False) -> str | None:
        """The query with unknown words replaced by the nearest indexed word, if any."""
        vocab = self.vocabulary()
        out, changed = [], False
        toks = text.split()
        for n, tok in enumerate(toks):
            words = WORD_RE.findall(fold(tok))
            if len(words) != 1 or len(words[0]) < 4 or words[0] in vocab \
                    or words[0].isdigit():
                out.append(tok)
                continue
            typing = prefix_last and n == len(toks) - 1
            if typing and self._completions(words[0]):
                out.append(tok)
                continue
            key = (words[0], typing)
            if key not in self._fixes:
                if len(self._fixes) > 4096:
                    self._fixes.clear()
                self._fixes[key] = self._nearest(words[0], typing)
            fix = self._fixes[key]
            out.append(fix or tok)
            changed = changed or fix is not None
        return " ".join(out) if changed else None

    def _nearest(self, word: str, typing: bool) -> str | None:
        """The closest indexed word (or, while typing, word start), most frequent on ties."""
        limit = 1 if len(word) <= 5 else 2
        mask = _letters(word)
        best: tuple[int, int, str] | None = None
        longest = max(self._by_len, default=0) if typing else len(word) + limit
        for length in range(max(1, len(word) - limit), longest + 1):
            for cand, freq, cmask in self._by_len.get(length, ()):
                if length <= len(word) + limit and (mask ^ cmask).bit_count() <= 2 * limit:
                    d = damerau(word, cand, limit)
                elif typing and cand[0] == word[0] and length > len(word):
                    d = damerau(word, cand[: len(word)], limit)
                else:
                    continue
                if d <= limit and (best is None or (d, -freq, cand) < best):
                    best = (d, -freq, cand)
        return best[2] if best else None

    # --- running ----------------------------------------------------------------------------
    def _ids(self, match: str, fetch: int) -> list[int]:
        """Matching document ids in bm25 order: exactly the bare FTS5 ranking query."""
        sql = "SELECT rowid FROM search_fts WHERE search_fts MATCH ? ORDER BY rank LIMIT ?"
        return [r[0] for r in self._rows(sql, (match, fetch))]

    def search(self, text: str, limit: int = 30, kind: str | None = None,
               typing: bool = True, correct: bool = True) -> SearchResponse:
        """Results for ``text``; never raises for any user input."""
        query = clean_query(text or "")
        prefix = typing and not query.endswith(" ")
        plan = self._plan(query, prefix)
        if not plan.match:
            return SearchResponse(query.strip(), ())
        limit = max(1, min(int(limit), 200))
        fetch = max(limit, 20) if kind is None else 200
        ids: list[int] = []
        corrected = None
        fixed = self.correct(query, prefix) if correct else None  # only unknown words
        if fixed:
            fixed_plan = self._plan(fixed, False)
            ids = self._ids(fixed_plan.match, fetch)
            if ids:
                plan, corrected = fixed_plan, fixed
        if not ids:
            ids = self._ids(plan.match, fetch)
        if not ids and len(plan.parts) > 1:  # no item has every word: any word, best first
            ids = self._ids(" OR ".join(plan.parts), fetch)
        results = self._with_snippets(self._rank(ids, corrected or query, kind)[:limit], plan)
        counts: dict[str, int] = {}
        for r in results:
            counts[r.kind] = counts.get(r.kind, 0) + 1
        return SearchResponse(query.strip(), tuple(results), corrected, counts)

    def _rank(self, ids: list[int], query: str, kind: str | None) -> list[_Hit]:
        """Exact names and titles first, then name starts, then headings, then bm25 order."""
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        docs = {r[0]: r[1:] for r in self._rows(
            f"SELECT id, kind, target, title, names, context FROM search_docs "
            f"WHERE id IN ({marks})", tuple(ids))}
        q = norm(query)
        alts = {q, *(norm(t) for t in self.synonyms().get(q, []))}
        scored: list[tuple[float, int, _Hit]] = []
        for pos, doc_id in enumerate(ids):
            if doc_id not in docs or docs[doc_id][0] not in KINDS:
                continue
            kind_, target, title_text, names_text, context = docs[doc_id]
            if doc_id not in self._names:
                self._names[doc_id] = (norm(title_text or ""), frozenset(
                    norm(n) for n in (names_text or "").split(" ; ") if n))
            title, names = self._names[doc_id]
            score = _score(q, alts, title, names, KINDS.index(kind_), pos / len(ids))
            if kind is None or kind_ == kind:
                scored.append((-score, pos, _Hit(doc_id, kind_, title_text or target, target,
                                                 context or "", score)))
        scored.sort(key=lambda x: (x[0], x[1]))
        return self._with_members([h for _, _, h in scored], kind)

    def _with_members(self, hits: list[_Hit], kind: str | None) -> list[_Hit]:
        """A class named exactly brings its member substances right after it."""
        if kind is not None:
            return hits
        out: list[_Hit] = []
        moved: set[str] = set()
        for h in hits:
            if h.target in moved:
                continue
            out.append(h)
            if h.kind != "class" or h.score < 300:
                continue
            rows = self._rows("SELECT d.id, 'substance:' || s.id, s.name, d.context "
                              "FROM substances s JOIN search_docs d "
                              "ON d.target = 'substance:' || s.id WHERE s.class_id = ? "
                              "ORDER BY s.name", (h.target.split(":", 1)[1],))
            for n, (doc_id, target, name, context) in enumerate(rows, 1):
                if target not in moved and all(o.target != target for o in out):
                    moved.add(target)
                    out.append(_Hit(doc_id, "substance", name, target, context or "",
                                    round(h.score - 0.001 * n, 4)))
        return out

    def _with_snippets(self, hits: list[_Hit], plan: _Plan) -> list[SearchResult]:
        """Each result with a marked snippet cut from its own text (names, body, headings)."""
        if not hits:
            return []
        ids = tuple(h.doc_id for h in hits)
        texts = {r[0]: r[1:] for r in self._rows(  # raw UTF-8: scanning bytes is quickest
            "SELECT id, CAST(names AS BLOB), CAST(body AS BLOB), CAST(headings AS BLOB), "
            f"CAST(title AS BLOB) FROM search_docs WHERE id IN ({','.join('?' * len(ids))})",
            ids)}
        finders = _finders(plan.phrases)
        return [SearchResult(h.kind, h.title, h.target, h.context,
                             make_snippet(texts.get(h.doc_id, ()), finders), h.score)
                for h in hits]


def _score(q: str, alts: set[str], title: str, names: frozenset[str], kind_pos: int,
           rank_pos: float) -> float:
    """Exact name or title (300+), a name it starts (200+, closer first), all words in the
    title (100+), body text (<10); kinds in KINDS order break ties, then the bm25 order."""
    kind_bonus, bm25 = len(KINDS) - kind_pos, 1 - rank_pos
    if title in alts or names & alts:
        return round(300 + 10 * kind_bonus + 9 * bm25, 4)
    started = [len(n) for n in (title, *names) if n.startswith(q)]
    if started:
        return round(200 + 60 * len(q) / max(min(started), 1) + kind_bonus + 0.9 * bm25, 4)
    words, title_words = q.split(), title.split()
    if words and all(w in title_words for w in words[:-1]) and \
            any(t.startswith(words[-1]) for t in title_words):
        return round(100 + 10 * kind_bonus + 9 * bm25, 4)
    return round(9 * bm25, 4)
