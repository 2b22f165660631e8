"""A finding points at the block or resource to change, with the resource judged as a related location; the
fingerprint does not depend on it (docs/identity.md). Real files, the real scan and reporters."""

from __future__ import annotations

import json
from pathlib import Path

from gate.api import ScanOptions, scan
from gate.engine.evaluate import fingerprint
from gate.model import RunResult, Status
from gate.reporters import sarif, text


def run(root: Path) -> RunResult:
    (root / ".git").mkdir(exist_ok=True)
    return scan(ScanOptions(paths=[root], cwd=root, environ={}))


def failed(result: RunResult, policy_id: str) -> list:  # type: ignore[type-arg]
    return [r for r in result.results if r.policy_id == policy_id and r.status is Status.FAILED]


def test_hcl_finding_points_at_its_ingress_block(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(
        'resource "aws_security_group" "web" {\n'  # 1
        '  name = "web"\n'  # 2
        "  ingress {\n"  # 3
        "    from_port   = 443\n"
        "    to_port     = 443\n"
        '    protocol    = "tcp"\n'
        '    cidr_blocks = ["0.0.0.0/0"]\n'
        "  }\n"  # 8
        "  ingress {\n"  # 9
        "    from_port   = 22\n"
        "    to_port     = 22\n"
        '    protocol    = "tcp"\n'
        '    cidr_blocks = ["0.0.0.0/0"]\n'
        "  }\n"  # 14
        "}\n"
    )
    result = run(tmp_path)
    (ssh,) = failed(result, "GATE-NET-001")
    assert (ssh.location.start_line, ssh.location.end_line) == (1, 15), "location stays the resource judged"
    assert ssh.region is not None and (ssh.region.start_line, ssh.region.end_line) == (9, 14)
    assert ssh.fingerprint == fingerprint("GATE-NET-001", "aws_security_group.web", "main.tf", ssh.root)
    log = json.loads(sarif.render(result))
    (alert,) = [r for r in log["runs"][0]["results"] if r["ruleId"] == "GATE-NET-001"]
    assert alert["locations"][0]["physicalLocation"]["region"] == {"startLine": 9, "endLine": 14}
    assert [
        (loc["physicalLocation"]["region"]["startLine"], loc["message"]["text"]) for loc in alert["relatedLocations"]
    ] == [(1, "aws_security_group.web is declared here.")]
    assert "main.tf:9: Security group allows SSH" in text.render(result)


def test_cloudformation_finding_points_at_the_ingress_resource_or_item(tmp_path: Path) -> None:
    (tmp_path / "stack.yaml").write_text(
        "Resources:\n"  # 1
        "  Web:\n"  # 2
        "    Type: AWS::EC2::SecurityGroup\n"
        "    Properties:\n"
        "      GroupDescription: web\n"  # 5
        "      SecurityGroupIngress:\n"
        "        - IpProtocol: tcp\n"  # 7
        "          FromPort: 443\n"
        "          ToPort: 443\n"
        "          CidrIp: 0.0.0.0/0\n"
        "        - IpProtocol: tcp\n"  # 11
        "          FromPort: 3389\n"
        "          ToPort: 3389\n"
        "          CidrIp: 0.0.0.0/0\n"
        "  Ssh:\n"  # 15
        "    Type: AWS::EC2::SecurityGroupIngress\n"
        "    Properties:\n"
        "      GroupId: !Ref Web\n"
        "      IpProtocol: tcp\n"
        "      FromPort: 22\n"
        "      ToPort: 22\n"
        "      CidrIp: 0.0.0.0/0\n"
    )
    result = run(tmp_path)
    (rdp,) = failed(result, "GATE-NET-002")
    assert rdp.region is not None and rdp.region.start_line == 11, "the list item that opens RDP"
    (ssh,) = failed(result, "GATE-NET-001")
    assert ssh.cause is not None and ssh.cause.address == "Ssh"
    assert ssh.region is not None and (ssh.region.start_line, ssh.region.end_line) == (15, 22), "the rule resource"
    assert ssh.location.start_line == 2 and ssh.resource.address == "Web"


def test_text_names_the_root_when_several_roots_are_scanned(tmp_path: Path) -> None:
    group = (
        'resource "aws_security_group" "g" {\n  ingress {\n    from_port = 22\n    to_port = 22\n'
        '    protocol = "tcp"\n    cidr_blocks = ["0.0.0.0/0"]\n  }\n}\n'
    )
    for env in ("prod", "staging"):
        (tmp_path / env).mkdir()
        (tmp_path / env / "main.tf").write_text('module "net" {\n  source = "../modules/net"\n}\n')
    (tmp_path / "modules" / "net").mkdir(parents=True)
    (tmp_path / "modules" / "net" / "main.tf").write_text(group)
    shown = text.render(run(tmp_path))
    assert "root terraform:prod" in shown and "root terraform:staging" in shown
    single = tmp_path / "single"
    single.mkdir()
    (single / "main.tf").write_text(group)
    assert "root terraform:" not in text.render(run(single)), "one root: nothing to tell apart"


def test_a_value_passed_through_modules_is_placed_on_the_callers_argument(tmp_path: Path) -> None:
    """``storage_encrypted = var.storage_encrypted`` in a module only passes on what its caller sets: the line to
    change is the caller's argument, followed up through a module that passes it on again."""
    (tmp_path / "modules" / "db").mkdir(parents=True)
    (tmp_path / "modules" / "db" / "main.tf").write_text(
        'variable "storage_encrypted" {\n  type = bool\n  default = true\n}\n'
        'resource "aws_db_instance" "this" {\n  engine = "postgres"\n  instance_class = "db.t3.micro"\n'
        "  storage_encrypted = var.storage_encrypted\n}\n"
    )
    (tmp_path / "modules" / "wrapper").mkdir(parents=True)
    (tmp_path / "modules" / "wrapper" / "main.tf").write_text(
        'variable "encrypted" {\n  type = bool\n}\n'
        'module "db" {\n  source = "../db"\n  storage_encrypted = var.encrypted\n}\n'
    )
    (tmp_path / "env").mkdir()
    (tmp_path / "env" / "main.tf").write_text(
        'module "app" {\n'  # 1
        '  source = "../modules/wrapper"\n'
        "\n"
        "  encrypted = false\n"  # 4: the line to change
        "}\n"
    )
    result = run(tmp_path)
    (found,) = failed(result, "GATE-ENC-002")
    assert found.location.file == "modules/db/main.tf" and found.location.start_line == 5
    assert found.region is not None and (found.region.file, found.region.start_line) == ("env/main.tf", 4)
    assert found.fingerprint == fingerprint("GATE-ENC-002", found.resource.address, "modules/db/main.tf", found.root)
    log = json.loads(sarif.render(result))
    (alert,) = [r for r in log["runs"][0]["results"] if r["ruleId"] == "GATE-ENC-002"]
    physical = alert["locations"][0]["physicalLocation"]
    assert (physical["artifactLocation"]["uri"], physical["region"]["startLine"]) == ("env/main.tf", 4)
    related = {
        (loc["physicalLocation"]["artifactLocation"]["uri"], loc["message"]["text"])
        for loc in alert["relatedLocations"]
    }
    assert ("modules/db/main.tf", "module.app.module.db.aws_db_instance.this is declared here.") in related


def test_a_bucket_made_public_by_its_acl_resource_points_at_that_resource(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(
        'resource "aws_s3_bucket" "site" {\n  bucket = "site"\n}\n\n'  # 1-3
        'resource "aws_s3_bucket_acl" "site" {\n  bucket = aws_s3_bucket.site.id\n'  # 5-6
        '  acl    = "public-read"\n}\n'  # 7-8
    )
    result = run(tmp_path)
    (public,) = failed(result, "GATE-PERM-001")
    assert public.resource.address == "aws_s3_bucket.site" and public.location.start_line == 1
    assert public.region is not None and (public.region.start_line, public.region.end_line) == (5, 8)
    # what is missing (no encryption configuration attached) is added to the bucket: no narrower place
    missing = [r for r in result.results if r.policy_id == "GATE-ENC-004" and r.status is not Status.PASSED]
    assert missing and all(r.region is None for r in missing)
