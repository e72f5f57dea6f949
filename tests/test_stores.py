"""Local engines and stores: Oxigraph gives the same rows in memory and on disk, and so does
`--engine rdflib` (every library query through rdflib: test_queries_engines; the aid queries:
test_queries_aid); the on-disk store is loaded once and reused, reloaded when its files change,
never half-written; a query longer than --timeout is stopped.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from gswg_graph.cli import gswg
from gswg_graph.errors import QueryTimeoutError, UsageError
from gswg_graph.querying import (
    Backend,
    QueryLibrary,
    Term,
    call_with_timeout,
    execute,
    local_backend,
)
from gswg_graph.stores import DiskStore, gather

from .helpers import REPO_ROOT
from .sparql_server import run_gswg

FIXTURES = REPO_ROOT / "tests" / "fixtures" / "iati"
QUERY_NAMES = sorted(path.stem for path in (REPO_ROOT / "queries").glob("*.rq"))
PARAMS = {"find-organisation": {"name": "ເຢຍລະມັນ"}}
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }\n"


@pytest.fixture(scope="module")
def disk_engine(tmp_path_factory: pytest.TempPathFactory) -> Backend:
    return local_backend(store=tmp_path_factory.mktemp("engines") / "store")


def same(a: Backend, b: Backend, library: QueryLibrary, name: str) -> None:
    one = execute(library.load(name), a, PARAMS.get(name, {}))
    other = execute(library.load(name), b, PARAMS.get(name, {}))
    assert one.variables == other.variables
    assert Counter(one.rows) == Counter(other.rows)
    assert one.labels == other.labels


@pytest.mark.parametrize("name", QUERY_NAMES)
def test_on_disk_store_gives_the_in_memory_rows(
    local_engine: Backend, disk_engine: Backend, library: QueryLibrary, name: str
) -> None:
    same(local_engine, disk_engine, library, name)


@pytest.mark.parametrize(
    ("text", "datatype", "canonical"),
    [
        ("1.50", "decimal", "1.5"),
        ("3.0", "decimal", "3"),
        ("-0.0", "decimal", "0"),
        ("100", "decimal", "100"),
        ("+07", "integer", "7"),
        ("x", "decimal", "x"),
    ],
)
def test_numbers_read_the_same_from_every_engine(text: str, datatype: str, canonical: str) -> None:
    """rdflib keeps the lexical form it read, Oxigraph the canonical one: Term agrees with it."""
    xsd = "http://www.w3.org/2001/XMLSchema#"
    assert Term.literal(text, xsd + datatype).value == canonical


# ---- the CLI ----


def test_cli_engine_rdflib(runner: CliRunner) -> None:
    args = ["query", "partners-in-both-subgroups", "-f", "csv"]
    here = runner.invoke(gswg, args)
    there = runner.invoke(gswg, [*args, "--engine", "rdflib"])
    assert there.exit_code == 0, there.stderr
    assert there.stdout == here.stdout


def test_cli_store_and_rdflib_do_not_mix(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(
        gswg, ["query", "chairs", "--engine", "rdflib", "--store", str(tmp_path / "s")]
    )
    assert result.exit_code == 2
    assert "--store keeps an Oxigraph database" in result.stderr


@pytest.mark.parametrize(
    "local",
    [["--store", "s"], ["--with", "x.nt"], ["--engine", "rdflib"], ["--release", "dist"]],
)
def test_cli_local_options_and_endpoint_do_not_mix(runner: CliRunner, local: list[str]) -> None:
    result = runner.invoke(
        gswg, ["query", "chairs", *local, "--endpoint", "http://127.0.0.1:9/query"]
    )
    assert result.exit_code == 2
    assert "cannot be combined" in result.stderr


def test_cli_graph_needs_an_endpoint(runner: CliRunner) -> None:
    result = runner.invoke(gswg, ["query", "chairs", "--graph", "https://w3id.org/gswg/release"])
    assert result.exit_code == 2
    assert "--graph names a graph of an endpoint" in result.stderr


# ---- the on-disk store ----


def manifest(store: Path) -> dict[str, object]:
    loaded: dict[str, object] = json.loads((store / "gswg-store.json").read_text(encoding="utf-8"))
    return loaded


def test_store_is_loaded_once_and_reused(tmp_path: Path) -> None:
    store = DiskStore(tmp_path / "store")
    store.ensure(gather())
    first = manifest(store.folder)
    again = DiskStore(store.folder)
    again.ensure(gather())
    assert store.loaded_now and not again.loaded_now
    assert manifest(store.folder) == first


def test_store_without_files_asked_is_used_as_it_is(tmp_path: Path) -> None:
    store = DiskStore(tmp_path / "store")
    store.ensure(gather(with_files=[FIXTURES / "lao_dportal_7.xml"]))
    again = DiskStore(store.folder)
    again.ensure(None, default=gather())
    assert not again.loaded_now
    ask = "ASK { ?a <http://purl.org/dc/terms/identifier> 'AU-5-INN517-LA' }"
    answer = again.open().select(ask).rows[0][0]
    assert answer is not None and answer.value == "true"


def test_store_reloads_when_other_files_are_asked_for(tmp_path: Path) -> None:
    store = DiskStore(tmp_path / "store")
    store.ensure(gather())
    triples = store.state().triples
    again = DiskStore(store.folder)
    again.ensure(gather(with_files=[FIXTURES / "lao_dportal_7.xml"]))
    assert again.loaded_now
    assert again.state().triples > triples


def test_store_reloads_when_a_file_changed(tmp_path: Path) -> None:
    extra = tmp_path / "extra.nt"
    extra.write_text("<urn:a> <urn:b> <urn:c> .\n", encoding="utf-8")
    store = DiskStore(tmp_path / "store")
    store.ensure(gather(with_files=[extra]))
    triples = store.state().triples
    extra.write_text("<urn:a> <urn:b> <urn:c> .\n<urn:a> <urn:b> <urn:d> .\n", encoding="utf-8")
    again = DiskStore(store.folder)
    again.ensure(None)
    assert again.loaded_now
    assert again.state().triples == triples + 1


def test_failed_load_leaves_the_previous_store(tmp_path: Path) -> None:
    store = DiskStore(tmp_path / "store")
    store.ensure(gather())
    before = manifest(store.folder)
    broken = tmp_path / "broken.nt"
    broken.write_text("<urn:a> <urn:b> .\n", encoding="utf-8")
    with pytest.raises(Exception, match="cannot read RDF"):
        DiskStore(store.folder).ensure(gather(with_files=[broken]))
    assert manifest(store.folder) == before
    assert sorted(p.name for p in store.folder.iterdir()) == ["gswg-store.json", "oxigraph"]
    assert DiskStore(store.folder).open().select("ASK { ?s ?p ?o }").rows[0][0] is not None


def test_store_will_not_take_over_another_folder(tmp_path: Path) -> None:
    folder = tmp_path / "papers"
    folder.mkdir()
    (folder / "thesis.pdf").write_bytes(b"%PDF")
    with pytest.raises(UsageError, match="not empty and is not a gswg store"):
        DiskStore(folder).ensure(gather())
    assert [p.name for p in folder.iterdir()] == ["thesis.pdf"]


def test_cli_store_second_run_reads_the_store(runner: CliRunner, tmp_path: Path) -> None:
    store = tmp_path / "store"
    args = ["query", "partner-governance-activities", "-f", "csv", "--store", str(store)]
    first = runner.invoke(gswg, [*args, "--with", str(FIXTURES / "lao_dportal_100.xml")])
    second = runner.invoke(gswg, args)
    assert first.exit_code == 0 and second.exit_code == 0, first.stderr + second.stderr
    assert second.stdout == first.stdout
    # UNDP's two activities and SDC's one, each in 2020 and 2021 (see test_queries_aid)
    assert len(second.stdout.splitlines()) == 1 + 6


# ---- time limits ----


def test_call_with_timeout_gives_up_on_time() -> None:
    started = time.monotonic()
    with pytest.raises(QueryTimeoutError, match=r"ran longer than 0\.2 s"):
        call_with_timeout(lambda: time.sleep(3), 0.2, "test")
    assert time.monotonic() - started < 2


def test_call_with_timeout_passes_errors_and_values_on() -> None:
    assert call_with_timeout(lambda: 42, 5, "test") == 42
    with pytest.raises(ZeroDivisionError):
        call_with_timeout(lambda: 1 // 0, 5, "test")


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_cli_local_query_longer_than_the_timeout_is_stopped(engine: str, tmp_path: Path) -> None:
    """In a child process: the abandoned engine run ends with that process."""
    slow = tmp_path / "slow.rq"
    slow.write_text(SLOW, encoding="utf-8")
    started = time.monotonic()
    done = run_gswg("query", str(slow), "--engine", engine, "--timeout", "1", cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert "the query slow ran longer than 1 s and was stopped" in done.stderr
    assert "--timeout" in done.stderr
    assert time.monotonic() - started < 30


def test_default_query_path_loads_no_store_server_or_publish_code(tmp_path: Path) -> None:
    modules = ("gswg_graph.stores", "gswg_graph.serving", "gswg_graph.publishing", "lxml")
    script = (
        "import sys\n"
        "from gswg_graph.cli import main\n"
        "try:\n"
        "    main(['query', 'chairs', '-f', 'csv'])\n"
        "except SystemExit as exit:\n"
        "    assert not exit.code, exit.code\n"
        f"print('LOADED:', ' '.join(m for m in {modules!r} if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT / "src")},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "LOADED: "


# ---- the store chosen automatically for large --with files ----


@pytest.fixture
def small_threshold(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A threshold the fixture files pass, and a private cache folder for the stores."""
    import gswg_graph.stores as stores

    monkeypatch.setattr(stores, "AUTO_STORE_TRIPLES", 100)
    cache = tmp_path / "cache"
    monkeypatch.setenv("GSWG_CACHE_DIR", str(cache))
    return cache


