"""Content packs: install time, and start-up with a pack installed.

``pack_install_s``: verify and install a pack of the bundled corpus (archive checks, the
Ed25519 signature, the database digest, staging with fsyncs, SQLite's integrity check and the
app's content self-check, the rename and the state file), median of 5, each into a fresh
user folder. Target ≤ 0.5 s on the value. Its floor, for scale, is copying the database file
and hashing it (what any install must do at least).

``startup_first_paint_pack_ms``: ``startup_first_paint_ms`` (bench_startup) when the content
in use is an installed pack: the start then checks the pack's size and SHA-256 before
opening it. The same floor (the bare window, floor_startup.py), interleaved runs, the first
dropped; target ≤ 1.3×.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks import compile_bytecode
from benchmarks.bench_startup import HERE, _db, _home_html, _spawn

ROOT = Path(__file__).resolve().parents[1]
INSTALLS = 5
RUNS = 9


def _pack(db: Path, folder: Path) -> tuple[Path, Any]:
    """A pack of ``db`` signed by a key made for this run, and the keyring trusting it."""
    sys.path.insert(0, str(ROOT / "tests"))
    from packkit import make_key, sign_pack

    key = make_key(folder / "key", "bench")
    return sign_pack(db, folder / "bench.pdpack", key, 2), key.ring()


def install_seconds(pack: Path, ring: Any, folder: Path) -> list[float]:
    from peptide_desk.packs.install import install

    times = []
    for i in range(INSTALLS + 1):
        user = folder / f"install{i}"
        user.mkdir()
        start = time.perf_counter()
        install(pack, user, keyring=ring)
        times.append(time.perf_counter() - start)
    return times[1:]  # the first imports cryptography and warms the file cache


def copy_floor(db: Path, folder: Path) -> float:
    from peptide_desk.integrity import file_digest

    times = []
    for i in range(INSTALLS):
        start = time.perf_counter()
        shutil.copyfile(db, folder / f"copy{i}.sqlite")
        file_digest(folder / f"copy{i}.sqlite")
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run() -> dict[str, dict]:
    db = _db()
    compile_bytecode()
    with tempfile.TemporaryDirectory(prefix="bench-packs-") as tmp:
        folder = Path(tmp)
        pack, ring = _pack(db, folder)
        installs = install_seconds(pack, ring, folder)
        floor_s = copy_floor(db, folder)
        with_pack = folder / "install1"  # a user folder where the pack is in use
        html = folder / "home.html"
        html.write_text(_home_html(db), encoding="utf-8")
        floor_runs, app_runs, bare_runs = [], [], []
        for i in range(RUNS):
            floor_runs.append(_spawn([str(HERE / "floor_startup.py"), str(html)]))
            app_runs.append(_spawn([str(HERE / "startup_app.py"), str(db), str(with_pack)]))
            bare = folder / f"bare{i}"
            bare.mkdir()
            bare_runs.append(_spawn([str(HERE / "startup_app.py"), str(db), str(bare)]))
    install_s = statistics.median(installs)
    app_ms = statistics.median(r[0] for r in app_runs[1:])
    floor_ms = statistics.median(r[0] for r in floor_runs[1:])
    bare_ms = statistics.median(r[0] for r in bare_runs[1:])
    return {
        "pack_install_s": {"value": round(install_s, 3), "unit": "s",
                           "floor": round(floor_s, 4), "ratio": round(install_s / floor_s, 1),
                           "target": 0.5, "target_on": "value",
                           "floor_is": "copy the database file and hash it"},
        "startup_first_paint_pack_ms": {"value": round(app_ms, 1), "unit": "ms",
                                        "floor": round(floor_ms, 1),
                                        "ratio": round(app_ms / floor_ms, 3), "target": 1.3,
                                        "content": "an installed pack (checked at start)",
                                        "without_pack_ms": round(bare_ms, 1),
                                        "without_pack_ratio": round(bare_ms / floor_ms, 3)},
    }
