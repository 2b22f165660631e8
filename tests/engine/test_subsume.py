"""One finding per problem: a broader policy's failure tells the narrower ones it subsumes as its detail, on
real files through the real scan, and never lowers the decision."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from gate.api import ScanOptions, scan
from gate.engine.evaluate import fingerprint
from gate.engine.subsume import fold, subsumption
from gate.errors import PolicyError
from gate.model import Disposition, RunResult, Severity, Status
from gate.policies import builtin_dir, load_policies
from gate.reporters import github, text

TODAY = dt.date(2026, 11, 23)
NARROWER = {
    "GATE-NET-001",
    "GATE-NET-002",
    "GATE-NET-004",
    "GATE-NET-006",
    "GATE-NET-007",
    "GATE-NET-008",
    "GATE-NET-022",
}

# An internet-facing load balancer's group as people write it: every port open to the internet.
ALL_OPEN = """resource "aws_security_group" "alb" {
  name = "alb"

  ingress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
"""

# The same, and an SSH rule of its own in a second ingress block.
ALL_OPEN_AND_SSH = ALL_OPEN.replace(
    """  }
}
""",
    """  }

  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
""",
)


RULE = """
resource "aws_security_group" "bastion" {
  name = "bastion"
}

resource "aws_security_group_rule" "ssh" {
  type              = "ingress"
  security_group_id = aws_security_group.bastion.id
  from_port         = 22
  to_port           = 22
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"]
}
"""


def project(tmp_path: Path, **files: str) -> Path:
    (tmp_path / ".git").mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (tmp_path / name).write_text(content)
    return tmp_path


def run(root: Path) -> RunResult:
    return scan(ScanOptions(paths=[root], cwd=root, environ={}, today=TODAY))


def open_ids(result: RunResult) -> list[str]:
    return sorted(r.policy_id for r in result.results if r.status is Status.FAILED and r.subsumed_by is None)


def test_all_ports_open_is_one_critical_finding_with_the_narrower_ones_as_its_detail(tmp_path: Path) -> None:
    result = run(project(tmp_path, **{"main.tf": ALL_OPEN}))
    assert open_ids(result) == ["GATE-NET-003"]
    broad = next(r for r in result.results if r.policy_id == "GATE-NET-003")
    told = [r for r in result.results if r.subsumed_by == broad.fingerprint]
    assert {r.policy_id for r in told} == NARROWER, "kept, as detail of the broader finding"
    for narrower in told:  # their own status, disposition and identity are unchanged (baselines, tickets)
        assert (
            narrower.status is Status.FAILED
            and narrower.disposition is Disposition.BLOCK
            or narrower.severity.value == "high"
        )
        assert narrower.fingerprint == fingerprint(narrower.policy_id, "aws_security_group.alb", "main.tf", broad.root)
    assert result.passed is False
    assert result.decision.startswith("BLOCKED: 1 blocking result (critical)")
    assert result.summary.failed["critical"] == 1 and result.summary.failed["high"] == 0
    assert result.summary.subsumed == len(NARROWER)
    # every report tells it once, and names what it covers
    annotations = github.render(result).splitlines()
    assert (
        len(annotations) == 1 and "Also covers: SSH from the internet (GATE-NET-001, critical); RDP" in annotations[0]
    )
    shown = text.render(result)
    assert "GATE-NET-001" in shown and shown.count("CRITICAL") == 1
    data = json.loads(json.dumps([r.subsumed_by for r in result.results]))
    assert data.count(broad.fingerprint) == len(NARROWER)


def test_a_narrower_finding_the_broader_one_does_not_name_stays_a_finding_of_its_own(tmp_path: Path) -> None:
    result = run(project(tmp_path, **{"main.tf": ALL_OPEN_AND_SSH}))
    # the broader finding names both blocks (together they open every port), so SSH is told under it
    assert open_ids(result) == ["GATE-NET-003"]
    covers = subsumption((p.policy.id, p.policy.subsumes) for p in load_policies([builtin_dir()]))
    ssh = next(r for r in result.results if r.policy_id == "GATE-NET-001")
    broad = next(r for r in result.results if r.policy_id == "GATE-NET-003")
    # a block the broader finding does not name: fixing what it says would leave this one
    broad.evidence = [e for e in broad.evidence if e.attribute != "ingress[1]"]
    fold(result.results, covers)
    assert ssh.subsumed_by is None
    # another resource causing it (a rule resource): its own finding
    other = run(project(tmp_path / "rule", **{"main.tf": ALL_OPEN + RULE}))
    assert [
        (r.policy_id, r.cause.address if r.cause else None)
        for r in other.results
        if r.status is Status.FAILED and r.subsumed_by is None and r.resource.address == "aws_security_group.bastion"
    ] == [("GATE-NET-001", "aws_security_group_rule.ssh")]
    # a broader finding of lower severity (configured) covers nothing graver than itself
    ssh.subsumed_by = None
    broad.severity = Severity.HIGH
    fold(result.results, covers)
    assert ssh.subsumed_by is None


def test_a_waived_broader_finding_covers_nothing(tmp_path: Path) -> None:
    expires = (TODAY + dt.timedelta(days=30)).isoformat()
    waiver = (
        "waivers:\n  - policy: GATE-NET-003\n    resource: aws_security_group.alb\n"
        f"    reason: public load balancer, reviewed in SEC-7\n    owner: team-web\n    expires: {expires}\n"
    )
    result = run(project(tmp_path, **{"main.tf": ALL_OPEN, ".gate-waivers.yaml": waiver}))
    assert next(r for r in result.results if r.policy_id == "GATE-NET-003").status is Status.WAIVED
    assert set(open_ids(result)) == NARROWER, "the waiver names one policy; the others count again"
    assert result.passed is False


def test_subsumes_is_checked_when_policies_load(tmp_path: Path) -> None:
    source = (builtin_dir() / "network" / "GATE-NET-003.yaml").read_text()
    cases = {
        "GATE-NET-999": "GATE-NET-999: no such policy",
        "GATE-NET-003": "a policy cannot subsume itself",
    }
    for named, message in cases.items():
        folder = tmp_path / named / "custom"
        folder.mkdir(parents=True)
        policy = source.replace("id: GATE-NET-003", "id: CUSTOM-NET-1").replace(
            "subsumes: [GATE-NET-001,", f"subsumes: [{named}, GATE-NET-001,"
        )
        if named == "GATE-NET-003":
            policy = policy.replace(f"subsumes: [{named},", "subsumes: [CUSTOM-NET-1,")
        (folder / "CUSTOM-NET-1.yaml").write_text(policy)
        with pytest.raises(PolicyError, match=message.replace("(", r"\(")):
            load_policies([builtin_dir(), folder])
    folder = tmp_path / "severity" / "custom"
    folder.mkdir(parents=True)
    (folder / "CUSTOM-NET-2.yaml").write_text(
        source.replace("id: GATE-NET-003", "id: CUSTOM-NET-2").replace("severity: critical", "severity: high")
    )
    with pytest.raises(PolicyError, match="GATE-NET-001 is critical, more severe than this policy"):
        load_policies([builtin_dir(), folder])


def test_a_cycle_of_subsumes_is_refused(tmp_path: Path) -> None:
    source = (builtin_dir() / "network" / "GATE-NET-003.yaml").read_text()
    folder = tmp_path / "custom"
    folder.mkdir()
    for me, other in (("CUSTOM-NET-1", "CUSTOM-NET-2"), ("CUSTOM-NET-2", "CUSTOM-NET-1")):
        (folder / f"{me}.yaml").write_text(
            source.replace("id: GATE-NET-003", f"id: {me}").replace(
                "subsumes: [GATE-NET-001,", f"subsumes: [{other}, GATE-NET-001,"
            )
        )
    with pytest.raises(PolicyError, match="a cycle"):
        load_policies([builtin_dir(), folder])


def test_every_builtin_subsumes_names_a_policy_of_its_family_and_targets() -> None:
    """A broader policy judges every resource type and format the narrower one does, or it could not cover it."""
    policies = {p.policy.id: p.policy for p in load_policies([builtin_dir()])}
    named = [(p, policies[other]) for p in policies.values() for other in p.subsumes]
    assert named, "GATE-NET-003 subsumes the port policies"
    for broad, narrow in named:
        assert broad.family == narrow.family
        for fmt, target in narrow.targets.items():
            assert fmt in broad.targets and set(target.resource_types) <= set(broad.targets[fmt].resource_types)
