"""Snippets for search results: matched words marked, cut from raw UTF-8 bytes (no Qt)."""

from __future__ import annotations

import html
import re
from functools import lru_cache

SNIPPET_CHARS = 90
#: Endings dropped before highlighting, so "resistance" marks "resistant" as the stemmed
#: index matched it.
SUFFIXES = ("ational", "ations", "ation", "ances", "ences", "ance", "ence", "ments", "ment",
            "ness", "ings", "ing", "ies", "ied", "ed", "es", "s", "ly", "al", "ic", "ia",
            "e", "y")


Finder = re.Pattern[bytes]


def _root(word: str, prefix: bool) -> str:
    """The start of ``word`` that its stemmed index entry shares with its other forms."""
    if prefix or len(word) <= 4 or word.isdigit():
        return word
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


@lru_cache(maxsize=256)
def _finders(phrases: tuple[tuple[tuple[str, ...], bool], ...]) -> tuple[Finder, ...]:
    """Per phrase, a lower-case pattern (a literal start keeps the regex engine fast)."""
    out = []
    for words, prefix in phrases:
        parts = [re.escape(w.encode()) for w in words[:-1]]
        parts.append(re.escape(_root(words[-1], prefix).encode()) + rb"[^\W_]*")
        out.append(re.compile(rb"[\W_]+".join(parts)))
    return tuple(out)


def _hits(raw: bytes, finders: tuple[Finder, ...], cap: int = 8) -> list[tuple[int, int, int]]:
    """(start, end, phrase number) of the first word-start matches in ``raw``, in order."""
    lower = raw.lower()  # ASCII-only on bytes: fast, and offsets stay the same
    hits: list[tuple[int, int, int]] = []
    for n, pattern in enumerate(finders):
        found = 0
        for tries, m in enumerate(pattern.finditer(lower)):
            if m.start() == 0 or not lower[m.start() - 1:m.start()].isalnum():
                hits.append((m.start(), m.end(), n))
                found += 1
            if found >= cap or tries >= 8 * cap:
                break
    hits.sort()
    kept: list[tuple[int, int, int]] = []
    for h in hits:  # drop overlaps (a longer phrase already covers the words)
        if not kept or h[0] >= kept[-1][1]:
            kept.append(h)
    return kept


def make_snippet(fields: tuple[bytes | None, ...], finders: tuple[Finder, ...]) -> str:
    """HTML for the best window of the first field that holds a match (else the body start)."""
    for raw in fields:
        hits = _hits(raw or b"", finders)
        if hits:
            return _window(raw or b"", hits)
    return _window(next((f for f in fields[1:2] + fields[:1] if f), b""), [])


def _text(raw: bytes) -> str:
    return html.escape(raw.decode("utf-8", "replace"))


def _window(raw: bytes, hits: list[tuple[int, int, int]]) -> str:
    """About a dozen words around the densest group of hits, marked and HTML-escaped."""
    if not hits:
        cut = raw[:SNIPPET_CHARS].rsplit(b" ", 1)[0] if len(raw) > SNIPPET_CHARS else raw
        return _text(cut) + ("…" if len(cut) < len(raw) else "")
    anchor, most = hits[0][0], 0
    for i, (first, _, _) in enumerate(hits):  # the window holding most different phrases
        seen = set()
        for s, _, n in hits[i:]:
            if s >= first + SNIPPET_CHARS:
                break
            seen.add(n)
        if len(seen) > most:
            anchor, most = first, len(seen)
    start = 0 if anchor < 30 or len(raw) <= SNIPPET_CHARS + 40 else \
        raw.find(b" ", anchor - 30, anchor) + 1 or anchor
    end = min(len(raw), start + SNIPPET_CHARS + 40)
    inside = [h for h in hits if start <= h[0] < end]
    end = max(end, *(h[1] for h in inside))
    if end < len(raw):
        space = raw.rfind(b" ", max(h[1] for h in inside), end)
        end = space if space > 0 else end
    parts, pos = [], start
    for s, e, _ in inside:
        parts.append(_text(raw[pos:s]) + "<mark>" + _text(raw[s:e]) + "</mark>")
        pos = e
    parts.append(_text(raw[pos:end]))
    return ("…" if start > 0 else "") + "".join(parts).strip() + ("…" if end < len(raw) else "")


def plain_snippet(snippet: str, open_: str = "[", close: str = "]") -> str:
    """A marked snippet for the terminal."""
    text = snippet.replace("<mark>", open_).replace("</mark>", close)
    return html.unescape(text)
