"""Run the frozen app the way a clinic machine will: read-only, unprivileged, offline.

The install folder is copied and made read-only (chmod -R a-w); the app runs as a non-root
user (a dedicated system user is created when the build runs as root), with HOME set to a
fresh folder, QT_QPA_PLATFORM=offscreen, an empty environment otherwise, and no network:
``unshare -n`` gives the process a network namespace holding only a loopback interface.
Where a network namespace cannot be made, the fallback runs the same command from the venv
under an audit hook that fails on any socket use, and the report says so.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

SMOKE_USER = "peptide-desk-smoke"
TIMEOUT_S = 300

#: Python audit events that mean the process touched the network (fallback check only).
_SOCKET_GUARD = """
import sys
def _guard(event, args):
    if event.startswith("socket.") or event in ("urllib.Request", "http.client.connect"):
        raise RuntimeError(f"network use during the self-test: {event} {args!r}")
sys.addaudithook(_guard)
from peptide_desk.cli import main
raise SystemExit(main(sys.argv[1:]))
"""


class SmokeFailure(RuntimeError):
    """A frozen-app check failed; the message says which and shows its output."""


@dataclass
class SmokeReport:
    user: str
    network: str
    read_only: str
    results: list[tuple[str, float, str]] = field(default_factory=list)

    def lines(self) -> list[str]:
        """Human-readable summary for the build log."""
        out = [f"  user: {self.user}", f"  network: {self.network}",
               f"  install folder: {self.read_only}"]
        out += [f"  {cmd}: {secs:.2f} s: {text}" for cmd, secs, text in self.results]
        return out


def _run(cmd: list[str], timeout: int = TIMEOUT_S) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)


def ensure_user() -> str | None:
    """The unprivileged user to run as: None when not root (we already are unprivileged)."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam(SMOKE_USER)
    except KeyError:
        shell = "/usr/sbin/nologin" if Path("/usr/sbin/nologin").exists() else "/bin/false"
        done = _run(["useradd", "--system", "--no-create-home", "--shell", shell, SMOKE_USER])
        if done.returncode != 0:
            raise SmokeFailure(
                f"could not create the user {SMOKE_USER}: {done.stderr.strip()}") from None
    return SMOKE_USER


def network_prefix(as_root: bool) -> tuple[list[str], str]:
    """Command prefix that removes the network, and a description of what it achieved."""
    if shutil.which("unshare") is None:
        return [], "unshare not found"
    candidates = [["unshare", "--net", "--"]] if as_root else [
        ["unshare", "--map-current-user", "--net", "--"], ["unshare", "--user", "--net", "--"]]
    for prefix in candidates:
        probe = _run([*prefix, "cat", "/proc/net/dev"], timeout=30)
        if probe.returncode == 0:
            names = [line.split(":")[0].strip() for line in probe.stdout.splitlines()[2:]]
            if names == ["lo"]:
                return prefix, f"none ({' '.join(prefix[:-1])}: only interface is lo)"
            return [], f"unshare left interfaces {names}"
    return [], "unshare -n is not permitted here"


def _read_only_copy(bundle: Path, scratch: Path) -> Path:
    """Copy the install folder and remove every write permission."""
    target = scratch / "install" / bundle.name
    shutil.copytree(bundle, target, symlinks=True)
    subprocess.run(["chmod", "-R", "a-w", str(target)], check=True)
    return target


def _private_dir(path: Path, user: str | None) -> Path:
    path.mkdir(mode=0o700)
    if user:
        entry = pwd.getpwnam(user)
        os.chown(path, entry.pw_uid, entry.pw_gid)
    return path


def _clean_env(home: Path, runtime: Path) -> list[str]:
    """An empty environment but for what a desktop session would provide."""
    return ["env", "-i", "PATH=/usr/local/bin:/usr/bin:/bin", f"HOME={home}", "LANG=C.UTF-8",
            "QT_QPA_PLATFORM=offscreen", f"XDG_RUNTIME_DIR={runtime}"]


