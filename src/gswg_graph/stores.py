"""What local queries run on: the engines, the data they load, and the on-disk store.

Three engines answer the same SPARQL with the same rows (the tests check every library query):

* ``oxigraph`` (default): pyoxigraph in memory, loaded at each run (a few milliseconds for the
  release, about a second per 100,000 triples of aid data);
* ``oxigraph`` with ``store=DIR``: pyoxigraph on disk (RocksDB), loaded once and reused by later
  runs and by ``gswg serve``; for aid data of 100,000+ activities.  Without ``store``, ``--with``
  files estimated at ``AUTO_STORE_TRIPLES`` triples or more go to such a store automatically, in
  the cache folder (``$GSWG_CACHE_DIR``, else ``$XDG_CACHE_HOME/gswg``, else ``~/.cache/gswg``),
  one per set of files, reloaded when a file changes (``auto_store=False``, ``--no-store``: load
  them into memory instead);
* ``rdflib``: rdflib's in-memory graph and SPARQL engine, the reference implementation (slower to
  load and to query; for checking answers, small data, or Python code that wants a Graph).

Every engine loads the *base* (the built release ``gswg.nt``, or the ontology and data files
when nothing is built) plus any ``--with`` files: N-Triples (``.nt``), Turtle (``.ttl``), or IATI
activity XML (``.xml``), which is imported on the fly exactly as ``gswg iati import`` would.

An on-disk store is a folder holding the Oxigraph database (``oxigraph/``) and a manifest
(``gswg-store.json``) naming the files it was loaded from with their size and modification time.
A later run that asks for the same files reuses it; one that asks for other files, or finds
that a file changed, reloads it.  Reloading builds a new database next to the old one and swaps
it in only when complete, so a failed load leaves the previous store as it was.  While
``gswg serve`` serves a store (``gswg-serve.pid``), it is never reloaded.

Nothing heavy is imported at module level: ``gswg query`` imports this module only when it needs
an engine other than the default in-memory one.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Literal

from .errors import InputError, UsageError
from .progress import SILENT, CountingReader, Feedback, Progress, megabytes
from .querying import (
    RELEASE_FILE,
    OxigraphBackend,
    RdflibBackend,
    _load,
    default_release,
)
from .resources import locate

if TYPE_CHECKING:
    from .iati.activities import ImportSummary
    from .iati.crosswalk import Crosswalk

ENGINES = ("oxigraph", "rdflib")
DEFAULT_ENGINE = "oxigraph"
SourceKind = Literal["nt", "ttl", "iati"]
WITH_SUFFIXES: dict[str, SourceKind] = {".nt": "nt", ".ttl": "ttl", ".xml": "iati"}
MANIFEST = "gswg-store.json"
DATABASE = "oxigraph"
SERVE_LOCK = "gswg-serve.pid"
MANIFEST_VERSION = 1
# From this many (estimated) triples of --with files on, a run without --store uses an on-disk
# store chosen automatically: loading a million triples into memory takes several seconds at
# every run, while a store is loaded once (a little slower, with its compaction) and then opens
# at once.  Its queries are slower than in memory (index lookups on disk, 3-4x), but by much
# less than the reload costs from about a million triples on (benchmarks/run.py measures both).
AUTO_STORE_TRIPLES = 1_000_000
# Bytes per triple of each kind of file, to estimate the triples before loading anything: the
# N-Triples and IATI XML of gswg_graph.iati.synthetic (163 and 27 bytes; real IATI XML, with
# longer texts, has fewer triples per byte), Turtle about half of N-Triples.
BYTES_PER_TRIPLE: dict[SourceKind, int] = {"nt": 160, "ttl": 80, "iati": 27}
ENV_CACHE = "GSWG_CACHE_DIR"


# ---------------------------------------------------------------------------------------------
# Sources: what gets loaded
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """One file to load: RDF (N-Triples, Turtle) or IATI activity XML (converted first)."""

    path: Path
    kind: SourceKind

    def fingerprint(self) -> dict[str, Any]:
        """What identifies this file's content cheaply: path, size and modification time."""
        try:
            stat = self.path.stat()
        except OSError:
            return {"path": str(self.path), "kind": self.kind, "missing": True}
        return {
            "path": str(self.path),
            "kind": self.kind,
            "size": stat.st_size,
            "mtime_ns": stat.st_mtime_ns,
        }


