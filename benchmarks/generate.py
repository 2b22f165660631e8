#!/usr/bin/env python3
"""Realistic AWS inputs of about N resources, in the three formats the gate reads.

    python benchmarks/generate.py OUT_DIR N

The repeated part is a *service unit*: what a team writes for one service. An S3 bucket with its versioning,
KMS encryption, public access block, access logging, lifecycle rules and a deny-insecure-transport policy; a KMS
key and alias; a security group with separate ingress and egress rules; an IAM role with an inline policy and an
instance profile; an EC2 instance (IMDSv2, encrypted root and data volumes, user data); a Lambda function in the
VPC with a log group; an SQS queue with a dead-letter queue; an SNS topic; a PostgreSQL RDS instance; an ALB with
an HTTPS listener and a target group; a CloudWatch alarm. Every four services share a *network*: a VPC over one
to three availability zones with public, private and database subnets, route tables, routes, associations, an
internet gateway, NAT gateways and their EIPs, flow logs, a locked-down default security group and a DB subnet
group. Unit sizes: Terraform 26 resources a service and 7 + 10 per zone a network; CloudFormation 20 and 7 + 10
per zone (its S3 bucket carries what Terraform splits into six resources).

It writes:

* ``OUT_DIR/terraform/``: a root module (``versions.tf`` with the backend and provider, ``variables.tf`` with
  defaults, ``locals.tf``, ``services.tf`` calling ``./modules/service`` with ``for_each = toset([...])``, and
  one ``network_NN.tf`` per network of about 40 resources, using ``count`` and ``for_each``), and the module
  itself split by concern (``kms.tf``, ``s3.tf``, ``iam.tf``...).
* ``OUT_DIR/plan.json``: what ``terraform show -json`` prints for a plan of that configuration from empty
  state (format 1.2): ``resource_changes`` whose ``after`` holds every attribute of the provider's schema
  (unset optional ones null or defaulted) and ``after_unknown`` the computed ones, ``planned_values`` with the
  same resources, and a ``configuration`` block with each expression's references.
* ``OUT_DIR/template.yaml``: a CloudFormation template with Parameters (with defaults), Mappings, Conditions,
  Resources and Outputs, using the short intrinsic forms (``!Ref``, ``!Sub``, ``!GetAtt``, ``!If``,
  ``!Select``/``!GetAZs``/``!Cidr``, ``!Join``, ``!FindInMap``, ``!Base64``).

Each holds about N resources (within a few percent from N = 100 on). Below one service and one network, the
unit is cut short (resources only ever refer to earlier ones, so any prefix of a unit is valid) and, below
about 30, the network is left out and the services use an existing VPC given as variables / parameters.

The Terraform side is described once, as Python data (attributes, nested ``Block``\\ s, and ``Expr``/``Fn``/
``Cond`` markers for expressions; a plain string is an HCL template), and rendered both to HCL and, through a
small evaluator, to plan JSON: a reference to another resource's computed attribute is unknown in the plan, a
variable or local has its value, a configured attribute of another resource is known. CloudFormation has its
own description, its property names being different.

A deterministic minority of services is insecure, by service index (``FLAWS``): SSH open to 0.0.0.0/0,
unencrypted EBS and RDS storage, a public bucket, a wildcard IAM action, KMS key rotation off; every third
network gives public IPs on launch. Nothing is random.
"""

from __future__ import annotations

import copy
import hashlib
import ipaddress
import json
import math
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PROJECT, ENV, REGION, ACCOUNT = "acme", "prod", "eu-west-1", "123456789012"
SERVICES_PER_NETWORK = 4
MAX_AZS = 3
MIN_PARTIAL_UNIT = 10  # below a network and this many unit resources, the network is left out
WORDS = (
    "orders",
    "billing",
    "payments",
    "catalog",
    "search",
    "inventory",
    "shipping",
    "accounts",
    "auth",
    "notify",
    "reports",
    "analytics",
    "media",
    "checkout",
    "pricing",
    "reviews",
    "ledger",
    "audit",
    "gateway",
    "profiles",
)
# flaw -> (modulus, remainder): service i has the flaw when i % modulus == remainder.
FLAWS = {
    "open_ssh": (7, 1),
    "wildcard_iam": (13, 2),
    "unencrypted_storage": (11, 3),
    "public_bucket": (17, 4),
    "no_key_rotation": (19, 5),
}
READ_WRITE_ACTIONS = ["s3:GetObject", "s3:PutObject", "s3:ListBucket"]
DEFAULT_TAGS = {"ManagedBy": "terraform", "Repository": "acme/platform-services"}
LOG_BUCKET = f"{PROJECT}-{ENV}-logs-{ACCOUNT}"
ARTIFACT_BUCKET = f"{PROJECT}-{ENV}-artifacts-{ACCOUNT}"
CERTIFICATE_ARN = f"arn:aws:acm:{REGION}:{ACCOUNT}:certificate/4f1c2d3e-5a6b-4c7d-8e9f-0a1b2c3d4e5f"
AMI = "ami-0d64bb532e0502c46"
EXISTING_NETWORK = {
    "vpc_id": "vpc-0a1b2c3d4e5f60718",
    "private_subnet_ids": ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"],
    "public_subnet_ids": ["subnet-0a1b2c3d4e5f60101", "subnet-0a1b2c3d4e5f60102"],
    "db_subnet_group_name": f"{PROJECT}-{ENV}-shared",
}


@dataclass(frozen=True)
class Service:
    index: int
    network: Network | None

    @property
    def name(self) -> str:  # orders, billing, ..., orders2, ...
        word, cycle = WORDS[self.index % len(WORDS)], self.index // len(WORDS)
        return word if cycle == 0 else f"{word}{cycle + 1}"

    @property
    def logical(self) -> str:  # CloudFormation logical id prefix: Orders, Orders2
        return self.name[0].upper() + self.name[1:]

    def has(self, flaw: str) -> bool:
        modulus, remainder = FLAWS[flaw]
        return self.index % modulus == remainder


@dataclass(frozen=True)
class Network:
    index: int  # from 1
    azs: int

    @property
    def name(self) -> str:
        return f"net{self.index:02d}"

    @property
    def logical(self) -> str:
        return f"Net{self.index:02d}"

    @property
    def cidr(self) -> str:
        return f"10.{self.index}.0.0/16"

    @property
    def zones(self) -> list[str]:
        return [f"{REGION}{letter}" for letter in "abc"[: self.azs]]

    @property
    def public_ips(self) -> bool:  # a flaw, on every third network
        return self.index % 3 == 0


# =============================================================================================================
# Terraform: expressions, evaluated for the plan
# =============================================================================================================


class _Unknown:
    def __repr__(self) -> str:
        return "(known after apply)"


UNKNOWN: Any = _Unknown()


@dataclass(frozen=True)
class Expr:
    """A bare HCL expression: a reference (``var.x``, ``local.x.y``, ``each.key``, ``aws_kms_key.this.arn``,
    ``aws_subnet.a[count.index].id``, ``local.m[local.k[each.key]]``), or any expression naming a resource
    (then unknown in the plan)."""

    text: str


class Fn:
    """A function call; its value in the plan comes from FUNCTIONS."""

    def __init__(self, name: str, *args: Any) -> None:
        self.name, self.args = name, args


@dataclass(frozen=True)
class Cond:
    test: Any
    yes: Any
    no: Any


@dataclass(frozen=True)
class Not:
    value: Any


@dataclass(frozen=True)
class Heredoc:
    """A ``<<-EOT`` string template."""

    text: str


class Block:
    """A nested block (``metadata_options { ... }``); a list of them repeats the block."""

    def __init__(self, **body: Any) -> None:
        self.body = body


@dataclass
class Resource:
    type: str
    name: str
    body: dict[str, Any]
    file: str = "main.tf"
    count: Any = None
    for_each: Any = None
    depends_on: tuple[str, ...] = ()
    lifecycle: dict[str, Any] | None = None

    @property
    def address(self) -> str:
        return f"{self.type}.{self.name}"


@dataclass(frozen=True)
class Variable:
    name: str
    type: str
    default: Any = None
    description: str = ""
    required: bool = False


def _contains_unknown(value: Any) -> bool:
    if value is UNKNOWN:
        return True
    if isinstance(value, dict):
        return any(_contains_unknown(v) for v in value.values())
    if isinstance(value, list):
        return any(_contains_unknown(v) for v in value)
    return False


def _cidrsubnet(prefix: str, newbits: int, netnum: int) -> str:
    network = ipaddress.ip_network(prefix)
    length = network.prefixlen + newbits
    address = int(network.network_address) + (netnum << (network.max_prefixlen - length))
    return f"{ipaddress.ip_address(address)}/{length}"


def _known(function: Callable[..., Any]) -> Callable[..., Any]:
    """A function of known arguments: unknown when any argument is."""
    return lambda *args: UNKNOWN if any(a is UNKNOWN for a in args) else function(*args)


FUNCTIONS: dict[str, Callable[..., Any]] = {
    "merge": _known(lambda *maps: {k: v for m in maps for k, v in m.items()}),
    # Terraform's jsonencode sorts object keys and leaves no spaces.
    "jsonencode": lambda v: UNKNOWN if _contains_unknown(v) else json.dumps(v, sort_keys=True, separators=(",", ":")),
    "length": _known(len),
    "toset": _known(lambda items: list(dict.fromkeys(items))),
    "contains": _known(lambda items, value: value in items),
    "cidrsubnet": _known(_cidrsubnet),
}

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_INTERPOLATION = re.compile(r"\$\{([^}]*)\}")
_RESOURCE_REFERENCE = re.compile(r"\baws_[a-z0-9_]+\.[a-z0-9_]+")
_REFERENCE = re.compile(
    r"\b(?:(?:var|local|each|count)\.[a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)?"
    r"|aws_[a-z0-9_]+\.[a-z0-9_]+(?:\.[a-z_][a-z0-9_]*)?)"
)


class Scope:
    """What an expression can see: variables, locals (evaluated on first use), resources evaluated so far, and
    ``each`` / ``count`` inside a resource or module instance."""

    def __init__(self, variables: dict[str, Any], local_exprs: dict[str, Any]) -> None:
        self.variables = variables
        self.local_exprs = local_exprs
        self.local_values: dict[str, Any] = {}
        self.resources: dict[str, Any] = {}  # address -> value, list of values (count) or map of values (for_each)
        self.each: dict[str, Any] | None = None
        self.count: int | None = None

    def instance(self, each: dict[str, Any] | None = None, count: int | None = None) -> Scope:
        scope = copy.copy(self)
        scope.each, scope.count = each, count
        return scope

    def local(self, name: str) -> Any:
        if name not in self.local_values:
            self.local_values[name] = evaluate(self.local_exprs[name], self)
        return self.local_values[name]


def _path(text: str) -> list[str | tuple[str]] | None:
    """``a.b[x].c`` as ``["a", "b", ("x",), "c"]``; None when ``text`` is not such a path."""
    match = _NAME.match(text)
    if not match:
        return None
    steps: list[str | tuple[str]] = [match.group()]
    position = match.end()
    while position < len(text):
        if text[position] == ".":
            match = _NAME.match(text, position + 1)
            if not match:
                return None
            steps.append(match.group())
            position = match.end()
        elif text[position] == "[":
            depth, end = 1, position + 1
            while depth:
                if end == len(text):
                    return None
                depth += {"[": 1, "]": -1}.get(text[end], 0)
                end += 1
            steps.append((text[position + 1 : end - 1].strip(),))
            position = end
        else:
            return None
    return steps


def _navigate(value: Any, steps: list[str | tuple[str]], scope: Scope, text: str) -> Any:
    for number, step in enumerate(steps):
        if value is UNKNOWN:
            return UNKNOWN
        if isinstance(step, tuple):
            if step[0] == "*":
                return [_navigate(item, steps[number + 1 :], scope, text) for item in value]
            key: Any = step[0]
            if key.isdigit():
                key = int(key)
            elif key.startswith('"'):
                key = key[1:-1]
            elif _path(key) is None and _RESOURCE_REFERENCE.match(text):
                return UNKNOWN  # aws_nat_gateway.a[index(local.azs, each.key)].id: a computed attribute anyway
            else:
                key = _reference(key, scope)
                if key is UNKNOWN:
                    return UNKNOWN
        else:
            key = step
        try:
            value = value[key]
        except (KeyError, IndexError, TypeError) as error:
            raise ValueError(f"{text}: no {key!r} in {value!r}") from error
    return value


def _reference(text: str, scope: Scope) -> Any:
    steps = _path(text)
    if steps is None:
        if _RESOURCE_REFERENCE.search(text):
            return UNKNOWN  # a for expression or a function over resources: known after apply
        raise ValueError(f"cannot evaluate {text!r}")
    root, rest = steps[0], steps[1:]
    if root == "var":
        value, rest = scope.variables[str(rest[0])], rest[1:]
    elif root == "local":
        value, rest = scope.local(str(rest[0])), rest[1:]
    elif root == "each":
        value = scope.each
    elif root == "count":
        value = {"index": scope.count}
    elif isinstance(root, str) and root.startswith("aws_"):
        value, rest = scope.resources[f"{root}.{rest[0]}"], rest[1:]
    else:
        raise ValueError(f"cannot evaluate {text!r}")
    return _navigate(value, rest, scope, text)


def _template(text: str, scope: Scope) -> Any:
    parts = []
    position = 0
    for match in _INTERPOLATION.finditer(text):
        value = _reference(match.group(1).strip(), scope)
        if value is UNKNOWN:
            return UNKNOWN
        parts += [text[position : match.start()], json.dumps(value) if isinstance(value, bool) else str(value)]
        position = match.end()
    return "".join(parts) + text[position:]


