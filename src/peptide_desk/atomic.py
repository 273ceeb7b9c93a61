"""Writing a file the user asked for, all or nothing, and saying why when it cannot be written.

Every export (CSV, HTML, PDF, PNG, SVG, user-data JSON, decks, content packs) goes through
here: the bytes land in a temporary file beside the target, are flushed to disk and renamed
over it, so a failure (missing folder, no permission, disk full, a file in the way) leaves
any existing file as it was. :func:`save_error` turns the failure into one sentence for the
user. No Qt: the window and the command line share it.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

# What the user can do about each failure, keyed by errno.
_ADVICE = {
    errno.ENOENT: ("the folder {folder} does not exist", "choose another folder"),
    errno.ENOTDIR: ("{folder} is not a folder", "choose another folder"),
    errno.EACCES: ("you do not have permission to write in {folder}", "choose another folder"),
    errno.EPERM: ("you do not have permission to write in {folder}", "choose another folder"),
    errno.EROFS: ("{folder} is on a read-only disk", "choose another folder"),
    errno.ENOSPC: ("the disk is full", "free some space or choose another disk"),
    errno.EDQUOT: ("your disk quota is used up", "free some space or choose another disk"),
    errno.EISDIR: ("{name} is a folder", "choose another file name"),
    errno.ETXTBSY: ("{name} is in use by another program", "close it and try again"),
    errno.EBUSY: ("{name} is in use by another program", "close it and try again"),
    errno.ENAMETOOLONG: ("the file name is too long", "choose a shorter name"),
}


class SaveError(Exception):
    """A file could not be written; ``str()`` is the sentence to show the user."""

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(message)
        self.path = path


#: Windows' "the file is open in another program" (ERROR_SHARING_VIOLATION, _LOCK_VIOLATION).
_WIN_LOCKED = frozenset({32, 33})
_IN_USE = ("{name} is open in another program", "close it there and try again")


def save_error(path: str | Path, exc: BaseException, *, replacing: bool = False) -> SaveError:
    """One sentence saying what stopped ``path`` from being written and what to do.

    ``replacing``: the new file was written and only putting it in place failed; "no
    permission" then means the old file is locked (Windows: open in a spreadsheet), not that
    the folder is closed to the user (the temporary file was made there)."""
    target = Path(path)
    code = exc.errno if isinstance(exc, OSError) else None
    what, todo = _ADVICE.get(code or -1, ("", ""))
    if getattr(exc, "winerror", None) in _WIN_LOCKED or (
            replacing and code in (errno.EACCES, errno.EPERM)):
        what, todo = _IN_USE
    if what:
        text = what.format(folder=target.parent, name=target.name)
        return SaveError(target, f"{target.name} was not saved: {text}; {todo}.")
    reason = (exc.strerror if isinstance(exc, OSError) else None) or str(exc) or type(exc).__name__
    return SaveError(target, f"{target.name} was not saved ({reason}); choose another place "
                             "and try again.")


@contextmanager
def atomic_path(path: str | Path, mode: int = 0o644) -> Iterator[Path]:
    """Yield a temporary path beside ``path`` to write to; on success it replaces ``path``.

    For writers that want a file name (QPdfWriter, QImage.save). Any failure, inside the
    block or in the rename, removes the temporary file and raises :class:`SaveError`."""
    target = Path(path)
    if target.is_dir():
        raise save_error(target, IsADirectoryError(errno.EISDIR, "Is a directory"))
    try:
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
        os.close(fd)
    except OSError as exc:
        raise save_error(target, exc) from exc
    tmp = Path(name)
    try:
        yield tmp
        _fsync(tmp)
        os.chmod(tmp, mode)  # mkstemp makes it private; an export is the user's ordinary file
        _replace(tmp, target)
    except SaveError:
        tmp.unlink(missing_ok=True)
        raise
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise save_error(target, exc) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _replace(tmp: Path, target: Path) -> None:
    """Put the written file in place; a failure here says the old file is in the way."""
    try:
        os.replace(tmp, target)
    except OSError as exc:
        raise save_error(target, exc, replacing=True) from exc


def _fsync(path: Path) -> None:
    """Flush a written file to disk before it is renamed into place."""
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())


def write_bytes(path: str | Path, data: bytes, mode: int = 0o644) -> Path:
    """Write ``data`` to ``path`` all or nothing; :class:`SaveError` when it cannot."""
    with atomic_path(path, mode) as tmp:
        tmp.write_bytes(data)
    return Path(path)


def write_text(path: str | Path, text: str, mode: int = 0o644) -> Path:
    """Write UTF-8 ``text`` to ``path`` all or nothing (newlines as given)."""
    return write_bytes(path, text.encode("utf-8"), mode)


def write_with(path: str | Path, writer: Callable[[Path], object], mode: int = 0o644) -> Path:
    """Let ``writer`` write a temporary file, then put it in place; :class:`SaveError` else.

    A writer that reports failure by returning False (QImage.save) counts as failed."""
    with atomic_path(path, mode) as tmp:
        if writer(tmp) is False or not tmp.exists():
            raise SaveError(Path(path), f"{Path(path).name} was not saved: the file could not "
                                        "be written; choose another place and try again.")
    return Path(path)
