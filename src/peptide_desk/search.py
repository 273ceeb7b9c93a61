"""Search as the user types: safe for any input, synonym- and typo-aware, ranked.

No Qt here. Every user token is quoted for FTS5 (inner quotes doubled), never stripped with
a regular expression, so hyphens, colons, AND/OR/NOT/NEAR, asterisks and quotes are plain
text to the index. The last token is a prefix while the user is still typing it; because
the index stems words (porter), that prefix is also widened to the indexed words it starts.

Speed: the index is asked exactly what the bare ``MATCH … ORDER BY rank LIMIT n`` asks
(no rank column, no snippet(): each of those makes FTS5 rescan the matching documents), and
the ranking checks and snippets are made in Python from the rows actually returned, read
once.

A comparison query ("ozempic vs mounjaro", "compare A, B and C", "A and B compared") whose
items all name a substance or class gets a first result of kind ``compare``.
"""

from __future__ import annotations

import bisect
import json
import re
import sqlite3
import unicodedata
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Any, NamedTuple

from peptide_desk.search_snippets import _finders, _root, make_snippet
from peptide_desk.text import WORD_RE, fold, folded_words, norm

KINDS: tuple[str, ...] = ("compare", "substance", "class", "glossary", "section", "table",
                          "chart", "reference")
KIND_LABELS: dict[str, str] = {"compare": "Compare", "substance": "Substances",
                               "class": "Classes", "glossary": "Glossary",
                               "section": "Articles", "table": "Tables", "chart": "Charts",
                               "reference": "References"}
MAX_QUERY_CHARS = 200
MAX_TOKENS = 12
PREFIX_WORDS = 4  # indexed words a typed prefix is widened to (most frequent first)
#: Column weights for bm25: title, names, headings, body (also stored as the index's rank).
RANK_FUNCTION = "bm25(10.0, 8.0, 3.0, 1.0)"
#: Results appear once this many letters or digits are typed (the search field says so,
#: in these words); a shorter last word is left out while it is being typed.
MIN_QUERY_CHARS = 2
SHORT_QUERY_HINT = "Keep typing: results appear from two letters."
COMPARE_SCORE = 1000.0  # above every ranked result (exact names score under 400)
#: Query words that ask for a label's boxed warning rather than name what it is about.
BOXED_WORDS = frozenset({"boxed", "box", "black", "warning", "warnings"})
_COMPARE_LEAD = re.compile(r"^compare\b\s*:?\s*", re.IGNORECASE)
_COMPARE_TAIL = re.compile(r"\s+compared$", re.IGNORECASE)
_VERSUS = re.compile(r"\s(?:vs\.?|versus)\s", re.IGNORECASE)
_COMPARE_SEP = re.compile(r"(\s*,\s*(?:and\s+)?|\s+(?:vs\.?|versus|and|&|with|to)\s+)",
                          re.IGNORECASE)
_DIGIT_EDGE = re.compile(r"(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])")


@dataclass(frozen=True)
class SearchResult:
    kind: str
    title: str
    target: str  # location: "article:ID#anchor", "substance:ID", "compare:A,B", ...
    context: str
    snippet: str  # HTML-escaped text; matched words wrapped in <mark>…</mark>
    score: float
    badge: str = ""  # substances: the regulatory status id (records.STATUS_LABELS)
    warning: str = ""  # the title of the label's boxed warning, when it has one

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


class _Doc(NamedTuple):
    """A search_docs row as ranking and snippets need it (texts as raw UTF-8)."""

    kind: str
    target: str
    title: str
    names: str
    context: str
    badge: str
    warning: str
    texts: tuple[bytes, ...]  # names, body, headings, title: the snippet's search order


@dataclass(frozen=True)
class _Hit:
    """A ranked document before its snippet is cut."""

    doc_id: int
    kind: str
    title: str
    target: str
    context: str
    score: float
    badge: str = ""
    warning: str = ""


class _Pages(NamedTuple):
    """The substance and class pages: by name (for comparisons) and by target."""

    by_name: dict[str, CompareItem]  # normalised name, brand, synonym or id -> item
    names: list[str]  # by_name's keys, sorted (for prefixes)
    doc_ids: dict[str, int]  # "substance:ID" / "class:ID" -> search_docs id


class CompareItem(NamedTuple):
    """A substance or class named in a comparison query."""

    kind: str  # "substance" or "class"
    id: str
    name: str
    typed: str  # the words the user typed for it

    @property
    def ref(self) -> str:
        """The item as compare.find_rows reads it: a substance by id, a class as class:ID."""
        return self.id if self.kind == "substance" else f"class:{self.id}"


