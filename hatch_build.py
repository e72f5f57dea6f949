"""Hatchling build hook: ship ontology/, data/, shapes/ and queries/ inside the wheel.

A hook rather than a static ``force-include`` so that an editable install (``pip install -e .``)
copies nothing: gswg_graph.resources reads the folders straight from the checkout, and a
checkout whose data is not written yet can still be installed and tested.  A real wheel, on the
other hand, refuses to build without them, since it would be useless.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

RESOURCE_DIRS = ("ontology", "data", "shapes", "queries")


class ResourcesHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if version == "editable":
            return
        root = Path(self.root)
        missing = [name for name in RESOURCE_DIRS if not (root / name).is_dir()]
        if not (root / "ontology" / "gswg.ttl").is_file():
            missing.append("ontology/gswg.ttl")
        if missing:
            raise FileNotFoundError(
                f"cannot build the gswg-graph wheel: {', '.join(missing)} missing in {root}; "
                "the wheel must carry the ontology, data, shapes and queries"
            )
        for name in RESOURCE_DIRS:
            build_data["force_include"][str(root / name)] = f"gswg_graph/_resources/{name}"
