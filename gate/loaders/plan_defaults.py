"""What a plan's configuration sets, and what the provider computes when it sets nothing.

``terraform show -json`` marks as unknown (``after_unknown``) every attribute whose value the provider computes
at apply, whether the code set it to an expression unknown at plan time or never set it at all. The second kind
is the provider's default, not a value the pull request chose: ``aws_kms_key.policy`` left out is the default
key policy, ``aws_s3_bucket.policy`` left out is no bucket policy. The plan's ``configuration`` tells them apart:
each resource lists, under ``expressions``, the arguments and blocks its code writes (Terraform's JSON output
format, "Configuration Representation" and "Expression Representation":
https://developer.hashicorp.com/terraform/internals/json-format#configuration-representation).

Two limits keep this sound:

- ``expressions`` leaves out ``dynamic`` blocks (Terraform's ``jsonconfig.marshalExpressions`` decodes the body
  with the provider schema only, which "will effectively ignore dynamic blocks"), and a ``dynamic`` block whose
  ``for_each`` is unknown makes the whole block unknown. So only *arguments* are decided from their absence,
  never nested blocks (``grant``, ``inline_policy``...): those stay unknown.
- Only the arguments listed in :data:`COMPUTED_DEFAULTS`, each with the provider's documented default, are
  decided; any other unknown stays unknown. A plan without ``configuration``, or a resource the configuration
  does not list, keeps every unknown.

Separate resources win: when ``aws_s3_bucket_acl``, ``aws_s3_bucket_policy``... exist for a bucket (the AWS
provider's split-out S3 resources, version 4 and later), the bucket's own computed attributes for the same
setting do not decide; the separate resource is judged itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from gate.model import Resource, strip_instance_keys
from gate.values import Unknown

# Arguments the AWS provider computes when the configuration does not set them, by resource type, with the
# documented value they then have. Absent is what the gate's policies read for an argument the HCL does not set,
# so these are dropped from the planned attributes, and judged as the HCL would be.
COMPUTED_DEFAULTS: dict[str, dict[str, str]] = {
    # https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket: acl and policy are
    # deprecated arguments; left out, the bucket has no bucket policy and the private, owner-enforced ACL.
    "aws_s3_bucket": {"acl": "private (BucketOwnerEnforced)", "policy": "no bucket policy"},
    # .../resources/kms_key: "If a key policy is not specified, AWS gives the KMS key a default key policy that
    # gives all principals in the owning account unlimited access to all KMS operations for the key."
    "aws_kms_key": {"policy": "the default key policy (the owning account only)"},
    # .../resources/sqs_queue, sns_topic, secretsmanager_secret: policy left out is no resource policy (the
    # queue's and secret's owner only; an SNS topic gets the default topic policy, owner account only).
    "aws_sqs_queue": {"policy": "no queue policy"},
    "aws_sns_topic": {"policy": "the default topic policy (the owning account only)"},
    "aws_secretsmanager_secret": {"policy": "no resource policy"},
    # .../resources/elasticsearch_domain and opensearch_domain: access_policies is optional and computed; left
    # out, the domain has no resource-based access policy (aws_*_domain_policy may set one: that resource decides).
    "aws_elasticsearch_domain": {"access_policies": "no access policy"},
    "aws_opensearch_domain": {"access_policies": "no access policy"},
    # .../resources/iam_role: managed_policy_arns left out: "Terraform will ignore policy attachments".
    "aws_iam_role": {"managed_policy_arns": "attachments managed by other resources"},
}

# Nested blocks the provider computes when the code writes none, with what they then are. A plan cannot prove
# that the code writes none (a dynamic block is not in "expressions"): the folder's HCL beside the plan can.
# .../resources/s3_bucket: grant left out is the bucket's private, owner-enforced ACL; .../resources/iam_role:
# "If no blocks are configured, Terraform will not manage any inline policies" (aws_iam_role_policy ones are
# judged as resources of their own).
COMPUTED_BLOCKS: dict[str, tuple[str, ...]] = {
    "aws_s3_bucket": ("grant",),
    "aws_iam_role": ("inline_policy",),
    # .../resources/s3_bucket_acl: access_control_policy is computed from the canned `acl` when not written.
    "aws_s3_bucket_acl": ("access_control_policy",),
}

# The split-out S3 resources (AWS provider 4 and later) and the bucket attributes each one takes over.
S3_SPLIT_RESOURCES: dict[str, tuple[str, ...]] = {
    "aws_s3_bucket_acl": ("acl", "grant"),
    "aws_s3_bucket_policy": ("policy",),
    "aws_s3_bucket_server_side_encryption_configuration": ("server_side_encryption_configuration",),
    "aws_s3_bucket_versioning": ("versioning",),
    "aws_s3_bucket_logging": ("logging",),
    "aws_s3_bucket_lifecycle_configuration": ("lifecycle_rule",),
    "aws_s3_bucket_cors_configuration": ("cors_rule",),
    "aws_s3_bucket_website_configuration": ("website",),
    "aws_s3_bucket_replication_configuration": ("replication_configuration",),
    "aws_s3_bucket_object_lock_configuration": ("object_lock_configuration",),
    "aws_s3_bucket_accelerate_configuration": ("acceleration_status",),
    "aws_s3_bucket_request_payment_configuration": ("request_payer",),
}

Configured = dict[str, frozenset[str]]

_RESOURCE_KEY = re.compile(r"\[[^\[\]]*\]$")


def configured_names(configuration: Any) -> Configured | None:
    """Base address (``module.m.aws_x.y``) -> the top-level names its code writes (arguments and static blocks).

    None when the plan has no configuration: then nothing is known about what the code sets.
    """
    expressions = configured_expressions(configuration)
    return None if expressions is None else {address: frozenset(e) for address, e in expressions.items()}


def configured_expressions(configuration: Any) -> dict[str, dict[str, Any]] | None:
    """Base address -> the ``expressions`` its code writes (an argument's expression, a static block's list of
    nested expressions); None when the plan has no configuration."""
    root = configuration.get("root_module") if isinstance(configuration, dict) else None
    if not isinstance(root, dict):
        return None
    index: dict[str, dict[str, Any]] = {}
    for prefix, resource in configured_resources(configuration):
        address = _address(resource)
        if address is not None:
            expressions = resource.get("expressions")
            # Terraform omits an empty "expressions" object: a resource listed without one sets nothing.
            index[prefix + address] = expressions if isinstance(expressions, dict) else {}
    return index


def configured_resources(configuration: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every resource of a plan's ``configuration``, in every module it calls, with its module prefix
    (``module.web.``): https://developer.hashicorp.com/terraform/internals/json-format#configuration-representation"""
    root = configuration.get("root_module") if isinstance(configuration, dict) else None
    pending: list[tuple[str, Any]] = [("", root)]
    while pending:
        prefix, module = pending.pop()
        if not isinstance(module, dict):
            continue
        resources, calls = module.get("resources"), module.get("module_calls")
        for resource in resources if isinstance(resources, list) else ():
            if isinstance(resource, dict):
                yield prefix, resource
        for name, call in calls.items() if isinstance(calls, dict) else ():
            if isinstance(call, dict):
                pending.append((f"{prefix}module.{name}.", call.get("module")))


