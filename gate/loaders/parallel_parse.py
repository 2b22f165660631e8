"""Parsing many HCL files across the machine's cores.

Lark's parser is pure Python, so one process parses on one core (about 250 KB of HCL a second). When a scan
has more unparsed HCL than :data:`MIN_BYTES` (files the parse cache does not hold), the files are shared out
between this process and forked workers, which inherit the grammar already loaded and send back the parsed
blocks. The entries go into the parse cache (for this run even with ``--no-cache``). Files
that fail to parse are left to the caller, which parses them again and reports the error as it always does:
this module only ever saves time, it never decides anything. Where ``fork`` is not available (Windows), or
on one core, nothing happens.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from gate.errors import InputError
from gate.parse_cache import ParseCache

MIN_BYTES = 64 * 1024  # below this, starting workers costs about what they would save
MAX_WORKERS = 8


def cores() -> int:
    """The cores this process may run on (a container's limit, not the host's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - macOS has no sched_getaffinity
        return os.cpu_count() or 1


def prefetch(files: list[tuple[Path, str]], cache: ParseCache, max_size: int) -> int:
    """Parse in parallel those of ``files`` ((path, display) of ``.tf`` files) that ``cache`` does not hold
    yet, and put them into it. Returns how many were parsed."""
    workers = min(cores(), MAX_WORKERS)
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return 0
    sized: list[tuple[Path, str]] = []
    total = 0
    for path, display in files:
        try:
            size = path.stat().st_size
            if not path.is_symlink() and path.is_file() and size <= max_size:
                sized.append((path, display))
                total += size
        except OSError:
            continue  # the serial read reports it
    if total < MIN_BYTES:
        return 0  # a small scan (a commit's few files) is not read twice
    todo: list[tuple[str, str, str]] = []  # (key, text, display)
    for path, display in sized:
        try:
            data = path.read_bytes()
            text = data.decode("utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue  # the serial read reports it
        key = cache.key(data)
        if not cache.holds(key):
            todo.append((key, text, display))
    if sum(len(text) for _, text, _ in todo) < MIN_BYTES or len(todo) < 2:
        return 0
    from gate.loaders.hcl_parse import parse_body, parser

    parser()  # load the grammar once, here, so that every worker inherits it
    shares: list[list[tuple[str, str, str]]] = [[] for _ in range(min(workers, len(todo)))]
    sizes = [0] * len(shares)
    for item in sorted(todo, key=lambda t: -len(t[1])):  # largest first, each to the lightest share
        lightest = sizes.index(min(sizes))
        shares[lightest].append(item)
        sizes[lightest] += len(item[1])
    # The workers take every share but the first, which this process parses meanwhile.
    with ProcessPoolExecutor(len(shares) - 1, mp_context=multiprocessing.get_context("fork")) as pool:
        pending = pool.map(_parse_share, shares[1:])
        for key, text, display in shares[0]:
            try:
                cache.remember(key, parse_body(text, display))
            except InputError:
                continue
        for results in pending:
            for key, data in results:
                cache.remember_pickled(key, data)
    return len(todo)


def _parse_share(share: list[tuple[str, str, str]]) -> list[tuple[str, bytes]]:
    """In a worker: each file's parsed blocks, pickled (a file that does not parse is left out)."""
    from gate.loaders.hcl_parse import parse_body

    out = []
    for key, text, display in share:
        try:
            body = parse_body(text, display)
        except InputError:
            continue
        out.append((key, pickle.dumps(body, protocol=pickle.HIGHEST_PROTOCOL)))
    return out
