"""Hostile XML is refused before anything is expanded or fetched, with file and line (exit 2)."""

from __future__ import annotations

import ast
import socket
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from gswg_graph import safexml
from gswg_graph.cli import gswg
from gswg_graph.cli.iati import iati
from gswg_graph.errors import InputError
from gswg_graph.loading import parse_file

from .sparql_server import Canned, stub_server

REPO = Path(__file__).resolve().parents[1]
CROSSWALK = REPO / "data" / "crosswalk.ttl"

BODY = (
    '<iati-activities version="2.03"><iati-activity><iati-identifier>{}</iati-identifier>'
    "</iati-activity></iati-activities>\n"
)


@pytest.fixture
def secret(tmp_path: Path) -> tuple[Path, str]:
    """A local file whose content must never show up anywhere."""
    token = f"TOPSECRET-{uuid.uuid4().hex}"
    path = tmp_path / "secret.txt"
    path.write_text(token + "\n", encoding="utf-8")
    return path, token


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    """A local TCP server nobody should connect to (an external entity would)."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    server.setblocking(False)
    yield server
    server.close()


def _connections(server: socket.socket) -> int:
    count = 0
    while True:
        try:
            connection, _ = server.accept()
        except BlockingIOError:
            return count
        connection.close()
        count += 1


def billion_laughs(_: Path, __: str, ___: int) -> tuple[str, int]:
    levels = ['<!ENTITY lol0 "lol">']
    for i in range(1, 10):
        levels.append(f'<!ENTITY lol{i} "' + f"&lol{i - 1};" * 10 + '">')
    text = '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n' + "\n".join(levels) + "\n]>\n"
    return text + BODY.format("&lol9;"), 2


def xxe_file(secret_path: Path, _: str, __: int) -> tuple[str, int]:
    doctype = f'<!DOCTYPE iati-activities [<!ENTITY xxe SYSTEM "file://{secret_path}">]>'
    return f'<?xml version="1.0"?>\n{doctype}\n' + BODY.format("&xxe;"), 2


def xxe_parameter_entity(secret_path: Path, _: str, __: int) -> tuple[str, int]:
    doctype = f'<!DOCTYPE iati-activities [<!ENTITY % p SYSTEM "file://{secret_path}"> %p;]>'
    return f"{doctype}\n" + BODY.format("x"), 1


def xxe_http_port_1(_: Path, __: str, ___: int) -> tuple[str, int]:
    doctype = '<!DOCTYPE iati-activities [<!ENTITY e SYSTEM "http://127.0.0.1:1/">]>'
    return f'<?xml version="1.0"?>\n\n{doctype}\n' + BODY.format("&e;"), 3


def xxe_http_listener(_: Path, __: str, port: int) -> tuple[str, int]:
    doctype = f'<!DOCTYPE iati-activities [<!ENTITY e SYSTEM "http://127.0.0.1:{port}/x">]>'
    return f"{doctype}\n" + BODY.format("&e;"), 1


def external_dtd(_: Path, __: str, port: int) -> tuple[str, int]:
    doctype = f'<!DOCTYPE iati-activities SYSTEM "http://127.0.0.1:{port}/iati.dtd">'
    return f'<?xml version="1.0"?>\n{doctype}\n' + BODY.format("x"), 2


def doctype_only(_: Path, __: str, ___: int) -> tuple[str, int]:
    return "<!DOCTYPE iati-activities>\n", 1


def doctype_after_long_comment(_: Path, __: str, ___: int) -> tuple[str, int]:
    comment = "<!--" + ("x" * 99 + "\n") * 1500 + "-->"  # 150 kB: past the first read chunk
    return comment + "\n<!DOCTYPE iati-activities>\n" + BODY.format("x"), 1502


HOSTILE: dict[str, Callable[[Path, str, int], tuple[str, int]]] = {
    "billion-laughs": billion_laughs,
    "xxe-local-file": xxe_file,
    "xxe-parameter-entity": xxe_parameter_entity,
    "xxe-http-port-1": xxe_http_port_1,
    "xxe-http-local-listener": xxe_http_listener,
    "external-dtd": external_dtd,
    "doctype-only": doctype_only,
    "doctype-after-long-comment": doctype_after_long_comment,
}


def test_hostile_cases_are_all_collected() -> None:
    assert len(HOSTILE) == 8


def test_utf16_doctype_is_refused(tmp_path: Path) -> None:
    hostile = tmp_path / "utf16.xml"
    text = '<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE x [<!ENTITY a "b">]>\n<x>&a;</x>'
    hostile.write_bytes(text.encode("utf-16"))
    with pytest.raises(InputError) as caught:
        safexml.read_root(hostile)
    assert caught.value.line == 2
    assert caught.value.path == hostile


@pytest.mark.parametrize("reader", ["read_root", "iter_elements", "parse"])
def test_every_entry_point_refuses_a_doctype(
    reader: str, tmp_path: Path, secret: tuple[Path, str]
) -> None:
    secret_path, token = secret
    text, _line = xxe_file(secret_path, token, 0)
    hostile = tmp_path / "xxe.xml"
    hostile.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match="DOCTYPE") as caught:
        if reader == "read_root":
            safexml.read_root(hostile)
        elif reader == "iter_elements":
            list(safexml.iter_elements(hostile, "iati-activity"))
        else:
            safexml.parse(hostile)
    assert token not in str(caught.value)
    assert caught.value.line == 2


MALFORMED = {
    "mismatched-tag": ('<iati-activities version="2.03">\n<a></b>\n</iati-activities>', 2),
    "truncated": ('<iati-activities version="2.03">\n<iati-activity>\n', 3),
    "bad-entity": ('<iati-activities version="2.03">\n<a>&undefined;</a></iati-activities>', 2),
    "empty": ("", 1),
    "late-error": (
        '<iati-activities version="2.03">\n'
        + "<iati-activity><iati-identifier>A</iati-identifier></iati-activity>\n" * 3000
        + "<oops>\n</iati-activities>\n",
        3003,
    ),
}


def test_malformed_cases_are_all_collected() -> None:
    assert len(MALFORMED) == 5


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_malformed_xml_names_file_line_and_column(case: str, tmp_path: Path) -> None:
    text, line = MALFORMED[case]
    bad = tmp_path / f"{case}.xml"
    bad.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(
        iati, ["import", str(bad), "--quiet", "--crosswalk", str(CROSSWALK)]
    )
    assert result.exit_code == 2, result.output
    assert f"{bad}:{line}:" in result.stderr
    assert "malformed XML" in result.stderr or "no root element" in result.stderr


def test_well_formed_document_streams_and_frees_elements(tmp_path: Path) -> None:
    path = tmp_path / "ok.xml"
    path.write_text(
        '<?xml version="1.0"?>\n<!-- a comment -->\n<r>'
        + "".join(f"<e n='{i}'><c/></e>" for i in range(50))
        + "</r>",
        encoding="utf-8",
    )
    seen = []
    for element in safexml.iter_elements(path, "e"):
        seen.append(element.get("n"))
        parent = element.getparent()
        assert parent is not None
        previous = element.getprevious()  # at most the last one, already cleared
        assert previous is None or (len(previous) == 0 and previous.getprevious() is None)
    assert seen == [str(i) for i in range(50)]


def test_every_parser_uses_the_hardened_options() -> None:
    tree = ast.parse(Path(safexml.__file__).read_text(encoding="utf-8"))
    calls = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in {"XMLPullParser", "iterparse", "XMLParser"}
    ]
    assert len(calls) == 3
    for call in calls:
        given = {k.arg: k.value.value for k in call.keywords if isinstance(k.value, ast.Constant)}
        for name, value in safexml.PARSER_OPTIONS.items():
            assert given.get(name) is value, (call.func, name)


# ---- RDF/XML (gswg validate, gswg reason, and anything else that parses it with rdflib) ----

RDF_BODY = (
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"\n'
    ' xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#"><rdf:Description'
    ' rdf:about="https://example.org/note"><rdfs:comment>{}</rdfs:comment></rdf:Description>'
    "</rdf:RDF>\n"
)
MINI = REPO / "tests" / "fixtures" / "mini"


def as_rdfxml(text: str) -> str:
    """A hostile IATI document of HOSTILE made RDF/XML: the same prolog (so the same line), an
    rdf:RDF root, and the entity reference in a literal."""
    prolog, _, body = text.partition(BODY.split("{}")[0])
    value = body.partition("</iati-identifier>")[0]
    return prolog.replace("iati-activities", "rdf:RDF") + RDF_BODY.format(value)


def _as_is(text: str) -> str:
    return text


# Every reader of XML that others write: (file suffix, the document as that reader takes it,
# its command line for the file and an output file, how the hint starts).
READERS: dict[str, tuple[str, Callable[[str], str], Callable[[str, str], list[str]], str]] = {
    "iati-import": (
        ".xml",
        _as_is,
        lambda path, out: ["iati", "import", path, "--out", out, "--crosswalk", str(CROSSWALK)],
        "IATI files never need a DTD",
    ),
    "validate-rdfxml": (
        ".rdf",
        as_rdfxml,
        lambda path, _out: ["validate", path, "--resources", str(MINI)],
        "RDF/XML needs no DTD",
    ),
    "reason-owl": (
        ".owl",
        as_rdfxml,
        lambda path, out: ["reason", path, "--out", out, "--resources", str(MINI)],
        "RDF/XML needs no DTD",
    ),
}


@pytest.mark.parametrize("reader", sorted(READERS))
@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_file_is_refused_by_the_cli(
    case: str,
    reader: str,
    tmp_path: Path,
    secret: tuple[Path, str],
    listener: socket.socket,
) -> None:
    """Before any parser sees it (lxml for IATI, rdflib's expat for RDF/XML): nothing fetched,
    nothing expanded, no output file, and the file, line and reason said."""
    suffix, document, command, hint_start = READERS[reader]
    secret_path, token = secret
    text, line = HOSTILE[case](secret_path, token, listener.getsockname()[1])
    hostile = tmp_path / f"{case}{suffix}"
    hostile.write_text(document(text), encoding="utf-8")
    out = tmp_path / "out.nt"
    result = CliRunner().invoke(gswg, command(str(hostile), str(out)))
    assert result.exit_code == 2, result.output
    error, hint = result.stderr.splitlines()
    assert error == f"gswg: error: {hostile}:{line}:1: {safexml.DOCTYPE_REFUSED}"
    assert hint.startswith(f"  hint: {hint_start}")
    assert token not in result.stdout + result.stderr
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.nt")] == []
    assert _connections(listener) == 0


def test_plain_rdfxml_is_still_read(tmp_path: Path) -> None:
    plain = tmp_path / "plain.rdf"
    plain.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<!-- a comment before the root -->\n'
        + RDF_BODY.format("an ordinary note"),
        encoding="utf-8",
    )
    graph = parse_file(plain)
    assert [str(o) for o in graph.objects()] == ["an ordinary note"]
    result = CliRunner().invoke(gswg, ["validate", str(plain), "--resources", str(MINI)])
    assert result.exit_code == 0, result.output
    assert "conforms" in result.stdout


def test_rdfxml_from_a_store_is_screened_too(tmp_path: Path) -> None:
    """gswg publish reads the graph back; a store answering RDF/XML with a DTD is refused."""
    release = tmp_path / "dist"
    release.mkdir()
    (release / "gswg.nt").write_text("<urn:a> <urn:b> <urn:c> .\n", encoding="utf-8")
    text, _line = billion_laughs(tmp_path, "", 0)
    canned = Canned(200, "application/rdf+xml", as_rdfxml(text).encode())
    with stub_server(canned) as stub:
        result = CliRunner().invoke(
            gswg, ["publish", "--release", str(release), "--store", f"{stub.url}/store"]
        )
    assert result.exit_code == 2, result.output
    assert "RDF/XML that declares a DTD (line 2), refused" in result.stderr
    assert "hint:" in result.stderr
