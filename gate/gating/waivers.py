"""Governed waivers: ``.gate-waivers.yaml`` (or ``--waivers FILE``), each entry with a reason, an owner and an
expiry no further away than the configured maximum. A waiver that is expired, malformed or too long does not
waive: the result counts again, and the run says why. Its reason and owner may not be blank, and a policy or
resource pattern broader than a policy family, a resource type or a module waives only where configuration says
``waivers: {allow_wildcards: true}`` (with ``--base-ref``, the configuration of the base of the change: a pull
request cannot grant itself the setting; docs/security.md).

A waiver names the resource whose arguments make the finding: for a group opened by a separate rule resource
(``aws_security_group_rule``, ``aws_vpc_security_group_ingress_rule``, ``AWS::EC2::SecurityGroupIngress``),
that rule resource, so that a waiver on the group never waives a new rule that opens it.

```yaml
waivers:
  - policy: GATE-NET-001
    resource: aws_security_group.bastion   # an address, or a glob such as module.legacy.*
    file: infra/main.tf                    # optional
    root: envs/prod                        # optional: the root module directory (or plan, template); default any
    reason: Bastion is reachable only through the VPN appliance in front of it
    owner: team-network
    expires: 2027-03-31
```
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from gate import yamlnodes
from gate.errors import ConfigError, InputError
from gate.globs import Glob, wildcard
from gate.model import Result, written_on
from gate.schema import FORBID, Bounds, SchemaError, check

_Text = Annotated[str, Bounds(min_length=1)]


@dataclass(frozen=True, slots=True, kw_only=True)
class Waiver:
    __pydantic_config__ = FORBID
    policy: _Text
    resource: _Text
    file: str | None = None
    root: str | None = None
    reason: _Text
    owner: _Text
    expires: dt.date


@dataclass(frozen=True)
class ActiveWaiver:
    waiver: Waiver
    source: str  # "file:line"
    resource_pattern: Glob
    file_pattern: Glob | None
    root_pattern: Glob | None = None

    def covers(self, result: Result) -> bool:
        if not _glob_match(self.waiver.policy, result.policy_id):
            return False
        file, address = written_on(result)
        if not self.resource_pattern.fullmatch(address):
            return False
        if self.root_pattern is not None and not self.root_pattern.fullmatch(root_name(result.root)):
            return False
        return self.file_pattern is None or bool(self.file_pattern.fullmatch(file))


def root_name(root: str) -> str:
    """``terraform:envs/prod`` -> ``envs/prod``: the root as a waiver names it."""
    return root.partition(":")[2] or root


def _glob_match(pattern: str, value: str) -> bool:
    """``*`` and ``?`` only: addresses hold brackets (``aws_x.y["a"]``) that fnmatch would read as classes.
    Matched in linear time (gate.globs): a waiver file's glob cannot hang the gate."""
    return wildcard(pattern).fullmatch(value)


def load_waivers(
    path: Path, shown: str, today: dt.date, max_days: int, known_policies: set[str], allow_wildcards: bool = False
) -> tuple[list[ActiveWaiver], list[str]]:
    """The waivers that may waive, and a notice for each one that may not (and why)."""
    try:
        raw = yamlnodes.load(path.read_text(encoding="utf-8"), shown)
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{shown}: cannot read: {exc}") from None
    except InputError as exc:
        raise ConfigError(str(exc)) from None
    entries = raw.get("waivers") if isinstance(raw, dict) else None
    if raw is not None and not isinstance(entries, list):
        raise ConfigError(f"{shown}:{getattr(raw, 'line', 1)}: expected a 'waivers' list")
    active: list[ActiveWaiver] = []
    notices: list[str] = []
    limit = today + dt.timedelta(days=max_days)
    for entry in entries or []:
        where = f"{shown}:{getattr(entry, 'line', 0) or '?'}"
        waiver, problem = _validate(entry, today, limit, max_days, known_policies)
        if waiver is not None and not allow_wildcards:
            problem = _wildcard(waiver)
            waiver = None if problem else waiver
        if waiver is None:
            notices.append(f"{where}: waiver does not waive: {problem}")
            continue
        file_pattern = wildcard(waiver.file) if waiver.file else None
        root_pattern = wildcard(waiver.root) if waiver.root else None
        active.append(ActiveWaiver(waiver, where, wildcard(waiver.resource), file_pattern, root_pattern))
    return active, notices


def _validate(entry: Any, today: dt.date, limit: dt.date, max_days: int, known: set[str]) -> tuple[Waiver | None, str]:
    if not isinstance(entry, dict):
        return None, "an entry must be a mapping"
    try:
        waiver = check(Waiver, entry)
    except SchemaError as exc:
        problem = exc.first
        key = ".".join(str(p) for p in problem.loc) or "entry"
        message = "is required" if problem.kind == "missing" else problem.message
        return None, f"{key} {message}"
    blank = [name for name in ("policy", "resource", "reason", "owner") if not getattr(waiver, name).strip()]
    if blank:
        return None, f"{blank[0]} is blank"
    if waiver.expires < today:
        return None, f"expired on {waiver.expires.isoformat()} ({waiver.policy} on {waiver.resource} counts again)"
    if waiver.expires > limit:
        return (
            None,
            f"expires {waiver.expires.isoformat()}, more than {max_days} days from today (the maximum lifetime)",
        )
    if "*" not in waiver.policy and "?" not in waiver.policy and waiver.policy not in known:
        return None, f"policy {waiver.policy!r} does not exist"
    return waiver, ""


# What a wildcard pattern must spell out before its first wildcard. A policy: its family (``GATE-NET-*``,
# ``CKV_AWS_*``), not the whole tool (``GATE-*``). A Terraform resource: its type (``aws_s3_bucket.*``, inside
# any module calls), or a module call (``module.legacy.*``); ``*.*`` or ``aws_*`` name more than that.
# A CloudFormation logical id (letters and digits only): some of them.
_POLICY_PREFIX = re.compile(r"[A-Za-z]+[-_][A-Za-z0-9]+[-_]")
_MODULE = r"module\.[\w-]+(?:\[[^\]*?]*\])?\."
_RESOURCE_PREFIX = re.compile(rf"(?:{_MODULE})+|(?:{_MODULE})*(?:data\.)?[a-z][a-z0-9]*_[a-z0-9_]+\.")


def _wildcard(waiver: Waiver) -> str:
    """Why a waiver whose pattern names every policy or every resource of more than one type may not waive."""
    for name, prefix in (("policy", _POLICY_PREFIX), ("resource", _RESOURCE_PREFIX)):
        pattern = getattr(waiver, name).strip()
        first = min((i for i in (pattern.find("*"), pattern.find("?")) if i >= 0), default=-1)
        if first < 0:
            continue
        literal = pattern[:first]
        logical_id = name == "resource" and literal.isalnum() and not set(pattern) & set("._[")  # CloudFormation
        broad = not literal if logical_id else not prefix.match(literal)
        if broad:
            return (
                f"{name} {pattern!r} names more than one {'policy family' if name == 'policy' else 'resource type'}: "
                "such a wildcard waives only when configuration (the base's, with --base-ref) sets "
                "waivers: {allow_wildcards: true}"
            )
    return ""
