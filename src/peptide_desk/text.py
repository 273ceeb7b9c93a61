"""Folding and word splitting: the one definition the index build and the queries share.

The database build folds the vocabulary and the synonym terms with these functions and
search folds what the user types with the same ones, so a word typed as it is written
(any case, with or without accents) finds the form that was stored. Change them here only,
then rebuild the database (the Makefile does: this module is in DB_CODE).
"""

from __future__ import annotations

import re
import unicodedata

#: A word: a run of letters and digits (no underscore), as the unicode61 tokenizer splits.
WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)


def fold(text: str) -> str:
    """Lower-case, diacritics removed (as the index's unicode61 tokenizer folds).

    Final sigma becomes sigma, as unicode61 folds it: ``str.lower()`` picks "ς" or "σ" from
    the letters around, so a word would otherwise fold one way inside a sentence and another
    way typed alone.
    """
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.lower().replace("ς", "σ"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def folded_words(text: str) -> list[str]:
    """The folded words of ``text``, in order."""
    return WORD_RE.findall(fold(text))


def norm(text: str) -> str:
    """The folded words joined by single spaces: the key of a synonym or a name."""
    return " ".join(folded_words(text))
