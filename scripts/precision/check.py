#!/usr/bin/env python3
"""Re-check the hand judgements of the gate's critical and high findings on real code, and write the table.

    python scripts/precision/check.py ../shared/corpus/real [--markdown docs/precision.md] [--stubs new.yaml]

The corpus (real modules and templates nobody here wrote) is copied to a fresh folder and scanned as a user
would (``gate scan`` at stage ``pr``, every root). Every failed result of severity critical or high that is a
finding of its own (not told under a broader one) was judged once by a person, in
``scripts/precision/judgements.yaml``: ``true`` (a reviewer would fix it), ``arguable`` (a reviewer could
reasonably accept it as it is) or ``false`` (wrong), with a one-line reason. A judgement is keyed by policy,
the root it was judged in, file, resource address and the resource causing the finding (if another one does),
never by line or severity,
so that it survives code moving, severities changing and roots being found differently.

The script prints, and with ``--markdown`` writes between the ``<!-- table -->`` marks of the file:

- the precision table per policy (findings, true, arguable, false, not yet judged) and the totals against the
  goal (no false critical or high finding, arguable ones under 10%);
- findings nobody has judged yet (new policies, changed conditions): ``--stubs FILE`` writes them as entries
  to fill in and paste into the judgements;
- judged findings that are gone (fixed conditions: say so and remove them), and judged findings that are
  still found below high (severities lowered: they no longer count, and are listed so they can be pruned).

Unknown results (decided only at apply, or values the gate cannot compute) are counted per policy, not judged:
they say "cannot tell", not "wrong". Exit code: 0 when every finding is judged, 1 otherwise.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from gate.api import ScanOptions, scan  # noqa: E402
from gate.model import Result, RunResult, Severity, Status  # noqa: E402

JUDGEMENTS = Path(__file__).resolve().parent / "judgements.yaml"
COUNTED = (Severity.CRITICAL, Severity.HIGH)
VERDICTS = ("true", "arguable", "false")
MARK = "<!-- table -->"

Key = tuple[str, str, str, str, str]  # policy, root, file, address, cause


@dataclass
class Judgement:
    policy: str
    root: str
    file: str
    address: str
    cause: str
    verdict: str
    reason: str

    @property
    def key(self) -> Key:
        return self.policy, self.root, self.file, self.address, self.cause


def key_of(result: Result) -> Key:
    cause = result.cause.address if result.cause else ""
    return result.policy_id, result.root, result.location.file, result.resource.address, cause


def load_judgements(path: Path) -> dict[Key, Judgement]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    judged: dict[Key, Judgement] = {}
    for number, entry in enumerate(data.get("judgements", []), start=1):
        verdict = str(entry.get("verdict", ""))
        if verdict not in VERDICTS or not str(entry.get("reason", "")).strip():
            raise SystemExit(
                f"{path}: judgement {number} ({entry.get('policy')} {entry.get('address')}): "
                f"a verdict ({', '.join(VERDICTS)}) and a reason are required"
            )
        judgement = Judgement(
            str(entry["policy"]),
            str(entry.get("root", "")),
            str(entry["file"]),
            str(entry["address"]),
            str(entry.get("cause", "")),
            verdict,
            str(entry["reason"]).strip(),
        )
        if judgement.key in judged:
            raise SystemExit(f"{path}: judgement {number} repeats {judgement.key}")
        judged[judgement.key] = judgement
    return judged


def scan_corpus(corpus: Path) -> RunResult:
    """The corpus scanned as its own repository (a copy, so that no git repository above it is the root)."""
    with tempfile.TemporaryDirectory(prefix="gate-precision-") as temp:
        root = Path(temp) / "corpus"
        shutil.copytree(corpus, root, ignore=shutil.ignore_patterns(".git"))
        (root / ".git").mkdir()
        return scan(ScanOptions(paths=[root], cwd=root, environ={}, stage="pr"))


@dataclass
class Report:
    findings: list[Result]
    unjudged: list[Result]
    gone: list[Judgement]
    lowered: list[tuple[Judgement, Result]]
    unknown: Counter[str]
    folded: int  # critical and high failures told under a broader finding, not counted again


def compare(run: RunResult, judged: dict[Key, Judgement]) -> Report:
    own = [r for r in run.results if r.subsumed_by is None]
    findings = [r for r in own if r.status is Status.FAILED and r.severity in COUNTED]
    found = {key_of(r) for r in findings}
    below = {key_of(r): r for r in own if r.status is Status.FAILED and r.severity not in COUNTED}
    told_under = {key_of(r) for r in run.results if r.subsumed_by is not None}
    gone = [j for k, j in judged.items() if k not in found and k not in below and k not in told_under]
    lowered = [(j, below[k]) for k, j in judged.items() if k in below]
    unknown = Counter(r.policy_id for r in own if r.status is Status.UNKNOWN and r.severity in COUNTED)
    folded = sum(
        1 for r in run.results if r.subsumed_by is not None and r.status is Status.FAILED and r.severity in COUNTED
    )
    return Report(findings, [r for r in findings if key_of(r) not in judged], gone, lowered, unknown, folded)


def table(report: Report, judged: dict[Key, Judgement]) -> str:
    per: dict[str, Counter[str]] = defaultdict(Counter)
    severity: dict[str, str] = {}
    for result in report.findings:
        judgement = judged.get(key_of(result))
        per[result.policy_id][judgement.verdict if judgement else "unjudged"] += 1
        severity[result.policy_id] = result.severity.value
    rows = [
        "| policy | severity | findings | true | arguable | false | not judged |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    total: Counter[str] = Counter()
    for policy in sorted(per):
        counts = per[policy]
        total.update(counts)
        rows.append(
            f"| {policy} | {severity[policy]} | {sum(counts.values())} | {counts['true']} | {counts['arguable']} | "
            f"{counts['false']} | {counts['unjudged']} |"
        )
    count = sum(total.values())
    arguable = total["arguable"] / count if count else 0.0
    rows.append(
        f"| **all** | | **{count}** | {total['true']} | {total['arguable']} ({arguable:.1%}) | **{total['false']}** | "
        f"{total['unjudged']} |"
    )
    met = total["false"] == 0 and arguable < 0.10 and total["unjudged"] == 0
    goal = (
        "met" if met else "not met"
    ) + f": {total['false']} false, {arguable:.1%} arguable, {total['unjudged']} not judged"
    unknown = ", ".join(f"{p} {n}" for p, n in sorted(report.unknown.items())) or "none"
    return "\n".join(
        [
            *rows,
            "",
            f"Goal (no false critical or high finding, arguable under 10%, all judged): **{goal}**.",
            "",
            f"Critical and high failures told under a broader finding on the same rule (not counted again): "
            f"{report.folded}.",
            "",
            f"Critical and high results unknown until apply or not computable (not judged): {unknown}.",
        ]
    )


def listing(report: Report, judged: dict[Key, Judgement]) -> str:
    lines = []
    for verdict in ("false", "arguable"):
        chosen = [
            judged[key_of(r)] for r in report.findings if key_of(r) in judged and judged[key_of(r)].verdict == verdict
        ]
        if chosen:
            lines += ["", f"### {verdict.capitalize()} ({len(chosen)})", ""]
            reasons = Counter((j.policy, j.reason) for j in chosen)
            lines += [f"- {policy} ({n}): {reason}" for (policy, reason), n in sorted(reasons.items())]
    return "\n".join(lines)


def stubs(results: list[Result]) -> dict[str, Any]:
    entries = []
    for result in sorted(results, key=key_of):
        policy, root, file, address, cause = key_of(result)
        entry: dict[str, Any] = {"policy": policy, "root": root, "file": file, "address": address}
        if cause:
            entry["cause"] = cause
        entry.update(verdict="", reason=f"TODO ({result.severity.value}): {result.message}")
        entries.append(entry)
    return {"judgements": entries}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path, help="the real-code corpus folder (../shared/corpus/real)")
    parser.add_argument("--judgements", type=Path, default=JUDGEMENTS)
    parser.add_argument("--markdown", type=Path, help="write the table between the <!-- table --> marks of this file")
    parser.add_argument("--stubs", type=Path, help="write the findings not yet judged here, as entries to fill in")
    args = parser.parse_args()
    judged = load_judgements(args.judgements)
    report = compare(scan_corpus(args.corpus), judged)
    text = table(report, judged) + "\n" + listing(report, judged)
    print(text)
    for result in report.unjudged:
        print(f"not judged: {' | '.join(key_of(result))} ({result.severity.value}): {result.message}")
    for judgement in report.gone:
        print(f"judged, no longer found: {' | '.join(judgement.key)} ({judgement.verdict})")
    for judgement, result in report.lowered:
        print(
            f"judged, now {result.severity.value} (no longer counted): {' | '.join(judgement.key)} ({judgement.verdict})"
        )
    if args.stubs and report.unjudged:
        args.stubs.write_text(yaml.safe_dump(stubs(report.unjudged), sort_keys=False, width=120), encoding="utf-8")
    if args.markdown:
        document = args.markdown.read_text(encoding="utf-8")
        head, _, rest = document.partition(MARK)
        _, _, tail = rest.partition(MARK)
        args.markdown.write_text(f"{head}{MARK}\n{text}\n{MARK}{tail}", encoding="utf-8")
    return 1 if report.unjudged else 0


if __name__ == "__main__":
    raise SystemExit(main())
