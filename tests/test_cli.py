from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from pipeline.cli import main
from tests.conftest import SEED_000

COMMANDS = sorted(main.commands)


def test_every_command_is_documented() -> None:
    assert COMMANDS, "the CLI has no commands"
    for name in COMMANDS:
        command = main.commands[name]
        assert command.help and len(command.help.strip()) > 20, f"command '{name}' has no help text"
        for parameter in command.params:
            if isinstance(parameter, click.Option):
                assert parameter.help, f"option {parameter.opts} of '{name}' is undocumented"


@pytest.mark.parametrize("args", [["--help"], *[[name, "--help"] for name in COMMANDS]])
def test_help(args: list[str]) -> None:
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0 and "Usage:" in result.output


@pytest.mark.parametrize(
    "args", [["run"], ["run", "/no/such/folder"], ["run", str(SEED_000)], ["frobnicate"], ["ingest"]]
)
def test_usage_errors_exit_2(args: list[str]) -> None:
    assert CliRunner().invoke(main, args).exit_code == 2


def test_unusable_output_folder_exits_1(seed_corpus: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the output folder should be")
    result = CliRunner().invoke(main, ["run", str(seed_corpus), "--out", str(blocker / "out")])
    assert result.exit_code == 1
    assert "could not proceed" in result.output


def test_ingest_shows_text_and_structure(tmp_path: Path) -> None:
    text = CliRunner().invoke(main, ["ingest", str(SEED_000), "--show", "text"])
    assert text.exit_code == 0 and "oral navelbine chemotherapy" in text.output
    structure = CliRunner().invoke(main, ["ingest", str(SEED_000), "--show", "structure"])
    assert "section L1" in structure.output and "table [" in structure.output
    bad = tmp_path / "empty.txt"
    bad.write_text("")
    result = CliRunner().invoke(main, ["ingest", str(SEED_000), str(bad)])
    assert result.exit_code == 3 and "empty.txt: ERROR: file is empty" in result.output
