"""Parsing: located, readable errors for every format, and what load_project takes in."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDFS

from gswg_graph.errors import InputError
from gswg_graph.loading import FORMATS, load_project, parse_file, rdf_format
from gswg_graph.namespaces import GSD, GSWG, PREFIXES
from gswg_graph.resources import ResourceRoot

from .helpers import REPO_ROOT, break_line

TTL_HEAD = "@prefix ex: <http://example.org/> .\n"


@dataclass(frozen=True)
class BadFile:
    """A file with one known mistake, and where and how the error must point at it."""

    id: str
    name: str
    content: str
    line: int
    column: int | None
    reason: str


BAD_FILES = [
    BadFile(
        "turtle-unterminated-string",
        "bad.ttl",
        TTL_HEAD + '\nex:a ex:b ex:c .\nex:d ex:e "unterminated .\nex:f ex:g ex:h .\n',
        4,
        26,
        "newline found in string literal",
    ),
    BadFile(
        "turtle-missing-dot",
        "bad.ttl",
        TTL_HEAD + "ex:a ex:b ex:c .\n\nex:d ex:e ex:f\nex:g ex:h ex:i .\n",
        5,
        1,
        "expected '.' or ']' to end the statement",
    ),
    BadFile(
        "turtle-undeclared-prefix",
        "bad.ttl",
        TTL_HEAD + "ex:a ex:b ex:c .\nex:d    foo:e ex:f .\n",
        3,
        9,
        "prefix foo: is used but not declared",
    ),
    BadFile(
        "turtle-truncated",
        "bad.ttl",
        TTL_HEAD + "ex:a ex:b ex:c\n",
        2,
        None,
        "the file ends in the middle of a statement",
    ),
    BadFile(
        "ntriples-missing-dot",
        "bad.nt",
        "<http://e/a> <http://e/b> <http://e/c> .\n<http://e/a> <http://e/b> <http://e/c>\n",
        2,
        None,
        "not a valid N-Triples statement",
    ),
    BadFile(
        "jsonld-trailing-comma",
        "bad.jsonld",
        '{\n "@id": "http://e/a",\n "http://e/b": [1, 2,]\n}\n',
        3,
        22,
        "invalid JSON",
    ),
    BadFile(
        "rdfxml-mismatched-tag",
        "bad.rdf",
        '<?xml version="1.0"?>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://e/">\n'
        '  <rdf:Description rdf:about="http://e/a">\n'
        "    <ex:b>x</ex:c>\n"
        "  </rdf:Description>\n"
        "</rdf:RDF>\n",
        4,
        14,
        "mismatched tag",
    ),
    BadFile(
        "rdfxml-bad-attributes",
        "bad.owl",
        '<?xml version="1.0"?>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://e/">\n'
        '  <rdf:Description rdf:about="http://e/a">\n'
        '    <ex:b rdf:resource="http://e/x" rdf:nodeID="x"/>\n'
        "  </rdf:Description>\n"
        "</rdf:RDF>\n",
        4,
        5,
        "cannot have both rdf:nodeID and rdf:resource",
    ),
]


@pytest.mark.parametrize("case", BAD_FILES, ids=[case.id for case in BAD_FILES])
def test_syntax_error_names_file_line_and_problem(tmp_path: Path, case: BadFile) -> None:
    path = tmp_path / case.name
    path.write_text(case.content, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        parse_file(path)
    error = caught.value
    assert (error.path, error.line, error.column) == (path, case.line, case.column)
    assert case.reason in error.message
    assert f"{path}:{case.line}" in error.render()
    assert error.hint


@pytest.mark.parametrize("case", BAD_FILES, ids=[case.id for case in BAD_FILES])
def test_syntax_error_message_has_no_parser_noise(tmp_path: Path, case: BadFile) -> None:
    path = tmp_path / case.name
    path.write_text(case.content, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        parse_file(path)
    message = caught.value.message
    for noise in ("b'", "\\n", "file://", "Bad syntax", "^", "Traceback"):
        assert noise not in message
    assert "\n" not in message


@pytest.mark.parametrize(
    ("suffix", "parser"),
    [(".ttl", "turtle"), (".nt", "nt"), (".jsonld", "json-ld"), (".json", "json-ld"),
     (".rdf", "xml"), (".owl", "xml"), (".TTL", "turtle")],
)  # fmt: skip
def test_format_follows_extension(suffix: str, parser: str) -> None:
    assert rdf_format(Path(f"x{suffix}")).parser == parser


@pytest.mark.parametrize("name", ["notes.csv", "data.n3", "README", "graph.ttl.bak"])
def test_unknown_extension_lists_the_accepted_ones(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text("", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        parse_file(path)
    assert caught.value.path == path
    assert all(ext in caught.value.message for ext in FORMATS)


def test_missing_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "absent.ttl"
    with pytest.raises(InputError, match=r"file not found: .*absent\.ttl"):
        parse_file(path)


def test_folder_given_as_file_is_named(tmp_path: Path) -> None:
    folder = tmp_path / "folder.ttl"
    folder.mkdir()
    with pytest.raises(InputError, match="expected a file but found a folder"):
        parse_file(folder)


def test_non_utf8_turtle_points_at_the_byte(tmp_path: Path) -> None:
    path = tmp_path / "latin1.ttl"
    path.write_bytes(TTL_HEAD.encode() + b'ex:a ex:b "caf\xe9" .\n')
    with pytest.raises(InputError, match="not valid UTF-8") as caught:
        parse_file(path)
    assert (caught.value.line, caught.value.column) == (2, 15)


def test_iri_with_a_space_is_rejected_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "space.ttl"
    path.write_text(TTL_HEAD + "ex:a ex:b ex:c .\nex:a ex:b <http://e/a b> .\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"invalid IRI <http://e/a b>") as caught:
        parse_file(path)
    assert caught.value.line == 3


def test_relative_iri_is_rejected_because_it_would_embed_a_local_path(tmp_path: Path) -> None:
    path = tmp_path / "relative.ttl"
    path.write_text(TTL_HEAD + "ex:a ex:b <#local> .\n", encoding="utf-8")
    with pytest.raises(InputError, match="relative") as caught:
        parse_file(path)
    assert caught.value.line == 2


def test_good_file_parses_into_the_given_graph(tmp_path: Path) -> None:
    path = tmp_path / "good.ttl"
    path.write_text(TTL_HEAD + 'ex:a ex:b "c"@lo .\n', encoding="utf-8")
    graph = Graph()
    returned = parse_file(path, graph)
    assert returned is graph
    ex = "http://example.org/"
    assert (URIRef(ex + "a"), URIRef(ex + "b"), Literal("c", lang="lo")) in graph


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.ttl"
    path.write_bytes(b"\xef\xbb\xbf" + (TTL_HEAD + "ex:a ex:b ex:c .\n").encode())
    assert len(parse_file(path)) == 1


# --- load_project -------------------------------------------------------------------------------


def test_project_graph_holds_ontology_and_every_data_file(mini: ResourceRoot) -> None:
    graph = load_project(mini)
    assert (GSWG.Secretariat, RDFS.subClassOf, GSWG.CoordinationBody) in graph  # ontology
    assert (GSD.moha, RDFS.label, Literal("Ministry of Home Affairs", lang="en")) in graph  # data
    assert (GSD["m-eu-legal"], None, None) in graph  # another data file


def test_project_graph_equals_the_union_of_its_files(mini: ResourceRoot) -> None:
    expected = Graph()
    for path in [*sorted(mini.ontology_dir.glob("*.ttl")), *mini.data_files()]:
        expected.parse(path, format="turtle")
    assert isomorphic(load_project(mini), expected)


def test_shapes_are_checked_but_not_released(mini: ResourceRoot) -> None:
    graph = load_project(mini)
    assert (URIRef("https://w3id.org/gswg/shapes#CoordinationBodyShape"), None, None) not in graph


def test_project_prefixes_are_bound(mini: ResourceRoot) -> None:
    bound = {prefix: str(ns) for prefix, ns in load_project(mini).namespaces()}
    assert all(bound.get(prefix) == ns for prefix, ns in PREFIXES.items())


def test_data_file_added_later_is_loaded(mini: ResourceRoot) -> None:
    (mini.data_dir / "zz-extra.ttl").write_text(
        "@prefix gsd: <https://w3id.org/gswg/id/> .\n"
        "@prefix gswg: <https://w3id.org/gswg/ontology#> .\n"
        "gsd:ministry-x a gswg:GovernmentBody .\n",
        encoding="utf-8",
    )
    assert (GSD["ministry-x"], None, None) in load_project(mini)


@pytest.mark.parametrize(
    ("folder", "expected"),
    [
        ("data", "data folder not found"),
        ("ontology", "ontology folder not found"),
    ],
)
def test_missing_folder_is_named(mini: ResourceRoot, folder: str, expected: str) -> None:
    shutil.rmtree(mini.root / folder)
    with pytest.raises(InputError) as caught:
        load_project(mini)
    assert expected in caught.value.message
    assert str(mini.root / folder) in caught.value.message
    assert f"{folder}/*.ttl" in caught.value.message


@pytest.mark.parametrize("folder", ["data", "ontology"])
def test_folder_without_turtle_files_is_an_error(mini: ResourceRoot, folder: str) -> None:
    for path in (mini.root / folder).glob("*.ttl"):
        path.unlink()
    (mini.root / folder / "notes.txt").write_text("not RDF", encoding="utf-8")
    with pytest.raises(InputError, match=f"{folder} folder has no Turtle files"):
        load_project(mini)


def test_missing_resources_root_is_named(tmp_path: Path) -> None:
    root = ResourceRoot(tmp_path / "nowhere")
    with pytest.raises(InputError, match=r"resources folder not found: .*nowhere"):
        load_project(root)


def test_missing_shapes_folder_does_not_stop_loading(mini: ResourceRoot) -> None:
    shutil.rmtree(mini.shapes_dir)
    assert len(load_project(mini)) > 0


@pytest.mark.parametrize(
    ("relative", "line"),
    [("ontology/gswg.ttl", 14), ("data/groups.ttl", 9), ("shapes/shapes.ttl", 6)],
)
def test_syntax_error_in_any_project_folder_names_the_file(
    mini: ResourceRoot, relative: str, line: int
) -> None:
    path = mini.root / relative
    break_line(path, line, '<http://e/x> <http://e/y> "unterminated')
    with pytest.raises(InputError) as caught:
        load_project(mini)
    assert (caught.value.path, caught.value.line) == (path, line)


@pytest.mark.parametrize(
    "path",
    sorted(
        [
            *(REPO_ROOT / "ontology").glob("*.ttl"),
            *(REPO_ROOT / "data").glob("*.ttl"),
            *(REPO_ROOT / "shapes").glob("*.ttl"),
        ]
    ),
    ids=lambda path: f"{path.parent.name}/{path.name}",
)
def test_fast_parser_reads_what_rdflib_reads(path: Path) -> None:
    """parse_file reads Turtle with pyoxigraph: the same triples and prefixes as rdflib's parser."""
    fast = parse_file(path)
    slow = Graph().parse(path, format="turtle", publicID=path.resolve().as_uri())
    assert len(fast) == len(slow)
    assert isomorphic(fast, slow)
    assert dict(fast.namespaces()) == dict(slow.namespaces())
