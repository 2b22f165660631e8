"""CloudFormation templates (YAML or JSON) into Resources.

The YAML short forms (``!Ref``, ``!GetAtt``, ...) become their long forms while the file is read
(:func:`on_tag`), so one resolver (:mod:`gate.loaders.cfn_intrinsics`) serves both syntaxes. Transforms are not
run, except ``Fn::ForEach`` (:mod:`gate.loaders.cfn_foreach`): macros are reported as notices.
"""

from __future__ import annotations

import pathlib
from typing import Any

from gate import yamlnodes
from gate.errors import InputError
from gate.loaders import sam
from gate.loaders.base import LoadOutput
from gate.loaders.cfn_defaults import with_deploy_defaults
from gate.loaders.cfn_foreach import Expander
from gate.loaders.cfn_intrinsics import FOREACH_PREFIX, TRANSFORM, Resolver
from gate.loaders.cfn_values import NO_VALUE, UnknownTag, is_call
from gate.loaders.inline import cloudformation_skips
from gate.loaders.spans import yaml_spans
from gate.model import FORMAT_CLOUDFORMATION, Location, Resource
from gate.values import Origin, Unknown, gap

__all__ = ["UnknownTag", "load_template", "looks_like_template", "on_tag", "read_parameter_file"]

_FUNCTION_TAGS = (
    "Sub", "GetAtt", "If", "Join", "Select", "Split", "FindInMap", "Base64", "ImportValue",
    "Equals", "And", "Or", "Not", "GetAZs", "Cidr", "Transform", "Length", "ToJsonString",
    # Rules functions: Rules are not evaluated, but their tags are CloudFormation's, not unknown
    "Contains", "EachMemberEquals", "EachMemberIn", "RefAll", "ValueOf", "ValueOfAll",
)  # fmt: skip
_SHORT_FORMS = {
    "!Ref": "Ref",
    "!Condition": "Condition",
    **{f"!{name}": f"Fn::{name}" for name in _FUNCTION_TAGS},
}
# Transforms whose effect the loader accounts for itself (it expands Fn::ForEach).
_LANGUAGE_EXTENSIONS = "AWS::LanguageExtensions"
_SAM = "AWS::Serverless-2016-10-31"
_PARAMETER_FILE_SHAPES = (
    'expected [{"ParameterKey": name, "ParameterValue": value}, ...] or {"Parameters": {name: value}}'
)


def on_tag(tag: str, value: Any, line: int) -> Any:
    """Turn a short form (``!GetAtt A.B``) into its long form (``{"Fn::GetAtt": ["A", "B"]}``).

    Any other tag becomes an :class:`UnknownTag` rather than an error: the file may not be a template at all,
    and then nobody needs to hear about its tags. The result is a LineDict, so errors found later in the call
    still name its line.
    """
    name = _SHORT_FORMS.get(tag)
    if name is None:
        return UnknownTag(tag, value, line)
    if name == "Fn::GetAtt" and isinstance(value, str) and "." in value:
        value = value.split(".", 1)  # attribute names may hold dots themselves (Endpoint.Address)
    call = yamlnodes.LineDict({name: value})
    call.line, call.end_line = line, getattr(value, "end_line", line)
    call.key_lines = {name: line}
    return call


def looks_like_template(doc: object) -> bool:
    """True when ``doc`` has a ``Resources`` mapping with at least one ``AWS::``/``Custom::`` typed resource."""
    if not isinstance(doc, dict):
        return False
    resources = doc.get("Resources")
    if not isinstance(resources, dict):
        return False
    return any(_is_resource(body) or _is_foreach(key, body) for key, body in resources.items())


def _is_resource(body: Any) -> bool:
    return (
        isinstance(body, dict) and isinstance(body.get("Type"), str) and body["Type"].startswith(("AWS::", "Custom::"))
    )


def _is_foreach(key: Any, body: Any) -> bool:
    # ``Fn::ForEach::Name: [Identifier, [values], {LogicalId${Identifier}: {Type: ...}}]``: a template whose
    # resources are all made by loops is still a template, and its user must hear that they were not checked.
    return (
        isinstance(key, str)
        and key.startswith(FOREACH_PREFIX)
        and isinstance(body, list)
        and len(body) == 3
        and isinstance(body[2], dict)
        and any(_is_resource(inner) or _is_foreach(k, inner) for k, inner in body[2].items())  # loops nest
    )


