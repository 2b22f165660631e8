"""Real Checkov on HCL (a module called for_each, count, a data source, a provider), a plan with its source
beside it, and a CloudFormation template: every check becomes a gate result addressed, located, classified
and fingerprinted the way the gate's own results are."""

from __future__ import annotations

from conftest import Scan

from gate.engine.evaluate import fingerprint
from gate.model import FORMAT_CLOUDFORMATION, FORMAT_PLAN, FORMAT_TERRAFORM, Result, Severity, Status


def one(scan: Scan, check_id: str, address: str, file: str | None = None) -> Result:
    found = [r for r in scan.checkov(check_id) if r.resource.address == address and file in (None, r.location.file)]
    assert len(found) == 1, (check_id, address, [(r.resource.address, r.location.file) for r in scan.checkov(check_id)])
    return found[0]


def test_one_checkov_process_scans_hcl_plan_and_template_together(project_scan: Scan) -> None:
    [command] = project_scan.run.commands
    assert command[1] == f"--directory={project_scan.root.resolve()}"
    assert {"terraform", "terraform_plan", "cloudformation"} <= set(command)
    assert {"-o", "json", "--skip-download", "--soft-fail"} <= set(command)
    assert project_scan.run.seconds > 0


def test_module_instances_are_addressed_and_located_like_the_gate(project_scan: Scan) -> None:
    for key in ("a", "b"):
        result = one(project_scan, "CKV2_AWS_5", f'module.web["{key}"].aws_security_group.this')
        assert result.status is Status.FAILED
        assert result.resource.type == "aws_security_group"
        assert result.resource.format == FORMAT_TERRAFORM
        assert (result.location.file, result.location.start_line) == ("modules/web/main.tf", 5)
        assert [(c.file, c.start_line) for c in result.module_calls] == [("main.tf", 13)]


def test_count_instances_data_sources_and_providers_get_the_gates_addresses(project_scan: Scan) -> None:
    for index in (0, 1):
        one(project_scan, "CKV_AWS_189", f"aws_ebs_volume.scratch[{index}]")
    admin = one(project_scan, "CKV_AWS_1", "data.aws_iam_policy_document.admin")
    assert (admin.family, admin.severity, admin.location.file, admin.location.start_line) == (
        "permission",
        Severity.CRITICAL,
        "main.tf",
        32,
    )
    keys = one(project_scan, "CKV_AWS_41", "provider.aws", "main.tf")
    assert (keys.status, keys.family, keys.severity, keys.resource.type) == (
        Status.FAILED,
        "secrets",
        Severity.CRITICAL,
        "provider",
    )
    assert (keys.location.start_line, keys.location.end_line) == (4, 10)


def test_plan_results_carry_plan_addresses_and_point_at_the_source(project_scan: Scan) -> None:
    iam_auth = one(project_scan, "CKV_AWS_161", "aws_db_instance.orders")
    assert iam_auth.resource.format == FORMAT_PLAN
    assert (iam_auth.location.file, iam_auth.location.start_line) == ("plan/main.tf", 10)
    # At pr a plan in the tree never stands for its folder (docs/security.md, "Plan files"): the gate judges
    # plan/main.tf as HCL too (its plan results that say no more are left out: gate.engine.subsume).
    assert [
        r for r in project_scan.native if r.location.file == "plan/main.tf" and r.resource.format == FORMAT_TERRAFORM
    ]


def test_cloudformation_resources_are_addressed_by_logical_id(project_scan: Scan) -> None:
    versioning = one(project_scan, "CKV_AWS_21", "Logs")
    assert versioning.resource.type == "AWS::S3::Bucket"
    assert versioning.resource.format == FORMAT_CLOUDFORMATION
    assert versioning.location.file == "stack.yaml"
    assert versioning.location.start_line > 0


def test_paths_are_relative_with_slashes_and_fingerprints_are_the_gates(project_scan: Scan) -> None:
    files = {r.location.file for r in project_scan.run.results}
    # plan/plan.json: the plan's provider configuration, which has no block in plan/main.tf
    assert files == {"main.tf", "modules/web/main.tf", "plan/main.tf", "plan/plan.json", "stack.yaml"}
    assert {r.resource.address for r in project_scan.run.results if r.location.file == "plan/plan.json"} == {
        "provider.aws"
    }
    for result in project_scan.run.results:
        assert result.fingerprint == fingerprint(result.policy_id, result.resource.address, result.location.file)
    keys = [(r.policy_id, r.resource.address, r.location.file) for r in project_scan.run.results]
    assert len(keys) == len(set(keys))


def test_passed_checks_are_passed_results_for_the_reports(project_scan: Scan) -> None:
    passed = [r for r in project_scan.run.results if r.status is Status.PASSED]
    assert passed, "JUnit shows passing checks too"
    port_80 = one(project_scan, "CKV_AWS_260", 'module.web["a"].aws_security_group.this')
    assert port_80.status is Status.PASSED
    assert port_80.message.endswith(": passed")


def test_families_and_severities_come_from_the_mapping(project_scan: Scan) -> None:
    reviewed = one(project_scan, "CKV_AWS_189", "aws_ebs_volume.scratch[0]")  # reviewed: a CMK is defence in depth
    assert (reviewed.family, reviewed.severity) == ("encryption", Severity.LOW)
    by_category = one(project_scan, "CKV2_AWS_61", "aws_s3_bucket.logs")  # not reviewed: Checkov's LOGGING, its default
    assert (by_category.family, by_category.severity) == ("logging", Severity.LOW)
    assert by_category.title == by_category.message == "Ensure that an S3 bucket has a lifecycle configuration"


def test_checkov_skips_are_suppressed_results_with_their_reason(project_scan: Scan) -> None:
    for address, file in (("aws_s3_bucket.logs", "main.tf"), ("Logs", "stack.yaml")):
        skipped = one(project_scan, "CKV_AWS_18", address)
        assert skipped.status is Status.SUPPRESSED
        assert skipped.suppression is not None
        assert skipped.suppression.kind == "inline"
        assert skipped.suppression.reason == "Access logs of the log bucket would log themselves"
        assert skipped.suppression.source.startswith(f"{file}:")


def test_engine_metadata_for_reports_and_waivers(project_scan: Scan) -> None:
    info = project_scan.run.policies["CKV_AWS_41"]
    assert (info.title, info.family, info.severity) == (
        "Ensure no hard coded AWS access key and secret key exists in provider",
        "secrets",
        Severity.CRITICAL,
    )
    assert {"CKV_AWS_41", "CKV_AWS_20", "CKV2_AWS_61"} <= project_scan.run.known_ids
