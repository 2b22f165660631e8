"""The cheap half of blame: files whose every line comes from the one commit that added them.

A scan can fail in hundreds of files, and ``git blame`` is a process per file. A file that has not changed
since the commit that added it (nothing newer touches it, no rename brought it there, nothing in the work
tree or index changes it) has every line from that commit: that is what its blame would say. One history walk
(``git log --name-status``, newest first, limited to the files and stopped once each is seen), one
``git diff-tree --stdin -M`` over the commits that added them (so that a rename, which blame follows, is not
taken for an addition) and one ``git diff HEAD`` find those files; the commit's fields come from one blame of
one line of one of its files, so that they read exactly as blame gives them. The walk stops at a merge:
beyond it, only blame knows which side a line came from. Everything else is blamed file by file.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable

_HEX = re.compile(rb"^[0-9a-f]{40}(?:[0-9a-f]{24})?$")
_MAX_COMMITS = 5000  # commits of the walk read at most: past them, files are blamed one by one


def _tokens(out: bytes) -> list[bytes]:
    return out.split(b"\0")


def newest_additions(run: Callable[..., subprocess.CompletedProcess[bytes] | None], files: list[str]) -> dict[str, str]:
    """{file: commit} for each of ``files`` whose newest commit (before any merge) added it."""
    done = run(
        "log",
        "--relative",
        "--no-renames",
        "--format=%x01%H %P",
        "--name-status",
        "-z",
        f"--max-count={_MAX_COMMITS}",
        "--",
        *files,
    )
    if done is None or done.returncode != 0:
        return {}
    wanted, seen, added = set(files), set[str](), dict[str, str]()
    tokens = _tokens(done.stdout)
    commit = ""
    i = 0
    while i < len(tokens) and seen != wanted:
        token = tokens[i].lstrip(b"\n")
        i += 1
        if token.startswith(b"\x01"):
            shas = token[1:].split(b" ")
            if len(shas) > 2:  # a merge: which side a line came from is blame's to say
                break
            commit = shas[0].decode()
            continue
        if not token or i >= len(tokens):
            continue
        path = tokens[i].decode("utf-8", errors="surrogateescape")
        i += 1
        if path in wanted and path not in seen:
            seen.add(path)
            if token == b"A" and commit:
                added[path] = commit
    return added


def renamed(
    run: Callable[..., subprocess.CompletedProcess[bytes] | None], commits: set[str]
) -> set[tuple[str, str]] | None:
    """(commit, path) of each path that ``commits`` renamed or copied into place, as blame would see it; ``None``
    when git cannot say."""
    done = run(
        "diff-tree",
        "--stdin",
        "--relative",
        "--root",
        "-r",
        "-M",
        "--name-status",
        "-z",
        input_bytes="".join(c + "\n" for c in sorted(commits)).encode(),
    )
    if done is None or done.returncode != 0:
        return None
    moved: set[tuple[str, str]] = set()
    tokens = _tokens(done.stdout)
    commit = ""
    i = 0
    while i < len(tokens):
        token = tokens[i]
        i += 1
        if _HEX.match(token):
            commit = token.decode()
            continue
        if not token:
            continue
        paths = 2 if token[:1] in (b"R", b"C") else 1
        if paths == 2 and i + 1 < len(tokens):
            moved.add((commit, tokens[i + 1].decode("utf-8", errors="surrogateescape")))
        i += paths
    return moved


def changed_in_work_tree(
    run: Callable[..., subprocess.CompletedProcess[bytes] | None], files: list[str]
) -> set[str] | None:
    """Which of ``files`` the index or the work tree changes against HEAD; ``None`` when git cannot say."""
    done = run(
        "diff",
        "HEAD",
        "--relative",
        "--name-only",
        "--no-renames",
        "--no-textconv",
        "--no-ext-diff",
        "-z",
        "--",
        *files,
    )
    if done is None or done.returncode != 0:
        return None
    return {p.decode("utf-8", errors="surrogateescape") for p in _tokens(done.stdout) if p}


def whole_files(run: Callable[..., subprocess.CompletedProcess[bytes] | None], files: list[str]) -> dict[str, str]:
    """{file: commit} for each of ``files`` every line of which comes from ``commit``."""
    if not files:
        return {}
    changed = changed_in_work_tree(run, files)
    if changed is None:
        return {}
    added = {f: c for f, c in newest_additions(run, files).items() if f not in changed}
    moved = renamed(run, set(added.values())) if added else set()
    if moved is None:
        return {}
    return {f: c for f, c in added.items() if (c, f) not in moved}
