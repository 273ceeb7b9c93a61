"""Frozen bundle size and start-up, each against a floor measured in the same run.

The app is frozen with packaging/peptide_desk.spec; the floor (benchmarks/floor_app, a
minimal PySide6 + pyqtgraph window) with the same rules from packaging/bundle_rules.py.
Figures: folder size and .tar.gz size against the floor's (target 1.1x); the frozen app's
first paint against the frozen floor's; and the frozen app's first paint against the same
launcher started from the venv (target 1.1x). Builds are cached under build/bench/, keyed
by a hash of the specs, rules, sources, database and installed versions, so a second run
only measures. A cold run takes a few minutes.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from importlib.metadata import version
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
FLOOR_DIR = Path(__file__).resolve().parent / "floor_app"
CACHE = ROOT / "build" / "bench"
RUNS = 7
APP_NAME, FLOOR_NAME = "peptide-desk", "floor-app"


def _build_module() -> ModuleType:
    """packaging/build.py, which holds the PyInstaller, size and tarball helpers."""
    spec = importlib.util.spec_from_file_location("peptide_desk_packaging_build",
                                                  PACKAGING / "build.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses (and pickling) look the module up by name
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[spec.name]
        raise
    return module


def _hash_inputs(paths: list[Path]) -> str:
    """Cache key: file contents plus the versions of everything that gets frozen."""
    digest = hashlib.sha256()
    for dist in ("pyinstaller", "PySide6_Essentials", "pyqtgraph", "numpy", "platformdirs"):
        digest.update(f"{dist}={version(dist)}".encode())
    digest.update(sys.version.encode())
    for root in paths:
        files = sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else [root]
        for path in files:
            if "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(ROOT)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _bundle(build: ModuleType, spec: Path, name: str, inputs: list[Path]) -> tuple[Path, Path]:
    """Frozen folder and its .tar.gz, built once per input hash (locked: runs may overlap)."""
    folder = CACHE / f"{name}-{_hash_inputs(inputs)}"
    bundle, tgz = folder / "dist" / name, folder / f"{name}.tar.gz"
    CACHE.mkdir(parents=True, exist_ok=True)
    with _locked(CACHE / f"{name}.lock"):
        if not (folder / "done").is_file():
            for old in CACHE.glob(f"{name}-*"):  # one cached build per name is enough
                shutil.rmtree(old, ignore_errors=True)
            staging = CACHE / f"{name}-building-{os.getpid()}"
            build.run_pyinstaller(spec, staging / "dist", staging / "work", name)
            build.make_tarball(staging / "dist" / name, staging / f"{name}.tar.gz", name)
            (staging / "done").touch()
            staging.rename(folder)
    return bundle, tgz


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Exclusive lock on path where the platform has flock (Linux, macOS)."""
    try:
        import fcntl
    except ImportError:
        yield
        return
    with path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _first_paint_ms(cmd: list[str], tmp: Path) -> float:
    """Milliseconds from spawning cmd to its first window paint (fresh user folder)."""
    user = Path(tempfile.mkdtemp(dir=tmp))
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PEPTIDE_DESK_PROBE_FIRST_PAINT": "1",
           "PEPTIDE_DESK_USER_DIR": str(user), "HOME": str(user)}
    start = time.time()
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, check=True, timeout=120)
    painted = json.loads(out.stdout.strip().splitlines()[-1])["painted"]
    return (painted - start) * 1000


def _median_paints(commands: dict[str, list[str]]) -> dict[str, float]:
    """Interleaved runs of every command; the first round warms the page cache and is dropped."""
    times: dict[str, list[float]] = {key: [] for key in commands}
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(RUNS):
            for key, cmd in commands.items():
                times[key].append(_first_paint_ms(cmd, Path(tmp)))
    return {key: statistics.median(values[1:]) for key, values in times.items()}


def _figure(value: float, unit: str, floor: float, target: float | None) -> dict:
    return {"value": round(value, 1), "unit": unit, "floor": round(floor, 1),
            "ratio": round(value / floor, 3), "target": target}


def run() -> dict[str, dict]:
    build = _build_module()
    build.ensure_database()
    shared = [PACKAGING / "bundle_rules.py"]
    app_inputs = [*shared, PACKAGING / "peptide_desk.spec", PACKAGING / "launcher.py",
                  ROOT / "src" / "peptide_desk", ROOT / "db" / "peptide_desk.sqlite",
                  ROOT / "LICENSE"]
    app, app_tgz = _bundle(build, PACKAGING / "peptide_desk.spec", APP_NAME, app_inputs)
    floor, floor_tgz = _bundle(build, FLOOR_DIR / "floor_app.spec", FLOOR_NAME,
                               [*shared, FLOOR_DIR])
    paints = _median_paints({
        "app_frozen": [str(app / APP_NAME)],
        "app_venv": [sys.executable, str(PACKAGING / "launcher.py")],
        "floor_frozen": [str(floor / FLOOR_NAME)],
    })
    mib = 2**20
    return {
        "bundle_dir_mib": _figure(build.dir_size(app) / mib, "MiB",
                                  build.dir_size(floor) / mib, 1.1),
        "bundle_tgz_mib": _figure(app_tgz.stat().st_size / mib, "MiB",
                                  floor_tgz.stat().st_size / mib, 1.1),
        "frozen_first_paint_ms": _figure(paints["app_frozen"], "ms", paints["floor_frozen"],
                                         None),
        "frozen_vs_venv_first_paint_ms": _figure(paints["app_frozen"], "ms",
                                                 paints["app_venv"], 1.1),
    }


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
