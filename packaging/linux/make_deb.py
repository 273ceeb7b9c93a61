"""Build the .deb from the one-folder bundle with dpkg-deb (no debhelper needed).

Layout: the bundle in /opt/peptide-desk, a launcher script /usr/bin/peptide-desk, a desktop
entry, hicolor icons 16..512, /usr/share/doc/peptide-desk/copyright, and maintainer scripts
that refresh the desktop and icon caches when those tools exist. Depends lists the Qt
system libraries that packaging/linux/system-deps.sh installs for development, plus
libcups2 (left to the system on purpose).
"""

from __future__ import annotations

import os
import platform
import re
import shutil
import subprocess
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
INSTALL_DIR = "opt/peptide-desk"

#: Packages renamed by the 64-bit time_t transition (Ubuntu 24.04, Debian 13): either works.
T64_RENAMES = {"libglib2.0-0": "libglib2.0-0t64", "libcups2": "libcups2t64"}
#: Beyond system-deps.sh: the CUPS client, which the bundle leaves to the system
#: (bundle_rules.SYSTEM_ONLY) so printing uses the machine's own CUPS set-up.
EXTRA_DEPENDS = ["libcups2"]


def deb_arch() -> str:
    """Debian's name for this machine's architecture."""
    machine = platform.machine().lower()
    return {"x86_64": "amd64", "amd64": "amd64", "aarch64": "arm64", "arm64": "arm64"}.get(
        machine, machine)


def system_depends(script: Path = HERE / "system-deps.sh") -> list[str]:
    """The package names in system-deps.sh's PKGS=( ... ) array, one source of truth."""
    match = re.search(r"PKGS=\((.*?)\)", script.read_text(encoding="utf-8"), re.S)
    if not match:
        raise ValueError(f"no PKGS=( ... ) list in {script}")
    return match.group(1).split()


def depends_field(packages: list[str]) -> str:
    """Depends: value, with the t64 alternative where a package was renamed."""
    return ", ".join(f"{T64_RENAMES[p]} | {p}" if p in T64_RENAMES else p for p in packages)


def _normalise_modes(root: Path) -> None:
    """Directories 0755; files 0755 when executable, else 0644 (lintian's expectations)."""
    for dirpath, _dirnames, filenames in os.walk(root):
        os.chmod(dirpath, 0o755)
        for name in filenames:
            path = Path(dirpath) / name
            if not path.is_symlink():
                os.chmod(path, 0o755 if path.stat().st_mode & 0o111 else 0o644)


def _du_kib(root: Path) -> int:
    """Installed-Size in KiB, as dpkg-gencontrol computes it (files rounded up to 1 KiB)."""
    total = 0
    for path in root.rglob("*"):
        if path.is_symlink() or path.is_dir():
            total += 1
        elif path.is_file():
            total += (path.stat().st_size + 1023) // 1024
    return total


def _copyright_text() -> str:
    """DEP-5 copyright file: LICENSE folded into the licence paragraph format."""
    licence = (ROOT / "LICENSE").read_text(encoding="utf-8").strip().splitlines()[2:]
    body = "\n".join(f" {line}" if line.strip() else " ." for line in licence).strip("\n")
    template = (HERE / "copyright.in").read_text(encoding="utf-8")
    return template.replace("@LICENSE@", body.lstrip("\n").rstrip())


def stage(bundle: Path, staging: Path, version: str) -> Path:
    """Lay out the package tree under staging; returns it."""
    if staging.exists():
        subprocess.run(["chmod", "-R", "u+w", str(staging)], check=False)
        shutil.rmtree(staging)
    shutil.copytree(bundle, staging / INSTALL_DIR, symlinks=True)
    launcher = staging / "usr" / "bin" / "peptide-desk"
    launcher.parent.mkdir(parents=True)
    shutil.copy2(HERE / "peptide-desk.sh", launcher)
    launcher.chmod(0o755)
    apps = staging / "usr" / "share" / "applications"
    apps.mkdir(parents=True)
    shutil.copy2(HERE / "peptide-desk.desktop", apps / "peptide-desk.desktop")
    icons = ROOT / "src" / "peptide_desk" / "data" / "icons"
    for n in ICON_SIZES:
        dest = staging / "usr" / "share" / "icons" / "hicolor" / f"{n}x{n}" / "apps"
        dest.mkdir(parents=True)
        shutil.copy2(icons / f"peptide-desk-{n}.png", dest / "peptide-desk.png")
    doc = staging / "usr" / "share" / "doc" / "peptide-desk"
    doc.mkdir(parents=True)
    (doc / "copyright").write_text(_copyright_text() + "\n", encoding="utf-8")
    _normalise_modes(staging)
    debian = staging / "DEBIAN"
    debian.mkdir()
    control = (HERE / "control.in").read_text(encoding="utf-8")
    for key, value in {"@VERSION@": version, "@ARCH@": deb_arch(),
                       "@INSTALLED_SIZE@": str(_du_kib(staging)),
                       "@DEPENDS@": depends_field(system_depends() + EXTRA_DEPENDS)}.items():
        control = control.replace(key, value)
    (debian / "control").write_text(control, encoding="utf-8")
    for script in ("postinst", "postrm"):
        shutil.copy2(HERE / script, debian / script)
        (debian / script).chmod(0o755)
    os.chmod(debian, 0o755)
    (debian / "control").chmod(0o644)
    return staging


def build_deb(bundle: Path, staging: Path, out_dir: Path, version: str) -> Path:
    """Stage and build dist/peptide-desk_<version>_<arch>.deb; returns its path."""
    if shutil.which("dpkg-deb") is None:
        raise RuntimeError("dpkg-deb is not installed (apt-get install dpkg)")
    stage(bundle, staging, version)
    out = out_dir / f"peptide-desk_{version}_{deb_arch()}.deb"
    out.unlink(missing_ok=True)
    subprocess.run(["dpkg-deb", "--root-owner-group", "-Zxz", "--build", str(staging),
                    str(out)], check=True, stdout=subprocess.DEVNULL)
    return out
