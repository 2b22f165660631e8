"""awscc (Cloud Control) resources are judged as the CloudFormation resources they deploy: types and property
names map mechanically (Terraform Registry, hashicorp/awscc), with no policy written twice."""

from __future__ import annotations

from pathlib import Path

import pytest

from gate.api import ScanOptions, scan
from gate.engine.cloud_control import CloudControl, awscc_type, snake
from gate.model import Location, Resource, Status


@pytest.mark.parametrize(
    ("cfn_type", "awscc"),
    [
        ("AWS::EC2::SecurityGroup", "awscc_ec2_security_group"),
        ("AWS::EC2::SecurityGroupIngress", "awscc_ec2_security_group_ingress"),
        ("AWS::RDS::DBCluster", "awscc_rds_db_cluster"),
        ("AWS::RDS::DBInstance", "awscc_rds_db_instance"),
        ("AWS::S3::BucketPolicy", "awscc_s3_bucket_policy"),
        ("AWS::IAM::Role", "awscc_iam_role"),
        ("AWS::ElasticLoadBalancingV2::LoadBalancer", "awscc_elasticloadbalancingv2_load_balancer"),
        ("AWS::KMS::Key", "awscc_kms_key"),
        ("AWS::EC2::VPCEndpoint", "awscc_ec2_vpc_endpoint"),
        ("Custom::Thing", None),
    ],
)
def test_awscc_type_names(cfn_type: str, awscc: str | None) -> None:
    assert awscc_type(cfn_type) == awscc


def test_snake_case_keeps_acronyms_whole() -> None:
    assert snake("DBClusterInstanceClass") == "db_cluster_instance_class"
    assert snake("SSESpecification") == "sse_specification"
    assert snake("CidrIpv6") == "cidr_ipv6"


def test_a_view_spells_properties_as_the_policies_that_judge_its_type() -> None:
    control = CloudControl(
        [
            (["AWS::RDS::DBCluster"], {"attr": "DBClusterInstanceClass", "exists": True}),
            (["AWS::RDS::DBSecurityGroup"], {"attr": "DBSecurityGroupIngress.CIDRIP", "exists": True}),
            (["AWS::EC2::SecurityGroup"], {"helper": "ingress_open", "ports": [22]}),
        ]
    )
    cluster = Resource(
        "awscc_rds_db_cluster.c",
        "awscc_rds_db_cluster",
        "terraform",
        {"db_cluster_instance_class": "db.m6gd.large", "publicly_accessible": True},
        Location(file="main.tf"),
        scope="s",
        references={"db_subnet_group_name": frozenset({"x.y"})},
    )
    view = control.view(cluster)
    assert view is not None and view.type == "AWS::RDS::DBCluster" and view.format == "cloudformation"
    assert view.attributes == {"DBClusterInstanceClass": "db.m6gd.large", "PubliclyAccessible": True}
    assert set(view.references) == {"DbSubnetGroupName"}
    group = Resource(
        "awscc_ec2_security_group.g",
        "awscc_ec2_security_group",
        "terraform",
        {"security_group_ingress": [{"cidr_ip": "0.0.0.0/0"}]},
        Location(file="main.tf"),
        scope="s",
    )
    view = control.view(group)
    assert view is not None and view.attributes == {"SecurityGroupIngress": [{"CidrIp": "0.0.0.0/0"}]}  # not CIDRIP
    other = Resource("aws_s3_bucket.b", "aws_s3_bucket", "terraform", {}, Location(file="main.tf"), scope="s")
    assert control.view(other) is None


AWSCC = """
resource "awscc_ec2_security_group" "bastion" {
  group_description = "bastion"
  security_group_ingress = [{ ip_protocol = "tcp", from_port = 22, to_port = 22, cidr_ip = "0.0.0.0/0" }]
}

resource "awscc_rds_db_cluster" "orders" {
  engine                    = "postgres"
  db_cluster_instance_class = "db.m6gd.large"
  publicly_accessible       = true
}

resource "awscc_s3_bucket" "site" {}

resource "awscc_s3_bucket_policy" "site" {
  bucket = awscc_s3_bucket.site.id
  policy_document = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = "*", Action = "s3:GetObject", Resource = "arn:aws:s3:::site/*" }]
  })
}

resource "awscc_ec2_security_group" "internal" {
  group_description = "internal"
  security_group_ingress = [{ ip_protocol = "tcp", from_port = 22, to_port = 22, cidr_ip = "10.0.0.0/8" }]
}
"""


def test_awscc_resources_are_judged_by_the_cloudformation_targets(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(AWSCC, encoding="utf-8")
    run = scan(ScanOptions(paths=[tmp_path / "main.tf"], cwd=tmp_path, environ={}))
    assert not run.errors, run.errors
    failed = {(r.policy_id, r.resource.address) for r in run.results if r.status is Status.FAILED}
    assert ("GATE-NET-001", "awscc_ec2_security_group.bastion") in failed
    assert ("GATE-NET-005", "awscc_rds_db_cluster.orders") in failed
    assert ("GATE-PERM-002", "awscc_s3_bucket_policy.site") in failed
    assert ("GATE-NET-001", "awscc_ec2_security_group.internal") not in failed
