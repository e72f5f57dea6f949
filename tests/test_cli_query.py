"""`gswg query` and `gswg queries` from the command line, and the run_query API."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from gswg_graph import run_query
from gswg_graph.cli import gswg
from gswg_graph.cli.query import emit
from gswg_graph.errors import UsageError
from gswg_graph.loading import load_project
from gswg_graph.release import build_release
from gswg_graph.resources import ResourceRoot

from . import guide_facts as facts
from .helpers import REPO_ROOT, local

EXTRA_GROUP = (
    "<https://w3id.org/gswg/id/swg-extra> "
    "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
    "<https://w3id.org/gswg/ontology#SectorWorkingGroup> .\n"
    "<https://w3id.org/gswg/id/round-table-process> <http://www.w3.org/ns/org#hasSubOrganization> "
    "<https://w3id.org/gswg/id/swg-extra> .\n"
    '<https://w3id.org/gswg/id/swg-extra> <https://w3id.org/gswg/ontology#sequenceNumber> "11"'
    "^^<http://www.w3.org/2001/XMLSchema#positiveInteger> .\n"
)


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory, project: ResourceRoot) -> Path:
    """The project's release, built once for this module."""
    out = tmp_path_factory.mktemp("release") / "dist"
    build_release(load_project(project), out, sources=project)
    return out


def doctored_release(release: Path, target: Path) -> Path:
    """A copy of the release with an 11th sector working group: proof of which data was read."""
    target.mkdir(parents=True)
    text = (release / "gswg.nt").read_text(encoding="utf-8")
    (target / "gswg.nt").write_text(text + EXTRA_GROUP, encoding="utf-8")
    return target


