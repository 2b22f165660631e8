#!/usr/bin/env python3
"""What naming who made the change costs: a scan of a real tree with blame and with ``--no-blame``.

    python benchmarks/blame.py CORPUS_DIR [--repeat 5]

CORPUS_DIR (the shared corpus's ``real`` folder: real Terraform modules and AWS templates) is not a git
repository, so it is copied into a temporary folder made one: a first author commits every file, a second
author then edits every other Terraform and template file (a line inside its first block), so that blame
has two authors and two commits to tell apart. Each run is a separate process with the same warm cache;
the two kinds of run alternate, and the medians are compared. It prints the counts of what blame worked on
(failed and unknown results, files blamed) from one JSON report. Nothing here asserts: the numbers are
written down by hand in docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SOURCES = (".tf", ".yaml", ".yml", ".json", ".template")


def git(root: Path, *args: str, author: tuple[str, str]) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": author[0],
        "GIT_AUTHOR_EMAIL": author[1],
        "GIT_COMMITTER_NAME": author[0],
        "GIT_COMMITTER_EMAIL": author[1],
        "GIT_CONFIG_NOSYSTEM": "1",
        "HOME": str(root.parent),
    }
    subprocess.run(["git", *args], cwd=root, env=env, check=True, stdout=subprocess.DEVNULL)


def second_author_edit(path: Path) -> bool:
    """Add a comment line inside the file's first resource block (Terraform) or Resources section (YAML)."""
    lines = path.read_text(encoding="utf-8", errors="replace").split("\n")
    for number, line in enumerate(lines):
        opens = (
            line.startswith("resource ") and line.rstrip().endswith("{")
            if path.suffix == ".tf"
            else path.suffix in (".yaml", ".yml", ".template") and line.rstrip() == "Resources:"
        )
        if opens:
            lines.insert(number + 1, "  # reviewed")
            path.write_text("\n".join(lines), encoding="utf-8")
            return True
    return False


def repository(corpus: Path, tmp: Path) -> Path:
    root = tmp / "repo"
    shutil.copytree(corpus, root)
    git(root, "init", "-q", "-b", "main", author=("A", "a@example.com"))
    git(root, "add", "-A", author=("A", "a@example.com"))
    git(root, "commit", "-qm", "Import the modules", author=("Alice Example", "alice@example.com"))
    files = sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in SOURCES and ".git" not in p.parts)
    edited = sum(second_author_edit(p) for p in files[::2])
    git(root, "commit", "-qam", "Review the first block of every other file", author=("Bob Example", "bob@example.com"))
    print(f"repository: {len(files)} source files, {edited} edited by the second author")
    return root


def run(root: Path, env: dict[str, str], *extra: str) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "gate", "scan", "--format", "json", *extra],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    return time.perf_counter() - started


def blame_step(root: Path, report: Path) -> float:
    """Wall time of the blame step alone, on the results of ``report`` read back: less noisy than a difference
    of two whole scans on a busy machine."""
    sys.path.insert(0, str(REPO))
    from gate.blame import annotate
    from gate.model import RunResult
    from gate.schema import check

    results = check(RunResult, json.loads(report.read_text(encoding="utf-8"))).results
    for result in results:
        result.introduced = None
    started = time.perf_counter()
    annotate(results, root)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    env = {**{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}, "PYTHONPATH": str(REPO)}
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(REPO / "gate")], env=env, stdout=subprocess.DEVNULL, check=True
    )
    with tempfile.TemporaryDirectory() as tmp:
        root = repository(args.corpus, Path(tmp))
        env["XDG_CACHE_HOME"] = str(Path(tmp) / "cache")
        report = Path(tmp) / "gate.json"
        subprocess.run(
            [sys.executable, "-m", "gate", "scan", "--report", f"json={report}"],
            cwd=root,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )  # fills the cache
        results = json.loads(report.read_text(encoding="utf-8"))["results"]
        blamed = [r for r in results if r["introduced"] is not None]
        authors = {r["introduced"]["author"] for r in blamed}
        print(
            f"results: {len(results)}; with introduced: {len(blamed)} in {len({r['location']['file'] for r in blamed})} "
            f"files; authors named: {sorted(authors)}"
        )
        with_blame: list[float] = []
        without: list[float] = []
        for turn in range(args.repeat):
            order = [(with_blame, ()), (without, ("--no-blame",))]
            for times, extra in order if turn % 2 == 0 else reversed(order):
                times.append(run(root, env, *extra))
        on, off = statistics.median(with_blame), statistics.median(without)
        print(f"scan with blame: median {on:.2f} s {sorted(round(t, 2) for t in with_blame)}")
        print(f"scan --no-blame: median {off:.2f} s {sorted(round(t, 2) for t in without)}")
        print(f"blame costs {on - off:+.2f} s, {100 * (on - off) / off:+.1f}% of the scan")
        step = statistics.median(blame_step(root, report) for _ in range(args.repeat))
        print(
            f"the blame step alone (in process, on the same results): median {step:.2f} s, "
            f"{100 * step / off:.1f}% of the --no-blame scan"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
