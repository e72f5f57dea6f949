"""Find the ontology, data, shapes and queries in a checkout or inside an installed wheel.

Everything else asks this module for paths, so the two layouts never leak into other code.
In a checkout the folders sit at the repository root (two levels above this package);
the wheel ships copies of them under ``gswg_graph/_resources`` (see pyproject.toml).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

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


def _checkout_root() -> Path | None:
    candidate = Path(__file__).resolve().parents[2]
    if (candidate / "ontology" / "gswg.ttl").is_file() and (candidate / "pyproject.toml").is_file():
        return candidate
    return None


def _installed_root() -> Path | None:
    packaged = resources.files("gswg_graph") / "_resources"
    path = Path(str(packaged))
    if (path / "ontology" / "gswg.ttl").is_file():
        return path
    return None


def locate(root: Path | None = None) -> ResourceRoot:
    """Return the resource root: an explicit one, ``$GSWG_RESOURCES``, the checkout, or the wheel."""
    if root is not None:
        return ResourceRoot(Path(root))
    if env := os.environ.get(ENV_ROOT):
        return ResourceRoot(Path(env))
    for finder in (_checkout_root, _installed_root):
        found = finder()
        if found is not None:
            return ResourceRoot(found)
    raise FileNotFoundError(
        "cannot find the gswg-graph resources (ontology/gswg.ttl): neither a checkout nor an "
        f"installed wheel provides them; set {ENV_ROOT} to a folder holding ontology/ and data/"
    )
