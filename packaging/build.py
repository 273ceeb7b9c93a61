"""`make package`: build the one-folder bundle, test it frozen, then make the installers.

Each step stops the build with a message that says what failed:

0. the environment holds exactly the versions of requirements/dev.txt (the lock that
   ``make test`` installs and tests), so the bundle freezes the tested versions;
1. the content database db/peptide_desk.sqlite exists (``peptide-desk build-db`` if not);
2. PyInstaller runs packaging/peptide_desk.spec into build/pyinstaller and dist/peptide-desk;
3. an audit checks the bundle holds the database, licences and icons and none of the
   pruned parts (networking, QML, translations, TLS, build-time tools);
4. smoke.py runs ``--version`` and ``--self-test`` from a read-only copy of the install
   folder, as a non-root user, with no network, QT_QPA_PLATFORM=offscreen and a fresh HOME;
5. on Linux: dist/peptide-desk-<version>-linux-<arch>.tar.gz and the .deb.

Windows and macOS installers are made by .github/workflows/package.yml (docs/packaging.md).
"""

from __future__ import annotations

import argparse
import ast
import fnmatch
import gzip
import importlib.metadata
import os
import platform
import re
import subprocess
import sys
import tarfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT / "src"), str(HERE), str(HERE / "linux")]

from smoke import SmokeFailure, run_smoke  # noqa: E402

from peptide_desk import APP_ID, __version__  # noqa: E402

SPEC = HERE / "peptide_desk.spec"
DIST = ROOT / "dist"
WORK = ROOT / "build" / "pyinstaller"
DB = ROOT / "db" / "peptide_desk.sqlite"
LOCK = ROOT / "requirements" / "dev.txt"

#: Files the bundle must hold (relative to _internal).
REQUIRED = [f"peptide_desk/data/{name}" for name in (
    "peptide_desk.sqlite", "peptide_desk.sqlite.sha256", "licenses/THIRD-PARTY.md",
    "licenses/LICENSE", "licenses/VERSIONS.txt", "licenses/LGPL-3.0.txt",
    "icons/peptide-desk-256.png", "keys/trusted.json")]
#: Bundled file paths that mean a pruning rule stopped working (matched case-insensitively).
FORBIDDEN_FILES = ["*qtnetwork*", "*qt6network*", "*webengine*", "*qt6qml*", "*qt6quick*",
                   "*qtqml*", "*qtquick*", "*/translations/*.qm", "*/plugins/tls/*",
                   "*/plugins/networkinformation/*", "*wayland*", "*eglfs*", "*qvnc*",
                   "*tcl8*", "*libtk8*", "*_tkinter*", "*libreadline*", "/_internal/libcups.so*",
                   "*libgnutls*"]
#: Python modules that must not be frozen in (build-time tools, networking Qt, tkinter).
FORBIDDEN_MODULES = ["PySide6.QtNetwork", "PySide6.QtQml", "PySide6.QtQuick", "tkinter",
                     "sqlite_utils", "markdown", "nh3", "peptide_desk.content", "pytest"]


class BuildError(RuntimeError):
    """A packaging step failed; the message is shown as is."""


def say(text: str) -> None:
    print(f"==> {text}", flush=True)


def platform_tag() -> str:
    """e.g. linux-x86_64, the suffix of the .tar.gz name."""
    return f"{sys.platform.rstrip('0123456789')}-{platform.machine().lower()}"


@dataclass(frozen=True)
class Pin:
    """One ``name==version ; marker`` line of a lock file, with its hashes."""

    name: str
    version: str
    marker: str
    hashes: tuple[str, ...]

    def applies(self) -> bool:
        """Whether this interpreter and platform install it (the lock covers every one)."""
        from packaging.markers import Marker

        return not self.marker or Marker(self.marker).evaluate()


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def read_lock(path: Path) -> list[Pin]:
    """The pins of a requirements file written by ``make lock`` (uv pip compile)."""
    pins = []
    for line in path.read_text(encoding="utf-8").replace("\\\n", " ").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        hashes = tuple(re.findall(r"--hash=(\S+)", line))
        spec, _, marker = re.sub(r"\s*--hash=\S+", "", line).partition(";")
        name, sep, version = spec.strip().partition("==")
        if not sep:
            raise BuildError(f"{path.name}: not an exact pin: {line}")
        pins.append(Pin(canonical(name), version.strip(), marker.strip(), hashes))
    return pins


