"""`gswg validate`: the project graph, an analyst's update (RDF or a memberships CSV), the report
formats, --strict, --alone, --inference, and bad input (exit 2, located, nothing on stdout)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal
from rdflib.namespace import SH

from gswg_graph.cli import gswg
from gswg_graph.csv_columns import CSV_COLUMN_NAMES

from .helpers import REPO_ROOT

FIXTURES = Path(__file__).resolve().parent / "fixtures"
CASES = Path(__file__).resolve().parent / "shapes" / "cases"
THREE_PROBLEMS = FIXTURES / "csv" / "three-problems.csv"
VALID_CSV = FIXTURES / "csv" / "valid.csv"


def validate(runner: CliRunner, *args: str | Path) -> tuple[int, str, str]:
    result = runner.invoke(gswg, ["validate", "--resources", str(REPO_ROOT), *map(str, args)])
    return result.exit_code, result.stdout, result.stderr


def test_the_project_graph_conforms(runner: CliRunner) -> None:
    code, out, err = validate(runner)
    assert (code, err) == (0, "")
    # Warnings: 11 development partners without an IATI organisation identifier, 5 ministries
    # without an LA-COA code; infos: 9 sector working groups without named leaders
    # (tests/test_shapes.py).
    assert out.rstrip().endswith("conforms: 0 violations, 16 warnings, 9 infos")
    assert "Leadership not documented" in out
    assert "No IATI organisation identifier is known for this development partner" in out
    assert "No Lao Chart of Accounts code (LA-COA-n) is known for this ministry" in out
    # Grouped by node, named by label with the prefixed IRI.
    assert "Health Sector Working Group <gsd:swg-health>" in out


def test_the_missing_identifiers_fail_only_strict_validation(runner: CliRunner) -> None:
    code, out, _ = validate(runner, "--strict")
    assert code == 1
    verdict = "FAILS (--strict: warnings fail): 0 violations, 16 warnings, 9 infos"
    assert out.rstrip().endswith(verdict)


def test_json_report_of_the_project(runner: CliRunner) -> None:
    code, out, _ = validate(runner, "--format", "json")
    report = json.loads(out)
    assert code == 0
    assert report["conforms"] is True
    assert report["counts"] == {"Violation": 0, "Warning": 16, "Info": 9}
    assert {r["severity"] for r in report["results"]} == {"Warning", "Info"}


# The new partner of three-problems.csv (line 2) has no IATI organisation identifier: a warning,
# reported beside the three violations.
NO_IATI_ID = "(gsi:iatiOrganisationIdentifier|gsi:formerIatiOrganisationIdentifier)"


def test_csv_with_three_problems_gives_three_results(runner: CliRunner) -> None:
    code, out, err = validate(runner, "--format", "json", THREE_PROBLEMS)
    assert (code, err) == (1, "")
    report = json.loads(out)
    found = {
        (r["focus"], r["path"], r["severity"], r["value"], r["origin"].rsplit(":", 1)[-1])
        for r in report["results"]
    }
    assert found == {
        ("gsd:new-partner-foundation", "skos:prefLabel", "Violation", None, "2"),
        ("gsd:membership-psi-sswg-president-undp", "org:role", "Violation", '"president"', "3"),
        (
            "gsd:contact-membership-lio-sswg-key-organisation-moha",
            "vcard:hasEmail",
            "Violation",
            "<mailto:info(at)moha.gov.la>",
            "4",
        ),
        ("gsd:new-partner-foundation", NO_IATI_ID, "Warning", None, "2"),
    }
    assert report["counts"] == {"Violation": 3, "Warning": 1, "Info": 0}


def test_text_report_groups_by_node_with_labels_path_value_message_severity(
    runner: CliRunner,
) -> None:
    code, out, _ = validate(runner, THREE_PROBLEMS)
    assert code == 1
    assert f"validated {THREE_PROBLEMS} with the ontology and the project data" in out
    assert f"New Partner Foundation <gsd:new-partner-foundation>  (from {THREE_PROBLEMS}:2)" in out
    assert '  Violation  org:role = "president"' in out
    assert "Has no preferred label in Lao" in out
    assert "vcard:hasEmail = <mailto:info(at)moha.gov.la>" in out
    assert "membership of United Nations Development Programme in Public Service" in out
    assert out.rstrip().endswith("FAILS: 3 violations, 1 warning, 0 infos")


def test_turtle_report_is_a_shacl_validation_report(runner: CliRunner) -> None:
    code, out, _ = validate(runner, "--format", "turtle", THREE_PROBLEMS)
    assert code == 1
    report = Graph().parse(data=out, format="turtle")
    results = list(report.objects(None, SH.result))
    severities = sorted(str(report.value(r, SH.resultSeverity)) for r in results)
    assert severities == [str(SH.Violation)] * 3 + [str(SH.Warning)]
    assert (None, SH.conforms, Literal(False)) in report


def test_a_valid_csv_conforms(runner: CliRunner) -> None:
    """It conforms; the one warning: its new Legal Aid Network has no IATI identifier (line 2)."""
    code, out, _ = validate(runner, VALID_CSV)
    assert code == 0, out
    assert out.rstrip().endswith("conforms: 0 violations, 1 warning, 0 infos")
    assert "Legal Aid Network <gsd:new-legal-aid-network>" in out


def test_warnings_fail_only_with_strict(runner: CliRunner) -> None:
    case = CASES / "office-of-the-member.ttl"
    code, out, _ = validate(runner, case)
    assert code == 0
    assert "conforms: 0 violations, 1 warning, 0 infos" in out
    code, out, _ = validate(runner, "--strict", case)
    assert code == 1
    assert "FAILS (--strict: warnings fail): 0 violations, 1 warning" in out


def test_quiet_prints_nothing_when_it_conforms(runner: CliRunner) -> None:
    code, out, _ = validate(runner, "--quiet", VALID_CSV)
    assert (code, out) == (0, "")


def test_alone_validates_without_the_project_data(runner: CliRunner) -> None:
    """Alone, the CSV's groups and sources are unknown (named by label), roles still resolve."""
    code, out, _ = validate(runner, "--alone", "--format", "json", VALID_CSV)
    report = json.loads(out)
    assert code == 1
    assert "with the ontology and the SKOS schemes" in report["checked"]
    paths = {r["path"] for r in report["results"]}
    assert "org:organization" in paths
    assert "org:role" not in paths  # roles come from the schemes


