"""Command line: ``peptide-desk`` starts the app; subcommands build, check and search.

Each subcommand imports only what it needs, so ``peptide-desk`` (the GUI) starts without
the build-time tools. Exit codes: 0 done, 1 a problem (named in one line on stderr, never a
traceback), 2 a usage error. ``--db FILE`` works before or after the subcommand: ``search``,
``self-test``, ``snapshot`` and the window read that database, ``build-db`` writes it; the
others do not use one and refuse it. Every file is written atomically (a temporary file,
then a rename): a failed command leaves what was there.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from peptide_desk import __version__

if TYPE_CHECKING:
    import argparse

    from peptide_desk.store import Store

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
PLURALS = {"class": "classes", "term": "glossary terms", "group": "search-term groups",
           "safety": "safety blocks", "evidence": "evidence-log entries"}


def _content_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--content", type=Path, default=None, metavar="DIR",
                   help="content sources folder (default: resources/content of the checkout)")


#: Subcommands that read the content database (``--db``); build-db writes it.
READS_DB = ("search", "self-test", "snapshot", "export")


def _db_arg(p: argparse.ArgumentParser, *, sub: bool = False) -> None:
    import argparse

    # a subcommand's --db must not reset the global one: no default of its own
    p.add_argument("--db", type=Path, default=argparse.SUPPRESS if sub else None,
                   metavar="FILE",
                   help="database to write (same as --output)" if p.prog.endswith("build-db")
                   else "bundled database to read (default: the installed one)")


def _fail(command: str, message: object) -> int:
    """One line on stderr, exit code 1."""
    text = " ".join(str(message).split())
    print(f"{command}: {text}" if command else text, file=sys.stderr)
    return EXIT_PROBLEMS


def _os_message(exc: OSError) -> str:
    where = f" ({exc.filename})" if exc.filename else ""
    return f"{exc.strerror or exc}{where}"


def cmd_check_content(args: argparse.Namespace) -> int:
    """Validate the content sources; print file:line errors; exit 1 on any."""
    from peptide_desk.content.validate import load_corpus
    from peptide_desk.resources import content_dir

    root = args.content or content_dir()
    corpus = load_corpus(root)
    for problem in corpus.problems:
        print(problem, file=sys.stderr)
    if corpus.problems:
        print(f"{len(corpus.problems)} problem(s) found in {root}", file=sys.stderr)
        return EXIT_PROBLEMS
    counts = {k: len(v) for k, v in corpus.sources.records.items()}
    print(f"content OK: {len(corpus.articles)} articles, "
          f"{sum(len(a.sections) for a in corpus.articles)} sections, "
          + ", ".join(f"{n} {PLURALS.get(k, k + 's')}" for k, n in counts.items()))
    return EXIT_OK


def cmd_build_db(args: argparse.Namespace) -> int:
    """Check the content, then build the bundled database atomically."""
    from peptide_desk.content.build import BuildError, build_database
    from peptide_desk.resources import content_dir, default_db_output

    if args.db and args.output and args.db.resolve() != args.output.resolve():
        print("build-db: --db and --output name different files; give one", file=sys.stderr)
        return EXIT_USAGE
    out = args.output or args.db or default_db_output()
    blocked = _unwritable(out)
    if blocked:
        return _fail("build-db", f"cannot write {out}: {blocked}")
    try:
        root = args.content or content_dir()
        info = build_database(root, out, record=True)
    except OSError as exc:
        return _fail("build-db", f"cannot build {out}: {_os_message(exc)}; "
                                 f"{out} left unchanged")
    except BuildError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"build-db: {len(exc.problems)} content problem(s); {out} left unchanged",
              file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"built {info['output']} (schema {info['schema_version']}, "
          f"content {info['content_hash'][:12]}, {info['size']:,} bytes, "
          f"sha256 {info['sha256'][:12]})")
    return EXIT_OK


def _unwritable(out: Path) -> str:
    """Why a file cannot be written at ``out`` ('' when it can): checked before the work."""
    import os

    if out.is_dir():
        return "it is a folder"
    if out.exists() and not out.is_file():
        return "something other than a file is in the way"
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return _os_message(exc)
    if not out.parent.is_dir():
        return f"{out.parent} is not a folder"
    if not os.access(out.parent, os.W_OK | os.X_OK):
        return f"{out.parent} is not writable"
    return ""


def _store(args: argparse.Namespace) -> Store:
    """``--db``, else the content the app shows: an installed content pack in use, or the
    bundled database (imported lazily: start-up stays lean)."""
    from peptide_desk.resources import database_path, user_data_dir
    from peptide_desk.services import choose_content
    from peptide_desk.store import Store

    if args.db:
        return Store(args.db)
    return Store(choose_content(database_path(), user_data_dir(), full=True).path)


def cmd_search(args: argparse.Namespace) -> int:
    """Search the bundled content, as the search box does ("A vs B" offers a comparison)."""
    import sqlite3

    from peptide_desk.badges import BOXED
    from peptide_desk.records import STATUS_LABELS
    from peptide_desk.search import KINDS, SearchService
    from peptide_desk.search_snippets import plain_snippet
    from peptide_desk.store import StoreError

    if args.kind and args.kind not in KINDS:
        print(f"unknown kind '{args.kind}'; use one of: {', '.join(KINDS)}", file=sys.stderr)
        return EXIT_USAGE
    try:
        store = _store(args)
    except StoreError as exc:
        return _fail("", exc)
    try:
        report = store.verify()  # a damaged file never answers "No results"
        if not report.ok:
            return _fail("", report.message())
        resp = SearchService(store.conn).search(args.query, limit=args.limit, kind=args.kind,
                                                typing=False)
    except (StoreError, sqlite3.Error) as exc:
        return _fail("", f"The content database cannot be searched ({exc}). Reinstall "
                         "Peptide Desk to restore it.")
    finally:
        store.close()
    if args.json:
        print(json.dumps({"query": resp.query, "corrected": resp.corrected,
                          "counts": resp.counts,
                          "results": [r.as_dict() for r in resp.results]},
                         ensure_ascii=False, indent=2))
        return EXIT_OK
    if resp.corrected:
        print(f"Showing results for “{resp.corrected}” (no match for “{resp.query}”)")
    if not resp.results:
        print(f"No results for “{resp.query}”. Try a shorter or different word.")
    for r in resp.results:
        labels = " · ".join(t for t in (STATUS_LABELS.get(r.badge, r.badge),
                                        r.warning and f"{BOXED}: {r.warning}") if t)
        print(f"[{r.kind}] {r.title}  —  {r.context}  ({r.target})"
              + (f"  {labels}" if labels else ""))
        if r.snippet:
            print(f"    {plain_snippet(r.snippet)}")
    return EXIT_OK


def cmd_self_test(args: argparse.Namespace) -> int:
    """Headless check of the installed app: database, search, pages, comparison, a chart."""
    from peptide_desk.ui.selftest import run_self_test

    return run_self_test(args.db)


def cmd_snapshot(args: argparse.Namespace) -> int:
    """Render the main views offscreen to PNG files."""
    import os
    import shutil
    import tempfile

    from peptide_desk.integrity import verify
    from peptide_desk.resources import database_path
    from peptide_desk.ui.snapshot import run_snapshot

    report = verify(args.db or database_path())
    if not report.ok:
        return _fail("snapshot", report.message())
    out: Path = args.out
    if out.exists() and not out.is_dir():
        return _fail("snapshot", f"cannot write to {out}: it is not a folder")
    try:  # PNGs are drawn into a staging folder inside ``out``, then renamed into place
        out.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".snapshot-", dir=out))
    except OSError as exc:
        return _fail("snapshot", f"cannot write to {out}: {_os_message(exc)}")
    try:
        code = run_snapshot(staging, themes=args.theme, zooms=args.zoom, db=args.db)
        if code == EXIT_OK:
            for png in sorted(staging.glob("*.png")):
                os.replace(png, out / png.name)
        return code
    except OSError as exc:
        return _fail("snapshot", f"cannot write to {out}: {_os_message(exc)}")
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def cmd_export_user_data(args: argparse.Namespace) -> int:
    """Write bookmarks, notes, history and settings to a JSON file."""
    from peptide_desk.resources import user_data_dir
    from peptide_desk.userdata import UserData, UserDataError

    try:
        user = UserData(user_data_dir())
    except UserDataError as exc:
        print(exc, file=sys.stderr)
        return EXIT_PROBLEMS
    try:
        if user.problem is not None:  # read-only or set aside: export what could be read
            print(user.problem.message, file=sys.stderr)
        user.export_file(args.file)
    except UserDataError as exc:
        print(exc, file=sys.stderr)
        return EXIT_PROBLEMS
    finally:
        user.close()
    print(f"exported user data to {args.file}")
    return EXIT_OK


def cmd_import_user_data(args: argparse.Namespace) -> int:
    """Merge a JSON export into this user's data (nothing is deleted)."""
    from peptide_desk.resources import user_data_dir
    from peptide_desk.userdata import UserData, UserDataError

    try:
        user = UserData(user_data_dir())
    except UserDataError as exc:
        print(exc, file=sys.stderr)
        return EXIT_PROBLEMS
    try:
        if user.read_only and user.problem is not None:  # an import would not be saved
            print(f"{user.problem.message} Nothing was imported.", file=sys.stderr)
            return EXIT_PROBLEMS
        if user.problem is not None:
            print(user.problem.message, file=sys.stderr)
        counts = user.import_file(args.file)
    except UserDataError as exc:
        print(exc, file=sys.stderr)
        return EXIT_PROBLEMS
    finally:
        user.close()
    print("imported " + ", ".join(f"{n} {k}" for k, n in counts.items()))
    return EXIT_OK


