"""The helpers that look past one attribute: a key AWS manages or the customer's (gate.engine.kms_keys), the
resource an attribute names (gate.engine.targets) and a JSON document held in an attribute (gate.engine.documents).
"""

from __future__ import annotations

from typing import Any

import pytest

from gate import yamlnodes
from gate.engine.conditions import Compiler
from gate.engine.context import Context
from gate.engine.index import ResourceIndex
from gate.errors import PolicyError
from gate.model import Location, Resource
from gate.values import ACCOUNT_MARK, PARTITION_MARK, UNKNOWN_MARK, Origin, Unknown, UnknownText

KEY = "condition: {helper: customer_managed_key, attr: kms_master_key_id}"


def resource(address: str, type_: str, attributes: dict[str, Any], mode: str = "managed") -> Resource:
    return Resource(address, type_, "terraform", attributes, Location(file="main.tf"), scope="s", mode=mode)


def check(condition: str, target: Resource, *others: Resource) -> bool | None:
    raw = yamlnodes.load(condition, "p.yaml")["condition"]
    compiled = Compiler("p.yaml").compile(raw)
    return compiled.evaluate(Context(target, ResourceIndex([target, *others]), {}), target.attributes, "").value


def ref(address: str, origin: Origin = Origin.IDENTIFIER) -> Unknown:
    return Unknown(frozenset({address}), reason="known after apply", origin=origin)


def text(value: str) -> Unknown:
    return Unknown(partial=UnknownText(value), origin=Origin.DERIVED)


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        (None, False),  # no key: the service's own key
        ("", False),
        ("alias/aws/sns", False),
        ("arn:aws:kms:eu-west-1:111122223333:alias/aws/sns", False),
        (text(f"arn:{PARTITION_MARK}:kms:{UNKNOWN_MARK}:{ACCOUNT_MARK}:alias/aws/sqs"), False),
        ("alias/orders", True),
        ("arn:aws:kms:eu-west-1:111122223333:key/0123abcd-0123-4567-89ab-0123456789ab", True),
        # an alias whose name is computed may be alias/aws/... as well as anything else
        (text(f"alias/{UNKNOWN_MARK}"), None),
        (Unknown(reason="var.key has no value", origin=Origin.UNSET), None),
        (ref("aws_kms_key.k"), True),
        (ref("aws_kms_alias.a"), True),
    ],
)
def test_customer_managed_key(key: Any, expected: bool | None) -> None:
    topic = resource("aws_sns_topic.t", "aws_sns_topic", {} if key is None else {"kms_master_key_id": key})
    key_resource = resource("aws_kms_key.k", "aws_kms_key", {})
    alias = resource("aws_kms_alias.a", "aws_kms_alias", {"name": "alias/orders"})
    assert check(KEY, topic, key_resource, alias) is expected


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (resource("data.aws_kms_alias.x", "aws_kms_alias", {"name": "alias/aws/sns"}, mode="data"), False),
        (resource("data.aws_kms_key.x", "aws_kms_key", {"key_id": "alias/aws/sns"}, mode="data"), False),
        (resource("data.aws_kms_alias.x", "aws_kms_alias", {"name": "alias/shared"}, mode="data"), True),
        # a lookup by a name the scan cannot see
        (resource("data.aws_kms_key.x", "aws_kms_key", {"key_id": ref("var.k", Origin.UNSET)}, mode="data"), None),
        # a managed resource of another type is not a key the customer created
        (resource("data.aws_kms_alias.x", "aws_ssm_parameter", {"value": "alias/shared"}, mode="managed"), None),
    ],
)
def test_customer_managed_key_reads_the_data_source_it_comes_from(data: Resource, expected: bool | None) -> None:
    topic = resource("aws_sns_topic.t", "aws_sns_topic", {"kms_master_key_id": ref(data.address)})
    assert check(KEY, topic, data) is expected


GATEWAY = """
condition:
  helper: refers_to
  attr: load_balancer_arn
  types: [aws_lb]
  where: {attr: load_balancer_type, equals: gateway}
"""