def test_alone_needs_files(runner: CliRunner) -> None:
    code, _out, err = validate(runner, "--alone")
    assert code == 2
    assert "--alone needs FILEs" in err


def test_rdfs_inference(runner: CliRunner) -> None:
    code, out, _ = validate(runner, "--inference", "rdfs", CASES / "email.ttl")
    assert code == 1
    assert "RDFS inference" in out
    assert "FAILS: 1 violation, 0 warnings, 0 infos" in out


def test_several_files_are_validated_together(runner: CliRunner) -> None:
    code, out, _ = validate(runner, "--format", "json", CASES / "email.ttl", CASES / "acronym.ttl")
    assert code == 1
    assert json.loads(out)["counts"]["Violation"] == 2


def test_json_ld_and_ntriples_files(runner: CliRunner, tmp_path: Path) -> None:
    graph = Graph().parse(CASES / "email.ttl")
    for name, fmt in (("update.jsonld", "json-ld"), ("update.nt", "nt")):
        path = tmp_path / name
        graph.serialize(path, format=fmt, encoding="utf-8")
        code, out, _ = validate(runner, path)
        assert code == 1, out
        assert "Not an e-mail address" in out


def test_blank_nodes_of_a_file_are_validated(runner: CliRunner, tmp_path: Path) -> None:
    update = tmp_path / "update.ttl"
    update.write_text(
        "@prefix vcard: <http://www.w3.org/2006/vcard/ns#> .\n"
        "@prefix gswg: <https://w3id.org/gswg/ontology#> .\n"
        '<https://w3id.org/gswg/id/moha> gswg:contact [ a vcard:Kind ; vcard:fn "MOHA"@en ;\n'
        '  vcard:hasTelephone [ a vcard:Voice ; gswg:printedAs "call us" ] ] .\n',
        encoding="utf-8",
    )
    code, out, _ = validate(runner, "--format", "json", update)
    results = json.loads(out)["results"]
    assert code == 1
    assert [r["path"] for r in results] == ["gswg:printedAs", "prov:wasDerivedFrom"]
    assert all(r["focus"].startswith("_:") for r in results)