def cmd_pack(args: argparse.Namespace) -> int:
    """Editors' tools for signed content packs: keygen, build, verify and info
    (docs/content-packs.md)."""
    from peptide_desk.packs.commands import run_pack

    return run_pack(args)


def cmd_install_pack(args: argparse.Namespace) -> int:
    """Verify a signed content pack and make it the content in use."""
    from peptide_desk.packs.commands import install_pack

    return install_pack(args)


def cmd_revert_content(args: argparse.Namespace) -> int:
    """Serve the bundled content again, or the previous content pack with --previous."""
    from peptide_desk.packs.commands import revert_content

    return revert_content(args)


def _pack_args(p: argparse.ArgumentParser) -> None:
    """``pack keygen|build|verify|info`` and their options."""
    actions = p.add_subparsers(dest="pack_command", metavar="ACTION",
                               help="keygen, build, verify or info")
    keygen = actions.add_parser("keygen", help="write a new private key file (0600)",
                                description="Write a new Ed25519 private key (mode 0600) and "
                                            "print its public key and key id.")
    keygen.add_argument("--out", type=Path, required=True, metavar="FILE",
                        help="private key file to write (never overwritten)")
    keygen.add_argument("--name", default="Peptide Desk editors",
                        help="a name for the key in the keyring")
    build = actions.add_parser("build", help="check, build and sign a pack",
                               description="check-content, build-db into a temporary file, "
                                           "write and sign the manifest, write the pack.")
    build.add_argument("--key", type=Path, required=True, metavar="FILE",
                       help="the editor's private key file")
    build.add_argument("--version", type=int, default=None, metavar="N",
                       help="content version (default: the content date as YYYYMMDD)")
    build.add_argument("--out", type=Path, default=None, metavar="FILE",
                       help="pack to write (default: peptide-desk-content[-N].pdpack here)")
    build.add_argument("--created", default=None, metavar="STAMP",
                       help="creation time YYYY-MM-DDTHH:MM:SSZ (default: the content date)")
    build.add_argument("--changes", default=None, metavar="TEXT",
                       help="summary of the changes, shown before installing")
    build.add_argument("--min-app", default=None, metavar="VERSION",
                       help="oldest app version that may install it (default: this one)")
    _content_arg(build)
    for name, text in (("verify", "check a pack fully, as an install would"),
                       ("info", "print a pack's manifest and signature status")):
        q = actions.add_parser(name, help=text, description=text[0].upper() + text[1:] + ".")
        q.add_argument("file", type=Path, help="the .pdpack file")


