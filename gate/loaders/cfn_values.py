"""What CloudFormation's intrinsic functions work on, apart from evaluating them: the values that stand for
a tag the gate does not know and for ``AWS::NoValue``, what a call looks like, how a scalar is written inside a
string and compared (``Fn::Equals``, map keys), and the error of a call CloudFormation would reject."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import Any

from gate.values import Origin, Unknown


@dataclass(frozen=True, slots=True)
class UnknownTag:
    """A YAML tag that is not a CloudFormation short form (``!Foo``): reported only if the file is a template."""

    tag: str
    value: Any
    line: int


class _NoValue:
    """``Ref: AWS::NoValue``: the key or list item it stands in is removed."""

    def __repr__(self) -> str:
        return "AWS::NoValue"


NO_VALUE = _NoValue()


class Malformed(Exception):
    """A call whose arguments CloudFormation would reject; the message says what was expected."""


def is_call(value: Any) -> bool:
    """True for ``{"Ref": x}`` and ``{"Fn::Name": x}``: a single-key mapping that names an intrinsic function."""
    if not isinstance(value, dict) or len(value) != 1:
        return False
    key = next(iter(value))
    return isinstance(key, str) and (key == "Ref" or key.startswith("Fn::"))


def string_value(value: str) -> Any:
    # Dynamic references are read from SSM or Secrets Manager at deploy time: the text is not the value.
    if "{{resolve:" in value:
        return Unknown(reason="a dynamic reference is resolved at deploy time", origin=Origin.DEPLOY)
    return value


def scalar_text(value: Any, what: str) -> str:
    """How CloudFormation writes a scalar inside a string."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, (str, int, float)):
        return str(value)
    raise Malformed(f"cannot put a list or mapping in a string ({what})")


def comparable(value: Any) -> Any:
    # Fn::Equals compares strings: a YAML ``5`` or ``true`` equals the parameter value "5" or "true".
    return scalar_text(value, "") if value is None or isinstance(value, (str, int, float)) else value


def lookup(mapping: Any, key: Any) -> Any:
    if not isinstance(mapping, dict):
        return NO_VALUE
    if key in mapping:
        return mapping[key]
    wanted = comparable(key)  # YAML may have read a key as a number or a boolean
    return next((value for k, value in mapping.items() if comparable(k) == wanted), NO_VALUE)


_PSEUDO_NAMES = ("AccountId", "Region", "StackName", "StackId", "Partition", "URLSuffix", "NotificationARNs")
PSEUDO_PARAMETERS = frozenset(f"AWS::{name}" for name in _PSEUDO_NAMES)
# The stack's own account and partition are what they are (never a wildcard, never another account); the
# other pseudo parameters are known when the stack is deployed.
PSEUDO_ORIGINS = {"AWS::AccountId": Origin.ACCOUNT, "AWS::Partition": Origin.PARTITION}


# Attributes that return a property of the resource as the template sets it (AWS resource reference, "Return
# values"): AWS::SSM::Parameter Value "returns the value of the parameter"; a VPC's and a subnet's CidrBlock.
ECHOED_ATTRIBUTES = {
    ("AWS::SSM::Parameter", "Value"): "Value",
    ("AWS::SSM::Parameter", "Type"): "Type",
    ("AWS::EC2::VPC", "CidrBlock"): "CidrBlock",
    ("AWS::EC2::Subnet", "CidrBlock"): "CidrBlock",
}
# Types whose attributes are whatever someone else's code or template returns: custom resources (a Lambda's
# response Data), a nested stack's Outputs, a wait condition's Data. Never concrete, whatever the name says.
AUTHORED_TYPES = (
    "Custom::",
    "AWS::CloudFormation::CustomResource",
    "AWS::CloudFormation::Stack",
    "AWS::CloudFormation::WaitCondition",
    "AWS::Serverless::Application",
)


_MAX_CIDRS = 256  # what Fn::Cidr allows; keeps a hostile count from allocating millions of strings


def cidr_blocks(block: Any, count: Any, bits: Any) -> list[str]:
    """``Fn::Cidr``: the first ``count`` blocks with ``bits`` host bits inside ``block``."""
    try:
        network = ipaddress.ip_network(str(block), strict=False)
        count, bits = int(count), int(bits)
    except ValueError as exc:
        raise Malformed(f"takes [ip block, count, cidr bits] ({exc})") from exc
    new_prefix = network.max_prefixlen - bits
    room = new_prefix - network.prefixlen  # 2 ** room blocks of that size fit in the network
    if not (1 <= count <= _MAX_CIDRS and bits >= 0 and room > 0 and count <= 2**room):
        raise Malformed(f"cannot make {count} /{new_prefix} blocks in {network}")
    subnets = network.subnets(new_prefix=new_prefix)
    return [str(next(subnets)) for _ in range(count)]
