"""The command-line side of content packs: ``pack keygen|build|verify|info``,
``install-pack`` and ``revert-content`` (no Qt). Each returns an exit code and prints one
line per outcome; a refusal is one sentence on stderr, exit 1, never a traceback."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from peptide_desk.packs.errors import PackRefused
from peptide_desk.packs.keys import KeyFileError

EXIT_OK, EXIT_PROBLEMS = 0, 1


def _fail(command: str, message: object) -> int:
    print(f"{command}: {' '.join(str(message).split())}", file=sys.stderr)
    return EXIT_PROBLEMS


def run_pack(args: argparse.Namespace) -> int:
    """Dispatch ``peptide-desk pack ACTION``."""
    actions = {"keygen": keygen, "build": build, "verify": verify, "info": info}
    action = getattr(args, "pack_command", None)
    if action not in actions:
        print("peptide-desk pack: choose one of keygen, build, verify, info", file=sys.stderr)
        return 2
    try:
        return actions[action](args)
    except PackRefused as exc:
        return _fail(f"pack {action}", exc.as_check())
    except KeyFileError as exc:
        return _fail(f"pack {action}", exc)


def keygen(args: argparse.Namespace) -> int:
    """Write a private key (0600) and print the public key and its keyring entry."""
    import json

    from peptide_desk.packs import keys

    out: Path = args.out
    if out.exists():
        return _fail("pack keygen", f"{out} exists; a key is never overwritten, choose "
                                    "another file name")
    try:
        public = keys.generate(out)
    except OSError as exc:
        return _fail("pack keygen", f"cannot write {out} ({exc.strerror or exc})")
    entry = keys.keyring_entry(public, args.name)
    print(f"private key written to {out} (mode 0600); keep it off this machine's shared "
          "folders and never commit it")
    print(f"key id {entry['id']}")
    print(f"public key {entry['public_key']}")
    print("keyring entry: " + json.dumps(entry))
    return EXIT_OK


def build(args: argparse.Namespace) -> int:
    """Build and sign a pack from the content sources."""
    from peptide_desk.content.build import BuildError
    from peptide_desk.packs.build import build_pack
    from peptide_desk.resources import content_dir

    out: Path = args.out or Path(f"peptide-desk-content-{args.version}.pdpack" if args.version
                                 else "peptide-desk-content.pdpack")
    try:
        manifest = build_pack(args.content or content_dir(), args.key, out,
                              version=args.version, created=args.created,
                              changes=args.changes or "", min_app=args.min_app)
    except BuildError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return _fail("pack build", f"{len(exc.problems)} content problem(s); no pack written")
    print(f"built {out}: content version {manifest.content_version}, content as of "
          f"{manifest.content_date}, database {manifest.db_size:,} bytes, signed by key "
          f"{manifest.key_id}")
    return EXIT_OK


def verify(args: argparse.Namespace) -> int:
    """Check a pack fully (archive, trusted key, signature, digest, compatibility)."""
    from peptide_desk.packs.verify import verify_pack

    found = verify_pack(args.file)
    m = found.manifest
    print(f"{args.file}: valid content pack, version {m.content_version}, content as of "
          f"{m.content_date}, signed by trusted key {found.key.key_id}"
          + (f" ({found.key.name})" if found.key.name else ""))
    return EXIT_OK


def info(args: argparse.Namespace) -> int:
    """Print a pack's manifest, and whether its signature is by a trusted key."""
    from peptide_desk.packs import archive, keys
    from peptide_desk.packs.manifest import ManifestError, parse

    with archive.open_pack(args.file) as (_, pack):
        try:
            m = parse(pack.manifest)
        except ManifestError as exc:
            raise PackRefused("not-a-pack", args.file, str(exc)) from exc
        ring = keys.load_keyring()
        key = ring.get(m.key_id)
        signed = ("valid, by trusted key " + m.key_id if key and keys.signature_valid(
            key.public, pack.manifest, pack.signature) else
            "NOT valid" if key else f"by key {m.key_id}, which this app does not trust")
    for label, value in (("content id", m.content_id), ("content version", m.content_version),
                         ("content date", m.content_date), ("created", m.created),
                         ("schema version", m.schema_version),
                         ("minimum app version", m.min_app_version),
                         ("database", f"{m.db_size:,} bytes, sha256 {m.db_sha256}"),
                         ("signature", signed), ("changes", m.changes)):
        print(f"{label}: {value}")
    return EXIT_OK


def install_pack(args: argparse.Namespace) -> int:
    """Verify a pack and make it the content in use, from the next start of the app."""
    from peptide_desk.packs.install import install
    from peptide_desk.resources import user_data_dir

    try:
        done = install(args.file, user_data_dir())
    except (PackRefused, KeyFileError) as exc:
        return _fail("install-pack", exc)
    m = done.manifest
    print(f"installed content version {m.content_version} (content as of {m.content_date}, "
          f"signed by key {done.key_id}); Peptide Desk shows it from its next start")
    print(_changes(done.previous, done.path))
    return EXIT_OK


def _changes(previous: int, installed: Path) -> str:
    """The What's new line: the content in use before against the pack just installed."""
    from peptide_desk.packs.state import DB_NAME, pack_dir
    from peptide_desk.packs.whats_new import diff_files, summary
    from peptide_desk.resources import database_path, user_data_dir
    from peptide_desk.store import Store, StoreError

    old = pack_dir(user_data_dir(), previous) / DB_NAME if previous else database_path()
    try:
        store = Store(installed)
        try:
            return summary(diff_files(old, store))
        finally:
            store.close()
    except StoreError:
        return "What's new: the content in use before cannot be read to compare."


def revert_content(args: argparse.Namespace) -> int:
    """Serve the bundled content again (or, with --previous, the previous pack)."""
    from peptide_desk.packs.install import RevertError, previous_pack, use
    from peptide_desk.resources import user_data_dir

    folder = user_data_dir()
    version = previous_pack(folder) if args.previous else 0
    if args.previous and not version:
        return _fail("revert-content", "no previous content update is installed; the "
                                       "content in use is unchanged")
    try:
        use(folder, version)
    except RevertError as exc:
        return _fail("revert-content", exc)
    print(f"now using content update version {version}" if version else
          "now using the bundled content; installed updates are kept")
    return EXIT_OK
