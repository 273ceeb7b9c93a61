"""Tab state without Qt: each tab's place and Back/Forward, closing, wrapping, saving."""

from __future__ import annotations

from peptide_desk.navigation import History, Place
from peptide_desk.tabs import MAX_TABS, TabSet, restored


def test_switching_keeps_each_tabs_history() -> None:
    live, tabs = History(), TabSet()
    live.show("a")
    live.leave_for("b", lambda: Place("a", 5))
    live.show("b")
    tabs.leave(live, Place("b", 7))
    tabs.activate(tabs.add(), live)
    assert live.current is None and live.back == []
    live.show("c")
    tabs.leave(live, Place("c", 1))
    tabs.activate(0, live)
    assert live.current == Place("b", 7) and live.back == [Place("a", 5)]
    assert tabs.step(1) == 1 and tabs.step(-1) == 1 and tabs.step(2) == 0


def test_closing_picks_the_neighbour_and_never_the_last() -> None:
    tabs = TabSet()
    tabs.add()
    tabs.add(1)
    tabs.index = 1
    assert tabs.remove(2) is False and tabs.index == 1  # another tab: the active one stays
    assert tabs.remove(1) is True and tabs.index == 0
    assert tabs.remove(0) is False and len(tabs) == 1


def test_saved_and_restored_drop_what_cannot_open() -> None:
    data = {"tabs": [{"target": "a", "scroll": 3}, {"target": "gone"}, {"target": 4},
                     {"target": "b", "scroll": True}, "x"], "active": 1}
    places, active = restored(data, lambda t: t in ("a", "b"))
    assert places == [Place("a", 3), Place("b", 0)] and active == 1
    assert restored({"tabs": [{"target": "a"}] * 99}, lambda t: True)[0] == \
        [Place("a", 0)] * MAX_TABS
    assert restored("nonsense", lambda t: True) == ([], 0)
    assert restored({"tabs": [], "active": 7}, lambda t: True) == ([], 0)
    tabs = TabSet()
    live = History()
    live.show("a")
    tabs.leave(live, Place("a", 9))
    assert tabs.saved() == {"tabs": [{"target": "a", "scroll": 9}], "active": 0}
