"""The JSON that an ``aws_iam_policy_document`` data source renders, from its arguments."""

from __future__ import annotations

import json
from typing import Any

from gate.values import Unknown, contains_unknown, gap, json_in_text, unknown_of

_LIST_KEYS = (
    ("actions", "Action"),
    ("not_actions", "NotAction"),
    ("resources", "Resource"),
    ("not_resources", "NotResource"),
)


def _principals(blocks: Any) -> Any:
    if not isinstance(blocks, list):
        return None
    principal: dict[str, Any] = {}
    for block in blocks:
        if not isinstance(block, dict):
            continue
        kind, identifiers = block.get("type"), block.get("identifiers")
        if kind == "*" and isinstance(identifiers, list) and identifiers == ["*"]:
            return "*"
        if isinstance(kind, str):
            existing = principal.setdefault(kind, [])
            existing.extend(identifiers if isinstance(identifiers, list) else [identifiers])
    return {k: v[0] if len(v) == 1 else v for k, v in principal.items()}


def _conditions(blocks: Any) -> dict[str, Any]:
    condition: dict[str, Any] = {}
    for block in blocks if isinstance(blocks, list) else []:
        if isinstance(block, dict) and isinstance(block.get("test"), str) and isinstance(block.get("variable"), str):
            condition.setdefault(block["test"], {})[block["variable"]] = block.get("values")
    return condition


def _statement(block: dict[str, Any]) -> dict[str, Any]:
    statement: dict[str, Any] = {}
    if block.get("sid"):
        statement["Sid"] = block["sid"]
    statement["Effect"] = block.get("effect") or "Allow"
    for source, target in _LIST_KEYS:
        if block.get(source) is not None:
            statement[target] = block[source]
    for source, target in (("principals", "Principal"), ("not_principals", "NotPrincipal")):
        if block.get(source):
            statement[target] = _principals(block[source])
    if block.get("condition"):
        statement["Condition"] = _conditions(block["condition"])
    return statement


def _imported(documents: Any) -> list[Any]:
    """The statements of source or override documents. A document that is not known (or whose known text is not
    JSON) stands for statements that are not known: it is kept as an Unknown, so the rendered document is
    unknown, never a document without them; text Terraform would reject (not JSON) is a gap."""
    statements: list[Any] = []
    if isinstance(documents, Unknown):
        return [documents]
    for text in documents if isinstance(documents, list) else []:
        document: Any = None
        if isinstance(text, str):
            try:
                document = json.loads(text)
            except ValueError:
                document = gap("a source policy document that is not JSON")
        elif isinstance(text, Unknown):
            document = text.partial if isinstance(text.partial, dict) else json_in_text(text)
            if not isinstance(document, dict):
                document = unknown_of(text)
        if isinstance(document, Unknown):
            statements.append(document)
        elif isinstance(document, dict):
            found = document.get("Statement", [])
            statements.extend(found if isinstance(found, list) else [found])
        elif document is not None:
            statements.append(gap("a source policy document that is not a JSON object"))
    return statements


def render_policy_document(values: dict[str, Any]) -> Any:
    """The document as a JSON string, or an Unknown whose ``partial`` is the document when parts are unknown."""
    statements = _imported(values.get("source_policy_documents")) + _imported(
        values.get("source_json") and [values["source_json"]]
    )
    for block in values.get("statement") or []:
        if isinstance(block, dict):
            statements.append(_statement(block))
    statements += _imported(values.get("override_policy_documents"))
    document = {"Version": values.get("version") or "2012-10-17", "Statement": statements}
    if contains_unknown(document):  # derived from its unknown parts (a gap when one is), the known ones kept
        result = unknown_of(document, reason="policy document with values known only after apply")
        result.partial = document
        return result
    return json.dumps(document)
