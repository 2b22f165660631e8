"""A progress indicator for scans that take a while: a spinner with the elapsed time, on a terminal only.

Nothing is drawn during the first second (most scans are over by then), nor when stdout or the stream drawn on
is not a terminal (CI logs, pipes, pre-commit). The line is erased before the command prints its result.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping
from types import TracebackType
from typing import TextIO

DELAY = 1.0  # seconds before the indicator appears
INTERVAL = 0.1  # seconds between frames
FRAMES = "|/-\\"


def wanted(stdout: TextIO, stream: TextIO, environ: Mapping[str, str]) -> bool:
    """Whether to draw: both stdout and the stream drawn on are terminals, and TERM is not ``dumb``."""
    if environ.get("TERM") == "dumb":
        return False
    return all(bool(getattr(s, "isatty", None) and s.isatty()) for s in (stdout, stream))


def delay(environ: Mapping[str, str]) -> float:
    """Seconds before the indicator appears: ``POLICY_GATE_PROGRESS_DELAY`` when it is a number, else DELAY."""
    try:
        return max(0.0, float(environ["POLICY_GATE_PROGRESS_DELAY"]))
    except (KeyError, ValueError):
        return DELAY


class Progress:
    """``with Progress(stream, label):`` draws ``label`` with a spinner on ``stream`` after ``delay`` seconds,
    until the block ends; ``enabled=False`` makes it do nothing."""

    def __init__(
        self, stream: TextIO, label: str, enabled: bool = True, delay: float = DELAY, interval: float = INTERVAL
    ) -> None:
        self.stream = stream
        self.label = label
        self.enabled = enabled
        self.delay = delay
        self.interval = interval
        self.drawn = False
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._started = 0.0

    def __enter__(self) -> Progress:
        if self.enabled:
            self._started = time.monotonic()
            self._thread = threading.Thread(target=self._run, name="gate-progress", daemon=True)
            self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        if self._thread is None:
            return
        self._stop.set()
        self._thread.join()
        if self.drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()

    def _run(self) -> None:
        if self._stop.wait(self.delay):
            return
        frame = 0
        while not self._stop.is_set():
            elapsed = time.monotonic() - self._started
            self.stream.write(f"\r\x1b[K{FRAMES[frame % len(FRAMES)]} {self.label} {elapsed:.0f}s")
            self.stream.flush()
            self.drawn = True
            frame += 1
            self._stop.wait(self.interval)
