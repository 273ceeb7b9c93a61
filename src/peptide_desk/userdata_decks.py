"""Presentation decks in the user database (no Qt): the ``decks`` and ``slides`` tables of
schema version 3 (``userdata._v3``). Every change is one transaction, durable when it returns
(the user database is synchronous=FULL); a failure changes nothing and raises
``UserDataError`` with one sentence for the user. Positions are kept 0…n-1 in list order.
"""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from peptide_desk.decks import Deck, Slide, clean_name, copy_name, deck_json, moved, new_name
from peptide_desk.userdata import UserDataError, _rollback

if TYPE_CHECKING:
    from peptide_desk.userdata import UserData

_SLIDE_COLUMNS = "kind, target, title, tier, phase, notes, id"


class DeckTable:
    """Read and change the decks of one ``UserData`` (``user.decks``)."""

    def __init__(self, user: UserData) -> None:
        self.user = user

    @property
    def conn(self) -> sqlite3.Connection:
        return self.user.conn

    @contextmanager
    def _change(self, what: str) -> Iterator[sqlite3.Connection]:
        """One write transaction; rolled back whole, with a clear error, on failure."""
        conn = self.conn
        try:
            conn.execute("BEGIN IMMEDIATE")
            yield conn
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            _rollback(conn)
            raise UserDataError(f"The deck could not be {what} ({exc}); nothing was changed."
                                ) from exc

    # --- reading ----------------------------------------------------------------------------
    def names(self) -> list[tuple[int, str]]:
        """(id, name) of every deck, in list order."""
        return [(int(i), str(n)) for i, n in self.conn.execute(
            "SELECT id, name FROM decks ORDER BY position, id")]

    def slides(self, deck_id: int) -> tuple[Slide, ...]:
        return _slides(self.conn, deck_id)

    def deck(self, deck_id: int) -> Deck | None:
        row = self.conn.execute("SELECT name FROM decks WHERE id = ?", (deck_id,)).fetchone()
        return Deck(str(row[0]), self.slides(deck_id), deck_id) if row else None

    def all(self) -> list[Deck]:
        return [Deck(name, self.slides(i), i) for i, name in self.names()]

    def slide(self, slide_id: int) -> tuple[int, Slide] | None:
        """(deck id, slide) of one slide."""
        row = self.conn.execute(f"SELECT deck_id, {_SLIDE_COLUMNS} FROM slides WHERE id = ?",
                                (slide_id,)).fetchone()
        if row is None:
            return None
        deck_id, k, t, ti, tier, ph, notes, i = row
        return int(deck_id), Slide(k, t, ti, tier, ph, notes, int(i))

    # --- the current deck (what F5 presents and "Add to deck" adds to) ------------------------
    def current(self) -> Deck | None:
        """The deck chosen last in the Decks view (or by "Add to deck"), if it still exists."""
        deck_id = self.user.get("current_deck")
        return self.deck(deck_id) if isinstance(deck_id, int) else None

    def set_current(self, deck_id: int | None) -> None:
        if deck_id is None:
            self.user.conn.execute("DELETE FROM settings WHERE key = 'current_deck'")
        else:
            self.user.set("current_deck", deck_id)

    def add_to_current(self, slide: Slide) -> tuple[Deck, int]:
        """Add ``slide`` to the end of the current deck (a new one when there is none);
        returns the deck as it is now and the slide's number in it."""
        deck = self.current()
        deck_id = deck.id if deck is not None else self.create()
        self.set_current(deck_id)
        self.add_slide(deck_id, slide)
        now = self.deck(deck_id)
        assert now is not None
        return now, len(now.slides)

    # --- decks ------------------------------------------------------------------------------
    def create(self, name: str = "", slides: Sequence[Slide] = ()) -> int:
        """A new deck at the end of the list (a default name when ``name`` is blank)."""
        taken = [n for _, n in self.names()]
        name = clean_name(name) or new_name(taken)
        now = time.time()
        with self._change("created") as conn:
            cur = conn.execute("INSERT INTO decks(name, position, created, updated) VALUES "
                               "(?, (SELECT count(*) FROM decks), ?, ?)", (name, now, now))
            deck_id = int(cur.lastrowid or 0)
            for position, slide in enumerate(slides):
                self._insert(conn, deck_id, position, slide)
        return deck_id

    def import_deck(self, deck: Deck) -> int:
        """A deck read from a file, as a new deck (its name made unique)."""
        taken = [n for _, n in self.names()]
        name = deck.name if deck.name not in taken else copy_name(deck.name, taken)
        return self.create(name, deck.slides)

    def rename(self, deck_id: int, name: str) -> None:
        name = clean_name(name)
        if not name:
            raise UserDataError("A deck needs a name; type one and try again.")
        with self._change("renamed") as conn:
            conn.execute("UPDATE decks SET name = ?, updated = ? WHERE id = ?",
                         (name, time.time(), deck_id))

    def delete(self, deck_id: int) -> None:
        with self._change("deleted") as conn:
            conn.execute("DELETE FROM slides WHERE deck_id = ?", (deck_id,))
            conn.execute("DELETE FROM decks WHERE id = ?", (deck_id,))
            self._renumber_decks(conn, [i for i, _ in self._names(conn)])

    def duplicate(self, deck_id: int) -> int:
        """A copy of the deck, with its slides and notes, right after it in the list."""
        deck = self.deck(deck_id)
        if deck is None:
            raise UserDataError("That deck no longer exists; choose another.")
        copy = self.create(copy_name(deck.name, [n for _, n in self.names()]), deck.slides)
        ids = [i for i, _ in self.names()]
        self.move(copy, ids.index(deck_id) + 1)
        return copy

    def move(self, deck_id: int, to: int) -> None:
        """Move a deck to position ``to`` in the list."""
        ids = [i for i, _ in self.names()]
        if deck_id in ids:
            with self._change("moved") as conn:
                self._renumber_decks(conn, moved(ids, ids.index(deck_id), to))

    @staticmethod
    def _names(conn: sqlite3.Connection) -> list[tuple[int, str]]:
        return [(int(i), str(n)) for i, n in conn.execute(
            "SELECT id, name FROM decks ORDER BY position, id")]

    @staticmethod
    def _renumber_decks(conn: sqlite3.Connection, ids: Sequence[int]) -> None:
        conn.executemany("UPDATE decks SET position = ? WHERE id = ?",
                         [(p, i) for p, i in enumerate(ids)])

    # --- slides -----------------------------------------------------------------------------
    @staticmethod
    def _insert(conn: sqlite3.Connection, deck_id: int, position: int, s: Slide) -> int:
        cur = conn.execute("INSERT INTO slides(deck_id, position, kind, target, title, tier, "
                           "phase, notes) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                           (deck_id, position, s.kind, s.target, s.title, s.tier, s.phase,
                            s.notes))
        return int(cur.lastrowid or 0)

    def _slide_ids(self, deck_id: int) -> list[int]:
        return [int(r[0]) for r in self.conn.execute(
            "SELECT id FROM slides WHERE deck_id = ? ORDER BY position, id", (deck_id,))]

    def _touch(self, conn: sqlite3.Connection, deck_id: int) -> None:
        conn.execute("UPDATE decks SET updated = ? WHERE id = ?", (time.time(), deck_id))

    def add_slide(self, deck_id: int, slide: Slide, at: int | None = None) -> int:
        """Add ``slide`` at position ``at`` (the end when None); returns its id."""
        ids = self._slide_ids(deck_id)
        at = len(ids) if at is None else max(0, min(len(ids), at))
        with self._change("changed") as conn:
            new = self._insert(conn, deck_id, at, slide)
            self._renumber(conn, [*ids[:at], new, *ids[at:]])
            self._touch(conn, deck_id)
        return new

    def set_notes(self, slide_id: int, notes: str) -> None:
        with self._change("changed") as conn:
            conn.execute("UPDATE slides SET notes = ? WHERE id = ?", (notes, slide_id))

    def delete_slide(self, slide_id: int) -> None:
        found = self.slide(slide_id)
        if found is None:
            return
        deck_id = found[0]
        with self._change("changed") as conn:
            conn.execute("DELETE FROM slides WHERE id = ?", (slide_id,))
            self._renumber(conn, [i for i in self._slide_ids(deck_id) if i != slide_id])
            self._touch(conn, deck_id)

    def duplicate_slide(self, slide_id: int) -> int:
        """A copy of the slide (notes too) right after it."""
        found = self.slide(slide_id)
        if found is None:
            raise UserDataError("That slide no longer exists; choose another.")
        deck_id, slide = found
        return self.add_slide(deck_id, slide, self._slide_ids(deck_id).index(slide_id) + 1)

    def move_slide(self, slide_id: int, to: int) -> None:
        """Move a slide to position ``to`` within its deck."""
        found = self.slide(slide_id)
        if found is None:
            return
        ids = self._slide_ids(found[0])
        with self._change("changed") as conn:
            self._renumber(conn, moved(ids, ids.index(slide_id), to))
            self._touch(conn, found[0])

    def reorder(self, deck_id: int, slide_ids: Sequence[int]) -> None:
        """Put the deck's slides in the order of ``slide_ids`` (after a drag)."""
        current = self._slide_ids(deck_id)
        if sorted(current) != sorted(slide_ids):
            raise UserDataError("The deck changed meanwhile; its slides were left as they were.")
        with self._change("changed") as conn:
            self._renumber(conn, slide_ids)
            self._touch(conn, deck_id)

    @staticmethod
    def _renumber(conn: sqlite3.Connection, ids: Sequence[int]) -> None:
        conn.executemany("UPDATE slides SET position = ? WHERE id = ?",
                         [(p, i) for p, i in enumerate(ids)])


