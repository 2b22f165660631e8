"""Named helpers for what data cannot say well: network rules (CIDRs and port ranges, inline or attached) and
IAM policy documents. Each helper is listed once in ``HELPERS`` with the dataclass of its arguments, against
which a policy's arguments are checked when it is compiled."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from gate.engine.cidr_lists import CidrsCoverInternetArgs, cidrs_cover_internet
from gate.engine.documents import DocumentArgs, document
from gate.engine.iam import IamStatementArgs, iam_statement
from gate.engine.kms_keys import CustomerManagedKeyArgs, customer_managed_key
from gate.engine.managed_policies import ManagedPolicyArgs, managed_policy_statement
from gate.engine.network import IngressOpenArgs, ingress_open
from gate.engine.outcome import Outcome
from gate.engine.provider_versions import ProviderAtLeastArgs, provider_at_least
from gate.engine.resource_policies import ResourcePolicyArgs, resource_policy
from gate.engine.s3_acl import S3AclSharedArgs, s3_acl_shared
from gate.engine.targets import RefersToArgs, refers_to
from gate.schema import SchemaError, check

if TYPE_CHECKING:
    from gate.engine.conditions import Compiler
    from gate.engine.context import Condition, Context

HelperFn = Callable[[Any, "Context", Any, str], Outcome]


HELPERS: dict[str, tuple[type, HelperFn]] = {
    "ingress_open": (IngressOpenArgs, ingress_open),
    "iam_statement": (IamStatementArgs, iam_statement),
    "cidrs_cover_internet": (CidrsCoverInternetArgs, cidrs_cover_internet),
    "provider_at_least": (ProviderAtLeastArgs, provider_at_least),
    "customer_managed_key": (CustomerManagedKeyArgs, customer_managed_key),
    "refers_to": (RefersToArgs, refers_to),
    "document": (DocumentArgs, document),
    "resource_policy": (ResourcePolicyArgs, resource_policy),
    "managed_policy_statement": (ManagedPolicyArgs, managed_policy_statement),
    "s3_acl_shared": (S3AclSharedArgs, s3_acl_shared),
}


@dataclass(slots=True)
class HelperCall:
    name: str
    args: Any
    fn: HelperFn

    def evaluate(self, ctx: Context, node: Any, prefix: str) -> Outcome:
        return self.fn(self.args, ctx, node, prefix)


def compile_helper(compiler: Compiler, raw: dict[str, Any]) -> Condition:
    name = raw.get("helper")
    if name not in HELPERS:
        raise compiler.fail(raw, f"unknown helper {name!r} (expected one of {', '.join(sorted(HELPERS))})")
    model, fn = HELPERS[name]
    try:
        args: Any = check(model, {k: v for k, v in raw.items() if k != "helper"})
    except SchemaError as exc:
        where = ".".join(str(p) for p in exc.first.loc)
        detail = exc.first.message.removeprefix("Value error, ")
        raise compiler.fail(raw, f"helper {name}: {where + ': ' if where else ''}{detail}") from None
    bind = getattr(args, "bind", None)  # arguments that hold a condition compile it here, with its line
    return HelperCall(str(name), bind(compiler) if bind is not None else args, fn)
