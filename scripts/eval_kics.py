#!/usr/bin/env python3
"""Measure the gate's policies against KICS's labelled test cases.

    python scripts/eval_kics.py ../shared/corpus/kics [--markdown docs/accuracy.md] [--details]

``scripts/kics_mapping/*.yaml`` maps every KICS query either to the gate policies that cover it or to "out of
scope" with a reason. Each test file is scanned on its own, and per platform and family this prints:

- recall: expected positive lines covered by a failed result of a mapped policy whose resource block spans
  the line (the same line listed once per port counts once);
- false alarms: mapped-policy failures on negative files, and on resources of positive files whose block
  spans no expected line; the rate is false alarms over all mapped-policy failures;
- how many queries are out of scope.

Where KICS's own label looks wrong, the mapping says so (``disputed``: file, line, reason) and the line is
left out of recall rather than a policy bent to it.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from gate.api import Display, ScanOptions, load_inputs  # noqa: E402
from gate.engine.evaluate import evaluate  # noqa: E402
from gate.model import Result, Status  # noqa: E402
from gate.policies import LoadedPolicy, builtin_dir, load_policies  # noqa: E402

MAPPING_DIR = REPO / "scripts" / "kics_mapping"


@dataclass
class Tally:
    queries: int = 0
    out_of_scope: int = 0
    expected: int = 0
    covered: int = 0
    disputed: int = 0
    failures: int = 0
    false_alarms: int = 0
    missed: list[str] = field(default_factory=list)
    alarms: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        for name in ("queries", "out_of_scope", "expected", "covered", "disputed", "failures", "false_alarms"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.missed += other.missed
        self.alarms += other.alarms

    @property
    def recall(self) -> float:
        return self.covered / self.expected if self.expected else 1.0

    @property
    def false_alarm_rate(self) -> float:
        return self.false_alarms / self.failures if self.failures else 0.0


def load_mapping() -> dict[str, dict[str, Any]]:
    mapping: dict[str, dict[str, Any]] = {}
    for path in sorted(MAPPING_DIR.glob("*.yaml")):
        for entry in yaml.safe_load(path.read_text()) or []:
            mapping[entry["query"]] = entry
    return mapping


def expected_lines(test_dir: Path, positives: list[Path]) -> set[tuple[str, int]]:
    found: set[tuple[str, int]] = set()
    expected = test_dir / "positive_expected_result.json"
    if not expected.exists():
        return found
    for item in json.loads(expected.read_text()):
        name = item.get("fileName") or item.get("filename") or (positives[0].name if len(positives) == 1 else None)
        if name and item.get("line"):
            found.add((Path(name).name, int(item["line"])))
    return found


def scan_file(path: Path, policies: list[LoadedPolicy], wanted: set[str]) -> list[tuple[Result, list[tuple[int, int]]]]:
    """Failed results of the wanted policies, each with the line spans it stands for: its own resource, the
    rule resources judged with it (a security group rule reported on its group names it in evidence), and the
    resources it is attached to (a bucket policy reported on itself stands for its bucket, where KICS labels
    it): KICS and the gate place some findings on different ends of one relation."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / path.name
        shutil.copy(path, copy)
        loaded = load_inputs(ScanOptions(paths=[copy], cwd=Path(tmp), environ={}), Display(Path(tmp)))
        results = evaluate(loaded.resources, [p for p in policies if p.policy.id in wanted], {})
    where = {
        r.address: (r.location.start_line, max(r.location.end_line, r.location.start_line)) for r in loaded.resources
    }
    attached = {r.address: {a for refs in r.references.values() for a in refs} for r in loaded.resources}
    failed = []
    for result in results:
        if result.status is not Status.FAILED:
            continue
        own = (result.location.start_line, max(result.location.end_line, result.location.start_line))
        named = [
            where[e.attribute]
            for e in result.evidence
            if e.attribute in where and e.attribute != result.resource.address
        ]
        targets = [where[a] for a in sorted(attached.get(result.resource.address, ())) if a in where]
        failed.append((result, [own, *named, *targets]))
    return failed


def spans(found: tuple[Result, list[tuple[int, int]]], line: int) -> bool:
    return any(start <= line <= end for start, end in found[1])