def query(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(gswg, ["query", *args])
    return result.exit_code, result.stdout, result.stderr


# ---- data sources ----


def test_fresh_install_queries_the_source_files(runner: CliRunner, tmp_path: Path) -> None:
    """No dist/ in the working directory (conftest chdirs into an empty tmp_path)."""
    assert not (tmp_path / "dist").exists()
    code, out, err = query(runner, "sector-working-groups", "-f", "csv")
    assert code == 0, err
    assert len(list(csv.DictReader(io.StringIO(out)))) == 10


def test_built_release_in_dist_is_preferred(
    runner: CliRunner, release: Path, tmp_path: Path
) -> None:
    doctored_release(release, tmp_path / "dist")
    code, out, _ = query(runner, "sector-working-groups", "-f", "csv")
    assert code == 0
    assert len(list(csv.DictReader(io.StringIO(out)))) == 11


def test_release_built_from_the_current_files_answers_quietly(
    runner: CliRunner, project: ResourceRoot, tmp_path: Path
) -> None:
    build_release(load_project(project), tmp_path / "dist", sources=project)
    result = runner.invoke(gswg, ["query", "sector-working-groups", "-f", "csv"])
    assert result.exit_code == 0
    assert result.stderr == ""


def test_stale_release_answers_with_a_warning(
    runner: CliRunner, release: Path, tmp_path: Path
) -> None:
    """A dist/ whose manifest names other sources (data edited since the build) still answers,
    but says that it is not the current files and how to refresh it."""
    stale = doctored_release(release, tmp_path / "dist")
    manifest = json.loads((release / "manifest.json").read_text(encoding="utf-8"))
    manifest["sources_sha256"] = "0" * 64
    (stale / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    result = runner.invoke(gswg, ["query", "sector-working-groups", "-f", "csv"])
    assert result.exit_code == 0
    assert len(list(csv.DictReader(io.StringIO(result.stdout)))) == 11
    assert "warning: dist/ was not built from the current ontology and data files" in (
        result.stderr
    )
    assert "gswg build" in result.stderr


def test_release_option_names_the_release(runner: CliRunner, release: Path, tmp_path: Path) -> None:
    other = doctored_release(release, tmp_path / "elsewhere")
    code, out, _ = query(runner, "sector-working-groups", "--release", str(other), "-f", "csv")
    assert code == 0
    assert len(list(csv.DictReader(io.StringIO(out)))) == 11


def test_explicit_resources_are_queried_instead_of_dist(
    runner: CliRunner, release: Path, tmp_path: Path
) -> None:
    doctored_release(release, tmp_path / "dist")
    code, out, _ = query(
        runner, "sector-working-groups", "--resources", str(REPO_ROOT), "-f", "csv"
    )
    assert code == 0
    assert len(list(csv.DictReader(io.StringIO(out)))) == 10


def test_release_folder_without_a_release(runner: CliRunner, tmp_path: Path) -> None:
    code, _, err = query(runner, "chairs", "--release", str(tmp_path))
    assert code == 2
    assert "no release in" in err and "gswg.nt not found" in err
    assert "gswg build --out-dir" in err


def test_corrupt_release_is_located(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "gswg.nt").write_text('<http://e/a> <http://e/b> "x .\n')
    code, _, err = query(runner, "chairs", "--release", str(tmp_path / "bad"))
    assert code == 2
    assert "gswg.nt:1:" in err


# ---- output formats ----


def test_table_shows_labels(runner: CliRunner) -> None:
    code, out, _ = query(runner, "partners-in-both-subgroups", "--param", "rollup=true")
    assert code == 0
    assert "Japan" in out and "https://" not in out and "(10 rows)" in out


def test_table_in_lao(runner: CliRunner) -> None:
    code, out, _ = query(runner, "partners-in-both-subgroups", "--lang", "lo")
    assert code == 0
    assert "ເຍຍລະມັນ" in out  # Germany's first spelling, line 356
    assert "ອົງການຮ່ວມມືສາກົນປະເທດຢີປຸ່ນ" in out  # JICA, line 370


def test_csv_keeps_iris_and_adds_labels(runner: CliRunner) -> None:
    code, out, _ = query(runner, "partners-in-both-subgroups", "-f", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == ["partner", "partner_label", "category", "category_label"]
    assert {local(r["partner"]) for r in rows} == facts.PARTNERS_IN_BOTH_SUBGROUPS
    assert {r["partner_label"] for r in rows} >= {"Japan", "Germany"}


def test_tsv(runner: CliRunner) -> None:
    code, out, _ = query(runner, "mandates", "-p", "keyword=gender", "-f", "tsv")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split("\t")[:2] == ["body", "body_label"]
    assert len(lines) == 1 + len(facts.MANDATES_ON_GENDER)
    assert all(len(line.split("\t")) == len(lines[0].split("\t")) for line in lines)


def test_json(runner: CliRunner) -> None:
    code, out, _ = query(runner, "member-counts", "-f", "json", "--lang", "lo")
    assert code == 0
    document = json.loads(out)
    assert document["query"] == "member-counts" and document["lang"] == "lo"
    assert "body_label" in document["columns"]
    counts = {
        (local(r["body"]), local(r["category"]).removeprefix("category-")): r["members"]
        for r in document["rows"]
    }
    assert counts == facts.MEMBER_COUNTS
    assert {r["category_label"] for r in document["rows"]} == {"ລັດຖະບານ", "ຄູ່ຮ່ວມພັດທະນາ"}


def test_json_records_the_parameters(runner: CliRunner) -> None:
    code, out, _ = query(runner, "partners-in-both-subgroups", "-p", "rollup=yes", "-f", "json")
    assert code == 0
    assert json.loads(out)["parameters"] == {"rollup": True}


def test_markdown(runner: CliRunner) -> None:
    code, out, _ = query(runner, "chairs", "-f", "md")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "| body | role | organisation | office | evidence |"
    assert lines[1] == "| --- | --- | --- | --- | --- |"
    assert len(lines) == 2 + len(facts.CHAIRS)


def test_out_writes_a_file(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "out" / "chairs.csv"
    code, out, _ = query(runner, "chairs", "-f", "csv", "--out", str(target))
    assert code == 0 and out == ""
    assert len(target.read_text(encoding="utf-8").splitlines()) == 1 + len(facts.CHAIRS)


# ---- bad input ----


def test_unknown_query_suggests_the_closest_names(runner: CliRunner) -> None:
    code, out, err = query(runner, "partners-in-both-subgroup")
    assert code == 2 and out == ""
    assert "unknown query 'partners-in-both-subgroup'" in err
    assert "did you mean: partners-in-both-subgroups" in err


def test_unknown_query_without_close_names_lists_them(runner: CliRunner) -> None:
    code, _, err = query(runner, "zzz")
    assert code == 2
    assert "known queries:" in err and "chairs" in err and "find-organisation" in err


def test_missing_parameter(runner: CliRunner) -> None:
    code, _, err = query(runner, "find-organisation")
    assert code == 2
    assert "missing parameter 'name'" in err and "valid parameters: name" in err


def test_unknown_parameter(runner: CliRunner) -> None:
    code, _, err = query(runner, "mandates", "-p", "topic=gender")
    assert code == 2
    assert "unknown parameter 'topic'" in err and "valid parameters: group, keyword" in err


@pytest.mark.parametrize("bad", ["rollup", "=true", ""])
def test_param_needs_name_and_value(runner: CliRunner, bad: str) -> None:
    code, _, err = query(runner, "partners-in-both-subgroups", "-p", bad)
    assert code == 2 and "--param takes NAME=VALUE" in err


def test_bad_boolean(runner: CliRunner) -> None:
    code, _, err = query(runner, "partners-in-both-subgroups", "-p", "rollup=perhaps")
    assert code == 2 and "takes true or false" in err


def test_unknown_format_and_language_are_usage_errors(runner: CliRunner) -> None:
    assert query(runner, "chairs", "-f", "xml")[0] == 2
    assert query(runner, "chairs", "--lang", "fr")[0] == 2


def test_syntax_error_in_a_user_file_gives_line_and_column(
    runner: CliRunner, tmp_path: Path
) -> None:
    path = tmp_path / "mine.rq"
    path.write_text(
        "# title: mine\nPREFIX org: <http://www.w3.org/ns/org#>\nSELECT ?m WHERE {\n"
        "  ?m org:member ?o\n  FILTER(?o = )\n}\n",
        encoding="utf-8",
    )
    code, _, err = query(runner, str(path))
    assert code == 2
    assert f"{path}:5:3: SPARQL syntax error" in err
    assert "FILTER(?o = )" in err  # the line is quoted


def test_a_misspelt_select_is_located(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "typo.rq"
    path.write_text(
        "# title: typo\nPREFIX org: <http://www.w3.org/ns/org#>\nBASE <http://e/>\n"
        "SELCT ?m WHERE { ?m org:member ?o }\n",
        encoding="utf-8",
    )
    code, _, err = query(runner, str(path))
    assert code == 2
    assert f"{path}:4:1: not a SPARQL query: no SELECT or ASK found (it starts with 'SELCT')" in err


def test_a_user_file_runs_with_its_parameters(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "members.rq"
    path.write_text(
        "# param: group - a group IRI (required)\n"
        "PREFIX org: <http://www.w3.org/ns/org#>\n"
        "SELECT ?member WHERE { ?m org:organization ?g ; org:member ?member . "
        "FILTER(STR(?g) = ?group) }\n",
        encoding="utf-8",
    )
    code, out, err = query(
        runner, str(path), "-p", "group=https://w3id.org/gswg/id/gswg-secretariat", "-f", "csv"
    )
    assert code == 0, err
    assert {local(r["member"]) for r in csv.DictReader(io.StringIO(out))} == (
        facts.SECRETARIAT_MEMBERS | facts.SECRETARIAT_SUPPORTERS
    )


def test_hostile_parameter_is_a_string_that_matches_nothing(runner: CliRunner) -> None:
    code, out, err = query(
        runner, "find-organisation", "-p", 'name=x" } ; DROP ALL ; #', "-f", "csv"
    )
    assert code == 0, err
    assert out.splitlines() == ["organisation,match,category"]
    code, out, _ = query(runner, "member-counts", "-f", "csv")  # the data is all still there
    assert len(out.splitlines()) == 1 + len(facts.MEMBER_COUNTS)


def test_construct_file_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "c.rq"
    path.write_text("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }\n", encoding="utf-8")
    code, _, err = query(runner, str(path))
    assert code == 2 and "CONSTRUCT queries are not supported" in err


def test_missing_user_file(runner: CliRunner, tmp_path: Path) -> None:
    code, _, err = query(runner, str(tmp_path / "nothing.rq"))
    assert code == 2 and "query file not found" in err


# ---- the real entry point: no heavy imports on the query path ----


def test_query_path_imports_no_heavy_library(tmp_path: Path) -> None:
    heavy = ("rdflib", "pyshacl", "owlready2", "lxml", "SPARQLWrapper")
    script = (
        "import sys\n"
        "from gswg_graph.cli import main\n"
        "try:\n"
        "    main(['query', 'partners-in-both-subgroups', '-f', 'json'])\n"
        "except SystemExit as exit:\n"
        "    assert not exit.code, exit.code\n"
        f"print('HEAVY:', ' '.join(m for m in {heavy!r} if m in sys.modules))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT / "src")}
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "HEAVY: "


# ---- the Python API ----


def test_run_query_returns_plain_rows() -> None:
    rows = run_query("partners-in-both-subgroups", rollup=True)
    assert {local(row["partner"]) for row in rows} == facts.PARTNERS_IN_BOTH_SUBGROUPS_ROLLED_UP
    japan = next(row for row in rows if local(row["partner"]) == "japan")
    assert japan == {
        "partner": "https://w3id.org/gswg/id/japan",
        "partner_label": "Japan",
        "category": "https://w3id.org/gswg/id/category-partner-country",
        "category_label": "partner country",
    }


def test_run_query_takes_a_parameter_called_name() -> None:
    rows = run_query("find-organisation", name="U.N.D.P.", lang="lo")
    assert [(local(r["organisation"]), r["match"]) for r in rows] == [("undp", "exact")]
    assert rows[0]["organisation_label"] == "ອົງການ ສປຊ ເພື່ອການພັດທະນາ"  # line 27


def test_run_query_types_numbers_and_booleans() -> None:
    row = run_query("member-counts")[0]
    assert isinstance(row["members"], int) and row["open"] is True


def test_run_query_unknown_name() -> None:
    with pytest.raises(UsageError, match="did you mean: chairs"):
        run_query("chair")


def test_release_and_endpoint_do_not_mix(runner: CliRunner, tmp_path: Path) -> None:
    code, _, err = query(
        runner, "chairs", "--release", str(tmp_path), "--endpoint", "http://127.0.0.1:9/query"
    )
    assert code == 2 and "cannot be combined" in err


def test_output_cut_short_by_the_reader_is_not_an_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """`gswg query ... | head -1`: the pipe closes early; no traceback, stdout goes nowhere."""

    class ClosedPipe(io.StringIO):
        def __init__(self, fd: int) -> None:
            super().__init__()
            self.fd = fd

        def write(self, text: str) -> int:
            raise BrokenPipeError(32, "Broken pipe")

        def fileno(self) -> int:
            return self.fd

    with (tmp_path / "stdout").open("w") as handle:
        monkeypatch.setattr(sys, "stdout", ClosedPipe(handle.fileno()))
        emit("a,b\n1,2\n")  # does not raise
    assert (tmp_path / "stdout").read_text() == ""


def test_queries_and_data_of_another_resource_folder(runner: CliRunner, mini: ResourceRoot) -> None:
    listed = runner.invoke(gswg, ["queries", "--resources", str(mini.root)])
    assert listed.exit_code == 0 and listed.stdout.startswith("groups  Coordination bodies")
    code, out, err = query(runner, "groups", "--resources", str(mini.root), "-f", "csv")
    assert code == 0, err
    groups = {local(row["group"]) for row in csv.DictReader(io.StringIO(out))}
    assert groups == {"rtp", "gswg", "sswg-public-service", "sswg-legal", "gswg-secretariat"}


def test_format_choices_are_the_renderers() -> None:
    from gswg_graph.cli.query import FORMAT_CHOICES
    from gswg_graph.formats import FORMATS

    assert FORMAT_CHOICES == FORMATS
