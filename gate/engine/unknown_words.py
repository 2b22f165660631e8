"""How an unknown result is worded for the format of the resource it is about.

Terraform values are unknown until apply; CloudFormation values until the stack is deployed, and most of them
because a parameter has no value where the gate reads the template. A CloudFormation message says so, names the
parameter, and says how to give its value (``--param-file``), never "known only after apply".
"""

from __future__ import annotations

from typing import Any

from gate.model import FORMAT_CLOUDFORMATION
from gate.values import Origin, unknowns_in

_TERRAFORM_WHEN = "after apply"
_CLOUDFORMATION_WHEN = "at deploy"


def when(fmt: str) -> str:
    """When the values of a resource of format ``fmt`` are known: ``after apply`` or ``at deploy``."""
    return _CLOUDFORMATION_WHEN if fmt == FORMAT_CLOUDFORMATION else _TERRAFORM_WHEN


def unset_parameters(value: Any) -> list[str]:
    """The CloudFormation parameters without a value that ``value`` is (their names, as the loader keeps them)."""
    names: set[str] = set()
    for unknown in unknowns_in(value):
        if unknown.origin is Origin.UNSET:
            names |= unknown.refs
    return sorted(names)


def worded(fmt: str, text: str, parameters: list[str]) -> str:
    """``text`` (an unknown result's message) in the words of ``fmt``, with the parameters to pass, if any."""
    if fmt != FORMAT_CLOUDFORMATION:
        return text
    text = text.replace(f"known only {_TERRAFORM_WHEN}", f"known only {_CLOUDFORMATION_WHEN}")
    text = text.replace(f"before {_TERRAFORM_WHEN.split()[1]}", "before deploy")
    if not parameters:
        return text
    if len(parameters) == 1:
        return f"{text}. Parameter {parameters[0]} has no value: pass it with --param-file"
    return f"{text}. Parameters {', '.join(parameters)} have no value: pass them with --param-file"