def read_parameter_file(path: pathlib.Path) -> dict[str, str]:
    """Parameter values from a file in the AWS CLI shape or the CodePipeline ``{"Parameters": {...}}`` shape.

    JSON or YAML. A CLI entry with ``UsePreviousValue`` and no value is left out: the value of the deployed
    stack is not known here, and the template's default then stands in for it.
    """
    file = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(file, None, f"cannot read parameter file: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise InputError(file, None, "parameter file is not UTF-8 text") from exc
    doc = yamlnodes.load(text, file)
    if isinstance(doc, list):
        return _cli_parameters(doc, file)
    if isinstance(doc, dict) and isinstance(doc.get("Parameters"), dict):
        section = doc["Parameters"]
        return {
            str(key): _parameter_text(
                value, file, section.key_lines.get(key) if hasattr(section, "key_lines") else None
            )
            for key, value in section.items()
        }
    raise InputError(file, getattr(doc, "line", None) or None, _PARAMETER_FILE_SHAPES)


def _cli_parameters(entries: list[Any], file: str) -> dict[str, str]:
    values: dict[str, str] = {}
    for entry in entries:
        line = getattr(entry, "line", None) or getattr(entries, "line", None)
        if not (isinstance(entry, dict) and isinstance(entry.get("ParameterKey"), str)):
            raise InputError(file, line, _PARAMETER_FILE_SHAPES)
        if "ParameterValue" in entry:
            values[entry["ParameterKey"]] = _parameter_text(entry["ParameterValue"], file, line)
        elif entry.get("UsePreviousValue") is not True:
            raise InputError(file, line, f"parameter {entry['ParameterKey']} has no ParameterValue")
    return values


def _parameter_text(value: Any, file: str, line: int | None) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (str, int, float)):
        return str(value)
    if isinstance(value, list) and all(isinstance(item, (str, int, float)) for item in value):
        return ",".join(map(str, value))  # a list parameter written as a list
    raise InputError(file, line, "a parameter value must be a string")


def load_template(
    doc: dict[Any, Any], file: str, scope: str, parameters: dict[str, Any] | None = None, generated: bool = False
) -> LoadOutput:
    """One Resource per entry of ``Resources``, its ``Properties`` resolved; problems go to ``errors``.
    ``generated``: the template is part of one a tool completes (Serverless Framework), so references to
    resources it does not declare are unknown, not errors."""
    out = LoadOutput()
    if not isinstance(doc, dict):
        out.errors.append(InputError(file, getattr(doc, "line", None) or None, "a template must be a mapping"))
        return out
    out.errors.extend(_unknown_tags(doc, file))
    resources = doc.get("Resources")
    if not isinstance(resources, dict):
        out.errors.append(InputError(file, _key_line(doc, "Resources"), "Resources must be a mapping"))
        return out
    transforms = _transforms(doc.get("Transform"))
    resolver = Resolver(
        file=file,
        resources=frozenset(),
        mappings=_section(doc, "Mappings", file, out),
        conditions=_section(doc, "Conditions", file, out),
        # Macros and SAM create resources we do not see: references to them are not errors.
        open_names=generated or bool(transforms - {_LANGUAGE_EXTENSIONS}),
    )
    loops = Expander(resolver.resolve, resolver.error)
    try:
        _read_parameters(resolver, _section(doc, "Parameters", file, out), parameters or {})
        resources = loops.expand(resources)  # Fn::ForEach, once the parameters its collections may name are known
        if _SAM in transforms:  # after AWS::LanguageExtensions, as CloudFormation runs them
            resources = sam.expand(resources, doc.get("Globals"))
        resolver.conditions = loops.expand(resolver.conditions)
        resolver.parameters.update(loops.identifiers)
        resolver.resources = frozenset(key for key in resources if isinstance(key, str))
        resolver.bodies = resources
        resolver.open_names = resolver.open_names or bool(loops.unknown_loops)  # keys of unknown loops are templates
        for name in resolver.conditions:  # every condition once, so errors in unused ones are reported too
            resolver.condition(str(name), _key_line(resolver.conditions, name) or 0)
        for logical_id, body in resources.items():
            resource = _resource(resolver, str(logical_id), body, _key_line(resources, logical_id) or 0, scope)
            if resource is not None:
                out.resources.append(resource)
    except RecursionError:
        resolver.error(0, "nesting too deep to resolve")
    out.errors.extend(resolver.errors)
    out.notices.extend(_notices(file, transforms, loops.unknown_loops, resolver.unexpanded))
    return out


