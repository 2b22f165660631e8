"""Who made the change: each failed or unknown result gets ``introduced``, the commit that last changed the
lines of the block it is written on, and the run gets the pull or merge request it is for.

One ``git blame --porcelain`` per file, with one ``-L`` range per result in it, parsed. Git runs as
:mod:`gate.gitref` runs it (argument list, no shell, a small environment, no prompt), without textconv filters
(a ``.gitattributes`` in the tree could name one), with a bound on time and on output. Outside a git work tree
nothing is added. A line not committed yet (a file never committed, or changed in the working tree, which
blame attributes to "Not Committed Yet") makes the block "not committed": nobody is named.

Everything blame returns was written by whoever made the commit (names, summaries, and ``.mailmap`` in the
tree): it is text for people, made inert by the reporters, and it never changes a result or the decision:
this step runs after the decision and writes only ``Result.introduced``.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from gate.blame_walk import whole_files
from gate.gitref import git_environment
from gate.model import Introduced, Result, Status

_TIMEOUT = 60  # seconds for one file's blame
_MAX_OUTPUT = 64 * 1024 * 1024
_MAX_TEXT = 200  # characters of an author name or summary kept
_WORKERS = 4
_NOT_COMMITTED = re.compile(r"^0+$")
_HEADER = re.compile(r"^([0-9a-f]{40}|[0-9a-f]{64}) \d+ (\d+)(?: \d+)?$")
_KEYS = frozenset({"author", "author-time", "author-tz", "committer-time", "summary"})
# Safe settings whatever the repository's configuration says: no file-system monitor program, no lock taken.
_SAFE = ("-c", "core.fsmonitor=false", "--no-pager", "--no-optional-locks")
BLAMED = frozenset({Status.FAILED, Status.UNKNOWN})
NOT_COMMITTED = Introduced(commit="", author="not committed", date="", summary="")

Range = tuple[int, int]


def _git(root: Path, *args: str, input_bytes: bytes | None = None) -> subprocess.CompletedProcess[bytes] | None:
    """Git's answer, or ``None`` when git cannot be run here or takes too long."""
    try:
        return subprocess.run(
            ["git", "-C", str(root), *_SAFE, *args],
            capture_output=True,
            env=git_environment(),
            timeout=_TIMEOUT,
            check=False,
            input=input_bytes if input_bytes is not None else b"",
        )
    except (OSError, subprocess.TimeoutExpired):
        return None


def _first_line(done: subprocess.CompletedProcess[bytes] | None) -> str:
    if done is None:
        return "git could not be run or took too long"
    return (done.stderr.decode("utf-8", errors="replace").strip().splitlines() or ["git failed"])[0]


@dataclass
class Blame:
    """One file's blame: the commit of each line, and what each commit says."""

    lines: dict[int, str]
    commits: dict[str, dict[str, str]]

    @classmethod
    def parse(cls, out: bytes) -> Blame:
        """``git blame --porcelain`` output: a header per line (commit, original and final line), the commit's
        fields the first time it appears, then the line's content after a tab."""
        lines: dict[int, str] = {}
        commits: dict[str, dict[str, str]] = {}
        current: str | None = None
        for raw in out.split(b"\n"):
            if raw.startswith(b"\t"):
                current = None
                continue
            text = raw.decode("utf-8", errors="replace")
            if current is None:
                header = _HEADER.match(text)
                if header is not None:
                    current = header[1]
                    lines[int(header[2])] = current
                    commits.setdefault(current, {})
                continue
            key, _, value = text.partition(" ")
            if key in _KEYS:
                commits[current].setdefault(key, value)
        return cls(lines, commits)

    def introduced(self, start: int, end: int) -> Introduced | None:
        """The latest change to lines ``start``..``end``; "not committed" when any of them is not committed."""
        shas = {self.lines[n] for n in range(start, end + 1) if n in self.lines}
        if not shas:
            return None
        if any(_NOT_COMMITTED.match(sha) for sha in shas):
            return NOT_COMMITTED
        latest = max(
            shas,
            key=lambda sha: (
                _int(self.commits[sha].get("committer-time")),
                _int(self.commits[sha].get("author-time")),
                sha,
            ),
        )
        fields = self.commits[latest]
        return Introduced(
            commit=latest,
            author=fields.get("author", "")[:_MAX_TEXT],
            date=_date(fields.get("author-time"), fields.get("author-tz")),
            summary=fields.get("summary", "")[:_MAX_TEXT],
        )


def _int(text: str | None) -> int:
    return int(text) if text and text.isdigit() else 0


