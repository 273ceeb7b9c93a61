"""Imports cannot break the app (issue 17, item 4): every field is checked against the schema
and a bad file is refused whole, naming the field; a bad stored setting reads as its
default at start; huge or non-finite timestamps never break the Bookmarks or History page."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from peptide_desk import userdata_import
from peptide_desk.list_pages import bookmarks_html, history_html
from peptide_desk.userdata import EXPORT_FORMAT, UserData, UserDataError

HEAD = {"format": EXPORT_FORMAT, "version": 1}


@pytest.fixture
def ud(tmp_path: Path) -> Any:
    data = UserData(tmp_path / "user")
    data.add_bookmark("substance:mine", "Mine")
    data.set("zoom", 120)
    yield data
    data.close()


BM = {"target": "substance:x", "title": "X", "created": 1.7e9}
NOTE = {"target": "substance:x", "title": "X", "body": "b", "updated": 1.7e9}
VISIT = {"target": "substance:x", "title": "X", "visited": 1.7e9}

#: (export, the field the message must name); each was accepted before, or crashed.
HOSTILE: list[tuple[dict[str, Any], str]] = [
    ({"settings": {"zoom": "big"}}, "settings.zoom"),
    ({"settings": {"zoom": 1e309}}, "settings.zoom"),
    ({"settings": {"zoom": True}}, "settings.zoom"),
    ({"settings": {"last_scroll": "down"}}, "settings.last_scroll"),
    ({"settings": {"last_scroll": -5}}, "settings.last_scroll"),
    ({"settings": {"geometry": 12345}}, "settings.geometry"),
    ({"settings": {"geometry": "not base64 !"}}, "settings.geometry"),
    ({"settings": {"theme": ["dark"]}}, "settings.theme"),
    ({"settings": {"tier": {"a": 1}}}, "settings.tier"),
    ({"settings": {"last_target": 7}}, "settings.last_target"),
    ({"settings": {"other": "x" * 20_001}}, "settings.other"),
    ({"settings": {"deep": [[[[[[[[[[1]]]]]]]]]]}}, "settings.deep"),
    ({"settings": {f"k{i}": 1 for i in range(201)}}, "settings"),
    ({"settings": {"k" * 101: 1}}, "settings"),
    ({"settings": [1]}, "settings"),
    ({"bookmarks": [{**BM, "created": 1e300}]}, "bookmarks[0].created"),
    ({"bookmarks": [{**BM, "created": 1e309}]}, "bookmarks[0].created"),
    ({"bookmarks": [{**BM, "created": -1}]}, "bookmarks[0].created"),
    ({"bookmarks": [{**BM, "created": "now"}]}, "bookmarks[0].created"),
    ({"bookmarks": [BM, {**BM, "title": 5}]}, "bookmarks[1].title"),
    ({"bookmarks": [{**BM, "title": "t" * 1001}]}, "bookmarks[0].title"),
    ({"bookmarks": [{**BM, "target": "javascript:alert(1)"}]}, "bookmarks[0].target"),
    ({"bookmarks": [{**BM, "target": "x" * 2001}]}, "bookmarks[0].target"),
    ({"bookmarks": [{**BM, "target": "substance:a\x00b"}]}, "bookmarks[0].target"),
    ({"bookmarks": [{"title": "no target"}]}, "bookmarks[0].target"),
    ({"bookmarks": [{**BM, "extra": 1}]}, "bookmarks[0].extra"),
    ({"bookmarks": ["substance:x"]}, "bookmarks[0]"),
    ({"bookmarks": {"a": 1}}, "bookmarks"),
    ({"bookmarks": [BM] * 100_001}, "bookmarks"),
    ({"notes": [{**NOTE, "body": "b" * 200_001}]}, "notes[0].body"),
    ({"notes": [{**NOTE, "body": "  "}]}, "notes[0].body"),
    ({"notes": [{**NOTE, "updated": None}]}, "notes[0].updated"),
    ({"history": [{**VISIT, "visited": float("inf")}]}, "history[0].visited"),
    ({"history": [VISIT] * 5_001}, "history"),
    ({"surprise": 1}, "'surprise'"),
]


@pytest.mark.parametrize(("extra", "field"), HOSTILE)
def test_hostile_import_is_refused_naming_the_field(ud: UserData, extra: dict[str, Any],
                                                    field: str) -> None:
    before = ud.export_data()
    with pytest.raises(UserDataError) as caught:
        ud.import_data({**HEAD, "bookmarks": [BM], **extra})
    message = str(caught.value)
    assert f"imported: {field}" in message and "nothing was changed" in message, message
    assert ud.export_data() == before


@pytest.mark.parametrize(("text", "said"), [
    ('{"format": "peptide-desk-user-data", "version": 1, "settings": {"zoom": NaN}}',
     "NaN is not a number"),
    ('{"format": "peptide-desk-user-data", "version": 1, "settings": {"zoom": Infinity}}',
     "Infinity is not a number"),
    ('{"format": "peptide-desk-user-data", "version": 1, "settings": {"x": '
     + "[" * 100_000 + "]" * 100_000 + "}}", "nested too deeply"),
])
def test_unparseable_values_are_a_message_not_a_crash(ud: UserData, tmp_path: Path,
                                                      text: str, said: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UserDataError, match=said):
        ud.import_file(path)


def test_file_size_is_limited_and_progress_reported(ud: UserData, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "big.json"
    path.write_text(json.dumps({**HEAD, "bookmarks": [BM], "pad": " " * 3_000_000}))
    seen: list[tuple[int, int]] = []
    with pytest.raises(UserDataError, match="'pad'"):  # read in full, then refused
        ud.import_file(path, lambda done, total: seen.append((done, total)))
    size = path.stat().st_size
    assert len(seen) == 3 and seen[-1] == (size, size)
    monkeypatch.setattr(userdata_import, "MAX_FILE_BYTES", 1_000_000)
    with pytest.raises(UserDataError, match="a Peptide Desk export is at most"):
        ud.import_file(path)


def test_valid_import_still_merges(ud: UserData) -> None:
    counts = ud.import_data({**HEAD, "bookmarks": [BM, {"target": "view:history",
                                                         "title": ""}],
                             "notes": [NOTE], "history": [VISIT],
                             "settings": {"zoom": 150, "theme": "dark", "free": {"a": [1]}}})
    assert counts == {"bookmarks": 2, "notes": 1, "history": 1, "settings": 3}
    assert ud.get("zoom") == 150 and ud.get("free") == {"a": [1]}


# --- reading at start: an invalid stored value is the default ------------------------------

@pytest.mark.parametrize(("key", "stored", "default"), [
    ("zoom", '"big"', 100), ("zoom", "1e999", 100), ("zoom", "12.5", 100),
    ("zoom", "true", 100), ("last_scroll", '"down"', 0), ("last_scroll", "null", 0),
    ("geometry", "12345", None), ("geometry", '{"w": 1}', None), ("theme", "7", "system"),
    ("tier", '["academic"]', "academic"), ("last_target", "[]", "view:home"),
    ("zoom", "{not json", 100), ("zoom", "[" * 50_000, 100),
])
def test_invalid_stored_setting_reads_as_default(ud: UserData, key: str, stored: str,
                                                 default: Any) -> None:
    ud.conn.execute("INSERT OR REPLACE INTO settings VALUES (?, ?)", (key, stored))
    assert ud.get(key, default) == default


# --- timestamps that no clock can show -------------------------------------------------------

@pytest.mark.parametrize("stamp", [1e300, float("inf"), float("-inf"), -1e20, 1e19,
                                   "text", b"\x00"])
def test_list_pages_survive_any_stored_timestamp(ud: UserData, stamp: Any) -> None:
    ud.conn.execute("INSERT INTO bookmarks VALUES ('substance:odd', 'Odd', ?)", (stamp,))
    ud.conn.execute("INSERT INTO notes VALUES ('substance:odd', 'Odd', 'body', ?)", (stamp,))
    ud.conn.execute("INSERT INTO history(target, title, visited) VALUES ('substance:odd', "
                    "'Odd', ?)", (stamp,))
    page = bookmarks_html(ud)
    assert "Odd" in page and "date unknown" in page and "Mine" in page
    assert "date unknown" in history_html(ud)
    assert ud.export_data()["bookmarks"]  # export still works


def test_cli_import_refused_when_user_data_is_read_only(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    from peptide_desk import cli, userdata

    export = tmp_path / "e.json"
    export.write_text(json.dumps({**HEAD, "bookmarks": [BM]}))
    monkeypatch.setenv("PEPTIDE_DESK_USER_DIR", str(tmp_path / "u"))
    real = UserData.__init__

    def read_only(self: UserData, folder: Path, **kw: Any) -> None:
        real(self, folder, **kw)
        self.read_only = True
        self.problem = userdata.Problem(userdata.READ_ONLY, "Your user data cannot be "
                                        "written (the disk is full).")

    monkeypatch.setattr(UserData, "__init__", read_only)
    assert cli.main(["import-user-data", str(export)]) == 1
    assert "Nothing was imported" in capsys.readouterr().err
    assert cli.main(["export-user-data", str(tmp_path / "out.json")]) == 0
    assert (tmp_path / "out.json").is_file()