def _address(resource: Any) -> str | None:
    if not isinstance(resource, dict) or resource.get("mode") == "data":
        return None
    kind, name = resource.get("type"), resource.get("name")
    return f"{kind}.{name}" if isinstance(kind, str) and isinstance(name, str) else None


def drop_computed_defaults(kind: str, address: str, attributes: dict[str, Any], configured: Configured | None) -> None:
    """Remove from ``attributes`` the unknowns that are the provider's default: an argument of
    :data:`COMPUTED_DEFAULTS` that the configuration of ``address`` does not set."""
    defaults = COMPUTED_DEFAULTS.get(kind)
    if not defaults or configured is None:
        return
    written = configured.get(strip_instance_keys(address))
    if written is None:
        return
    for name in defaults:
        if name not in written and isinstance(attributes.get(name), Unknown):
            del attributes[name]


def apply_split_resources(resources: Iterable[Resource], configured: Configured | None) -> None:
    """Buckets governed by a split-out S3 resource lose their own computed (unset, unknown) attributes for the
    setting that resource takes over. Only unknowns the bucket's code does not set are dropped."""
    if configured is None:
        return
    resources = list(resources)
    governed: dict[str, set[str]] = {}
    for resource in resources:
        takes_over = S3_SPLIT_RESOURCES.get(resource.type)
        if takes_over is None or resource.mode != "managed":
            continue
        for bucket in resource.references.get("bucket", frozenset()):
            governed.setdefault(bucket, set()).update(takes_over)
    if not governed:
        return
    for resource in resources:
        if resource.type != "aws_s3_bucket":
            continue
        # References from inside a module instance name its own resources (``module.m["a"].aws_s3_bucket.b``).
        names = governed.get(_RESOURCE_KEY.sub("", resource.address))
        written = configured.get(strip_instance_keys(resource.address))
        if not names or written is None:
            continue
        for name in names - written:
            if isinstance(resource.attributes.get(name), Unknown):
                del resource.attributes[name]


def drop_unwritten_blocks(planned: Iterable[Resource], declared: Iterable[Resource]) -> None:
    """Remove from the resources of a plan the computed blocks of :data:`COMPUTED_BLOCKS` that no instance of the
    same resource in the folder's HCL writes, statically or as a ``dynamic`` block (``declared``: the HCL of the
    folder the plan was made from; a dynamic block over an unknown collection is written, as an unknown)."""
    written: dict[str, set[str]] = {}
    for resource in declared:
        if resource.type in COMPUTED_BLOCKS:
            written.setdefault(strip_instance_keys(resource.address), set()).update(resource.attributes)
    for resource in planned:
        names = written.get(strip_instance_keys(resource.address))
        if names is None:
            continue
        for name in COMPUTED_BLOCKS.get(resource.type, ()):
            if name not in names and isinstance(resource.attributes.get(name), Unknown):
                del resource.attributes[name]
