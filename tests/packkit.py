"""Content packs for tests: a test key and keyring, packs signed from a built database, and
packs deliberately broken in each way an attacker (or a bad copy) could break one.

Every helper writes where it is told (the test's tmp_path); nothing uses the shipped
keyring's key, whose private half is not in the repository.
"""

from __future__ import annotations

import dataclasses
import shutil
import stat
import zipfile
from pathlib import Path

from peptide_desk.integrity import file_digest
from peptide_desk.packs import archive, keys
from peptide_desk.packs.manifest import Manifest
from peptide_desk.store import SUPPORTED_SCHEMA, Store

REPO = Path(__file__).resolve().parents[1]
REAL_CONTENT = REPO / "resources" / "content"

#: The three edits of the "Done means" content copy, as (file, old text, new text).
HEXARELIN_STATUS = 'insulin_effect = "No data on insulin sensitivity were found. Raised GH ' \
                   'can reduce insulin sensitivity."\nstatus = "investigational"'
EDITS = (
    ("substances.toml", HEXARELIN_STATUS,
     HEXARELIN_STATUS.replace('"investigational"', '"preclinical"')),
    ("safety/incretins.toml",
     "stop semaglutide if pancreatitis is suspected and do not restart it if confirmed.",
     "stop semaglutide at once if pancreatitis is suspected and do not restart it if "
     "confirmed."),
    ("articles/01-peptides-insulin-resistance-diabetes.md",
     "Normal control depends on the balance between these opposing signals.",
     "Normal control depends on the balance between these opposing hormonal signals."),
)


@dataclasses.dataclass(frozen=True)
class PackKey:
    """A private key file and a keyring that trusts it."""

    private: Path
    keyring: Path
    key_id: str

    def ring(self) -> dict[str, keys.TrustedKey]:
        return keys.load_keyring(self.keyring)


def make_key(folder: Path, name: str = "test") -> PackKey:
    """A new key pair in ``folder`` and a keyring file holding only its public key."""
    import json

    folder.mkdir(parents=True, exist_ok=True)
    private = folder / f"{name}.pem"
    public = keys.generate(private)
    ring = folder / f"{name}-keyring.json"
    ring.write_text(json.dumps({"format": 1, "keys": [keys.keyring_entry(public, name)]}))
    return PackKey(private, ring, keys.key_id(public))


def manifest_for(db: Path, key: PackKey, version: int, **changes: object) -> Manifest:
    """The manifest ``pack build`` would write for ``db`` (fields overridable)."""
    sha, size = file_digest(db)
    date = str(changes.get("content_date", ""))
    if not date:
        store = Store(db)
        try:
            date = store.meta("content_as_of")
        finally:
            store.close()
    base = Manifest(content_version=version, schema_version=SUPPORTED_SCHEMA,
                    min_app_version="0.1.0", content_date=date,
                    created=f"{date}T00:00:00Z", db_sha256=sha, db_size=size,
                    key_id=key.key_id, changes="Test pack.")
    return base._replace(**changes)  # type: ignore[arg-type]


def sign_pack(db: Path, out: Path, key: PackKey, version: int, **changes: object) -> Path:
    """A genuine pack of ``db`` signed by ``key``."""
    manifest = manifest_for(db, key, version, **changes)
    data = manifest.to_bytes()
    archive.write_pack(out, data, keys.sign(keys.load_private(key.private), data), db)
    return out


def members(pack: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(pack) as zf:
        return {i.filename: zf.read(i) for i in zf.infolist()}


def rezip(out: Path, entries: list[tuple[str, bytes]], *, symlink: str = "") -> Path:
    """A zip with exactly ``entries`` (names as given, duplicates allowed); ``symlink``
    marks that member as a symbolic link."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about duplicate names
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, data in entries:
                info = zipfile.ZipInfo(name, date_time=archive.ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.create_system = 3
                mode = stat.S_IFLNK | 0o777 if name == symlink else stat.S_IFREG | 0o644
                info.external_attr = mode << 16
                zf.writestr(info, data)
    return out


def shipped_copy(db: Path, folder: Path) -> Path:
    """A copy of ``db`` with its recorded checksum beside it, as the bundle ships it."""
    from peptide_desk.integrity import write_sidecar

    path = folder / "peptide_desk.sqlite"
    shutil.copyfile(db, path)
    write_sidecar(path)
    return path


def changed_content(folder: Path) -> Path:
    """A copy of the real content with one substance's status, one safety item and one
    article section edited (EDITS)."""
    copy = folder / "content"
    shutil.copytree(REAL_CONTENT, copy)
    for name, old, new in EDITS:
        path = copy / name
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{name}: the edit's anchor text changed"
        path.write_text(text.replace(old, new), encoding="utf-8")
    return copy
