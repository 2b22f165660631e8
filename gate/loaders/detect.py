"""Input kinds are detected from content: ``gate scan plan.json template.yaml infra/`` just works, and files
that are not infrastructure code (package.json, a random YAML) are skipped quietly.

Detection parses, it does not grep: CloudFormation reads a template body as JSON or YAML whatever the file is
called, so a file is read as JSON when it is JSON and as YAML otherwise (YAML in ``stack.json`` is a template).
A file that cannot be read never makes the gate pass: valid YAML the gate refuses (duplicate keys, ...) is
always an error, and so is a file named on the command line that cannot be read at all (not UTF-8, too large).
A file that is not valid YAML or JSON at all deploys nothing (CloudFormation would reject it too): it is an error
when it looks like a template or plan, else skipped (a Helm chart)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from gate import yamlnodes
from gate.errors import InputError
from gate.loaders import cloudformation, serverless, terraform_plan
from gate.loaders.base import LoadOutput
from gate.loaders.terraform_files import DEFAULT_MAX_FILE_SIZE, read_text

# A file that fails to parse is reported (never skipped) when it looks like something the gate would judge.
_LOOKS_LIKE_IAC = re.compile(r'AWS::|"resource_changes"|"planned_values"|AWSTemplateFormatVersion')


def load_data_file(
    path: Path, display: str, parameters: dict[str, Any], max_size: int = DEFAULT_MAX_FILE_SIZE, named: bool = False
) -> LoadOutput | None:
    """Resources of a plan or template file; None when the file is not infrastructure code. ``named``: the path
    was given on the command line, so a file that cannot be read is an error whatever it looks like."""
    try:
        text = read_text(path, display, max_size)
    except InputError as exc:
        return LoadOutput(errors=[exc]) if named or _head_looks_like_iac(path) else None
    if not text.strip():
        return None
    if text.lstrip().startswith(("{", "[")):
        try:
            doc: Any = json.loads(text)
        except ValueError as exc:  # not JSON: read it as YAML, as CloudFormation would, and if that fails too,
            # the JSON error is the one to show for a file that looks like JSON
            error = InputError(display, getattr(exc, "lineno", None), f"invalid JSON: {getattr(exc, 'msg', exc)}")
            return _load_yaml(text, display, parameters, error)
        except RecursionError:
            return LoadOutput(errors=[InputError(display, None, "JSON nested too deeply")])
        return _load_json(doc, text, display, parameters)
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


def _load_json(doc: Any, text: str, display: str, parameters: dict[str, Any]) -> LoadOutput | None:
    if terraform_plan.looks_like_plan(doc):
        return terraform_plan.load_plan(doc, text, display, scope=f"plan:{display}")
    if cloudformation.looks_like_template(doc):
        try:  # read again, with line numbers, now that it is known to be a template
            doc = yamlnodes.load(text, display, on_tag=cloudformation.on_tag)
        except yamlnodes.Refused as exc:  # json.loads keeps the last of duplicate keys; CloudFormation's is undefined
            return LoadOutput(errors=[exc])
        except InputError:
            pass
        return cloudformation.load_template(doc, display, scope=f"cloudformation:{display}", parameters=parameters)
    return _declared_template_without_resources(doc, display)


def _declared_template_without_resources(doc: Any, display: str) -> LoadOutput | None:
    """A file that says it is a template but has no resources the gate can read is an error, not a skip."""
    if isinstance(doc, dict) and "AWSTemplateFormatVersion" in doc:
        line = yamlnodes.line_of(doc, ["Resources"]) or yamlnodes.line_of(doc, ["AWSTemplateFormatVersion"])
        return LoadOutput(
            errors=[InputError(display, line, "CloudFormation template has no Resources with an AWS:: Type")]
        )
    return None


def _load_yaml(
    text: str, display: str, parameters: dict[str, Any], json_error: InputError | None = None
) -> LoadOutput | None:
    try:
        doc = yamlnodes.load(text, display, on_tag=cloudformation.on_tag)
    except yamlnodes.Refused as exc:
        return LoadOutput(errors=[exc])
    except InputError as exc:
        # Not YAML (nor JSON): CloudFormation would reject it too, so it deploys nothing (a Helm chart, a broken
        # notes.yaml); reported when it looks like infrastructure code, so a typo in a template is never silent.
        if _LOOKS_LIKE_IAC.search(text):
            return LoadOutput(errors=[json_error or exc])
        return None
    if cloudformation.looks_like_template(doc):
        return cloudformation.load_template(doc, display, scope=f"cloudformation:{display}", parameters=parameters)
    service = serverless.service_template(doc)
    if service is not None:
        return cloudformation.load_template(
            service, display, scope=f"serverless:{display}", parameters=parameters, generated=True
        )
    return _declared_template_without_resources(doc, display)
