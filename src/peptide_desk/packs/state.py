"""Which content the app serves: the bundled database or an installed pack (no Qt).

The user data folder holds ``content/state.json`` (the pack in use, the highest version ever
installed) and ``content/packs/vNNNNNNNN/`` (one folder per installed pack: its database,
the database's checksum sidecar for ``integrity.verify``, and the signed manifest and
signature exactly as they came). :func:`choose` runs at start-up: it checks the pack in use
against its manifest (its size; the SHA-256 is checked after the first paint, and a failure
there calls :func:`fall_back`), and a pack that fails is moved to ``content/set-aside/`` and
the previous content is used, with a one-line notice. Only the standard library is imported
here (hashlib only for a full check), and the app imports this module only when
``state.json`` exists.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import NamedTuple

from peptide_desk.packs.manifest import Manifest, ManifestError, parse

CONTENT_DIR, STATE_FILE, PACKS_DIR, ASIDE_DIR = "content", "state.json", "packs", "set-aside"
DB_NAME = "content.sqlite"


class State(NamedTuple):
    """``state.json``: the pack in use (0: the bundled content), the highest ever installed,
    and the content in use before the last install (what "What's new" compares against)."""

    current: int = 0
    highest: int = 0
    before: int = 0


class Choice(NamedTuple):
    """The database to open, where it came from, and what to tell the user (or '')."""

    path: Path
    version: int = 0  # 0: the bundled content
    manifest: Manifest | None = None
    notice: str = ""

    @property
    def source(self) -> str:
        return "pack" if self.version else "bundled"


def content_root(user_dir: Path) -> Path:
    return user_dir / CONTENT_DIR


def state_path(user_dir: Path) -> Path:
    return content_root(user_dir) / STATE_FILE


def pack_dir(user_dir: Path, version: int) -> Path:
    return content_root(user_dir) / PACKS_DIR / f"v{version:08d}"


def read_state(user_dir: Path) -> State:
    """The remembered state; a missing or unreadable file is the bundled content (the
    highest version is then recovered from the pack folders, see :func:`highest`)."""
    return _load(user_dir) or State()


def _load(user_dir: Path) -> State | None:
    """The state file's contents; None when it is missing or unreadable."""
    try:
        data = json.loads(state_path(user_dir).read_text(encoding="utf-8"))
        current, top, before = data["current"], data["highest"], data.get("before", 0)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    if not all(isinstance(v, int) and not isinstance(v, bool) and v >= 0
               for v in (current, top, before)):
        return None
    return State(current, max(top, current), before)


def write_state(user_dir: Path, state: State) -> None:
    """Remember ``state``, all or nothing (a crash leaves the previous file)."""
    from peptide_desk.atomic import SaveError, write_text

    content_root(user_dir).mkdir(parents=True, exist_ok=True)
    try:
        write_text(state_path(user_dir), json.dumps(
            {"current": state.current, "highest": state.highest, "before": state.before},
            indent=2) + "\n")
    except SaveError as exc:
        raise OSError(str(exc)) from exc


def installed(user_dir: Path) -> list[int]:
    """Versions of the pack folders present, newest first."""
    root = content_root(user_dir) / PACKS_DIR
    try:
        names = [p.name for p in root.iterdir() if p.is_dir()]
    except OSError:
        return []
    return sorted((int(n[1:]) for n in names if len(n) == 9 and n[0] == "v" and
                   n[1:].isdigit()), reverse=True)


def highest(user_dir: Path) -> int:
    """The highest version ever installed: the state's record; when the state file is
    missing or unreadable, the highest pack folder left on disk (a folder renamed into place
    by an install that was killed before its state was written does not count otherwise)."""
    st = _load(user_dir)
    return st.highest if st is not None else max([0, *installed(user_dir)])


def stored_manifest(user_dir: Path, version: int) -> Manifest:
    """The manifest of an installed pack (ManifestError/OSError when unreadable)."""
    return parse((pack_dir(user_dir, version) / "manifest.json").read_bytes())


