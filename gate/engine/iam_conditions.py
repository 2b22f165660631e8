"""Does a statement's ``Condition`` narrow who may use a grant to ``Principal: "*"``? Read the way AWS judges a
policy "public" (Amazon S3 Block Public Access, IAM Access Analyzer): only a *fixed* value of a key that names
the caller's account, organisation, network or source narrows it.

A test ``{operator: {key: values}}`` restricts when all of these hold:

- the key is one of ``RESTRICTING_KEYS`` (or a web identity provider's ``:sub``);
- the operator is a positive match (``StringEquals``, ``StringLike``, ``ArnEquals``, ``ArnLike``, ``IpAddress``
  and their case-insensitive forms). A negated operator (``StringNotEquals``, ``NotIpAddress``...) is true when
  the key is absent from the request, as it is for an anonymous caller; ``...IfExists`` is true when it is
  absent; ``Null`` only tests presence; ``ForAllValues:`` is true when the key is absent; ``ForAnyValue:`` is
  meant for multivalued keys, and among these keys only the organisation paths are (IAM User Guide, "Condition
  operators" and "Set operators for multivalued context keys");
- every value is fixed: no policy variable (``${aws:...}``), and, for the ``...Like`` operators (for which ``*``
  and ``?`` are wildcards; ``StringEquals`` compares them literally), no wildcard where it would choose the owner
  (an ARN's account, or for an S3 ARN its bucket; an organisation path's organisation; the role id of
  ``aws:userid``; a web identity subject's first field). ``aws:SourceIp`` values must be CIDRs that are not the
  internet, alone or together (``gate.engine.cidrs``). A value known only after apply is fixed under an exact
  operator (it is compared as it is), and unknown under a ``...Like`` one unless its known part fixes the owner.

Several tests in one Condition must all hold, so one that restricts restricts the statement.

A Deny narrows the grants beside it the other way round (``deny_restricts``): its Condition must hold for every
caller outside a fixed set, which a single negated test does (``StringNotEquals aws:SourceVpce vpce-1``, with or
without ``IfExists``: true for every other value and when the key is absent), judged by the same rules on the
key and its values. A Deny with more tests applies only when all hold, so it narrows nothing for sure.

``requires_value`` reads a test the other way: does a statement apply only when a key has one value (``Bool
aws:SecureTransport false``)?
"""

from __future__ import annotations

from typing import Any

from gate.engine.cidrs import AddressSet, is_internet, parse_cidr
from gate.values import MARKS, UNKNOWN_MARK, Origin, Unknown, known_text

RESTRICTING_KEYS = frozenset(
    key.lower()
    for key in (
        "aws:SourceArn",
        "aws:SourceAccount",
        "aws:SourceOwner",
        "aws:SourceVpc",
        "aws:SourceVpce",
        "aws:SourceIp",
        "aws:PrincipalOrgID",
        "aws:PrincipalOrgPaths",
        "aws:PrincipalAccount",
        "aws:PrincipalArn",
        "aws:userid",
        "aws:SourceOrgID",
        "aws:SourceOrgPaths",
        "aws:PrincipalServiceName",
        "kms:CallerAccount",
        "kms:ViaService",
        "lambda:FunctionArn",
        "sns:Endpoint",
        "s3:DataAccessPointAccount",
        "s3:DataAccessPointArn",
        "sts:ExternalId",
        "lambda:EventSourceToken",
    )
)
_ARN_KEYS = frozenset({"aws:sourcearn", "aws:principalarn", "lambda:functionarn", "s3:dataaccesspointarn"})
_PATH_KEYS = frozenset({"aws:principalorgpaths", "aws:sourceorgpaths"})
_POSITIVE = frozenset({"stringequals", "stringequalsignorecase", "stringlike", "arnequals", "arnlike", "ipaddress"})
_WILDCARDS = ("*", "?")
_NEGATED = {
    "stringnotequals": "stringequals",
    "stringnotequalsignorecase": "stringequalsignorecase",
    "stringnotlike": "stringlike",
    "arnnotequals": "arnequals",
    "arnnotlike": "arnlike",
    "notipaddress": "ipaddress",
}
_EQUALS = frozenset({"bool", "stringequals", "stringequalsignorecase"})


def _is_restricting_key(key: str) -> bool:
    return key in RESTRICTING_KEYS or key.endswith(":sub")


def _positive(operator: str, key: str) -> bool:
    qualifier, _, base = operator.rpartition(":")
    if qualifier == "forallvalues" or (qualifier == "foranyvalue" and key not in _PATH_KEYS):
        return False
    if qualifier not in ("", "foranyvalue"):
        return False
    return base in _POSITIVE


def _owner(key: str, value: str) -> str | None:
    """The part of ``value`` that must be free of wildcards for it to fix the caller; None when it is empty."""
    if key == "aws:sourceip":
        return value
    if key in _ARN_KEYS:
        parts = value.split(":", 5)
        if len(parts) < 6:
            return value
        account, resource = parts[4], parts[5]
        return account or resource.split("/", 1)[0] or None
    if key in _PATH_KEYS:
        return value.split("/", 1)[0] or None
    if key == "aws:userid":
        return value.split(":", 1)[0] or None
    if key.endswith(":sub"):
        scheme, _, rest = value.partition(":")
        first = rest if rest else scheme
        for separator in "/:":
            first = first.split(separator, 1)[0]
        return first or None
    return value