def clean_query(text: str) -> str:
    """Drop control and format characters (NUL included) and bound the length."""
    kept = "".join(" " if unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co", "Zl", "Zp")
                   else c for c in text[: MAX_QUERY_CHARS * 4])
    return kept[:MAX_QUERY_CHARS]


def quote(token: str) -> str:
    """An FTS5 string literal: the token in double quotes, inner quotes doubled."""
    return '"' + token.replace('"', '""') + '"'


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


def split_digits(text: str) -> list[str]:
    """Normalised words with letters and digits apart, so "GLP1" and "GLP-1" agree."""
    return _DIGIT_EDGE.sub(" ", norm(text)).split()


def _same_words(words: list[str], query: list[str], prefix: bool) -> bool:
    """``words`` are the ``query`` words; while typing, its last (3+ letters) may be a start."""
    if not query or len(query) != len(words):
        return False
    last, word = query[-1], words[-1]
    return words[:-1] == query[:-1] and (
        word == last or (prefix and len(last) >= 3 and word.startswith(last)))


def _lead(title: str) -> list[str]:
    """A class name's first term: its first word and the numbers after it ("glp 1")."""
    words = split_digits(title)
    n = 1
    while n < len(words) and words[n].isdigit():
        n += 1
    return words[:n]


def _names_class(query: str, title: str, ident: str, prefix: bool) -> bool:
    """The query is a class's first term or its id: "GLP-1", "GLP1", "glp1 ra", "amylin"
    (as typed: "glucagon-like peptide-1", a synonym of GLP-1, asks for the hormone)."""
    words = split_digits(query)
    return _same_words(_lead(title), words, prefix) or \
        _same_words(split_digits(ident), words, prefix)


@lru_cache(maxsize=128)
def _phrase_finder(phrases: tuple[str, ...], prefix: bool) -> re.Pattern[bytes] | None:
    """The words of any of ``phrases`` (folded) in order, for lower-cased UTF-8 text (a
    literal start keeps the regex engine fast; _has_phrase checks the word start)."""
    alts = [rb"[\W_]+".join(re.escape(w.encode()) for w in p.split()) for p in phrases if p]
    if not alts:
        return None
    return re.compile(b"|".join(alts) + (b"" if prefix else rb"(?![^\W_])"))


def _has_phrase(finder: re.Pattern[bytes] | None, texts: tuple[bytes, ...]) -> bool:
    """Whether the exact words occur, not just forms sharing their stem ("pancreatic" for
    "pancreatitis", or "men" and "2" apart for "MEN 2")."""
    if finder is None:
        return False
    for raw in texts:
        lower = raw.lower()
        for tries, m in enumerate(finder.finditer(lower)):
            if m.start() == 0 or not lower[m.start() - 1:m.start()].isalnum():
                return True
            if tries >= 16:
                break
    return False


def _asks_boxed(words: list[str], warning: str) -> bool:
    """The query asks for this label's boxed warning ("boxed warning thyroid")."""
    if not warning or not any(w in BOXED_WORDS for w in words):
        return False
    about = norm(warning).split()
    return all(any(t.startswith(_root(w, False)) for t in about)
               for w in words if w not in BOXED_WORDS)


def _safety_words(raw: str) -> bytes:
    """The words of a stored safety block (JSON): its note and each item's kind, title and
    text, lower-cased UTF-8 (b"" for anything else)."""
    try:
        block = json.loads(raw)
    except ValueError:
        return b""
    items = block.get("items") if isinstance(block, dict) else None
    if not isinstance(items, list):
        return b""
    parts = [str(block.get("note", ""))]
    for item in items:
        if isinstance(item, dict):
            parts += [str(item.get(k, "")).replace("-", " ") for k in ("kind", "title", "text")]
    return " ".join(parts).lower().encode()


