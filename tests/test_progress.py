"""The shared progress bar: drawn for a person at a terminal, never with --quiet, in CI or pipes."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from gswg_graph.cli import gswg
from gswg_graph.progress import Progress, wanted


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_wanted_only_on_a_terminal() -> None:
    assert wanted(Terminal())
    assert not wanted(io.StringIO())
    assert not wanted(Terminal(), quiet=True)


@pytest.mark.parametrize("value", ["true", "1", "yes", "gitlab"])
def test_not_in_ci(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("CI", value)
    assert not wanted(Terminal())


@pytest.mark.parametrize("value", ["", "0", "false"])
def test_ci_switched_off_means_not_ci(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("CI", value)
    assert wanted(Terminal())


def test_not_on_a_dumb_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TERM", "dumb")
    assert not wanted(Terminal())


def test_steps_are_counted_and_named() -> None:
    terminal = Terminal()
    with Progress(3, terminal, interval=0) as bar:
        bar.step("loading")
        bar.step("drawing a much longer step name")
        bar.step("writing")
    text = terminal.getvalue()
    assert "\r[..............................]   0% 0/3 loading" in text
    assert "  33% 1/3 drawing a much longer step name" in text
    assert "  67% 2/3 writing" in text
    # The last, shorter line is padded so nothing of the longer one remains visible.
    last = text.rstrip("\n").rsplit("\r", 1)[-1]
    assert last.startswith("[##############################] 100% 3/3 writing")
    assert len(last) >= len("[] 33% 1/3 drawing a much longer step name")
    assert text.endswith("\n")


def test_disabled_bar_writes_nothing() -> None:
    stream = Terminal()
    with Progress(2, stream, enabled=False) as bar:
        bar.step("one")
        bar.update(2)
    assert stream.getvalue() == ""


def test_pipe_gets_no_bar() -> None:
    stream = io.StringIO()
    with Progress(2, stream, interval=0) as bar:
        bar.step("one")
    assert stream.getvalue() == ""


def test_a_failure_ends_the_line_for_the_error_message() -> None:
    terminal = Terminal()
    with pytest.raises(RuntimeError), Progress(2, terminal, interval=0) as bar:
        bar.step("one")
        raise RuntimeError("boom")
    assert terminal.getvalue().endswith("one\n")
    assert "100%" not in terminal.getvalue()


def test_commands_draw_no_bar_when_stderr_is_not_a_terminal(
    runner: CliRunner, tmp_path: Path
) -> None:
    """CliRunner's stderr is a pipe, as in CI logs: the docs command must print no bar."""
    from .helpers import FIXTURE_ROOT

    result = runner.invoke(
        gswg, ["docs", "--resources", str(FIXTURE_ROOT), "--out-dir", str(tmp_path / "d")]
    )
    assert result.exit_code == 0, result.output
    assert "\r" not in result.stderr
    assert "[#" not in result.output