def check_environment(lock: Path = LOCK) -> list[str]:
    """Fail unless every pin of ``lock`` that applies here is installed at its version;
    returns the names of installed distributions the lock does not know (a note)."""
    installed = {canonical(d.metadata["Name"]): d.version
                 for d in importlib.metadata.distributions()}
    wanted = {p.name: p.version for p in read_lock(lock) if p.applies()}
    wrong = sorted(f"{name} {installed.get(name, 'missing')} (locked {version})"
                   for name, version in wanted.items() if installed.get(name) != version)
    if wrong:
        shown = lock.relative_to(ROOT) if lock.is_relative_to(ROOT) else lock
        raise BuildError(f"this environment is not {shown}: " + "; ".join(wrong)
                         + " (`make setup` installs it)")
    return sorted(set(installed) - set(wanted) - {"peptide-desk"})


def ensure_database() -> None:
    """The bundled database must exist before freezing; build it when it is missing."""
    sha256 = DB.with_name(DB.name + ".sha256")  # the record the app verifies it against
    if DB.is_file() and sha256.is_file():
        return
    say(f"{DB.relative_to(ROOT)} or its {sha256.name} is missing: building it")
    done = subprocess.run([sys.executable, "-m", "peptide_desk", "build-db"], cwd=ROOT,
                          check=False)
    if done.returncode != 0 or not DB.is_file() or not sha256.is_file():
        raise BuildError("building the content database failed (see the messages above)")


def run_pyinstaller(spec: Path, dist: Path, work: Path, name: str) -> Path:
    """Freeze spec into dist/<name>; returns that folder."""
    cmd = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
           "--distpath", str(dist), "--workpath", str(work), str(spec)]
    done = subprocess.run(cmd, cwd=ROOT, check=False)
    bundle = dist / name
    if done.returncode != 0 or not bundle.is_dir():
        raise BuildError(f"PyInstaller failed for {spec.name} (exit {done.returncode})")
    return bundle


def dir_size(path: Path) -> int:
    """Bytes in the files under path (symlinks counted as links, not followed)."""
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() or p.is_symlink())


def frozen_modules(work: Path) -> set[str]:
    """Module names PyInstaller froze, read back from its Analysis table of contents."""
    toc_path = next(work.rglob("Analysis-00.toc"), None)
    if toc_path is None:
        raise BuildError(f"no Analysis-00.toc under {work}")
    toc = ast.literal_eval(toc_path.read_text(encoding="utf-8"))
    names = set()
    for part in toc:
        if isinstance(part, list):
            names |= {e[0] for e in part if isinstance(e, tuple) and len(e) == 3
                      and e[2] in ("PYMODULE", "EXTENSION")}
    return {n.removesuffix(".so").split(".cpython")[0].replace("/", ".") for n in names}


def audit(bundle: Path, work: Path) -> None:
    """Fail when a required file is missing or a pruned part came back."""
    internal = bundle / "_internal"
    missing = [r for r in REQUIRED if not (internal / r).is_file()]
    if missing:
        raise BuildError(f"the bundle lacks {', '.join(missing)}")
    found = sorted(str(p.relative_to(bundle)) for p in bundle.rglob("*")
                   if any(fnmatch.fnmatch(f"/{p.relative_to(bundle)}".lower(), pat)
                          for pat in FORBIDDEN_FILES))
    if found:
        raise BuildError("pruned parts are back in the bundle:\n  " + "\n  ".join(found[:20]))
    modules = frozen_modules(work)
    bad = sorted(m for m in modules
                 if any(m == f or m.startswith(f + ".") for f in FORBIDDEN_MODULES))
    if bad:
        raise BuildError(f"modules that must not ship were frozen in: {', '.join(bad[:20])}")


