"""The ``.pdpack`` file: a ZIP archive with exactly three members, read with caps.

Members, in this order: ``manifest.json`` (the signed bytes), ``manifest.sig`` (base64
Ed25519 signature), ``content.sqlite`` (the built database). Nothing else is accepted: no
other names, no folders or paths, no duplicates, no symlinks, no encryption, nothing but
stored or deflated data, declared sizes within the caps and a bounded compression ratio.
No name from the archive is ever used to write anything: the reader copies members by their
fixed names into paths the installer chose. Written deterministically (fixed timestamps,
modes and order), so the same inputs give the same bytes.
"""

from __future__ import annotations

import hashlib
import os
import stat
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from peptide_desk.packs.errors import PackRefused
from peptide_desk.packs.manifest import MAX_MANIFEST_BYTES
from peptide_desk.store import MAX_DB_BYTES

MANIFEST, SIGNATURE, DATABASE = "manifest.json", "manifest.sig", "content.sqlite"
MEMBERS = (MANIFEST, SIGNATURE, DATABASE)
MAX_SIGNATURE_BYTES = 1024
#: The largest pack file opened at all (checked before a byte is read).
MAX_PACK_BYTES = MAX_DB_BYTES + 2 * MAX_MANIFEST_BYTES
#: A member may expand at most this many times (an SQLite file deflates ~3×).
MAX_RATIO = 100
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_CHUNK = 1 << 20


@dataclass(frozen=True)
class PackFile:
    """What the archive holds, its members checked but its contents not yet trusted."""

    path: Path
    manifest: bytes
    signature: bytes
    db_size: int  # as the archive declares it


def _caps() -> dict[str, int]:
    return {MANIFEST: MAX_MANIFEST_BYTES, SIGNATURE: MAX_SIGNATURE_BYTES,
            DATABASE: MAX_DB_BYTES}


@contextmanager
def open_pack(path: Path) -> Iterator[tuple[zipfile.ZipFile, PackFile]]:
    """Open ``path`` as a pack, check its members, read the manifest and signature; the
    open archive stays available for :func:`copy_database`. PackRefused when it is not one."""
    try:
        st = path.stat()
    except OSError as exc:
        raise PackRefused("not-a-pack", path, f"it cannot be read: {exc.strerror}") from exc
    if not stat.S_ISREG(st.st_mode):
        raise PackRefused("not-a-pack", path, "it is not a regular file")
    if st.st_size == 0:
        raise PackRefused("not-a-pack", path, "the file is empty")
    if st.st_size > MAX_PACK_BYTES:
        raise PackRefused("oversized", path, f"{st.st_size:,} bytes")
    try:
        fh = path.open("rb")
    except OSError as exc:
        raise PackRefused("not-a-pack", path, f"it cannot be read: {exc.strerror}") from exc
    with fh:
        if fh.read(4) != b"PK\x03\x04":
            raise PackRefused("not-a-pack", path)
        _check_directory_end(fh, st.st_size, path)
        fh.seek(0)
        try:
            archive = zipfile.ZipFile(fh)
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise PackRefused("truncated", path, "the archive has no complete directory") \
                from exc
        with archive:
            _check_members(archive, path)
            pack = PackFile(path, _read(archive, MANIFEST, path),
                            _read(archive, SIGNATURE, path),
                            archive.getinfo(DATABASE).file_size)
            yield archive, pack


def _check_directory_end(fh: IO[bytes], size: int, path: Path) -> None:
    """Read the archive's end record before ``zipfile`` parses anything: exactly three
    entries, no ZIP64, no comment (a directory of a million entries is refused unread)."""
    tail = min(size, 22 + 0xFFFF)
    fh.seek(size - tail)
    data = fh.read(tail)
    at = data.rfind(b"PK\x05\x06")
    if at < 0 or len(data) - at < 22:
        raise PackRefused("truncated", path, "the archive has no complete directory")
    entries = int.from_bytes(data[at + 10:at + 12], "little")
    comment = int.from_bytes(data[at + 20:at + 22], "little")
    if entries == 0xFFFF or b"PK\x06\x06" in data[max(0, at - 76):at]:
        raise PackRefused("unsafe", path, "it is a ZIP64 archive")
    if entries < len(MEMBERS):
        raise PackRefused("not-a-pack", path, f"it holds {entries} of its {len(MEMBERS)} "
                                              "members")
    if entries > len(MEMBERS):
        raise PackRefused("unsafe", path, f"its directory lists {entries} entries")
    if comment or at + 22 != len(data):
        raise PackRefused("unsafe", path, "data follows the archive")


