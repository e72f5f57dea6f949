"""Release files: counts, faithful round trips, manifest, reproducibility, all-or-nothing."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import SKOS, XSD

from gswg_graph import release
from gswg_graph.atomic import StagedFiles
from gswg_graph.errors import ReleaseError
from gswg_graph.loading import load_project
from gswg_graph.namespaces import GSD, GSWG, PREFIXES
from gswg_graph.release import RELEASE_FORMATS, ReleaseFormat, build_release
from gswg_graph.resources import ResourceRoot

from .helpers import MINI_COUNTS, snapshot

RDFLIB_PARSER = {
    "gswg.ttl": "turtle",
    "gswg.nt": "nt",
    "gswg.jsonld": "json-ld",
    "gswg.owl": "xml",
}


@pytest.fixture
def graph(mini: ResourceRoot) -> Graph:
    return load_project(mini)


@pytest.fixture
def dist(tmp_path: Path, graph: Graph) -> Path:
    out = tmp_path / "dist"
    build_release(graph, out)
    return out


def test_every_release_format_is_covered_by_the_round_trip_test() -> None:
    assert {fmt.filename for fmt in RELEASE_FORMATS} == set(RDFLIB_PARSER)


def test_summary_counts_instances_through_subclasses(tmp_path: Path, graph: Graph) -> None:
    summary = build_release(graph, tmp_path / "dist")
    assert {k: v for k, v in summary.counts().items() if k != "triples"} == MINI_COUNTS
    assert summary.triples == len(graph)


@pytest.mark.parametrize(("name", "expected"), sorted(MINI_COUNTS.items()))
def test_each_count_grows_with_a_new_instance_of_a_subclass(
    tmp_path: Path, graph: Graph, name: str, expected: int
) -> None:
    subclass = {
        "groups": GSWG.SubSectorWorkingGroup,
        "organisations": GSWG.BilateralPartner,
        "memberships": URIRef("http://www.w3.org/ns/org#Membership"),
        "mandates": GSWG.TermOfReference,
    }[name]
    graph.add((GSD["new-instance"], URIRef(str(PREFIXES["rdfs"]) + "label"), Literal("new")))
    graph.add(
        (GSD["new-instance"], URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), subclass)
    )
    assert build_release(graph, tmp_path / "dist").counts()[name] == expected + 1


def test_files_are_written_and_listed(dist: Path) -> None:
    expected = {fmt.filename for fmt in RELEASE_FORMATS} | {"manifest.json"}
    assert set(snapshot(dist)) == expected


@pytest.mark.parametrize("filename", sorted(RDFLIB_PARSER))
def test_release_file_parses_back_to_the_same_graph(
    dist: Path, graph: Graph, filename: str
) -> None:
    parsed = Graph().parse(dist / filename, format=RDFLIB_PARSER[filename])
    assert isomorphic(parsed, graph)


@pytest.fixture(scope="module")
def project_release(
    tmp_path_factory: pytest.TempPathFactory, project: ResourceRoot
) -> tuple[Graph, Path]:
    """The project's own graph and its release (the mini fixture cannot show every construct)."""
    graph = load_project(project)
    out = tmp_path_factory.mktemp("project") / "dist"
    build_release(graph, out, sources=project)
    return graph, out


@pytest.mark.parametrize("filename", sorted(RDFLIB_PARSER))
def test_project_release_file_parses_back_to_the_loaded_graph(
    project_release: tuple[Graph, Path], filename: str
) -> None:
    graph, out = project_release
    parsed = Graph().parse(out / filename, format=RDFLIB_PARSER[filename])
    assert len(parsed) == len(graph)
    assert isomorphic(parsed, graph)