def make_tarball(folder: Path, out: Path, top: str) -> Path:
    """Reproducible .tar.gz of folder under the name top/ (sorted, root-owned, fixed mtime)."""
    mtime = int(os.environ.get("SOURCE_DATE_EPOCH", "0")) or int(time.time())

    def _reset(info: tarfile.TarInfo) -> tarfile.TarInfo:
        info.uid = info.gid = 0
        info.uname = info.gname = "root"
        info.mtime = mtime
        return info

    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=mtime,
                                               compresslevel=9) as gz, \
            tarfile.open(fileobj=gz, mode="w", format=tarfile.PAX_FORMAT) as tar:
        tar.add(folder, arcname=top, recursive=False, filter=_reset)
        for path in sorted(folder.rglob("*")):
            tar.add(path, arcname=f"{top}/{path.relative_to(folder)}", recursive=False,
                    filter=_reset)
    return out


def smoke_commands(mode: str) -> list[list[str]]:
    """What the frozen app must pass: --version, then the self-test (or a search)."""
    extra = [["--self-test"]] if mode == "self-test" else [["search", "GLP-1", "--limit", "3"]]
    return [["--version"], *extra]


def build(smoke_mode: str, installers: bool) -> list[str]:
    """Run every step; returns the summary lines."""
    summary = []
    say(f"checking the environment against {LOCK.relative_to(ROOT)}")
    unlocked = check_environment()
    summary.append(f"versions: as locked in {LOCK.relative_to(ROOT)}"
                   + (f" (also installed, not locked: {', '.join(unlocked)})" if unlocked
                      else ""))
    ensure_database()
    say(f"PyInstaller: {SPEC.relative_to(ROOT)} -> {DIST.relative_to(ROOT)}/{APP_ID}")
    started = time.perf_counter()
    bundle = run_pyinstaller(SPEC, DIST, WORK, APP_ID)
    summary.append(f"bundle: {bundle} ({dir_size(bundle) / 2**20:.1f} MiB, "
                   f"built in {time.perf_counter() - started:.0f} s)")
    say("auditing the bundle")
    audit(bundle, WORK)
    say("smoke test: read-only install folder, non-root user, no network")
    exe = f"{APP_ID}-cli.exe" if sys.platform == "win32" else APP_ID
    try:
        report = run_smoke(bundle, exe, smoke_commands(smoke_mode))
    except SmokeFailure as exc:
        raise BuildError(f"frozen smoke test failed: {exc}") from exc
    summary += ["smoke test passed:", *report.lines()]
    if installers and sys.platform.startswith("linux"):
        say("making the .tar.gz")
        tgz = make_tarball(bundle, DIST / f"{APP_ID}-{__version__}-{platform_tag()}.tar.gz",
                           f"{APP_ID}-{__version__}")
        summary.append(f"tarball: {tgz} ({tgz.stat().st_size / 2**20:.1f} MiB)")
        say("making the .deb")
        from make_deb import build_deb

        deb = build_deb(bundle, ROOT / "build" / "deb" / APP_ID, DIST, __version__)
        summary.append(f"deb: {deb} ({deb.stat().st_size / 2**20:.1f} MiB)")
    elif installers:
        summary.append("installers: made by the CI workflow on this platform "
                       "(see docs/packaging.md)")
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", choices=("self-test", "basic"), default="self-test",
                        help="frozen check: the full --self-test (default) or a search")
    parser.add_argument("--no-installers", action="store_true",
                        help="stop after the bundle and its smoke test")
    args = parser.parse_args(argv)
    try:
        summary = build(args.smoke, not args.no_installers)
    except (BuildError, subprocess.CalledProcessError, OSError) as exc:
        print(f"\npackage: FAILED: {exc}", file=sys.stderr)
        return 1
    print("\npackage: OK")
    for line in summary:
        print(f"  {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