def _resource(resolver: Resolver, logical_id: str, body: Any, line: int, scope: str) -> Resource | None:
    if logical_id.startswith(FOREACH_PREFIX):
        return None
    if not isinstance(body, dict):
        resolver.error(line, f"resource {logical_id} must be a mapping")
        return None
    resource_type = body.get("Type")
    if isinstance(resource_type, UnknownTag):  # ``Type: !Rain::Module x``: the tag is reported already
        return None
    if not isinstance(resource_type, str):
        resolver.error(_key_line(body, "Type") or line, f"resource {logical_id} has no Type string")
        return None
    condition = body.get("Condition")
    if condition is not None:
        if not isinstance(condition, str):
            resolver.error(_key_line(body, "Condition") or line, "a resource Condition must be a condition name")
        elif resolver.condition(condition, _key_line(body, "Condition") or line) is False:
            return None
    try:
        attributes, references, sensitive = _properties(resolver, body.get("Properties"), line, logical_id)
    except RecursionError:
        resolver.error(line, f"resource {logical_id} is nested too deeply to resolve")
        return None
    except Exception as exc:  # noqa: BLE001 - the gate's own failure: an error result, never a pass or an unknown
        resolver.error(
            line,
            f"the gate failed while resolving {logical_id} ({type(exc).__name__}: {exc}); "
            "this is a bug of the gate, reported so nothing passes unchecked",
        )
        return None
    return Resource(
        address=logical_id,
        type=resource_type,
        format=FORMAT_CLOUDFORMATION,
        attributes=with_deploy_defaults(resource_type, attributes),
        location=Location(file=resolver.file, start_line=line, end_line=getattr(body, "end_line", 0) or line),
        scope=scope,
        references=references,
        sensitive=sensitive,
        skips=cloudformation_skips(body, line),
        spans=yaml_spans(resolver.file, body.get("Properties")),
    )


def _properties(
    resolver: Resolver, properties: Any, line: int, logical_id: str
) -> tuple[dict[Any, Any], dict[str, frozenset[str]], frozenset[str]]:
    """The resolved properties, the resources each top-level property refers to, and those holding secrets."""
    if properties is None:
        return {}, {}, frozenset()
    line = getattr(properties, "line", 0) or line
    if is_call(properties):  # Properties: !If [...] as a whole
        resolver.refs, resolver.secret = set(), False
        value = resolver.resolve(properties, line)
        if value is NO_VALUE:
            return {}, {}, frozenset()
        if not isinstance(value, dict):
            # valid CloudFormation, but nothing can be checked: fail closed rather than check an empty mapping
            resolver.error(line, f"the Properties of {logical_id} depend on a condition known only at deploy")
            return {}, {}, frozenset()
        refs = frozenset(resolver.refs)
        return (
            value,
            {str(key): refs for key in value} if refs else {},
            frozenset(value) if resolver.secret else frozenset(),
        )
    if not isinstance(properties, dict):
        resolver.error(line, f"the Properties of {logical_id} must be a mapping")
        return {}, {}, frozenset()
    attributes: dict[Any, Any] = {}
    references: dict[str, frozenset[str]] = {}
    sensitive: set[str] = set()
    for key, raw in properties.items():
        key_line = _key_line(properties, key) or line
        # Each property is resolved with fresh trackers: references and secrets are recorded per property.
        if isinstance(key, str) and key.startswith("Fn::"):
            resolver.misplaced_call(key, key_line)  # an unexpanded Fn::ForEach, a macro, or an error
            continue
        resolver.refs, resolver.secret = set(), False
        value = resolver.resolve(raw, key_line)
        if value is NO_VALUE:
            continue
        attributes[key] = value
        if resolver.refs:
            references[str(key)] = frozenset(resolver.refs)
        if resolver.secret:
            sensitive.add(str(key))
    return attributes, references, frozenset(sensitive)