def _and_list(names: list[str]) -> str:
    """"A", "A and B", "A, B and C"."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _comparison_body(text: str) -> str | None:
    """The items part of "compare A and B", "A and B compared" or "A vs B"; else None."""
    text = " ".join(text.split()).rstrip("?!")
    if (lead := _COMPARE_LEAD.match(text)) and lead.end() < len(text):
        return text[lead.end():]
    if tail := _COMPARE_TAIL.search(text):
        return text[:tail.start()]
    return text if _VERSUS.search(f" {text} ") else None


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
        self._pages: _Pages | None = None
        self._labels: str | None = None  # the badge and warning columns to read
        self._safety: dict[str, bytes] | None = None  # page target -> label safety text

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
        if prefix_last and len(toks) > 1 and len(last := norm(toks[-1])) < MIN_QUERY_CHARS \
                and not last.isdigit():
            toks.pop()  # a lone letter being typed after other words adds nothing yet;
            # a lone digit is a whole token ("MEN 2", "type 2")
        if not toks or (prefix_last and len(toks) == 1
                        and len(norm(toks[0])) < MIN_QUERY_CHARS):
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
        words = folded_words(span)
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
            words = folded_words(tok)
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

    # --- comparisons ---------------------------------------------------------------------
    def pages(self) -> _Pages:
        """Every substance's and class's name, brand names, synonyms and id, normalised (also
        without spaces: "glp1ra"; a substance wins a clash), and each page's document id:
        read once, since search_docs has no index on target."""
        if self._pages is None:
            by_name: dict[str, CompareItem] = {}
            doc_ids: dict[str, int] = {}
            rows = self._rows("SELECT id, kind, target, title, names FROM search_docs "
                              "WHERE kind IN ('class', 'substance') ORDER BY kind, id")
            for doc_id, kind, target, title, names in rows:  # classes first
                ident = target.partition(":")[2]
                doc_ids[target] = doc_id
                item = CompareItem(kind, ident, title or ident, "")
                for name in (title or "", ident, *(names or "").split(" ; ")):
                    if key := norm(name):
                        by_name[key] = item
                        by_name.setdefault(key.replace(" ", ""), item)
            self._pages = _Pages(by_name, sorted(by_name), doc_ids)
        return self._pages

    def _item(self, typed: str, prefix: bool) -> CompareItem | None:
        """The substance or class ``typed`` names (while typing: the one it uniquely starts)."""
        table, keys, _ = self.pages()
        key = norm(typed)
        for k in (key, key.replace(" ", ""), *(norm(t) for t in self.synonyms().get(key, []))):
            if k in table:
                return table[k]._replace(typed=typed)
        if not prefix or len(key) < 3:
            return None
        lo = bisect.bisect_left(keys, key)
        found = {table[k] for k in keys[lo:bisect.bisect_left(keys, key + "\U0010ffff", lo)]}
        return found.pop()._replace(typed=typed) if len(found) == 1 else None

    def compare_items(self, text: str, prefix: bool = False) -> list[CompareItem]:
        """The items a comparison query names, in the order typed; [] unless the text is one
        ("A vs B", "A vs. B", "A versus B vs C", "compare A, B and C", "A and B compared")
        and every item names a substance or class (a name such as "X and Y" stays whole)."""
        body = _comparison_body(text)
        if body is None:
            return []
        parts = _COMPARE_SEP.split(body)  # piece, separator, piece, …
        pieces, i = len(parts) // 2 + 1, 0
        items: list[CompareItem] = []
        while i < pieces:
            found = self._longest_item(parts, i, pieces, prefix)
            if found is None:
                return []
            item, i = found
            if all((item.kind, item.id) != (o.kind, o.id) for o in items):
                items.append(item)
        from peptide_desk.compare import comparable  # only for text that reads as one

        return items if comparable(len(items)) else []

    def _longest_item(self, parts: list[str], i: int, pieces: int,
                      prefix: bool) -> tuple[CompareItem, int] | None:
        """The item named by the longest run of pieces from piece ``i``, and the next piece."""
        for j in range(pieces, i, -1):
            item = self._item("".join(parts[2 * i:2 * j - 1]), prefix and j == pieces)
            if item is not None:
                return item, j
        return None

    def _comparison(self, query: str, prefix: bool,
                    correct: bool) -> tuple[list[CompareItem], str | None]:
        """Comparison items in ``query``, or in its typo-corrected form (returned too)."""
        items = self.compare_items(query, prefix)
        if items or not correct or _comparison_body(query) is None:
            return items, None
        fixed = self.correct(query, prefix)
        items = self.compare_items(fixed, prefix) if fixed else []
        return items, fixed if items else None

    # --- running ----------------------------------------------------------------------------
    def _ids(self, match: str, fetch: int) -> list[int]:
        """Matching document ids in bm25 order: exactly the bare FTS5 ranking query."""
        sql = "SELECT rowid FROM search_fts WHERE search_fts MATCH ? ORDER BY rank LIMIT ?"
        return [r[0] for r in self._rows(sql, (match, fetch))]

    def _docs(self, ids: tuple[int, ...]) -> dict[int, _Doc]:
        """search_docs rows by id, each read once for ranking and snippets (texts as raw
        UTF-8: scanning bytes is quickest)."""
        if not ids:
            return {}
        rows = self._rows(
            f"SELECT id, kind, target, title, names, context, {self._label_columns()}, "
            "CAST(names AS BLOB), CAST(body AS BLOB), CAST(headings AS BLOB), "
            f"CAST(title AS BLOB) FROM search_docs WHERE id IN ({','.join('?' * len(ids))})",
            ids)
        return {r[0]: _doc(r[1:]) for r in rows}

    def safety_texts(self) -> dict[str, bytes]:
        """Each substance's and class's label safety text (warnings, contraindications, …),
        lower-cased UTF-8, read once; empty where the database has none (schema < 3)."""
        if self._safety is None:
            rows = self._rows("SELECT 'substance:' || id, safety FROM substances UNION ALL "
                              "SELECT 'class:' || id, safety FROM classes")
            self._safety = {target: text for target, raw in rows
                            if raw and (text := _safety_words(raw))}
        return self._safety

    def _label_columns(self) -> str:
        """badge and warning, or blanks where search_docs predates them (schema < 3)."""
        if self._labels is None:
            have = {r[1] for r in self._rows("PRAGMA table_info(search_docs)")}
            self._labels = ", ".join(c if c in have else "''" for c in ("badge", "warning"))
        return self._labels

    def search(self, text: str, limit: int = 30, kind: str | None = None,
               typing: bool = True, correct: bool = True) -> SearchResponse:
        """Results for ``text``; never raises for any user input."""
        query = clean_query(text or "")
        prefix = typing and not query.endswith(" ")
        limit = max(1, min(int(limit), 200))
        docs: dict[int, _Doc] = {}
        items, fixed = self._comparison(query, prefix, correct)
        if items:  # the items' pages, then what discusses them: "ozempic mounjaro"
            hits, plan, _ = self._find(" ".join(i.typed for i in items), limit, kind,
                                       prefix, False, docs)
            pages = [h for h in self._page_hits([f"{i.kind}:{i.id}" for i in items],
                                                COMPARE_SCORE - 100, 1, docs)
                     if kind in (None, h.kind)]
            hits, corrected = _first_each(pages + hits), fixed
        else:
            hits, plan, corrected = self._find(query, limit, kind, prefix, correct, docs)
        results = self._with_snippets(hits[:limit], plan, docs)
        if items and kind in (None, "compare"):
            results = [_compare_result(items), *results][:limit]
        counts: dict[str, int] = {}
        for r in results:
            counts[r.kind] = counts.get(r.kind, 0) + 1
        return SearchResponse(query.strip(), tuple(results), corrected, counts)

    def _find(self, query: str, limit: int, kind: str | None, prefix: bool, correct: bool,
              docs: dict[int, _Doc]) -> tuple[list[_Hit], _Plan, str | None]:
        """Ranked hits for ``query`` (typo-corrected when nothing else matches)."""
        plan = self._plan(query, prefix)
        if not plan.match or kind == "compare":
            return [], plan, None
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
        hits = self._rank(ids, corrected or query, kind, prefix and not corrected, docs)
        return hits, plan, corrected

    def _page_hits(self, targets: list[str], score: float, step: float,
                   docs: dict[int, _Doc]) -> list[_Hit]:
        """Hits for substance or class pages, in the order given, scores ``step`` apart."""
        doc_ids = self.pages().doc_ids
        ids = [doc_ids[t] for t in targets if t in doc_ids]
        docs.update(self._docs(tuple(i for i in ids if i not in docs)))
        return [_Hit(i, docs[i].kind, docs[i].title or docs[i].target, docs[i].target,
                     docs[i].context, round(score - step * n, 4), docs[i].badge,
                     docs[i].warning) for n, i in enumerate(ids) if i in docs]

    def _rank(self, ids: list[int], query: str, kind: str | None, prefix: bool,
              docs: dict[int, _Doc]) -> list[_Hit]:
        """Exact names and titles first, then name starts, then titles, then the boxed
        warning or label safety text asked for, then the exact words, then bm25 order."""
        if not ids:
            return []
        docs.update(self._docs(tuple(i for i in ids if i not in docs)))
        q = norm(query)
        alts = {q, *(norm(t) for t in self.synonyms().get(q, []))}
        finder = _phrase_finder(tuple(sorted(alts)), prefix)
        safety = self.safety_texts()
        scored: list[tuple[float, int, _Hit]] = []
        for pos, doc_id in enumerate(ids):
            doc = docs.get(doc_id)
            if doc is None or doc.kind not in KINDS or kind not in (None, doc.kind):
                continue
            title, names = self._doc_names(doc_id, doc)
            exact = title in alts or bool(names & alts) or (
                doc.kind == "class" and _names_class(q, title, doc.target[6:], prefix))
            tier = 30 if _asks_boxed(q.split(), doc.warning) else \
                20 if _has_phrase(finder, (safety.get(doc.target, b""),)) else \
                10 if _has_phrase(finder, doc.texts) else 0
            score = _score(q, title, names, exact, tier, KINDS.index(doc.kind),
                           pos / len(ids))
            scored.append((-score, pos, _Hit(doc_id, doc.kind, doc.title or doc.target,
                                             doc.target, doc.context, score, doc.badge,
                                             doc.warning)))
        scored.sort(key=lambda x: (x[0], x[1]))
        return self._with_members([h for _, _, h in scored], kind, docs)

    def _doc_names(self, doc_id: int, doc: _Doc) -> tuple[str, frozenset[str]]:
        """A document's title and names, normalised (cached: they never change)."""
        if doc_id not in self._names:
            self._names[doc_id] = (norm(doc.title), frozenset(
                norm(n) for n in doc.names.split(" ; ") if n))
        return self._names[doc_id]

    def _with_members(self, hits: list[_Hit], kind: str | None,
                      docs: dict[int, _Doc]) -> list[_Hit]:
        """A class named exactly brings its member substances right after it."""
        if kind is not None:
            return hits
        out: list[_Hit] = []
        for h in hits:
            if any(o.target == h.target for o in out):
                continue
            out.append(h)
            if h.kind == "class" and h.score >= 300:
                members = [r[0] for r in self._rows(
                    "SELECT 'substance:' || id FROM substances WHERE class_id = ? "
                    "ORDER BY name", (h.target.partition(":")[2],))]
                shown = {o.target for o in out}
                out += self._page_hits([m for m in members if m not in shown],
                                       h.score - 0.001, 0.001, docs)
        return out

    def _with_snippets(self, hits: list[_Hit], plan: _Plan,
                       docs: dict[int, _Doc]) -> list[SearchResult]:
        """Each result with a marked snippet cut from its own text (names, body, headings)."""
        docs.update(self._docs(tuple(h.doc_id for h in hits if h.doc_id not in docs)))
        finders = _finders(plan.phrases)
        return [SearchResult(h.kind, h.title, h.target, h.context,
                             make_snippet(docs[h.doc_id].texts if h.doc_id in docs else (),
                                          finders), h.score, h.badge, h.warning)
                for h in hits]


