"""The shared progress bar: drawn for a person at a terminal, never with --quiet, in CI or pipes."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from gswg_graph.cli import gswg
from gswg_graph.iati import synthetic
from gswg_graph.progress import Progress, wanted

from .sparql_server import Store


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


# ---- the long commands: bars on a terminal, notes on stderr, nothing with --quiet ----

ACTIVITIES = 300
ENGINES = {"memory": [], "store": ["--store", "store"], "rdflib": ["--engine", "rdflib"]}


@pytest.fixture(scope="module")
def activities_xml(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return synthetic.write_file(tmp_path_factory.mktemp("progress") / "synthetic.xml", ACTIVITIES)


def _query_with(xml: Path, engine: str, *more: str) -> list[str]:
    return ["query", "chairs", "-f", "csv", "--with", str(xml), *ENGINES[engine], *more]


def _says_the_import_summary(stderr: str) -> None:
    lao = synthetic.expected_lao(ACTIVITIES)
    assert f"{ACTIVITIES} activities, {lao} in Lao PDR" in stderr
    # Of the synthetic organisation refs, two are unknown to the crosswalk (GB-CHC-0000000 and
    # XX-LOCAL-7, see gswg_graph.iati.synthetic); the ten others name GSWG partners.
    assert "matched GSWG organisations: 10 (unmatched organisations: 2)" in stderr
    assert "unknown codes (kept, not in the shipped codelists): 0" in stderr
    assert f"skipped elements (not converted: outside the covered subset): {ACTIVITIES}" in stderr


@pytest.mark.parametrize("engine", ENGINES)
def test_query_with_xml_draws_bars_on_a_terminal(
    runner: CliRunner, terminal: None, activities_xml: Path, engine: str
) -> None:
    result = runner.invoke(gswg, _query_with(activities_xml, engine))
    assert result.exit_code == 0, result.stderr
    err = result.stderr
    assert "\r[" in err and " MB " in err  # the import's bar counts megabytes
    assert "loading synthetic.xml" in err  # the converted file, named after its source
    assert ("compacting the store" in err) == (engine == "store")
    _says_the_import_summary(err)
    assert "100%" in err and err.endswith("\n")


@pytest.mark.parametrize("engine", ENGINES)
def test_query_quiet_silences_stderr_but_not_the_answer(
    runner: CliRunner, terminal: None, activities_xml: Path, engine: str
) -> None:
    # Quiet first, so that it is the run that imports and loads (a store is reused after).
    quiet = runner.invoke(gswg, [*_query_with(activities_xml, engine), "--quiet"])
    loud = runner.invoke(gswg, _query_with(activities_xml, engine))
    assert quiet.exit_code == loud.exit_code == 0, quiet.stderr
    assert quiet.stderr == ""
    assert quiet.stdout == loud.stdout
    assert len(quiet.stdout.splitlines()) == 12  # the header and the 11 chairs


@pytest.mark.parametrize("engine", ENGINES)
def test_query_with_xml_off_a_terminal_prints_the_summary_and_no_bar(
    runner: CliRunner, activities_xml: Path, engine: str
) -> None:
    result = runner.invoke(gswg, _query_with(activities_xml, engine))
    assert result.exit_code == 0, result.stderr
    assert "\r" not in result.stderr
    assert result.stderr.startswith("imported 1 file(s)")
    _says_the_import_summary(result.stderr)


def test_iati_import_draws_its_bar_through_the_same_feedback(
    runner: CliRunner, terminal: None, activities_xml: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out.nt"
    result = runner.invoke(gswg, ["iati", "import", str(activities_xml), "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    assert "\r[" in result.stderr and " MB" in result.stderr
    _says_the_import_summary(result.stdout)  # with --out, the summary goes to stdout
    quiet = runner.invoke(gswg, ["iati", "import", str(activities_xml), "-o", str(out), "-q"])
    assert (quiet.stdout, quiet.stderr) == ("", "")


@pytest.mark.parametrize(("quiet", "bar"), [([], True), (["--quiet"], False)])
def test_publish_draws_a_bar_of_what_it_sends(
    runner: CliRunner,
    terminal: None,
    built_release: Path,
    writable_store: Store,
    quiet: list[str],
    bar: bool,
) -> None:
    result = _publish(runner, built_release, writable_store, f"progress-{bar}", *quiet)
    assert result.exit_code == 0, result.stderr
    size = (built_release / "gswg.nt").stat().st_size / 1e6
    if bar:
        assert "sending gswg.nt" in result.stderr
        assert f"100% {size:.1f}/{size:.1f} MB reading the graph back" in result.stderr
        assert "published" in result.stdout
    else:
        assert (result.stdout, result.stderr) == ("", "")


def test_publish_off_a_terminal_draws_no_bar(
    runner: CliRunner, built_release: Path, writable_store: Store
) -> None:
    result = _publish(runner, built_release, writable_store, "progress-pipe")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""


def _publish(runner: CliRunner, release: Path, store: Store, name: str, *more: str) -> Result:
    graph = f"https://w3id.org/gswg/test/{name}"
    args = ["publish", "--release", str(release), "--store", store.store, "--graph", graph]
    return runner.invoke(gswg, [*args, *more])
