"""Why a pack was refused: a short reason code (tests, logs) and one sentence for the user."""

from __future__ import annotations

from pathlib import Path

#: reason code → the clause the sentence is built from (the issue's list, plus the checks
#: of the archive and of the database itself).
REASONS = {
    "not-a-pack": "it is not a Peptide Desk content pack",
    "truncated": "it is truncated (incomplete)",
    "unsafe": "its archive is malformed or unsafe",
    "oversized": "it is larger than a content pack can be",
    "unknown-key": "it is signed by a key this app does not trust",
    "bad-signature": "its signature does not match its manifest",
    "tampered": "its database is not the one that was signed (tampered)",
    "too-old": "it is not newer than the content installed before",
    "newer-app": "it is made for a newer version of Peptide Desk",
    "incompatible": "it is made for an older version of Peptide Desk",
    "failed-check": "its database failed the content check",
    "no-room": "it could not be written to the user data folder",
}


class PackRefused(Exception):
    """A pack was not installed (or not opened); ``str()`` is the one sentence to show."""

    def __init__(self, reason: str, path: Path | str, detail: str = "") -> None:
        self.reason, self.detail = reason, detail
        self.name = Path(path).name or str(path)
        super().__init__(" ".join(f"{self.name} was not installed: {self.why}; the content "
                                  "in use is unchanged.".split()))

    @property
    def why(self) -> str:
        """The reason clause, with the detail in brackets."""
        return REASONS[self.reason] + (f" ({self.detail})" if self.detail else "")

    def as_check(self) -> str:
        """The sentence for a check that installs nothing (``pack verify``, ``pack info``)."""
        return " ".join(f"{self.name} is not a valid content pack: {self.why}.".split())
