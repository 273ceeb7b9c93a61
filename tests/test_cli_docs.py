"""Every subcommand has help text and is documented in the README; --version works."""

from __future__ import annotations

import argparse
import importlib.metadata
import re
import subprocess
import sys
from pathlib import Path

import pytest

from peptide_desk import __version__, cli

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"


def subparsers() -> dict[str, argparse.ArgumentParser]:
    parser = cli.build_parser()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    raise AssertionError("the CLI has no subcommands")


def help_text(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as info:
        cli.build_parser().parse_args(argv)
    assert info.value.code == 0
    return capsys.readouterr().out


def test_there_are_subcommands() -> None:
    assert {"check-content", "build-db", "search"} <= set(cli.COMMANDS)
    assert set(subparsers()) == set(cli.COMMANDS)  # the parser registers exactly COMMANDS


def test_top_level_options_have_help() -> None:
    for action in cli.build_parser()._actions:
        assert (action.help or "").strip() or isinstance(action, argparse._SubParsersAction), (
            action.dest)


@pytest.mark.parametrize("name", sorted(cli.COMMANDS))
def test_subcommand_has_help(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    func, summary = cli.COMMANDS[name]
    assert summary.strip(), f"{name}: empty one-line help in cli.COMMANDS"
    assert (func.__doc__ or "").strip(), f"{name}: handler {func.__name__} has no docstring"
    out = help_text([name, "--help"], capsys)
    assert out.startswith(f"usage: peptide-desk {name}")
    description = out.split("\n\n")[1].strip()
    assert description, f"{name}: --help shows no description"
    for action in subparsers()[name]._actions:  # every option and argument explains itself
        assert (action.help or "").strip(), f"{name}: {action.dest} has no help text"


@pytest.mark.parametrize("name", sorted(cli.COMMANDS))
def test_subcommand_listed_in_top_level_help(name: str,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    out = help_text(["--help"], capsys)
    listed = {m.group(1): m.group(2).strip()
              for m in re.finditer(r"^ {4}(\S+)\s+(.*)$", out, re.MULTILINE)}
    assert listed.get(name) == cli.COMMANDS[name][1]


@pytest.mark.parametrize("name", sorted(cli.COMMANDS))
def test_subcommand_documented_in_readme(name: str) -> None:
    text = README.read_text(encoding="utf-8")
    assert re.search(rf"peptide-desk {re.escape(name)}\b", text), (
        f"README.md does not mention 'peptide-desk {name}'; document every subcommand")


def test_readme_documents_version_and_the_two_make_targets() -> None:
    text = README.read_text(encoding="utf-8")
    assert "peptide-desk --version" in text
    assert "make run" in text and "make test" in text


def test_version_in_process(capsys: pytest.CaptureFixture[str]) -> None:
    out = help_text(["--version"], capsys)
    assert out.strip() == f"peptide-desk {__version__}"
    assert __version__ == importlib.metadata.version("peptide-desk")


@pytest.mark.slow
def test_version_and_help_from_the_installed_entry_points() -> None:
    """The console script and ``python -m`` print the version and help without the GUI."""
    script = Path(sys.executable).with_name("peptide-desk")
    commands = [[sys.executable, "-m", "peptide_desk", "--version"]]
    if script.exists():
        commands.append([str(script), "--version"])
    for argv in commands:
        result = subprocess.run(argv, capture_output=True, text=True, timeout=60, check=False)
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == f"peptide-desk {__version__}"
    result = subprocess.run([sys.executable, "-m", "peptide_desk", "build-db", "--help"],
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0 and "--output" in result.stdout


def test_unknown_subcommand_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        cli.build_parser().parse_args(["no-such-command"])
    assert info.value.code == 2
    assert "invalid choice" in capsys.readouterr().err
