"""Input kinds are detected from content: ``gate scan plan.json template.yaml infra/`` just works, and files
that are not infrastructure code (package.json, a random YAML) are skipped quietly."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from gate import yamlnodes
from gate.errors import InputError
from gate.loaders import cloudformation, terraform_plan
from gate.loaders.base import LoadOutput
from gate.loaders.terraform_files import DEFAULT_MAX_FILE_SIZE, read_text

# A file that fails to parse is reported (never skipped) when it looks like something the gate would judge.
_LOOKS_LIKE_IAC = re.compile(r'AWS::|"resource_changes"|"planned_values"|AWSTemplateFormatVersion')


def load_data_file(path: Path, display: str, parameters: dict[str, str], max_size: int = DEFAULT_MAX_FILE_SIZE) -> LoadOutput | None:
    """Resources of a plan or template file; None when the file is not infrastructure code."""
    try:
        text = read_text(path, display, max_size)
    except InputError as exc:
        return LoadOutput(errors=[exc]) if _head_looks_like_iac(path) else None
    if not text.strip():
        return None
    if path.name.endswith(".json") or (path.name.endswith(".template") and text.lstrip().startswith("{")):
        return _load_json(text, display, parameters)
    return _load_yaml(text, display, parameters)


def _head_looks_like_iac(path: Path) -> bool:
    """For a file that cannot be read whole (too large, not UTF-8): does its beginning look like a plan or a
    template? Then it is an error (fail closed); a large package-lock.json is not."""
    try:
        with path.open("rb") as handle:
            head = handle.read(65536).decode("utf-8", "replace")
    except OSError:
        return True
    return bool(_LOOKS_LIKE_IAC.search(head) or "format_version" in head)


def _load_json(text: str, display: str, parameters: dict[str, str]) -> LoadOutput | None:
    try:
        doc: Any = json.loads(text)
    except ValueError as exc:
        if _LOOKS_LIKE_IAC.search(text):
            return LoadOutput(errors=[InputError(display, getattr(exc, "lineno", None), f"invalid JSON: {getattr(exc, 'msg', exc)}")])
        return None
    except RecursionError:
        return LoadOutput(errors=[InputError(display, None, "JSON nested too deeply")])
    if terraform_plan.looks_like_plan(doc):
        return terraform_plan.load_plan(doc, text, display, scope=f"plan:{display}")
    if cloudformation.looks_like_template(doc):
        try:  # read again, with line numbers, now that it is known to be a template
            doc = yamlnodes.load(text, display, on_tag=cloudformation.on_tag)
        except InputError:
            pass
        return cloudformation.load_template(doc, display, scope=f"cloudformation:{display}", parameters=parameters)
    return _declared_template_without_resources(doc, display)


def _declared_template_without_resources(doc: Any, display: str) -> LoadOutput | None:
    """A file that says it is a template but has no resources the gate can read is an error, not a skip."""
    if isinstance(doc, dict) and "AWSTemplateFormatVersion" in doc:
        line = yamlnodes.line_of(doc, ["Resources"]) or yamlnodes.line_of(doc, ["AWSTemplateFormatVersion"])
        return LoadOutput(errors=[InputError(display, line, "CloudFormation template has no Resources with an AWS:: Type")])
    return None


def _load_yaml(text: str, display: str, parameters: dict[str, str]) -> LoadOutput | None:
    try:
        doc = yamlnodes.load(text, display, on_tag=cloudformation.on_tag)
    except InputError as exc:
        if _LOOKS_LIKE_IAC.search(text) and "Resources" in text:
            return LoadOutput(errors=[exc])
        return None
    if cloudformation.looks_like_template(doc):
        return cloudformation.load_template(doc, display, scope=f"cloudformation:{display}", parameters=parameters)
    return _declared_template_without_resources(doc, display)
