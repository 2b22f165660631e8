"""One finding, one result: a Checkov check that a native policy declares as its equivalent is merged into the
native result on the same resource (same address, same file), which notes both ids."""

from __future__ import annotations

from conftest import Scan

from gate.checkov.merge import merge
from gate.engine.evaluate import fingerprint
from gate.model import Location, Policy, ResourceRef, Result, Severity, Status
from gate.policies import LoadedPolicy


def test_checkov_duplicates_are_merged_into_the_native_results(project_scan: Scan) -> None:
    merged = project_scan.merged
    for check_id, policy_id, address, file in (
        ("CKV_AWS_24", "GATE-NET-001", 'module.web["a"].aws_security_group.this', "modules/web/main.tf"),
        ("CKV_AWS_24", "GATE-NET-001", 'module.web["b"].aws_security_group.this', "modules/web/main.tf"),
        ("CKV_AWS_3", "GATE-ENC-001", "aws_ebs_volume.scratch[0]", "main.tf"),
        ("CKV_AWS_3", "GATE-ENC-001", "aws_ebs_volume.data", "plan/main.tf"),  # from the plan
        ("CKV_AWS_17", "GATE-NET-005", "aws_db_instance.orders", "plan/main.tf"),
        ("CKV_AWS_25", "GATE-NET-002", "Remote", "stack.yaml"),  # from the template
    ):
        assert [r for r in project_scan.checkov(check_id) if r.resource.address == address], "Checkov found it"
        assert not [r for r in merged if r.policy_id == check_id and r.resource.address == address], "reported once"
        [native] = [r for r in merged if r.policy_id == policy_id and r.resource.address == address]
        assert (native.status, native.location.file) == (Status.FAILED, file)
        assert native.message.endswith(f"(also Checkov {check_id})")
        assert [(e.attribute, e.value) for e in native.evidence if e.attribute == "checkov"] == [("checkov", check_id)]
        [alone] = [r for r in project_scan.native if r.policy_id == policy_id and r.resource.address == address]
        assert native.fingerprint == alone.fingerprint, "baselines and waivers still match it"
        assert native.fingerprint == fingerprint(policy_id, address, file, native.root), "it names its root"


def test_nothing_is_reported_twice(project_scan: Scan, policies: list[LoadedPolicy]) -> None:
    equivalents = {(c, p.policy.id) for p in policies for c in p.policy.equivalents.get("checkov", [])}
    # a native finding stands for its Checkov twin; where the native policy passed, the engines disagree and the
    # Checkov result is kept, saying so (gate.checkov.merge): only findings count as "reported"
    native = {
        (r.policy_id, r.resource.address, r.location.file)
        for r in project_scan.merged
        if not r.policy_id.startswith("CKV") and r.status in (Status.FAILED, Status.UNKNOWN)
    }
    for result in project_scan.merged:
        if result.policy_id.startswith("CKV"):
            twins = {p for c, p in equivalents if c == result.policy_id}
            assert not any((p, result.resource.address, result.location.file) in native for p in twins), result
    assert len(project_scan.merged) == len(project_scan.native) + len(
        [r for r in project_scan.merged if r.policy_id.startswith("CKV")]
    )


def test_checks_without_an_equivalent_stay_checkov_results(project_scan: Scan) -> None:
    assert [r.resource.address for r in project_scan.merged_of("CKV_AWS_41") if r.status is Status.FAILED] == [
        "provider.aws"
    ]
    assert {r.resource.address for r in project_scan.merged_of("CKV_AWS_189")} >= {
        "aws_ebs_volume.scratch[0]",
        "aws_ebs_volume.scratch[1]",
    }


def _result(policy_id: str, status: Status, message: str = "found") -> Result:
    return Result(
        policy_id=policy_id,
        title=policy_id,
        severity=Severity.HIGH,
        family="network",
        status=status,
        resource=ResourceRef(address="aws_security_group.rule", type="aws_security_group", format="terraform"),
        location=Location(file="main.tf", start_line=3),
        message=message,
        fingerprint=fingerprint(policy_id, "aws_security_group.rule", "main.tf"),
    )


def _policy(equivalents: list[str]) -> Policy:
    return Policy(
        id="GATE-NET-001",
        title="t",
        family="network",
        severity=Severity.CRITICAL,
        description="d",
        remediation={},
        targets={"terraform": {"resource_types": ["aws_security_group"], "condition": True}},
        equivalents={"checkov": equivalents},
    )


def test_when_the_engines_disagree_both_results_stay_and_the_checkov_one_says_so() -> None:
    native = _result("GATE-NET-001", Status.PASSED, "passed")
    checkov = _result("CKV_AWS_24", Status.FAILED, "Ensure no security groups allow ingress from 0.0.0.0:0 to port 22")
    merged = merge([native], [checkov], [_policy(["CKV_AWS_24"])])
    assert [r.policy_id for r in merged] == ["GATE-NET-001", "CKV_AWS_24"]
    assert merged[1].message.endswith("(the gate's GATE-NET-001 passes this resource)")


def test_a_checkov_skip_does_not_skip_the_native_result() -> None:
    native = _result("GATE-NET-001", Status.FAILED)
    skipped = _result("CKV_AWS_24", Status.UNKNOWN)
    merged = merge([native], [skipped, _result("CKV_AWS_25", Status.FAILED)], [_policy(["CKV_AWS_24"])])
    assert [(r.policy_id, r.status) for r in merged] == [("GATE-NET-001", Status.FAILED), ("CKV_AWS_25", Status.FAILED)]
    assert "checkov:skip=CKV_AWS_24 does not skip GATE-NET-001" in merged[0].message