def _date(seconds: str | None, zone: str | None) -> str:
    """The author date as ISO 8601 in the author's offset (``+0130`` -> ``+01:30``)."""
    if not seconds or not seconds.isdigit():
        return ""
    offset: dt.tzinfo = dt.UTC
    if zone and re.fullmatch(r"[+-]\d{4}", zone):
        minutes = int(zone[1:3]) * 60 + int(zone[3:])
        offset = dt.timezone(dt.timedelta(minutes=-minutes if zone[0] == "-" else minutes))
    return dt.datetime.fromtimestamp(int(seconds), offset).isoformat()


def _merged(ranges: set[Range]) -> list[Range]:
    """Overlapping or touching ranges as one (fewer ``-L`` options, same lines)."""
    out: list[list[int]] = []
    for start, end in sorted(ranges):
        if out and start <= out[-1][1] + 1:
            out[-1][1] = max(out[-1][1], end)
        else:
            out.append([start, end])
    return [(start, end) for start, end in out]


def _blame(root: Path, file: str, ranges: set[Range]) -> Blame | str:
    """The blame of ``ranges`` of ``file`` (relative to ``root``), or why there is none. A range past the end of
    the file (the working tree changed under the scan) makes git refuse: the whole file is blamed then."""
    options = [f"-L{start},{end}" for start, end in _merged(ranges)]
    done = _git(root, "blame", "--porcelain", "--no-textconv", *options, "--", file)
    if done is not None and done.returncode != 0:
        done = _git(root, "blame", "--porcelain", "--no-textconv", "--", file)
    if done is None or done.returncode != 0:
        return _first_line(done)
    if len(done.stdout) > _MAX_OUTPUT:
        return "blame output too large"
    return Blame.parse(done.stdout)


def _tracked(root: Path, files: list[str]) -> set[str] | None:
    """Which of ``files`` git tracks in a commit; ``None`` when ``root`` is not in a git work tree (or git is
    missing). In a repository without a commit yet, none is."""
    inside = _git(root, "rev-parse", "--is-inside-work-tree", "HEAD", "--")  # "--": HEAD is a revision, not a file
    if inside is None or inside.stdout.split(b"\n", 1)[0] != b"true":
        return None
    tracked: set[str] = set()
    if inside.returncode != 0:
        return tracked
    for start in range(0, len(files), 500):  # pathspecs are literal (GIT_LITERAL_PATHSPECS)
        done = _git(root, "ls-files", "-z", "--", *files[start : start + 500])
        if done is None or done.returncode != 0:
            return None
        tracked.update(p.decode("utf-8", errors="surrogateescape") for p in done.stdout.split(b"\0") if p)
    return tracked


def annotate(results: list[Result], root: Path) -> list[str]:
    """Set ``introduced`` on every failed and unknown result with a line; the notices of files blame could not
    read. Nothing is set outside a git work tree."""
    wanted: dict[str, list[tuple[Result, Range]]] = {}
    for result in results:
        if result.status not in BLAMED:
            continue
        location = result.cause.location if result.cause is not None else result.location  # where to fix it
        file = location.file
        if location.start_line > 0 and file and not os.path.isabs(file):
            span = (location.start_line, max(location.end_line, location.start_line))
            wanted.setdefault(file, []).append((result, span))
    if not wanted:
        return []
    tracked = _tracked(root, sorted(wanted))
    if tracked is None:
        return []
    for file in set(wanted) - tracked:
        for result, _ in wanted.pop(file):
            result.introduced = NOT_COMMITTED
    for file, introduced in _whole_files(root, sorted(wanted)).items():
        for result, _ in wanted.pop(file):
            result.introduced = introduced
    files = sorted(wanted)
    with ThreadPoolExecutor(max_workers=min(_WORKERS, os.cpu_count() or 1)) as pool:
        blames = list(pool.map(lambda f: _blame(root, f, {span for _, span in wanted[f]}), files))
    failed: list[str] = []
    for file, blame in zip(files, blames, strict=True):
        if isinstance(blame, str):
            failed.append(f"{file} ({blame})")
            continue
        for result, (start, end) in wanted[file]:
            result.introduced = blame.introduced(start, end)
    if not failed:
        return []
    more = f" and {len(failed) - 3} more" if len(failed) > 3 else ""
    return [f"blame: who changed {len(failed)} file(s) is not shown: {', '.join(failed[:3])}{more}"]


def _whole_files(root: Path, files: list[str]) -> dict[str, Introduced]:
    """Files every line of which comes from one commit (gate.blame_walk), with that commit as blame names it:
    a few git processes for all of them instead of one each."""
    whole = whole_files(lambda *args, input_bytes=None: _git(root, *args, input_bytes=input_bytes), files)
    named: dict[str, Introduced] = {}
    for commit in set(whole.values()):
        one = next(f for f, c in whole.items() if c == commit)
        blame = _blame(root, one, {(1, 1)})
        introduced = None if isinstance(blame, str) else blame.introduced(1, 1)
        if introduced is not None and introduced.commit == commit:
            named[commit] = introduced
    return {f: named[c] for f, c in whole.items() if c in named}