@dataclass(frozen=True)
class Sources:
    """The base (release or source files) plus the --with files, and how to describe them."""

    base: tuple[Source, ...]
    extra: tuple[Source, ...]
    description: str
    crosswalk: Path | None = None

    @property
    def all(self) -> tuple[Source, ...]:
        return (*self.base, *self.extra)

    @property
    def extra_triples(self) -> int:
        """The triples the --with files hold, estimated from their sizes."""
        total = 0
        for source in self.extra:
            with contextlib.suppress(OSError):
                total += source.path.stat().st_size // BYTES_PER_TRIPLE[source.kind]
        return total

    @property
    def has_iati(self) -> bool:
        return any(source.kind == "iati" for source in self.all)

    def fingerprint(self) -> dict[str, Any]:
        record: dict[str, Any] = {"files": [source.fingerprint() for source in self.all]}
        if self.has_iati and self.crosswalk is not None:
            record["crosswalk"] = Source(self.crosswalk, "ttl").fingerprint()
        return record


def with_source(path: Path | str) -> Source:
    """A ``--with`` file, checked: it exists and its extension says what it is."""
    path = Path(path)
    kind = WITH_SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise UsageError(
            f"cannot tell what {path.name!r} holds from its extension",
            hint="--with takes N-Triples (.nt), Turtle (.ttl) or IATI activity XML (.xml)",
        )
    if not path.is_file():
        raise InputError("no such file", path=path, hint="check the path given to --with")
    return Source(path.resolve(), kind)


def gather(
    release: Path | None = None,
    resources: Path | None = None,
    with_files: Sequence[Path | str] = (),
) -> Sources:
    """The files a local run loads: the same base rules as ``gswg query`` (see local_backend)."""
    extra = tuple(with_source(path) for path in with_files)
    crosswalk: Path | None = None
    if release is None and resources is None:
        release = default_release()
    if release is not None:
        path = Path(release) / RELEASE_FILE
        if not path.is_file():
            raise InputError(
                f"no release in {release}: {RELEASE_FILE} not found",
                hint=f"run `gswg build --out-dir {release}` first, or leave out --release "
                "to use the ontology and data files directly",
            )
        base: tuple[Source, ...] = (Source(path.resolve(), "nt"),)
        description = f"release {path}"
    else:
        root = locate(resources)
        files: list[Source] = []
        for folder, label in ((root.ontology_dir, "ontology"), (root.data_dir, "data")):
            found = sorted(folder.glob("*.ttl")) if folder.is_dir() else []
            if not found:
                raise InputError(
                    f"no {label} files in {folder} and no release to load",
                    hint="pass --resources DIR (a folder with ontology/ and data/), or --release "
                    "DIR (a folder with gswg.nt from `gswg build`)",
                )
            files.extend(Source(path.resolve(), "ttl") for path in found)
        base = tuple(files)
        description = f"source files in {root.root}"
    if any(source.kind == "iati" for source in extra):
        crosswalk = locate(resources).data_dir / "crosswalk.ttl"
    if extra:
        description += " + " + ", ".join(source.path.name for source in extra)
    return Sources(base, extra, description, crosswalk)


@dataclass
class Prepared:
    """RDF files ready to load (IATI XML converted to N-Triples) and the import summaries."""

    files: list[tuple[Path, Literal["nt", "ttl"]]] = field(default_factory=list)
    imports: list[tuple[Path, ImportSummary]] = field(default_factory=list)
    # What to call a converted file in progress notes: the IATI file it came from.
    origins: dict[Path, Path] = field(default_factory=dict)

    def label(self, path: Path) -> str:
        return self.origins.get(path, path).name