def _check_read_only(install: Path, as_user: list[str]) -> str:
    """Prove the app's user cannot write into the install folder."""
    probe = _run([*as_user, "touch", str(install / "_internal" / "write-probe")], timeout=30)
    if probe.returncode == 0:
        raise SmokeFailure(f"the install folder {install} is writable by the test user")
    return f"read-only copy at {install} (chmod -R a-w; a write attempt failed as expected)"


def run_smoke(bundle: Path, exe_name: str, commands: list[list[str]]) -> SmokeReport:
    """Run each command against a read-only copy of bundle; raise SmokeFailure on any error."""
    if not sys.platform.startswith("linux"):
        return _plain_smoke(bundle, exe_name, commands)
    user = ensure_user()
    as_user = ["runuser", "-u", user, "--"] if user else []
    net, net_text = network_prefix(as_root=user is not None)
    scratch = Path(tempfile.mkdtemp(prefix="peptide-desk-smoke-"))
    os.chmod(scratch, 0o755)
    try:
        install = _read_only_copy(bundle, scratch)
        home = _private_dir(scratch / "home", user)
        runtime = _private_dir(scratch / "runtime", user)
        report = SmokeReport(user or pwd.getpwuid(os.geteuid()).pw_name, net_text,
                             _check_read_only(install, as_user))
        for args in commands:
            cmd = [*net, *as_user, *_clean_env(home, runtime), str(install / exe_name), *args]
            started = time.perf_counter()
            done = _run(cmd)
            secs = time.perf_counter() - started
            label = " ".join([exe_name, *args])
            if done.returncode != 0:
                raise SmokeFailure(f"`{label}` failed (exit {done.returncode}) in the read-only,"
                                   f" offline, unprivileged run:\n{done.stdout}{done.stderr}")
            report.results.append((label, secs, done.stdout.strip().splitlines()[-1]
                                   if done.stdout.strip() else "(no output)"))
        if not net:
            report.network += "; " + socket_audit(commands)
        return report
    finally:
        subprocess.run(["chmod", "-R", "u+w", str(scratch)], check=False)
        shutil.rmtree(scratch, ignore_errors=True)


def _plain_smoke(bundle: Path, exe_name: str, commands: list[list[str]]) -> SmokeReport:
    """Windows and macOS: the frozen app with a fresh home folder, offscreen; no isolation."""
    report = SmokeReport(os.environ.get("USER") or os.environ.get("USERNAME") or "?",
                         "not isolated on this platform", f"{bundle} (writable)")
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "HOME": home, "USERPROFILE": home, "APPDATA": home,
               "LOCALAPPDATA": home, "QT_QPA_PLATFORM": "offscreen"}
        for args in commands:
            started = time.perf_counter()
            done = subprocess.run([str(bundle / exe_name), *args], env=env, capture_output=True,
                                  text=True, timeout=TIMEOUT_S, check=False)
            label = " ".join([exe_name, *args])
            if done.returncode != 0:
                raise SmokeFailure(f"`{label}` failed (exit {done.returncode}):\n"
                                   f"{done.stdout}{done.stderr}")
            lines = done.stdout.strip().splitlines() or ["(no output)"]
            report.results.append((label, time.perf_counter() - started, lines[-1]))
    report.network += "; " + socket_audit(commands)
    return report


def socket_audit(commands: list[list[str]]) -> str:
    """Fallback when no network namespace is possible: fail on any socket use (venv run)."""
    for args in commands:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        done = subprocess.run([sys.executable, "-c", _SOCKET_GUARD, *args], env=env,
                              capture_output=True, text=True, timeout=TIMEOUT_S, check=False)
        if done.returncode != 0:
            raise SmokeFailure(f"socket audit of `{' '.join(args)}` failed:\n"
                               f"{done.stdout}{done.stderr}")
    return "fallback audit: no socket used by the same commands run from the venv"