def test_manifest_names_the_sources_it_was_built_from(
    project_release: tuple[Graph, Path], project: ResourceRoot, mini: ResourceRoot
) -> None:
    _, out = project_release
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["sources_sha256"] == project.fingerprint()
    before = mini.fingerprint()
    edited = mini.data_files()[0]
    edited.write_text(edited.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert mini.fingerprint() != before


@pytest.mark.parametrize("filename", sorted(RDFLIB_PARSER))
@pytest.mark.parametrize(
    ("predicate", "lexical", "datatype"),
    [(SKOS.notation, "GSWG", XSD.string), (GSWG.budgetShare, "1.50", XSD.decimal)],
)
def test_release_file_keeps_datatype_and_lexical_form(
    dist: Path, filename: str, predicate: URIRef, lexical: str, datatype: URIRef
) -> None:
    parsed = Graph().parse(dist / filename, format=RDFLIB_PARSER[filename])
    value = parsed.value(GSD.gswg, predicate)
    assert isinstance(value, Literal)
    assert (str(value), value.datatype) == (lexical, datatype)


def test_jsonld_context_has_the_project_prefixes(dist: Path) -> None:
    document = json.loads((dist / "gswg.jsonld").read_text(encoding="utf-8"))
    assert PREFIXES.items() <= document["@context"].items()
    assert any(node["@id"] == "gsd:gswg" for node in document["@graph"])


def test_manifest_describes_every_file(dist: Path, graph: Graph) -> None:
    manifest = json.loads((dist / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["triples"] == len(graph)
    assert manifest["counts"] == MINI_COUNTS
    assert manifest["ontology_version"] == "0.0.1-test"
    listed = {entry["path"]: entry for entry in manifest["files"]}
    assert set(listed) == {fmt.filename for fmt in RELEASE_FORMATS}
    for name, entry in listed.items():
        payload = (dist / name).read_bytes()
        assert (entry["bytes"], entry["sha256"]) == (
            len(payload),
            hashlib.sha256(payload).hexdigest(),
        )


def test_owl_file_loads_in_owlready2(dist: Path) -> None:
    owlready2 = pytest.importorskip("owlready2")
    world = owlready2.World()
    ontology = world.get_ontology((dist / "gswg.owl").as_uri()).load()
    assert ontology.base_iri.startswith("https://w3id.org/gswg/ontology")
    assert world[str(GSWG.SectorWorkingGroup)] is not None


def test_builds_are_byte_identical_across_processes(tmp_path: Path, mini: ResourceRoot) -> None:
    """Different hash seeds reorder rdflib's sets; the release must not change with them."""
    script = (
        "import sys; from pathlib import Path;"
        "from gswg_graph.loading import load_project;"
        "from gswg_graph.release import build_release;"
        "from gswg_graph.resources import ResourceRoot;"
        "build_release(load_project(ResourceRoot(Path(sys.argv[1]))), Path(sys.argv[2]))"
    )
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"dist-{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(
            [sys.executable, "-c", script, str(mini.root), str(out)], check=True, env=env
        )
        outputs.append(snapshot(out))
    assert outputs[0] == outputs[1]


def test_unwritable_format_leaves_previous_release_untouched(dist: Path, graph: Graph) -> None:
    before = snapshot(dist)
    # RDF/XML cannot express a property whose IRI does not end in an XML name.
    graph.add((GSD.gswg, URIRef("https://example.org/terms/123"), Literal("x")))
    with pytest.raises(ReleaseError, match="RDF/XML") as caught:
        build_release(graph, dist)
    assert caught.value.hint
    assert snapshot(dist) == before


def test_failing_last_format_leaves_previous_release_untouched(
    monkeypatch: pytest.MonkeyPatch, dist: Path, graph: Graph
) -> None:
    before = snapshot(dist)

    def explode(_graph: Graph) -> bytes:
        raise ValueError("boom")

    broken = (
        *RELEASE_FORMATS[:-1],
        ReleaseFormat("gswg.owl", "application/rdf+xml", "RDF/XML", explode),
    )
    monkeypatch.setattr(release, "RELEASE_FORMATS", broken)
    graph.add((GSD.gswg, GSWG.meetingsPerYear, Literal(12)))
    with pytest.raises(ReleaseError, match="boom"):
        build_release(graph, dist)
    assert snapshot(dist) == before


def test_write_failure_midway_leaves_previous_release_untouched(
    monkeypatch: pytest.MonkeyPatch, dist: Path, graph: Graph
) -> None:
    before = snapshot(dist)
    real_write = StagedFiles.write

    def write_two_then_fail(self: StagedFiles, target: Path, payload: bytes) -> None:
        if target.name == "gswg.jsonld":
            raise OSError(28, "No space left on device", str(target))
        real_write(self, target, payload)

    monkeypatch.setattr(StagedFiles, "write", write_two_then_fail)
    graph.add((GSD.gswg, GSWG.meetingsPerYear, Literal(12)))
    with pytest.raises(ReleaseError, match="No space left on device"):
        build_release(graph, dist)
    assert snapshot(dist) == before  # also: no temporary files left behind


def test_output_folder_that_is_a_file_is_reported(tmp_path: Path, graph: Graph) -> None:
    target = tmp_path / "dist"
    target.write_text("not a folder", encoding="utf-8")
    with pytest.raises(ReleaseError, match="output folder is a file"):
        build_release(graph, target)


def test_missing_output_folder_is_created(tmp_path: Path, graph: Graph) -> None:
    summary = build_release(graph, tmp_path / "a" / "b" / "dist")
    assert all(path.is_file() for path in summary.files)


def test_release_does_not_depend_on_blank_node_ids_or_triple_order(
    tmp_path: Path, mini: ResourceRoot
) -> None:
    first = load_project(mini)
    second = Graph()  # a fresh parse (new random blank node ids), triples added in reverse order
    for triple in sorted(load_project(mini), key=lambda t: tuple(x.n3() for x in t), reverse=True):
        second.add(triple)
    build_release(first, tmp_path / "first")
    build_release(second, tmp_path / "second")
    assert snapshot(tmp_path / "first") == snapshot(tmp_path / "second")


def test_blank_nodes_get_distinct_labels_when_they_differ() -> None:
    graph = Graph().parse(
        data="@prefix ex: <http://example.org/> .\n"
        'ex:a ex:address [ ex:street "1" ] .\n'
        'ex:b ex:address [ ex:street "1" ] .\n'
        "ex:c ex:address [ ex:street [ ex:no 2 ] ] .\n",
        format="turtle",
    )
    labels = release.stable_bnode_labels(graph)
    assert len(labels) == 4
    assert len(set(labels.values())) == 4
    assert isomorphic(release.reproducible(graph), graph)
