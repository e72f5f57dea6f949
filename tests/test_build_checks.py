"""`gswg build` refuses to write a release that breaks the shapes or is logically inconsistent,
and leaves the previous release byte-identical."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from gswg_graph import pipeline
from gswg_graph.cli import gswg
from gswg_graph.resources import ResourceRoot

from .helpers import snapshot


def build(runner: CliRunner, root: ResourceRoot, out: Path) -> tuple[int, str, str]:
    result = runner.invoke(gswg, ["build", "--resources", str(root.root), "--out-dir", str(out)])
    return result.exit_code, result.stdout, result.stderr


def test_the_checks_are_shacl_then_reasoning() -> None:
    checks = pipeline.DEFAULT_CHECKS
    assert checks == (pipeline.shacl_check, pipeline.consistency_check)


def test_build_refuses_shape_violations_and_keeps_dist(
    runner: CliRunner, mini: ResourceRoot, tmp_path: Path
) -> None:
    out = tmp_path / "dist"
    assert build(runner, mini, out)[0] == 0
    before = snapshot(out)
    groups = mini.data_dir / "groups.ttl"
    text = groups.read_text(encoding="utf-8")
    unlabelled = text.replace('    rdfs:label "Legal Sector sub-sector working group"@en ;\n', "")
    assert unlabelled != text
    groups.write_text(unlabelled, encoding="utf-8")

    code, stdout, stderr = build(runner, mini, out)

    assert (code, stdout) == (1, "")
    assert stderr.startswith("gswg: error: the data does not conform to the shapes (1 violation")
    assert "<gsd:sswg-legal> rdfs:label" in stderr
    assert "hint: run `gswg validate` for the full report; nothing was written" in stderr
    assert snapshot(out) == before


def test_build_refuses_an_inconsistent_graph_and_keeps_dist(
    runner: CliRunner, mini: ResourceRoot, tmp_path: Path
) -> None:
    out = tmp_path / "dist"
    assert build(runner, mini, out)[0] == 0
    before = snapshot(out)
    with mini.ontology_file.open("a", encoding="utf-8") as ontology:
        ontology.write("gswg:GovernmentBody owl:disjointWith gswg:DevelopmentPartner .\n")
    with (mini.data_dir / "organisations.ttl").open("a", encoding="utf-8") as data:
        data.write("gsd:moha a gswg:BilateralPartner .\n")

    code, stdout, stderr = build(runner, mini, out)

    assert (code, stdout) == (1, "")
    assert "the data is logically inconsistent (HermiT)" in stderr
    assert "Ministry of Home Affairs <gsd:moha>: is both" in stderr
    assert "gswg:DevelopmentPartner" in stderr and "gswg:GovernmentBody" in stderr
    assert snapshot(out) == before


def test_build_of_a_fresh_folder_writes_nothing_when_refused(
    runner: CliRunner, mini: ResourceRoot, tmp_path: Path
) -> None:
    (mini.shapes_dir / "extra.ttl").write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "@prefix gswg: <https://w3id.org/gswg/ontology#> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        "<https://example.org/shapes#NeedsAltLabel> a sh:NodeShape ;\n"
        "    sh:targetClass gswg:GovernmentBody ;\n"
        "    sh:property [ sh:path skos:altLabel ; sh:minCount 1 ] .\n",
        encoding="utf-8",
    )
    out = tmp_path / "dist"
    code, _stdout, stderr = build(runner, mini, out)
    assert code == 1
    assert "2 violations" in stderr
    assert not out.exists()
