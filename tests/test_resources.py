"""Where the resources are found: explicit root, $GSWG_RESOURCES, the checkout, the wheel."""

from __future__ import annotations

from pathlib import Path

import pytest

from gswg_graph import resources
from gswg_graph.errors import InputError
from gswg_graph.resources import ResourceRoot, locate

from .helpers import FIXTURE_ROOT, REPO_ROOT


def test_locate_finds_the_checkout() -> None:
    assert locate() == ResourceRoot(REPO_ROOT)


def test_checkout_is_found_even_before_the_data_exists(monkeypatch: pytest.MonkeyPatch) -> None:
    """The loader, not the locator, should say what is missing."""
    monkeypatch.setattr(resources, "_installed_root", lambda: None)
    assert locate().root == REPO_ROOT


def test_environment_overrides_the_checkout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GSWG_RESOURCES", str(FIXTURE_ROOT))
    assert locate() == ResourceRoot(FIXTURE_ROOT)


def test_explicit_root_overrides_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("GSWG_RESOURCES", str(FIXTURE_ROOT))
    assert locate(tmp_path) == ResourceRoot(tmp_path)


def test_nothing_found_is_an_input_error_with_a_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(resources, "_checkout_root", lambda: None)
    monkeypatch.setattr(resources, "_installed_root", lambda: None)
    with pytest.raises(InputError) as caught:
        locate()
    assert caught.value.exit_code == 2
    assert caught.value.hint is not None and "GSWG_RESOURCES" in caught.value.hint


def test_resource_root_lists_files_sorted() -> None:
    root = ResourceRoot(FIXTURE_ROOT)
    assert root.data_files() == sorted(root.data_files())
    assert [p.name for p in root.data_files()] == [
        "groups.ttl",
        "memberships.ttl",
        "organisations.ttl",
    ]
    assert root.ontology_file.is_file()
    assert [p.name for p in root.shape_files()] == ["shapes.ttl"]
    assert [p.name for p in root.query_files()] == ["groups.rq"]