def import_iati(
    paths: Sequence[Path], out: IO[str], table: Crosswalk, feedback: Feedback = SILENT
) -> ImportSummary:
    """IATI activity files as N-Triples on ``out`` (``gswg iati import``, and ``--with``
    FILE.xml), with a bar of the megabytes read when ``feedback`` wants bars."""
    from .iati import activities

    for path in paths:
        if not path.is_file():
            what = "a folder, not a file" if path.is_dir() else "no such file"
            raise InputError(what, path=path, hint="give the path of an IATI activity XML file")
    progress = None
    if feedback.bars:
        total = sum(path.stat().st_size for path in paths)
        progress = activities.Progress(total, feedback.stream, enabled=True)
        progress.tell(f"importing {', '.join(path.name for path in paths)}")
    return activities.convert(paths, out, table, progress=progress)


@contextlib.contextmanager
def prepared(sources: Sources, feedback: Feedback = SILENT) -> Iterator[Prepared]:
    """The sources as RDF files; IATI XML is converted into a temporary folder, removed after.

    Each import's summary (what ``gswg iati import`` prints) goes to ``feedback`` as a note.
    """
    result = Prepared()
    with tempfile.TemporaryDirectory(prefix="gswg-import-") as workdir:
        table = None
        for index, source in enumerate(sources.all):
            if source.kind != "iati":
                result.files.append((source.path, source.kind))
                continue
            from .iati import crosswalk as crosswalk_module

            if table is None:
                table = crosswalk_module.load(sources.crosswalk)
            target = Path(workdir) / f"{index:03d}-{source.path.stem}.nt"
            with open(target, "w", encoding="utf-8") as handle:
                summary = import_iati([source.path], handle, table, feedback)
            feedback.note(summary.render())
            result.files.append((target, "nt"))
            result.imports.append((source.path, summary))
            result.origins[target] = source.path
        yield result


Loader = Callable[[Path, str, CountingReader | None], None]


@contextlib.contextmanager
def loading_bar(ready: Prepared, feedback: Feedback) -> Iterator[Progress]:
    """One bar for loading every prepared file, counting megabytes."""
    total = sum(path.stat().st_size for path, _kind in ready.files)
    with feedback.bar(total, megabytes) as bar:
        yield bar


def load_files(ready: Prepared, load: Loader, bar: Progress, *, streamed: bool = True) -> None:
    """Every prepared file through ``load(path, kind, reader)``, the bar following the bytes.

    ``streamed``: the loader reads through the counting ``reader``; otherwise it reads the path
    itself (rdflib) and gets None, and the bar moves file by file.
    """
    done = 0
    for path, kind in ready.files:
        bar.tell(f"loading {ready.label(path)}")
        if streamed and bar.enabled:
            with path.open("rb") as raw:

                def on_read(count: int, base: int = done) -> None:
                    bar.update(base + count)

                load(path, kind, CountingReader(raw, on_read))
        else:
            load(path, kind, None)
        done += path.stat().st_size
        bar.update(done)


# ---------------------------------------------------------------------------------------------
# Engines
# ---------------------------------------------------------------------------------------------


def _ox_format(kind: str) -> Any:
    import pyoxigraph as ox

    return ox.RdfFormat.N_TRIPLES if kind == "nt" else ox.RdfFormat.TURTLE


def oxigraph_memory(sources: Sources, feedback: Feedback = SILENT) -> OxigraphBackend:
    """pyoxigraph in memory, holding every source."""
    import pyoxigraph as ox

    store = ox.Store()

    def load(path: Path, kind: str, reader: CountingReader | None) -> None:
        _load(store, path, _ox_format(kind), reader)

    with prepared(sources, feedback) as ready, loading_bar(ready, feedback) as bar:
        load_files(ready, load, bar)
    return OxigraphBackend(store, sources.description)


def rdflib_graph(sources: Sources, feedback: Feedback = SILENT) -> RdflibBackend:
    """rdflib's in-memory Graph holding every source, queried by rdflib's SPARQL engine."""
    from rdflib import Graph

    graph = Graph()

    def load(path: Path, kind: str, _reader: CountingReader | None) -> None:
        try:
            graph.parse(path, format="nt" if kind == "nt" else "turtle")
        except Exception as exc:  # rdflib's parsers raise many types
            raise InputError(
                f"cannot read RDF: {' '.join(str(exc).split())[:300]}",
                path=path,
                hint="fix the file, or rebuild the release with `gswg build`",
            ) from None

    with prepared(sources, feedback) as ready, loading_bar(ready, feedback) as bar:
        load_files(ready, load, bar, streamed=False)
    backend = RdflibBackend(graph)
    backend.description = f"rdflib graph of {sources.description}"
    return backend


