"""Templates inside other resources, judged with what the outer resource passes them.

CloudFormation deploys more than the templates a scan finds as files:

- ``AWS::CloudFormation::StackSet`` ``TemplateBody``, and Terraform's ``aws_cloudformation_stack`` /
  ``aws_cloudformation_stack_set`` ``template_body``: a template as text (JSON or YAML) deployed as a stack;
- ``AWS::CloudFormation::Stack`` with a local ``TemplateURL`` (a path, as ``aws cloudformation package`` takes and
  uploads): the nested template deployed with the ``Parameters`` the parent passes, not its own defaults;
- Terraform's ``aws_cloudcontrolapi_resource``: one resource of CloudFormation type ``type_name`` whose properties
  are the JSON ``desired_state``.

Each is read as a template and its resources judged. An inline template is located at the resource that embeds
it (its own lines are not lines of any file); a nested template file at its own lines, under the parent's name.
A body known only at apply cannot be judged: that is an error of the embedding resource, never nothing. A remote
``TemplateURL`` is a notice.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path, PurePosixPath
from typing import Any

from gate import yamlnodes
from gate.errors import InputError
from gate.loaders.base import LoadOutput
from gate.model import FORMAT_CLOUDFORMATION, Resource
from gate.values import Origin, Unknown, contains_unknown, known_text, restore_marks

MAX_NESTING = 5  # stacks in stacks; CloudFormation's own limit on nested stack depth is also small

# (type, attribute of the template text, attribute of its parameters)
_INLINE = {
    "AWS::CloudFormation::StackSet": ("TemplateBody", "Parameters"),
    "aws_cloudformation_stack": ("template_body", "parameters"),
    "aws_cloudformation_stack_set": ("template_body", "parameters"),
}
_REMOTE_URL = ("http://", "https://", "s3://")


def contained_templates(
    resources: list[Resource], root: Path, display: Callable[[Path], str], depth: int = 0
) -> LoadOutput:
    """The resources of every template held in ``resources`` (and in what those hold, down to MAX_NESTING)."""
    out = LoadOutput()
    for resource in resources:
        if resource.type in _INLINE:
            out.extend(_inline(resource, *_INLINE[resource.type]))
        elif resource.type == "AWS::CloudFormation::Stack":
            out.extend(_nested_file(resource, root, display))
        elif resource.type == "aws_cloudcontrolapi_resource":
            out.extend(_cloud_control(resource))
    if out.resources:
        if depth >= MAX_NESTING:
            first = out.resources[0]
            return LoadOutput(
                errors=[
                    InputError(
                        first.location.file,
                        first.location.start_line,
                        f"templates nested more than {MAX_NESTING} deep: not judged",
                    )
                ]
            )
        out.extend(contained_templates(out.resources, root, display, depth + 1))
    return out


def _inline(outer: Resource, body_key: str, parameters_key: str) -> LoadOutput:
    from gate.loaders.cloudformation import load_template, on_tag

    body = outer.attributes.get(body_key)
    if body is None:
        return LoadOutput()  # a TemplateURL instead (read by whoever deploys it; a notice for the user)
    where = (outer.location.file, outer.location.start_line)
    text = body if isinstance(body, str) else known_text(body)  # a !Sub body keeps its known text
    if text is None:
        if isinstance(body, Unknown):
            return _error(
                outer,
                f"{body_key} of {outer.address} is known only when it is deployed: its resources cannot be judged",
            )
        return _error(outer, f"{body_key} of {outer.address} must be the text of a template")
    try:
        doc = yamlnodes.load(text, f"{outer.location.file} ({outer.address}.{body_key})", on_tag=on_tag)
    except InputError as exc:
        return _error(outer, f"{body_key} of {outer.address} is not a template: {exc.detail}")
    if isinstance(body, Unknown):  # the parts known only at deploy are unknowns inside the template
        doc = restore_marks(doc, body)
    loaded = load_template(
        doc,
        where[0],
        scope=f"{outer.scope}>{outer.address}",
        parameters=_parameters(doc, outer.attributes.get(parameters_key)),
    )
    # The inner template's lines are not lines of the file: everything is located at the embedding resource.
    errors = [InputError(where[0], where[1], f"{body_key} of {outer.address}: {e.detail}") for e in loaded.errors]
    made = [
        replace(r, address=f"{outer.address}/{r.address}", location=outer.location, skips=outer.skips + r.skips)
        for r in loaded.resources
    ]
    return LoadOutput(resources=made, errors=errors, notices=loaded.notices)


def _nested_file(outer: Resource, root: Path, display: Callable[[Path], str]) -> LoadOutput:
    from gate.loaders.detect import load_data_file

    url = outer.attributes.get("TemplateURL")
    if not isinstance(url, str) or url.startswith(_REMOTE_URL):
        shown = url if isinstance(url, str) else "known at deploy"
        return LoadOutput(
            notices=[
                f"{outer.location.file}: nested stack {outer.address} ({shown}) is not read: "
                "what it deploys is not checked here"
            ]
        )
    path = (root / PurePosixPath(outer.location.file).parent / url).resolve()
    if not path.is_relative_to(root.resolve()) or not path.is_file():
        return _error(outer, f"nested stack {outer.address}: {url} is not a file inside the scanned tree")
    given = outer.attributes.get("Parameters")
    parameters = _given(given) if isinstance(given, dict) else {}
    loaded = load_data_file(path, display(path), parameters, named=True)
    if loaded is None:
        return _error(outer, f"nested stack {outer.address}: {url} is not a CloudFormation template")
    scope = f"{outer.scope}>{outer.address}"
    loaded.resources = [replace(r, address=f"{outer.address}/{r.address}", scope=scope) for r in loaded.resources]
    return loaded


def _cloud_control(outer: Resource) -> LoadOutput:
    kind, state = outer.attributes.get("type_name"), outer.attributes.get("desired_state")
    if not isinstance(kind, str) or not isinstance(state, str):
        if contains_unknown(kind) or contains_unknown(state):
            return _error(outer, f"the type or desired_state of {outer.address} is known only at apply: not judged")
        return LoadOutput()
    try:
        properties = json.loads(state)
    except ValueError as exc:
        return _error(outer, f"desired_state of {outer.address} is not JSON: {exc}")
    if not isinstance(properties, dict):
        return _error(outer, f"desired_state of {outer.address} must be a JSON object")
    made = Resource(
        address=f"{outer.address}/{kind}",
        type=kind,
        format=FORMAT_CLOUDFORMATION,
        attributes=properties,
        location=outer.location,
        scope=outer.scope,
        skips=outer.skips,
        calls=outer.calls,
        origins=outer.origins,
    )
    return LoadOutput(resources=[made])


def _parameters(doc: Any, given: Any) -> dict[str, Any]:
    """What the outer resource passes: a map (Terraform), a ``[{ParameterKey, ParameterValue}]`` list (StackSet),
    or, when it is known only at apply, every parameter of the template unknown."""
    if isinstance(given, Unknown):
        declared = doc.get("Parameters") if isinstance(doc, dict) else None
        return {
            str(name): Unknown(reason="parameters known at apply", origin=Origin.DERIVED)
            for name in (declared if isinstance(declared, dict) else {})
        }
    if isinstance(given, list):
        given = {
            entry.get("ParameterKey"): entry.get("ParameterValue")
            for entry in given
            if isinstance(entry, dict) and isinstance(entry.get("ParameterKey"), str)
        }
    return _given(given) if isinstance(given, dict) else {}


def _given(values: dict[Any, Any]) -> dict[str, Any]:
    """Parameter values as CloudFormation passes them: text (a list joined with commas), or unknown."""
    out: dict[str, Any] = {}
    for name, value in values.items():
        if isinstance(value, bool):
            out[str(name)] = "true" if value else "false"
        elif isinstance(value, (str, Unknown)):
            out[str(name)] = value
        elif isinstance(value, (int, float)):
            out[str(name)] = str(value)
        elif isinstance(value, list) and not contains_unknown(value):
            out[str(name)] = ",".join(str(item) for item in value)
        elif value is not None:
            out[str(name)] = Unknown(reason=f"parameter {name}", origin=Origin.DERIVED)
    return out


def _error(outer: Resource, message: str) -> LoadOutput:
    return LoadOutput(errors=[InputError(outer.location.file, outer.location.start_line, message)])
