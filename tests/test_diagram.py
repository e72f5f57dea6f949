"""gswg diagram: the pictures are drawn, name every group in both languages, the matrix CSV is
Annex 2 of the guide, and a missing Graphviz or Lao font is a clear input error (exit 2).

These tests need Graphviz and a Lao font, which scripts/test installs (graphviz, fonts-noto-core).
"""

from __future__ import annotations

import csv
import io
import shutil
import stat
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph

from gswg_graph import diagram
from gswg_graph.cli import gswg
from gswg_graph.diagram import DiagramSummary, build_diagrams, choose_fonts, lao_sort_key
from gswg_graph.resources import ResourceRoot

from .guide_facts import CHAIRS, MEMBER_LISTS
from .helpers import REPO_ROOT, local, select, snapshot

SVG = "{http://www.w3.org/2000/svg}"
LAO = range(0x0E80, 0x0F00)


@pytest.fixture(scope="module")
def drawn(tmp_path_factory: pytest.TempPathFactory) -> DiagramSummary:
    assert shutil.which("dot"), "Graphviz is missing: run scripts/test (apt-get install graphviz)"
    return build_diagrams(ResourceRoot(REPO_ROOT), tmp_path_factory.mktemp("diagrams"))


def svg_texts(path: Path) -> list[str]:
    """The text of every node, its lines joined by spaces (labels wrap only at spaces)."""
    root = ET.parse(path).getroot()
    texts = []
    for group in root.iter(f"{SVG}g"):
        if group.get("class") in ("node", "graph", "edge", "cluster"):
            lines = [t.text or "" for t in group.iter(f"{SVG}text")]
            texts.append(" ".join(" ".join(lines).split()))
    return texts


def group_labels(graph: Graph) -> list[tuple[str, str, str]]:
    rows = select(
        graph,
        """SELECT ?group ?en ?lo WHERE {
             ?group rdf:type/rdfs:subClassOf* gswg:CoordinationBody ;
                    skos:prefLabel ?en , ?lo .
             FILTER(lang(?en) = "en" && lang(?lo) = "lo") }""",
    )
    assert len(rows) >= 14
    return [(local(g), str(en), str(lo)) for g, en, lo in rows]


def test_every_file_is_drawn_and_not_empty(drawn: DiagramSummary) -> None:
    names = sorted(path.name for path in drawn.files)
    assert names == [
        "membership-matrix.csv",
        "membership-matrix.png",
        "membership-matrix.svg",
        "structure.png",
        "structure.svg",
    ]
    for path in drawn.files:
        assert path.stat().st_size > 1000, path
        assert path.stat().st_mode & stat.S_IROTH, f"{path} is not readable by others"
    for name in ("structure.png", "membership-matrix.png"):
        assert (drawn.out_dir / name).read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


def test_structure_names_every_group_in_english_and_lao(
    drawn: DiagramSummary, graph: Graph
) -> None:
    text = "\n".join(svg_texts(drawn.out_dir / "structure.svg"))
    for group, en, lo in group_labels(graph):
        assert " ".join(en.split()) in text, f"{group}: {en}"
        assert " ".join(lo.split()) in text, f"{group}: {lo}"


def test_structure_shows_pillars_and_chairs(drawn: DiagramSummary, graph: Graph) -> None:
    text = "\n".join(svg_texts(drawn.out_dir / "structure.svg"))
    pillars = select(
        graph,
        """SELECT ?en ?lo WHERE { ?p a gswg:GovernancePillar ; skos:prefLabel ?en , ?lo .
             FILTER(lang(?en) = "en" && lang(?lo) = "lo") }""",
    )
    assert len(pillars) == 4
    for en, lo in pillars:
        assert str(en) in text
        assert str(lo) in text
    for office in (
        "Minister of Home Affairs",
        "ລັດຖະມົນຕີວ່າການກະຊວງພາຍໃນ",
        "Deputy Representative of UNDP",
    ):
        assert office in text
    assert "covers pillar" in text


