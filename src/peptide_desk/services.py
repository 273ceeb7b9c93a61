"""The objects a window needs, opened together (no Qt): content, search, user data."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from peptide_desk.resources import database_path, user_data_dir
from peptide_desk.store import Store
from peptide_desk.userdata import UserData

if TYPE_CHECKING:
    from peptide_desk.search import SearchService


class Services:
    """The bundled store, the per-user database and (on first use) the search service."""

    def __init__(self, store: Store, user: UserData) -> None:
        self.store = store
        self.user = user
        self._search: SearchService | None = None

    @property
    def search(self) -> SearchService:
        """The search service, imported on first use (the first keystroke), not at start-up."""
        if self._search is None:
            from peptide_desk.search import SearchService

            self._search = SearchService(self.store.conn)
        return self._search

    def close(self) -> None:
        self.user.close()
        self.store.close()


def open_services(db: Path | None = None, user_dir: Path | None = None) -> Services:
    """Open the bundled database read-only and the per-user database (raises clear errors)."""
    store = Store(db or database_path())
    try:
        return Services(store, UserData(user_dir or user_data_dir()))
    except BaseException:
        store.close()
        raise
