"""The ``customer_managed_key`` helper: does the key a resource names belong to the customer, or to AWS?

A service that encrypts with KMS uses, when no key is named, its AWS managed key (``aws/ebs``, ``aws/sns``,
``aws/rds``...) or a key AWS owns; naming that key by its alias (``alias/aws/sns``, or its ARN
``arn:aws:kms:...:alias/aws/sns``) is the same thing written out. AWS reserves the ``alias/aws/`` prefix for AWS
managed keys: no customer can create an alias that starts with it
(https://docs.aws.amazon.com/kms/latest/developerguide/alias-about.html). So a key is the customer's when it is:

- a key or alias created in the same configuration (``aws_kms_key``, ``aws_kms_alias``, ``AWS::KMS::Key``,
  ``AWS::KMS::Alias``): neither can name an AWS managed key;
- a literal key id, key ARN or alias that is not ``alias/aws/...``;
- read from a ``data "aws_kms_alias"`` or ``data "aws_kms_key"`` whose name is not ``alias/aws/...``.

A key named by a variable with no value, or by an expression the gate cannot read, is unknown: it may be
``alias/aws/...`` as well as anything else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from gate.engine.outcome import Clue, Outcome, all_of
from gate.engine.paths import resolve, split_path
from gate.schema import FORBID
from gate.values import Unknown, known_text, readable, variants

if TYPE_CHECKING:
    from gate.engine.context import Context
    from gate.model import Resource

# An alias name or alias ARN in the reserved AWS managed namespace.
AWS_MANAGED = re.compile(r"(^|:)alias/aws/")
# Resources that create a customer managed key or an alias of one.
CUSTOMER_KEY_TYPES = frozenset(
    {
        "aws_kms_key",
        "aws_kms_alias",
        "aws_kms_replica_key",
        "aws_kms_external_key",
        "aws_kms_replica_external_key",
        "AWS::KMS::Key",
        "AWS::KMS::Alias",
        "AWS::KMS::ReplicaKey",
    }
)
# Data sources that look a key up by a name written in the configuration, and the attribute holding that name.
KEY_LOOKUPS = {"aws_kms_alias": "name", "aws_kms_key": "key_id"}


@dataclass(slots=True, kw_only=True)
class CustomerManagedKeyArgs:
    """``attr``: the path of the key (an id, an ARN or an alias); every value it reaches must be a customer key."""

    __pydantic_config__ = FORBID
    attr: str


def customer_managed_key(args: CustomerManagedKeyArgs, ctx: Context, node: Any, prefix: str) -> Outcome:
    """True when a key is named at ``args.attr`` and every key named there is a customer managed key."""
    found = [(where, value) for where, value in resolve(node, split_path(args.attr), prefix) if value not in (None, "")]
    if not found:
        where = f"{prefix}.{args.attr}" if prefix else args.attr
        return Outcome(False, [Clue(where, note=f"{where} is not set: the service encrypts with a key AWS manages")])
    return all_of(_judge(ctx, where, value) for where, value in found)


def _judge(ctx: Context, where: str, value: Any) -> Outcome:
    if isinstance(value, str):
        return _judge_name(where, value, value)
    if not isinstance(value, Unknown):
        return Outcome(False, [Clue(where, value, note=f"{where} is not a KMS key")])
    text = known_text(value)
    if text is not None and any(AWS_MANAGED.search(v) for v in variants(text)):
        return _judge_name(where, text, readable(text))
    outcomes = [
        _judge_target(where, other) for ref in sorted(value.refs) for other in ctx.index.at(ctx.resource.scope, ref)
    ]
    if outcomes and all(o.value is not None for o in outcomes):
        return all_of(outcomes)
    decided = [o for o in outcomes if o.value is not None]
    if decided and any(o.value is False for o in decided):
        return all_of(decided)
    return Outcome(None, [Clue(where, value)])


def _judge_name(where: str, name: str, shown_as: str) -> Outcome:
    if AWS_MANAGED.search(name):
        return Outcome(
            False, [Clue(where, note=f"{where} = {shown_as!r} is a key AWS manages, not a customer managed key")]
        )
    return Outcome(True, [Clue(where, note=f"{where} = {shown_as!r} names a customer managed key")])


def _judge_target(where: str, other: Resource) -> Outcome:
    if other.mode == "managed" and other.type in CUSTOMER_KEY_TYPES:
        return Outcome(True, [Clue(where, note=f"{where} is the key of {other.address}, a customer managed key")])
    name_attr = KEY_LOOKUPS.get(other.type) if other.mode == "data" else None
    name = other.attributes.get(name_attr) if name_attr else None
    if isinstance(name, str) and name:
        return _judge_name(where, name, f"{other.address} ({name})")
    return Outcome(None, [Clue(where, note=f"{where} comes from {other.address}, which may be a key AWS manages")])
