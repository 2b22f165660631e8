#!/usr/bin/env python3
"""Time the gate (and Checkov, from its own environment, when present) on the same generated inputs.

    python benchmarks/run.py [--sizes 10,1000,5000] [--repeat 3] [--checkov PATH]

For each size it generates the inputs (benchmarks/generate.py), then runs each tool on each input kind,
alternating tools run by run, and reports the median wall time, the peak memory (maximum resident set of the
process) and the ratio Checkov / gate. "cold" runs the gate with a cache that holds only what is built once per
machine and version (the grammar, the compiled policy library: a copy of a cache filled by scanning one tiny
file), so every scanned file is parsed again; "warm" runs it again with the cache filled. Then it times what a developer
waits for: the pre-commit stage on a change of about 20 files and 100 resources (every file of a generated
100-resource Terraform tree and template, named on the command line as the pre-commit hook does), and
``gate --version``. Nothing here asserts: the numbers are written down by hand in docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
KINDS = {
    "hcl": ("terraform", "terraform"),
    "plan": ("plan.json", "terraform_plan"),
    "cloudformation": ("template.yaml", "cloudformation"),
}


def measure(command: list[str], env: dict[str, str], cwd: Path) -> tuple[float, int]:
    """Wall seconds and peak RSS (MB) of one run of ``command``."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(process.pid, 0)
    return time.perf_counter() - started, usage.ru_maxrss // 1024


def gate_command(target: str) -> list[str]:
    return [sys.executable, "-m", "gate", "scan", target, "--format", "json"]


def own_data_cache(tmp: Path, env: dict[str, str]) -> Path:
    """A cache folder holding only the gate's own data (grammar, policy library), made by scanning one file."""
    folder, cache = tmp / "own-data", tmp / "own-data-cache"
    folder.mkdir()
    (folder / "main.tf").write_text('resource "aws_sqs_queue" "q" {}\n')
    subprocess.run(
        gate_command("."), cwd=folder, env={**env, "XDG_CACHE_HOME": str(cache)}, stdout=subprocess.DEVNULL, check=False
    )
    return cache


def cold_env(own: Path, tmp: Path, env: dict[str, str]) -> dict[str, str]:
    """An environment whose cache is a fresh copy of ``own``."""
    fresh = Path(tempfile.mkdtemp(dir=tmp, prefix="cold-"))
    shutil.copytree(own, fresh / "cache")
    return {**env, "XDG_CACHE_HOME": str(fresh / "cache")}


def checkov_command(checkov: str, target: str, framework: str) -> list[str]:
    flag = "-d" if target == "terraform" else "-f"
    return [checkov, flag, target, "--framework", framework, "-o", "json", "--skip-download", "--quiet"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10,1000,5000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--checkov", default=os.environ.get("POLICY_GATE_CHECKOV") or shutil.which("checkov"))
    args = parser.parse_args()
    # As installed: the gate's modules compiled once, their bytecode read by every run (with PYTHONDONTWRITEBYTECODE
    # set, each run would compile the ~200 modules it imports again: 0.1 to 0.2 s that no user waits for).
    env = {**{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}, "PYTHONPATH": str(REPO)}
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(REPO / "gate")], env=env, stdout=subprocess.DEVNULL, check=True
    )
    print(f"machine: {os.cpu_count()} cores, python {sys.version.split()[0]}; checkov: {args.checkov or 'not found'}")
    print(
        "| input | resources | gate cold | gate warm | gate peak MB | checkov | checkov peak MB | ratio cold | ratio warm |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        own = own_data_cache(Path(tmp), env)
        for size in (int(s) for s in args.sizes.split(",")):
            data = Path(tmp) / str(size)
            subprocess.run([sys.executable, str(HERE / "generate.py"), str(data), str(size)], check=True)
            for kind, (target, framework) in KINDS.items():
                commands = {"cold": (gate_command(target), env), "warm": (gate_command(target), env)}
                if args.checkov:
                    commands["checkov"] = (checkov_command(args.checkov, target, framework), dict(os.environ))
                times: dict[str, list[float]] = {name: [] for name in commands}
                peaks: dict[str, list[int]] = {name: [] for name in commands}
                names = list(commands)
                for repetition in range(args.repeat):
                    # The order turns each repetition: no measurement always follows the same one (the run
                    # after Checkov's, which leaves hundreds of MB to reclaim, is slower whoever makes it).
                    shift = repetition % len(names)
                    for name in names[shift:] + names[:shift]:
                        command, environ = commands[name]
                        seconds, mb = measure(
                            command, cold_env(own, Path(tmp), env) if name == "cold" else environ, data
                        )
                        times[name].append(seconds)
                        peaks[name].append(mb)
                c, w = statistics.median(times["cold"]), statistics.median(times["warm"])
                k = statistics.median(times["checkov"]) if args.checkov else None
                row = [
                    kind,
                    str(size),
                    f"{c:.2f} s",
                    f"{w:.2f} s",
                    str(max(peaks["cold"] + peaks["warm"])),
                    f"{k:.2f} s" if k else "-",
                    str(max(peaks["checkov"])) if k else "-",
                    f"{k / c:.1f}x" if k else "-",
                    f"{k / w:.1f}x" if k else "-",
                ]
                print("| " + " | ".join(row) + " |", flush=True)
        developer(Path(tmp) / "change", env, args.repeat, own)
    return 0


def developer(data: Path, env: dict[str, str], repeat: int, own: Path) -> None:
    """The pre-commit stage on a typical change, and ``gate --version``: medians of wall time."""
    subprocess.run([sys.executable, str(HERE / "generate.py"), str(data), "100"], check=True)
    files = [p.relative_to(data).as_posix() for p in sorted((data / "terraform").rglob("*.tf"))] + ["template.yaml"]
    hook = [sys.executable, "-m", "gate", "scan", "--stage", "pre-commit", *files]
    cold = [measure(hook, cold_env(own, data, env), data)[0] for _ in range(repeat)]
    warm = [measure(hook, env, data)[0] for _ in range(repeat)]
    version = [measure([sys.executable, "-m", "gate", "--version"], env, data)[0] for _ in range(repeat)]
    print(
        f"\n| what | median |\n|---|---|\n| pre-commit stage, {len(files)} files, cold | {statistics.median(cold):.2f} s |"
    )
    print(f"| pre-commit stage, {len(files)} files, warm | {statistics.median(warm):.2f} s |")
    print(f"| gate --version | {statistics.median(version):.2f} s |", flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
