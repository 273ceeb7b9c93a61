"""Print the corpus counts for a closing note: ``python tests/corpus_stats.py [CONTENT_DIR]``.

Builds the content into a temporary database (the same code as ``build-db``) so that word
counts are those of the rendered text the reader sees, citation numbers excluded.
"""

from __future__ import annotations

import sys
import tempfile
from collections import Counter
from pathlib import Path

from peptide_desk.content.build import BuildError, build_database
from peptide_desk.records import TIERS
from peptide_desk.store import Store

DEFAULT = Path(__file__).resolve().parents[1] / "resources" / "content"


def stats(content: Path) -> list[tuple[str, str]]:
    """(label, value) rows describing the corpus under ``content``."""
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "stats.sqlite"
        build_database(content, db)
        store = Store(db)
        try:
            arts = [a for a in (store.article(s.id) for s in store.articles()) if a]
            words: Counter[str] = Counter()
            sections: Counter[str] = Counter()
            for art in arts:
                for sec in art.sections:
                    words[sec.tier] += sec.words
                    sections[sec.tier] += 1
            refs = Counter(r.status for r in store.references())
            subs = Counter(s.evidence_level for s in store.substances())
            rows = [
                ("articles", str(len(arts))),
                ("sections", f"{sum(sections.values())} ("
                             + ", ".join(f"{t} {sections[t]}" for t in TIERS) + ")"),
                ("words per tier", ", ".join(f"{t} {words[t]}" for t in TIERS)
                 + f" (total {sum(words.values())})"),
                ("reading minutes per article (F/I/A)", "; ".join(
                    f"{a.id} " + "/".join(str(a.reading_minutes[t]) for t in TIERS)
                    for a in arts)),
                ("substances", f"{len(store.substances())} (evidence: "
                               + ", ".join(f"{k} {v}" for k, v in sorted(subs.items())) + ")"),
                ("classes", str(len(store.classes()))),
                ("tables", str(len(store.table_ids()))),
                ("charts", str(len(store.chart_ids()))),
                ("glossary terms", str(len(store.glossary()))),
                ("references", f"{sum(refs.values())} ("
                               + ", ".join(f"{k} {refs[k]}" for k in
                                           ("verified", "corrected", "unconfirmed")) + ")"),
            ]
        finally:
            store.close()
    return rows


def main(argv: list[str]) -> int:
    content = Path(argv[1]) if len(argv) > 1 else DEFAULT
    try:
        rows = stats(content)
    except BuildError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"{label:<{width}}  {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
