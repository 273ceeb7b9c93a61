"""Signed offline content updates (``.pdpack``): format, keys, verification, install, revert,
and the "What's new" comparison. No Qt; ``cryptography`` is imported only by ``keys``, on
first use, never on the start path (docs/content-packs.md)."""
