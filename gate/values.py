"""Values that are not known before apply.

Loaders turn anything they cannot resolve (an unset variable, an attribute computed by the provider, a
CloudFormation ``!GetAtt``) into an :class:`Unknown`, never into the literal source text, so that the engine
can say "unknown" instead of guessing.
"""

from __future__ import annotations

from typing import Any


class Unknown:
    """A value known only at apply time.

    ``refs`` names the resources it derives from (``aws_s3_bucket.logs``, a CloudFormation logical id): a value
    computed from a resource is a concrete attribute of that resource, never a wildcard. ``partial`` keeps what
    is known of a structure some of whose parts are unknown (a ``jsonencode`` of a policy document whose
    ``Resource`` is an ARN computed at apply time), so helpers can still read the known parts.
    """

    __slots__ = ("refs", "partial", "reason")

    def __init__(self, refs: frozenset[str] = frozenset(), partial: Any = None, reason: str = "") -> None:
        self.refs = refs
        self.partial = partial
        self.reason = reason

    def __repr__(self) -> str:
        return "(known after apply)"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Unknown) and other.refs == self.refs and other.partial == self.partial

    def __hash__(self) -> int:
        return hash(("Unknown", self.refs))

    @property
    def from_resource(self) -> bool:
        """True when the value is an attribute of resources in the scan (an id or ARN, never ``*``)."""
        return bool(self.refs) and not self.reason.startswith("var")


# Stands for the unknown parts of a string template whose other parts are known (a heredoc policy document
# interpolating an ARN), so the known text can still be read: see ``UnknownText``.
UNKNOWN_MARK = "\u27e8known after apply\u27e9"


class UnknownText(str):
    """The text of a template with its unknown parts replaced by ``UNKNOWN_MARK``: kept as ``Unknown.partial``
    and read only by helpers that know the mark (a JSON policy document is parsed, and each string holding
    the mark becomes an Unknown again)."""


def known_text(value: Any) -> str | None:
    """The known text of a partly known string (its unknown parts are ``UNKNOWN_MARK``), else None."""
    if isinstance(value, Unknown) and isinstance(value.partial, UnknownText):
        return str(value.partial)
    return None


def unknown_of(*values: Any, reason: str = "") -> Unknown:
    """An Unknown whose references are the union of those of ``values`` that are unknown."""
    refs: frozenset[str] = frozenset()
    for value in values:
        if isinstance(value, Unknown):
            refs |= value.refs
            reason = reason or value.reason
    return Unknown(refs, reason=reason)


def contains_unknown(value: Any) -> bool:
    """True when ``value`` or anything nested in it is unknown."""
    if isinstance(value, Unknown):
        return True
    if isinstance(value, dict):
        return any(contains_unknown(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return any(contains_unknown(v) for v in value)
    return False


def known_part(value: Any) -> Any:
    """The known structure behind ``value``: its ``partial`` for an Unknown that has one, else the value."""
    if isinstance(value, Unknown) and value.partial is not None:
        return value.partial
    return value