# ---------------------------------------------------------------------------------------------
# The on-disk store
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StoreState:
    """What a store folder holds according to its manifest."""

    manifest: dict[str, Any] | None

    @property
    def exists(self) -> bool:
        return self.manifest is not None

    @property
    def triples(self) -> int:
        return int((self.manifest or {}).get("triples", 0))


class DiskStore:
    """A persistent pyoxigraph store in a folder: loaded once, reused while its files are unchanged.

    ``ensure(sources)`` makes the store hold exactly ``sources`` (reloading only when its
    manifest says otherwise); ``ensure(None)`` uses whatever it holds, reloading only if one of
    the files it was loaded from has changed since.  ``open()`` then opens it read-only, which
    any number of processes (and ``oxigraph serve-read-only``) may do at the same time.
    """

    def __init__(self, folder: Path | str) -> None:
        self.folder = Path(folder)
        self.database = self.folder / DATABASE
        self.manifest_path = self.folder / MANIFEST
        self.lock_path = self.folder / SERVE_LOCK
        self.loaded_now = False
        self.load_seconds = 0.0

    # -- state ---------------------------------------------------------------------------------
    def state(self) -> StoreState:
        try:
            text = self.manifest_path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return StoreState(None)
        except OSError as exc:
            raise InputError(
                f"cannot read the store manifest: {exc}", path=self.manifest_path
            ) from None
        try:
            manifest = json.loads(text)
        except json.JSONDecodeError:
            return StoreState(None)  # a broken manifest means: reload
        if not isinstance(manifest, dict) or manifest.get("version") != MANIFEST_VERSION:
            return StoreState(None)
        if not self.database.is_dir():
            return StoreState(None)
        return StoreState(manifest)

    def _check_folder(self) -> None:
        """Refuse to take over a folder that holds something other than a gswg store."""
        if self.folder.exists() and not self.folder.is_dir():
            raise UsageError(
                f"--store {self.folder} is a file, not a folder",
                hint="give a folder (it is created if missing)",
            )
        if not self.folder.is_dir():
            return
        ours = {MANIFEST, DATABASE, SERVE_LOCK}
        foreign = sorted(
            p.name
            for p in self.folder.iterdir()
            if p.name not in ours and not p.name.startswith(f".{DATABASE}-")
        )
        if foreign and not self.manifest_path.exists() and not self.database.exists():
            raise UsageError(
                f"--store {self.folder} is not empty and is not a gswg store "
                f"(it holds {', '.join(foreign[:3])}{', ...' if len(foreign) > 3 else ''})",
                hint="give a new or empty folder; gswg keeps its store there "
                f"({DATABASE}/ and {MANIFEST})",
            )

    def serving_pid(self) -> int | None:
        """The process id of the ``gswg serve`` serving this store, if one is running."""
        try:
            pid = int(self.lock_path.read_text(encoding="ascii").strip())
        except (OSError, ValueError):
            return None
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return None
        except PermissionError:
            return pid
        return pid

    def stale_reason(self, state: StoreState, wanted: dict[str, Any] | None) -> str | None:
        """Why the store must be (re)loaded, or None when it can be used as it is.

        ``wanted`` (the fingerprint of the files asked for) must equal the recorded one: other
        files, or the same files changed since, mean reloading.  Without ``wanted`` the store is
        used as it is unless a file it was loaded from has changed; a file that has gone since
        is no reason to reload (there would be nothing to reload it from).
        """
        if not state.exists:
            return "new store"
        assert state.manifest is not None
        recorded = state.manifest.get("sources", {})
        if wanted is not None:
            return None if wanted == recorded else "other files, or changed files, asked for"
        for entry in recorded.get("files", []):
            now = Source(Path(entry["path"]), entry["kind"]).fingerprint()
            if now != entry and not now.get("missing"):
                return f"{entry['path']} changed"
        return None

    # -- loading -------------------------------------------------------------------------------
    def ensure(
        self,
        sources: Sources | None,
        default: Sources | None = None,
        feedback: Feedback = SILENT,
    ) -> StoreState:
        """Make the store current (see the class docstring); returns its state."""
        self._check_folder()
        state = self.state()
        if sources is None and not state.exists:
            sources = default
        wanted = sources.fingerprint() if sources is not None else None
        reason = self.stale_reason(state, wanted)
        if reason is None:
            return state
        if sources is None:  # use as is, but a file it came from changed: reload the same files
            assert state.manifest is not None
            sources = _sources_from_manifest(state.manifest)
        pid = self.serving_pid()
        if pid is not None:
            raise UsageError(
                f"the store {self.folder} needs reloading ({reason}) but `gswg serve` (process "
                f"{pid}) is serving it",
                hint="stop that server first, or use another --store folder",
            )
        return self.load(sources, feedback)

    def load(self, sources: Sources, feedback: Feedback = SILENT) -> StoreState:
        """Load ``sources`` into a new database and swap it in; the old one stays on failure."""
        import pyoxigraph as ox

        self.folder.mkdir(parents=True, exist_ok=True)
        building = Path(tempfile.mkdtemp(prefix=f".{DATABASE}-", dir=self.folder))
        started = time.perf_counter()
        store: Any = None
        try:
            store = ox.Store(str(building))

            def load(path: Path, kind: str, reader: CountingReader | None) -> None:
                _bulk_load(store, path, kind, reader)

            with prepared(sources, feedback) as ready, loading_bar(ready, feedback) as bar:
                load_files(ready, load, bar)
                bar.tell("compacting the store")
                store.flush()
                # Compacts what bulk loading wrote: queries on 100,000 activities run 5 to 15
                # times faster afterwards, for a few seconds more of loading.
                store.optimize()
            triples = len(store)
            store = None  # closes the database (pyoxigraph has no close())
        except BaseException as exc:
            # Close the half-built database before removing it: drop this reference and those
            # that the frames of the traceback hold (_bulk_load's argument), or RocksDB would
            # still be writing into the folder being removed.
            store = None
            traceback.clear_frames(exc.__traceback__)
            shutil.rmtree(building, ignore_errors=True)
            raise
        self.load_seconds = time.perf_counter() - started
        manifest = {
            "version": MANIFEST_VERSION,
            "description": sources.description,
            "sources": sources.fingerprint(),
            "triples": triples,
            "loaded_in_seconds": round(self.load_seconds, 3),
            "pyoxigraph": getattr(ox, "__version__", "unknown"),
        }
        # The manifest goes first, so a crash during the swap leaves "no manifest": reload.
        self.manifest_path.unlink(missing_ok=True)
        if self.database.exists():
            shutil.rmtree(self.database)
        building.rename(self.database)
        temporary = self.manifest_path.with_name(f".{MANIFEST}.tmp")
        temporary.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        temporary.replace(self.manifest_path)
        self.loaded_now = True
        return StoreState(manifest)

    def open(self) -> OxigraphBackend:
        """The store opened read-only (other readers and a read-only server may share it)."""
        import pyoxigraph as ox

        state = self.state()
        if not state.exists:
            raise InputError(
                f"{self.folder} holds no gswg store",
                hint="load it first: gswg query NAME --store DIR (--with FILE ... for aid data)",
            )
        try:
            store = ox.Store.read_only(str(self.database))
        except OSError as exc:
            raise InputError(
                f"cannot open the store {self.folder}: {exc}",
                hint="another program may be writing it; wait for it to finish",
            ) from None
        assert state.manifest is not None
        return OxigraphBackend(store, f"store {self.folder} ({state.manifest['description']})")

    # -- serving lock ------------------------------------------------------------------------
    @contextlib.contextmanager
    def serving(self) -> Iterator[None]:
        """Mark the store as served by this process, so that nobody reloads it meanwhile."""
        pid = self.serving_pid()
        if pid is not None and pid != os.getpid():
            raise UsageError(
                f"the store {self.folder} is already served by `gswg serve` (process {pid})",
                hint="query that server, or stop it first",
            )
        self.lock_path.write_text(f"{os.getpid()}\n", encoding="ascii")
        try:
            yield
        finally:
            self.lock_path.unlink(missing_ok=True)


