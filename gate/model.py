"""The data that flows through the gate: resources in, results out.

Every class is a plain slotted dataclass: resources and results are built thousands of times per scan. Those
read from documents (policies here; settings, waivers and baselines elsewhere) are checked against the class
itself by :mod:`gate.schema`, which refuses unknown keys of classes marked ``FORBID``; results are written
as JSON by the reporters and read back by the backlog the same way.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from typing import Annotated, Any

from gate.schema import FORBID, Bounds


class Severity(enum.StrEnum):
    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    INFO = "info"

    @property
    def rank(self) -> int:
        """0 for critical, 4 for info: sorts the most severe first."""
        return list(Severity).index(self)


class Family(enum.StrEnum):
    ENCRYPTION = "encryption"
    PERMISSION = "permission"
    NETWORK = "network"


class Status(enum.StrEnum):
    FAILED = "failed"
    PASSED = "passed"
    UNKNOWN = "unknown"
    ERROR = "error"
    WAIVED = "waived"  # failed or unknown, and covered by a valid waiver from the waiver file
    SUPPRESSED = "suppressed"  # failed or unknown, and skipped inline (``# gate:skip=ID reason="..."``)


class Disposition(enum.StrEnum):
    BLOCK = "block"
    BACKLOG = "backlog"
    IGNORE = "ignore"


# The policy id of the error results a file that cannot be read gives (every report shows them as errors).
INPUT_ERROR_ID = "GATE-INPUT-ERROR"
# A policy id: upper-case words joined by hyphens (GATE-NET-001, ACME-S3-7).
POLICY_ID_PATTERN = r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$"

# Input formats. "terraform" policy targets cover both HCL and plans: both use the provider schema.
FORMAT_TERRAFORM = "terraform"
FORMAT_PLAN = "terraform-plan"
FORMAT_CLOUDFORMATION = "cloudformation"
FORMATS = (FORMAT_TERRAFORM, FORMAT_PLAN, FORMAT_CLOUDFORMATION)


def target_of(fmt: str) -> str:
    """The policy target that judges resources of input format ``fmt``."""
    return FORMAT_TERRAFORM if fmt == FORMAT_PLAN else fmt


@dataclass(frozen=True, slots=True, kw_only=True)
class Location:
    file: str
    start_line: int = 0
    end_line: int = 0


@dataclass(frozen=True, slots=True)
class InlineSkip:
    """``# gate:skip=ID reason="..."`` above a Terraform block, or CloudFormation ``Metadata: {gate: {skip: ...}}``.
    A skip without a reason is kept (``reason=None``) so that it can be reported, never honoured."""

    policy_id: str
    reason: str | None
    line: int


@dataclass(slots=True)
class Resource:
    """One resource instance, whatever format it came from.

    ``scope`` names the unit in which addresses are unique (a root module directory, a plan file, a template),
    so that references are resolved only within it. ``references`` maps a top-level attribute to the base
    addresses (no instance key) of the resources its expression refers to.
    """

    address: str
    type: str
    format: str
    attributes: dict[str, Any]
    location: Location
    scope: str
    mode: str = "managed"
    references: dict[str, frozenset[str]] = field(default_factory=dict)
    sensitive: frozenset[str] = frozenset()
    actions: tuple[str, ...] = ()
    skips: tuple[InlineSkip, ...] = ()
    before: dict[str, Any] | None = None  # a plan's prior values, for updates and replacements
    calls: tuple[Location, ...] = ()  # the module blocks that instantiate it, outermost first
    # The files its values were read from besides its own (module calls, variable definitions and values,
    # locals, files it reads): a change to any of them changes what this resource is.
    origins: frozenset[str] = frozenset()
    # Terraform: the version constraints the configuration puts on each provider it requires, by source
    # (``{"hashicorp/aws": (">= 5.0", "~> 6.1")}``), from every module of its root; provider defaults that
    # changed between versions are judged by them (gate.engine.provider_versions).
    provider_versions: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Terraform: the provider configuration it uses when that is not the root module's default configuration of
    # hashicorp/aws (``aws.sandbox``, a module's own ``provider`` block, another source such as ``example-corp/aws``),
    # "" when it is. Such a configuration may reach another account (or be a provider the author publishes): what
    # the resource says about "this account" is unknown (gate.engine.provider_accounts).
    provider: str = ""
    # Where its top-level arguments and nested blocks are written (``ingress[0]`` -> lines): gate.loaders.spans.
    spans: dict[str, Location] = field(default_factory=dict)

    @property
    def base_address(self) -> str:
        """The address without instance keys (``aws_x.y[0]`` -> ``aws_x.y``), as references name it."""
        return strip_instance_keys(self.address)

    @property
    def block_address(self) -> str:
        """The address without its own instance key (``module.a["k"].aws_x.y[0]`` -> ``module.a["k"].aws_x.y``):
        all instances of the resource block within one module instance, as references from inside it name them."""
        return _OWN_KEY.sub("", self.address) if self.address.endswith("]") else self.address


# An instance key: ``[0]`` or ``["name"]`` (the name may hold brackets and escaped quotes).
_INSTANCE_KEY = re.compile(r'\[(?:"(?:[^"\\]|\\.)*"|[^\]"])*\]')
_OWN_KEY = re.compile(_INSTANCE_KEY.pattern + "$")


def strip_instance_keys(address: str) -> str:
    """``module.a["k"].aws_x.y[0]`` -> ``module.a.aws_x.y``."""
    return _INSTANCE_KEY.sub("", address) if "[" in address else address


@dataclass(frozen=True, slots=True, kw_only=True)
class Evidence:
    """The attribute that decided a result, and its value as the policy saw it (sensitive values redacted)."""

    attribute: str
    value: Any = None
    note: str = ""
    before: Any = None  # the value before the change, for a regression found in a plan


@dataclass(slots=True, kw_only=True)
class ResourceRef:
    address: str
    type: str
    format: str


@dataclass(slots=True, kw_only=True)
class Cause:
    """Another resource whose arguments make a finding: a rule resource that opens the group it attaches to,
    an ACL resource that makes a bucket public. Its finding is its own (its own fingerprint, skip and waiver)."""

    address: str
    type: str
    location: Location


@dataclass(slots=True, kw_only=True)
class Suppression:
    """Who set a result aside, and why: an inline skip or a waiver."""

    kind: str  # "inline" or "waiver"
    reason: str
    owner: str | None = None
    expires: str | None = None  # ISO date, waivers only
    source: str | None = None  # where it is written: "file:line"
    original_status: Status = Status.FAILED


@dataclass(frozen=True, slots=True, kw_only=True)
class Introduced:
    """Who last changed the lines of the block a finding is written on (``git blame`` of that range).

    ``commit`` is empty when a line of the block is not committed yet (a file never committed, or a change
    in the working tree): nobody is named then. Author and summary are whatever the commit says, written by
    whoever made it: text to show (inertly), never an identity the gate vouches for."""

    commit: str
    author: str
    date: str  # the author date, ISO 8601 with its offset; empty when not committed
    summary: str

    @property
    def committed(self) -> bool:
        return bool(self.commit)


@dataclass(slots=True, kw_only=True)
class ChangeRequest:
    """The pull or merge request the pipeline runs for, as the CI environment names it."""

    kind: str  # "pull request" (GitHub) or "merge request" (GitLab)
    number: str
    author: str
    url: str


@dataclass(slots=True, kw_only=True)
class Result:
    policy_id: str
    title: str
    severity: Severity
    family: str
    status: Status
    disposition: Disposition = Disposition.IGNORE
    resource: ResourceRef
    location: Location
    message: str
    fingerprint: str
    evidence: list[Evidence] = field(default_factory=list)
    suppression: Suppression | None = None
    baseline: bool = False  # failed before: present in the baseline, so backlog rather than block
    regression: bool = False  # a plan's change turns a passing resource into a failing one
    module_calls: list[Location] = field(default_factory=list)  # the module blocks leading to it, outermost first
    root: str = ""  # the root it was judged in: ``terraform:<root module directory>``, ``plan:<file>``, a template
    cause: Cause | None = None  # the other resource that causes it; None: the resource's own arguments

    # An unknown result whose unknown is an evaluation gap: what the gate could not compute (a function it
    # lacks, a construct, a limit). Stages treat it like a failure (docs/values.md).
    gap: str | None = None
    # The fingerprint of the broader result this one is told under (gate.engine.subsume): detail of that
    # finding, not a finding of its own; it never lowers the decision, since the broader one does as much.
    subsumed_by: str | None = None
    # The block or attribute to change, when narrower than ``location`` (an ``ingress`` block, the module
    # argument a decisive value comes from); ``location`` stays the resource judged. None: ``location``.
    region: Location | None = None
    introduced: Introduced | None = None  # failed and unknown results in a git work tree, unless --no-blame


def written_on(result: Result) -> tuple[str, str]:
    """(file, address) of the resource whose arguments make ``result``: the one that causes it when another
    resource does (a rule resource opening a group), else the resource judged. Skips and waivers name it."""
    if result.cause is not None:
        return result.cause.location.file, result.cause.address
    return result.location.file, result.resource.address


@dataclass(slots=True, kw_only=True)
class InputErrorEntry:
    file: str
    line: int | None = None
    message: str


@dataclass(slots=True, kw_only=True)
class ToolInfo:
    name: str = "policy-gate"
    version: str


@dataclass(slots=True, kw_only=True)
class Summary:
    failed: dict[str, int]
    passed: int
    unknown: int
    errors: int
    waived: int = 0
    suppressed: int = 0
    subsumed: int = 0  # results told under a broader finding (gate.engine.subsume), counted nowhere else


@dataclass(slots=True, kw_only=True)
class PolicyInfo:
    """What reporters and trackers need to know of a policy that produced results."""

    id: str
    title: str
    family: str
    severity: Severity
    description: str
    remediation: dict[str, str]
    references: list[str] = field(default_factory=list)


@dataclass(slots=True, kw_only=True)
class BaselineEntry:
    fingerprint: str
    policy_id: str
    address: str
    file: str
    root: str = ""
    cause: str = ""  # the address of the resource causing it, when another one does


@dataclass(slots=True, kw_only=True)
class BaselineInfo:
    """How the run used a baseline: results it turned from block into backlog, and entries no longer found."""

    file: str
    matched: int
    fixed: list[BaselineEntry] = field(default_factory=list)


@dataclass(slots=True, kw_only=True)
class RunResult:
    """The JSON contract (``schema_version`` 1): documented in the README, read by every reporter."""

    schema_version: str = "1"
    tool: ToolInfo
    stage: str
    passed: bool
    decision: str
    summary: Summary
    results: list[Result]
    errors: list[InputErrorEntry]
    notices: list[str] = field(default_factory=list)
    policies: dict[str, PolicyInfo] = field(default_factory=dict)
    baseline: BaselineInfo | None = None
    change: ChangeRequest | None = None  # the pull or merge request of the CI run, when there is one


@dataclass(slots=True, kw_only=True)
class JudgedWith:
    """A rule resource attached (through ``attribute``) to a resource of ``types`` in the scan is judged as
    part of that resource, not on its own: one finding, where the user looks for it."""

    __pydantic_config__ = FORBID
    attribute: str
    types: list[str]
    key: str | None = None  # also attached when ``attribute`` holds the value of this attribute of the parent


@dataclass(slots=True, kw_only=True)
class Target:
    __pydantic_config__ = FORBID
    resource_types: Annotated[list[str], Bounds(min_length=1)]
    condition: Any
    judged_with: JudgedWith | None = None


@dataclass(slots=True, kw_only=True)
class Policy:
    """A policy as written in ``policies/<family>/<ID>.yaml``: once, with one target per input format."""

    __pydantic_config__ = FORBID
    id: Annotated[str, Bounds(pattern=POLICY_ID_PATTERN)]
    title: Annotated[str, Bounds(min_length=1)]
    family: Family
    severity: Severity
    description: Annotated[str, Bounds(min_length=1)]
    remediation: dict[str, str]
    references: list[str] = field(default_factory=list)
    targets: Annotated[dict[str, Target], Bounds(min_length=1)]
    equivalents: dict[str, list[str]] = field(default_factory=dict)
    # Narrower policies this one covers on the same rule (all ports open covers SSH open): their failures on
    # the same resource and blocks are reported under this one's (gate.engine.subsume).
    subsumes: list[str] = field(default_factory=list)

    def info(self) -> PolicyInfo:
        return PolicyInfo(
            id=self.id,
            title=self.title,
            family=self.family.value,
            severity=self.severity,
            description=self.description.strip(),
            remediation={k: v.strip() for k, v in self.remediation.items()},
            references=self.references,
        )
