"""The objects a window needs, opened together (no Qt): content, search, user data."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from peptide_desk.resources import database_path, user_data_dir
from peptide_desk.search import SearchService
from peptide_desk.store import Store
from peptide_desk.userdata import UserData


@dataclass
class Services:
    store: Store
    search: SearchService
    user: UserData

    def close(self) -> None:
        self.user.close()
        self.store.close()


def open_services(db: Path | None = None, user_dir: Path | None = None) -> Services:
    """Open the bundled database read-only and the per-user database (raises clear errors)."""
    store = Store(db or database_path())
    return Services(store, SearchService(store.conn), UserData(user_dir or user_data_dir()))