def evaluate_query(query_dir: Path, entry: dict[str, Any], policies: list[LoadedPolicy]) -> Tally:
    tally = Tally(queries=1)
    wanted = set(entry["policies"])
    test_dir = query_dir / "test"
    files = sorted(
        p
        for p in test_dir.iterdir()
        if p.name.startswith(("positive", "negative")) and not p.name.endswith("expected_result.json")
    )
    positives = [p for p in files if p.name.startswith("positive")]
    expected = expected_lines(test_dir, positives)
    disputed = {(d["file"], int(d["line"])) for d in entry.get("disputed", [])}
    tally.disputed = len(expected & disputed)
    expected -= disputed
    tally.expected = len(expected)
    label = f"{query_dir.parent.name}/{query_dir.name}"
    for path in files:
        failures = scan_file(path, policies, wanted)
        tally.failures += len(failures)
        lines = [line for name, line in expected if name == path.name]
        for line in lines:
            if any(spans(r, line) for r in failures):
                tally.covered += 1
            else:
                tally.missed.append(f"{label}/test/{path.name}:{line}")
        for found in failures:
            result = found[0]
            flagged = any(spans(found, line) for line in lines)
            disputed_here = any(name == path.name and spans(found, line) for name, line in disputed)
            if not flagged and not disputed_here:
                tally.false_alarms += 1
                tally.alarms.append(
                    f"{label}/test/{path.name}:{result.location.start_line} {result.policy_id} {result.resource.address}"
                )
    return tally


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("kics", type=Path, help="the KICS corpus folder (../shared/corpus/kics)")
    parser.add_argument("--markdown", type=Path, help="also write the table as Markdown to this file")
    parser.add_argument("--details", action="store_true", help="list every missed line and false alarm")
    parser.add_argument("--ignore-disputes", action="store_true", help="count every KICS label as right (raw numbers)")
    args = parser.parse_args()
    policies = load_policies([builtin_dir()])
    known = {p.policy.id for p in policies}
    mapping = load_mapping()
    index = [line.split("\t") for line in (args.kics / "INDEX.tsv").read_text().splitlines()[1:] if line.strip()]
    totals: dict[tuple[str, str], Tally] = defaultdict(Tally)
    unmapped: list[str] = []
    for platform, folder, _name, _severity, _category, family, *_ in index:
        key = f"{platform}/{folder}"
        entry = mapping.get(key)
        if entry is None:
            unmapped.append(key)
            continue
        tally = totals[(platform, family)]
        if "out_of_scope" in entry:
            tally.queries += 1
            tally.out_of_scope += 1
            continue
        missing = set(entry["policies"]) - known
        if missing:
            raise SystemExit(f"{key}: mapped to unknown policies {sorted(missing)}")
        if args.ignore_disputes:
            entry = {**entry, "disputed": []}
        tally.add(evaluate_query(args.kics / platform / folder, entry, policies))
    rows = [
        "| platform | family | queries | out of scope | expected lines | disputed lines | recall | mapped failures | false alarms |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    overall = Tally()
    for (platform, family), tally in sorted(totals.items()):
        overall.add(tally)
        rows.append(
            f"| {platform} | {family} | {tally.queries} | {tally.out_of_scope} | {tally.expected} | {tally.disputed} | "
            f"{tally.recall:.1%} | {tally.failures} | {tally.false_alarms} ({tally.false_alarm_rate:.1%}) |"
        )
    rows.append(
        f"| **all** | | {overall.queries} | {overall.out_of_scope} ({overall.out_of_scope / max(overall.queries, 1):.0%}) | "
        f"{overall.expected} | {overall.disputed} | **{overall.recall:.1%}** | {overall.failures} | "
        f"**{overall.false_alarms} ({overall.false_alarm_rate:.1%})** |"
    )
    table = "\n".join(rows)
    print(table)
    if unmapped:
        print(f"\n{len(unmapped)} queries have no mapping: {', '.join(unmapped)}")
    if args.details:
        print("\nmissed:\n  " + "\n  ".join(overall.missed))
        print("\nfalse alarms:\n  " + "\n  ".join(overall.alarms))
    if args.markdown:
        args.markdown.write_text(
            args.markdown.read_text().split("<!-- table -->")[0] + "<!-- table -->\n" + table + "\n"
            if args.markdown.exists() and "<!-- table -->" in args.markdown.read_text()
            else table + "\n"
        )
    return 1 if unmapped else 0


if __name__ == "__main__":
    raise SystemExit(main())