def _check_members(archive: zipfile.ZipFile, path: Path) -> None:
    infos = archive.infolist()
    names = [i.filename for i in infos]
    for name in names:
        if "/" in name or "\\" in name or ".." in name or ":" in name or not name:
            raise PackRefused("unsafe", path, f"a member is named {name[:80]!r}")
    if len(set(names)) != len(names):
        raise PackRefused("unsafe", path, "a member name appears twice")
    if sorted(names) != sorted(MEMBERS):
        extra = sorted(set(names) - set(MEMBERS))
        raise PackRefused("unsafe" if extra else "not-a-pack", path,
                          f"unexpected member {extra[0][:80]!r}" if extra
                          else "members are missing")
    if infos[0].header_offset != 0:
        raise PackRefused("unsafe", path, "data precedes the archive")
    caps = _caps()
    for info in infos:
        mode = info.external_attr >> 16
        if mode and not stat.S_ISREG(mode):
            raise PackRefused("unsafe", path, f"{info.filename} is not a plain file")
        if info.flag_bits & 0x1:
            raise PackRefused("unsafe", path, f"{info.filename} is encrypted")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise PackRefused("unsafe", path, f"{info.filename} uses an unknown compression")
        if info.file_size > caps[info.filename]:
            raise PackRefused("oversized", path, f"{info.filename} would expand to "
                                                 f"{info.file_size:,} bytes")
        if info.file_size > MAX_RATIO * max(info.compress_size, 1) + 4096:
            raise PackRefused("unsafe", path, f"{info.filename} expands more than "
                                              f"{MAX_RATIO} times (a zip bomb)")


def _read(archive: zipfile.ZipFile, name: str, path: Path) -> bytes:
    """A small member, read with its cap (a lying size never reads more)."""
    cap = _caps()[name]
    try:
        with archive.open(name) as member:
            data = member.read(cap + 1)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:  # zlib errors too
        raise PackRefused("truncated", path, f"{name} cannot be read") from exc
    if len(data) > cap:
        raise PackRefused("oversized", path, f"{name} is too large")
    return data


def copy_database(archive: zipfile.ZipFile, path: Path, out: IO[bytes] | None,
                  size: int) -> str:
    """Stream ``content.sqlite`` (at most ``size`` bytes) into ``out`` (None: only hash);
    returns its SHA-256. PackRefused when it is shorter, longer or unreadable."""
    digest, seen = hashlib.sha256(), 0
    try:
        with archive.open(DATABASE) as member:
            while chunk := member.read(min(_CHUNK, size - seen + 1)):
                seen += len(chunk)
                if seen > size:
                    raise PackRefused("tampered", path, "the database is longer than signed")
                digest.update(chunk)
                if out is not None:
                    out.write(chunk)
    except PackRefused:
        raise
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:  # CRC, zlib, short
        raise PackRefused("truncated", path, "the database cannot be read whole") from exc
    if seen < size:
        raise PackRefused("truncated", path, f"the database has {seen:,} of {size:,} bytes")
    return digest.hexdigest()


def write_pack(out: Path, manifest: bytes, signature: bytes, db: Path) -> None:
    """Write a pack to ``out`` (a path the caller then renames into place), byte-for-byte
    the same for the same inputs."""
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in ((MANIFEST, manifest), (SIGNATURE, signature)):
            archive.writestr(_info(name), data)
        with archive.open(_info(DATABASE), "w", force_zip64=False) as member, \
                db.open("rb") as src:
            while chunk := src.read(_CHUNK):
                member.write(chunk)
    with out.open("rb+") as fh:
        os.fsync(fh.fileno())


def _info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3  # Unix, so the mode below is read as one
    info.external_attr = (stat.S_IFREG | 0o644) << 16
    return info
