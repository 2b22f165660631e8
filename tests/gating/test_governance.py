"""Inline skips, governed waivers and baselines: what is honoured, what is refused, and that it is said."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from test_stages import SSH_OPEN, TODAY, UNENCRYPTED, gate, of, project, run

from gate.model import Disposition, Status

WAIVER = """waivers:
  - policy: GATE-NET-001
    resource: {resource}
    reason: Bastion is reachable only through the VPN appliance in front of it
    owner: team-network
    expires: {expires}
"""


def waiver(resource: str = "aws_security_group.bastion", days: int = 30) -> str:
    return WAIVER.format(resource=resource, expires=(TODAY + dt.timedelta(days=days)).isoformat())


# --- waivers ----------------------------------------------------------------------------------------------
def test_a_valid_waiver_waives_and_says_who_and_why(tmp_path: Path) -> None:
    result = run(project(tmp_path, **{"main.tf": SSH_OPEN, ".gate-waivers.yaml": waiver()}))
    assert of(result, "GATE-NET-001") == [("aws_security_group.bastion", Status.WAIVED, Disposition.IGNORE)]
    waived = next(r for r in result.results if r.policy_id == "GATE-NET-001")
    assert waived.suppression is not None
    assert (waived.suppression.kind, waived.suppression.owner, waived.suppression.source) == (
        "waiver",
        "team-network",
        ".gate-waivers.yaml:2",
    )
    assert waived.suppression.original_status is Status.FAILED
    assert result.passed is True and result.summary.waived == 1


def test_waiver_resource_globs_match_module_addresses(tmp_path: Path) -> None:
    root = project(
        tmp_path,
        **{
            "main.tf": 'module "legacy" {\n  source = "./legacy"\n}\n',
            "legacy__main.tf": SSH_OPEN,
            ".gate-waivers.yaml": waiver("module.legacy.*"),
        },
    )
    assert of(run(root), "GATE-NET-001") == [
        ("module.legacy.aws_security_group.bastion", Status.WAIVED, Disposition.IGNORE)
    ]


def test_expired_overlong_and_malformed_waivers_do_not_waive(tmp_path: Path) -> None:
    entries = [
        waiver(days=-1),  # expired yesterday
        waiver(days=91),  # past the 90-day maximum
        waiver().replace("    owner: team-network\n", ""),  # no owner
        waiver().replace("GATE-NET-001", "GATE-NET-999"),  # no such policy
    ]
    text = "waivers:\n" + "".join(e.split("\n", 1)[1] for e in entries)
    result = run(project(tmp_path, **{"main.tf": SSH_OPEN, ".gate-waivers.yaml": text}))
    assert of(result, "GATE-NET-001") == [("aws_security_group.bastion", Status.FAILED, Disposition.BLOCK)]
    notices = [n for n in result.notices if n.startswith(".gate-waivers.yaml:")]
    assert len(notices) == 4
    assert "expired on 2026-11-22" in notices[0]
    assert "more than 90 days from today" in notices[1]
    assert "owner is required" in notices[2]
    assert "policy 'GATE-NET-999' does not exist" in notices[3]


def test_configured_maximum_lifetime(tmp_path: Path) -> None:
    root = project(
        tmp_path,
        **{"main.tf": SSH_OPEN, ".gate-waivers.yaml": waiver(days=30), ".gate.yaml": "waivers:\n  max_days: 14\n"},
    )
    assert of(run(root), "GATE-NET-001")[0][1] is Status.FAILED


def test_waiver_file_option_and_cli_exit_codes(tmp_path: Path) -> None:
    root = project(tmp_path, **{"main.tf": SSH_OPEN})
    today = dt.date.today()
    (root / "waivers.yaml").write_text(
        WAIVER.format(resource="aws_security_group.bastion", expires=(today + dt.timedelta(days=10)).isoformat())
    )
    assert gate("scan", ".", cwd=root).returncode == 1
    assert gate("scan", ".", "--waivers", "waivers.yaml", cwd=root).returncode == 0
    assert gate("scan", ".", "--waivers", "missing.yaml", cwd=root).returncode == 2


# --- inline skips -----------------------------------------------------------------------------------------
SKIPPED = '# gate:skip=GATE-NET-001 reason="Only reachable through the VPN"\n' + SSH_OPEN


def test_inline_skip_is_honoured_with_its_reason(tmp_path: Path) -> None:
    result = run(project(tmp_path, **{"main.tf": SKIPPED}))
    skipped = next(r for r in result.results if r.policy_id == "GATE-NET-001")
    assert (skipped.status, skipped.disposition) == (Status.SUPPRESSED, Disposition.IGNORE)
    assert skipped.suppression is not None and skipped.suppression.reason == "Only reachable through the VPN"
    assert skipped.suppression.source == "main.tf:1"
    assert result.passed is True


def test_inline_skip_without_reason_or_for_an_unknown_policy_is_reported(tmp_path: Path) -> None:
    text = '# gate:skip=GATE-NET-001\n# gate:skip=GATE-NET-01 reason="typo"\n' + SSH_OPEN
    result = run(project(tmp_path, **{"main.tf": text}))
    assert of(result, "GATE-NET-001")[0][1] is Status.FAILED
    assert 'main.tf:1: gate:skip=GATE-NET-001 has no reason="...": nothing is skipped' in result.notices
    assert "main.tf:2: gate:skip=GATE-NET-01 names no known policy: nothing is skipped" in result.notices


def test_deploy_does_not_honour_inline_skips_of_blocking_results(tmp_path: Path) -> None:
    root = project(
        tmp_path,
        **{
            "template.yaml": """Resources:
  Bastion:
    Type: AWS::EC2::SecurityGroup
    Metadata:
      gate:
        skip:
          - id: GATE-NET-001
            reason: Only reachable through the VPN
    Properties:
      GroupDescription: bastion
      SecurityGroupIngress:
        - {IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 0.0.0.0/0}