def _sources_from_manifest(manifest: dict[str, Any]) -> Sources:
    files = [
        Source(Path(entry["path"]), entry["kind"])
        for entry in manifest.get("sources", {}).get("files", [])
    ]
    crosswalk = manifest.get("sources", {}).get("crosswalk")
    return Sources(
        tuple(files),
        (),
        str(manifest.get("description", "the files it was loaded from")),
        Path(crosswalk["path"]) if crosswalk else None,
    )


def _bulk_load(store: Any, path: Path, kind: str, reader: CountingReader | None = None) -> None:
    try:
        if reader is not None:
            store.bulk_load(reader, format=_ox_format(kind))
        else:
            store.bulk_load(path=str(path), format=_ox_format(kind))
    except SyntaxError as exc:
        raise InputError(
            f"cannot read RDF: {exc}", path=path, hint="fix the file, or rebuild the release"
        ) from None
    except OSError as exc:
        raise InputError(f"cannot load {path} into the store: {exc}") from None


# ---------------------------------------------------------------------------------------------
# One entry point
# ---------------------------------------------------------------------------------------------


def cache_dir() -> Path:
    """Where automatic stores live: $GSWG_CACHE_DIR, $XDG_CACHE_HOME/gswg or ~/.cache/gswg."""
    explicit = os.environ.get(ENV_CACHE)
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "gswg"


