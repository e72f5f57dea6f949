"""Progress for long work, drawn only for a person watching a terminal.

One rule for every command: a bar on stderr when stderr is a terminal, nothing with ``--quiet``,
nothing in CI (``$CI`` set: some CI runners give jobs a pseudo-terminal, and a log full of
carriage returns helps nobody) and nothing when ``$TERM`` is ``dumb``.  Output that scripts read
(stdout, files) never carries progress.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType
from typing import IO

ENV_CI = "CI"
_FALSE = {"", "0", "false", "no", "off"}


def wanted(stream: IO[str] | None = None, *, quiet: bool = False) -> bool:
    """Whether progress should be drawn on ``stream`` (default stderr)."""
    if quiet:
        return False
    if os.environ.get(ENV_CI, "").strip().lower() not in _FALSE:
        return False
    if os.environ.get("TERM", "") == "dumb":
        return False
    stream = sys.stderr if stream is None else stream
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty is not None and isatty())
    except ValueError:  # a closed stream
        return False


def count_of(done: int, total: int) -> str:
    """The default amount shown after the percentage: ``3/7``."""
    return f"{done}/{total}"


def megabytes(done: int, total: int) -> str:
    """The amount for a bar that counts bytes: ``12.5/300.0 MB``."""
    return f"{done / 1e6:.1f}/{total / 1e6:.1f} MB"


class Progress:
    """A one-line bar: ``[######........]  40% 2/5 writing index.html``.

    ``enabled`` defaults to :func:`wanted` for the stream; callers that already decided (a CLI
    with ``--quiet``) pass it.  Redraws are throttled to one per ``interval`` seconds, except the
    final one, so updating on every item of a large input costs next to nothing.
    """

    width = 30

    def __init__(
        self,
        total: int,
        stream: IO[str] | None = None,
        *,
        enabled: bool | None = None,
        interval: float = 0.2,
        amount: Callable[[int, int], str] = count_of,
    ) -> None:
        self.total = max(total, 1)
        self.stream = sys.stderr if stream is None else stream
        self.enabled = wanted(self.stream) if enabled is None else enabled
        self.interval = interval
        self.amount = amount
        self.done = 0
        self.note = ""
        self._last = 0.0
        self._drawn = 0
        self._started = 0

    def update(self, done: int, note: str | None = None) -> None:
        """Set the amount done (and optionally what is being done now); redraw if due."""
        self.done = done
        if note is not None:
            self.note = note
        now = time.monotonic()
        if not self.enabled or now - self._last < self.interval:
            return
        self._last = now
        self._draw()

    def tell(self, note: str) -> None:
        """Say what is being done now (always redrawn), the amount unchanged."""
        self._last = 0.0
        self.update(self.done, note)

    def step(self, note: str) -> None:
        """Start the next of ``total`` steps, saying what it is (always redrawn)."""
        self._last = 0.0
        self.update(self._started, note)
        self._started += 1

    def finish(self) -> None:
        """Show the bar full and end its line; the terminal is left clean for the summary."""
        if not self.enabled:
            return
        self._last = 0.0
        self.update(self.total)
        self.stream.write("\n")
        self.stream.flush()

    def _draw(self) -> None:
        fraction = min(self.done / self.total, 1.0)
        filled = int(fraction * self.width)
        line = (
            f"[{'#' * filled}{'.' * (self.width - filled)}] {fraction:4.0%} "
            f"{self.amount(self.done, self.total)}"
        )
        if self.note:
            line += f" {self.note}"
        # Pad over a longer previous line so no stale characters remain.
        padding = max(self._drawn - len(line), 0)
        self.stream.write(f"\r{line}{' ' * padding}")
        self.stream.flush()
        self._drawn = len(line)

    def __enter__(self) -> Progress:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is None:
            self.finish()
        elif self.enabled and self._drawn:
            # Leave the line so the error message starts on a fresh one.
            self.stream.write("\n")
            self.stream.flush()


class CountingReader:
    """A binary file wrapper that counts the bytes read through it (for progress bars).

    Parsers and HTTP clients that take a file object read through it; ``on_read`` receives the
    number of bytes read so far after every read.
    """

    def __init__(self, raw: IO[bytes], on_read: Callable[[int], None] | None = None) -> None:
        self._raw = raw
        self._on_read = on_read
        self.bytes_read = 0

    def read(self, size: int = -1) -> bytes:
        data = self._raw.read(size)
        self.bytes_read += len(data)
        if self._on_read is not None:
            self._on_read(self.bytes_read)
        return data


def _to_stderr(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


@dataclass(frozen=True)
class Feedback:
    """What long work tells the person who started it, on stderr: a bar, and notes.

    ``bars``: draw progress bars (decided once, by :func:`wanted`); ``notes``: where one-off
    reports go (an import's summary), None for none.  Library calls get :data:`SILENT`; a
    command builds one with :meth:`for_command` from its ``--quiet``.
    """

    bars: bool = False
    notes: Callable[[str], None] | None = None
    stream: IO[str] | None = None

    @classmethod
    def for_command(cls, quiet: bool) -> Feedback:
        """On a terminal a bar; notes on stderr unless ``quiet`` (which also hides the bar)."""
        return cls(bars=wanted(sys.stderr, quiet=quiet), notes=None if quiet else _to_stderr)

    def bar(self, total: int, amount: Callable[[int, int], str] = count_of) -> Progress:
        """A bar of ``total`` units, drawn only when this feedback wants bars."""
        return Progress(total, self.stream, enabled=self.bars, amount=amount)

    def note(self, text: str) -> None:
        if self.notes is not None:
            self.notes(text)


SILENT = Feedback()
