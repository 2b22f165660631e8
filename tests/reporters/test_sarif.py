"""SARIF as GitHub code scanning reads it: the OASIS schema, Microsoft's multitool with GitHub's rules, and what
the issue promises (levels, security severity, fingerprints, suppressions, stage, limits)."""

from __future__ import annotations

import gzip
import json
import subprocess
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from gate.model import Disposition, RunResult, Status
from gate.reporters import sarif
from gate.reporters._common import where

# Notes the multitool may give that a policy gate cannot or need not act on. Anything else fails the test.
ACCEPTED_NOTES = {
    "SARIF2002": "message 'id' and 'arguments' instead of text: GitHub shows 'text'",
    "SARIF2003": "versionControlProvenance: the RunResult does not know the commit; the upload action adds it",
    "SARIF2006": "URIs should be reachable: no network here",
    "SARIF2009": "conventional rule ids (TOOL1234): policy ids are stable and documented as they are",
    "SARIF2010": "code snippets: reporters never re-read files",
    "SARIF2011": "context regions: reporters never re-read files",
}


def log_of(run: RunResult) -> dict[str, Any]:
    text = sarif.render(run)
    document: dict[str, Any] = json.loads(text)
    return document


def validate_with_multitool(multitool: Path, log: dict[str, Any], tmp_path: Path) -> list[dict[str, Any]]:
    """The multitool's findings on ``log``, read from its output log (it exits 0 whatever it finds)."""
    target = tmp_path / "report.sarif"
    target.write_text(json.dumps(log), encoding="utf-8")
    output = tmp_path / "validation.sarif"
    output.unlink(missing_ok=True)
    done = subprocess.run(
        [
            str(multitool),
            "validate",
            "--rule-kind",
            "Gh;Sarif",
            "--level",
            "Error;Warning;Note",
            "--output",
            str(output),
            str(target),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        env={"DOTNET_CLI_TELEMETRY_OPTOUT": "1", "HOME": str(tmp_path), "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT": "1"},
    )
    assert output.is_file(), f"the multitool wrote no log:\n{done.stdout}\n{done.stderr}"
    validation = json.loads(output.read_text(encoding="utf-8-sig"))
    findings: list[dict[str, Any]] = []
    for run in validation["runs"]:
        rules = {rule["id"]: rule for rule in run["tool"]["driver"].get("rules", [])}
        for result in run.get("results") or []:
            template = rules.get(result["ruleId"], {}).get("messageStrings", {}).get(result["message"].get("id"), {})
            text = template.get("text", "")
            for i, argument in enumerate(result["message"].get("arguments", [])):
                text = text.replace("{" + str(i) + "}", argument)
            findings.append({"rule": result["ruleId"], "level": result.get("level", "warning"), "text": text})
    return findings


def test_valid_against_the_sarif_schema(run: RunResult, sarif_schema: dict[str, Any]) -> None:
    validator_class = jsonschema.validators.validator_for(sarif_schema)
    validator_class.check_schema(sarif_schema)
    errors = sorted(validator_class(sarif_schema).iter_errors(log_of(run)), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)


@pytest.mark.parametrize("only_passed", [False, True], ids=["findings", "all-passed"])
def test_clean_under_the_multitool_with_github_rules(
    run: RunResult, multitool: Path, tmp_path: Path, only_passed: bool
) -> None:
    if only_passed:
        run = replace(run, results=[r for r in run.results if r.status is Status.PASSED])
    findings = validate_with_multitool(multitool, log_of(run), tmp_path)
    problems = [f for f in findings if f["level"] != "note" or f["rule"] not in ACCEPTED_NOTES]
    assert not problems, "\n".join(f"{f['level']} {f['rule']}: {f['text']}" for f in problems)


def test_the_multitool_check_does_find_problems(run: RunResult, multitool: Path, tmp_path: Path) -> None:
    """The check above reads the validator's log correctly: a log GitHub would reject is reported."""
    log = log_of(run)
    driver = log["runs"][0]["tool"]["driver"]
    del driver["rules"][0]["shortDescription"]
    log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] = "file:///abs/main.tf"
    findings = validate_with_multitool(multitool, log, tmp_path)
    assert any(f["level"] == "error" and f["rule"].startswith("GH") for f in findings), findings


def test_rules_describe_every_policy_with_github_properties(run: RunResult) -> None:
    driver = log_of(run)["runs"][0]["tool"]["driver"]
    assert driver["name"] == "policy-gate" and driver["version"] == run.tool.version and driver["informationUri"]
    rules = {rule["id"]: rule for rule in driver["rules"]}
    assert set(rules) == set(run.policies) | {"GATE-INPUT-ERROR"}
    expected = {"critical": "10.0", "high": "8.9", "medium": "6.9", "low": "3.9"}
    for policy_id, policy in run.policies.items():
        rule = rules[policy_id]
        assert rule["shortDescription"]["text"].startswith(policy.title)
        assert rule["fullDescription"]["text"].startswith(policy.description[:40])
        assert rule["help"]["text"] and rule["help"]["markdown"]
        for text in policy.remediation.values():
            assert text in rule["help"]["markdown"]
        assert rule["helpUri"] == policy.references[0]
        assert rule["properties"]["security-severity"] == expected[policy.severity.value]
        assert policy.family in rule["properties"]["tags"]
        assert rule["properties"]["precision"]
        assert rule["name"].isalnum() and rule["name"][0].isupper()


