"""Content packs: build, verify, install, start-up choice, revert, and every attack refused
with its reason while the installed content stays byte-identical (no Qt)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from packkit import PackKey, make_key, manifest_for, members, rezip, shipped_copy, sign_pack
from peptide_desk import cli
from peptide_desk.packs import archive, keys, state
from peptide_desk.packs.errors import PackRefused
from peptide_desk.packs.install import install, previous_pack, use
from peptide_desk.packs.verify import verify_pack
from peptide_desk.services import open_services
from peptide_desk.store import SUPPORTED_SCHEMA, Store, StoreError

REPO = Path(__file__).resolve().parents[1]
FIXTURE_CONTENT = REPO / "tests" / "fixtures" / "content"


@pytest.fixture(scope="module")
def key(tmp_path_factory: pytest.TempPathFactory) -> PackKey:
    return make_key(tmp_path_factory.mktemp("key"))


@pytest.fixture(scope="module")
def other_key(tmp_path_factory: pytest.TempPathFactory) -> PackKey:
    return make_key(tmp_path_factory.mktemp("other-key"), "stranger")


@pytest.fixture(scope="module")
def bundled(fixture_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The "bundled" database (with its sidecar, as shipped), never to be modified."""
    return shipped_copy(fixture_db, tmp_path_factory.mktemp("bundled"))


@pytest.fixture(scope="module")
def v2_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A second content: the fixture corpus with one substance's status changed."""
    folder = tmp_path_factory.mktemp("v2")
    content = folder / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    subs = content / "substances.toml"
    text = subs.read_text(encoding="utf-8")
    subs.write_text(text.replace('status = "approved-narrow"', 'status = "approved"', 1),
                    encoding="utf-8")
    from peptide_desk.content.build import build_database

    build_database(content, folder / "v2.sqlite")
    return folder / "v2.sqlite"


@pytest.fixture
def installed(tmp_path: Path, key: PackKey, bundled: Path) -> Path:
    """A user folder where pack version 2 (the fixture corpus) is installed and in use."""
    folder = tmp_path / "user"
    folder.mkdir()
    install(sign_pack(bundled, tmp_path / "v2.pdpack", key, 2), folder, keyring=key.ring())
    return folder


def snapshot(*roots: Path) -> dict[str, bytes]:
    """Every file under ``roots`` (or the file itself), by path: what must not change."""
    out: dict[str, bytes] = {}
    for root in roots:
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        out.update({str(p): p.read_bytes() for p in files})
    return out


# --- the format -------------------------------------------------------------------------
def test_a_pack_has_exactly_the_three_members_in_order(tmp_path: Path, key: PackKey,
                                                       bundled: Path) -> None:
    pack = sign_pack(bundled, tmp_path / "p.pdpack", key, 3)
    assert list(members(pack)) == list(archive.MEMBERS)
    assert members(pack)["content.sqlite"] == bundled.read_bytes()


def test_build_is_deterministic_and_verifies(tmp_path: Path, key: PackKey) -> None:
    from peptide_desk.packs.build import build_pack

    a = build_pack(FIXTURE_CONTENT, key.private, tmp_path / "a.pdpack", version=7)
    build_pack(FIXTURE_CONTENT, key.private, tmp_path / "b.pdpack", version=7)
    assert (tmp_path / "a.pdpack").read_bytes() == (tmp_path / "b.pdpack").read_bytes()
    assert a.content_version == 7 and a.created == f"{a.content_date}T00:00:00Z"
    found = verify_pack(tmp_path / "a.pdpack", keyring=key.ring())
    assert found.manifest == a and found.key.key_id == key.key_id


