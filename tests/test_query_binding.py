"""Parameters are RDF terms in a VALUES block, never query text; headers are read strictly."""

from __future__ import annotations

from pathlib import Path

import pytest

from gswg_graph.errors import InputError, UsageError
from gswg_graph.querying import (
    XSD_BOOLEAN,
    XSD_INTEGER,
    OxigraphBackend,
    Term,
    check_syntax,
    code_only,
    execute,
    inject_values,
    parse_spec,
)

HOSTILE = [
    'x" } ; DROP ALL ; #',
    "x' } ; DROP ALL ; #",
    '""" } DROP ALL { """',
    "a\nb\r\nc\td",
    'back\\slash \\" end',
    '} } } VALUES ?name { "other" }',
    "<http://example.org/x> ; DELETE WHERE { ?s ?p ?o }",
    "ກະຊວງພາຍໃນ # not a comment",
]

ECHO = """# title: echo
# description: gives back its parameter
# param: name - anything (required)
SELECT ?name ?length WHERE {
  BIND(STRLEN(?name) AS ?length)
}
"""


def echo(value: str, backend: OxigraphBackend) -> tuple[Term | None, ...]:
    spec = parse_spec(ECHO, "echo")
    (row,) = execute(spec, backend, {"name": value}).rows
    return row


@pytest.mark.parametrize("value", HOSTILE)
def test_a_hostile_value_is_one_literal(value: str, local_engine: OxigraphBackend) -> None:
    name, length = echo(value, local_engine)
    assert name == Term.literal(value)
    assert length == Term.literal(str(len(value)), XSD_INTEGER)


@pytest.mark.parametrize("value", HOSTILE)
def test_a_hostile_value_leaves_the_store_alone(value: str, local_engine: OxigraphBackend) -> None:
    before = local_engine.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows
    echo(value, local_engine)
    assert local_engine.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows == before


@pytest.mark.parametrize(
    ("query", "param"),
    [
        ("find-organisation", "name"),
        ("members-of-group", "group"),
        ("mandates", "group"),
        ("contacts", "group"),
    ],
)
def test_hostile_values_match_nothing_in_the_named_queries(
    local_engine: OxigraphBackend, query: str, param: str
) -> None:
    """The value is a name like any other: it matches no organisation, and as a group it is
    reported as a group nobody has, quoted as given."""
    from gswg_graph.errors import UsageError
    from gswg_graph.querying import QueryLibrary
    from gswg_graph.resources import ResourceRoot

    from .helpers import REPO_ROOT

    spec = QueryLibrary(ResourceRoot(REPO_ROOT)).load(query)
    before = local_engine.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows
    if param == "group":
        with pytest.raises(UsageError) as raised:
            execute(spec, local_engine, {param: HOSTILE[0]})
        assert raised.value.message.startswith(f"query {query}: no group named {HOSTILE[0]!r}")
    else:
        assert execute(spec, local_engine, {param: HOSTILE[0]}).rows == ()
    assert local_engine.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows == before


def test_values_go_after_the_where_brace_and_not_into_strings_or_comments() -> None:
    text = (
        "# a { in a comment\n"
        "PREFIX ex: <http://example.org/x#> # and { here\n"
        'SELECT ?a (CONCAT("{", ?b) AS ?c) WHERE {\n'
        "  ?a ex:p ?b .\n"
        "}\n"
    )
    bound = inject_values(text, {"b": Term.literal("v")})
    assert bound.splitlines()[2] == (
        'SELECT ?a (CONCAT("{", ?b) AS ?c) WHERE { VALUES (?b) { ("v") } '
    )
    assert bound.count("\n") == text.count("\n")  # line numbers unchanged


def test_code_only_blanks_strings_comments_and_iris() -> None:
    text = 'SELECT * WHERE { ?s <http://e/#x> """a { b""" , \'c } d\' } # { }\n'
    code = code_only(text)
    assert len(code) == len(text)
    assert code.count("{") == 1 and code.count("}") == 1


def test_a_less_than_sign_is_not_taken_for_an_iri() -> None:
    text = "SELECT ?x WHERE { ?x <http://e/p> ?n FILTER(?n<3) { ?x ?y ?z } }"
    assert code_only(text).count("{") == 2


@pytest.mark.parametrize(
    ("given", "expected"),
    [("true", "true"), ("TRUE", "true"), ("yes", "true"), ("1", "true"), (True, "true"),
     ("false", "false"), ("no", "false"), ("0", "false"), (False, "false")],
)  # fmt: skip
def test_boolean_parameters(given: object, expected: str) -> None:
    spec = parse_spec(
        "# title: t\n# description: d\n# param: flag - a flag (false)\nASK { FILTER(?flag) }\n",
        "t",
    )
    assert spec.bind({"flag": given})["flag"] == Term.literal(expected, XSD_BOOLEAN)


