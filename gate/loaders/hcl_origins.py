"""What an attribute of a Terraform resource or data source is, when the configuration does not set it.

An attribute that a block does not set is computed by the provider: when the provider applies (managed
resources) or when Terraform reads the data source during plan. A few of them are more than "unknown": an AWS
resource's own identifier (``aws_iam_role.x.arn``) is one concrete object, never ``*``; the partition and the
caller's account are what they are. See ``docs/values.md``.
"""

from __future__ import annotations

from typing import Any

from gate.values import ACCOUNT_MARK, OWN_DATA_SOURCES, PARTITION_MARK, Origin, Unknown, UnknownText

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
    # An account, owner or peer id names an account, maybe another one (``data.aws_ami.x.owner_id``,
    # ``aws_vpc_peering_connection.peer_owner_id``), never "an object of this account".
    return attribute.endswith(("_arn", "_id")) and not any(word in attribute for word in _OTHER_ACCOUNTS)


_OTHER_ACCOUNTS = ("account", "owner", "requester", "accepter", "peer", "principal")


def attribute_origin(key: str, attribute: str, other_provider: bool = False) -> Origin:
    """The origin of attribute ``attribute`` of ``key`` (``aws_x.y`` or ``data.aws_x.y``) when it is not set.
    ``other_provider``: the block uses a provider configuration other than the root's default ``aws``
    (``provider = aws.partner``, a module called with ``providers = {aws = aws.partner}``, another source), which
    may reach another account: neither its caller identity nor the objects it creates are the deploying
    account's (gate.loaders.terraform_provider_configs)."""
    parts = key.split(".")
    data = parts[0] == "data"
    resource_type = parts[1] if data else parts[0]
    special = DATA_ORIGINS.get((resource_type, attribute)) if data else None
    if other_provider and (special is Origin.ACCOUNT or (data and resource_type in OWN_DATA_SOURCES)):
        return Origin.DEPLOY  # another provider configuration may assume a role in another account
    if special is not None:
        return special
    if _identifier(attribute) and resource_type.startswith("aws_") and not other_provider:
        return Origin.IDENTIFIER
    return Origin.DEPLOY if data else Origin.COMPUTED


def known_identifier(
    key: str, attribute: str, values: dict[str, Any], address: str, other_provider: bool = False
) -> Unknown | None:
    """The ARN of a customer managed policy this configuration creates, as far as it is known:
    ``arn:<partition>:iam::<this account>:policy<path><name>`` (the IAM ARN format,
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns). Its account is
    the deploying account's twelve digits, never ``aws``: it is never an AWS managed policy such as
    AdministratorAccess. None for anything else, and when the name is not known (Terraform generates one) or the
    block names another provider configuration (which may deploy to another account)."""
    if key.startswith("data.") or other_provider or (key.split(".")[-2], attribute) != ("aws_iam_policy", "arn"):
        return None
    name, path = values.get("name"), values.get("path", "/")
    if not isinstance(name, str) or not isinstance(path, str) or not name:
        return None
    text = UnknownText(f"arn:{PARTITION_MARK}:iam::{ACCOUNT_MARK}:policy{path}{name}")
    return Unknown(frozenset({address}), text, f"{address}.{attribute} is computed", Origin.IDENTIFIER)
