"""``peptide-desk pack build``: check the content, build its database, sign a manifest, write
the ``.pdpack`` (build time: needs the content build tools and the editor's private key).

Deterministic: the database build is (docs/architecture.md), the creation time defaults to
the content date at midnight UTC, and the archive has fixed timestamps and order, so the same
sources, version and key give the same file.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from peptide_desk.packs import archive, keys
from peptide_desk.packs.manifest import Manifest


def default_version(content_date: str) -> int:
    """A version that grows with the content date (``2026-11-30`` → 20261130)."""
    return int(content_date.replace("-", ""))


def build_pack(content: Path, key_file: Path, out: Path, *, version: int | None = None,
               created: str | None = None, changes: str = "",
               min_app: str | None = None) -> Manifest:
    """Build, sign and write a pack of ``content`` to ``out`` (atomically); its manifest.

    Raises ``content.build.BuildError`` for content problems and ``keys.KeyFileError`` for
    an unusable key."""
    from peptide_desk import __version__
    from peptide_desk.atomic import atomic_path
    from peptide_desk.content.build import build_database
    from peptide_desk.store import SUPPORTED_SCHEMA

    private = keys.load_private(key_file)  # before the build: a bad key fails fast
    public = keys.public_of(private)
    with tempfile.TemporaryDirectory(prefix="pdpack-") as tmp:
        db = Path(tmp) / "content.sqlite"
        info = build_database(content, db)
        date = str(info.get("content_as_of") or _content_date(db))
        manifest = Manifest(
            content_version=version if version is not None else default_version(date),
            schema_version=SUPPORTED_SCHEMA, min_app_version=min_app or __version__,
            content_date=date, created=created or f"{date}T00:00:00Z",
            db_sha256=str(info["sha256"]), db_size=int(info["size"]),
            key_id=keys.key_id(public),
            changes=changes or f"Content as of {date}.")
        data = manifest.to_bytes()
        with atomic_path(out) as part:
            archive.write_pack(part, data, keys.sign(private, data), db)
    return manifest


def _content_date(db: Path) -> str:
    from peptide_desk.store import Store

    store = Store(db)
    try:
        return store.meta("content_as_of")
    finally:
        store.close()