def _read_parameters(resolver: Resolver, section: dict[Any, Any], given: dict[str, str]) -> None:
    for name, declaration in section.items():
        name = str(name)
        line = _key_line(section, name) or 0
        if not isinstance(declaration, dict):
            resolver.error(line, f"parameter {name} must be a mapping")
            resolver.parameters[name] = gap(f"parameter {name} is malformed")
            continue
        kind = declaration.get("Type", "String")
        kind = kind if isinstance(kind, str) else "String"
        if declaration.get("NoEcho") in (True, "true", "True"):
            resolver.secret_parameters.add(name)
        if kind.startswith("AWS::SSM::Parameter::Value<"):  # the value is the SSM parameter's, read at deploy
            value: Any = Unknown(reason=f"parameter {name} is read from SSM Parameter Store", origin=Origin.DEPLOY)
        elif name in given:
            value = _typed(given[name], kind)
        elif "Default" in declaration:
            value = _typed(resolver.resolve(declaration["Default"], line), kind)
        else:
            # Its name in refs, as data: messages name the parameter to pass (gate.engine.unknown_words).
            value = Unknown(frozenset({name}), reason=f"parameter {name} has no value", origin=Origin.UNSET)
        resolver.parameters[name] = value


def _typed(value: Any, kind: str) -> Any:
    """A parameter value as ``Ref`` gives it: list types split on commas; everything else is the string that was
    passed. A ``Number`` parameter is validated as a number but ``Ref`` returns its text ("01" stays "01"), so a
    condition comparing it with "01" holds (AWS, Parameters: "Number ... the value is returned as a string")."""
    if isinstance(value, str) and (kind == "CommaDelimitedList" or kind.startswith("List<")):
        return [item.strip() for item in value.split(",")]
    if kind == "Number" and isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)  # a Default written as a YAML number: Ref still gives text
    return value


def _section(doc: dict[Any, Any], name: str, file: str, out: LoadOutput) -> dict[Any, Any]:
    section = doc.get(name)
    if section is None:
        return {}
    if not isinstance(section, dict):
        out.errors.append(InputError(file, _key_line(doc, name), f"{name} must be a mapping"))
        return {}
    return section


def _transforms(value: Any) -> set[str]:
    names = value if isinstance(value, list) else [value]
    # ``Transform: [Name, {Name: AWS::Include, Parameters: ...}]``
    return {str(name.get("Name") if isinstance(name, dict) else name) for name in names if name}


def _notices(file: str, transforms: set[str], unknown_loops: list[str], unexpanded: set[str]) -> list[str]:
    notices: list[str] = []
    for loop in unknown_loops:
        notices.append(
            f"{file}: the collection of {loop} is known only at deploy: what it makes is judged once, "
            "with the item unknown"
        )
    if _SAM in transforms:
        notices.append(
            f"{file}: {_SAM} is expanded only for functions (their role, URL, permission and API "
            "methods and routes), REST API stages and domains, and simple tables: other AWS::Serverless resources are "
            "checked as written"
        )
    for name in sorted(transforms - {_SAM, _LANGUAGE_EXTENSIONS}):
        notices.append(f"{file}: macro {name} is not run: the resources it creates or changes are not checked")
    if TRANSFORM in unexpanded:
        notices.append(f"{file}: Fn::Transform macros are not run: the values they produce are unknown")
    return notices


def _unknown_tags(doc: Any, file: str) -> list[InputError]:
    """An error for each ``!Foo`` anywhere in the template, Outputs and Metadata included."""
    errors: list[InputError] = []
    stack = [doc]  # iterative: a deep document must not exhaust the stack here
    while stack:
        item = stack.pop()
        if isinstance(item, UnknownTag):
            errors.append(InputError(file, item.line, f"unknown tag {item.tag}"))
            stack.append(item.value)
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return sorted(errors, key=lambda error: error.line or 0)


def _key_line(mapping: Any, key: Any) -> int | None:
    return getattr(mapping, "key_lines", {}).get(key) or getattr(mapping, "line", None) or None