def evaluate(value: Any, scope: Scope) -> Any:
    """The plan value of ``value``: UNKNOWN where it depends on what only apply can tell."""
    if isinstance(value, Expr):
        return _reference(value.text, scope)
    if isinstance(value, str):
        return _template(value, scope)
    if isinstance(value, Heredoc):
        return _template(value.text, scope)
    if isinstance(value, Fn):
        return FUNCTIONS[value.name](*(evaluate(arg, scope) for arg in value.args))
    if isinstance(value, Cond):
        test = evaluate(value.test, scope)
        return UNKNOWN if test is UNKNOWN else evaluate(value.yes if test else value.no, scope)
    if isinstance(value, Not):
        inner = evaluate(value.value, scope)
        return UNKNOWN if inner is UNKNOWN else not inner
    if isinstance(value, Block):
        return evaluate_body(value.body, scope)
    if isinstance(value, dict):
        return {k: evaluate(v, scope) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [evaluate(v, scope) for v in value]
    return value


def _is_blocks(value: Any) -> bool:
    return isinstance(value, Block) or (isinstance(value, list) and bool(value) and isinstance(value[0], Block))


def evaluate_body(body: dict[str, Any], scope: Scope) -> dict[str, Any]:
    """A resource's or block's arguments; nested blocks become lists of objects, as in a plan."""
    out: dict[str, Any] = {}
    for name, value in body.items():
        if isinstance(value, Block):
            out[name] = [evaluate_body(value.body, scope)]
        elif _is_blocks(value):
            out[name] = [evaluate_body(block.body, scope) for block in value]
        else:
            out[name] = evaluate(value, scope)
    return out


# =============================================================================================================
# Terraform: what the AWS provider (5.x) plans for each resource type
# =============================================================================================================
# Every attribute of the schema: "name" is null when not set, "name*" is computed (unknown until apply when not
# set), "name=json" has a default, "name[]" is a block (empty list when not set); "+tags" adds tags and
# tags_all. Nested blocks that the units set have their own entry, "type.block".
SCHEMAS: dict[str, str] = {
    "aws_kms_key": "arn* bypass_policy_lockout_safety_check=false custom_key_store_id customer_master_key_spec="
    "SYMMETRIC_DEFAULT deletion_window_in_days description* enable_key_rotation=false id* "
    "is_enabled=true key_id* key_usage=ENCRYPT_DECRYPT multi_region* policy* "
    "rotation_period_in_days* timeouts xks_key_id +tags",
    "aws_kms_alias": "arn* id* name name_prefix* target_key_arn* target_key_id",
    "aws_s3_bucket": "acceleration_status* acl* arn* bucket bucket_domain_name* bucket_prefix* "
    "bucket_regional_domain_name* cors_rule* force_destroy=false grant* hosted_zone_id* id* "
    "lifecycle_rule* logging* object_lock_configuration* object_lock_enabled* policy* region* "
    "replication_configuration* request_payer* server_side_encryption_configuration* timeouts "
    "versioning* website* website_domain* website_endpoint* +tags",
    "aws_s3_bucket_versioning": "bucket expected_bucket_owner id* mfa versioning_configuration[]",
    "aws_s3_bucket_versioning.versioning_configuration": "mfa_delete* status",
    "aws_s3_bucket_server_side_encryption_configuration": "bucket expected_bucket_owner id* rule[]",
    "aws_s3_bucket_server_side_encryption_configuration.rule": "apply_server_side_encryption_by_default[] "
    "bucket_key_enabled",
    "aws_s3_bucket_server_side_encryption_configuration.rule.apply_server_side_encryption_by_default": "kms_master_key_id sse_algorithm",
    "aws_s3_bucket_public_access_block": "block_public_acls=false block_public_policy=false bucket id* "
    "ignore_public_acls=false restrict_public_buckets=false",
    "aws_s3_bucket_logging": "bucket expected_bucket_owner id* target_bucket target_grant[] "
    "target_object_key_format[] target_prefix",
    "aws_s3_bucket_lifecycle_configuration": "bucket expected_bucket_owner id* rule[] timeouts "
    "transition_default_minimum_object_size*",
    "aws_s3_bucket_lifecycle_configuration.rule": "abort_incomplete_multipart_upload[] expiration[] filter[] id "
    "noncurrent_version_expiration[] noncurrent_version_transition[] "
    "prefix status transition[]",
    "aws_s3_bucket_lifecycle_configuration.rule.abort_incomplete_multipart_upload": "days_after_initiation",
    "aws_s3_bucket_lifecycle_configuration.rule.filter": "and[] object_size_greater_than object_size_less_than "
    "prefix tag[]",
    "aws_s3_bucket_lifecycle_configuration.rule.noncurrent_version_expiration": "newer_noncurrent_versions "
    "noncurrent_days",
    "aws_s3_bucket_lifecycle_configuration.rule.transition": "date days storage_class",
    "aws_s3_bucket_policy": "bucket id* policy",
    "aws_security_group": 'arn* description="Managed by Terraform" egress* id* ingress* name name_prefix* '
    "owner_id* revoke_rules_on_delete=false timeouts vpc_id +tags",
    "aws_security_group_rule": "cidr_blocks description from_port id* ipv6_cidr_blocks prefix_list_ids protocol "
    "security_group_id security_group_rule_id* self=false source_security_group_id* "
    "timeouts to_port type",
    "aws_iam_role": "arn* assume_role_policy create_date* description force_detach_policies=false id* "
    'inline_policy* managed_policy_arns* max_session_duration=3600 name name_prefix* path="/" '
    "permissions_boundary unique_id* +tags",
    "aws_iam_role_policy": "id* name name_prefix* policy role",
    "aws_iam_instance_profile": 'arn* create_date* id* name name_prefix* path="/" role unique_id* +tags',
    "aws_instance": "ami arn* associate_public_ip_address* availability_zone* capacity_reservation_specification* "
    "cpu_core_count* cpu_options* cpu_threads_per_core* credit_specification[] disable_api_stop* "
    "disable_api_termination* ebs_block_device* ebs_optimized* enable_primary_ipv6 "
    "enclave_options* ephemeral_block_device* get_password_data=false hibernation host_id* "
    "host_resource_group_arn* iam_instance_profile id* instance_initiated_shutdown_behavior* "
    "instance_lifecycle* instance_market_options* instance_state* instance_type "
    "ipv6_address_count* ipv6_addresses* key_name* launch_template[] maintenance_options* "
    "metadata_options* monitoring* network_interface* outpost_arn* password_data* "
    "placement_group* placement_partition_number* primary_network_interface_id* private_dns* "
    "private_dns_name_options* private_ip* public_dns* public_ip* root_block_device* "
    "secondary_private_ips* security_groups* source_dest_check=true spot_instance_request_id* "
    "subnet_id* tenancy* timeouts user_data* user_data_base64* user_data_replace_on_change=false "
    "volume_tags vpc_security_group_ids* +tags",
    "aws_instance.metadata_options": 'http_endpoint* http_protocol_ipv6="disabled" http_put_response_hop_limit* '
    "http_tokens* instance_metadata_tags*",
    "aws_instance.root_block_device": "delete_on_termination=true device_name* encrypted* iops* kms_key_id* tags "
    "tags_all* throughput* volume_id* volume_size* volume_type*",
    "aws_instance.ebs_block_device": "delete_on_termination=true device_name encrypted* iops* kms_key_id* "
    "snapshot_id* tags tags_all* throughput* volume_id* volume_size* "
    "volume_type*",
    "aws_cloudwatch_log_group": "arn* id* kms_key_id log_group_class* name name_prefix* retention_in_days=0 "
    "skip_destroy=false +tags",
    "aws_lambda_function": "architectures* arn* code_sha256* code_signing_config_arn dead_letter_config[] "
    "description environment[] ephemeral_storage* file_system_config[] filename "
    "function_name handler id* image_config[] image_uri invoke_arn* kms_key_arn "
    'last_modified* layers logging_config* memory_size=128 package_type="Zip" '
    "publish=false qualified_arn* qualified_invoke_arn* replace_security_groups_on_destroy "
    "replacement_security_group_ids reserved_concurrent_executions=-1 role runtime "
    "s3_bucket s3_key s3_object_version signing_job_arn* signing_profile_version_arn* "
    "skip_destroy=false snap_start[] source_code_hash* source_code_size* timeout=3 "
    "timeouts tracing_config* vpc_config[] +tags",
    "aws_lambda_function.dead_letter_config": "target_arn",
    "aws_lambda_function.environment": "variables",
    "aws_lambda_function.logging_config": "application_log_level* log_format log_group* system_log_level*",
    "aws_lambda_function.tracing_config": "mode",
    "aws_lambda_function.vpc_config": "ipv6_allowed_for_dual_stack=false security_group_ids subnet_ids vpc_id*",
    "aws_sqs_queue": "arn* content_based_deduplication=false deduplication_scope* delay_seconds=0 "
    "fifo_queue=false fifo_throughput_limit* id* kms_data_key_reuse_period_seconds* "
    "kms_master_key_id max_message_size=262144 message_retention_seconds=345600 name "
    "name_prefix* policy* receive_wait_time_seconds=0 redrive_allow_policy* redrive_policy* "
    "sqs_managed_sse_enabled* url* visibility_timeout_seconds=30 +tags",
    "aws_sns_topic": "application_failure_feedback_role_arn application_success_feedback_role_arn "
    "application_success_feedback_sample_rate archive_policy arn* beginning_archive_time* "
    "content_based_deduplication=false delivery_policy display_name fifo_queue=false "
    "firehose_failure_feedback_role_arn firehose_success_feedback_role_arn "
    "http_failure_feedback_role_arn http_success_feedback_role_arn id* kms_master_key_id "
    "lambda_failure_feedback_role_arn lambda_success_feedback_role_arn name name_prefix* owner* "
    "policy* signature_version* sqs_failure_feedback_role_arn sqs_success_feedback_role_arn "
    "tracing_config* +tags",
    "aws_db_instance": "address* allocated_storage* allow_major_version_upgrade apply_immediately=false arn* "
    "auto_minor_version_upgrade=true availability_zone* backup_retention_period* backup_target* "
    "backup_window* blue_green_update[] ca_cert_identifier* character_set_name* "
    "copy_tags_to_snapshot=false custom_iam_instance_profile customer_owned_ip_enabled db_name* "
    "db_subnet_group_name* dedicated_log_volume=false delete_automated_backups=true "
    "deletion_protection domain domain_auth_secret_arn domain_dns_ips domain_fqdn "
    "domain_iam_role_name domain_ou enabled_cloudwatch_logs_exports endpoint* engine* "
    "engine_lifecycle_support* engine_version* engine_version_actual* "
    "final_snapshot_identifier hosted_zone_id* iam_database_authentication_enabled id* "
    "identifier* identifier_prefix* instance_class iops* kms_key_id* latest_restorable_time* "
    "license_model* listener_endpoint* maintenance_window* manage_master_user_password "
    "master_user_secret* master_user_secret_kms_key_id* max_allocated_storage "
    "monitoring_interval=0 monitoring_role_arn* multi_az* nchar_character_set_name* "
    "network_type* option_group_name* parameter_group_name* password "
    "performance_insights_enabled=false performance_insights_kms_key_id* "
    "performance_insights_retention_period* port* publicly_accessible=false replica_mode* "
    "replicas* replicate_source_db resource_id* restore_to_point_in_time[] s3_import[] "
    "skip_final_snapshot=false snapshot_identifier* status* storage_encrypted* "
    "storage_throughput* storage_type* timeouts timezone* upgrade_storage_config username* "
    "vpc_security_group_ids* +tags",
    "aws_lb": "access_logs[] arn* arn_suffix* client_keep_alive=3600 connection_logs[] customer_owned_ipv4_pool "
    'desync_mitigation_mode="defensive" dns_name* dns_record_client_routing_policy '
    "drop_invalid_header_fields=false enable_cross_zone_load_balancing* enable_deletion_protection=false "
    "enable_http2=true enable_tls_version_and_cipher_suite_headers=false enable_waf_fail_open=false "
    "enable_xff_client_port=false enforce_security_group_inbound_rules_on_private_link_traffic* id* "
    'idle_timeout=60 internal* ip_address_type* load_balancer_type="application" name* name_prefix* '
    "preserve_host_header=false security_groups* subnet_mapping* subnets* timeouts vpc_id* "
    'xff_header_processing_mode="append" zone_id* +tags',
    "aws_lb.access_logs": "bucket enabled=false prefix",
    "aws_lb_target_group": 'arn* arn_suffix* connection_termination* deregistration_delay="300" health_check* '
    "id* ip_address_type* lambda_multi_value_headers_enabled=false load_balancer_arns* "
    "load_balancing_algorithm_type* load_balancing_anomaly_mitigation* "
    "load_balancing_cross_zone_enabled* name* name_prefix* port preserve_client_ip* "
    "protocol protocol_version* proxy_protocol_v2=false slow_start=0 stickiness* "
    'target_failover* target_group_health* target_health_state* target_type="instance" '
    "vpc_id +tags",
    "aws_lb_target_group.health_check": "enabled=true healthy_threshold=3 interval=30 matcher* path* port="
    '"traffic-port" protocol="HTTP" timeout* unhealthy_threshold=3',
    "aws_lb_listener": "alpn_policy arn* certificate_arn default_action[] id* load_balancer_arn "
    "mutual_authentication* port protocol* ssl_policy* timeouts +tags",
    "aws_lb_listener.default_action": "authenticate_cognito[] authenticate_oidc[] fixed_response[] forward[] "
    "order* redirect[] target_group_arn type",
    "aws_cloudwatch_metric_alarm": "actions_enabled=true alarm_actions alarm_description alarm_name arn* "
    "comparison_operator datapoints_to_alarm dimensions "
    "evaluate_low_sample_count_percentiles* evaluation_periods extended_statistic "
    "id* insufficient_data_actions metric_name metric_query[] namespace ok_actions "
    "period statistic threshold threshold_metric_id "
    'treat_missing_data="missing" unit +tags',
    "aws_vpc": "arn* assign_generated_ipv6_cidr_block cidr_block default_network_acl_id* default_route_table_id* "
    "default_security_group_id* dhcp_options_id* enable_dns_hostnames* enable_dns_support=true "
    'enable_network_address_usage_metrics* id* instance_tenancy="default" ipv4_ipam_pool_id '
    "ipv4_netmask_length ipv6_association_id* ipv6_cidr_block* ipv6_cidr_block_network_border_group* "
    "ipv6_ipam_pool_id ipv6_netmask_length main_route_table_id* owner_id* +tags",
    "aws_default_security_group": "arn* description* egress=[] id* ingress=[] name* name_prefix* owner_id* "
    "revoke_rules_on_delete=false vpc_id +tags",
    "aws_flow_log": "arn* deliver_cross_account_role destination_options[] eni_id iam_role_arn id* "
    "log_destination log_destination_type log_format* log_group_name* "
    "max_aggregation_interval=600 subnet_id traffic_type transit_gateway_attachment_id "
    "transit_gateway_id vpc_id +tags",
    "aws_internet_gateway": "arn* id* owner_id* timeouts vpc_id +tags",
    "aws_subnet": "arn* assign_ipv6_address_on_creation=false availability_zone availability_zone_id* cidr_block "
    "customer_owned_ipv4_pool enable_dns64=false enable_lni_at_device_index "
    "enable_resource_name_dns_a_record_on_launch=false "
    "enable_resource_name_dns_aaaa_record_on_launch=false id* ipv6_cidr_block "
    "ipv6_cidr_block_association_id* ipv6_native=false map_customer_owned_ip_on_launch "
    "map_public_ip_on_launch=false outpost_arn owner_id* private_dns_hostname_type_on_launch* "
    "timeouts vpc_id +tags",
    "aws_db_subnet_group": 'arn* description="Managed by Terraform" id* name name_prefix* subnet_ids '
    "supported_network_types* vpc_id* +tags",
    "aws_route_table": "arn* id* owner_id* propagating_vgws* route* timeouts vpc_id +tags",
    "aws_route": "carrier_gateway_id core_network_arn destination_cidr_block destination_ipv6_cidr_block "
    "destination_prefix_list_id egress_only_gateway_id gateway_id id* instance_id* "
    "instance_owner_id* local_gateway_id nat_gateway_id network_interface_id* origin* route_table_id "
    "state* timeouts transit_gateway_id vpc_endpoint_id vpc_peering_connection_id",
    "aws_route_table_association": "gateway_id id* route_table_id subnet_id timeouts",
    "aws_eip": "address allocation_id* arn* associate_with_private_ip association_id* carrier_ip* "
    "customer_owned_ip* customer_owned_ipv4_pool domain* id* instance* ipam_pool_id "
    "network_border_group* network_interface* private_dns* private_ip* ptr_record* public_dns* "
    "public_ip* public_ipv4_pool* timeouts vpc* +tags",
    "aws_nat_gateway": 'allocation_id association_id* connectivity_type="public" id* network_interface_id* '
    "private_ip* public_ip* secondary_allocation_ids* secondary_private_ip_address_count* "
    "secondary_private_ip_addresses* subnet_id timeouts +tags",
}
SCHEMA_VERSIONS = {
    "aws_instance": 1,
    "aws_security_group": 1,
    "aws_security_group_rule": 2,
    "aws_db_instance": 2,
    "aws_vpc": 1,
    "aws_route_table": 0,
    "aws_sqs_queue": 0,
    "aws_eip": 0,
}
SENSITIVE = {"aws_db_instance": frozenset({"password"})}
HASHED = {("aws_instance", "user_data")}  # the provider keeps a SHA-1 of the user data
PROVIDER = "registry.terraform.io/hashicorp/aws"

_COMPUTED, _NULL, _DEFAULT, _BLOCK = "computed", "null", "default", "block"
_schema_cache: dict[str, list[tuple[str, str, Any]]] = {}


_SCHEMA_TOKEN = re.compile(r'[^\s=]+="[^"]*"|\S+')


def _json_or_text(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return text  # SYMMETRIC_DEFAULT


def _schema(key: str) -> list[tuple[str, str, Any]]:
    if key not in _schema_cache:
        entries: list[tuple[str, str, Any]] = []
        for token in _SCHEMA_TOKEN.findall(SCHEMAS[key]):
            if token == "+tags":
                entries += [("tags", _NULL, None), ("tags_all", _COMPUTED, None)]
            elif token.endswith("*"):
                entries.append((token[:-1], _COMPUTED, None))
            elif token.endswith("[]"):
                entries.append((token[:-2], _BLOCK, None))
            elif "=" in token:
                name, default = token.split("=", 1)
                entries.append((name, _DEFAULT, _json_or_text(default)))
            else:
                entries.append((token, _NULL, None))
        _schema_cache[key] = entries
    return _schema_cache[key]


def planned(key: str, config: dict[str, Any]) -> dict[str, Any]:
    """Every attribute the provider plans for a resource (or nested block) of schema ``key``."""
    type_ = key.split(".", 1)[0]
    out: dict[str, Any] = {}
    names = set()
    for name, kind, default in _schema(key):
        names.add(name)
        if name in config:
            value = config[name]
            if f"{key}.{name}" in SCHEMAS and isinstance(value, list):
                value = [planned(f"{key}.{name}", item) for item in value]
            out[name] = value
        elif kind == _COMPUTED:
            out[name] = UNKNOWN
        elif kind == _DEFAULT:
            out[name] = copy.deepcopy(default)
        elif kind == _BLOCK:
            out[name] = []
        else:
            out[name] = None
    unexpected = set(config) - names
    if unexpected:
        raise ValueError(f"{key}: {sorted(unexpected)} not in its schema")
    if "tags_all" in names and key == type_:
        tags = out.get("tags")
        out["tags_all"] = UNKNOWN if _contains_unknown(tags) else {**DEFAULT_TAGS, **(tags or {})}
    for attribute in (a for t, a in HASHED if t == key and isinstance(out.get(a), str)):
        out[attribute] = hashlib.sha1(out[attribute].encode()).hexdigest()
    return out


def split_unknown(value: Any) -> tuple[Any, Any]:
    """(after, after_unknown) as Terraform writes them: unknown values left out of ``after`` and ``true`` in
    ``after_unknown``, collections mirrored, known scalars false (in lists) or left out (in objects)."""
    if value is UNKNOWN:
        return None, True
    if isinstance(value, dict):
        after: dict[str, Any] = {}
        unknown: dict[str, Any] = {}
        for key in sorted(value):
            known, mark = split_unknown(value[key])
            if mark is not True:
                after[key] = known
            if mark is not False:
                unknown[key] = mark
        return after, unknown
    if isinstance(value, list):
        if _contains_unknown([v for v in value if not isinstance(v, dict)]):
            return None, True  # a list or set with an unknown element: unknown as a whole
        pairs = [split_unknown(v) for v in value]
        return [a for a, _ in pairs], [m for _, m in pairs]
    return value, False


def sensitive_marks(value: Any, sensitive: frozenset[str] = frozenset()) -> Any:
    """``after_sensitive``: the shape of ``after`` with ``true`` on sensitive attributes."""
    if isinstance(value, dict):
        marks: dict[str, Any] = {}
        for key, item in value.items():
            mark = True if key in sensitive else sensitive_marks(item)
            if mark is not False:
                marks[key] = mark
        for key in sensitive - set(value):
            marks[key] = True
        return marks
    if isinstance(value, list):
        return [sensitive_marks(v) for v in value]
    return False


# =============================================================================================================
# Terraform: the service module and the networks, as data
# =============================================================================================================


def tags(name: Any, extra: dict[str, Any] | None = None) -> Fn:
    return Fn("merge", Expr("local.tags"), {"Name": name, **(extra or {})})


def jsonencode(document: dict[str, Any]) -> Fn:
    return Fn("jsonencode", document)


MODULE_VARIABLES = [
    Variable("name", "string", description="Service name, the prefix of every resource name.", required=True),
    Variable("env", "string", description="Environment (dev, staging, prod).", required=True),
    Variable("region", "string", description="AWS region of the service.", required=True),
    Variable("account_id", "string", description="AWS account the service runs in.", required=True),
    Variable("tags", "map(string)", {}, "Tags for every resource."),
    Variable(
        "network",
        "object({ vpc_id = string, private_subnet_ids = list(string), public_subnet_ids = "
        "list(string), db_subnet_group_name = string })",
        description="Where the service runs.",
        required=True,
    ),
    Variable("ingress_cidr", "string", description="Who may reach the service.", required=True),
    Variable("ingress_port", "number", 443, "Port the service listens on."),
    Variable("log_bucket", "string", description="Bucket for S3 and ALB access logs.", required=True),
    Variable("artifact_bucket", "string", description="Bucket holding the Lambda packages.", required=True),
    Variable("certificate_arn", "string", description="ACM certificate of the HTTPS listener.", required=True),
    Variable("ami_id", "string", description="AMI of the application instance.", required=True),
    Variable("instance_type", "string", "t3.medium", "Instance type of the application instance."),
    Variable("db_instance_class", "string", "db.t3.medium", "Instance class of the database."),
    Variable("db_engine_version", "string", "15.7", "PostgreSQL version."),
    Variable("log_retention_days", "number", 365, "Retention of the service's log group."),
    Variable("encrypt_storage", "bool", True, "Encrypt EBS volumes and the database with the service key."),
    Variable("enable_key_rotation", "bool", True, "Rotate the service key yearly."),
    Variable("block_public_access", "bool", True, "Block every form of public access to the data bucket."),
    Variable("data_actions", "list(string)", READ_WRITE_ACTIONS, "What the service role may do on its bucket."),
]
MODULE_LOCALS: dict[str, Any] = {
    "bucket_name": "${var.name}-data-${var.account_id}",
    "tags": Fn("merge", Expr("var.tags"), {"TerraformModule": "service"}),
}
USER_DATA = """#!/bin/bash
set -euo pipefail
dnf install -y amazon-cloudwatch-agent
cat > /etc/app.env <<CONF
SERVICE_NAME=${var.name}
DATA_BUCKET=${local.bucket_name}
AWS_REGION=${var.region}
CONF
systemctl enable --now app.service
"""


def service_unit() -> tuple[list[Resource], dict[str, tuple[str, Any]]]:
    """The resources of ``modules/service`` in dependency order (each refers only to earlier ones), and its
    outputs (name -> (the resource it needs, value))."""
    kms_key = Expr("aws_kms_key.this.arn")
    storage_key = Cond(Expr("var.encrypt_storage"), kms_key, None)
    bucket_id = Expr("aws_s3_bucket.this.id")
    sg_ids = [Expr("aws_security_group.this.id")]
    account_arn = "arn:aws:iam::${var.account_id}"
    units = [
        Resource(
            "aws_kms_key",
            "this",
            {
                "description": "Encrypts the data, logs, queues and database of ${var.name}",
                "deletion_window_in_days": 30,
                "enable_key_rotation": Expr("var.enable_key_rotation"),
                "policy": jsonencode(
                    {
                        "Version": "2012-10-17",
                        "Statement": [
                            {
                                "Sid": "AccountAdministration",
                                "Effect": "Allow",
                                "Principal": {"AWS": f"{account_arn}:root"},
                                "Action": "kms:*",
                                "Resource": "*",
                            },
                            {
                                "Sid": "ServiceRole",
                                "Effect": "Allow",
                                "Principal": {"AWS": f"{account_arn}:role/${{var.name}}"},
                                "Action": ["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey*"],
                                "Resource": "*",
                            },
                            {
                                "Sid": "CloudWatchLogs",
                                "Effect": "Allow",
                                "Principal": {"Service": "logs.${var.region}.amazonaws.com"},
                                "Action": [
                                    "kms:Decrypt*",
                                    "kms:Describe*",
                                    "kms:Encrypt*",
                                    "kms:GenerateDataKey*",
                                    "kms:ReEncrypt*",
                                ],
                                "Resource": "*",
                                "Condition": {
                                    "ArnLike": {
                                        "kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:${var.region}:${var.account_id}:log-group:/app/${var.name}*"
                                    }
                                },
                            },
                        ],
                    }
                ),
                "tags": tags(Expr("var.name")),
            },
            "kms.tf",
        ),
        Resource(
            "aws_kms_alias",
            "this",
            {"name": "alias/${var.name}", "target_key_id": Expr("aws_kms_key.this.key_id")},
            "kms.tf",
        ),
        Resource(
            "aws_s3_bucket",
            "this",
            {
                "bucket": Expr("local.bucket_name"),
                "force_destroy": False,
                "tags": tags(Expr("local.bucket_name"), {"DataClassification": "internal"}),
            },
            "s3.tf",
        ),
        Resource(
            "aws_s3_bucket_versioning",
            "this",
            {"bucket": bucket_id, "versioning_configuration": Block(status="Enabled")},
            "s3.tf",
        ),
        Resource(
            "aws_s3_bucket_server_side_encryption_configuration",
            "this",
            {
                "bucket": bucket_id,
                "rule": Block(
                    apply_server_side_encryption_by_default=Block(sse_algorithm="aws:kms", kms_master_key_id=kms_key),
                    bucket_key_enabled=True,
                ),
            },
            "s3.tf",
        ),
        Resource(
            "aws_s3_bucket_public_access_block",
            "this",
            {
                "bucket": bucket_id,
                **{
                    flag: Expr("var.block_public_access")
                    for flag in (
                        "block_public_acls",
                        "block_public_policy",
                        "ignore_public_acls",
                        "restrict_public_buckets",
                    )
                },
            },
            "s3.tf",
        ),
        Resource(
            "aws_s3_bucket_logging",
            "this",
            {"bucket": bucket_id, "target_bucket": Expr("var.log_bucket"), "target_prefix": "s3/${local.bucket_name}/"},
            "s3.tf",
        ),
        Resource(
            "aws_s3_bucket_lifecycle_configuration",
            "this",
            {
                "bucket": bucket_id,
                "rule": [
                    Block(
                        id="archive",
                        status="Enabled",
                        filter=Block(prefix=""),
                        transition=[
                            Block(days=90, storage_class="STANDARD_IA"),
                            Block(days=365, storage_class="GLACIER"),
                        ],
                        noncurrent_version_expiration=Block(noncurrent_days=90),
                    ),
                    Block(
                        id="abort-incomplete-uploads",
                        status="Enabled",
                        filter=Block(prefix=""),
                        abort_incomplete_multipart_upload=Block(days_after_initiation=7),
                    ),
                ],
            },
            "s3.tf",
        ),
        Resource(
            "aws_s3_bucket_policy",
            "this",
            {
                "bucket": bucket_id,
                "policy": jsonencode(
                    {
                        "Version": "2012-10-17",
                        "Statement": [
                            {
                                "Sid": "DenyInsecureTransport",
                                "Effect": "Deny",
                                "Principal": "*",
                                "Action": "s3:*",
                                "Resource": [Expr("aws_s3_bucket.this.arn"), "${aws_s3_bucket.this.arn}/*"],
                                "Condition": {"Bool": {"aws:SecureTransport": "false"}},
                            },
                            {
                                "Sid": "DenyOutdatedTls",
                                "Effect": "Deny",
                                "Principal": "*",
                                "Action": "s3:*",
                                "Resource": [Expr("aws_s3_bucket.this.arn"), "${aws_s3_bucket.this.arn}/*"],
                                "Condition": {"NumericLessThan": {"s3:TlsVersion": "1.2"}},
                            },
                        ],
                    }
                ),
            },
            "s3.tf",
        ),
        Resource(
            "aws_security_group",
            "this",
            {
                "name": "${var.name}-app",
                "description": "Application instances and load balancer of ${var.name}",
                "vpc_id": Expr("var.network.vpc_id"),
                "tags": tags("${var.name}-app"),
            },
            "security.tf",
            lifecycle={"create_before_destroy": True},
        ),
        Resource(
            "aws_security_group_rule",
            "ingress",
            {
                "type": "ingress",
                "description": "Clients of ${var.name}",
                "from_port": Expr("var.ingress_port"),
                "to_port": Expr("var.ingress_port"),
                "protocol": "tcp",
                "cidr_blocks": [Expr("var.ingress_cidr")],
                "security_group_id": Expr("aws_security_group.this.id"),
            },
            "security.tf",
        ),
        Resource(
            "aws_security_group_rule",
            "egress_https",
            {
                "type": "egress",
                "description": "AWS APIs and dependencies over HTTPS",
                "from_port": 443,
                "to_port": 443,
                "protocol": "tcp",
                "cidr_blocks": ["0.0.0.0/0"],
                "security_group_id": Expr("aws_security_group.this.id"),
            },
            "security.tf",
        ),
        Resource(
            "aws_iam_role",
            "this",
            {
                "name": Expr("var.name"),
                "description": "Runs the instance and worker of ${var.name}",
                "max_session_duration": 3600,
                "assume_role_policy": jsonencode(
                    {
                        "Version": "2012-10-17",
                        "Statement": [
                            {
                                "Effect": "Allow",
                                "Principal": {"Service": ["ec2.amazonaws.com", "lambda.amazonaws.com"]},
                                "Action": "sts:AssumeRole",
                            }
                        ],
                    }
                ),
                "tags": tags(Expr("var.name")),
            },
            "iam.tf",
        ),
        Resource(
            "aws_iam_role_policy",
            "this",
            {
                "name": "${var.name}-access",
                "role": Expr("aws_iam_role.this.id"),
                "policy": jsonencode(
                    {
                        "Version": "2012-10-17",
                        "Statement": [
                            {
                                "Sid": "DataBucket",
                                "Effect": "Allow",
                                "Action": Expr("var.data_actions"),
                                "Resource": [
                                    "arn:aws:s3:::${local.bucket_name}",
                                    "arn:aws:s3:::${local.bucket_name}/*",
                                ],
                            },
                            {
                                "Sid": "JobQueue",
                                "Effect": "Allow",
                                "Action": [
                                    "sqs:ChangeMessageVisibility",
                                    "sqs:DeleteMessage",
                                    "sqs:GetQueueAttributes",
                                    "sqs:ReceiveMessage",
                                    "sqs:SendMessage",
                                ],
                                "Resource": "arn:aws:sqs:${var.region}:${var.account_id}:${var.name}-jobs",
                            },
                            {
                                "Sid": "Logs",
                                "Effect": "Allow",
                                "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
                                "Resource": "arn:aws:logs:${var.region}:${var.account_id}:log-group:/app/${var.name}:*",
                            },
                            {
                                "Sid": "ServiceKey",
                                "Effect": "Allow",
                                "Action": ["kms:Decrypt", "kms:GenerateDataKey"],
                                "Resource": "arn:aws:kms:${var.region}:${var.account_id}:key/*",
                                "Condition": {"ForAnyValue:StringEquals": {"kms:ResourceAliases": "alias/${var.name}"}},
                            },
                            {
                                "Sid": "Tracing",
                                "Effect": "Allow",
                                "Action": ["xray:PutTelemetryRecords", "xray:PutTraceSegments"],
                                "Resource": "*",
                            },
                            {
                                "Sid": "VpcNetworkInterfaces",
                                "Effect": "Allow",
                                "Action": [
                                    "ec2:CreateNetworkInterface",
                                    "ec2:DeleteNetworkInterface",
                                    "ec2:DescribeNetworkInterfaces",
                                ],
                                "Resource": "*",
                            },
                        ],
                    }
                ),
            },
            "iam.tf",
        ),
        Resource(
            "aws_iam_instance_profile",
            "this",
            {"name": Expr("var.name"), "role": Expr("aws_iam_role.this.name"), "tags": Expr("local.tags")},
            "iam.tf",
        ),
        Resource(
            "aws_instance",
            "this",
            {
                "ami": Expr("var.ami_id"),
                "instance_type": Expr("var.instance_type"),
                "subnet_id": Expr("var.network.private_subnet_ids[0]"),
                "vpc_security_group_ids": sg_ids,
                "iam_instance_profile": Expr("aws_iam_instance_profile.this.name"),
                "monitoring": True,
                "ebs_optimized": True,
                "disable_api_termination": True,
                "user_data": Heredoc(USER_DATA),
                "metadata_options": Block(
                    http_endpoint="enabled",
                    http_tokens="required",
                    http_put_response_hop_limit=1,
                    instance_metadata_tags="enabled",
                ),
                "root_block_device": Block(
                    volume_type="gp3",
                    volume_size=30,
                    encrypted=Expr("var.encrypt_storage"),
                    kms_key_id=storage_key,
                    delete_on_termination=True,
                ),
                "ebs_block_device": Block(
                    device_name="/dev/sdf",
                    volume_type="gp3",
                    volume_size=100,
                    throughput=250,
                    encrypted=Expr("var.encrypt_storage"),
                    kms_key_id=storage_key,
                    delete_on_termination=True,
                ),
                "tags": tags("${var.name}-app", {"Backup": "daily"}),
            },
            "compute.tf",
        ),
        Resource(
            "aws_cloudwatch_log_group",
            "this",
            {
                "name": "/app/${var.name}",
                "retention_in_days": Expr("var.log_retention_days"),
                "kms_key_id": kms_key,
                "tags": Expr("local.tags"),
            },
            "compute.tf",
        ),
        Resource(
            "aws_sqs_queue",
            "dlq",
            {
                "name": "${var.name}-jobs-dlq",
                "message_retention_seconds": 1209600,
                "kms_master_key_id": Expr("aws_kms_key.this.id"),
                "kms_data_key_reuse_period_seconds": 300,
                "tags": Expr("local.tags"),
            },
            "messaging.tf",
        ),
        Resource(
            "aws_sqs_queue",
            "this",
            {
                "name": "${var.name}-jobs",
                "visibility_timeout_seconds": 360,
                "receive_wait_time_seconds": 20,
                "kms_master_key_id": Expr("aws_kms_key.this.id"),
                "kms_data_key_reuse_period_seconds": 300,
                "redrive_policy": jsonencode(
                    {"deadLetterTargetArn": Expr("aws_sqs_queue.dlq.arn"), "maxReceiveCount": 5}
                ),
                "tags": Expr("local.tags"),
            },
            "messaging.tf",
        ),
        Resource(
            "aws_sns_topic",
            "this",
            {
                "name": "${var.name}-alerts",
                "display_name": "${var.name} alerts",
                "kms_master_key_id": Expr("aws_kms_alias.this.name"),
                "tags": Expr("local.tags"),
            },
            "messaging.tf",
        ),
        Resource(
            "aws_lambda_function",
            "worker",
            {
                "function_name": "${var.name}-worker",
                "description": "Processes the job queue of ${var.name}",
                "role": Expr("aws_iam_role.this.arn"),
                "runtime": "python3.12",
                "handler": "worker.handler",
                "s3_bucket": Expr("var.artifact_bucket"),
                "s3_key": "${var.name}/worker.zip",
                "memory_size": 512,
                "timeout": 300,
                "reserved_concurrent_executions": 10,
                "kms_key_arn": kms_key,
                "environment": Block(
                    variables={
                        "QUEUE_URL": Expr("aws_sqs_queue.this.url"),
                        "DATA_BUCKET": Expr("local.bucket_name"),
                        "LOG_LEVEL": "INFO",
                        "ENVIRONMENT": Expr("var.env"),
                    }
                ),
                "tracing_config": Block(mode="Active"),
                "vpc_config": Block(subnet_ids=Expr("var.network.private_subnet_ids"), security_group_ids=sg_ids),
                "dead_letter_config": Block(target_arn=Expr("aws_sqs_queue.dlq.arn")),
                "logging_config": Block(log_format="JSON", log_group=Expr("aws_cloudwatch_log_group.this.name")),
                "tags": Expr("local.tags"),
            },
            "compute.tf",
            depends_on=("aws_cloudwatch_log_group.this",),
        ),
        Resource(
            "aws_db_instance",
            "this",
            {
                "identifier": "${var.name}-db",
                "engine": "postgres",
                "engine_version": Expr("var.db_engine_version"),
                "instance_class": Expr("var.db_instance_class"),
                "allocated_storage": 50,
                "max_allocated_storage": 200,
                "storage_type": "gp3",
                "storage_encrypted": Expr("var.encrypt_storage"),
                "kms_key_id": storage_key,
                "db_name": "app",
                "username": "app_admin",
                "manage_master_user_password": True,
                "master_user_secret_kms_key_id": Expr("aws_kms_key.this.key_id"),
                "db_subnet_group_name": Expr("var.network.db_subnet_group_name"),
                "vpc_security_group_ids": sg_ids,
                "multi_az": True,
                "publicly_accessible": False,
                "backup_retention_period": 14,
                "backup_window": "02:00-03:00",
                "maintenance_window": "sun:04:00-sun:05:00",
                "copy_tags_to_snapshot": True,
                "deletion_protection": True,
                "skip_final_snapshot": False,
                "final_snapshot_identifier": "${var.name}-db-final",
                "iam_database_authentication_enabled": True,
                "auto_minor_version_upgrade": True,
                "performance_insights_enabled": True,
                "performance_insights_kms_key_id": kms_key,
                "enabled_cloudwatch_logs_exports": ["postgresql", "upgrade"],
                "tags": tags("${var.name}-db", {"Backup": "daily"}),
            },
            "database.tf",
        ),
        Resource(
            "aws_lb",
            "this",
            {
                "name": "${var.name}-alb",
                "internal": False,
                "load_balancer_type": "application",
                "security_groups": sg_ids,
                "subnets": Expr("var.network.public_subnet_ids"),
                "drop_invalid_header_fields": True,
                "enable_deletion_protection": True,
                "idle_timeout": 60,
                "access_logs": Block(bucket=Expr("var.log_bucket"), prefix="alb/${var.name}", enabled=True),
                "tags": tags("${var.name}-alb"),
            },
            "alb.tf",
        ),
        Resource(
            "aws_lb_target_group",
            "this",
            {
                "name": "${var.name}-app",
                "port": 8443,
                "protocol": "HTTPS",
                "vpc_id": Expr("var.network.vpc_id"),
                "target_type": "instance",
                "deregistration_delay": 30,
                "health_check": Block(
                    enabled=True,
                    path="/healthz",
                    protocol="HTTPS",
                    matcher="200",
                    interval=30,
                    timeout=5,
                    healthy_threshold=3,
                    unhealthy_threshold=3,
                ),
                "tags": Expr("local.tags"),
            },
            "alb.tf",
        ),
        Resource(
            "aws_lb_listener",
            "https",
            {
                "load_balancer_arn": Expr("aws_lb.this.arn"),
                "port": 443,
                "protocol": "HTTPS",
                "ssl_policy": "ELBSecurityPolicy-TLS13-1-2-2021-06",
                "certificate_arn": Expr("var.certificate_arn"),
                "default_action": Block(type="forward", target_group_arn=Expr("aws_lb_target_group.this.arn")),
                "tags": Expr("local.tags"),
            },
            "alb.tf",
        ),
        Resource(
            "aws_cloudwatch_metric_alarm",
            "errors",
            {
                "alarm_name": "${var.name}-target-5xx",
                "alarm_description": "5xx responses of ${var.name}",
                "namespace": "AWS/ApplicationELB",
                "metric_name": "HTTPCode_Target_5XX_Count",
                "statistic": "Sum",
                "period": 300,
                "evaluation_periods": 2,
                "threshold": 10,
                "comparison_operator": "GreaterThanThreshold",
                "treat_missing_data": "notBreaching",
                "dimensions": {"LoadBalancer": Expr("aws_lb.this.arn_suffix")},
                "alarm_actions": [Expr("aws_sns_topic.this.arn")],
                "ok_actions": [Expr("aws_sns_topic.this.arn")],
                "tags": Expr("local.tags"),
            },
            "monitoring.tf",
        ),
    ]
    outputs = {
        "bucket_name": ("aws_s3_bucket.this", Expr("aws_s3_bucket.this.id")),
        "kms_key_arn": ("aws_kms_key.this", Expr("aws_kms_key.this.arn")),
        "role_arn": ("aws_iam_role.this", Expr("aws_iam_role.this.arn")),
        "queue_url": ("aws_sqs_queue.this", Expr("aws_sqs_queue.this.url")),
        "load_balancer_dns_name": ("aws_lb.this", Expr("aws_lb.this.dns_name")),
    }
    return units, outputs


def network_unit(net: Network) -> list[Resource]:
    """The root-level resources of one VPC: ``count`` over its zones for the public side, ``for_each`` over
    zone -> CIDR maps for the private and database sides."""
    n, local = net.name, f"local.{net.name}"
    file = f"network_{net.index:02d}.tf"
    per_az = Fn("length", Expr(f"{local}.azs"))
    vpc_id = Expr(f"aws_vpc.{n}.id")

    def name(suffix: str) -> str:
        return "${local.prefix}-" + n + suffix

    return [
        Resource(
            "aws_vpc",
            n,
            {
                "cidr_block": Expr(f"{local}.cidr"),
                "enable_dns_support": True,
                "enable_dns_hostnames": True,
                "tags": tags(name("")),
            },
            file,
        ),
        Resource("aws_default_security_group", n, {"vpc_id": vpc_id, "tags": tags(name("-default-deny"))}, file),
        Resource(
            "aws_flow_log",
            n,
            {
                "vpc_id": vpc_id,
                "traffic_type": "ALL",
                "log_destination_type": "s3",
                "log_destination": "arn:aws:s3:::${var.log_bucket}/vpc-flow-logs/",
                "max_aggregation_interval": 60,
                "tags": tags(name("-flow-log")),
            },
            file,
        ),
        Resource("aws_internet_gateway", n, {"vpc_id": vpc_id, "tags": tags(name(""))}, file),
        Resource(
            "aws_subnet",
            f"{n}_public",
            {
                "vpc_id": vpc_id,
                "cidr_block": Fn("cidrsubnet", Expr(f"{local}.cidr"), 8, Expr("count.index")),
                "availability_zone": Expr(f"{local}.azs[count.index]"),
                "map_public_ip_on_launch": net.public_ips,
                "tags": tags(name("-public-${count.index}"), {"Tier": "public"}),
            },
            file,
            count=per_az,
        ),
        Resource(
            "aws_subnet",
            f"{n}_private",
            {
                "vpc_id": vpc_id,
                "cidr_block": Expr("each.value"),
                "availability_zone": Expr("each.key"),
                "tags": tags(name("-private-${each.key}"), {"Tier": "private"}),
            },
            file,
            for_each=Expr(f"{local}.private_subnets"),
        ),
        Resource(
            "aws_subnet",
            f"{n}_database",
            {
                "vpc_id": vpc_id,
                "cidr_block": Expr("each.value"),
                "availability_zone": Expr("each.key"),
                "tags": tags(name("-database-${each.key}"), {"Tier": "database"}),
            },
            file,
            for_each=Expr(f"{local}.database_subnets"),
        ),
        Resource(
            "aws_db_subnet_group",
            n,
            {
                "name": name(""),
                "description": "Database subnets of " + n,
                "subnet_ids": Expr(f"[for subnet in aws_subnet.{n}_database : subnet.id]"),
                "tags": tags(name("")),
            },
            file,
        ),
        Resource("aws_route_table", f"{n}_public", {"vpc_id": vpc_id, "tags": tags(name("-public"))}, file),
        Resource(
            "aws_route",
            f"{n}_public_internet",
            {
                "route_table_id": Expr(f"aws_route_table.{n}_public.id"),
                "destination_cidr_block": "0.0.0.0/0",
                "gateway_id": Expr(f"aws_internet_gateway.{n}.id"),
            },
            file,
        ),
        Resource(
            "aws_route_table_association",
            f"{n}_public",
            {
                "subnet_id": Expr(f"aws_subnet.{n}_public[count.index].id"),
                "route_table_id": Expr(f"aws_route_table.{n}_public.id"),
            },
            file,
            count=per_az,
        ),
        Resource(
            "aws_eip",
            f"{n}_nat",
            {"domain": "vpc", "tags": tags(name("-nat-${count.index}"))},
            file,
            count=per_az,
            depends_on=(f"aws_internet_gateway.{n}",),
        ),
        Resource(
            "aws_nat_gateway",
            n,
            {
                "allocation_id": Expr(f"aws_eip.{n}_nat[count.index].id"),
                "subnet_id": Expr(f"aws_subnet.{n}_public[count.index].id"),
                "tags": tags(name("-${count.index}")),
            },
            file,
            count=per_az,
        ),
        Resource(
            "aws_route_table",
            f"{n}_private",
            {"vpc_id": vpc_id, "tags": tags(name("-private-${each.key}"))},
            file,
            for_each=Expr(f"{local}.private_subnets"),
        ),
        Resource(
            "aws_route",
            f"{n}_private_nat",
            {
                "route_table_id": Expr(f"aws_route_table.{n}_private[each.key].id"),
                "destination_cidr_block": "0.0.0.0/0",
                "nat_gateway_id": Expr(f"aws_nat_gateway.{n}[index({local}.azs, each.key)].id"),
            },
            file,
            for_each=Expr(f"{local}.private_subnets"),
        ),
        Resource(
            "aws_route_table_association",
            f"{n}_private",
            {
                "subnet_id": Expr(f"aws_subnet.{n}_private[each.key].id"),
                "route_table_id": Expr(f"aws_route_table.{n}_private[each.key].id"),
            },
            file,
            for_each=Expr(f"{local}.private_subnets"),
        ),
        Resource(
            "aws_route_table_association",
            f"{n}_database",
            {
                "subnet_id": Expr(f"aws_subnet.{n}_database[each.key].id"),
                "route_table_id": Expr(f"aws_route_table.{n}_private[each.key].id"),
            },
            file,
            for_each=Expr(f"{local}.database_subnets"),
        ),
    ]


def network_locals(net: Network) -> dict[str, Any]:
    return {
        "cidr": net.cidr,
        "azs": net.zones,
        "private_subnets": {az: _cidrsubnet(net.cidr, 8, 10 + i) for i, az in enumerate(net.zones)},
        "database_subnets": {az: _cidrsubnet(net.cidr, 8, 20 + i) for i, az in enumerate(net.zones)},
    }


def tf_network_size(azs: int) -> int:
    return sum(azs if r.count is not None or r.for_each is not None else 1 for r in network_unit(Network(1, azs)))


ROOT_VARIABLES = [
    Variable("region", "string", REGION, "AWS region."),
    Variable("project", "string", PROJECT, "Prefix of every resource name."),
    Variable("env", "string", ENV, "Environment."),
    Variable("account_id", "string", ACCOUNT, "AWS account of the environment."),
    Variable("office_cidr", "string", "203.0.113.0/24", "Office network, allowed to reach the services."),
    Variable("log_bucket", "string", LOG_BUCKET, "Central bucket for access and flow logs."),
    Variable("artifact_bucket", "string", ARTIFACT_BUCKET, "Bucket of build artifacts."),
    Variable("certificate_arn", "string", CERTIFICATE_ARN, "Wildcard certificate of the environment."),
    Variable("ami_id", "string", AMI, "Golden AMI of the application instances."),
    Variable("instance_type", "string", "t3.medium", "Default instance type."),
    Variable("db_instance_class", "string", "db.t3.medium", "Default database instance class."),
]
EXISTING_NETWORK_VARIABLE = Variable(
    "existing_network",
    "object({ vpc_id = string, private_subnet_ids = list(string), public_subnet_ids = "
    "list(string), db_subnet_group_name = string })",
    EXISTING_NETWORK,
    "The shared VPC the services run in.",
)
EXCEPTIONS = {
    "open_ssh": "ssh_from_anywhere",
    "unencrypted_storage": "unencrypted_storage",
    "public_bucket": "public_buckets",
    "wildcard_iam": "full_access_roles",
    "no_key_rotation": "no_key_rotation",
}


def root_locals(services: list[Service], networks: list[Network]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "prefix": "${var.project}-${var.env}",
        "tags": {
            "Project": Expr("var.project"),
            "Environment": Expr("var.env"),
            "Owner": "platform-team",
            "CostCenter": "cc-1042",
        },
    }
    # Legacy services granted exceptions by the security review, tracked in the backlog.
    for flaw, local in EXCEPTIONS.items():
        out[local] = [s.name for s in services if s.has(flaw)]
    if networks:
        out["placement"] = {s.name: s.network.name for s in services if s.network}
        out["networks"] = {
            net.name: {
                "vpc_id": Expr(f"aws_vpc.{net.name}.id"),
                "private_subnet_ids": Expr(f"[for subnet in aws_subnet.{net.name}_private : subnet.id]"),
                "public_subnet_ids": Expr(f"aws_subnet.{net.name}_public[*].id"),
                "db_subnet_group_name": Expr(f"aws_db_subnet_group.{net.name}.name"),
            }
            for net in networks
        }
    return out


def module_arguments(networks: list[Network]) -> dict[str, Any]:
    def excepted(flaw: str) -> Fn:
        return Fn("contains", Expr(f"local.{EXCEPTIONS[flaw]}"), Expr("each.key"))

    return {
        "name": "${local.prefix}-${each.key}",
        "env": Expr("var.env"),
        "region": Expr("var.region"),
        "account_id": Expr("var.account_id"),
        "tags": Fn("merge", Expr("local.tags"), {"Service": Expr("each.key")}),
        "network": Expr("local.networks[local.placement[each.key]]") if networks else Expr("var.existing_network"),
        "ingress_cidr": Cond(excepted("open_ssh"), "0.0.0.0/0", Expr("var.office_cidr")),
        "ingress_port": Cond(excepted("open_ssh"), 22, 443),
        "encrypt_storage": Not(excepted("unencrypted_storage")),
        "block_public_access": Not(excepted("public_bucket")),
        "enable_key_rotation": Not(excepted("no_key_rotation")),
        "data_actions": Cond(excepted("wildcard_iam"), ["*"], READ_WRITE_ACTIONS),
        "log_bucket": Expr("var.log_bucket"),
        "artifact_bucket": Expr("var.artifact_bucket"),
        "certificate_arn": Expr("var.certificate_arn"),
        "ami_id": Expr("var.ami_id"),
        "instance_type": Expr("var.instance_type"),
        "db_instance_class": Expr("var.db_instance_class"),
    }


# =============================================================================================================
# Terraform: HCL text
# =============================================================================================================


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _key(name: str) -> str:
    return name if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name) else _quote(name)


def _literal(value: Any) -> str | None:
    """null, booleans and numbers, which HCL and YAML write alike."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    return None


def hcl(value: Any, indent: int = 1) -> str:
    """``value`` as an HCL expression; continuation lines are indented for nesting level ``indent``."""
    pad = "  " * indent
    literal = _literal(value)
    if literal is not None:
        return literal
    if isinstance(value, str):
        return _quote(value)
    if isinstance(value, Expr):
        return value.text
    if isinstance(value, Heredoc):
        lines = [f"{pad}  {line}" if line else "" for line in value.text.splitlines()]
        return "<<-EOT\n" + "\n".join(lines) + f"\n{pad}EOT"
    if isinstance(value, Fn):
        return f"{value.name}(" + ", ".join(hcl(arg, indent) for arg in value.args) + ")"
    if isinstance(value, Cond):
        return f"{hcl(value.test, indent)} ? {hcl(value.yes, indent)} : {hcl(value.no, indent)}"
    if isinstance(value, Not):
        return "!" + hcl(value.value, indent)
    if isinstance(value, (list, tuple)):
        items = [hcl(item, indent + 1) for item in value]
        one_line = "[" + ", ".join(items) + "]"
        if len(one_line) <= 100 and "\n" not in one_line:
            return one_line
        return "[\n" + "".join(f"{pad}  {item},\n" for item in items) + f"{pad}]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        if len(value) == 1:
            ((k, v),) = value.items()
            one_line = f"{{ {_key(k)} = {hcl(v, indent + 1)} }}"
            if len(one_line) <= 80 and "\n" not in one_line:
                return one_line
        return "{\n" + "\n".join(_attributes(value, indent + 1)) + f"\n{pad}}}"
    raise TypeError(f"no HCL for {value!r}")


def _attributes(attributes: dict[str, Any], indent: int) -> list[str]:
    """``name = value`` lines, aligned as ``terraform fmt`` aligns them."""
    pad = "  " * indent
    width = max(len(_key(k)) for k in attributes)
    return [f"{pad}{_key(k).ljust(width)} = {hcl(v, indent)}" for k, v in attributes.items()]


def hcl_body(body: dict[str, Any], indent: int) -> list[str]:
    """A block body: runs of attributes (aligned; a multi-line value ends a run) and nested blocks."""
    lines: list[str] = []
    run: dict[str, Any] = {}

    def flush() -> None:
        if run:
            lines.extend(_attributes(run, indent))
            run.clear()

    for name, value in body.items():
        if _is_blocks(value):
            flush()
            for block in value if isinstance(value, list) else [value]:
                if lines and lines[-1] != "":
                    lines.append("")
                lines.append(f"{'  ' * indent}{name} {{")
                lines.extend(hcl_body(block.body, indent + 1))
                lines.append(f"{'  ' * indent}}}")
            lines.append("")
        else:
            run[name] = value
            if "\n" in hcl(value, indent):
                flush()
    flush()
    while lines and lines[-1] == "":
        lines.pop()
    return lines


def hcl_resource(resource: Resource) -> str:
    lines = [f'resource "{resource.type}" "{resource.name}" {{']
    meta = {k: v for k, v in (("count", resource.count), ("for_each", resource.for_each)) if v is not None}
    if meta:
        lines += _attributes(meta, 1) + [""]
    lines += hcl_body(resource.body, 1)
    if resource.depends_on:
        lines += ["", f"  depends_on = [{', '.join(resource.depends_on)}]"]
    if resource.lifecycle:
        lines += ["", "  lifecycle {", *_attributes(resource.lifecycle, 2), "  }"]
    return "\n".join(lines) + "\n}\n"


def hcl_variable(variable: Variable) -> str:
    body: dict[str, Any] = {"description": variable.description, "type": Expr(variable.type)}
    if not variable.required:
        body["default"] = variable.default
    return f'variable "{variable.name}" {{\n' + "\n".join(hcl_body(body, 1)) + "\n}\n"


def hcl_locals(values: dict[str, Any]) -> str:
    return "locals {\n" + "\n".join(hcl_body(values, 1)) + "\n}\n"


ROOT_VERSIONS = f'''terraform {{
  required_version = ">= 1.5.0"

  required_providers {{
    aws = {{
      source  = "hashicorp/aws"
      version = "~> 5.60"
    }}
  }}

  backend "s3" {{
    bucket         = "{PROJECT}-terraform-state"
    key            = "platform/services.tfstate"
    region         = "{REGION}"
    dynamodb_table = "terraform-locks"
    encrypt        = true
  }}
}}

provider "aws" {{
  region = var.region

  default_tags {{
    tags = {{
      ManagedBy  = "{DEFAULT_TAGS["ManagedBy"]}"
      Repository = "{DEFAULT_TAGS["Repository"]}"
    }}
  }}
}}
'''
MODULE_VERSIONS = """terraform {
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.40"
    }
  }
}
"""


def write_terraform(root: Path, layout: Layout) -> None:
    unit, outputs = layout.tf_unit()
    module_dir = root / "modules" / "service"
    module_dir.mkdir(parents=True, exist_ok=True)
    files: dict[str, list[str]] = {
        "versions.tf": [MODULE_VERSIONS],
        "variables.tf": [hcl_variable(v) for v in MODULE_VARIABLES],
        "main.tf": [hcl_locals(MODULE_LOCALS)],
    }
    for resource in unit:
        files.setdefault(resource.file, []).append(hcl_resource(resource))
    present = {r.address for r in unit}
    files["outputs.tf"] = [
        f'output "{name}" {{\n  value = {hcl(value)}\n}}\n'
        for name, (needs, value) in outputs.items()
        if needs in present
    ]
    for name, blocks in files.items():
        (module_dir / name).write_text("\n".join(blocks))

    networks = layout.networks
    root_files = {
        "versions.tf": [ROOT_VERSIONS],
        "variables.tf": [hcl_variable(v) for v in layout.root_variables()],
        "locals.tf": [hcl_locals(root_locals(layout.services, networks))],
        "services.tf": [hcl_module_call(layout)],
    }
    for net in networks:
        blocks = [hcl_locals({net.name: network_locals(net)})]
        blocks += [hcl_resource(r) for r in network_unit(net)]
        root_files[f"network_{net.index:02d}.tf"] = blocks
    for name, blocks in root_files.items():
        (root / name).write_text("\n".join(blocks))


def hcl_module_call(layout: Layout) -> str:
    names = [s.name for s in layout.services]
    lines = ['module "service" {', '  source   = "./modules/service"', f"  for_each = {hcl(Fn('toset', names))}", ""]
    lines += hcl_body(module_arguments(layout.networks), 1)
    return "\n".join(lines) + "\n}\n"


# =============================================================================================================
# Terraform: the plan
# =============================================================================================================


def references(value: Any) -> list[str]:
    """What ``configuration`` lists for an expression: each reference and the object it belongs to."""
    found: list[str] = []
    for match in _REFERENCE.finditer(hcl(value, 0)):
        text = match.group()
        parts = text.split(".")
        found.append(text)
        if len(parts) == 3:
            found.append(".".join(parts[:2]))
    return list(dict.fromkeys(found))


def expression(value: Any) -> Any:
    if _is_blocks(value):
        return [expressions(block.body) for block in (value if isinstance(value, list) else [value])]
    refs = references(value)
    if refs:
        return {"references": refs}
    return {"constant_value": evaluate(value, Scope({}, {}))}


def expressions(body: dict[str, Any]) -> dict[str, Any]:
    return {name: expression(value) for name, value in body.items()}


def config_resource(resource: Resource) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "address": resource.address,
        "mode": "managed",
        "type": resource.type,
        "name": resource.name,
        "provider_config_key": "aws",
        "expressions": expressions(resource.body),
        "schema_version": SCHEMA_VERSIONS.get(resource.type, 0),
    }
    if resource.count is not None:
        entry["count_expression"] = expression(resource.count)
    if resource.for_each is not None:
        entry["for_each_expression"] = expression(resource.for_each)
    if resource.depends_on:
        entry["depends_on"] = list(resource.depends_on)
    return entry


@dataclass
class PlanWriter:
    changes: list[dict[str, Any]] = field(default_factory=list)
    planned: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # module address ("" root) -> values

    def add_module(self, resources: list[Resource], scope: Scope, module_address: str) -> None:
        """Evaluates ``resources`` in order, each instance recorded as a change and planned values."""
        prefix = f"{module_address}." if module_address else ""
        for resource in resources:
            instances: list[tuple[Any, Scope]]
            if resource.count is not None:
                instances = [(i, scope.instance(count=i)) for i in range(evaluate(resource.count, scope))]
            elif resource.for_each is not None:
                each = evaluate(resource.for_each, scope)
                pairs = each.items() if isinstance(each, dict) else ((k, k) for k in each)
                instances = [(k, scope.instance(each={"key": k, "value": v})) for k, v in pairs]
            else:
                instances = [(None, scope)]
            values = {}
            for key, instance_scope in instances:
                value = planned(resource.type, evaluate_body(resource.body, instance_scope))
                values[key] = value
                self._record(resource, prefix, module_address, key, value)
            if resource.count is not None:
                scope.resources[resource.address] = [values[i] for i in range(len(values))]
            elif resource.for_each is not None:
                scope.resources[resource.address] = values
            else:
                scope.resources[resource.address] = values[None]

    def _record(self, resource: Resource, prefix: str, module_address: str, key: Any, value: dict[str, Any]) -> None:
        index = "" if key is None else f"[{json.dumps(key)}]"
        after, unknown = split_unknown(value)
        sensitive = sensitive_marks(after, SENSITIVE.get(resource.type, frozenset()))
        common: dict[str, Any] = {"address": f"{prefix}{resource.address}{index}"}
        if module_address:
            common["module_address"] = module_address
        common |= {"mode": "managed", "type": resource.type, "name": resource.name}
        if key is not None:
            common["index"] = key
        common["provider_name"] = PROVIDER
        self.changes.append(
            {
                **common,
                "change": {
                    "actions": ["create"],
                    "before": None,
                    "after": after,
                    "after_unknown": unknown,
                    "before_sensitive": False,
                    "after_sensitive": sensitive,
                },
            }
        )
        entry = {k: v for k, v in common.items() if k != "module_address"}
        entry |= {
            "schema_version": SCHEMA_VERSIONS.get(resource.type, 0),
            "values": after,
            "sensitive_values": sensitive,
        }
        self.planned.setdefault(module_address, []).append(entry)


def write_plan(path: Path, layout: Layout) -> None:
    variables = {v.name: v.default for v in layout.root_variables()}
    locals_ = root_locals(layout.services, layout.networks)
    for net in layout.networks:
        locals_[net.name] = network_locals(net)
    root_scope = Scope(variables, locals_)
    writer = PlanWriter()
    root_resources = [r for net in layout.networks for r in network_unit(net)]
    writer.add_module(root_resources, root_scope, "")

    unit, outputs = layout.tf_unit()
    arguments = module_arguments(layout.networks)
    defaults = {v.name: v.default for v in MODULE_VARIABLES}
    for service in sorted(layout.services, key=lambda s: s.name):
        call_scope = root_scope.instance(each={"key": service.name, "value": service.name})
        module_vars = defaults | {name: evaluate(value, call_scope) for name, value in arguments.items()}
        writer.add_module(unit, Scope(module_vars, MODULE_LOCALS), f'module.service["{service.name}"]')

    writer.changes.sort(key=lambda change: change["address"])
    children: list[dict[str, Any]] = [
        {"resources": sorted(resources, key=lambda r: r["address"]), "address": address}
        for address, resources in sorted(writer.planned.items())
        if address
    ]
    root_module: dict[str, Any] = {"resources": sorted(writer.planned.get("", []), key=lambda r: r["address"])}
    if children:
        root_module["child_modules"] = children
    present = {r.address for r in unit}
    names = [s.name for s in layout.services]
    module_call = {
        "source": "./modules/service",
        "expressions": expressions(arguments),
        "for_each_expression": {"constant_value": names},
        "module": {
            "outputs": {
                name: {"expression": expression(value)} for name, (needs, value) in outputs.items() if needs in present
            },
            "resources": [config_resource(r) for r in unit],
            "variables": {
                v.name: ({} if v.required else {"default": v.default}) | {"description": v.description}
                for v in MODULE_VARIABLES
            },
        },
    }
    doc = {
        "format_version": "1.2",
        "terraform_version": "1.9.5",
        "variables": {name: {"value": value} for name, value in variables.items()},
        "planned_values": {"root_module": root_module},
        "resource_changes": writer.changes,
        "configuration": {
            "provider_config": {
                "aws": {
                    "name": "aws",
                    "full_name": PROVIDER,
                    "version_constraint": "~> 5.60",
                    "expressions": {
                        "region": {"references": ["var.region"]},
                        "default_tags": [{"tags": {"constant_value": DEFAULT_TAGS}}],
                    },
                }
            },
            "root_module": {
                "resources": [config_resource(r) for r in root_resources],
                "module_calls": {"service": module_call},
                "variables": {
                    v.name: {"default": v.default, "description": v.description} for v in layout.root_variables()
                },
            },
        },
        "timestamp": "2024-09-02T08:15:42Z",
        "applyable": True,
        "complete": True,
        "errored": False,
    }
    path.write_text(json.dumps(doc, separators=(",", ":")))


# =============================================================================================================
# CloudFormation
# =============================================================================================================


@dataclass(frozen=True)
class Tag:
    """A short-form intrinsic function: ``!Ref X``, ``!If [c, a, b]``."""

    tag: str
    argument: Any


@dataclass(frozen=True)
class Literal:
    """A ``|`` block scalar."""

    text: str


def Ref(name: str) -> Tag:  # noqa: N802 - named after the intrinsic functions
    return Tag("!Ref", name)


def GetAtt(name: str) -> Tag:  # noqa: N802
    return Tag("!GetAtt", name)


def Sub(text: str) -> Tag:  # noqa: N802
    return Tag("!Sub", text)


def If(condition: str, yes: Any, no: Any) -> Tag:  # noqa: N802
    return Tag("!If", [condition, yes, no])


def Select(index: int, items: Any) -> Tag:  # noqa: N802
    return Tag("!Select", [index, items])


def FindInMap(name: str, key: Any, attribute: str) -> Tag:  # noqa: N802
    return Tag("!FindInMap", [name, key, attribute])


STACK = "${Project}-${Env}"
NO_VALUE = Ref("AWS::NoValue")


def cfn_tags(name: Any, **extra: Any) -> list[dict[str, Any]]:
    return [
        {"Key": "Name", "Value": name},
        {"Key": "Project", "Value": Ref("Project")},
        {"Key": "Environment", "Value": Ref("Env")},
    ] + [{"Key": k, "Value": v} for k, v in extra.items()]


@dataclass(frozen=True)
class CfnNetwork:
    """What a service takes from its network: a VPC of this template or one given as parameters."""

    vpc: Any
    private_subnets: Any
    public_subnets: Any
    db_subnet_group: Any

    @staticmethod
    def of(net: Network | None) -> CfnNetwork:
        if net is None:
            return CfnNetwork(Ref("VpcId"), Ref("PrivateSubnetIds"), Ref("PublicSubnetIds"), Ref("DBSubnetGroupName"))
        n = net.logical
        return CfnNetwork(
            Ref(f"{n}Vpc"),
            [Ref(f"{n}PrivateSubnet{z + 1}") for z in range(net.azs)],
            [Ref(f"{n}PublicSubnet{z + 1}") for z in range(net.azs)],
            Ref(f"{n}DBSubnetGroup"),
        )

    @property
    def first_private_subnet(self) -> Any:
        return self.private_subnets[0] if isinstance(self.private_subnets, list) else Select(0, self.private_subnets)


def cfn_service(service: Service) -> dict[str, dict[str, Any]]:
    """The resources of one service unit in dependency order (each refers only to earlier ones)."""
    p, n = service.logical, service.name
    net = CfnNetwork.of(service.network)
    encrypted = not service.has("unencrypted_storage")
    public = service.has("public_bucket")
    resources: dict[str, dict[str, Any]] = {}

    def name(suffix: str) -> Tag:
        return Sub(f"{STACK}-{n}{suffix}")

    def add(logical: str, type_: str, properties: dict[str, Any], **attributes: Any) -> None:
        resources[p + logical] = {"Type": type_, **attributes, "Properties": properties}

    add(
        "Key",
        "AWS::KMS::Key",
        {
            "Description": Sub(f"Encrypts the data, logs, queues and database of {STACK}-{n}"),
            "EnableKeyRotation": not service.has("no_key_rotation"),
            "PendingWindowInDays": 30,
            "KeyPolicy": {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Sid": "AccountAdministration",
                        "Effect": "Allow",
                        "Principal": {"AWS": Sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:root")},
                        "Action": "kms:*",
                        "Resource": "*",
                    },
                    {
                        "Sid": "ServiceRole",
                        "Effect": "Allow",
                        "Principal": {"AWS": Sub(f"arn:${{AWS::Partition}}:iam::${{AWS::AccountId}}:role/{STACK}-{n}")},
                        "Action": ["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey*"],
                        "Resource": "*",
                    },
                    {
                        "Sid": "CloudWatchLogs",
                        "Effect": "Allow",
                        "Principal": {"Service": Sub("logs.${AWS::Region}.amazonaws.com")},
                        "Action": [
                            "kms:Decrypt*",
                            "kms:Describe*",
                            "kms:Encrypt*",
                            "kms:GenerateDataKey*",
                            "kms:ReEncrypt*",
                        ],
                        "Resource": "*",
                        "Condition": {
                            "ArnLike": {
                                "kms:EncryptionContext:aws:logs:arn": Sub(
                                    f"arn:${{AWS::Partition}}:logs:${{AWS::Region}}:${{AWS::AccountId}}:log-group:/app/{STACK}-{n}*"
                                )
                            }
                        },
                    },
                ],
            },
            "Tags": cfn_tags(name(""), Service=n),
        },
        DeletionPolicy="Retain",
        UpdateReplacePolicy="Retain",
    )
    add("KeyAlias", "AWS::KMS::Alias", {"AliasName": Sub(f"alias/{STACK}-{n}"), "TargetKeyId": Ref(f"{p}Key")})
    bucket: dict[str, Any] = {
        "BucketName": Sub(f"{STACK}-{n}-data-${{AWS::AccountId}}"),
        "BucketEncryption": {
            "ServerSideEncryptionConfiguration": [
                {
                    "ServerSideEncryptionByDefault": {
                        "SSEAlgorithm": "aws:kms",
                        "KMSMasterKeyID": GetAtt(f"{p}Key.Arn"),
                    },
                    "BucketKeyEnabled": True,
                }
            ]
        },
        "VersioningConfiguration": {"Status": "Enabled"},
        "LoggingConfiguration": {
            "DestinationBucketName": Ref("LogBucketName"),
            "LogFilePrefix": Sub(f"s3/{STACK}-{n}-data/"),
        },
        "LifecycleConfiguration": {
            "Rules": [
                {
                    "Id": "archive",
                    "Status": "Enabled",
                    "Transitions": [
                        {"TransitionInDays": 90, "StorageClass": "STANDARD_IA"},
                        {"TransitionInDays": 365, "StorageClass": "GLACIER"},
                    ],
                    "NoncurrentVersionExpiration": {"NoncurrentDays": 90},
                },
                {
                    "Id": "abort-incomplete-uploads",
                    "Status": "Enabled",
                    "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 7},
                },
            ]
        },
        "PublicAccessBlockConfiguration": {
            flag: not public
            for flag in ("BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets")
        },
        "OwnershipControls": {"Rules": [{"ObjectOwnership": "ObjectWriter" if public else "BucketOwnerEnforced"}]},
        "Tags": cfn_tags(name("-data"), Service=n, DataClassification="internal"),
    }
    if public:
        bucket["AccessControl"] = "PublicRead"
    add("Bucket", "AWS::S3::Bucket", bucket, DeletionPolicy="Retain", UpdateReplacePolicy="Retain")
    bucket_objects = [GetAtt(f"{p}Bucket.Arn"), Sub(f"${{{p}Bucket.Arn}}/*")]
    add(
        "BucketPolicy",
        "AWS::S3::BucketPolicy",
        {
            "Bucket": Ref(f"{p}Bucket"),
            "PolicyDocument": {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Sid": "DenyInsecureTransport",
                        "Effect": "Deny",
                        "Principal": "*",
                        "Action": "s3:*",
                        "Resource": bucket_objects,
                        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
                    },
                    {
                        "Sid": "DenyOutdatedTls",
                        "Effect": "Deny",
                        "Principal": "*",
                        "Action": "s3:*",
                        "Resource": bucket_objects,
                        "Condition": {"NumericLessThan": {"s3:TlsVersion": 1.2}},
                    },
                ],
            },
        },
    )
    add(
        "SecurityGroup",
        "AWS::EC2::SecurityGroup",
        {
            "GroupDescription": Sub(f"Application instances and load balancer of {STACK}-{n}"),
            "VpcId": net.vpc,
            "Tags": cfn_tags(name("-app"), Service=n),
        },
    )
    open_ssh = service.has("open_ssh")
    add(
        "Ingress",
        "AWS::EC2::SecurityGroupIngress",
        {
            "GroupId": GetAtt(f"{p}SecurityGroup.GroupId"),
            "Description": f"Clients of {n}",
            "IpProtocol": "tcp",
            "FromPort": 22 if open_ssh else 443,
            "ToPort": 22 if open_ssh else 443,
            "CidrIp": "0.0.0.0/0" if open_ssh else Ref("OfficeCidr"),
        },
    )
    add(
        "EgressHttps",
        "AWS::EC2::SecurityGroupEgress",
        {
            "GroupId": GetAtt(f"{p}SecurityGroup.GroupId"),
            "Description": "AWS APIs and dependencies over HTTPS",
            "IpProtocol": "tcp",
            "FromPort": 443,
            "ToPort": 443,
            "CidrIp": "0.0.0.0/0",
        },
    )
    arn = "arn:${AWS::Partition}"
    add(
        "Role",
        "AWS::IAM::Role",
        {
            "RoleName": name(""),
            "Description": f"Runs the instance and worker of {n}",
            "MaxSessionDuration": 3600,
            "AssumeRolePolicyDocument": {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": {"Service": ["ec2.amazonaws.com", "lambda.amazonaws.com"]},
                        "Action": "sts:AssumeRole",
                    }
                ],
            },
            "ManagedPolicyArns": [Sub(f"{arn}:iam::aws:policy/AmazonSSMManagedInstanceCore")],
            "Policies": [
                {
                    "PolicyName": "service-access",
                    "PolicyDocument": {
                        "Version": "2012-10-17",
                        "Statement": [
                            {
                                "Sid": "DataBucket",
                                "Effect": "Allow",
                                "Action": ["*"] if service.has("wildcard_iam") else READ_WRITE_ACTIONS,
                                "Resource": [GetAtt(f"{p}Bucket.Arn"), Sub(f"${{{p}Bucket.Arn}}/*")],
                            },
                            {
                                "Sid": "JobQueue",
                                "Effect": "Allow",
                                "Action": [
                                    "sqs:ChangeMessageVisibility",
                                    "sqs:DeleteMessage",
                                    "sqs:GetQueueAttributes",
                                    "sqs:ReceiveMessage",
                                    "sqs:SendMessage",
                                ],
                                "Resource": Sub(f"{arn}:sqs:${{AWS::Region}}:${{AWS::AccountId}}:{STACK}-{n}-jobs"),
                            },
                            {
                                "Sid": "Logs",
                                "Effect": "Allow",
                                "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
                                "Resource": Sub(
                                    f"{arn}:logs:${{AWS::Region}}:${{AWS::AccountId}}:log-group:/app/{STACK}-{n}:*"
                                ),
                            },
                            {
                                "Sid": "ServiceKey",
                                "Effect": "Allow",
                                "Action": ["kms:Decrypt", "kms:GenerateDataKey"],
                                "Resource": GetAtt(f"{p}Key.Arn"),
                            },
                            {
                                "Sid": "Tracing",
                                "Effect": "Allow",
                                "Action": ["xray:PutTelemetryRecords", "xray:PutTraceSegments"],
                                "Resource": "*",
                            },
                            {
                                "Sid": "VpcNetworkInterfaces",
                                "Effect": "Allow",
                                "Action": [
                                    "ec2:CreateNetworkInterface",
                                    "ec2:DeleteNetworkInterface",
                                    "ec2:DescribeNetworkInterfaces",
                                ],
                                "Resource": "*",
                            },
                        ],
                    },
                }
            ],
            "Tags": cfn_tags(name(""), Service=n),
        },
    )
    add(
        "InstanceProfile",
        "AWS::IAM::InstanceProfile",
        {"InstanceProfileName": name(""), "Path": "/", "Roles": [Ref(f"{p}Role")]},
    )
    volume_key = {"KmsKeyId": Ref(f"{p}Key")} if encrypted else {}
    add(
        "Instance",
        "AWS::EC2::Instance",
        {
            "ImageId": Ref("LatestAmiId"),
            "InstanceType": Ref("InstanceType"),
            "SubnetId": net.first_private_subnet,
            "SecurityGroupIds": [GetAtt(f"{p}SecurityGroup.GroupId")],
            "IamInstanceProfile": Ref(f"{p}InstanceProfile"),
            "Monitoring": True,
            "EbsOptimized": True,
            "DisableApiTermination": True,
            "MetadataOptions": {
                "HttpEndpoint": "enabled",
                "HttpTokens": "required",
                "HttpPutResponseHopLimit": 1,
                "InstanceMetadataTags": "enabled",
            },
            "BlockDeviceMappings": [
                {
                    "DeviceName": "/dev/xvda",
                    "Ebs": {
                        "VolumeType": "gp3",
                        "VolumeSize": 30,
                        "Encrypted": encrypted,
                        **volume_key,
                        "DeleteOnTermination": True,
                    },
                },
                {
                    "DeviceName": "/dev/sdf",
                    "Ebs": {
                        "VolumeType": "gp3",
                        "VolumeSize": 100,
                        "Throughput": 250,
                        "Encrypted": encrypted,
                        **volume_key,
                        "DeleteOnTermination": True,
                    },
                },
            ],
            "UserData": Tag(
                "!Base64",
                {
                    "Fn::Sub": Literal(
                        "#!/bin/bash\nset -euo pipefail\ndnf install -y amazon-cloudwatch-agent\ncat > /etc/app.env <<CONF\n"
                        f"SERVICE_NAME={STACK}-{n}\nDATA_BUCKET=${{{p}Bucket}}\nAWS_REGION=${{AWS::Region}}\nCONF\n"
                        "systemctl enable --now app.service\n"
                    )
                },
            ),
            "Tags": cfn_tags(name("-app"), Service=n, Backup="daily"),
        },
    )
    add(
        "LogGroup",
        "AWS::Logs::LogGroup",
        {
            "LogGroupName": Sub(f"/app/{STACK}-{n}"),
            "RetentionInDays": FindInMap("EnvironmentSettings", Ref("Env"), "LogRetentionDays"),
            "KmsKeyId": GetAtt(f"{p}Key.Arn"),
            "Tags": cfn_tags(name(""), Service=n),
        },
        DeletionPolicy="Retain",
        UpdateReplacePolicy="Retain",
    )
    add(
        "DeadLetterQueue",
        "AWS::SQS::Queue",
        {
            "QueueName": name("-jobs-dlq"),
            "MessageRetentionPeriod": 1209600,
            "KmsMasterKeyId": Ref(f"{p}Key"),
            "KmsDataKeyReusePeriodSeconds": 300,
            "Tags": cfn_tags(name("-jobs-dlq"), Service=n),
        },
    )
    add(
        "Queue",
        "AWS::SQS::Queue",
        {
            "QueueName": name("-jobs"),
            "VisibilityTimeout": 360,
            "ReceiveMessageWaitTimeSeconds": 20,
            "KmsMasterKeyId": Ref(f"{p}Key"),
            "KmsDataKeyReusePeriodSeconds": 300,
            "RedrivePolicy": {"deadLetterTargetArn": GetAtt(f"{p}DeadLetterQueue.Arn"), "maxReceiveCount": 5},
            "Tags": cfn_tags(name("-jobs"), Service=n),
        },
    )
    add(
        "Topic",
        "AWS::SNS::Topic",
        {
            "TopicName": name("-alerts"),
            "DisplayName": f"{n} alerts",
            "KmsMasterKeyId": Ref(f"{p}KeyAlias"),
            "Tags": cfn_tags(name("-alerts"), Service=n),
        },
    )
    add(
        "Worker",
        "AWS::Lambda::Function",
        {
            "FunctionName": name("-worker"),
            "Description": f"Processes the job queue of {n}",
            "Role": GetAtt(f"{p}Role.Arn"),
            "Runtime": "python3.12",
            "Handler": "worker.handler",
            "Code": {"S3Bucket": Ref("ArtifactBucketName"), "S3Key": f"{n}/worker.zip"},
            "MemorySize": 512,
            "Timeout": 300,
            "ReservedConcurrentExecutions": 10,
            "KmsKeyArn": GetAtt(f"{p}Key.Arn"),
            "Environment": {
                "Variables": {
                    "QUEUE_URL": Ref(f"{p}Queue"),
                    "DATA_BUCKET": Ref(f"{p}Bucket"),
                    "LOG_LEVEL": "INFO",
                    "ENVIRONMENT": Ref("Env"),
                }
            },
            "TracingConfig": {"Mode": "Active"},
            "VpcConfig": {"SubnetIds": net.private_subnets, "SecurityGroupIds": [GetAtt(f"{p}SecurityGroup.GroupId")]},
            "DeadLetterConfig": {"TargetArn": GetAtt(f"{p}DeadLetterQueue.Arn")},
            "LoggingConfig": {"LogFormat": "JSON", "LogGroup": Ref(f"{p}LogGroup")},
            "Tags": cfn_tags(name("-worker"), Service=n),
        },
    )
    database: dict[str, Any] = {
        "DBInstanceIdentifier": name("-db"),
        "Engine": "postgres",
        "EngineVersion": Ref("DBEngineVersion"),
        "DBInstanceClass": Ref("DBInstanceClass"),
        "AllocatedStorage": "50",
        "MaxAllocatedStorage": 200,
        "StorageType": "gp3",
        "StorageEncrypted": encrypted,
        **volume_key,
        "DBName": "app",
        "MasterUsername": "app_admin",
        "ManageMasterUserPassword": True,
        "MasterUserSecret": {"KmsKeyId": Ref(f"{p}Key")},
        "DBSubnetGroupName": net.db_subnet_group,
        "VPCSecurityGroups": [GetAtt(f"{p}SecurityGroup.GroupId")],
        "MultiAZ": If("IsProd", True, False),
        "PubliclyAccessible": False,
        "BackupRetentionPeriod": FindInMap("EnvironmentSettings", Ref("Env"), "BackupRetentionDays"),
        "PreferredBackupWindow": "02:00-03:00",
        "PreferredMaintenanceWindow": "sun:04:00-sun:05:00",
        "CopyTagsToSnapshot": True,
        "DeletionProtection": If("IsProd", True, False),
        "EnableIAMDatabaseAuthentication": True,
        "AutoMinorVersionUpgrade": True,
        "EnablePerformanceInsights": True,
        "PerformanceInsightsKMSKeyId": Ref(f"{p}Key"),
        "EnableCloudwatchLogsExports": ["postgresql", "upgrade"],
        "Tags": cfn_tags(name("-db"), Service=n, Backup="daily"),
    }
    add("Database", "AWS::RDS::DBInstance", database, DeletionPolicy="Snapshot", UpdateReplacePolicy="Snapshot")
    add(
        "LoadBalancer",
        "AWS::ElasticLoadBalancingV2::LoadBalancer",
        {
            "Name": name("-alb"),
            "Scheme": "internet-facing",
            "Type": "application",
            "SecurityGroups": [GetAtt(f"{p}SecurityGroup.GroupId")],
            "Subnets": net.public_subnets,
            "LoadBalancerAttributes": [
                {"Key": "access_logs.s3.enabled", "Value": "true"},
                {"Key": "access_logs.s3.bucket", "Value": Ref("LogBucketName")},
                {"Key": "access_logs.s3.prefix", "Value": Sub(f"alb/{STACK}-{n}")},
                {"Key": "routing.http.drop_invalid_header_fields.enabled", "Value": "true"},
                {"Key": "deletion_protection.enabled", "Value": "true"},
                {"Key": "idle_timeout.timeout_seconds", "Value": "60"},
            ],
            "Tags": cfn_tags(name("-alb"), Service=n),
        },
    )
    add(
        "TargetGroup",
        "AWS::ElasticLoadBalancingV2::TargetGroup",
        {
            "Name": name("-app"),
            "Port": 8443,
            "Protocol": "HTTPS",
            "VpcId": net.vpc,
            "TargetType": "instance",
            "Targets": [{"Id": Ref(f"{p}Instance"), "Port": 8443}],
            "HealthCheckEnabled": True,
            "HealthCheckPath": "/healthz",
            "HealthCheckProtocol": "HTTPS",
            "HealthCheckIntervalSeconds": 30,
            "HealthCheckTimeoutSeconds": 5,
            "HealthyThresholdCount": 3,
            "UnhealthyThresholdCount": 3,
            "Matcher": {"HttpCode": "200"},
            "TargetGroupAttributes": [{"Key": "deregistration_delay.timeout_seconds", "Value": "30"}],
            "Tags": cfn_tags(name("-app"), Service=n),
        },
    )
    add(
        "Listener",
        "AWS::ElasticLoadBalancingV2::Listener",
        {
            "LoadBalancerArn": Ref(f"{p}LoadBalancer"),
            "Port": 443,
            "Protocol": "HTTPS",
            "SslPolicy": "ELBSecurityPolicy-TLS13-1-2-2021-06",
            "Certificates": [{"CertificateArn": Ref("CertificateArn")}],
            "DefaultActions": [{"Type": "forward", "TargetGroupArn": Ref(f"{p}TargetGroup")}],
        },
    )
    add(
        "ErrorsAlarm",
        "AWS::CloudWatch::Alarm",
        {
            "AlarmName": name("-target-5xx"),
            "AlarmDescription": f"5xx responses of {n}",
            "Namespace": "AWS/ApplicationELB",
            "MetricName": "HTTPCode_Target_5XX_Count",
            "Dimensions": [{"Name": "LoadBalancer", "Value": GetAtt(f"{p}LoadBalancer.LoadBalancerFullName")}],
            "Statistic": "Sum",
            "Period": 300,
            "EvaluationPeriods": 2,
            "Threshold": 10,
            "ComparisonOperator": "GreaterThanThreshold",
            "TreatMissingData": "notBreaching",
            "AlarmActions": [Ref(f"{p}Topic")],
            "OKActions": [Ref(f"{p}Topic")],
        },
    )
    return resources


def cfn_service_outputs(service: Service, present: dict[str, Any]) -> dict[str, Any]:
    p = service.logical
    outputs = {
        f"{p}BucketName": (f"{p}Bucket", Ref(f"{p}Bucket")),
        f"{p}QueueUrl": (f"{p}Queue", Ref(f"{p}Queue")),
        f"{p}LoadBalancerDnsName": (f"{p}LoadBalancer", GetAtt(f"{p}LoadBalancer.DNSName")),
    }
    return {
        key: {"Value": value, "Export": {"Name": Sub(f"${{AWS::StackName}}-{key}")}}
        for key, (needs, value) in outputs.items()
        if needs in present
    }


def cfn_network(net: Network) -> dict[str, dict[str, Any]]:
    """The resources of one VPC, in dependency order."""
    n = net.logical
    attachment = f"{n}GatewayAttachment"
    resources: dict[str, dict[str, Any]] = {}

    def name(suffix: str) -> Tag:
        return Sub(f"{STACK}-{net.name}{suffix}")

    def add(logical: str, type_: str, properties: dict[str, Any], **attributes: Any) -> None:
        resources[n + logical] = {"Type": type_, **attributes, "Properties": properties}

    def subnet(tier: str, zone: int, offset: int) -> None:
        properties = {
            "VpcId": Ref(f"{n}Vpc"),
            "AvailabilityZone": Select(zone, Tag("!GetAZs", "")),
            "CidrBlock": Select(offset + zone, Tag("!Cidr", [GetAtt(f"{n}Vpc.CidrBlock"), 32, 8])),
            "MapPublicIpOnLaunch": tier == "Public" and net.public_ips,
            "Tags": cfn_tags(name(f"-{tier.lower()}-{zone + 1}"), Tier=tier.lower()),
        }
        add(f"{tier}Subnet{zone + 1}", "AWS::EC2::Subnet", properties)

    add(
        "Vpc",
        "AWS::EC2::VPC",
        {
            "CidrBlock": net.cidr,
            "EnableDnsSupport": True,
            "EnableDnsHostnames": True,
            "InstanceTenancy": "default",
            "Tags": cfn_tags(name("")),
        },
    )
    add("InternetGateway", "AWS::EC2::InternetGateway", {"Tags": cfn_tags(name(""))})
    add(
        "GatewayAttachment",
        "AWS::EC2::VPCGatewayAttachment",
        {"VpcId": Ref(f"{n}Vpc"), "InternetGatewayId": Ref(f"{n}InternetGateway")},
    )
    add(
        "FlowLog",
        "AWS::EC2::FlowLog",
        {
            "ResourceId": Ref(f"{n}Vpc"),
            "ResourceType": "VPC",
            "TrafficType": "ALL",
            "LogDestinationType": "s3",
            "LogDestination": Sub("arn:${AWS::Partition}:s3:::${LogBucketName}/vpc-flow-logs/"),
            "MaxAggregationInterval": 60,
            "Tags": cfn_tags(name("-flow-log")),
        },
    )
    for zone in range(net.azs):
        subnet("Public", zone, 0)
        subnet("Private", zone, 10)
        subnet("Database", zone, 20)
    add(
        "DBSubnetGroup",
        "AWS::RDS::DBSubnetGroup",
        {
            "DBSubnetGroupName": name(""),
            "DBSubnetGroupDescription": f"Database subnets of {net.name}",
            "SubnetIds": [Ref(f"{n}DatabaseSubnet{z + 1}") for z in range(net.azs)],
            "Tags": cfn_tags(name("")),
        },
    )
    add("PublicRouteTable", "AWS::EC2::RouteTable", {"VpcId": Ref(f"{n}Vpc"), "Tags": cfn_tags(name("-public"))})
    add(
        "PublicRoute",
        "AWS::EC2::Route",
        {
            "RouteTableId": Ref(f"{n}PublicRouteTable"),
            "DestinationCidrBlock": "0.0.0.0/0",
            "GatewayId": Ref(f"{n}InternetGateway"),
        },
        DependsOn=attachment,
    )
    for zone in range(1, net.azs + 1):
        add(
            f"PublicSubnet{zone}RouteTableAssociation",
            "AWS::EC2::SubnetRouteTableAssociation",
            {"SubnetId": Ref(f"{n}PublicSubnet{zone}"), "RouteTableId": Ref(f"{n}PublicRouteTable")},
        )
        add(
            f"NatEip{zone}",
            "AWS::EC2::EIP",
            {"Domain": "vpc", "Tags": cfn_tags(name(f"-nat-{zone}"))},
            DependsOn=attachment,
        )
        add(
            f"NatGateway{zone}",
            "AWS::EC2::NatGateway",
            {
                "AllocationId": GetAtt(f"{n}NatEip{zone}.AllocationId"),
                "SubnetId": Ref(f"{n}PublicSubnet{zone}"),
                "Tags": cfn_tags(name(f"-{zone}")),
            },
        )
        add(
            f"PrivateRouteTable{zone}",
            "AWS::EC2::RouteTable",
            {"VpcId": Ref(f"{n}Vpc"), "Tags": cfn_tags(name(f"-private-{zone}"))},
        )
        add(
            f"PrivateRoute{zone}",
            "AWS::EC2::Route",
            {
                "RouteTableId": Ref(f"{n}PrivateRouteTable{zone}"),
                "DestinationCidrBlock": "0.0.0.0/0",
                "NatGatewayId": Ref(f"{n}NatGateway{zone}"),
            },
        )
        for tier in ("Private", "Database"):
            add(
                f"{tier}Subnet{zone}RouteTableAssociation",
                "AWS::EC2::SubnetRouteTableAssociation",
                {"SubnetId": Ref(f"{n}{tier}Subnet{zone}"), "RouteTableId": Ref(f"{n}PrivateRouteTable{zone}")},
            )
    return resources


def cfn_parameters(networks: list[Network]) -> dict[str, Any]:
    parameters: dict[str, Any] = {
        "Project": {
            "Type": "String",
            "Default": PROJECT,
            "AllowedPattern": "[a-z][a-z0-9-]*",
            "Description": "Prefix of every resource name.",
        },
        "Env": {
            "Type": "String",
            "Default": ENV,
            "AllowedValues": ["dev", "staging", "prod"],
            "Description": "Environment.",
        },
        "OfficeCidr": {
            "Type": "String",
            "Default": "203.0.113.0/24",
            "AllowedPattern": r"(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})/(\d{1,2})",
            "Description": "Office network, allowed to reach the services.",
        },
        "LogBucketName": {
            "Type": "String",
            "Default": LOG_BUCKET,
            "Description": "Central bucket for access and flow logs.",
        },
        "ArtifactBucketName": {
            "Type": "String",
            "Default": ARTIFACT_BUCKET,
            "Description": "Bucket of build artifacts.",
        },
        "CertificateArn": {
            "Type": "String",
            "Default": CERTIFICATE_ARN,
            "Description": "Wildcard certificate of the environment.",
        },
        "LatestAmiId": {
            "Type": "AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>",
            "Default": "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64",
        },
        "InstanceType": {
            "Type": "String",
            "Default": "t3.medium",
            "AllowedValues": ["t3.small", "t3.medium", "t3.large", "m6i.large"],
        },
        "DBInstanceClass": {"Type": "String", "Default": "db.t3.medium"},
        "DBEngineVersion": {"Type": "String", "Default": "15.7"},
    }
    if not networks:
        parameters |= {
            "VpcId": {"Type": "AWS::EC2::VPC::Id", "Default": EXISTING_NETWORK["vpc_id"]},
            "PrivateSubnetIds": {
                "Type": "List<AWS::EC2::Subnet::Id>",
                "Default": ",".join(EXISTING_NETWORK["private_subnet_ids"]),
            },
            "PublicSubnetIds": {
                "Type": "List<AWS::EC2::Subnet::Id>",
                "Default": ",".join(EXISTING_NETWORK["public_subnet_ids"]),
            },
            "DBSubnetGroupName": {"Type": "String", "Default": EXISTING_NETWORK["db_subnet_group_name"]},
        }
    return parameters


def write_cloudformation(path: Path, layout: Layout) -> None:
    resources: dict[str, Any] = {}
    outputs: dict[str, Any] = {}
    for net in layout.networks:
        resources |= cfn_network(net)
    for service in layout.services:
        unit = cfn_service(service)
        if layout.limit is not None:
            unit = dict(list(unit.items())[: layout.limit])
        resources |= unit
        outputs |= cfn_service_outputs(service, unit)
    template = {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": f"Platform services of {PROJECT}: {len(layout.services)} service(s) in "
        f"{len(layout.networks) or 'an existing'} VPC(s)",
        "Parameters": cfn_parameters(layout.networks),
        "Mappings": {
            "EnvironmentSettings": {
                "dev": {"LogRetentionDays": 30, "BackupRetentionDays": 1},
                "staging": {"LogRetentionDays": 90, "BackupRetentionDays": 7},
                "prod": {"LogRetentionDays": 365, "BackupRetentionDays": 14},
            }
        },
        "Conditions": {"IsProd": Tag("!Equals", [Ref("Env"), "prod"])},
        "Resources": resources,
        "Outputs": outputs,
    }
    path.write_text("\n".join(yaml_mapping(template, 0)) + "\n")


# --- YAML text, with the short intrinsic forms ---------------------------------------------------------------
_PLAIN = re.compile(r"[A-Za-z0-9_/.][A-Za-z0-9_/.:*+=@<>() -]*")
_NUMBER_LIKE = re.compile(r"[-+]?(\d[\d_]*)?\.?\d*([eE][-+]?\d+)?|\d+[-:][\d:-]*|0x[0-9a-fA-F]+|0o[0-7]+")
_RESERVED = {"true", "false", "yes", "no", "on", "off", "null", "y", "n", "~"}


def yaml_scalar(value: Any) -> str:
    literal = _literal(value)
    if literal is not None:
        return literal
    text = str(value)
    if (
        _PLAIN.fullmatch(text)
        and not _NUMBER_LIKE.fullmatch(text)
        and text.lower() not in _RESERVED
        and not text.endswith((" ", ":"))
        and ": " not in text
        and " #" not in text
    ):
        return text
    return "'" + text.replace("'", "''") + "'"


def yaml_inline(value: Any, flow: bool = False) -> str | None:
    """``value`` on one line, or None when it needs block form. Lists are inline only inside a tag's
    arguments (``!Select [0, !GetAZs '']``), as people write them."""
    if isinstance(value, Tag):
        if isinstance(value.argument, list):
            items = [yaml_inline(item, flow=True) for item in value.argument]
            if any(item is None for item in items):
                return None
            return f"{value.tag} [{', '.join(str(item) for item in items)}]"
        if isinstance(value.argument, (dict, Literal)):
            return None
        text = yaml_scalar(value.argument)
        if value.tag == "!Sub" and not text.startswith("'"):
            text = "'" + text + "'"
        return f"{value.tag} {text}"
    if isinstance(value, list):
        if not flow:
            return "[]" if not value else None
        items = [yaml_inline(item, flow=True) for item in value]
        return None if any(item is None for item in items) else "[" + ", ".join(str(i) for i in items) + "]"
    if isinstance(value, (dict, Literal)):
        return "{}" if value == {} else None
    scalar = yaml_scalar(value)
    return scalar if not flow or not any(c in scalar for c in ",[]{}") or scalar.startswith("'") else f"'{scalar}'"


def yaml_mapping(mapping: dict[str, Any], indent: int) -> list[str]:
    lines: list[str] = []
    for key, value in mapping.items():
        lines += yaml_node(" " * indent + yaml_scalar(key) + ":", value, indent)
    return lines


def yaml_node(head: str, value: Any, indent: int, in_sequence: bool = False) -> list[str]:
    """``head`` (``key:`` or ``-``) followed by ``value``, inline or as a block under it."""
    inline = yaml_inline(value)
    if inline is not None:
        return [f"{head} {inline}"]
    if isinstance(value, Literal):
        return [f"{head} |"] + [" " * (indent + 2) + line if line else "" for line in value.text.splitlines()]
    if isinstance(value, Tag):
        argument = value.argument
        if isinstance(argument, Literal):
            return yaml_node(f"{head} {value.tag}", argument, indent)
        block = (
            yaml_mapping(argument, indent + 2) if isinstance(argument, dict) else yaml_sequence(argument, indent + 2)
        )
        return [f"{head} {value.tag}"] + block
    if isinstance(value, dict):
        block = yaml_mapping(value, indent + 2)
        if in_sequence:
            return [f"{head} {block[0].lstrip()}"] + block[1:]
        return [head] + block
    return [head] + yaml_sequence(value, indent + 2)


def yaml_sequence(items: Iterable[Any], indent: int) -> list[str]:
    lines: list[str] = []
    for item in items:
        lines += yaml_node(" " * indent + "-", item, indent, in_sequence=True)
    return lines


# =============================================================================================================
# How many of each, for about N resources
# =============================================================================================================


@dataclass
class Layout:
    services: list[Service]
    networks: list[Network]
    limit: int | None  # a unit cut short to its first resources, when N is below one service and network

    def tf_unit(self) -> tuple[list[Resource], dict[str, tuple[str, Any]]]:
        unit, outputs = service_unit()
        return (unit if self.limit is None else unit[: self.limit]), outputs

    def root_variables(self) -> list[Variable]:
        return ROOT_VARIABLES + ([] if self.networks else [EXISTING_NETWORK_VARIABLE])


def plan_layout(n: int, unit_size: int, network_size: Callable[[int], int]) -> tuple[int, list[int], int | None]:
    """(services, zones of each network, resources of a cut-short unit) making about ``n`` resources: about
    SERVICES_PER_NETWORK services a network, the last network with fewer zones where that comes closer."""
    if n < 1:
        raise SystemExit("N must be at least 1")
    smallest = network_size(1)
    if n <= unit_size and n < smallest + MIN_PARTIAL_UNIT:
        return 1, [], n  # part of a unit, in an existing VPC
    if n < unit_size + smallest:
        return 1, [1], n - smallest  # part of a unit, in a one-zone network
    best: tuple[float, float, int, list[int]] | None = None
    for services in range(1, n // unit_size + 2):
        ideal = services / SERVICES_PER_NETWORK
        for networks in range(
            math.ceil(services / (SERVICES_PER_NETWORK + 1)), math.ceil(services / (SERVICES_PER_NETWORK - 1)) + 1
        ):
            for last in range(1, MAX_AZS + 1):
                zones = [MAX_AZS] * (networks - 1) + [last]
                error = abs(services * unit_size + sum(network_size(z) for z in zones) - n)
                # Within 1% of n, the usual ratio of services to networks matters more than the last resource.
                candidate = (max(error, n // 100), abs(networks - ideal), services, zones)
                if best is None or candidate[:2] < best[:2]:
                    best = candidate
    assert best is not None
    return best[2], best[3], None


def make_layout(n: int, unit_size: int, network_size: Callable[[int], int]) -> Layout:
    count, zones, limit = plan_layout(n, unit_size, network_size)
    networks = [Network(i + 1, z) for i, z in enumerate(zones)]
    services = [Service(i, networks[i * len(networks) // count] if networks else None) for i in range(count)]
    return Layout(services, networks, limit)


def main() -> None:
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    out, n = Path(sys.argv[1]), int(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)

    # The two languages split a service differently (six S3 resources in Terraform, one in CloudFormation), so
    # each gets the number of services and networks that makes about n resources in it.
    terraform = make_layout(n, len(service_unit()[0]), tf_network_size)
    root = out / "terraform"
    root.mkdir(exist_ok=True)
    for old in root.rglob("*.tf"):
        old.unlink()
    write_terraform(root, terraform)
    write_plan(out / "plan.json", terraform)

    cloudformation = make_layout(
        n, len(cfn_service(Service(0, Network(1, 1)))), lambda z: len(cfn_network(Network(1, z)))
    )
    write_cloudformation(out / "template.yaml", cloudformation)


if __name__ == "__main__":
    main()
