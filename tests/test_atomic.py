"""StagedFiles: several files replaced together or not at all, with no temporaries left over."""

from __future__ import annotations

from pathlib import Path

import pytest

from gswg_graph.atomic import StagedFiles, atomic_write_text

from .helpers import snapshot


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    out.mkdir()
    for name in ("a.txt", "b.txt"):
        (out / name).write_text(f"old {name}", encoding="utf-8")
    return out


def test_all_files_are_replaced_on_success(folder: Path) -> None:
    with StagedFiles() as staged:
        staged.write(folder / "a.txt", b"new a")
        staged.write(folder / "b.txt", b"new b")
    assert snapshot(folder) == {"a.txt": b"new a", "b.txt": b"new b"}


def test_nothing_changes_when_the_body_fails(folder: Path) -> None:
    before = snapshot(folder)
    with pytest.raises(RuntimeError), StagedFiles() as staged:
        staged.write(folder / "a.txt", b"new a")
        raise RuntimeError("second file failed")
    assert snapshot(folder) == before


def test_commit_returns_the_targets_in_order(folder: Path) -> None:
    with StagedFiles() as staged:
        staged.write(folder / "b.txt", b"1")
        staged.write(folder / "c.txt", b"2")
        assert staged.commit() == [folder / "b.txt", folder / "c.txt"]


def test_atomic_write_text_replaces_the_file(folder: Path) -> None:
    atomic_write_text(folder / "a.txt", "ລາວ")
    assert (folder / "a.txt").read_text(encoding="utf-8") == "ລາວ"
    assert sorted(p.name for p in folder.iterdir()) == ["a.txt", "b.txt"]


def test_written_files_are_readable_by_others_as_umask_allows(tmp_path: Path) -> None:
    """mkstemp gives 0600; published docs and releases must be servable (0644 with umask 022)."""
    import os

    previous = os.umask(0o022)
    try:
        with StagedFiles() as staged:
            staged.write(tmp_path / "staged.txt", b"x")
        atomic_write_text(tmp_path / "single.txt", "x")
    finally:
        os.umask(previous)
    for name in ("staged.txt", "single.txt"):
        assert (tmp_path / name).stat().st_mode & 0o777 == 0o644, name