def cmd_export(args: argparse.Namespace) -> int:
    """Export an article, section, substance, table, chart or comparison as PDF, CSV, HTML,
    PNG or SVG, exactly as the window does (offscreen; no window opens)."""
    from peptide_desk.ui.export_cli import run

    return run(lambda: _store(args), args.target, args.format, args.out, args.tier, args.theme)


#: name -> (handler, help); the README must mention every name (tests/test_cli_docs.py).
COMMANDS: dict[str, tuple[Callable[[argparse.Namespace], int], str]] = {
    "check-content": (cmd_check_content, "validate the content sources (file:line errors)"),
    "build-db": (cmd_build_db, "build db/peptide_desk.sqlite from the content sources"),
    "search": (cmd_search, "search the bundled content from the command line"),
    "self-test": (cmd_self_test, "headless check of the installed app (also --self-test)"),
    "snapshot": (cmd_snapshot, "render the main views to PNG files, offscreen"),
    "export-user-data": (cmd_export_user_data, "export bookmarks, notes, history as JSON"),
    "import-user-data": (cmd_import_user_data, "import a JSON export of user data"),
    "pack": (cmd_pack, "build, sign and check content packs (for editors)"),
    "install-pack": (cmd_install_pack, "verify and install a signed content pack"),
    "revert-content": (cmd_revert_content, "go back to the bundled or the previous content"),
    "export": (cmd_export, "export a page, table, chart or comparison to a file"),
}


