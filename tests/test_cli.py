"""The gswg command line: gswg build end to end, error reporting, exit codes, lazy imports."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from gswg_graph import __version__, pipeline
from gswg_graph.cli import COMMANDS, gswg, main
from gswg_graph.release import RELEASE_FORMATS
from gswg_graph.resources import ResourceRoot

from .helpers import MINI_COUNTS, break_line, snapshot, summary_counts

BROKEN_LINE = '<http://e/x> <http://e/y> "unterminated'


def build_args(root: ResourceRoot, out: Path, *extra: str) -> list[str]:
    return ["build", "--resources", str(root.root), "--out-dir", str(out), *extra]


def test_build_writes_every_file(runner: CliRunner, mini: ResourceRoot, tmp_path: Path) -> None:
    out = tmp_path / "dist"
    result = runner.invoke(gswg, build_args(mini, out))
    assert result.exit_code == 0, result.output
    expected = {fmt.filename for fmt in RELEASE_FORMATS} | {"manifest.json"}
    assert set(snapshot(out)) == expected
    for name in expected:
        assert str(out / name) in result.stdout or f"dist/{name}" in result.stdout


def test_build_summary_matches_the_fixture(
    runner: CliRunner, mini: ResourceRoot, tmp_path: Path
) -> None:
    out = tmp_path / "dist"
    result = runner.invoke(gswg, build_args(mini, out))
    assert result.exit_code == 0, result.output
    counts = summary_counts(result.stdout)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert counts == {"triples": manifest["triples"], **MINI_COUNTS}
    assert counts["triples"] > 0


def test_build_defaults_to_dist_in_the_working_directory(
    runner: CliRunner, mini: ResourceRoot, tmp_path: Path
) -> None:
    result = runner.invoke(gswg, ["build", "--resources", str(mini.root)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "dist" / "gswg.ttl").is_file()  # conftest chdirs into tmp_path


def test_build_reads_resources_from_the_environment(
    runner: CliRunner, mini: ResourceRoot, tmp_path: Path
) -> None:
    result = runner.invoke(
        gswg, ["build", "--out-dir", str(tmp_path / "out")], env={"GSWG_RESOURCES": str(mini.root)}
    )
    assert result.exit_code == 0, result.output
    assert summary_counts(result.stdout)["groups"] == MINI_COUNTS["groups"]


def test_quiet_build_prints_nothing(runner: CliRunner, mini: ResourceRoot, tmp_path: Path) -> None:
    result = runner.invoke(gswg, build_args(mini, tmp_path / "dist", "--quiet"))
    assert result.exit_code == 0
    assert result.output == ""


@pytest.mark.parametrize(
    ("relative", "line"),
    [("data/organisations.ttl", 7), ("ontology/gswg.ttl", 14), ("shapes/shapes.ttl", 6)],
)
def test_syntax_error_fails_the_build_and_keeps_the_previous_release(
    runner: CliRunner, mini: ResourceRoot, tmp_path: Path, relative: str, line: int
) -> None:
    out = tmp_path / "dist"
    assert runner.invoke(gswg, build_args(mini, out)).exit_code == 0
    before = snapshot(out)
    broken = mini.root / relative
    break_line(broken, line, BROKEN_LINE)

    result = runner.invoke(gswg, build_args(mini, out))

    assert result.exit_code == 2
    assert result.stderr.startswith(f"gswg: error: {broken}:{line}:")
    assert "Turtle syntax error" in result.stderr
    assert "hint:" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    assert snapshot(out) == before


def test_missing_data_folder_is_named(
    runner: CliRunner, mini: ResourceRoot, tmp_path: Path
) -> None:
    for path in mini.data_files():
        path.unlink()
    mini.data_dir.rmdir()
    result = runner.invoke(gswg, build_args(mini, tmp_path / "dist"))
    assert result.exit_code == 2
    assert f"data folder not found: {mini.data_dir}" in result.stderr
    assert not (tmp_path / "dist").exists()


@pytest.mark.parametrize("how", ["option-after-command", "option-before-command", "environment"])
def test_traceback_on_request(
    runner: CliRunner, mini: ResourceRoot, tmp_path: Path, how: str
) -> None:
    mini.data_dir.joinpath("groups.ttl").unlink()
    (mini.data_dir / "organisations.ttl").write_text(BROKEN_LINE + "\n", encoding="utf-8")
    args = build_args(mini, tmp_path / "dist")
    env = {}
    if how == "option-after-command":
        args.append("--traceback")
    elif how == "option-before-command":
        args.insert(0, "--traceback")
    else:
        env["GSWG_TRACEBACK"] = "1"
    result = runner.invoke(gswg, args, env=env)
    assert result.exit_code == 2
    assert "Traceback (most recent call last)" in result.stderr
    assert "gswg: error:" in result.stderr


def test_bug_exits_3_with_traceback(
    runner: CliRunner, mini: ResourceRoot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_build(*_args: object, **_kwargs: object) -> None:
        raise ZeroDivisionError("oops")

    monkeypatch.setattr(pipeline, "build", broken_build)
    result = runner.invoke(gswg, build_args(mini, tmp_path / "dist"))
    assert result.exit_code == 3
    assert "internal error: ZeroDivisionError: oops" in result.stderr
    assert "Traceback" in result.stderr


def test_failing_check_stops_the_build_before_writing(
    runner: CliRunner, mini: ResourceRoot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from gswg_graph.errors import NonConformanceError

    def reject(_graph: object, _root: object) -> None:
        raise NonConformanceError("3 groups have no label", hint="add rdfs:label")

    monkeypatch.setattr(pipeline, "DEFAULT_CHECKS", (reject,))
    result = runner.invoke(gswg, build_args(mini, tmp_path / "dist"))
    assert result.exit_code == 1
    assert "gswg: error: 3 groups have no label" in result.stderr
    assert not (tmp_path / "dist").exists()


@pytest.mark.parametrize(
    "args",
    [["build", "--no-such-option"], ["no-such-command"], ["build", "--out-dir"]],
    ids=["unknown-option", "unknown-command", "missing-value"],
)
def test_usage_errors_exit_2(runner: CliRunner, args: list[str]) -> None:
    result = runner.invoke(gswg, args)
    assert result.exit_code == 2
    assert "Error:" in result.stderr


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(gswg, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"gswg, version {__version__}"


def test_main_exits_with_the_error_code(
    mini: ResourceRoot, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (mini.data_dir / "groups.ttl").write_text(BROKEN_LINE + "\n", encoding="utf-8")
    with pytest.raises(SystemExit) as caught:
        main(build_args(mini, tmp_path / "dist"))
    assert caught.value.code == 2
    assert capsys.readouterr().err.startswith("gswg: error: ")


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_registered_command_loads_under_its_name(name: str) -> None:
    with click.Context(gswg) as ctx:
        command = gswg.get_command(ctx, name)
    assert command is not None
    assert command.name == name


def test_cli_import_does_not_load_heavy_libraries() -> None:
    """`gswg --help` and `gswg query` must start fast: command modules import these lazily."""
    heavy = ("rdflib", "pyshacl", "owlready2", "pyoxigraph", "lxml")
    script = (
        "import sys, click\n"
        "from gswg_graph.cli import gswg\n"
        "with click.Context(gswg) as ctx:\n"
        "    for name in gswg.list_commands(ctx):\n"
        "        gswg.get_command(ctx, name)\n"
        f"print(' '.join(m for m in {heavy!r} if m in sys.modules))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, env=env
    )
    assert done.stdout.strip() == "", f"imported at CLI load time: {done.stdout.strip()}"


# Bad input that must come with a hint saying what to do: (command line, what the error says).
# "{empty}" is an empty file with the extension that follows, "{missing}" a file that is not there.
HINTED = [
    (["iati", "import", "{missing}.xml"], "no such file"),
    (["iati", "import", "{empty}.xml"], "malformed XML: the file is empty"),
    (["query", "chairs", "--with", "{empty}.xml"], "malformed XML: the file is empty"),
    (["query", "chairs", "--with", "{missing}.nt"], "no such file"),
    (["validate", "{empty}.rdf"], "the RDF/XML file is empty"),
    (["validate", "{empty}.jsonld"], "the JSON-LD file is empty"),
    (["validate", "{missing}.ttl"], "file not found"),
    (["reason", "{missing}.rdf"], "file not found"),
    (
        ["query", "chairs", "--endpoint", "http://127.0.0.1:9/query", "--graph", "not an iri"],
        "--graph 'not an iri' is not an IRI",
    ),
    (["query", "chairs", "--endpoint", "http://127.0.0.1:9/query", "--graph", "x"], "not an IRI"),
    (["publish", "--store", "http://127.0.0.1:9/store", "--graph", "a b"], "is not an IRI"),
]


@pytest.mark.parametrize(("args", "message"), HINTED, ids=[" ".join(a[:3]) for a, _ in HINTED])
def test_bad_input_says_what_to_do(
    runner: CliRunner, tmp_path: Path, args: list[str], message: str
) -> None:
    (tmp_path / "dist").mkdir()
    (tmp_path / "dist" / "gswg.nt").write_text("<urn:a> <urn:b> <urn:c> .\n")  # for publish
    for arg in args:
        if arg.startswith("{empty}"):
            (tmp_path / arg.replace("{empty}", "empty")).write_bytes(b"")
    args = [a.replace("{empty}", "empty").replace("{missing}", "missing") for a in args]
    result = runner.invoke(gswg, args)
    assert result.exit_code == 2, result.output
    error, hint, *rest = result.stderr.splitlines()
    assert error.startswith("gswg: error: ") and message in error
    assert hint.startswith("  hint: ") and len(hint) > len("  hint: ") + 10
    assert rest == []  # no traceback


@pytest.mark.parametrize("args", [["queries"], ["docs", "--out-dir", "docs"]])
def test_a_reader_that_has_gone_is_not_an_error(tmp_path: Path, args: list[str]) -> None:
    """`gswg docs | head -1`: stdout is a pipe whose reader is gone before gswg writes."""
    from .sparql_server import gswg_command

    read_end, write_end = os.pipe()
    os.close(read_end)  # every write now fails with EPIPE
    try:
        done = subprocess.run(
            gswg_command(*args),
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            cwd=tmp_path,
            env={**os.environ, "CI": "1"},
            timeout=120,
        )
    finally:
        os.close(write_end)
    assert done.returncode == 0
    assert done.stderr == ""