def test_results_levels_locations_and_fingerprints(run: RunResult) -> None:
    log = log_of(run)["runs"][0]
    rules = log["tool"]["driver"]["rules"]
    emitted = log["results"]
    shown = [r for r in run.results if r.status is not Status.PASSED]
    assert len(emitted) == len(shown), "every result that did not pass, and only those"
    assert log["automationDetails"]["id"] == "policy-gate/pr/"
    for result, out in zip(shown, emitted, strict=True):
        assert rules[out["ruleIndex"]]["id"] == out["ruleId"] == result.policy_id
        level = {Disposition.BLOCK: "error", Disposition.BACKLOG: "warning"}.get(result.disposition, "note")
        assert out["level"] == ("error" if result.status is Status.ERROR else level)
        assert out["partialFingerprints"] == {sarif.FINGERPRINT_KEY: result.fingerprint}
        assert out["message"]["text"].split(". ")[0].rstrip(".") == result.title
        physical = out["locations"][0]["physicalLocation"]
        assert physical["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert not physical["artifactLocation"]["uri"].startswith(("/", "file:"))
        assert physical["region"]["startLine"] == where(result).start_line
        assert physical["region"]["endLine"] == where(result).end_line
    by_uri = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in emitted}
    assert "stacks/web%20app.yaml" in by_uri and "broken/main.tf" in by_uri
    error = next(r for r in emitted if r["ruleId"] == "GATE-INPUT-ERROR")
    assert error["level"] == "error" and "unexpected end of file" in error["message"]["text"]


def test_waived_and_suppressed_results_carry_their_justification(run: RunResult) -> None:
    emitted = {(r["ruleId"], r["properties"]["status"]): r for r in log_of(run)["runs"][0]["results"]}
    waived = emitted["GATE-NET-002", "waived"]
    assert waived["suppressions"] == [
        {
            "kind": "external",
            "status": "accepted",
            "justification": "RDP is reachable only through the VPN appliance, ticket SEC-42",
            "properties": {"owner": "team-network", "expires": "2026-03-31", "source": ".gate-waivers.yaml:2"},
        }
    ]
    suppressed = emitted["GATE-ENC-002", "suppressed"]
    assert suppressed["suppressions"][0]["kind"] == "inSource"
    assert suppressed["suppressions"][0]["justification"] == "Throwaway test database, no customer data"
    others = [r for key, r in emitted.items() if key[1] not in ("waived", "suppressed")]
    assert all("suppressions" not in r for r in others)


def test_region_is_left_out_when_the_line_is_unknown(run: RunResult) -> None:
    first = next(r for r in run.results if r.status is Status.FAILED)
    moved = replace(first, location=replace(first.location, start_line=0, end_line=0), region=None)
    log = log_of(replace(run, results=[moved]))
    physical = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert "region" not in physical and physical["artifactLocation"]["uri"] == first.location.file


def test_stage_is_in_the_automation_id(scan_inputs: Callable[..., RunResult]) -> None:
    log = log_of(scan_inputs(stage="pre-commit"))
    assert log["runs"][0]["automationDetails"]["id"] == "policy-gate/pre-commit/"


def test_truncated_by_urgency_and_says_so(run: RunResult, grow: Callable[[RunResult, int], RunResult]) -> None:
    big = grow(run, 60)
    log = sarif.sarif_log(big, max_results=20)["runs"][0]
    assert len(log["results"]) == 20
    assert log["properties"]["truncated"] is True and log["properties"]["resultsOmitted"] == 40
    notes = log["invocations"][0]["toolExecutionNotifications"]
    assert any(n["level"] == "warning" and "40 of 60 results were left out" in n["message"]["text"] for n in notes)
    blocking = sum(1 for r in big.results if r.disposition is Disposition.BLOCK)
    assert blocking <= 20
    assert sum(1 for r in log["results"] if r["properties"]["disposition"] == "block") == blocking


@pytest.mark.parametrize("count", [sarif.MAX_RESULTS + 7])
def test_never_more_than_githubs_limit(run: RunResult, grow: Callable[[RunResult, int], RunResult], count: int) -> None:
    log = sarif.sarif_log(grow(run, count))["runs"][0]
    assert len(log["results"]) == sarif.MAX_RESULTS
    assert log["properties"]["resultsOmitted"] == 7


def test_gzipped_size_limit_is_kept(run: RunResult, grow: Callable[[RunResult, int], RunResult]) -> None:
    big = grow(run, 400)
    full = sarif.sarif_log(big)
    size = len(gzip.compress(json.dumps(full, indent=2).encode(), mtime=0))
    limited = sarif.sarif_log(big, max_gzip_bytes=size // 2)["runs"][0]
    assert 0 < len(limited["results"]) < 400 and limited["properties"]["truncated"] is True


def test_a_finding_caused_by_another_resource_points_at_it(tmp_path: Path, sarif_schema: dict[str, Any]) -> None:
    from gate.api import ScanOptions, scan

    (tmp_path / "main.tf").write_text('resource "aws_security_group" "web" {\n  name = "web"\n}\n')
    (tmp_path / "rules.tf").write_text(
        'resource "aws_vpc_security_group_ingress_rule" "ssh" {\n  security_group_id = aws_security_group.web.id\n'
        '  cidr_ipv4 = "0.0.0.0/0"\n  ip_protocol = "tcp"\n  from_port = 22\n  to_port = 22\n}\n'
    )
    log = json.loads(sarif.render(scan(ScanOptions(paths=[tmp_path], cwd=tmp_path, environ={}))))
    jsonschema.validate(log, sarif_schema)
    (result,) = log["runs"][0]["results"]
    primary = result["locations"][0]["physicalLocation"]
    assert (primary["artifactLocation"]["uri"], primary["region"]["startLine"]) == ("rules.tf", 1), "the rule to change"
    assert [
        (
            loc["physicalLocation"]["artifactLocation"]["uri"],
            loc["physicalLocation"]["region"]["startLine"],
            loc["message"]["text"],
        )
        for loc in result["relatedLocations"]
    ] == [("main.tf", 1, "aws_security_group.web is declared here.")]
