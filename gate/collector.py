"""Python's cyclic garbage collector, paused while a scan builds its data.

A scan allocates hundreds of thousands of small objects that all live to its end (parsed files, resources,
results) and creates almost no reference cycles. The collector would walk that growing heap again and again as
it fills (a third to a half of a large scan's time, measured with benchmarks/run.py), to free nothing.
Reference counting still frees everything else at once. The previous state is restored on the way out.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
