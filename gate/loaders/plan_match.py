"""Whether a plan file is the plan of the Terraform folder beside it (docs/security.md, "Inputs that pretend").

A plan replaces the evaluation of its folder's HCL (it knows resolved values and what changes), so a plan
file the pull request wrote could stand in for insecure HCL: a hand-written ``plan.json`` with one ``no-op``
resource made a folder with an open security group pass. A plan replaces the HCL only when its configuration's
root module declares exactly what the folder declares (the same resources, data sources and module calls, as
``terraform show -json`` writes them: https://developer.hashicorp.com/terraform/internals/json-format#configuration-representation);
otherwise both are judged, and a notice says why.
"""

from __future__ import annotations

from collections.abc import Iterable

_SHOWN = 3


def folder_declares(resources: Iterable[str], module_calls: Iterable[str]) -> frozenset[str]:
    """What a folder's ``.tf`` files declare, named as a plan's configuration names it."""
    return frozenset([*resources, *(f"module.{name}" for name in module_calls)])


def mismatch(plan: str, folder: str, in_plan: frozenset[str], in_folder: frozenset[str]) -> str | None:
    """None when the plan's configuration is the folder's, else the notice that says why both are judged."""
    if in_plan == in_folder:
        return None
    reasons = []
    if in_folder - in_plan:
        reasons.append(f"its configuration lacks {_some(in_folder - in_plan)}")
    if in_plan - in_folder:
        reasons.append(f"it configures {_some(in_plan - in_folder)}, which the folder does not declare")
    return f"{plan}: not the plan of {folder} ({'; '.join(reasons)}): the plan and the folder's HCL are both judged"


def _some(addresses: frozenset[str]) -> str:
    ordered = sorted(addresses)
    more = f" and {len(ordered) - _SHOWN} more" if len(ordered) > _SHOWN else ""
    return ", ".join(ordered[:_SHOWN]) + more