# --- bad input: exit 2, the file (and line/column) named, nothing on stdout -------------------


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


HEADER = ",".join(CSV_COLUMN_NAMES) + "\n"
ROW = "GSWG,UNDP,,,,member,,2015,annex-2-gswg,,"
TURTLE = '@prefix gsd: <https://w3id.org/gswg/id/> .\n\ngsd:x gsd:y "open .\n'
NEW_ORG = "<https://w3id.org/gswg/id/new org>"

# (file name, content or None for a missing file, location after the path, words in the message)
BAD_INPUT: list[tuple[str, str | bytes | None, str, str]] = [
    ("missing.ttl", None, "", "file not found"),
    ("broken.ttl", TURTLE, ":3:", "Turtle syntax error"),
    ("update.xlsx", "PK", "", "unknown file format '.xlsx'; accepted: .ttl, .nt"),
    ("broken.nt", "<https://w3id.org/gswg/id/x> <https://e/y> .\n", ":1", "N-Triples syntax"),
    ("broken.jsonld", '{"@id": ', ":1:", "invalid JSON"),
    ("no-role.csv", "group,member,date,source\nGSWG,UNDP,2015,x\n", ":1", "missing column role"),
    ("few-columns.csv", "group,member\n", ":1", "missing columns role, date, source"),
    ("typo.csv", "group,member,role,date,source,e-mail\n", ":1:6", "unknown column 'e-mail'"),
    ("extra-cell.csv", HEADER + ROW + ",surplus\n", ":2:12", "the row has 12 cells but the"),
    ("prefix.csv", HEADER + ROW.replace("UNDP", "foo:undp") + "\n", ":2:2", "unknown prefix 'foo'"),
    ("space.csv", HEADER + ROW.replace("UNDP", NEW_ORG) + "\n", ":2:2", "is not a valid IRI"),
    (
        "latin1.csv",
        (HEADER + ROW.replace("UNDP", "Caf\xe9") + "\n").encode("latin-1"),
        ":2:",
        "UTF-8",
    ),
    ("empty.csv", "", ":1", "the CSV file is empty"),
    ("matrix.csv", "organisation,name_en,name_lo,category,kind,gswg\n", ":1", "membership matrix"),
]


@pytest.mark.parametrize(
    ("name", "content", "location", "words"), BAD_INPUT, ids=[case[0] for case in BAD_INPUT]
)
def test_bad_input_exits_2_naming_file_and_position(
    runner: CliRunner,
    tmp_path: Path,
    name: str,
    content: str | bytes | None,
    location: str,
    words: str,
) -> None:
    path = tmp_path / name if content is None else write(tmp_path, name, content)
    code, out, err = validate(runner, path)
    assert code == 2
    assert out == ""
    assert err.startswith("gswg: error: ")
    assert f"{path}{location}" in err
    assert words in err
    assert "hint:" in err or content is None
    assert "Traceback" not in err


def test_ambiguous_name_in_csv_is_bad_input(runner: CliRunner, tmp_path: Path) -> None:
    update = write(
        tmp_path,
        "update.ttl",
        "@prefix gsd: <https://w3id.org/gswg/id/> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        'gsd:other-gswg skos:altLabel "GSWG"@en ;\n'
        "    a <https://w3id.org/gswg/ontology#Secretariat> .\n",
    )
    csv_file = write(tmp_path, "update.csv", HEADER + ROW + "\n")
    code, out, err = validate(runner, update, csv_file)
    assert (code, out) == (2, "")
    assert f"{csv_file}:2:1: group 'GSWG' is ambiguous" in err
