"""Database build time, and the start-path import check.

``db_build_s``: median of 3 builds of the bundled corpus (resources/content) into a temporary
file. Its floor is the part every build must do before writing anything: reading, parsing and
validating the sources (``load_corpus``), median of 3 in the same run; the ratio is the cost
of rendering, indexing and writing on top of that.

``start_path_heavy_imports``: how many heavy modules (sqlite_utils, markdown, numpy,
pyqtgraph) a fresh interpreter holds after importing what the app imports to start
(peptide_desk.app, or peptide_desk.ui.app once it has moved, .store, .search, .services,
and the main window when it exists).
It must be 0: those modules belong to the build or load lazily on the first chart.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "resources" / "content"
SRC = ROOT / "src" / "peptide_desk"
HEAVY = ("sqlite_utils", "markdown", "numpy", "pyqtgraph")
RUNS = 3


def _median_seconds(call: Any, runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def build_time() -> tuple[float, float]:
    """(median build seconds, median read+parse+validate seconds) for resources/content."""
    from peptide_desk.content.build import build_database
    from peptide_desk.content.validate import load_corpus

    with tempfile.TemporaryDirectory(prefix="bench-build-") as tmp:
        out = Path(tmp) / "peptide_desk.sqlite"
        build_database(CONTENT, out)  # warm-up: imports, file cache
        build = _median_seconds(lambda: build_database(CONTENT, out))
    parse = _median_seconds(lambda: load_corpus(CONTENT))
    return build, parse


def start_modules() -> list[str]:
    """The modules the GUI start path imports."""
    return ["peptide_desk.ui.app", "peptide_desk.store", "peptide_desk.search",
            "peptide_desk.services", "peptide_desk.ui.shell.main_window"]


def heavy_imports(modules: list[str]) -> tuple[int, str]:
    """(count of heavy modules loaded, detail) after importing ``modules`` in a fresh process."""
    code = ("import json, sys\n" + "".join(f"import {m}\n" for m in modules)
            + f"print(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120, env=env, check=False)
    if result.returncode != 0:
        return -1, "import failed: " + (result.stderr.strip().splitlines() or ["?"])[-1]
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    return len(loaded), ", ".join(loaded) or "none"


def run() -> dict[str, dict[str, Any]]:
    build, parse = build_time()
    modules = start_modules()
    count, detail = heavy_imports(modules)
    return {
        "db_build_s": {"value": round(build, 3), "unit": "s", "floor": round(parse, 3),
                       "ratio": round(build / parse, 3) if parse else None, "target": None,
                       "floor_is": "read, parse and validate the sources (load_corpus)"},
        "start_path_heavy_imports": {"value": count, "unit": "modules", "floor": None,
                                     "ratio": None, "target": 0, "target_on": "value",
                                     "loaded": detail, "imported": modules},
    }
