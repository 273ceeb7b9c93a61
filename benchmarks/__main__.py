"""``python -m benchmarks [NAME...]``: run the benchmark modules and report their figures.

Every ``benchmarks/bench_*.py`` module has ``run() -> {figure: {"value", "unit", "floor",
"ratio", "target"}}``; the floor is measured in the same run, so the ratio is what to read on
a noisy machine. A figure's target applies to its ratio when it has one, unless the figure
says ``"target_on": "value"``; a figure that could not be measured has no value and says why
in ``"error"``. The merged figures go to a table on stdout and to build/bench.json. Naming
modules (``search`` or ``bench_search``) runs only those, and their figures are merged into
an existing build/bench.json. Benchmarks report; they never fail the build, so the exit code
is 0 unless the arguments are wrong.
"""

from __future__ import annotations

import importlib
import json
import math
import pkgutil
import sys
import time
import traceback
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
OUTPUT = HERE.parent / "build" / "bench.json"
Figures = dict[str, dict[str, Any]]


def available() -> list[str]:
    """Names of the benchmark modules, without the ``bench_`` prefix."""
    return sorted(m.name.removeprefix("bench_") for m in pkgutil.iter_modules([str(HERE)])
                  if m.name.startswith("bench_"))


def run_module(name: str) -> Figures:
    """Import ``benchmarks.bench_NAME`` and run it; a failure is reported, not raised."""
    started = time.perf_counter()
    print(f"running bench_{name} …", file=sys.stderr, flush=True)
    try:
        module = importlib.import_module(f"benchmarks.bench_{name}")
        figures: Figures = module.run()
    except Exception:
        traceback.print_exc()
        print(f"bench_{name} failed; its figures are missing", file=sys.stderr)
        return {}
    print(f"bench_{name} done in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return figures


def verdict(fig: dict[str, Any]) -> str:
    """'ok' or 'over' against the figure's target; '' when it has none."""
    target = fig.get("target")
    on = fig.get("target_on") or ("ratio" if fig.get("ratio") is not None else "value")
    measured = fig.get(on)
    if target is None or measured is None:
        return ""
    return "ok" if measured <= target else "over"


def _num(value: Any, suffix: str = "") -> str:
    if value is None:
        return "-"
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    return f"{value:.3g}{suffix}" if isinstance(value, float) else f"{value}{suffix}"


def table(figures: Figures) -> str:
    """An aligned plain-text table: name, value, unit, floor, ratio, target, verdict."""
    head = ("figure", "value", "unit", "floor", "ratio", "target", "")
    rows = [head]
    for name, fig in figures.items():
        on = fig.get("target_on") or ("ratio" if fig.get("ratio") is not None else "value")
        target = fig.get("target")
        target_text = "-" if target is None else (
            f"≤{_num(target)}×" if on == "ratio" else f"≤{_num(target)} {fig.get('unit', '')}")
        rows.append((name, _num(fig.get("value")), str(fig.get("unit", "")),
                     _num(fig.get("floor")), _num(fig.get("ratio"), "×"), target_text,
                     verdict(fig)))
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    lines = ["  ".join(c.ljust(w) if i in (0, 2, 5, 6) else c.rjust(w)
                       for i, (c, w) in enumerate(zip(r, widths, strict=True))).rstrip()
             for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def write(figures: Figures, merge: bool) -> None:
    """build/bench.json: {"figures": {name: {"value", "unit", "floor", "ratio", ...}}}."""
    merged: Figures = {}
    if merge and OUTPUT.exists():
        try:
            merged = json.loads(OUTPUT.read_text(encoding="utf-8")).get("figures", {})
        except (OSError, ValueError):
            merged = {}
    for name, fig in figures.items():
        merged[name] = {"value": fig.get("value"), "unit": fig.get("unit", ""),
                        "floor": fig.get("floor"), "ratio": fig.get("ratio"),
                        **{k: v for k, v in fig.items()
                           if k not in ("value", "unit", "floor", "ratio")}}
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(json.dumps({"figures": merged}, indent=2, sort_keys=True) + "\n",
                      encoding="utf-8")


def main(argv: list[str]) -> int:
    names = [a.removeprefix("bench_").removesuffix(".py") for a in argv]
    unknown = [n for n in names if n not in available()]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; available: "
              f"{', '.join(available())}", file=sys.stderr)
        return 2
    figures: Figures = {}
    for name in names or available():
        figures.update(run_module(name))
    print(table(figures))
    for name, fig in figures.items():  # a figure without a value says why
        if fig.get("error"):
            print(f"{name}: not measured: {fig['error']}")
    write(figures, merge=bool(names))
    print(f"\nwrote {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
