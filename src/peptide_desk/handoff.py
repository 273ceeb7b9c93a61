"""A second launch hands its ``peptide-desk://`` link to the running instance (no Qt).

No network and no sockets: a spool folder, ``handoff/`` in the user data folder. The
instance that serves it (the *primary*) holds an exclusive lock on ``handoff/instance.lock``
for as long as it runs; the operating system drops the lock when a process ends, however it
ends, so a crashed instance never looks alive. A second launch with a link:

1. finds the lock free → no instance runs: it starts a window itself (and serves from then
   on);
2. finds it taken → writes ``<id>.request`` (atomically: a temporary file, then a rename)
   and waits for ``<id>.ack``, which the primary writes once it has taken the request
   (``Primary.take``: renamed to ``.taken`` first, so a request is taken once); no answer in
   ``WAIT`` seconds (a hung instance) → it withdraws the request and starts a window itself.

A new primary clears what a crashed one left (requests and answers older than ``STALE``
seconds) and serves requests younger than that: a link sent just as the old one died still
opens. ``ui/instance.py`` watches the folder and opens what arrives.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
import uuid
from pathlib import Path

from peptide_desk.userdata import FileLock

SPOOL = "handoff"
LOCK = "instance.lock"
REQUEST, TAKEN, ACK = ".request", ".taken", ".ack"
#: Seconds a second launch waits for the running instance to answer.
WAIT = 4.0
#: Requests and answers older than this were left by an instance that is gone.
STALE = 2 * WAIT
#: Longest request read (a link is at most links.MAX_APP_URL characters).
MAX_REQUEST = 4096


def spool(folder: Path) -> Path:
    return folder / SPOOL


def _write_atomically(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


class Primary:
    """The lock of the instance that serves the spool, and its side of the exchange."""

    def __init__(self, folder: Path, lock: FileLock) -> None:
        self.folder, self.lock = spool(folder), lock

    @classmethod
    def claim(cls, folder: Path) -> Primary | None:
        """Serve ``folder``'s spool, unless a running instance does (None then, or when the
        folder cannot be written)."""
        try:
            spool(folder).mkdir(parents=True, exist_ok=True)
            lock = FileLock(spool(folder) / LOCK)
        except OSError:
            return None
        if not lock.acquire(exclusive=True):
            lock.close()
            return None
        primary = cls(folder, lock)
        primary.clear_stale()
        return primary

    def clear_stale(self) -> None:
        """Remove what an instance that is gone left behind (never a fresh request)."""
        now = time.time()
        for path in self.folder.iterdir():
            if path.suffix in (REQUEST, TAKEN, ACK, ".tmp"):
                with contextlib.suppress(OSError):
                    if now - path.stat().st_mtime > STALE:
                        path.unlink()

    def take(self) -> list[str]:
        """The links waiting, oldest first; each is answered (``.ack``) as it is taken."""
        links: list[str] = []
        try:
            waiting = sorted(self.folder.glob(f"*{REQUEST}"), key=_mtime)
        except OSError:
            return links
        for request in waiting:
            taken = request.with_suffix(TAKEN)
            try:
                os.replace(request, taken)  # taken once, even by two readers
            except OSError:
                continue
            try:
                link = _read_request(taken)
            finally:
                with contextlib.suppress(OSError):
                    taken.unlink()
            with contextlib.suppress(OSError):
                _write_atomically(request.with_suffix(ACK), "ok")
            if link is not None:
                links.append(link)
        return links

    def close(self) -> None:
        self.lock.close()


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _read_request(path: Path) -> str | None:
    """The link of a request file, or None when it is not one (too long, not our JSON)."""
    try:
        if path.stat().st_size > MAX_REQUEST:
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    link = data.get("link") if isinstance(data, dict) else None
    return link if isinstance(link, str) else None


def instance_running(folder: Path) -> bool:
    """Whether an instance serves ``folder``'s spool now (its lock is held)."""
    path = spool(folder) / LOCK
    if not path.is_file():
        return False
    try:
        probe = FileLock(path)
    except OSError:
        return False
    try:
        return not probe.acquire(exclusive=True)
    finally:
        probe.close()


def hand_off(folder: Path, link: str, wait: float = WAIT) -> bool:
    """Give ``link`` to the running instance; True once it has taken it. False: none runs,
    the folder cannot be written, or it did not answer in ``wait`` seconds (withdrawn)."""
    if not instance_running(folder):
        return False
    name = uuid.uuid4().hex
    request = spool(folder) / f"{name}{REQUEST}"
    ack = request.with_suffix(ACK)
    try:
        _write_atomically(request, json.dumps({"link": link, "pid": os.getpid()}))
    except OSError:
        return False
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if ack.exists():
            with contextlib.suppress(OSError):
                ack.unlink()
            return True
        time.sleep(0.02)
    try:
        request.unlink()  # still there: never taken; withdrawn, so it is never opened twice
    except FileNotFoundError:  # taken just now: its answer follows at once
        time.sleep(0.2)
        if ack.exists():
            with contextlib.suppress(OSError):
                ack.unlink()
            return True
    except OSError:
        pass
    return False