def test_the_font_has_lao_glyphs(drawn: DiagramSummary) -> None:
    assert drawn.font in diagram.lao_font_families()
    svg = (drawn.out_dir / "structure.svg").read_text(encoding="utf-8")
    assert f'font-family="{drawn.font}' in svg or f",{drawn.font}," in svg


def read_matrix(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_matrix_csv_is_annex_2(drawn: DiagramSummary) -> None:
    rows = read_matrix(drawn.out_dir / "membership-matrix.csv")
    for (group, category), expected in MEMBER_LISTS.items():
        members = {
            local(row["organisation"])
            for row in rows
            if row["category"] == category and "member" in row[group].split(";")
        }
        assert members == set(expected), (group, category)


def test_matrix_csv_has_the_chairs_and_co_chairs(drawn: DiagramSummary) -> None:
    rows = {
        local(r["organisation"]): r for r in read_matrix(drawn.out_dir / "membership-matrix.csv")
    }
    for group, organisation, role, _post in CHAIRS:
        assert role in rows[organisation][group].split(";"), (group, organisation, role)
    chairs = {
        (group, name, role)
        for name, row in rows.items()
        for group in ("round-table-process", "gswg", "psi-sswg", "lio-sswg")
        for role in row[group].split(";")
        if role in ("chair", "co-chair")
    }
    assert chairs == {(g, o, r) for g, o, r, _p in CHAIRS}


def test_matrix_picture_lists_every_organisation_in_both_languages(
    drawn: DiagramSummary,
) -> None:
    text = "\n".join(svg_texts(drawn.out_dir / "membership-matrix.svg"))
    rows = read_matrix(drawn.out_dir / "membership-matrix.csv")
    assert len(rows) > 70
    for row in rows:
        assert row["name_en"] in text
        assert row["name_lo"] in text


@pytest.mark.parametrize("lang", ["en", "lo"])
def test_one_language_only(tmp_path: Path, graph: Graph, lang: str) -> None:
    summary = build_diagrams(ResourceRoot(REPO_ROOT), tmp_path, lang=lang)
    text = "\n".join(svg_texts(summary.out_dir / "structure.svg"))
    has_lao = any(ord(ch) in LAO for ch in text)
    assert has_lao == (lang == "lo")
    for _group, en, lo in group_labels(graph):
        if lang == "lo":
            assert " ".join(lo.split()) in text
            assert en not in text
        else:
            assert " ".join(en.split()) in text


def test_cli_diagram(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(gswg, ["diagram", "--lang", "en", "--out-dir", str(tmp_path / "d")])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("drew 14 bodies and ")
    assert "(names: en, font: " in result.stdout
    assert "membership-matrix.csv" in result.stdout
    assert "\r" not in result.stderr  # no progress bar when stderr is not a terminal
    quiet = runner.invoke(gswg, ["diagram", "-q", "--out-dir", str(tmp_path / "q")])
    assert quiet.exit_code == 0, quiet.output
    assert quiet.output == ""


# --- a missing or broken Graphviz or font: exit 2 with what to install, nothing written ---------


def only_on_path(tmp_path: Path, *programs: str) -> str:
    """A PATH holding just the named programs (links to the real ones)."""
    folder = tmp_path / "bin"
    folder.mkdir(exist_ok=True)
    for program in programs:
        real = shutil.which(program)
        assert real is not None, program
        (folder / program).symlink_to(real)
    return str(folder)


def test_missing_graphviz_is_exit_2_with_the_install_command(
    runner: CliRunner, tmp_path: Path
) -> None:
    out = tmp_path / "d"
    result = runner.invoke(
        gswg, ["diagram", "--out-dir", str(out)], env={"PATH": only_on_path(tmp_path, "fc-list")}
    )
    assert result.exit_code == 2, result.output
    assert "Graphviz is not installed" in result.stderr
    assert "apt-get install graphviz" in result.stderr
    assert not out.exists()


def empty_fontconfig(tmp_path: Path) -> dict[str, str]:
    """A fontconfig setup that knows no fonts at all: fc-list lists nothing."""
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n'
        f"<fontconfig><cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>\n",
        encoding="utf-8",
    )
    return {"FONTCONFIG_FILE": str(conf)}


def test_missing_lao_font_is_exit_2_with_the_install_command(
    runner: CliRunner, tmp_path: Path
) -> None:
    out = tmp_path / "d"
    result = runner.invoke(gswg, ["diagram", "--out-dir", str(out)], env=empty_fontconfig(tmp_path))
    assert result.exit_code == 2, result.output
    assert "no font with Lao glyphs is installed" in result.stderr
    assert "fonts-noto-core" in result.stderr
    assert "fonts-lao" in result.stderr
    assert not out.exists()


def test_missing_fontconfig_is_exit_2(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(
        gswg,
        ["diagram", "--out-dir", str(tmp_path / "d")],
        env={"PATH": only_on_path(tmp_path, "dot")},
    )
    assert result.exit_code == 2, result.output
    assert "fc-list" in result.stderr
    assert "apt-get install" in result.stderr


def test_a_font_without_lao_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(
        gswg, ["diagram", "--font", "No Such Font", "--out-dir", str(tmp_path / "d")]
    )
    assert result.exit_code == 2, result.output
    assert "'No Such Font' has no Lao glyphs" in result.stderr


def test_failing_graphviz_keeps_the_previous_pictures(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "d"
    first = runner.invoke(gswg, ["diagram", "--lang", "en", "--out-dir", str(out)])
    assert first.exit_code == 0, first.output
    before = snapshot(out)
    path = only_on_path(tmp_path, "fc-list")
    fake = Path(path) / "dot"
    fake.write_text("#!/bin/sh\necho 'Error: out of luck' >&2\nexit 1\n", encoding="utf-8")
    fake.chmod(0o755)
    result = runner.invoke(gswg, ["diagram", "--out-dir", str(out)], env={"PATH": path})
    assert result.exit_code == 2, result.output
    assert "Graphviz failed to draw SVG (exit 1): Error: out of luck" in result.stderr
    assert snapshot(out) == before


# --- small parts ------------------------------------------------------------------------------


def test_font_choice_prefers_fonts_made_for_lao() -> None:
    available = ["DejaVu Sans", "Phetsarath OT", "Noto Sans Lao"]
    assert choose_fonts(available, installed=["Noto Sans", *available]) == (
        "Noto Sans",
        "Noto Sans Lao",
        "Phetsarath OT",
    )
    assert choose_fonts(["DejaVu Sans", "Phetsarath OT"]) == ("Phetsarath OT",)
    assert choose_fonts(["DejaVu Sans"]) == ("DejaVu Sans",)
    assert choose_fonts(available, "Phetsarath OT")[0] == "Phetsarath OT"


def test_lao_sort_key_moves_leading_vowels_after_their_consonant() -> None:
    words = ["ເຢຍລະມັນ", "ກະຊວງ", "ໄທ", "ຍີ່ປຸ່ນ"]
    # ກ, ຍ, ທ, ຢ: the order of the consonants (ໄທ sorts under ທ, ເຢຍລະມັນ under ຢ).
    assert sorted(words, key=lao_sort_key) == ["ກະຊວງ", "ຍີ່ປຸ່ນ", "ໄທ", "ເຢຍລະມັນ"]


def test_dot_text_escapes_names() -> None:
    from gswg_graph.namespaces import GSD, GSWG
    from gswg_graph.structure import Body, Labels, Structure

    body = Body(GSD["x"], Labels('A <b> & "c"', "ກ"), GSWG.SectorWorkingGroup, 1, None, "A")
    structure = Structure({body.iri: body}, {}, [], [], [], {}, {})
    text = diagram.structure_dot(structure, "both", "Noto Sans")
    assert "A &lt;b&gt; &amp; &quot;c&quot;" in text
    assert "<b>" not in text
