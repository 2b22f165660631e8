"""Loose comparisons: ``"true"`` equals ``true`` and ``"22"`` equals ``22``, as providers and CloudFormation
treat them, so a policy need not spell every value twice."""

from __future__ import annotations

from typing import Any

from gate.values import MARKS, PARTITION_MARK, Unknown, known_text, variants


def as_bool(value: Any) -> bool | None:
    """A bool, or a string a provider converts to its bool attribute: cty's primitive conversion takes
    ``"true"``/``"1"`` and ``"false"``/``"0"``
    (https://developer.hashicorp.com/terraform/language/expressions/type-constraints#conversion-of-primitive-types)."""
    if isinstance(value, bool):
        return value
    if value in ("1", "0"):
        return bool(value == "1")
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    return None


def as_number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            return None
    return None


def loose_equals(actual: Any, expected: Any) -> bool:
    if isinstance(expected, bool):
        return as_bool(actual) is expected
    if isinstance(expected, (int, float)):
        number = as_number(actual)
        return number is not None and number == float(expected)
    if isinstance(expected, str) and isinstance(actual, str):
        return actual == expected
    if isinstance(expected, str) and isinstance(actual, (int, float)) and not isinstance(actual, bool):
        return as_number(expected) == float(actual)
    return bool(actual == expected)


def partition_variants(value: Unknown) -> list[str]:
    """Every value a partly known string can take when its only unknown part is the AWS partition
    (``arn:${data.aws_partition.p.partition}:iam::aws:policy/ReadOnlyAccess``), one per partition; empty when
    anything else in it is unknown (or the gate could not compute it)."""
    text = known_text(value)
    if text is None or value.gap or any(mark in text for mark in MARKS if mark != PARTITION_MARK):
        return []
    return variants(text)