def test_large_with_files_go_to_an_automatic_store(small_threshold: Path) -> None:
    files = [FIXTURES / "lao_dportal_7.xml"]
    backend = local_backend(with_files=files)
    assert "chosen automatically" in backend.description
    assert getattr(backend, "notice", None) and "later runs with the same files reuse it" in (
        getattr(backend, "notice", "")
    )
    (folder,) = (small_threshold / "stores").iterdir()
    assert (folder / "gswg-store.json").is_file()
    again = local_backend(with_files=files)
    assert getattr(again, "notice", None) is None  # reused, not loaded again
    memory = local_backend(with_files=files, auto_store=False)
    assert "chosen automatically" not in memory.description
    # The same triples in the store as in memory (blank nodes aside: their labels differ).
    ask = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert again.select(ask) == memory.select(ask)
    named = "SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER (!isBlank(?s) && !isBlank(?o)) }"
    assert Counter(again.select(named).rows) == Counter(memory.select(named).rows)


def test_small_with_files_stay_in_memory(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("GSWG_CACHE_DIR", str(tmp_path / "cache"))
    backend = local_backend(with_files=[FIXTURES / "lao_dportal_7.xml"])
    assert "chosen automatically" not in backend.description
    assert not (tmp_path / "cache").exists()


def test_cli_automatic_store_says_so_and_no_store_opts_out(
    runner: CliRunner, small_threshold: Path
) -> None:
    args = ["query", "subgroup-aid", "-f", "csv", "--with", str(FIXTURES / "lao_dportal_7.xml")]
    first = runner.invoke(gswg, args)
    assert first.exit_code == 0, first.stderr
    assert "into the on-disk store" in first.stderr and "chosen automatically" in first.stderr
    second = runner.invoke(gswg, args)
    assert second.exit_code == 0 and second.stderr == ""
    memory = runner.invoke(gswg, [*args, "--no-store"])
    assert memory.exit_code == 0
    assert memory.stderr.startswith("imported 1 file(s)")  # imported again, into memory
    assert "on-disk store" not in memory.stderr
    assert first.stdout == second.stdout == memory.stdout
    both = runner.invoke(gswg, [*args, "--no-store", "--store", "s"])
    assert both.exit_code == 2 and "contradict" in both.stderr
