"""Resource-based policies of every AWS resource type that carries one, judged by one helper.

``resource_policies.yaml`` (data) says, for each Terraform and CloudFormation type, where its policy is: policy
documents, single statements, or a *grant* resource whose arguments the service turns into one statement
(``aws_lambda_permission``: ``principal`` with ``source_arn`` becomes ``Principal`` with an ``ArnLike``
``aws:SourceArn`` condition). The helper ``resource_policy`` reads a resource through its entry and asks one
question of every statement, the way IAM Access Analyzer and S3 Block Public Access judge a policy
(https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-resources.html,
https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status):

- ``access: public``: an Allow to every principal that no fixed Condition narrows (``gate.engine.iam_conditions``);
- ``access: external``: an Allow to an AWS account outside ``approved_accounts`` (``gate.engine.accounts``);
- ``access: service``: an Allow to an AWS service principal that no Condition ties to a source (account, ARN,
  organisation), so that another account's resource of that service can use the grant.

A type missing from the table is unknown, never passed: a policy that lists it is a mistake a test catches.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from gate.engine.iam import IamStatementArgs, documents_at, judge_documents, parse_document
from gate.engine.outcome import Clue, Outcome
from gate.engine.paths import resolve, split_path
from gate.schema import FORBID
from gate.values import Unknown

if TYPE_CHECKING:
    from gate.engine.context import Context

TABLE = Path(__file__).with_name("resource_policies.yaml")

# A service principal: ``sns.amazonaws.com``, ``logs.eu-west-1.amazonaws.com``, ``alexa-appkit.amazon.com``.
_SERVICE = re.compile(r"^[a-z0-9][a-z0-9.-]*\.amazon(?:aws)?\.com(?:\.cn)?$", re.IGNORECASE)

_CRITERIA: dict[str, dict[str, Any]] = {
    "public": {"principal": "*", "unrestricted": True},
    "external": {"principal": "external"},
    "service": {"principal": "service", "unrestricted": True},
}


@dataclass(slots=True, frozen=True)
class Grant:
    principal: str
    action: str | None
    conditions: tuple[tuple[str, str, str], ...]  # (argument path, operator, condition key)


@dataclass(slots=True, frozen=True)
class Entry:
    documents: tuple[str, ...] = ()
    statements: tuple[str, ...] = ()
    grant: Grant | None = None


class TableError(ValueError):
    """The packaged table is malformed (a bug of the gate, caught by its tests)."""


def _grant(raw: Any, where: str) -> Grant:
    if not isinstance(raw, dict) or not isinstance(raw.get("principal"), str):
        raise TableError(f"{where}: grant needs a principal path")
    conditions = []
    for path, text in (raw.get("conditions") or {}).items():
        operator, _, key = str(text).partition(" ")
        if not operator or not key:
            raise TableError(f"{where}: condition of {path} must read 'Operator key'")
        conditions.append((str(path), operator, key))
    action = raw.get("action")
    return Grant(raw["principal"], action if isinstance(action, str) else None, tuple(conditions))


def parse_table(raw: Any) -> dict[str, Entry]:
    if not isinstance(raw, dict):
        raise TableError("the resource-policy table must map resource types to entries")
    table = {}
    for rtype, spec in raw.items():
        if not isinstance(spec, dict) or not set(spec) <= {"documents", "statements", "grant"} or not spec:
            raise TableError(f"{rtype}: an entry takes documents, statements and/or grant")
        grant = _grant(spec["grant"], str(rtype)) if "grant" in spec else None
        table[str(rtype)] = Entry(tuple(spec.get("documents", ())), tuple(spec.get("statements", ())), grant)
    return table


@cache
def table() -> dict[str, Entry]:
    """The table, read once (PyYAML is imported here, not when the engine is)."""
    import yaml

    return parse_table(yaml.safe_load(TABLE.read_text(encoding="utf-8")))


@dataclass(slots=True, kw_only=True)
class ResourcePolicyArgs:
    """``access``: what the resource's policy must not allow (see the module's documentation)."""

    __pydantic_config__ = FORBID
    access: Literal["public", "external", "service"]


def _principal(value: Any) -> Any:
    """A grant's principal as the statement the service writes: a service, or an account, ARN or ``*``; an
    unknown may be either."""
    if isinstance(value, Unknown):
        return {"AWS": value, "Service": value}
    if isinstance(value, str) and _SERVICE.match(value.strip()):
        return {"Service": value}
    return {"AWS": value}


def _grant_statements(grant: Grant, node: Any, prefix: str) -> Iterator[tuple[str, Any]]:
    for where, principal in resolve(node, split_path(grant.principal), prefix):
        condition: dict[str, dict[str, Any]] = {}
        for path, operator, key in grant.conditions:
            for _, value in resolve(node, split_path(path), prefix):
                if value is not None and value != "":
                    condition.setdefault(operator, {})[key] = value
        actions = [v for _, v in resolve(node, split_path(grant.action), prefix)] if grant.action else []
        statement = {"Effect": "Allow", "Principal": _principal(principal), "Action": actions or "*", "Resource": "*"}
        if condition:
            statement["Condition"] = condition
        yield where, {"Statement": [statement]}


def policy_documents(entry: Entry, node: Any, prefix: str) -> Iterator[tuple[str, Any]]:
    """(where, document) for every policy the entry finds on a resource."""
    yield from documents_at(entry.documents, node, prefix)
    for path in entry.statements:
        for where, value in resolve(node, split_path(path), prefix):
            statement = parse_document(value) if isinstance(value, str) else value
            if statement is not None:
                yield where, {"Statement": statement if isinstance(statement, list) else [statement]}
    if entry.grant is not None:
        yield from _grant_statements(entry.grant, node, prefix)


def resource_policy(args: ResourcePolicyArgs, ctx: Context, node: Any, prefix: str) -> Outcome:
    """True when the resource's policy allows what ``args.access`` names."""
    entry = table().get(ctx.resource.type)
    if entry is None:
        note = f"{ctx.resource.type} has no entry in the resource-policy table"
        return Outcome(None, [Clue(ctx.resource.type, note=note)])
    paths = [*entry.documents, *entry.statements] or [entry.grant.principal if entry.grant else ctx.resource.type]
    criteria = IamStatementArgs(attr=paths, effect="Allow", **_CRITERIA[args.access])
    return judge_documents(criteria, ctx, policy_documents(entry, node, prefix))