def _fixed_text(key: str, value: str, like: bool) -> bool:
    if "${" in value:  # a policy variable: the caller's own value
        return False
    if key == "aws:sourceip":
        network = parse_cidr(value)
        return network is not None and not is_internet(network)
    owner = _owner(key, value) if like else value
    return bool(owner) and not (like and owner is not None and any(w in owner for w in _WILDCARDS))


def _fixed(key: str, value: Any, like: bool) -> bool | None:
    """Is ``value`` one fixed value of ``key``? None when it is known only after apply and might not be."""
    if isinstance(value, Unknown):
        if value.origin is Origin.ACCOUNT or (value.concrete and key != "aws:sourceip"):
            return True  # the deploying account, or an identifier this configuration creates
        if key != "aws:sourceip" and not like:
            return True
        text = known_text(value)
        if text is None:
            return None
        # A part known only after apply may be any text, "*" included; the partition, the deploying account and
        # an identifier of this configuration are concrete text, never a wildcard.
        widest = text.replace(UNKNOWN_MARK, "*")
        for mark in MARKS:
            widest = widest.replace(mark, "concrete")
        return True if _fixed_text(key, widest, like) else None
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return False
    return _fixed_text(key, str(value).strip(), like)


def _test_restricts(operator: str, key: str, values: Any) -> bool | None:
    if not _is_restricting_key(key) or not _positive(operator, key):
        return False
    if isinstance(values, Unknown) and isinstance(values.partial, list):
        values = values.partial
    items = values if isinstance(values, list) else [values]
    if not items:
        return False
    like = operator.endswith("like")
    if key == "aws:sourceip":  # the ranges are alternatives: together they must not be the internet
        networks = [parse_cidr(item) for item in items if isinstance(item, str)]
        if AddressSet.of(*(n for n in networks if n is not None)).internet_families():
            return False
    verdicts = [_fixed(key, item, like) for item in items]
    if all(v is True for v in verdicts):
        return True
    return None if all(v is not False for v in verdicts) else False


def is_restricted(condition: Any) -> bool | None:
    """Does a statement's Condition narrow who may use it (to accounts, networks, organisations, sources)? None
    when the answer depends on a value known only after apply."""
    if not condition:
        return False
    if not isinstance(condition, dict):
        return None
    unsure = False
    for operator, tests in condition.items():
        if isinstance(tests, Unknown):
            unsure = True
            continue
        if not isinstance(tests, dict):
            continue
        for key, values in tests.items():
            verdict = _test_restricts(str(operator).strip().lower(), str(key).strip().lower(), values)
            if verdict:
                return True
            unsure = unsure or verdict is None
    return None if unsure else False


def _tests(condition: dict[Any, Any]) -> list[tuple[str, str, Any]] | None:
    """(operator, key, values) of every test, lower-cased; None when a part is known only after apply."""
    found = []
    for operator, tests in condition.items():
        if not isinstance(tests, dict) or isinstance(tests, Unknown):
            return None
        for key, values in tests.items():
            found.append((str(operator).strip().lower(), str(key).strip().lower(), values))
    return found


def deny_restricts(condition: Any) -> bool | None:
    """Does a Deny with this Condition refuse every caller outside a fixed account, organisation, network or
    source? None when that depends on a value known only after apply."""
    if not isinstance(condition, dict) or isinstance(condition, Unknown):
        return None if isinstance(condition, Unknown) else False
    tests = _tests(condition)
    if tests is None:
        return None
    if len(tests) != 1:
        return False
    operator, key, values = tests[0]
    positive = _NEGATED.get(operator.removesuffix("ifexists"))
    return False if positive is None else _test_restricts(positive, key, values)


def _is_value(item: Any, wanted: str) -> bool | None:
    if isinstance(item, Unknown):
        return None
    if isinstance(item, bool):
        return str(item).lower() == wanted
    return isinstance(item, (str, int)) and str(item).strip().lower() == wanted


def requires_value(condition: Any, key: str, value: str) -> bool | None:
    """Does the Condition hold only when ``key`` is ``value`` (``Bool``, ``StringEquals``, their ``IfExists``
    forms; case-insensitive), with no other test to narrow it further? None when a part is unknown."""
    if not isinstance(condition, dict) or isinstance(condition, Unknown):
        return None if isinstance(condition, Unknown) else False
    tests = _tests(condition)
    if tests is None:
        return None
    if len(tests) != 1:
        return False
    operator, found_key, values = tests[0]
    if found_key != key.lower() or operator.removesuffix("ifexists") not in _EQUALS:
        return False
    if isinstance(values, Unknown) and isinstance(values.partial, list):
        values = values.partial
    items = values if isinstance(values, list) else [values]
    verdicts = [_is_value(item, value.lower()) for item in items]
    if items and all(v is True for v in verdicts):
        return True
    return None if None in verdicts else False
