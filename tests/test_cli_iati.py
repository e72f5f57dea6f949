"""``gswg iati import`` and ``gswg iati codelists`` through click, as a user runs them."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, URIRef

from gswg_graph.cli.iati import command, iati
from gswg_graph.iati import vocab

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures" / "iati"
CROSSWALK = REPO / "data" / "crosswalk.ttl"
UNDP_PROGRAMME = vocab.activity_iri("XM-DAC-41114-OUTPUT-00098059")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(iati, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def test_registered_name() -> None:
    assert command is iati and iati.name == "iati"


@pytest.mark.parametrize(("suffix", "rdf_format"), [(".nt", "nt"), (".ttl", "turtle")])
def test_import_to_a_file(suffix: str, rdf_format: str, tmp_path: Path) -> None:
    out = tmp_path / f"lao{suffix}"
    code, stdout, stderr = run(
        "import",
        str(FIXTURES / "lao_dportal_100.xml"),
        "--out",
        str(out),
        "--crosswalk",
        str(CROSSWALK),
    )
    assert code == 0, stderr
    graph = Graph().parse(out, format=rdf_format)
    undp = URIRef("https://w3id.org/gswg/id/undp")
    assert (URIRef(UNDP_PROGRAMME), URIRef(vocab.GSI + "reportingOrganisation"), undp) in graph
    assert "2 activities, 2 in Lao PDR" in stdout
    assert "gsd:undp <- XM-DAC-41114" in stdout
    assert stderr == ""  # no progress bar: stderr is not a terminal


def test_import_to_stdout_puts_the_summary_on_stderr(tmp_path: Path) -> None:
    code, stdout, stderr = run(
        "import", str(FIXTURES / "lao_dportal_7.xml"), "--crosswalk", str(CROSSWALK)
    )
    assert code == 0
    graph = Graph().parse(data=stdout, format="nt")
    assert len(graph) > 20
    assert "1 activities, 1 in Lao PDR" in stderr


def test_quiet_prints_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out.nt"
    code, stdout, stderr = run(
        "import",
        str(FIXTURES / "lao_dportal_7.xml"),
        "-o",
        str(out),
        "--quiet",
        "--crosswalk",
        str(CROSSWALK),
    )
    assert (code, stdout, stderr) == (0, "", "")
    assert out.stat().st_size > 0


def test_several_files_go_into_one_output(tmp_path: Path) -> None:
    out = tmp_path / "all.nt"
    files = sorted(str(p) for p in FIXTURES.glob("*.xml"))
    assert len(files) == 4
    code, stdout, _ = run("import", *files, "-o", str(out), "--crosswalk", str(CROSSWALK))
    assert code == 0
    assert "imported 4 file(s)" in stdout and "10 in Lao PDR" in stdout


def test_default_crosswalk_comes_from_the_resources(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GSWG_RESOURCES", str(REPO))
    out = tmp_path / "out.nt"
    code, stdout, stderr = run("import", str(FIXTURES / "lao_dportal_7.xml"), "-o", str(out))
    assert code == 0, stderr
    assert "gsd:australia <- AU, AU-5" in stdout


def test_failure_leaves_the_previous_output_alone(tmp_path: Path) -> None:
    out = tmp_path / "out.nt"
    out.write_text("previous\n", encoding="utf-8")
    bad = tmp_path / "bad.xml"
    text = (FIXTURES / "lao_dportal_7.xml").read_text(encoding="utf-8")
    bad.write_text(text.replace("</iati-activities>", ""), encoding="utf-8")  # truncated
    code, _, stderr = run(
        "import",
        str(FIXTURES / "lao_dportal_100.xml"),
        str(bad),
        "-o",
        str(out),
        "--crosswalk",
        str(CROSSWALK),
    )
    assert code == 2
    assert f"{bad}:" in stderr and "malformed XML" in stderr
    assert out.read_text(encoding="utf-8") == "previous\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["import", "missing.xml"], "missing.xml: no such file"),
        (["import", "{fixture}", "-o", "out.json"], "cannot tell the output format"),
        (["import", "{fixture}", "--crosswalk", "nope.ttl"], "crosswalk file not found"),
        (["codelists", "-o", "codes.csv"], "cannot tell the output format"),
    ],
)
def test_bad_input_exits_2(
    args: list[str], message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    fixture = str(FIXTURES / "lao_dportal_7.xml")
    args = [a.replace("{fixture}", fixture) for a in args]
    if args[0] == "import" and "--crosswalk" not in args:
        args += ["--crosswalk", str(CROSSWALK)]
    code, _, stderr = run(*args)
    assert code == 2
    assert stderr.startswith("gswg: error: ")
    assert message in stderr


@pytest.mark.parametrize(("suffix", "rdf_format"), [(".ttl", "turtle"), (".nt", "nt")])
def test_codelists_to_a_file(suffix: str, rdf_format: str, tmp_path: Path) -> None:
    out = tmp_path / f"codelists{suffix}"
    code, _, stderr = run("codelists", "--out", str(out))
    assert code == 0, stderr
    graph = Graph().parse(out, format=rdf_format)
    sector = URIRef(vocab.concept_iri("Sector", "15110"))
    broader = URIRef("http://www.w3.org/2004/02/skos/core#broader")
    assert (sector, broader, URIRef(vocab.concept_iri("SectorCategory", "151"))) in graph


def test_codelists_to_stdout() -> None:
    code, stdout, _ = run("codelists")
    assert code == 0
    assert len(Graph().parse(data=stdout, format="turtle")) > 4000