def automatic_store(sources: Sources) -> Path:
    """The store folder for these files: one per set of paths (a changed file reloads it)."""
    import hashlib

    key = "\n".join(str(source.path) for source in sources.all)
    return cache_dir() / "stores" / hashlib.sha256(key.encode()).hexdigest()[:16]


def check_engine(engine: str, store: Path | None) -> None:
    if engine not in ENGINES:
        raise UsageError(
            f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}",
            hint="--engine oxigraph (default) or --engine rdflib",
        )
    if store is not None and engine != "oxigraph":
        raise UsageError(
            "--store keeps an Oxigraph database; it cannot be used with --engine rdflib",
            hint="leave out --store to run rdflib in memory, or --engine to use the store",
        )


def backend_for(
    *,
    release: Path | None = None,
    resources: Path | None = None,
    engine: str = DEFAULT_ENGINE,
    store: Path | None = None,
    with_files: Sequence[Path | str] = (),
    feedback: Feedback = SILENT,
    auto_store: bool = True,
) -> OxigraphBackend | RdflibBackend:
    """The local engine for a query run (see the module docstring); ``feedback`` shows the
    progress of loading and the import summaries."""
    check_engine(engine, store)
    if store is not None:
        disk = DiskStore(store)
        asked = release is not None or resources is not None or bool(with_files)
        sources = gather(release, resources, with_files) if asked else None
        default = None if asked else gather(None, resources, ())
        disk.ensure(sources, default, feedback)
        return disk.open()
    sources = gather(release, resources, with_files)
    if engine == "rdflib":
        return rdflib_graph(sources, feedback)
    triples = sources.extra_triples
    if auto_store and triples >= AUTO_STORE_TRIPLES:
        disk = DiskStore(automatic_store(sources))
        disk.ensure(sources, feedback=feedback)
        backend = disk.open()
        backend.description += f", chosen automatically for about {triples:,} triples"
        if disk.loaded_now:
            backend.notice = (
                f"loaded {disk.state().triples:,} triples into the on-disk store {disk.folder} "
                f"in {disk.load_seconds:.0f} s (chosen automatically: the --with files hold about "
                f"{triples:,} triples); later runs with the same files reuse it "
                "(--no-store: load them into memory instead)"
            )
        return backend
    return oxigraph_memory(sources, feedback)
