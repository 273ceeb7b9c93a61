"""The start-up benchmark's peak-RSS figure is the child's own: it must not grow with the
memory of the process that spawns the child (issue 13, item 7).

Each case starts a fresh parent interpreter, which optionally first fills ~300 MiB, and has
it run the benchmark's own measurement (``bench_startup.probe`` spawning the floor child
``floor_startup.py``, which reports with ``paint_probe``). No timing is asserted.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.qt  # the floor child starts Qt (offscreen); this process does not

REPO = Path(__file__).resolve().parents[1]
BALLAST_MIB = 300

PARENT = """
import json, sys
ballast = b"x" * ({mib} * 2**20)  # written, so resident: bytes(n) would stay unmapped
from benchmarks.bench_startup import HERE, probe
report = probe([str(HERE / "floor_startup.py"), sys.argv[1]])
print(json.dumps({{"child_rss_mib": report["rss_mib"], "ballast": len(ballast)}}))
"""

# What the child's ru_maxrss reads with such a parent: the old figure, for contrast.
PARENT_RU = """
import json, subprocess, sys
ballast = b"x" * ({mib} * 2**20)
code = "import resource; print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)"
out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
print(json.dumps({{"child_ru_maxrss_mib": float(out.stdout), "ballast": len(ballast)}}))
"""


def _parent(code: str, mib: int, *args: str) -> dict:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("PYTHONPATH", None)
    out = subprocess.run([sys.executable, "-c", code.format(mib=mib), *args], cwd=REPO,
                         capture_output=True, text=True, env=env, timeout=120, check=False)
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bench") / "page.html"
    path.write_text("<h1>Floor</h1>" + "<p>Glucagon-like peptide-1.</p>" * 200, encoding="utf-8")
    return path


def test_child_peak_rss_does_not_depend_on_the_parent(page: Path) -> None:
    small = _parent(PARENT, 0, str(page))["child_rss_mib"]
    large = _parent(PARENT, BALLAST_MIB, str(page))["child_rss_mib"]
    assert small > 0
    assert abs(large - small) / small < 0.10, (small, large)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the kernel behaviour shown")
def test_ru_maxrss_would_have_counted_the_parent() -> None:
    """The contrast that makes the test above meaningful: the same ballast does reach the
    child's ru_maxrss (the pre-exec peak), so a probe reading it would fail that test."""
    small = _parent(PARENT_RU, 0)["child_ru_maxrss_mib"]
    large = _parent(PARENT_RU, BALLAST_MIB)["child_ru_maxrss_mib"]
    assert large - small > BALLAST_MIB * 0.8, (small, large)


SELF = """
import json, sys
sys.path.insert(0, "benchmarks")
from paint_probe import peak_rss_mib
before = peak_rss_mib()
block = b"y" * ({mib} * 2**20)
print(json.dumps({{"before": before, "after": peak_rss_mib()}}))
"""


def test_peak_rss_counts_the_process_own_memory() -> None:
    seen = _parent(SELF, 64)
    assert seen["before"] > 0 and seen["after"] >= seen["before"] + 60, seen