def check_installed(user_dir: Path, version: int, *, full: bool = True,
                    ) -> tuple[Manifest | None, str]:
    """(manifest, '') when the installed pack's database is the one it was installed with,
    else (None, what is wrong). ``full=False`` (the start-up) checks its size only: the
    SHA-256 is checked right after the first paint, by ``integrity.verify`` against the
    sidecar written at install, and a failure there falls back like this one
    (:func:`fall_back`)."""
    try:
        manifest = stored_manifest(user_dir, version)
    except (OSError, ManifestError) as exc:
        return None, f"its manifest cannot be read ({exc})"
    db = pack_dir(user_dir, version) / DB_NAME
    try:
        size = db.stat().st_size
        if size != manifest.db_size:
            return None, f"its database is {size:,} bytes, not {manifest.db_size:,}"
        if full and _sha256(db) != manifest.db_sha256:
            return None, "its database changed after it was installed (SHA-256 mismatch)"
    except OSError as exc:
        return None, f"its database cannot be read ({exc.strerror or exc})"
    return manifest, ""


def _sha256(path: Path) -> str:
    import hashlib

    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def choose(bundled: Path, user_dir: Path, *, full: bool = False,
           failed: list[str] | None = None) -> Choice:
    """The content to serve: the pack in use when it checks out, else the next older sound
    pack, else the bundled database; a pack that fails is set aside and said so once.

    At start-up (``full=False``) a pack's size is checked against its manifest here and its
    SHA-256 after the first paint; ``full=True`` checks both now. ``failed`` lists failures
    found before (for the notice)."""
    state = read_state(user_dir)
    failed = list(failed or ())
    if not state.current:
        return _settle(user_dir, state, Choice(bundled), failed)
    candidates = [state.current, *(v for v in installed(user_dir) if v < state.current)]
    for version in candidates:
        if not pack_dir(user_dir, version).is_dir():
            if not any(f.startswith(f"version {version} ") for f in failed):  # said already
                failed.append(f"version {version} is missing")
            continue
        manifest, problem = check_installed(user_dir, version, full=full)
        if manifest is not None:
            return _settle(user_dir, state, Choice(pack_dir(user_dir, version) / DB_NAME,
                                                   version, manifest), failed)
        set_aside(user_dir, version)
        failed.append(f"version {version} was set aside: {problem}")
    return _settle(user_dir, state, Choice(bundled), failed)


def fall_back(bundled: Path, user_dir: Path, version: int, problem: str) -> Choice:
    """Pack ``version`` failed its check after it was opened: set it aside and choose the
    previous content, with the one-line notice that says so."""
    set_aside(user_dir, version)
    return choose(bundled, user_dir, full=True,
                  failed=[f"version {version} was set aside: {problem}"])


def _settle(user_dir: Path, state: State, choice: Choice, failed: list[str]) -> Choice:
    """Remember a fallback and word the notice; the normal case writes nothing."""
    if not failed:
        return choice
    import contextlib

    with contextlib.suppress(OSError):  # else the same fallback happens at the next start
        write_state(user_dir, State(choice.version, state.highest, state.before))
    return choice._replace(notice=_notice(failed, choice))


def _notice(failed: list[str], choice: Choice) -> str:
    using = f"content update version {choice.version}" if choice.version else \
        "the bundled content"
    notice = (f"The installed content update did not pass its check ({'; '.join(failed)}); "
              f"Peptide Desk is using {using}.")
    return " ".join(notice.split())


def set_aside(user_dir: Path, version: int) -> None:
    """Move a failed pack out of the way (kept for inspection, never deleted here)."""
    import contextlib
    import time

    aside = content_root(user_dir) / ASIDE_DIR
    # on failure the next start finds it failing again, and says so again
    with contextlib.suppress(OSError):
        aside.mkdir(parents=True, exist_ok=True)
        os.replace(pack_dir(user_dir, version),
                   aside / f"v{version:08d}-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}")
