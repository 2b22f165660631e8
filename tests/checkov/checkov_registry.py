"""Print Checkov's Terraform and CloudFormation checks as JSON: {id: {"categories": [...], "names": [...],
"entities": [...]}}. Run it with Checkov's own interpreter (it imports checkov), e.g.

    ~/.cache/policy-gate/engines/checkov/bin/python tests/checkov/checkov_registry.py

tests/checkov/test_checkov_severity.py compares it with policies/checkov-severity.yaml; docs/checkov.md says how
to review the mapping for a new Checkov release with it.
"""

from __future__ import annotations

import json
import sys
from typing import Any


def registry() -> dict[str, dict[str, list[str]]]:
    from checkov.cloudformation.checks.resource.registry import cfn_registry
    from checkov.common.checks_infra.registry import get_graph_checks_registry
    from checkov.terraform.checks.data.registry import data_registry
    from checkov.terraform.checks.module.registry import module_registry
    from checkov.terraform.checks.provider.registry import provider_registry
    from checkov.terraform.checks.resource.registry import resource_registry

    found: dict[str, dict[str, set[str]]] = {}

    def add(check_id: str, name: str, categories: Any, entity: str) -> None:
        entry = found.setdefault(check_id, {"categories": set(), "names": set(), "entities": set()})
        entry["categories"].update(str(getattr(c, "name", c)).upper() for c in categories or ())
        entry["names"].add(name)
        entry["entities"].add(entity)

    for checks in (resource_registry, data_registry, provider_registry, module_registry, cfn_registry):
        for entity, check in checks.all_checks():
            add(check.id, check.name, check.categories, entity)
    for framework in ("terraform", "cloudformation"):
        graph = get_graph_checks_registry(framework)
        graph.load_checks()
        for check in graph.checks:
            category = getattr(check, "category", None)
            for entity in check.resource_types or ["all"]:
                add(check.id, check.name, [category] if category else [], entity)
    return {k: {key: sorted(values) for key, values in v.items()} for k, v in sorted(found.items())}


if __name__ == "__main__":
    json.dump(registry(), sys.stdout, indent=1)
    sys.stdout.write("\n")