"""
        },
    )
    assert of(run(root, stage="pr"), "GATE-NET-001")[0][1] is Status.SUPPRESSED
    deploy = run(root, stage="deploy")
    assert of(deploy, "GATE-NET-001") == [("Bastion", Status.FAILED, Disposition.BLOCK)]
    assert any("not honoured at stage deploy" in n for n in deploy.notices)


# --- baselines --------------------------------------------------------------------------------------------
def test_baseline_create_apply_update(tmp_path: Path) -> None:
    root = project(tmp_path, **{"main.tf": SSH_OPEN})
    created = gate("baseline", "create", ".", cwd=root)
    assert created.returncode == 0, created.stderr
    entries = json.loads((root / ".gate-baseline.json").read_text())["entries"]
    assert [(e["policy_id"], e["address"], e["file"]) for e in entries] == [
        ("GATE-NET-001", "aws_security_group.bastion", "main.tf")
    ]

    applied = gate("scan", ".", "--baseline", ".gate-baseline.json", "--format", "json", cwd=root)
    assert applied.returncode == 0, "a known finding does not block"
    doc = json.loads(applied.stdout)
    known = next(r for r in doc["results"] if r["policy_id"] == "GATE-NET-001")
    assert (known["disposition"], known["baseline"]) == ("backlog", True)
    assert doc["baseline"]["matched"] == 1

    # A new problem still blocks; the old one moved down a few lines is still known.
    (root / "main.tf").write_text("\n\n" + SSH_OPEN + SSH_OPEN.replace("bastion", "admin"))
    moved = gate("scan", ".", "--baseline", ".gate-baseline.json", "--format", "json", cwd=root)
    assert moved.returncode == 1
    blocking = [r["resource"]["address"] for r in json.loads(moved.stdout)["results"] if r["disposition"] == "block"]
    assert blocking == ["aws_security_group.admin"]

    updated = gate("baseline", "update", ".", cwd=root)
    assert "1 added" in updated.stdout
    assert gate("scan", ".", "--baseline", ".gate-baseline.json", cwd=root).returncode == 0

    # Fixing one reports its baseline entry as fixed; update then drops it.
    (root / "main.tf").write_text(SSH_OPEN)
    fixed = json.loads(gate("scan", ".", "--baseline", ".gate-baseline.json", "--format", "json", cwd=root).stdout)
    assert [e["address"] for e in fixed["baseline"]["fixed"]] == ["aws_security_group.admin"]
    assert "1 fixed and removed" in gate("baseline", "update", ".", cwd=root).stdout


def test_a_finding_moved_to_another_file_is_new(tmp_path: Path) -> None:
    root = project(tmp_path, **{"main.tf": SSH_OPEN})
    gate("baseline", "create", ".", cwd=root)
    (root / "main.tf").unlink()
    (root / "network.tf").write_text(SSH_OPEN)
    assert gate("scan", ".", "--baseline", ".gate-baseline.json", cwd=root).returncode == 1


def test_configured_baseline_and_stage_without_baseline(tmp_path: Path) -> None:
    root = project(tmp_path, **{"main.tf": SSH_OPEN + UNENCRYPTED, ".gate.yaml": "baseline: .gate-baseline.json\n"})
    gate("baseline", "create", ".", cwd=root)
    assert gate("scan", ".", cwd=root).returncode == 0
    assert gate("scan", ".", "--no-baseline", cwd=root).returncode == 1
    assert gate("scan", ".", "--baseline", "nope.json", cwd=root).returncode == 2


# --- waiver governance --------------------------------------------------------------------------------------
def test_blank_reason_or_owner_does_not_waive(tmp_path: Path) -> None:
    blank = waiver().replace("reason: Bastion is reachable", 'reason: "  "\n    # Bastion is reachable')
    nobody = waiver().replace("owner: team-network", "owner: ' '")
    text = "waivers:\n" + "".join(e.split("\n", 1)[1] for e in (blank, nobody))
    result = run(project(tmp_path, **{"main.tf": SSH_OPEN, ".gate-waivers.yaml": text}))
    assert of(result, "GATE-NET-001") == [("aws_security_group.bastion", Status.FAILED, Disposition.BLOCK)]
    notices = [n for n in result.notices if n.startswith(".gate-waivers.yaml:")]
    assert [n.rsplit(": ", 1)[1] for n in notices] == ["reason is blank", "owner is blank"]


def test_bare_wildcards_waive_only_when_configuration_allows_them(tmp_path: Path) -> None:
    every = waiver("'*'").replace("policy: GATE-NET-001", "policy: '**'")
    files = {"main.tf": SSH_OPEN, ".gate-waivers.yaml": every}
    refused = run(project(tmp_path, **files))
    assert of(refused, "GATE-NET-001") == [("aws_security_group.bastion", Status.FAILED, Disposition.BLOCK)]
    assert any("names more than one policy family" in n and "allow_wildcards: true" in n for n in refused.notices)
    only_resource = run(project(tmp_path, **{".gate-waivers.yaml": waiver("'*'")}))
    assert any("resource '*' names more than one resource type" in n for n in only_resource.notices)
    for broad in ("'*.*'", "'aws_*'", "'*_group.bastion'"):  # wildcards with a literal character still name every type
        notices = run(project(tmp_path, **{".gate-waivers.yaml": waiver(broad)})).notices
        assert any(f"resource {broad} names more than one resource type" in n for n in notices), broad
    family = run(project(tmp_path, **{".gate-waivers.yaml": every.replace("policy: '**'", "policy: GATE-*")}))
    assert any("policy 'GATE-*' names more than one policy family" in n for n in family.notices)
    allowed = run(
        project(tmp_path, **{".gate.yaml": "waivers:\n  allow_wildcards: true\n", ".gate-waivers.yaml": every})
    )
    assert of(allowed, "GATE-NET-001") == [("aws_security_group.bastion", Status.WAIVED, Disposition.IGNORE)]
    # A glob that names some resources is not a bare wildcard.
    some = run(project(tmp_path, **{".gate.yaml": "", ".gate-waivers.yaml": waiver("aws_security_group.*")}))
    assert of(some, "GATE-NET-001") == [("aws_security_group.bastion", Status.WAIVED, Disposition.IGNORE)]
