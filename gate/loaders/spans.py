"""Where each argument and nested block of a resource is written: the lines a finding points at.

A resource's ``spans`` map a top-level argument (``acl``, ``Properties.X`` as ``X``) and each nested block or
list item (``ingress[0]``, ``SecurityGroupIngress[1]``) to its lines, so that a finding can point at the
``ingress`` block that opens a group rather than at the whole group (gate.engine.evaluate). Kept beside the
values, never mixed into them. An argument of a module's resource that only passes on a variable
(``storage_encrypted = var.storage_encrypted``) is placed on the caller's module argument that sets it
(``storage_encrypted = false`` in the example calling the module): that is the line to change. Blocks made by
``dynamic`` blocks are all placed on that ``dynamic`` block
(``ingress`` without an index): how many items it makes is known only once evaluated.
"""

from __future__ import annotations

from typing import Any

from gate.loaders import hcl_ast as ast
from gate.loaders.terraform_origins import names_in
from gate.model import Location
from gate.yamlnodes import LineDict, LineList


def hcl_spans(file: str, body: ast.Body) -> dict[str, Location]:
    spans: dict[str, Location] = {}
    for name, attribute in body.attributes.items():
        spans[name] = Location(file=file, start_line=attribute.line, end_line=attribute.line)
    counts: dict[str, int] = {}
    dynamic: set[str] = set()
    for block in body.blocks:
        where = Location(file=file, start_line=block.line, end_line=block.end_line)
        if block.type == "dynamic" and block.labels:
            dynamic.add(block.labels[0])
            spans.setdefault(block.labels[0], where)
            continue
        if block.type in dynamic:  # its index depends on how many items the dynamic block before it makes
            continue
        index = counts.get(block.type, 0)
        counts[block.type] = index + 1
        spans[f"{block.type}[{index}]"] = where
        spans.setdefault(block.type, where)
    return spans


def only_variable(expr: ast.Expr) -> str | None:
    """``x`` when ``expr`` uses no name but ``var.x`` (``var.x``, ``var.x ? 1 : 0``, ``"${var.x}"``): the value
    is decided by whoever sets the variable."""
    found = set()
    for name, steps in names_in(expr):
        if name != "var" or not steps or not isinstance(steps[0], ast.GetAttr):
            return None
        found.add(steps[0].name)
    return found.pop() if len(found) == 1 else None


def yaml_spans(file: str, properties: Any) -> dict[str, Location]:
    """The spans of a CloudFormation resource's ``Properties`` (a mapping read by gate.yamlnodes)."""
    spans: dict[str, Location] = {}
    if not isinstance(properties, LineDict):
        return spans
    for key, value in properties.items():
        if not isinstance(key, str):
            continue
        line = properties.key_lines.get(key, 0)
        if not line:
            continue
        spans[key] = Location(file=file, start_line=line, end_line=max(getattr(value, "end_line", 0) or line, line))
        if isinstance(value, LineList):
            for index, item in enumerate(value):
                if index < len(value.item_lines) and value.item_lines[index]:
                    start = value.item_lines[index]
                    spans[f"{key}[{index}]"] = Location(
                        file=file, start_line=start, end_line=max(getattr(item, "end_line", 0) or start, start)
                    )
    return spans
