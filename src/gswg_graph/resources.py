"""Find the ontology, data, shapes and queries in a checkout or inside an installed wheel.

Everything else asks this module for paths, so the two layouts never leak into other code.
In a checkout the folders sit at the repository root (two levels above this package);
the wheel ships copies of them under ``gswg_graph/_resources`` (see pyproject.toml).
"""

from __future__ import annotations

import hashlib
import os
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .errors import InputError

RESOURCE_DIRS = ("ontology", "data", "shapes", "queries")
ENV_ROOT = "GSWG_RESOURCES"


@dataclass(frozen=True)
class ResourceRoot:
    """The folder that holds ``ontology/``, ``data/``, ``shapes/`` and ``queries/``."""

    root: Path

    @property
    def ontology_dir(self) -> Path:
        return self.root / "ontology"

    @property
    def ontology_file(self) -> Path:
        return self.ontology_dir / "gswg.ttl"

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def shapes_dir(self) -> Path:
        return self.root / "shapes"

    @property
    def queries_dir(self) -> Path:
        return self.root / "queries"

    def data_files(self) -> list[Path]:
        return sorted(self.data_dir.glob("*.ttl"))

    def shape_files(self) -> list[Path]:
        return sorted(self.shapes_dir.glob("*.ttl"))

    def query_files(self) -> list[Path]:
        return sorted(self.queries_dir.glob("*.rq"))

    def release_sources(self) -> list[Path]:
        """The files a release is built from (ontology/*.ttl, then data/*.ttl, sorted)."""
        return [*sorted(self.ontology_dir.glob("*.ttl")), *self.data_files()]

    def fingerprint(self) -> str:
        """A digest of the release sources (names and bytes), kept in the release manifest so
        that a query can tell a ./dist built from other or older files (a few ms: ~1 MB)."""
        digest = hashlib.sha256()
        for path in self.release_sources():
            digest.update(path.relative_to(self.root).as_posix().encode("utf-8") + b"\0")
            digest.update(path.read_bytes() + b"\0")
        return digest.hexdigest()


def _checkout_root() -> Path | None:
    """The repository root when running from a checkout (plain or editable install).

    Recognised by its pyproject.toml naming this project, not by the data files, so that a
    checkout whose data is missing or broken is still found and the loader can say what is wrong
    instead of silently falling back to a stale packaged copy.
    """
    candidate = Path(__file__).resolve().parents[2]
    pyproject = candidate / "pyproject.toml"
    if not (pyproject.is_file() and (candidate / "src" / "gswg_graph").is_dir()):
        return None
    try:
        name = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["name"]
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, KeyError, TypeError):
        return None
    return candidate if name == "gswg-graph" else None


def _installed_root() -> Path | None:
    packaged = resources.files("gswg_graph") / "_resources"
    path = Path(str(packaged))
    if (path / "ontology" / "gswg.ttl").is_file():
        return path
    return None


def locate(root: Path | None = None) -> ResourceRoot:
    """The resource root: an explicit one, ``$GSWG_RESOURCES``, the checkout, or the wheel."""
    if root is not None:
        return ResourceRoot(Path(root))
    if env := os.environ.get(ENV_ROOT):
        return ResourceRoot(Path(env))
    for finder in (_checkout_root, _installed_root):
        found = finder()
        if found is not None:
            return ResourceRoot(found)
    raise InputError(
        "cannot find the gswg-graph resources (ontology/gswg.ttl): neither a checkout nor an "
        "installed wheel provides them",
        hint=f"pass --resources DIR or set {ENV_ROOT} to a folder holding ontology/ and data/",
    )