def test_keygen_writes_a_private_file_and_prints_the_public_key(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "editor.pem"
    assert cli.main(["pack", "keygen", "--out", str(out)]) == 0
    assert out.stat().st_mode & 0o777 == 0o600
    printed = capsys.readouterr().out
    public = keys.public_of(keys.load_private(out))
    assert f"key id {keys.key_id(public)}" in printed
    assert keys.keyring_entry(public, "Peptide Desk editors")["public_key"] in printed
    assert cli.main(["pack", "keygen", "--out", str(out)]) == 1  # never overwritten
    assert "never overwritten" in capsys.readouterr().err


def test_cli_build_verify_info_install_revert(tmp_path: Path, key: PackKey, bundled: Path,
                                              monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("PEPTIDE_DESK_KEYRING", str(key.keyring))
    monkeypatch.setenv("PEPTIDE_DESK_USER_DIR", str(tmp_path / "user"))
    pack = tmp_path / "c.pdpack"
    assert cli.main(["pack", "build", "--key", str(key.private), "--version", "4",
                     "--content", str(FIXTURE_CONTENT), "--out", str(pack)]) == 0
    assert cli.main(["pack", "verify", str(pack)]) == 0
    assert f"signed by trusted key {key.key_id}" in capsys.readouterr().out
    assert cli.main(["pack", "info", str(pack)]) == 0
    assert "content version: 4" in capsys.readouterr().out
    monkeypatch.setenv("PEPTIDE_DESK_DB", str(bundled))
    assert cli.main(["install-pack", str(pack)]) == 0
    out = capsys.readouterr().out
    assert "installed content version 4" in out
    assert "What's new: no change in the content." in out  # built from the same sources
    assert cli.main(["install-pack", str(pack)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not newer than the content installed before" in err
    assert cli.main(["revert-content"]) == 0
    assert state.choose(bundled, tmp_path / "user").source == "bundled"
    assert cli.main(["revert-content", "--previous"]) == 0
    assert state.choose(bundled, tmp_path / "user").version == 4


def test_cli_refusals_are_one_line(tmp_path: Path, key: PackKey,
                                   monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("PEPTIDE_DESK_KEYRING", str(key.keyring))
    monkeypatch.setenv("PEPTIDE_DESK_USER_DIR", str(tmp_path / "user"))
    junk = tmp_path / "junk.pdpack"
    junk.write_bytes(os.urandom(5000))
    for argv in (["pack", "verify", str(junk)], ["pack", "info", str(junk)],
                 ["install-pack", str(junk)], ["install-pack", str(tmp_path / "missing")],
                 ["revert-content", "--previous"],
                 ["pack", "build", "--key", str(junk), "--content", str(FIXTURE_CONTENT)]):
        assert cli.main(argv) == 1, argv
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "Traceback" not in err, (argv, err)
        if argv[:2] == ["pack", "verify"]:
            assert err == ("pack verify: junk.pdpack is not a valid content pack: it is not a "
                           "Peptide Desk content pack.\n")


# --- install, start, revert ----------------------------------------------------------------
def test_install_stages_checks_and_switches(installed: Path, bundled: Path, key: PackKey,
                                            v2_db: Path, tmp_path: Path) -> None:
    before = bundled.read_bytes()
    done = install(sign_pack(v2_db, tmp_path / "v3.pdpack", key, 3), installed,
                   keyring=key.ring())
    assert done.previous == 2 and done.key_id == key.key_id
    choice = state.choose(bundled, installed)
    assert (choice.version, choice.notice) == (3, "")
    assert choice.path.read_bytes() == v2_db.read_bytes()
    assert bundled.read_bytes() == before  # the bundled database is never touched
    assert state.read_state(installed) == state.State(current=3, highest=3, before=2)
    assert sorted(p.name for p in state.pack_dir(installed, 3).iterdir()) == [
        "content.sqlite", "content.sqlite.sha256", "manifest.json", "manifest.sig"]
    assert not list(state.content_root(installed).glob(".staging-*"))
    services = open_services(bundled, installed)  # what the window opens
    try:
        assert services.store.path == choice.path and services.content_notice == ""
        assert services.store.verify().checksum == "verified"  # the sidecar from the manifest
    finally:
        services.close()


def test_revert_to_bundled_and_to_the_previous_pack(installed: Path, bundled: Path,
                                                    key: PackKey, v2_db: Path,
                                                    tmp_path: Path) -> None:
    install(sign_pack(v2_db, tmp_path / "v3.pdpack", key, 3), installed, keyring=key.ring())
    assert previous_pack(installed) == 2  # kept
    use(installed, 2)
    assert state.choose(bundled, installed).version == 2
    use(installed, 0)
    assert state.choose(bundled, installed).path == bundled
    assert state.highest(installed) == 3  # an older pack still cannot be installed
    with pytest.raises(PackRefused) as info:
        install(sign_pack(v2_db, tmp_path / "v3b.pdpack", key, 3), installed,
                keyring=key.ring())
    assert info.value.reason == "too-old"


def test_older_packs_than_the_previous_one_are_removed(installed: Path, bundled: Path,
                                                       key: PackKey, tmp_path: Path) -> None:
    for version in (3, 4, 5):
        install(sign_pack(bundled, tmp_path / f"v{version}.pdpack", key, version), installed,
                keyring=key.ring())
    assert state.installed(installed) == [5, 4]


def test_a_damaged_installed_pack_is_set_aside_at_start(installed: Path, bundled: Path,
                                                        key: PackKey, v2_db: Path,
                                                        tmp_path: Path) -> None:
    install(sign_pack(v2_db, tmp_path / "v3.pdpack", key, 3), installed, keyring=key.ring())
    db = state.pack_dir(installed, 3) / state.DB_NAME
    with db.open("r+b") as fh:
        fh.seek(5000)
        fh.write(b"\xff" * 8)
    assert state.choose(bundled, installed).version == 3  # the start checks the size only
    choice = state.choose(bundled, installed, full=True)
    assert choice.version == 2  # the previous content
    assert "version 3 was set aside" in choice.notice and choice.notice.count(".") >= 1
    assert "\n" not in choice.notice
    assert not state.pack_dir(installed, 3).exists()
    assert list((state.content_root(installed) / state.ASIDE_DIR).iterdir())
    assert state.choose(bundled, installed) == state.Choice(choice.path, 2, choice.manifest)


def test_a_truncated_pack_is_set_aside_at_start_and_a_changed_one_after_opening(
        installed: Path, bundled: Path, key: PackKey, v2_db: Path, tmp_path: Path) -> None:
    for version in (3, 4):
        install(sign_pack(v2_db, tmp_path / f"v{version}.pdpack", key, version), installed,
                keyring=key.ring())
    db = state.pack_dir(installed, 4) / state.DB_NAME
    with db.open("r+b") as fh:
        fh.truncate(4096)
    choice = state.choose(bundled, installed)
    assert choice.version == 3 and "version 4 was set aside: its database is 4,096 bytes" \
        in choice.notice
    after = state.fall_back(bundled, installed, 3, "its contents differ from what was built")
    assert after.path == bundled and after.notice == (
        "The installed content update did not pass its check (version 3 was set aside: its "
        "contents differ from what was built); Peptide Desk is using the bundled content.")
    assert state.read_state(installed).current == 0 and state.installed(installed) == []
    assert state.highest(installed) == 4


def test_a_missing_pack_falls_back_to_the_bundled_content(installed: Path,
                                                          bundled: Path) -> None:
    shutil.rmtree(state.pack_dir(installed, 2))
    choice = state.choose(bundled, installed)
    assert choice.path == bundled and "version 2 is missing" in choice.notice


def test_a_damaged_state_file_means_the_bundled_content(installed: Path, bundled: Path,
                                                        key: PackKey, tmp_path: Path) -> None:
    state.state_path(installed).write_text("{not json")
    assert state.choose(bundled, installed).path == bundled
    assert state.highest(installed) == 2  # remembered by the pack folder left on disk
    with pytest.raises(PackRefused):
        install(sign_pack(bundled, tmp_path / "again.pdpack", key, 2), installed,
                keyring=key.ring())


def test_no_pack_state_imports_nothing_of_packs(tmp_path: Path, bundled: Path) -> None:
    code = ("import sys; from pathlib import Path; from peptide_desk.services import "
            "open_services; s = open_services(Path(sys.argv[1]), Path(sys.argv[2])); "
            "print(sorted(m for m in sys.modules if 'packs' in m or 'cryptography' in m))")
    (tmp_path / "u").mkdir()
    out = subprocess.run([sys.executable, "-c", code, str(bundled), str(tmp_path / "u")],
                         capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_start_path_with_a_pack_never_loads_cryptography(installed: Path,
                                                             bundled: Path) -> None:
    code = ("import sys; from pathlib import Path; from peptide_desk.services import "
            "open_services; s = open_services(Path(sys.argv[1]), Path(sys.argv[2])); "
            "print(s.content.version, sorted({'cryptography', 'dataclasses', 'hashlib', "
            "'zipfile'} & set(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code, str(bundled), str(installed)],
                         capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["2", "[]"]  # nor the modules the start would pay for


# --- attacks -----------------------------------------------------------------------------
Attack = Callable[[Path, PackKey, PackKey, Path], Path]


def _resign(pack: Path, out: Path, edit: Callable[[dict[str, bytes]], list[tuple[str, bytes]]],
            ) -> Path:
    return rezip(out, edit(members(pack)))


def _tampered_db(genuine: Path, out: Path, db: bytes) -> Path:
    m = members(genuine)
    return rezip(out, [("manifest.json", m["manifest.json"]), ("manifest.sig", m["manifest.sig"]),
                       ("content.sqlite", db)])


def bad_signature(db: Path, key: PackKey, other: PackKey, out: Path) -> Path:
    genuine = sign_pack(db, out.with_suffix(".g"), key, 3)
    m = members(genuine)
    sig = keys.sign(keys.load_private(key.private), b"some other manifest")
    return rezip(out, [("manifest.json", m["manifest.json"]), ("manifest.sig", sig),
                       ("content.sqlite", m["content.sqlite"])])


def garbage_signature(db: Path, key: PackKey, other: PackKey, out: Path) -> Path:
    m = members(sign_pack(db, out.with_suffix(".g"), key, 3))
    return rezip(out, [("manifest.json", m["manifest.json"]), ("manifest.sig", b"!!not b64"),
                       ("content.sqlite", m["content.sqlite"])])


def untrusted_key(db: Path, key: PackKey, other: PackKey, out: Path) -> Path:
    return sign_pack(db, out, other, 3)


def trusted_id_other_key(db: Path, key: PackKey, other: PackKey, out: Path) -> Path:
    """Signed by a stranger who wrote the trusted key's id into the manifest."""
    manifest = manifest_for(db, key, 3).to_bytes()
    sig = keys.sign(keys.load_private(other.private), manifest)
    return rezip(out, [("manifest.json", manifest), ("manifest.sig", sig),
                       ("content.sqlite", db.read_bytes())])


def manifest_edited(db: Path, key: PackKey, other: PackKey, out: Path) -> Path:
    m = members(sign_pack(db, out.with_suffix(".g"), key, 3))
    edited = m["manifest.json"].replace(b'"content_version": 3', b'"content_version": 9')
    assert edited != m["manifest.json"]
    return rezip(out, [("manifest.json", edited), ("manifest.sig", m["manifest.sig"]),
                       ("content.sqlite", m["content.sqlite"])])


def db_replaced(db: Path, key: PackKey, other: PackKey, out: Path) -> Path:
    data = bytearray(db.read_bytes())
    data[len(data) // 2] ^= 0xFF  # same size, other bytes
    return _tampered_db(sign_pack(db, out.with_suffix(".g"), key, 3), out, bytes(data))


def db_longer(db: Path, key: PackKey, other: PackKey, out: Path) -> Path:
    return _tampered_db(sign_pack(db, out.with_suffix(".g"), key, 3), out,
                        db.read_bytes() + b"\0" * 4096)


def db_truncated(db: Path, key: PackKey, other: PackKey, out: Path) -> Path:
    return _tampered_db(sign_pack(db, out.with_suffix(".g"), key, 3), out,
                        db.read_bytes()[:-4096])


def pack_truncated(db: Path, key: PackKey, other: PackKey, out: Path) -> Path:
    data = sign_pack(db, out.with_suffix(".g"), key, 3).read_bytes()
    out.write_bytes(data[: len(data) // 2])
    return out


def older_version(db: Path, key: PackKey, other: PackKey, out: Path) -> Path:
    return sign_pack(db, out, key, 1)


def equal_version(db: Path, key: PackKey, other: PackKey, out: Path) -> Path:
    return sign_pack(db, out, key, 2)


def schema_too_new(db: Path, key: PackKey, other: PackKey, out: Path) -> Path:
    return sign_pack(db, out, key, 3, schema_version=SUPPORTED_SCHEMA + 1)


def schema_too_old(db: Path, key: PackKey, other: PackKey, out: Path) -> Path:
    return sign_pack(db, out, key, 3, schema_version=SUPPORTED_SCHEMA - 1)


def app_too_old(db: Path, key: PackKey, other: PackKey, out: Path) -> Path:
    return sign_pack(db, out, key, 3, min_app_version="99.0")


def oversized(db: Path, key: PackKey, other: PackKey, out: Path) -> Path:
    with out.open("wb") as fh:  # sparse: no disk space used
        fh.write(b"PK\x03\x04")
        fh.truncate(archive.MAX_PACK_BYTES + 1)
    return out


def random_bytes(db: Path, key: PackKey, other: PackKey, out: Path) -> Path:
    out.write_bytes(os.urandom(100_000))
    return out


def empty_file(db: Path, key: PackKey, other: PackKey, out: Path) -> Path:
    out.write_bytes(b"")
    return out


def zip_bomb(db: Path, key: PackKey, other: PackKey, out: Path) -> Path:
    """A database member that would expand beyond the size limit."""
    m = members(sign_pack(db, out.with_suffix(".g"), key, 3))
    return rezip(out, [("manifest.json", m["manifest.json"]), ("manifest.sig", m["manifest.sig"]),
                       ("content.sqlite", bytes(archive.MAX_DB_BYTES + 1))])


def ratio_bomb(db: Path, key: PackKey, other: PackKey, out: Path) -> Path:
    """Within the size limit, but expanding a thousandfold."""
    m = members(sign_pack(db, out.with_suffix(".g"), key, 3))
    return rezip(out, [("manifest.json", m["manifest.json"]), ("manifest.sig", m["manifest.sig"]),
                       ("content.sqlite", bytes(8 * 1024 * 1024))])


def lying_sizes(db: Path, key: PackKey, other: PackKey, out: Path) -> Path:
    """The directory declares a small database; the data inflates to much more."""
    genuine = sign_pack(db, out.with_suffix(".g"), key, 3)
    m = members(genuine)
    rezip(out, [("manifest.json", m["manifest.json"]), ("manifest.sig", m["manifest.sig"]),
                ("content.sqlite", m["content.sqlite"] * 3)])
    data = bytearray(out.read_bytes())
    size = len(m["content.sqlite"] * 3).to_bytes(4, "little")
    real = len(m["content.sqlite"]).to_bytes(4, "little")
    at = data.rfind(size)  # the central directory's uncompressed size
    while at != -1:
        data[at:at + 4] = real
        at = data.rfind(size)
    out.write_bytes(bytes(data))
    return out


def dotdot_member(db: Path, key: PackKey, other: PackKey, out: Path) -> Path:
    return _resign(sign_pack(db, out.with_suffix(".g"), key, 3), out, lambda m: [
        ("manifest.json", m["manifest.json"]), ("manifest.sig", m["manifest.sig"]),
        ("../content.sqlite", m["content.sqlite"])])


def absolute_member(db: Path, key: PackKey, other: PackKey, out: Path) -> Path:
    return _resign(sign_pack(db, out.with_suffix(".g"), key, 3), out, lambda m: [
        ("manifest.json", m["manifest.json"]), ("manifest.sig", m["manifest.sig"]),
        ("/tmp/content.sqlite", m["content.sqlite"])])


def symlink_member(db: Path, key: PackKey, other: PackKey, out: Path) -> Path:
    m = members(sign_pack(db, out.with_suffix(".g"), key, 3))
    return rezip(out, [("manifest.json", m["manifest.json"]), ("manifest.sig", m["manifest.sig"]),
                       ("content.sqlite", b"/etc/passwd")], symlink="content.sqlite")


def duplicate_member(db: Path, key: PackKey, other: PackKey, out: Path) -> Path:
    return _resign(sign_pack(db, out.with_suffix(".g"), key, 3), out, lambda m: [
        ("manifest.json", m["manifest.json"]), ("manifest.sig", m["manifest.sig"]),
        ("content.sqlite", m["content.sqlite"]), ("content.sqlite", b"evil")])


def extra_member(db: Path, key: PackKey, other: PackKey, out: Path) -> Path:
    return _resign(sign_pack(db, out.with_suffix(".g"), key, 3), out, lambda m: [
        *m.items(), ("autorun.sh", b"#!/bin/sh\n")])


def missing_member(db: Path, key: PackKey, other: PackKey, out: Path) -> Path:
    return _resign(sign_pack(db, out.with_suffix(".g"), key, 3), out, lambda m: [
        ("manifest.json", m["manifest.json"]), ("content.sqlite", m["content.sqlite"])])


def many_entries(db: Path, key: PackKey, other: PackKey, out: Path) -> Path:
    """A directory of thousands of entries: refused from its end record, never parsed."""
    return rezip(out, [(f"m{i}", b"") for i in range(5000)])


def trailing_data(db: Path, key: PackKey, other: PackKey, out: Path) -> Path:
    out.write_bytes(sign_pack(db, out.with_suffix(".g"), key, 3).read_bytes() + b"extra")
    return out


def prepended_data(db: Path, key: PackKey, other: PackKey, out: Path) -> Path:
    out.write_bytes(b"PK\x03\x04" + b"\0" * 60 +
                    sign_pack(db, out.with_suffix(".g"), key, 3).read_bytes())
    return out


def signed_garbage_db(db: Path, key: PackKey, other: PackKey, out: Path) -> Path:
    """A genuine signature over a database that is not one (the content check refuses)."""
    junk = out.with_suffix(".junk")
    junk.write_bytes(b"SQLite format 3\x00" + os.urandom(8192))
    return sign_pack(junk, out, key, 3, content_date="2026-01-01")


def signed_wrong_date(db: Path, key: PackKey, other: PackKey, out: Path) -> Path:
    return sign_pack(db, out, key, 3, content_date="1999-01-01")


ATTACKS: list[tuple[Attack, str]] = [
    (bad_signature, "bad-signature"), (garbage_signature, "bad-signature"),
    (untrusted_key, "unknown-key"), (trusted_id_other_key, "bad-signature"),
    (manifest_edited, "bad-signature"), (db_replaced, "tampered"), (db_longer, "tampered"),
    (db_truncated, "truncated"), (pack_truncated, "truncated"),
    (older_version, "too-old"), (equal_version, "too-old"),
    (schema_too_new, "newer-app"), (schema_too_old, "incompatible"),
    (app_too_old, "newer-app"), (oversized, "oversized"), (random_bytes, "not-a-pack"),
    (empty_file, "not-a-pack"), (zip_bomb, "oversized"), (ratio_bomb, "unsafe"),
    (lying_sizes, "truncated"), (dotdot_member, "unsafe"), (absolute_member, "unsafe"),
    (symlink_member, "unsafe"), (duplicate_member, "unsafe"), (extra_member, "unsafe"),
    (missing_member, "not-a-pack"), (prepended_data, "unsafe"), (many_entries, "unsafe"),
    (trailing_data, "unsafe"),
    (signed_garbage_db, "failed-check"), (signed_wrong_date, "failed-check"),
]
SENTENCE = {"bad-signature": "signature does not match", "unknown-key": "does not trust",
            "tampered": "tampered", "truncated": "truncated", "too-old": "not newer",
            "newer-app": "newer version of Peptide Desk", "not-a-pack": "not a Peptide Desk",
            "oversized": "larger than", "unsafe": "malformed or unsafe",
            "incompatible": "older version of Peptide Desk",
            "failed-check": "failed the content check"}


@pytest.mark.parametrize(("attack", "reason"), ATTACKS, ids=[a.__name__ for a, _ in ATTACKS])
def test_attack_is_refused_and_changes_nothing(attack: Attack, reason: str, installed: Path,
                                               bundled: Path, key: PackKey,
                                               other_key: PackKey, tmp_path: Path) -> None:
    pack = attack(bundled, key, other_key, tmp_path / f"{attack.__name__}.pdpack")
    before = snapshot(state.content_root(installed), bundled)
    outside = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(PackRefused) as info:
        install(pack, installed, keyring=key.ring())
    assert info.value.reason == reason, str(info.value)
    message = str(info.value)
    assert SENTENCE[reason] in message and "\n" not in message
    assert message.startswith(pack.name) and message.endswith("the content in use is unchanged.")
    assert snapshot(state.content_root(installed), bundled) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == outside  # nothing written beside
    assert state.choose(bundled, installed).version == 2


# --- SIGKILL during install ----------------------------------------------------------------
KILLER = """
import os, signal, sys
from pathlib import Path
from peptide_desk.packs.install import install
from peptide_desk.packs.keys import load_keyring
target, calls = int(sys.argv[4]), [0]
def hook(real):
    def call(*args):
        calls[0] += 1
        if calls[0] == target:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(*args)
    return call
os.fsync, os.rename, os.replace = hook(os.fsync), hook(os.rename), hook(os.replace)
install(Path(sys.argv[1]), Path(sys.argv[2]), keyring=load_keyring(Path(sys.argv[3])))
print("installed", calls[0])
"""


def test_sigkill_at_every_step_of_an_install(installed: Path, bundled: Path, key: PackKey,
                                             v2_db: Path, tmp_path: Path) -> None:
    pack = sign_pack(v2_db, tmp_path / "v3.pdpack", key, 3)
    pristine = tmp_path / "pristine"
    shutil.copytree(installed, pristine)
    in_use = snapshot(state.pack_dir(installed, 2))
    finished = False
    for step in range(1, 40):
        shutil.rmtree(installed)
        shutil.copytree(pristine, installed)
        run = subprocess.run([sys.executable, "-c", KILLER, str(pack), str(installed),
                              str(key.keyring), str(step)], capture_output=True, text=True,
                             timeout=120, check=False)
        choice = state.choose(bundled, installed)
        if run.returncode == 0:
            assert choice.version == 3 and "installed" in run.stdout
            finished = True
            break
        assert run.returncode == -9, run.stderr
        if choice.version == 3:  # killed after the state was written: complete and sound
            assert choice.path.read_bytes() == v2_db.read_bytes()
        else:  # the previous content stays in use, untouched, and nothing else is opened
            assert (choice.version, choice.notice) == (2, "")
            assert snapshot(state.pack_dir(installed, 2)) == {
                k.replace(str(installed), str(installed)): v for k, v in in_use.items()}
        Store(choice.path).close()
        # and a new install afterwards succeeds (or is refused as already installed)
        try:
            install(pack, installed, keyring=key.ring())
        except PackRefused as exc:
            assert exc.reason == "too-old" and choice.version == 3
        assert state.choose(bundled, installed).version == 3
        assert not list(state.content_root(installed).glob(".staging-*"))
    assert finished and step > 5  # the kills landed inside the install


# --- the store treats a pack's database as untrusted ---------------------------------------
def test_store_refuses_an_oversized_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             fixture_db: Path) -> None:
    import peptide_desk.store as store_mod

    monkeypatch.setattr(store_mod, "MAX_DB_BYTES", fixture_db.stat().st_size - 1)
    with pytest.raises(StoreError, match="more than"):
        Store(fixture_db)


def test_store_bounds_query_time_and_distrusts_the_schema(
        fixture_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sqlite3

    import peptide_desk.store as store_mod

    monkeypatch.setattr(store_mod, "QUERY_SECONDS", 0.2)
    store = Store(fixture_db)
    try:
        assert store.conn.execute("PRAGMA trusted_schema").fetchone()[0] == 0
        endless = ("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) "
                   "SELECT count(*) FROM c")
        with pytest.raises(sqlite3.OperationalError, match="interrupted"):
            store.conn.execute(endless).fetchone()
        with pytest.raises(sqlite3.OperationalError, match="interrupted"):
            store.conn.cursor().execute(endless).fetchone()
        assert store.substances()  # the next query has its own time
    finally:
        store.close()


def test_a_manifest_round_trips_and_rejects_bad_fields(bundled: Path, key: PackKey) -> None:
    from peptide_desk.packs.manifest import ManifestError, parse

    m = manifest_for(bundled, key, 3)
    assert parse(m.to_bytes()) == m
    for bad in ({"db_sha256": "xyz"}, {"content_version": 0}, {"content_id": "other"},
                {"created": "yesterday"}, {"min_app_version": "1.x"}):
        with pytest.raises(ManifestError):
            parse(m._replace(**bad).to_bytes())  # type: ignore[arg-type]
    with pytest.raises(ManifestError):
        parse(b"[1, 2]")


def test_app_versions_compare_numerically() -> None:
    from peptide_desk.packs.manifest import version_tuple

    assert version_tuple("0.1.10") > version_tuple("0.1.9") > version_tuple("0.1")
    assert version_tuple("0.2.0rc1") == (0, 2, 0) and version_tuple("1.0.dev0") == (1, 0)


def test_a_pack_that_cannot_be_opened_falls_back_to_the_previous_content(
        installed: Path, bundled: Path, key: PackKey, tmp_path: Path) -> None:
    """Right size, wrong schema (as a damaged or foreign file would be): set aside at open."""
    import sqlite3

    install(sign_pack(bundled, tmp_path / "v3.pdpack", key, 3), installed, keyring=key.ring())
    db = state.pack_dir(installed, 3) / state.DB_NAME
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    services = open_services(bundled, installed)
    try:
        assert services.content is not None and services.content.version == 2
        assert "version 3 was set aside: it cannot be opened" in services.content_notice
        assert "schema version 99" in services.content_notice
        assert "\n" not in services.content_notice
    finally:
        services.close()


def test_cli_search_reads_the_content_in_use(tmp_path: Path, key: PackKey, bundled: Path,
                                             v2_db: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    import json

    monkeypatch.setenv("PEPTIDE_DESK_DB", str(bundled))
    monkeypatch.setenv("PEPTIDE_DESK_USER_DIR", str(tmp_path / "user"))

    def badge() -> str:
        assert cli.main(["search", "tesamorelin", "--json", "--kind", "substance"]) == 0
        return str(json.loads(capsys.readouterr().out)["results"][0]["badge"])

    assert badge() == "approved-narrow"
    install(sign_pack(v2_db, tmp_path / "v2.pdpack", key, 2), tmp_path / "user",
            keyring=key.ring())
    assert badge() == "approved"  # the installed pack's status
    assert cli.main(["revert-content"]) == 0
    capsys.readouterr()
    assert badge() == "approved-narrow"
