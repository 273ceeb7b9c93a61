"""The objects a window needs, opened together (no Qt): content, search, user data."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from peptide_desk.resources import database_path, user_data_dir
from peptide_desk.store import Store, StoreError
from peptide_desk.userdata import UserData

if TYPE_CHECKING:
    from peptide_desk.packs.state import Choice
    from peptide_desk.search import SearchService


class Services:
    """The content store (bundled, or an installed content pack), the per-user database and
    (on first use) the search service."""

    def __init__(self, store: Store, user: UserData, *, bundled: Path | None = None,
                 user_dir: Path | None = None, content: Choice | None = None) -> None:
        self.store = store
        self.user = user
        self.bundled = bundled or store.path
        self.user_dir = user_dir
        #: where the content came from (None: the bundled database, no pack state at all)
        self.content = content
        self._search: SearchService | None = None

    @property
    def content_notice(self) -> str:
        """Why the content is not the pack last installed ('' normally): said once."""
        return self.content.notice if self.content is not None else ""

    @property
    def search(self) -> SearchService:
        """The search service, imported on first use (the first keystroke), not at start-up."""
        if self._search is None:
            from peptide_desk.search import SearchService

            self._search = SearchService(self.store.conn)
        return self._search

    def reload_content(self) -> None:
        """Serve what the pack state now names (after an install or a revert): the store
        switches files in place, so every holder of it sees the new content."""
        if self.user_dir is None:
            return
        self._serve(choose_content(self.bundled, self.user_dir, full=True))

    def fall_back(self, problem: str) -> bool:
        """The content pack in use failed its check after opening (the first paint's
        ``integrity.verify``): set it aside and serve the previous content; False when the
        content in use is the bundled database (nothing to fall back to)."""
        choice = self.content
        if choice is None or not choice.version or self.user_dir is None:
            return False
        from peptide_desk.packs.state import fall_back

        self._serve(fall_back(self.bundled, self.user_dir, choice.version, problem))
        return True

    def _serve(self, choice: Choice) -> None:
        self.store.switch(choice.path)
        self.content = choice
        self._search = None

    def close(self) -> None:
        self.user.close()
        self.store.close()


def choose_content(bundled: Path, user_dir: Path, *, full: bool = False) -> Choice:
    """The database to open: an installed content pack when one is in use and sound, else
    the bundled one (``packs.state`` loads only when a pack was ever installed)."""
    from peptide_desk.packs.state import Choice, choose

    if not (user_dir / "content" / "state.json").exists():
        return Choice(bundled)
    return choose(bundled, user_dir, full=full)


def _open_content(bundled: Path, user_dir: Path) -> tuple[Store, Choice | None]:
    """The content store; a pack that passed the start's check but cannot be opened is set
    aside like one that failed it, and the previous content is opened (the notice says so)."""
    if not (user_dir / "content" / "state.json").exists():  # no pack ever: nothing to import
        return Store(bundled), None
    choice = choose_content(bundled, user_dir)
    while True:
        try:
            return Store(choice.path), choice
        except StoreError as exc:
            if not choice.version:
                raise
            from peptide_desk.packs.state import fall_back

            choice = fall_back(bundled, user_dir, choice.version, f"it cannot be opened: {exc}")


def open_services(db: Path | None = None, user_dir: Path | None = None) -> Services:
    """Open the content read-only (``db`` or the bundled database, unless an installed
    content pack is in use) and the per-user database (raises clear errors)."""
    bundled = db or database_path()
    folder = user_dir or user_data_dir()
    store, choice = _open_content(bundled, folder)
    try:
        return Services(store, UserData(folder), bundled=bundled, user_dir=folder,
                        content=choice)
    except BaseException:
        store.close()
        raise
