"""Which resources a value *is*: the relation between two resources holds only through an identifier used as is.

``bucket = aws_s3_bucket.data.id`` attaches a block to that bucket; ``bucket = coalesce("legacy",
aws_s3_bucket.data.id)`` only mentions it, and its value is ``"legacy"`` (Terraform's ``coalesce`` returns its
first non-null, non-empty argument: https://developer.hashicorp.com/terraform/language/functions/coalesce). A value
derived from a reference can be any object, so it proves no relation (docs/values.md, "Identity: only an
identifier used as is is concrete"). In a plan every unknown is computed: ``terraform show -json`` keeps an
expression's references, not the expression, so a plan alone proves no relation by reference; the HCL the plan
was made from can (``gate.loaders.plan_identity``). Relations by a known value (a bucket's literal name) are
judged by equality elsewhere and need no proof.
"""

from __future__ import annotations

from typing import Any

from gate.values import Origin, Unknown


def identified(value: Any) -> frozenset[str]:
    """The addresses of the resources ``value`` is the identifier of, used as is (for a list, of each element
    that is one); empty for a known value and for any value derived from a reference."""
    items = value if isinstance(value, list) else [value]
    found: set[str] = set()
    for item in items:
        if isinstance(item, Unknown) and item.origin is Origin.IDENTIFIER:
            found.update(item.refs)
    return frozenset(found)
