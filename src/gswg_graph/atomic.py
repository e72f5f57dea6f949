"""Write outputs so that a failure never leaves a half-written file over a good one."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _publishable(fd: int) -> None:
    """mkstemp makes files readable by their owner only; give them the usual mode (0666 & ~umask)
    so a published release or documentation can be served by a web server."""
    os.fchmod(fd, 0o666 & ~_umask())


@contextlib.contextmanager
def atomic_writer(
    target: Path, mode: str = "w", encoding: str | None = "utf-8"
) -> Iterator[IO[Any]]:
    """Yield a temporary file next to ``target``; rename it over ``target`` only on success."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    tmp = Path(tmp_name)
    try:
        _publishable(fd)
        with os.fdopen(fd, mode, encoding=None if "b" in mode else encoding) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise


def atomic_write_bytes(target: Path, payload: bytes) -> None:
    with atomic_writer(target, "wb") as handle:
        handle.write(payload)


def atomic_write_text(target: Path, text: str) -> None:
    with atomic_writer(target, "w") as handle:
        handle.write(text)


class StagedFiles:
    """Several files that must all be replaced together, or not at all.

    Each ``write`` lands in a hidden temporary file next to its target; ``commit`` renames them
    over the targets (in the order written) only after every payload is safely on disk, and
    ``discard`` removes the temporaries.  Used as a context manager it commits on success and
    discards on any exception, so a failed release leaves the previous files byte-identical.
    """

    def __init__(self) -> None:
        self._staged: list[tuple[Path, Path]] = []

    def write(self, target: Path, payload: bytes) -> None:
        target = Path(target)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        tmp = Path(tmp_name)
        self._staged.append((tmp, target))
        _publishable(fd)
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())

    def commit(self) -> list[Path]:
        done: list[Path] = []
        try:
            for tmp, target in self._staged:
                os.replace(tmp, target)
                done.append(target)
        finally:
            self._staged = self._staged[len(done) :]
            self.discard()
        return done

    def discard(self) -> None:
        for tmp, _target in self._staged:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
        self._staged.clear()

    def __enter__(self) -> StagedFiles:
        return self

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is None:
            self.commit()
        else:
            self.discard()
