"""Installing a verified pack, and switching between installed content (no Qt).

:func:`install` verifies first (``verify.verify_pack``: nothing is written until the
signature, manifest, compatibility, version and the database's digest are checked), then
stages the database in a fresh folder inside the user data folder, fsyncs it, opens the
staged copy read-only and runs SQLite's integrity check and the app's own content check
(``selftest.check_data``: every page renders), renames the folder into place and only then
records it in ``state.json`` (atomically). A crash at any point leaves the previous state
file, so the previous content stays in use and nothing half-written is ever opened; a
leftover staging folder is removed by the next install. The bundled database is never
touched.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from peptide_desk.packs import archive, state
from peptide_desk.packs.errors import PackRefused
from peptide_desk.packs.keys import TrustedKey
from peptide_desk.packs.manifest import Manifest
from peptide_desk.packs.verify import verify_pack


@dataclass(frozen=True)
class Installed:
    """What an install did: the new content, and the content in use before it."""

    manifest: Manifest
    key_id: str
    path: Path  # the installed database
    previous: int  # the version in use before (0: the bundled content)


def install(pack: Path, user_dir: Path, *, keyring: dict[str, TrustedKey] | None = None,
            app: str | None = None) -> Installed:
    """Verify ``pack`` and make it the content in use; PackRefused (one sentence) else."""
    before = state.read_state(user_dir)
    verified = verify_pack(pack, highest=state.highest(user_dir), keyring=keyring, app=app)
    manifest = verified.manifest
    root = state.content_root(user_dir)
    try:
        (root / state.PACKS_DIR).mkdir(parents=True, exist_ok=True)
        _remove_staging(root)
        staging = Path(_mkdtemp(root))
    except OSError as exc:
        raise PackRefused("no-room", pack, exc.strerror or str(exc)) from exc
    try:
        _stage(verified.path, staging, verified.manifest_bytes, verified.signature, manifest)
        _self_check(pack, staging / state.DB_NAME, manifest)
        target = state.pack_dir(user_dir, manifest.content_version)
        if target.exists():  # renamed into place by an install that crashed before the state
            shutil.rmtree(target)
        os.rename(staging, target)
        _fsync_dir(target.parent)
        state.write_state(user_dir, state.State(manifest.content_version,
                                                manifest.content_version, before.current))
    except PackRefused:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise PackRefused("no-room", pack, exc.strerror or str(exc)) from exc
    _prune(user_dir)
    return Installed(manifest, verified.key.key_id, target / state.DB_NAME, before.current)


def _mkdtemp(root: Path) -> str:
    import tempfile

    return tempfile.mkdtemp(prefix=".staging-", dir=root)


def _stage(pack: Path, staging: Path, manifest_bytes: bytes, signature: bytes,
           manifest: Manifest) -> None:
    """Copy the database (hashed again: the file may have changed since it was verified)
    and the signed files into ``staging``, each flushed to disk."""
    from peptide_desk.integrity import sidecar_text

    db = staging / state.DB_NAME
    with archive.open_pack(pack) as (zf, _), db.open("xb") as out:
        sha = archive.copy_database(zf, pack, out, manifest.db_size)
        out.flush()
        os.fsync(out.fileno())
    if sha != manifest.db_sha256:
        raise PackRefused("tampered", pack, "the file changed while it was installed")
    sidecar = sidecar_text(manifest.db_sha256, manifest.db_size, state.DB_NAME).encode()
    for name, data in (("manifest.json", manifest_bytes), ("manifest.sig", signature),
                       (state.DB_NAME + ".sha256", sidecar)):
        with (staging / name).open("xb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    for path in staging.iterdir():
        os.chmod(path, 0o644)
    _fsync_dir(staging)


def _self_check(pack: Path, db: Path, manifest: Manifest) -> None:
    """The staged database, opened read-only as untrusted input: SQLite's integrity check,
    the checksum and structure check, every page rendered; and it is what the manifest says."""
    from peptide_desk.selftest import SelfTestFailure, check_data

    try:
        found = check_data(db)
    except SelfTestFailure as exc:
        raise PackRefused("failed-check", pack, str(exc)[:300]) from exc
    try:
        date = found.store.meta("content_as_of")
        integrity = found.store.conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        found.store.close()
    if integrity != "ok":
        raise PackRefused("failed-check", pack, f"integrity check: {str(integrity)[:200]}")
    if date != manifest.content_date:
        raise PackRefused("failed-check", pack, f"its content is dated {date}, the manifest "
                                                f"says {manifest.content_date}")


def _fsync_dir(path: Path) -> None:
    """Make a rename or a new file in ``path`` durable (POSIX; a no-op where unsupported)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _remove_staging(root: Path) -> None:
    """Staging folders left by an install that did not finish (never in use)."""
    for leftover in root.glob(".staging-*"):
        shutil.rmtree(leftover, ignore_errors=True)


def _prune(user_dir: Path) -> None:
    """Keep the pack in use and the pack in use before it (revert goes there); others go."""
    st = state.read_state(user_dir)
    for version in state.installed(user_dir):
        if version not in (st.current, st.before):
            shutil.rmtree(state.pack_dir(user_dir, version), ignore_errors=True)


def previous_pack(user_dir: Path) -> int:
    """The newest installed pack other than the one in use (0: none): after an install,
    the pack in use before it; after a revert to the bundled content, the pack left."""
    current = state.read_state(user_dir).current
    others = [v for v in state.installed(user_dir) if v != current]
    return others[0] if others else 0


class RevertError(Exception):
    """The content could not be switched; ``str()`` is one sentence."""


def use(user_dir: Path, version: int) -> None:
    """Serve installed pack ``version`` (0: the bundled content) from the next open on;
    the highest version installed stays remembered, so no older pack can be installed."""
    st = state.read_state(user_dir)
    if version:
        manifest, problem = state.check_installed(user_dir, version)
        if manifest is None:
            raise RevertError(f"Content update version {version} cannot be used: {problem}.")
    try:
        state.write_state(user_dir, state.State(version, max(st.highest, version),
                                                st.current))
    except OSError as exc:
        raise RevertError(f"The content could not be switched ({exc.strerror or exc}); "
                          "the content in use is unchanged.") from exc
