"""What an attribute of a Terraform resource or data source is, when the configuration does not set it.

An attribute that a block does not set is computed by the provider: when the provider applies (managed
resources) or when Terraform reads the data source during plan. A few of them are more than "unknown": an AWS
resource's own identifier (``aws_iam_role.x.arn``) is one concrete object, never ``*``; the partition and the
caller's account are what they are. See ``docs/values.md``.
"""

from __future__ import annotations

from gate.values import Origin

# An AWS resource's own identity. Only for the aws provider's types: elsewhere an ``id`` can be data
# (``random_string.x.id`` is its random result, which may be ``*``).
IDENTIFIER_ATTRIBUTES = frozenset({"id", "arn", "name", "unique_id", "key_id", "bucket"})

# (data source type, attribute) -> origin: the partition, and the account Terraform runs as.
DATA_ORIGINS: dict[tuple[str, str], Origin] = {
    ("aws_partition", "partition"): Origin.PARTITION,
    ("aws_partition", "id"): Origin.PARTITION,
    ("aws_caller_identity", "account_id"): Origin.ACCOUNT,
    ("aws_caller_identity", "id"): Origin.ACCOUNT,
}


def _identifier(attribute: str) -> bool:
    """``arn``, ``iam_arn``, ``key_id``...: the ARN or id of an object; an account id is not (it may be another
    account: ``aws_securityhub_member.x.account_id``)."""
    if attribute in IDENTIFIER_ATTRIBUTES:
        return True
    return attribute.endswith(("_arn", "_id")) and "account" not in attribute


def attribute_origin(key: str, attribute: str) -> Origin:
    """The origin of attribute ``attribute`` of ``key`` (``aws_x.y`` or ``data.aws_x.y``) when it is not set."""
    parts = key.split(".")
    data = parts[0] == "data"
    resource_type = parts[1] if data else parts[0]
    special = DATA_ORIGINS.get((resource_type, attribute)) if data else None
    if special is not None:
        return special
    if _identifier(attribute) and resource_type.startswith("aws_"):
        return Origin.IDENTIFIER
    return Origin.DEPLOY if data else Origin.COMPUTED
