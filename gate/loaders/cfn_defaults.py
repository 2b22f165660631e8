"""Properties whose value, when a template leaves them out, AWS decides at deploy from the account's state.

Leaving such a property out does not make it false: CloudFormation passes nothing and the service decides. The
gate cannot see that state, so the omitted property is an unknown known at deploy (origin ``deploy``), and the
stage decides, rather than a silent pass.
"""

from __future__ import annotations

from typing import Any

from gate.values import Origin, Unknown

DECIDED_AT_DEPLOY: dict[str, dict[str, str]] = {
    # CreateDBInstance, PubliclyAccessible: "If DBSubnetGroupName isn't specified, and PubliclyAccessible isn't
    # specified ... if the default VPC in the target Region has an internet gateway attached to it, the DB instance
    # is public" (every default VPC has one), and with a subnet group, public when its VPC has an internet gateway.
    # https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html
    "AWS::RDS::DBInstance": {
        "PubliclyAccessible": "PubliclyAccessible is not set: RDS makes the instance public when its VPC (the default "
        "VPC without a DBSubnetGroupName) has an internet gateway",
    },
    # CreateDBCluster, PubliclyAccessible ("Valid for Cluster Type: Multi-AZ DB clusters only"): the same rule as
    # for instances. https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBCluster.html
    "AWS::RDS::DBCluster": {
        "PubliclyAccessible": "PubliclyAccessible is not set: RDS makes the Multi-AZ DB cluster public when its VPC "
        "(the default VPC without a DBSubnetGroupName) has an internet gateway",
    },
}
# Properties decided at deploy only for some resources of the type: (type, property) -> the property that marks
# them (Aurora clusters have no public flag of their own: a Multi-AZ DB cluster names its DBClusterInstanceClass).
ONLY_WITH: dict[tuple[str, str], str] = {("AWS::RDS::DBCluster", "PubliclyAccessible"): "DBClusterInstanceClass"}


def with_deploy_defaults(resource_type: str, attributes: dict[Any, Any]) -> dict[Any, Any]:
    """``attributes`` with each omitted property that AWS decides at deploy as an unknown saying why."""
    for name, reason in DECIDED_AT_DEPLOY.get(resource_type, {}).items():
        marker = ONLY_WITH.get((resource_type, name))
        if name not in attributes and (marker is None or marker in attributes):
            attributes[name] = Unknown(reason=reason, origin=Origin.DEPLOY)
    return attributes
