"""Checking a pack before anything is written: archive, key, signature, manifest,
compatibility, version and the database's digest (no Qt; ``cryptography`` via ``keys``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from peptide_desk.packs import archive, keys
from peptide_desk.packs.errors import PackRefused
from peptide_desk.packs.manifest import Manifest, ManifestError, key_id_of, parse, version_tuple


@dataclass(frozen=True)
class Verified:
    """A pack whose signature, manifest and database digest were all checked."""

    path: Path
    manifest: Manifest
    manifest_bytes: bytes
    signature: bytes
    key: keys.TrustedKey


def app_version() -> str:
    """This app's version, as packs' ``min_app_version`` is compared with it."""
    from peptide_desk import __version__

    return __version__


def supported_schema() -> int:
    """The database schema this app reads."""
    from peptide_desk.store import SUPPORTED_SCHEMA

    return SUPPORTED_SCHEMA


def verify_pack(path: Path, *, highest: int = 0,
                keyring: dict[str, keys.TrustedKey] | None = None,
                app: str | None = None) -> Verified:
    """Everything that can be checked without writing; PackRefused names the first failure.

    ``highest`` is the highest content version ever installed (0: none); the pack must be
    above it."""
    ring = keys.load_keyring() if keyring is None else keyring
    with archive.open_pack(path) as (zf, pack):
        manifest = _signed_manifest(path, pack, ring)
        _compatible(path, manifest, app or app_version())
        if manifest.content_version <= highest:
            raise PackRefused("too-old", path, f"version {manifest.content_version}; version "
                                               f"{highest} was installed")
        if pack.db_size != manifest.db_size:
            reason = "truncated" if pack.db_size < manifest.db_size else "tampered"
            raise PackRefused(reason, path, f"the database is {pack.db_size:,} bytes; "
                                            f"{manifest.db_size:,} were signed")
        if archive.copy_database(zf, path, None, manifest.db_size) != manifest.db_sha256:
            raise PackRefused("tampered", path, "SHA-256 mismatch")
        return Verified(path, manifest, pack.manifest, pack.signature,
                        ring[manifest.key_id])


def _signed_manifest(path: Path, pack: archive.PackFile,
                     ring: dict[str, keys.TrustedKey]) -> Manifest:
    try:
        kid = key_id_of(pack.manifest)
    except ManifestError as exc:
        raise PackRefused("not-a-pack", path, str(exc)) from exc
    key = ring.get(kid)
    if key is None:
        raise PackRefused("unknown-key", path, f"key id {kid[:32]}")
    if not keys.signature_valid(key.public, pack.manifest, pack.signature):
        raise PackRefused("bad-signature", path, "the manifest was changed after signing, "
                                                 "or the signature is not genuine")
    try:
        return parse(pack.manifest)
    except ManifestError as exc:  # signed, but not in a form this app reads
        raise PackRefused("newer-app", path, str(exc)) from exc


def _compatible(path: Path, manifest: Manifest, app: str) -> None:
    schema = supported_schema()
    if manifest.schema_version > schema:
        raise PackRefused("newer-app", path, f"database schema {manifest.schema_version}; "
                                             f"this app reads {schema}")
    if manifest.schema_version < schema:
        raise PackRefused("incompatible", path, f"database schema {manifest.schema_version}; "
                                                f"this app reads {schema}")
    if version_tuple(manifest.min_app_version) > version_tuple(app):
        raise PackRefused("newer-app", path, f"it needs Peptide Desk "
                                             f"{manifest.min_app_version} or newer; this is {app}")
