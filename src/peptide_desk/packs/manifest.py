"""A content pack's manifest: what it holds, as signed bytes (no Qt, standard library only).

The signature covers the manifest file's exact bytes, so the manifest is written once, in a
canonical form (sorted keys, two-space indent, UTF-8, one final newline), and read back only
from those bytes. Every field is checked for type and range before it is believed.
"""

from __future__ import annotations

import json
import re
from typing import Any, NamedTuple

FORMAT_VERSION = 1
CONTENT_ID = "peptide-desk"
#: The largest manifest read (a change summary of a few pages fits many times over).
MAX_MANIFEST_BYTES = 64 * 1024
_SHA256 = re.compile(r"[0-9a-f]{64}")
_VERSION = re.compile(r"\d{1,6}(\.\d{1,6}){0,3}")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_STAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")


class ManifestError(ValueError):
    """The manifest is not one this app reads; ``str()`` says which field is wrong."""


class Manifest(NamedTuple):
    """The signed description of a pack: identity, compatibility, the database's digest.
    (A NamedTuple: the start-up reads an installed pack's manifest, and ``dataclasses``
    would cost more there than all of it.)"""

    content_version: int
    schema_version: int
    min_app_version: str
    content_date: str
    created: str
    db_sha256: str
    db_size: int
    key_id: str
    changes: str
    content_id: str = CONTENT_ID
    format: int = FORMAT_VERSION

    def to_bytes(self) -> bytes:
        """The canonical bytes that are signed and stored as ``manifest.json``."""
        data = {"format": self.format, "content_id": self.content_id,
                "content_version": self.content_version,
                "schema_version": self.schema_version,
                "min_app_version": self.min_app_version, "content_date": self.content_date,
                "created": self.created,
                "database": {"sha256": self.db_sha256, "size": self.db_size},
                "key_id": self.key_id, "changes": self.changes}
        return (json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
                ).encode("utf-8")


def version_tuple(text: str) -> tuple[int, ...]:
    """``"0.1.10"`` → ``(0, 1, 10)``, for comparing app versions numerically (a suffix such
    as ``rc1`` or ``.dev0`` is read up to its first non-digit: ``"0.2.0rc1"`` → ``(0, 2, 0)``)."""
    parts = []
    for part in text.split("."):
        digits = re.match(r"\d+", part)
        if digits is None:
            break
        parts.append(int(digits.group()))
    return tuple(parts)


def key_id_of(data: bytes) -> str:
    """The key id a manifest names, read before its signature is checked (to find the key);
    ManifestError when the bytes are not a manifest at all."""
    obj = _load(data)
    key_id = obj.get("key_id")
    if not isinstance(key_id, str) or not key_id:
        raise ManifestError("it names no signing key")
    return key_id


def parse(data: bytes) -> Manifest:
    """The manifest in ``data`` (already verified as signed); ManifestError when a field is
    missing, of the wrong type or out of range."""
    obj = _load(data)
    db = obj.get("database")
    if not isinstance(db, dict):
        raise ManifestError("its database entry is missing")
    fmt = _int(obj, "format")
    if fmt != FORMAT_VERSION:
        raise ManifestError(f"it is in pack format {fmt}; this app reads format "
                            f"{FORMAT_VERSION}")
    manifest = Manifest(
        content_version=_int(obj, "content_version"), schema_version=_int(obj, "schema_version"),
        min_app_version=_text(obj, "min_app_version", _VERSION),
        content_date=_text(obj, "content_date", _DATE), created=_text(obj, "created", _STAMP),
        db_sha256=_text(db, "sha256", _SHA256), db_size=_int(db, "size"),
        key_id=_text(obj, "key_id"), changes=_text(obj, "changes"),
        content_id=_text(obj, "content_id"), format=fmt)
    if manifest.content_id != CONTENT_ID:
        raise ManifestError(f"it holds content {manifest.content_id!r}, not {CONTENT_ID!r}")
    if manifest.content_version < 1 or manifest.db_size < 1:
        raise ManifestError("its version or database size is not a positive number")
    return manifest


def _load(data: bytes) -> dict[str, Any]:
    if len(data) > MAX_MANIFEST_BYTES:
        raise ManifestError("the manifest is too large")
    try:
        obj = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ManifestError("the manifest is not valid JSON") from exc
    if not isinstance(obj, dict):
        raise ManifestError("the manifest is not a JSON object")
    return obj


def _int(obj: dict[str, Any], key: str) -> int:
    value = obj.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < 2**53:
        raise ManifestError(f"its {key} is not a whole number")
    return value


def _text(obj: dict[str, Any], key: str, pattern: re.Pattern[str] | None = None) -> str:
    value = obj.get(key)
    if not isinstance(value, str) or "\x00" in value or len(value) > 20_000 or (
            pattern is not None and not pattern.fullmatch(value)):
        raise ManifestError(f"its {key} is missing or malformed")
    return value