def _doc(r: tuple[Any, ...]) -> _Doc:
    """A _Doc from a row of _docs' query (after the id; NULLs as empty text)."""
    return _Doc(r[0] or "", r[1] or "", r[2] or "", r[3] or "", r[4] or "", r[5] or "",
                r[6] or "", (r[7] or b"", r[8] or b"", r[9] or b"", r[10] or b""))


def _first_each(hits: list[_Hit]) -> list[_Hit]:
    """Each target once, where it first appears."""
    seen: set[str] = set()
    out = []
    for h in hits:
        if h.target not in seen:
            seen.add(h.target)
            out.append(h)
    return out


def _compare_result(items: list[CompareItem]) -> SearchResult:
    """The first result of a comparison query: open these items side by side."""
    kinds = {i.kind for i in items}
    what = "substances" if kinds == {"substance"} else "classes" if kinds == {"class"} \
        else "items"
    return SearchResult("compare", f"Compare {_and_list([i.name for i in items])} side by side",
                        "compare:" + ",".join(i.ref for i in items),
                        f"Side by side · {len(items)} {what}", "", COMPARE_SCORE)


def _score(q: str, title: str, names: frozenset[str], exact: bool, tier: int,
           kind_pos: int, rank_pos: float) -> float:
    """Exact name or title, or a class's first term (300+); a name it starts (200+, closer
    first); all words in the title (100+); then by ``tier``: the boxed warning asked for
    (30+) or the exact words in the label safety text (20+), substances first; the exact
    words in the text (10+); other forms of them (<10). Kinds in KINDS order break ties,
    then the bm25 order."""
    kind_bonus, bm25 = len(KINDS) - kind_pos, 1 - rank_pos
    if exact:
        return round(300 + 10 * kind_bonus + 9 * bm25, 4)
    started = [len(n) for n in (title, *names) if n.startswith(q)]
    if started:
        return round(200 + 60 * len(q) / max(min(started), 1) + kind_bonus + 0.9 * bm25, 4)
    words, title_words = q.split(), title.split()
    if words and all(w in title_words for w in words[:-1]) and \
            any(t.startswith(words[-1]) for t in title_words):
        return round(100 + 10 * kind_bonus + 9 * bm25, 4)
    if tier >= 20:
        return round(tier + kind_bonus + 0.9 * bm25, 4)
    return round(tier + 9 * bm25, 4)
