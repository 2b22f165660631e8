"""Values that are not known before apply, and where each one comes from.

Loaders turn anything they cannot resolve (an unset variable, an attribute computed by the provider, a
CloudFormation ``!GetAtt``) into an :class:`Unknown`, never into the literal source text, so that the engine
can say "unknown" instead of guessing. Every Unknown carries its :class:`Origin` as data: what the engine may
still conclude (an identifier is never ``*``; the deploying account is never foreign) and what a stage does with
it (an evaluation gap blocks at every stage) is decided from the origin, never from the human ``reason``.
``docs/values.md`` describes each origin and what each stage does with it.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Iterator
from typing import Any


class Origin(enum.Enum):
    """Where an unknown value comes from."""

    # An attribute the provider computes when it applies (a plan's ``after_unknown``, ``aws_x.y.attr`` not set).
    COMPUTED = "computed"
    # An identifier of a resource (``.id``, ``.arn``, ``.name``, CloudFormation ``Ref`` / ``!GetAtt x.Arn``)
    # used as is: one concrete object, never ``*``, never a CIDR.
    IDENTIFIER = "identifier"
    # A variable or parameter that has no value (no default, no tfvars, no parameter file).
    UNSET = "unset"
    # Known only when deploying: CloudFormation pseudo parameters, SSM parameters, ImportValue, dynamic references,
    # conditions over them; data sources Terraform reads during plan.
    DEPLOY = "deploy"
    # The AWS partition (``aws``, ``aws-cn``, ``aws-us-gov``...): ``AWS::Partition``, ``data.aws_partition.*``.
    PARTITION = "partition"
    # The deploying account's id: ``AWS::AccountId``, ``data.aws_caller_identity.*.account_id``.
    ACCOUNT = "account"
    # From something the gate does not read: a remote module that is not fetched, a CloudFormation macro's output.
    UNREAD = "unread"
    # Computed from other unknowns by an expression, a function or a template: a plain unknown.
    DERIVED = "derived"
    # The gate cannot compute it although Terraform or CloudFormation could (a function the gate lacks, nesting
    # past a limit, an expression they would reject): blocks at every stage, see ``gate.gating.stages``.
    GAP = "gap"


# Origins whose value is one concrete thing, never a wildcard, a CIDR or an empty string.
CONCRETE = frozenset({Origin.IDENTIFIER, Origin.PARTITION, Origin.ACCOUNT})

# Data sources that describe the deploying account's own objects, read through the default provider configuration:
# the organization the caller's account belongs to
# (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/organizations_organization). Any
# other data source describes an object that exists already, maybe another account's (gate.engine.accounts).
OWN_DATA_SOURCES = frozenset({"aws_caller_identity", "aws_organizations_organization"})

# Every partition AWS has; a string built with the partition is one of these.
PARTITIONS = ("aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc")


class Unknown:
    """A value known only at apply (or deploy) time.

    ``origin`` says where it comes from (:class:`Origin`); ``refs`` names the resources it derives from
    (``aws_s3_bucket.logs``, a CloudFormation logical id), for relations between resources. ``partial`` keeps
    what is known of a structure some of whose parts are unknown (a ``jsonencode`` of a policy document whose
    ``Resource`` is an ARN computed at apply time), so helpers can still read the known parts. ``reason`` is for
    people only: nothing is decided from it. ``options``, when set, is every value it can take (a CloudFormation
    parameter without a value whose ``AllowedValues`` lists them): the engine judges each one
    (gate.engine.evaluate), and the result stands only when they all agree.
    """

    __slots__ = ("refs", "partial", "reason", "origin", "options")

    def __init__(
        self,
        refs: frozenset[str] = frozenset(),
        partial: Any = None,
        reason: str = "",
        origin: Origin = Origin.DERIVED,
        options: tuple[Any, ...] | None = None,
    ) -> None:
        self.refs = refs
        self.partial = partial
        self.reason = reason
        self.origin = origin
        self.options = options

    def __repr__(self) -> str:
        return "(known after apply)"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Unknown) and other.refs == self.refs and other.partial == self.partial

    def __hash__(self) -> int:
        return hash(("Unknown", self.refs))

    @property
    def concrete(self) -> bool:
        """True when the value is one concrete identifier (a resource's id or ARN, the partition, the deploying
        account): never ``*``, never a CIDR of the internet."""
        return self.origin in CONCRETE

    @property
    def gap(self) -> bool:
        """True when the gate could not compute a value that Terraform or CloudFormation could."""
        return self.origin is Origin.GAP


def gap(reason: str, refs: frozenset[str] = frozenset()) -> Unknown:
    """An evaluation gap: ``reason`` names the function or construct the gate cannot compute."""
    return Unknown(refs, reason=reason, origin=Origin.GAP)


# Stand for the unknown parts of a string template whose other parts are known (a heredoc policy document
# interpolating an ARN), so the known text can still be read: see ``UnknownText``. An unknown part is written
# with the mark of its origin: the partition and the deploying account keep what they are, anything else is
# UNKNOWN_MARK (it could be any text, ``*`` included). An identifier keeps its own mark: it is never ``*``.
UNKNOWN_MARK = "\u27e8known after apply\u27e9"
PARTITION_MARK = "\u27e8partition\u27e9"
ACCOUNT_MARK = "\u27e8this account\u27e9"
IDENTIFIER_MARK = "\u27e8identifier\u27e9"
MARKS = (UNKNOWN_MARK, PARTITION_MARK, ACCOUNT_MARK, IDENTIFIER_MARK)
_MARK_OF = {Origin.PARTITION: PARTITION_MARK, Origin.ACCOUNT: ACCOUNT_MARK, Origin.IDENTIFIER: IDENTIFIER_MARK}


def mark_of(value: Unknown) -> str:
    """The mark that stands for ``value`` inside a partly known string."""
    return _MARK_OF.get(value.origin, UNKNOWN_MARK)


def piece_of(value: Unknown) -> str:
    """How an unknown value is written inside a partly known string: its own known text when it has one (a
    string template inside another keeps its known parts), else its mark."""
    text = known_text(value)
    return text if text is not None else mark_of(value)


_READABLE = {
    UNKNOWN_MARK: "(known after apply)",
    PARTITION_MARK: "(partition)",
    ACCOUNT_MARK: "(this account)",
    IDENTIFIER_MARK: "(an id known after apply)",
}


def readable(text: str) -> str:
    """A partly known string for a message, each mark in words: ``arn:(partition):iam::aws:policy/X``."""
    for mark, words in _READABLE.items():
        text = text.replace(mark, words)
    return text


def shown(value: Any) -> str:
    """A value for a message: a partly known string as its readable known text."""
    text = known_text(value)
    return readable(text) if text is not None else repr(value)


class UnknownText(str):
    """The text of a template with its unknown parts replaced by their marks (``mark_of``): kept as
    ``Unknown.partial`` and read only by helpers that know the marks (a JSON policy document is parsed, and each
    string holding a mark becomes an Unknown again)."""


def known_text(value: Any) -> str | None:
    """The known text of a partly known string (its unknown parts are marks), else None."""
    if isinstance(value, Unknown) and isinstance(value.partial, UnknownText):
        return str(value.partial)
    return None


def has_mark(text: str) -> bool:
    return any(mark in text for mark in MARKS)


def variants(text: str) -> list[str]:
    """``text`` once for each partition its partition marks can stand for (the text alone when it has none)."""
    if PARTITION_MARK not in text:
        return [text]
    return [text.replace(PARTITION_MARK, partition) for partition in PARTITIONS]


def text_unknown(text: str, parts: list[Unknown]) -> Unknown:
    """A partly known string: ``text`` holds the marks of ``parts``, the unknown parts, in order."""
    result = unknown_of(*parts)
    result.partial = UnknownText(text)
    return result


_ORIGIN_OF_MARK = {mark: origin for origin, mark in _MARK_OF.items()}


def unknown_in_text(text: str, source: Unknown) -> Unknown:
    """A string read out of the known text of ``source`` (a JSON document in a heredoc) that holds marks: the
    unknown that a mark alone stands for, else a partly known string derived from ``source``."""
    origin = _ORIGIN_OF_MARK.get(text.strip())
    if origin is not None:
        return Unknown(source.refs, reason=source.reason, origin=origin)
    return Unknown(source.refs, UnknownText(text), source.reason, Origin.GAP if source.gap else Origin.DERIVED)


def json_in_text(value: Unknown) -> Any:
    """The JSON document held in the known text of a partly known string (a heredoc policy interpolating an
    ARN), each string that holds a mark an Unknown again (``unknown_in_text``); None when the text is not JSON
    (or the value has no known text)."""
    text = known_text(value)
    if text is None:
        return None
    try:
        document = json.loads(text)
    except ValueError:
        return None

    return restore_marks(document, value)


def restore_marks(node: Any, source: Unknown) -> Any:
    """``node`` (a document read out of ``source``'s known text) with each string that holds a mark made that
    unknown again (``unknown_in_text``), the plain unknown mark too; lists and maps are changed in place, so
    that a document that keeps its lines (a YAML template) keeps them."""
    if isinstance(node, str):
        return unknown_in_text(node, source) if has_mark(node) else node
    if isinstance(node, list):
        for index, item in enumerate(node):
            node[index] = restore_marks(item, source)
    elif isinstance(node, dict):
        for key, item in node.items():
            node[key] = restore_marks(item, source)
    return node


def unknown_of(*values: Any, reason: str = "") -> Unknown:
    """An Unknown derived from ``values`` (an expression over them): its references are the union of theirs; it
    is an evaluation gap when one of them holds a gap, else a plain (derived) unknown."""
    refs: frozenset[str] = frozenset()
    origin = Origin.DERIVED
    for value in values:
        for found in unknowns_in(value):
            refs |= found.refs
            if found.gap and origin is not Origin.GAP:
                origin, reason = Origin.GAP, found.reason
            reason = reason or found.reason
    return Unknown(refs, reason=reason, origin=origin)


def unknowns_in(value: Any) -> Iterator[Unknown]:
    """Every Unknown in ``value``, nested ones and those in the known part of an Unknown included."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, Unknown):
            yield item
            if item.partial is not None:
                stack.append(item.partial)
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)):
            stack.extend(item)


def cause_of(value: Any) -> Unknown | None:
    """The unknown in ``value`` that makes a decision about it unknown: an evaluation gap when there is one."""
    first: Unknown | None = None
    for found in unknowns_in(value):
        if found.gap:
            return found
        first = first or found
    return first


def contains_unknown(value: Any) -> bool:
    """True when ``value`` or anything nested in it is unknown."""
    if isinstance(value, Unknown):
        return True
    if isinstance(value, dict):
        return any(contains_unknown(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return any(contains_unknown(v) for v in value)
    return False
