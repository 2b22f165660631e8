#!/usr/bin/env python3
"""Realistic AWS inputs of N resources, in the three formats the gate reads.

    python benchmarks/generate.py OUT_DIR N

writes OUT_DIR/terraform/ (a root module with variables, locals, a local module called with for_each,
separate S3 and security-group rule resources, IAM documents through jsonencode), OUT_DIR/plan.json
(resource_changes with after_unknown, module addresses, a configuration block) and OUT_DIR/template.yaml
(CloudFormation with !Ref, !Sub, !GetAtt and parameters). Each holds about N resources.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

PER_FILE = 40
# Resources a module instance creates; the root adds as many of its own.
MODULE = '''variable "name" {}
variable "cidr" {}
variable "tags" { default = {} }

resource "aws_s3_bucket" "this" {
  bucket = "${var.name}-data"
  tags   = var.tags
}

resource "aws_s3_bucket_public_access_block" "this" {
  bucket                  = aws_s3_bucket.this.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  bucket = aws_s3_bucket.this.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms"
    }
  }
}

resource "aws_security_group" "this" {
  name = "${var.name}-sg"
}

resource "aws_security_group_rule" "https" {
  type              = "ingress"
  security_group_id = aws_security_group.this.id
  from_port         = 443
  to_port           = 443
  protocol          = "tcp"
  cidr_blocks       = [var.cidr]
}

resource "aws_iam_policy" "this" {
  name = "${var.name}-read"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["s3:GetObject"], Resource = "${aws_s3_bucket.this.arn}/*" }]
  })
}

output "bucket" {
  value = aws_s3_bucket.this.id
}
'''
MODULE_RESOURCES = 6

ROOT_RESOURCE = '''resource "aws_ebs_volume" "v{i}" {{
  availability_zone = "${{var.region}}a"
  size              = {size}
  encrypted         = {encrypted}
  tags              = merge(local.tags, {{ Name = "vol-{i}" }})
}}

resource "aws_security_group" "sg{i}" {{
  name = "${{local.prefix}}-{i}"
  ingress {{
    from_port   = {port}
    to_port     = {port}
    protocol    = "tcp"
    cidr_blocks = [{cidr}]
  }}
}}
'''


def terraform(out: Path, n: int) -> None:
    root = out / "terraform"
    (root / "modules" / "app").mkdir(parents=True, exist_ok=True)
    (root / "modules" / "app" / "main.tf").write_text(MODULE)
    apps = max(1, n // (2 * MODULE_RESOURCES))
    pairs = max(1, (n - apps * MODULE_RESOURCES) // 2)
    names = ", ".join(f'"app{i}"' for i in range(apps))
    (root / "main.tf").write_text(f'''variable "region" {{ default = "eu-west-1" }}
variable "env" {{ default = "prod" }}
variable "office_cidr" {{ default = "203.0.113.0/24" }}

locals {{
  prefix = "acme-${{var.env}}"
  tags   = {{ team = "platform", env = var.env }}
}}

module "app" {{
  source   = "./modules/app"
  for_each = toset([{names}])
  name     = "${{local.prefix}}-${{each.key}}"
  cidr     = var.office_cidr
  tags     = local.tags
}}
''')
    for start in range(0, pairs, PER_FILE // 2):
        chunk = []
        for i in range(start, min(pairs, start + PER_FILE // 2)):
            cidr = '"0.0.0.0/0"' if i % 10 == 0 else "var.office_cidr"
            chunk.append(ROOT_RESOURCE.format(i=i, size=10 + i % 90, encrypted="true" if i % 7 else "false",
                                              port=22 if i % 10 == 0 else 443, cidr=cidr))
        (root / f"resources_{start // (PER_FILE // 2):04d}.tf").write_text("\n".join(chunk))


def plan(out: Path, n: int) -> None:
    changes = []
    config_resources = []
    planned: dict[str, list[dict[str, object]]] = {}
    for i in range(n):
        module = f"module.app[\"app{i % 50}\"]."
        kind = i % 4
        if kind == 0:
            address, type_, after, unknown = f"{module}aws_s3_bucket.b{i}", "aws_s3_bucket", {"bucket": f"b{i}", "tags": {"team": "x"}}, {"id": True, "arn": True}
        elif kind == 1:
            address, type_ = f"{module}aws_security_group.sg{i}", "aws_security_group"
            after = {"name": f"sg{i}", "ingress": [{"from_port": 22 if i % 40 == 1 else 443, "to_port": 22 if i % 40 == 1 else 443,
                                                      "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"]}]}
            unknown = {"id": True, "ingress": [{"security_groups": True}]}
        elif kind == 2:
            address, type_, after, unknown = f"{module}aws_ebs_volume.v{i}", "aws_ebs_volume", {"size": 10, "encrypted": i % 8 != 2}, {"kms_key_id": True}
        else:
            doc = json.dumps({"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]})
            address, type_, after, unknown = f"{module}aws_iam_policy.p{i}", "aws_iam_policy", {"name": f"p{i}", "policy": doc}, {"arn": True}
        name = address.rsplit(".", 1)[1]
        changes.append({"address": address, "module_address": module[:-1], "mode": "managed", "type": type_, "name": name,
                        "change": {"actions": ["create"], "before": None, "after": after, "after_unknown": unknown,
                                   "after_sensitive": {}}})
        config_resources.append({"address": f"{type_}.{name}", "mode": "managed", "type": type_, "name": name,
                                 "expressions": {"tags": {"references": ["local.tags"]}}})
        # Checkov reads planned_values; a real plan has both, so both tools get the same resources.
        planned.setdefault(module[:-1], []).append({"address": address, "mode": "managed", "type": type_, "name": name,
                                                    "values": after, "sensitive_values": {}})
    children = [{"address": module, "resources": resources} for module, resources in planned.items()]
    doc = {"format_version": "1.2", "terraform_version": "1.9.5",
           "planned_values": {"root_module": {"child_modules": children}},
           "resource_changes": changes,
           "configuration": {"root_module": {"module_calls": {"app": {"source": "./modules/app",
                                                                      "module": {"resources": config_resources}}}}}}
    (out / "plan.json").write_text(json.dumps(doc, indent=2))


def cloudformation(out: Path, n: int) -> None:
    lines = ["AWSTemplateFormatVersion: '2010-09-09'", "Parameters:", "  Env:", "    Type: String", "    Default: prod",
             "  AdminCidr:", "    Type: String", "    Default: 203.0.113.0/24", "Resources:"]
    for i in range(n):
        kind = i % 3
        if kind == 0:
            lines += [f"  Bucket{i}:", "    Type: AWS::S3::Bucket", "    Properties:",
                      f"      BucketName: !Sub '${{Env}}-bucket-{i}'",
                      "      PublicAccessBlockConfiguration:", "        BlockPublicAcls: true", "        BlockPublicPolicy: true",
                      "        IgnorePublicAcls: true", "        RestrictPublicBuckets: true"]
        elif kind == 1:
            cidr = "0.0.0.0/0" if i % 30 == 1 else "!Ref AdminCidr"
            lines += [f"  Group{i}:", "    Type: AWS::EC2::SecurityGroup", "    Properties:",
                      f"      GroupDescription: !Sub 'group {i} in ${{AWS::Region}}'", "      SecurityGroupIngress:",
                      f"        - {{IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: {cidr}}}"]
        else:
            lines += [f"  Volume{i}:", "    Type: AWS::EC2::Volume", "    Properties:", "      AvailabilityZone: !Select [0, !GetAZs '']",
                      "      Size: 20", f"      Encrypted: {'true' if i % 5 else 'false'}",
                      f"      Tags: [{{Key: group, Value: !GetAtt Group{i - 1}.GroupId}}]"]
    (out / "template.yaml").write_text("\n".join(lines) + "\n")


def main() -> None:
    out, n = Path(sys.argv[1]), int(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    terraform(out, n)
    plan(out, n)
    cloudformation(out, n)


if __name__ == "__main__":
    main()