# --- the user-data export, import and recovery ----------------------------------------------
def export_decks(user: UserData) -> list[dict[str, Any]]:
    """Every deck, in list order, as a user-data export lists them (``decks.deck_json``);
    none when the file predates decks (an older schema opened read-only)."""
    try:
        return [deck_json(d) for d in DeckTable(user).all()]
    except sqlite3.Error:
        return []


def _same(deck: Deck) -> tuple[str, tuple[tuple[str, str, str, str, int | None, str], ...]]:
    """What makes two decks the same when merging: the name (a copy's "Name (copy 2)" is
    "Name") and every slide."""
    name = re.sub(r" \(copy(?: \d+)?\)$", "", deck.name)
    return name, tuple((s.kind, s.target, s.title, s.tier, s.phase, s.notes)
                       for s in deck.slides)


def merge_decks(conn: sqlite3.Connection, decks: Sequence[Deck]) -> dict[str, int]:
    """Inside the caller's transaction: add each deck not already here (same name and
    slides) at the end of the list, its name made unique; returns decks and slides added.
    Merging the same decks twice adds nothing."""
    have = DeckTable._names(conn)
    taken = [n for _, n in have]
    seen = {_same(Deck(name, _slides(conn, i))) for i, name in have}
    added = {"decks": 0, "slides": 0}
    now = time.time()
    for deck in decks:
        if _same(deck) in seen:
            continue
        seen.add(_same(deck))
        name = deck.name if deck.name not in taken else copy_name(deck.name, taken)
        taken.append(name)
        cur = conn.execute("INSERT INTO decks(name, position, created, updated) VALUES "
                           "(?, (SELECT count(*) FROM decks), ?, ?)", (name, now, now))
        deck_id = int(cur.lastrowid or 0)
        for position, slide in enumerate(deck.slides):
            DeckTable._insert(conn, deck_id, position, slide)
        added["decks"] += 1
        added["slides"] += len(deck.slides)
    return added


def _slides(conn: sqlite3.Connection, deck_id: int) -> tuple[Slide, ...]:
    return tuple(Slide(k, t, ti, tier, ph, notes, int(i)) for k, t, ti, tier, ph, notes, i
                 in conn.execute(f"SELECT {_SLIDE_COLUMNS} FROM slides WHERE deck_id = ? "
                                 "ORDER BY position, id", (deck_id,)))
