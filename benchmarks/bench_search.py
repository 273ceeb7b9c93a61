"""Per-keystroke search latency, against the bare FTS5 query as the floor (same run).

Each of ``QUERIES`` is typed one character at a time; every prefix is searched as the search
box does it (``SearchService.search(prefix, limit=40)``, typing mode) and, right beside it,
the floor runs: the bare ``SELECT rowid FROM search_fts WHERE search_fts MATCH ? ORDER BY
rank LIMIT 20`` with the MATCH string the service builds for that prefix. Keystrokes whose
prefix is not searchable yet (an empty MATCH: a single letter) are left out of both.
The order of service and floor alternates between rounds so neither always runs on a warm
cache. Databases: the bundled one (db/peptide_desk.sqlite, built if missing) and the
generated 10,000-article corpus (benchmarks/gen_corpus.py, cached in build/).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.gen_corpus import ensure_bundled_db, ensure_corpus
from peptide_desk.search import SearchService
from peptide_desk.store import connect_readonly

#: The synthetic 10,000-document corpus (~230 MB) is far above the app's content limit.
CORPUS_MAX_BYTES = 1 << 30

QUERIES = ("GLP-1", "semaglutide", "ozempic", "insulin resistance", "tesamorelin visceral fat",
           "HbA1c", "growth hormone", "hypoglycaemia", "PT-141", "AMPK",
           "adiponectin receptor", "testosterone", "tirzepatide weight", "IGF-1", "catestatin")
FLOOR_SQL = "SELECT rowid FROM search_fts WHERE search_fts MATCH ? ORDER BY rank LIMIT 20"
UI_LIMIT = 40  # what the search box asks for (ui/search_box.py)
TARGET_MS = 5.0
TARGET_RATIO = 1.25


def prefixes() -> list[str]:
    """Every prefix of every query, in typing order."""
    return [q[:i] for q in QUERIES for i in range(1, len(q) + 1)]


def percentile(samples: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(samples)
    rank = max(1, min(len(ordered), round(p / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def _timed(call: Callable[[], Any]) -> float:
    start = time.perf_counter_ns()
    call()
    return (time.perf_counter_ns() - start) / 1e6


def measure(path: Path, rounds: int) -> dict[str, list[float]]:
    """Service and floor times (ms) for every searchable keystroke, ``rounds`` times over."""
    conn = connect_readonly(path, max_bytes=CORPUS_MAX_BYTES)
    service = SearchService(conn)
    floor_cur = conn.cursor()
    floor_cur.row_factory = None
    typed = [(p, service.build_match(p)) for p in prefixes()]
    typed = [(p, m) for p, m in typed if m]
    samples: dict[str, list[float]] = {"service": [], "floor": []}
    for n in range(rounds + 1):  # round 0 warms the caches and is not recorded
        for prefix, match in typed:
            def floor(match: str = match) -> None:
                floor_cur.execute(FLOOR_SQL, (match,)).fetchall()

            def full(prefix: str = prefix) -> None:
                service.search(prefix, limit=UI_LIMIT)

            order = [("floor", floor), ("service", full)]
            for name, call in order if n % 2 else reversed(order):
                ms = _timed(call)
                if n:
                    samples[name].append(ms)
    conn.close()
    return samples


def _figure(value: float, floor: float | None, target: float | None = None,
            target_on: str | None = None, **extra: Any) -> dict[str, Any]:
    fig: dict[str, Any] = {"value": round(value, 3), "unit": "ms",
                           "floor": None if floor is None else round(floor, 3),
                           "ratio": None if not floor else round(value / floor, 3),
                           "target": target, **extra}
    if target_on:
        fig["target_on"] = target_on
    return fig


def run() -> dict[str, dict[str, Any]]:
    bundled = measure(ensure_bundled_db(), rounds=5)
    big = measure(ensure_corpus(), rounds=2)
    sb, fb, s10, f10 = bundled["service"], bundled["floor"], big["service"], big["floor"]
    n_b, n_10 = len(sb), len(s10)
    return {
        "search_p50_ms_bundled": _figure(percentile(sb, 50), percentile(fb, 50),
                                         samples=n_b),
        "search_p95_ms_bundled": _figure(percentile(sb, 95), percentile(fb, 95), TARGET_MS,
                                         "value", samples=n_b),
        "search_p50_ms_10k": _figure(percentile(s10, 50), percentile(f10, 50), samples=n_10),
        "search_p95_ms_10k": _figure(percentile(s10, 95), percentile(f10, 95), TARGET_RATIO,
                                     samples=n_10),
        "search_floor_p95_ms_10k": _figure(percentile(f10, 95), None, samples=n_10),
    }


def _main() -> None:
    """Print the per-query breakdown on the 10k corpus (for finding the slow keystrokes)."""
    conn = connect_readonly(ensure_corpus(), max_bytes=CORPUS_MAX_BYTES)
    service = SearchService(conn)
    for prefix in prefixes():
        match = service.build_match(prefix)
        if match:
            f = min(_timed(lambda m=match: conn.execute(FLOOR_SQL, (m,)).fetchall())
                    for _ in range(3))
            s = min(_timed(lambda p=prefix: service.search(p, limit=UI_LIMIT))
                    for _ in range(3))
            print(f"{s:8.2f} {f:8.2f} {s / f:6.2f}  {prefix}")


if __name__ == "__main__":
    _main()