def build_parser() -> argparse.ArgumentParser:
    import argparse

    parser = argparse.ArgumentParser(
        prog="peptide-desk",
        description="Peptide Desk: an offline reference on peptide therapies and insulin "
                    "resistance. Without a command, opens the app window.",
        epilog="peptide-desk LINK opens the window at a peptide-desk:// link (for example "
               "peptide-desk://article/ID#anchor); when Peptide Desk is already running for "
               "this user, the running window opens it instead.")
    parser.add_argument("--new-window", action="store_true",
                        help="open a window of its own, even when one is running already")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--self-test", action="store_true",
                        help="run the headless self-test and exit (same as 'self-test')")
    _db_arg(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (func, text) in COMMANDS.items():
        p = sub.add_parser(name, help=text, description=(func.__doc__ or text).strip())
        p.set_defaults(func=func)
        if name in ("check-content", "build-db"):
            _content_arg(p)
        if name == "build-db":
            p.add_argument("--output", type=Path, default=None, metavar="FILE",
                           help="database to write (default: db/peptide_desk.sqlite)")
        if name in (*READS_DB, "build-db"):
            _db_arg(p, sub=True)
        if name == "search":
            p.add_argument("query", help="what to look for (any text)")
            p.add_argument("--json", action="store_true", help="print results as JSON")
            p.add_argument("--limit", type=int, default=20, help="most results (default 20)")
            p.add_argument("--kind", default=None,
                           help="only this kind: compare, substance, class, glossary, section, "
                                "table, chart or reference")
        if name == "snapshot":
            p.add_argument("--out", type=Path, required=True, metavar="DIR",
                           help="folder for the PNG files")
            p.add_argument("--theme", action="append", default=None,
                           choices=("light", "dark", "high-contrast"),
                           help="theme(s) to render (default: all three)")
            p.add_argument("--zoom", action="append", type=int, default=None, metavar="Z",
                           help="zoom percent(s) (default: 100 and 200)")
        if name == "export":
            _export_args(p)
        if name in ("export-user-data", "import-user-data"):
            p.add_argument("file", type=Path, help="the JSON file")
        if name == "pack":
            _pack_args(p)
        if name == "install-pack":
            p.add_argument("file", type=Path, help="the .pdpack file")
        if name == "revert-content":
            p.add_argument("--previous", action="store_true",
                           help="use the previous content pack instead of the bundled content")
    return parser


def _export_args(p: argparse.ArgumentParser) -> None:
    """Options of ``export``; values are checked by the command (one line, exit 1)."""
    p.add_argument("target", help="article:ID, article:ID#SECTION, substance:ID, table:ID, "
                                  "chart:ID or compare:ID,ID,…")
    p.add_argument("--format", required=True, metavar="F",
                   help="pdf, csv, html, png or svg (what applies depends on the target)")
    p.add_argument("--out", type=Path, required=True, metavar="FILE", help="the file to write")
    p.add_argument("--tier", default=None, metavar="T",
                   help="article tier: fundamentals, intermediate or academic (default)")
    p.add_argument("--theme", default=None, metavar="T",
                   help="light (default), dark or high-contrast, for HTML, PNG and SVG; "
                        "PDF is always printed in the light palette")


def _build_tools_missing(name: str) -> int:
    print(f"'{name}' needs the build-time tools (markdown, nh3, sqlite-utils), which the "
          "installed app does not include; run it from a source checkout.", file=sys.stderr)
    return EXIT_PROBLEMS


#: A command-line argument that is a link to open (``peptide-desk peptide-desk://…``).
LINK_PREFIX = "peptide-desk:"


def split_launch(argv: Sequence[str]) -> tuple[str | None, bool, list[str]]:
    """(link, --new-window, the other arguments): a ``peptide-desk:`` link and
    ``--new-window`` are read before the first command only (a search may look for one)."""
    link: str | None = None
    new_window = False
    rest: list[str] = []
    for i, arg in enumerate(argv):
        if arg in COMMANDS:
            return link, new_window, rest + list(argv[i:])
        if arg == "--new-window":
            new_window = True
        elif arg.lower().startswith(LINK_PREFIX) and link is None:
            link = arg
        else:
            rest.append(arg)
    return link, new_window, rest


def main(argv: Sequence[str] | None = None) -> int:
    given = list(sys.argv[1:] if argv is None else argv)
    if not given:  # plain ``peptide-desk``: start at once
        from peptide_desk.ui.app import run_app

        return run_app()
    link, new_window, given = split_launch(given)
    parser = build_parser()
    args = parser.parse_args(given)
    if args.self_test:
        return cmd_self_test(args)
    if getattr(args, "func", None) is None:
        from peptide_desk.ui.app import run_app

        return run_app(db=args.db, link=link, new_window=new_window or args.new_window)
    if link is not None or new_window:
        print(f"peptide-desk {args.command}: a peptide-desk:// link and --new-window open the "
              "window; give them without a command", file=sys.stderr)
        return EXIT_USAGE
    if args.db is not None and args.command not in (*READS_DB, "build-db"):
        print(f"peptide-desk {args.command}: --db names the content database, which "
              f"'{args.command}' does not use", file=sys.stderr)
        return EXIT_USAGE
    try:
        return int(args.func(args))
    except ModuleNotFoundError as exc:
        if args.command in ("check-content", "build-db", "pack") and exc.name and \
                exc.name.split(".")[0] in ("markdown", "nh3", "sqlite_utils", "peptide_desk"):
            return _build_tools_missing(args.command)
        return _unexpected(args.command, exc)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except OSError as exc:
        return _fail(args.command, _os_message(exc))
    except Exception as exc:
        return _unexpected(args.command, exc)


def _unexpected(command: str, exc: BaseException) -> int:
    """The last resort: one line (the traceback with PEPTIDE_DESK_DEBUG=1)."""
    import os

    if os.environ.get("PEPTIDE_DESK_DEBUG"):
        import traceback

        traceback.print_exception(exc)
    return _fail(command, f"unexpected error ({type(exc).__name__}: {exc}); run again with "
                          "PEPTIDE_DESK_DEBUG=1 for details")