def test_refers_to_judges_the_resource_named() -> None:
    gwlb = resource("aws_lb.g", "aws_lb", {"load_balancer_type": "gateway"})
    alb = resource("aws_lb.a", "aws_lb", {})
    assert check(GATEWAY, resource("l", "aws_lb_listener", {"load_balancer_arn": ref("aws_lb.g")}), gwlb) is True
    assert check(GATEWAY, resource("l", "aws_lb_listener", {"load_balancer_arn": ref("aws_lb.a")}), alb) is False
    # a load balancer the scan does not hold (a variable, a literal ARN) may be of any type
    assert check(GATEWAY, resource("l", "aws_lb_listener", {"load_balancer_arn": ref("var.lb", Origin.UNSET)})) is None
    assert (
        check(GATEWAY, resource("l", "aws_lb_listener", {"load_balancer_arn": "arn:aws:elasticloadbalancing:x"}))
        is None
    )
    # not set: when_absent, false unless given
    assert check(GATEWAY, resource("l", "aws_lb_listener", {})) is False


def test_refers_to_follows_nested_values_and_chains() -> None:
    condition = """
condition:
  every: ebs_block_device
  where:
    helper: refers_to
    attr: snapshot_id
    types: [aws_ebs_snapshot]
    where:
      helper: refers_to
      attr: volume_id
      types: [aws_ebs_volume]
      where: {attr: encrypted, equals: true}
"""
    ami = resource("aws_ami.i", "aws_ami", {"ebs_block_device": [{"snapshot_id": ref("aws_ebs_snapshot.s")}]})
    snapshot = resource("aws_ebs_snapshot.s", "aws_ebs_snapshot", {"volume_id": ref("aws_ebs_volume.v")})
    clear = resource("aws_ebs_volume.v", "aws_ebs_volume", {})
    encrypted = resource("aws_ebs_volume.v", "aws_ebs_volume", {"encrypted": True})
    assert check(condition, ami, snapshot, clear) is False
    assert check(condition, ami, snapshot, encrypted) is True


EMR = """
condition:
  helper: document
  attr: configuration
  where: {attr: EncryptionConfiguration.EnableInTransitEncryption, equals: true}
"""


@pytest.mark.parametrize(
    ("configuration", "expected"),
    [
        ('{"EncryptionConfiguration": {"EnableInTransitEncryption": true}}', True),
        ('{"EncryptionConfiguration": {"EnableInTransitEncryption": false}}', False),
        ({"EncryptionConfiguration": {"EnableInTransitEncryption": "true"}}, True),  # a CloudFormation structure
        ("{}", False),
        ("not json", False),
        (None, False),
        (ref("aws_s3_object.config", Origin.COMPUTED), None),
        (text('{"EncryptionConfiguration": {"EnableInTransitEncryption": true, "Key": "' + UNKNOWN_MARK + '"}}'), True),
    ],
)
def test_document_reads_the_json_document(configuration: Any, expected: bool | None) -> None:
    attributes = {} if configuration is None else {"configuration": configuration}
    assert (
        check(EMR, resource("aws_emr_security_configuration.c", "aws_emr_security_configuration", attributes))
        is expected
    )


@pytest.mark.parametrize(
    ("text_", "message"),
    [
        (
            "condition:\n  helper: refers_to\n  attr: x\n  types: [aws_lb]\n  where: {attr: y, equal: 1}\n",
            "p.yaml:5: unknown operator 'equal'",
        ),
        ("condition:\n  helper: document\n  attr: x\n", "p.yaml:2: helper document: where"),
        ("condition:\n  helper: customer_managed_key\n  path: x\n", "p.yaml:2: helper customer_managed_key"),
    ],
)
def test_nested_conditions_name_their_line(text_: str, message: str) -> None:
    raw = yamlnodes.load(text_, "p.yaml")
    with pytest.raises(PolicyError) as caught:
        Compiler("p.yaml").compile(raw["condition"])
    assert str(caught.value).startswith(message), str(caught.value)
