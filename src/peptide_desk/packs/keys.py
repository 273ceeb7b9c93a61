"""Ed25519 keys: the editor's private key file, the app's keyring of trusted public keys,
signing and checking a manifest. ``cryptography`` is imported inside each function, so only
building, checking or installing a pack loads it.

A key id is the first 16 hex digits of the SHA-256 of the raw 32-byte public key; the keyring
(``data/keys/trusted.json`` in the package, or ``PEPTIDE_DESK_KEYRING``) lists each trusted
key with its id, so a key is rotated by shipping an app whose keyring holds the new one.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

KEYRING_ENV = "PEPTIDE_DESK_KEYRING"
SIGNATURE_BYTES = 64


class KeyFileError(Exception):
    """A key file or the keyring cannot be used; ``str()`` is one sentence."""


@dataclass(frozen=True)
class TrustedKey:
    """One public key the app accepts packs from."""

    key_id: str
    public: bytes  # the raw 32-byte Ed25519 public key
    name: str


def key_id(public: bytes) -> str:
    """The short, stable name of a public key (printed by keygen, kept in the keyring)."""
    return hashlib.sha256(public).hexdigest()[:16]


def keyring_path() -> Path:
    """The keyring this app trusts: ``PEPTIDE_DESK_KEYRING`` (tests), else the shipped one."""
    env = os.environ.get(KEYRING_ENV)
    if env:
        return Path(env)
    from peptide_desk.resources import asset

    return asset("keys", "trusted.json")


def load_keyring(path: Path | None = None) -> dict[str, TrustedKey]:
    """The trusted keys by id; a key whose id does not match its bytes is not trusted."""
    path = path or keyring_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise KeyFileError(f"The list of trusted signing keys ({path}) cannot be read; "
                        "reinstall Peptide Desk.") from exc
    found: dict[str, TrustedKey] = {}
    for entry in data.get("keys", []) if isinstance(data, dict) else []:
        try:
            public = base64.b64decode(entry["public_key"], validate=True)
            kid, name = str(entry["id"]), str(entry.get("name", ""))
        except (KeyError, TypeError, binascii.Error):
            continue
        if len(public) == 32 and key_id(public) == kid:
            found[kid] = TrustedKey(kid, public, name)
    return found


def keyring_entry(public: bytes, name: str) -> dict[str, str]:
    """The keyring line for a new public key (what ``pack keygen`` prints)."""
    return {"id": key_id(public), "name": name,
            "public_key": base64.b64encode(public).decode("ascii")}


def generate(out: Path) -> bytes:
    """Write a new private key to ``out`` (PEM, mode 0600, never over an existing file);
    returns the raw public key."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    private = Ed25519PrivateKey.generate()
    pem = private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, pem)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.chmod(out, 0o600)  # whatever the umask
    return _raw_public(private)


def load_private(path: Path) -> Ed25519PrivateKey:
    """The editor's private key; KeyFileError when the file is not an Ed25519 key."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise KeyFileError(f"The key file {path} cannot be read ({exc.strerror or exc}).") from exc
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError) as exc:
        raise KeyFileError(f"{path} is not an unencrypted PEM private key.") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyFileError(f"{path} is not an Ed25519 key.")
    return key


def public_of(private: Ed25519PrivateKey) -> bytes:
    """The raw public key of a private key."""
    return _raw_public(private)


def _raw_public(private: Ed25519PrivateKey) -> bytes:
    from cryptography.hazmat.primitives import serialization

    return private.public_key().public_bytes(serialization.Encoding.Raw,
                                             serialization.PublicFormat.Raw)


def sign(private: Ed25519PrivateKey, data: bytes) -> bytes:
    """The ``manifest.sig`` bytes for ``data``: the base64 signature and a newline."""
    return base64.b64encode(private.sign(data)) + b"\n"


def signature_valid(public: bytes, data: bytes, sig_file: bytes) -> bool:
    """Whether ``sig_file`` (``manifest.sig``) is the key's signature of exactly ``data``."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        sig = base64.b64decode(sig_file.strip(), validate=True)
    except binascii.Error:
        return False
    if len(sig) != SIGNATURE_BYTES:
        return False
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(sig, data)
    except (InvalidSignature, ValueError):
        return False
    return True
