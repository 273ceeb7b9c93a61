"""The Linux installers: the .deb installs, the installed app passes its self-test, and
removing the package leaves nothing behind; the .tar.gz holds the same bundle.

Skipped unless PEPTIDE_DESK_TEST_PACKAGE=1 (packaging takes minutes; `make test` leaves it
out). Uses dist/ from `make package`, building it first when the .deb is missing. The .deb
goes into a scratch root (dpkg --root, maintainer scripts run chrootless with DPKG_ROOT);
with PEPTIDE_DESK_TEST_PACKAGE_SYSTEM=1, as root, it is also installed on this machine and
run through /usr/bin/peptide-desk.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from peptide_desk import APP_ID, __version__

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(os.environ.get("PEPTIDE_DESK_TEST_PACKAGE") != "1",
                       reason="packaging test: set PEPTIDE_DESK_TEST_PACKAGE=1 (takes minutes)"),
    pytest.mark.skipif(not sys.platform.startswith("linux") or shutil.which("dpkg") is None,
                       reason="the .deb test needs Linux with dpkg"),
]

OWNED = ["opt/peptide-desk", "usr/bin/peptide-desk",
         "usr/share/applications/peptide-desk.desktop", "usr/share/doc/peptide-desk"]
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


@pytest.fixture(scope="module")
def deb() -> Path:
    """The .deb that `make package` produced (built here when missing)."""
    for folder in (PACKAGING, PACKAGING / "linux"):  # build.py, smoke.py, make_deb.py
        if str(folder) not in sys.path:
            sys.path.insert(0, str(folder))
    from make_deb import deb_arch

    path = ROOT / "dist" / f"{APP_ID}_{__version__}_{deb_arch()}.deb"
    if not path.is_file():
        subprocess.run([sys.executable, str(PACKAGING / "build.py")], cwd=ROOT, check=True)
    return path


def _dpkg(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    force = ["--force-script-chrootless", "--force-depends"]
    if os.geteuid() != 0:
        force.append("--force-not-root")
    log = f"--log={root / 'var' / 'log' / 'dpkg.log'}"  # not the host's /var/log
    return subprocess.run(["dpkg", f"--root={root}", log, *force, *args], capture_output=True,
                          text=True, check=False)


def _scratch_root(tmp: Path) -> Path:
    """An empty dpkg database, enough for dpkg --root."""
    root = tmp / "root"
    for sub in ("lib/dpkg/info", "lib/dpkg/updates", "lib/dpkg/triggers", "log"):
        (root / "var" / sub).mkdir(parents=True)
    for name in ("status", "available"):
        (root / "var" / "lib" / "dpkg" / name).touch()
    return root


def _leftovers(root: Path) -> list[str]:
    admin = root / "var"
    return sorted(str(p.relative_to(root)) for p in root.rglob("*")
                  if admin not in p.parents and p != admin)


def test_deb_control_names_version_and_system_libraries(deb: Path) -> None:
    from make_deb import EXTRA_DEPENDS, system_depends

    info = subprocess.run(["dpkg-deb", "--field", str(deb)], capture_output=True, text=True,
                          check=True).stdout
    fields = dict(line.split(": ", 1) for line in info.splitlines() if ": " in line
                  and not line.startswith(" "))
    assert fields["Package"] == APP_ID
    assert fields["Version"] == __version__
    depends = fields["Depends"]
    for package in system_depends() + EXTRA_DEPENDS:
        assert package in depends


def test_deb_installs_runs_offline_and_removes_cleanly(deb: Path, tmp_path: Path) -> None:
    from smoke import run_smoke

    root = _scratch_root(tmp_path)
    done = _dpkg(root, "-i", str(deb))
    assert done.returncode == 0, done.stdout + done.stderr
    install = root / "opt" / "peptide-desk"
    assert (install / APP_ID).is_file()
    assert (install / "_internal" / "peptide_desk" / "data" / "peptide_desk.sqlite").is_file()
    launcher = (root / "usr" / "bin" / "peptide-desk").read_text(encoding="utf-8")
    assert "exec /opt/peptide-desk/peptide-desk" in launcher
    desktop = (root / "usr/share/applications/peptide-desk.desktop").read_text(encoding="utf-8")
    assert "Exec=peptide-desk %u" in desktop and "Icon=peptide-desk" in desktop
    assert "MimeType=x-scheme-handler/peptide-desk;" in desktop  # peptide-desk:// links
    for n in ICON_SIZES:
        assert (root / f"usr/share/icons/hicolor/{n}x{n}/apps/peptide-desk.png").is_file()
    if shutil.which("desktop-file-validate"):
        subprocess.run(["desktop-file-validate", str(root / "usr/share/applications"
                                                     / "peptide-desk.desktop")], check=True)

    report = run_smoke(install, APP_ID, [["--version"], ["--self-test"]])
    assert report.results[0][2] == f"{APP_ID} {__version__}"
    assert report.results[1][2].startswith("self-test OK")

    done = _dpkg(root, "--purge", APP_ID)
    assert done.returncode == 0, done.stdout + done.stderr
    assert _leftovers(root) == []


def test_tarball_holds_the_same_bundle(deb: Path) -> None:
    from build import platform_tag

    tgz = ROOT / "dist" / f"{APP_ID}-{__version__}-{platform_tag()}.tar.gz"
    with tarfile.open(tgz) as tar:
        names = set(tar.getnames())
    top = f"{APP_ID}-{__version__}"
    assert f"{top}/{APP_ID}" in names
    assert f"{top}/_internal/peptide_desk/data/peptide_desk.sqlite" in names
    assert f"{top}/_internal/peptide_desk/data/licenses/THIRD-PARTY.md" in names
    contents = subprocess.run(["dpkg-deb", "--contents", str(deb)], capture_output=True,
                              text=True, check=True).stdout
    paths = (line.split(None, 5)[5].split(" -> ")[0] for line in contents.splitlines())
    in_deb = {p.removeprefix("./opt/peptide-desk/").rstrip("/") for p in paths
              if p.startswith("./opt/peptide-desk/") and p != "./opt/peptide-desk/"}
    in_tar = {n.removeprefix(f"{top}/") for n in names if n != top}
    assert in_deb == in_tar


@pytest.mark.skipif(os.environ.get("PEPTIDE_DESK_TEST_PACKAGE_SYSTEM") != "1"
                    or os.geteuid() != 0,
                    reason="system install: set PEPTIDE_DESK_TEST_PACKAGE_SYSTEM=1, run as root")
def test_deb_on_this_machine(deb: Path, tmp_path: Path) -> None:
    from smoke import ensure_user, network_prefix

    status = subprocess.run(["dpkg-query", "-W", "-f=${Status}", APP_ID],
                            capture_output=True, text=True, check=False).stdout
    if "installed" in status:
        pytest.skip(f"{APP_ID} is already installed here; not touching it")
    subprocess.run(["dpkg", "-i", str(deb)], check=True, capture_output=True)
    try:
        user = ensure_user()
        assert user is not None
        net, net_text = network_prefix(as_root=True)
        assert net, f"no network namespace: {net_text}"
        home = tmp_path / "home"
        home.mkdir()
        shutil.chown(home, user)
        tmp_path.chmod(0o755)
        done = subprocess.run([*net, "runuser", "-u", str(user), "--", "env", "-i",
                               "PATH=/usr/bin:/bin", f"HOME={home}", "LANG=C.UTF-8",
                               "QT_QPA_PLATFORM=offscreen", "peptide-desk", "--self-test"],
                              capture_output=True, text=True, timeout=300, check=False)
        assert done.returncode == 0, done.stdout + done.stderr
        assert done.stdout.strip().splitlines()[-1].startswith("self-test OK")
    finally:
        subprocess.run(["dpkg", "--purge", APP_ID], check=True, capture_output=True)
    for path in OWNED:
        assert not (Path("/") / path).exists(), f"/{path} remains after purge"
    for n in ICON_SIZES:
        assert not Path(f"/usr/share/icons/hicolor/{n}x{n}/apps/peptide-desk.png").exists()
