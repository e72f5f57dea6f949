"""The README's tutorial shows real output: each `$ gswg ...` command it shows is run here and
its output compared with the README's, so that the text cannot drift from the data or the code.

Commands whose output depends on the machine or on time (imports print rates, serve prints a
temporary folder and a port, curl needs the server) are listed in NOT_RUN with the reason; a
guard checks that every command of the tutorial is either run or listed there.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from gswg_graph.cli import gswg

from .helpers import REPO_ROOT

README = REPO_ROOT / "README.md"
TUTORIAL = (
    README.read_text(encoding="utf-8")
    .split("## An analyst's first hour", 1)[1]
    .split("\n## ", 1)[0]
)

# Commands of the tutorial that are not compared, and why (matched on their first words).
NOT_RUN = {
    "gswg iati import": "prints the time taken and a rate, which vary from run to run",
    "gswg serve": "prints a temporary folder and needs a free port; tests/test_serve.py runs it",
    "gswg query subgroup-aid --endpoint": "needs the server of the step before",
    "curl": "needs the server of the step before",
    "kill": "stops the server",
    "head": "reads a file written by an earlier command (compared in test_diagram.py)",
    "printf": "writes the input of the next command (run there)",
}


@dataclass(frozen=True)
class Shown:
    """A command of the tutorial, the commands before it in its block, and the output shown."""

    command: str
    setup: tuple[str, ...]
    output: tuple[str, ...]


def shown_commands() -> list[Shown]:
    found = []
    for block in re.findall(r"^```\n(.*?)^```", TUTORIAL, re.MULTILINE | re.DOTALL):
        commands: list[str] = []
        outputs: list[list[str]] = []
        for line in block.splitlines():
            if line.startswith("$ "):
                commands.append(line[2:])
                outputs.append([])
            elif line.startswith("    ") and commands and not outputs[-1]:
                commands[-1] += " " + line.strip()  # a continued command line
            elif commands:
                outputs[-1].append(line.rstrip())
        for index, command in enumerate(commands):
            found.append(Shown(command, tuple(commands[:index]), tuple(outputs[index])))
    return found


SHOWN = shown_commands()
RUN = [s for s in SHOWN if not any(s.command.startswith(prefix) for prefix in NOT_RUN)]


def test_the_tutorial_commands_were_found() -> None:
    assert len(SHOWN) >= 15
    assert [s.command.split()[:2] for s in RUN][:3] == [
        ["gswg", "build"],
        ["gswg", "docs"],
        ["gswg", "diagram"],
    ]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Step 1 of the tutorial, once: later steps read its dist/."""
    out = tmp_path_factory.mktemp("tutorial") / "dist"
    result = CliRunner().invoke(gswg, ["build", "--quiet", "--out-dir", str(out)])
    assert result.exit_code == 0, result.stderr
    return out


@pytest.mark.parametrize("shown", RUN, ids=[s.command[:60] for s in RUN])
def test_the_readme_shows_the_real_output(
    runner: CliRunner, tmp_path: Path, built: Path, shown: Shown
) -> None:
    """Run in an empty folder holding the release of step 1 (except step 1 itself), after the
    commands shown before it in its block."""
    args = shlex.split(shown.command)
    assert args[0] == "gswg"
    if args[1] != "build":
        shutil.copytree(built, tmp_path / "dist")
    for earlier in shown.setup:
        if earlier.startswith("printf"):
            subprocess.run(["bash", "-c", earlier], cwd=tmp_path, check=True)
    result = runner.invoke(gswg, args[1:])
    assert result.exit_code == 0, result.stderr
    lines = tuple(line.rstrip() for line in result.stdout.splitlines())
    assert lines == shown.output