def test_a_boolean_parameter_rejects_other_words() -> None:
    spec = parse_spec(
        "# title: t\n# description: d\n# param: flag - a flag (false)\nASK { FILTER(?flag) }\n",
        "t",
    )
    with pytest.raises(UsageError, match="takes true or false, not 'maybe'"):
        spec.bind({"flag": "maybe"})


def test_an_integer_parameter() -> None:
    spec = parse_spec(
        "# title: t\n# description: d\n# param: n - how many (3)\nSELECT ?n WHERE { }\n", "t"
    )
    assert spec.bind({})["n"] == Term.literal("3", XSD_INTEGER)
    with pytest.raises(UsageError, match="whole number"):
        spec.bind({"n": "three"})


def test_lang_is_bound_only_where_used() -> None:
    with_lang = parse_spec("# title: t\n# description: d\nSELECT ?lang WHERE { }\n", "t")
    without = parse_spec("# title: t\n# description: d\nSELECT ?x WHERE { }\n", "t")
    assert with_lang.bind({}, "lo") == {"lang": Term.literal("lo")}
    assert without.bind({}, "lo") == {}


def test_missing_parameter_names_it_and_the_valid_ones() -> None:
    spec = parse_spec(ECHO, "echo")
    with pytest.raises(UsageError, match=r"missing parameter 'name' .*valid parameters: name"):
        spec.bind({})


def test_unknown_parameter_names_the_valid_ones() -> None:
    spec = parse_spec(ECHO, "echo")
    with pytest.raises(UsageError, match=r"unknown parameter 'nmae' .*valid parameters: name"):
        spec.bind({"nmae": "x"})


def test_header_continuation_lines_are_joined() -> None:
    spec = parse_spec(
        "# title: t\n# description: first line\n#   second line\nSELECT ?x WHERE { }\n", "t"
    )
    assert spec.description == "first line second line"


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("# description: d\nSELECT ?x WHERE { }\n", 1, "lacks '# title: ...'"),
        ("# title: t\nSELECT ?x WHERE { }\n", 1, "lacks '# description: ...'"),
        ("# title: t\n# description: d\n# param: x without dash (1)\nSELECT ?x {}\n", 3,
         "cannot read the parameter line"),
        ("# title: t\n# description: d\n# param: lang - language (en)\nSELECT ?lang {}\n", 3,
         "reserved"),
        ("# title: t\n# description: d\n# param: y - unused (1)\nSELECT ?x {}\n", 3,
         r"never uses \?y"),
        ("# title: t\n# title: u\n# description: d\nSELECT ?x {}\n", 2, "exactly one"),
    ],
)  # fmt: skip
def test_bad_headers_are_located(text: str, line: int, message: str) -> None:
    with pytest.raises(InputError, match=message) as caught:
        parse_spec(text, "t", Path("t.rq"), strict=True)
    assert caught.value.line == line


def test_a_user_file_needs_no_header() -> None:
    spec = parse_spec("SELECT ?x WHERE { ?x ?p ?o }\n", "mine", strict=False)
    assert spec.title == "mine" and spec.params == ()


def test_construct_queries_are_refused() -> None:
    with pytest.raises(InputError, match="CONSTRUCT queries are not supported"):
        parse_spec("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }\n", "c", strict=False)


@pytest.mark.parametrize("iri", ["http://e/a b", "http://e/a>b", "no-scheme"])
def test_invalid_iris_cannot_be_serialised(iri: str) -> None:
    with pytest.raises(UsageError, match="cannot use"):
        Term.iri(iri).sparql()


def test_terms_serialise_with_escapes() -> None:
    assert Term.literal('a"b\nc\\').sparql() == '"a\\"b\\nc\\\\"'
    assert Term.literal("x", lang="lo").sparql() == '"x"@lo'
    assert Term.literal("true", XSD_BOOLEAN).sparql().endswith("#boolean>")


@pytest.mark.parametrize(
    ("text", "line", "column", "says"),
    [
        ("SELECT ?m WHERE {\n  ?m ?p ?o\n  FILTER(?o = )\n}\n", 3, 3, "FILTER(?o = )"),
        ("SELECT ?m WHERE {\n  ?m ?p ?o .\n  ?m foo:bar ?o .\n}\n", 3, 13, "prefix foo:"),
        ("SELECT ?m WHERE {\n  ?m ?p ?o .\n}\nORDER ?m\n", 4, 9, "expected BY"),
        ('SELECT ?m WHERE {\n  ?m ?p "abc .\n}\n', 2, 15, 'line reads: ?m ?p "abc .'),
        (
            "PREFIX e: <http://e/>\nSELECT ?x WHERE { ?m ?p ?o } GROUP BY ?m\n",
            2,
            1,
            "neither grouped",
        ),
    ],
)
def test_syntax_errors_are_located(text: str, line: int, column: int, says: str) -> None:
    spec = parse_spec(text, "mine", Path("mine.rq"), strict=False)
    with pytest.raises(InputError, match="SPARQL syntax error") as caught:
        check_syntax(spec)
    assert (caught.value.line, caught.value.column) == (line, column)
    assert str(caught.value.path) == "mine.rq"
    assert says in caught.value.message
