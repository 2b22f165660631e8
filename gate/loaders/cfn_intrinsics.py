"""CloudFormation intrinsic functions and conditions, evaluated before deploy.

A :class:`Resolver` turns the raw value of a property (LineDict/LineList trees with ``{"Ref": ...}`` and
``{"Fn::...": ...}`` calls) into plain values. Whatever only the deploy can tell (a resource attribute, a pseudo
parameter, a parameter without a value) becomes a :class:`gate.values.Unknown` that names the resources it comes
from, never the source text. Problems become :class:`InputError` entries in ``errors``: a broken template still
yields what can be read of it.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable
from typing import Any

from gate.errors import InputError
from gate.loaders.cfn_conditions import Conditions
from gate.loaders.cfn_values import (
    AUTHORED_TYPES,
    ECHOED_ATTRIBUTES,
    NO_VALUE,
    PSEUDO_ORIGINS,
    PSEUDO_PARAMETERS,
    Malformed,
    UnknownTag,
    cidr_blocks,
    is_call,
    lookup,
    scalar_text,
    string_value,
)
from gate.values import Origin, Unknown, contains_unknown, gap, piece_of, text_unknown, unknown_of, unknowns_in

FOREACH_PREFIX = "Fn::ForEach::"
TRANSFORM = "Fn::Transform"
_CONDITION_FUNCTIONS = frozenset({"Fn::Equals", "Fn::And", "Fn::Or", "Fn::Not"})
_SUB_PLACEHOLDER = re.compile(r"\$\{([^}]*)\}")
# Nested Fn::Base64 or Fn::Sub calls that repeat a variable grow strings exponentially: a template made to
# exhaust memory must cost an error, not the run. CloudFormation itself refuses templates over 1 MB.
MAX_STRING = 1_000_000
MAX_COMPUTED = 20_000_000  # characters of computed strings in one template


class Resolver:
    """Evaluates intrinsic functions against one template's parameters, resources, mappings and conditions.

    While it resolves a value it notes the resources referenced (``refs``) and whether a ``NoEcho`` parameter
    was used (``secret``), so the caller can record them per top-level property. ``open_names`` is set when a
    transform or ``Fn::ForEach`` may create resources we do not see: a reference to an undeclared name is then
    unknown rather than an error.
    """

    def __init__(
        self,
        file: str,
        resources: frozenset[str],
        mappings: dict[Any, Any],
        conditions: dict[Any, Any],
        open_names: bool = False,
    ) -> None:
        self.file = file
        self.parameters: dict[str, Any] = {}
        self.secret_parameters: set[str] = set()
        self.resources = resources
        self.bodies: dict[Any, Any] = {}  # logical id -> the resource as written, for attributes that echo properties
        self._echoing: set[tuple[str, str]] = set()
        self.mappings = mappings
        self.conditions = conditions
        self.open_names = open_names
        self.errors: list[InputError] = []
        self.unexpanded: set[str] = set()  # "Fn::ForEach", "Fn::Transform": said once per template
        self.refs: set[str] = set()
        self.secret = False
        self._conditions = Conditions(self)
        self._budget = MAX_COMPUTED

    def error(self, line: int, message: str) -> None:
        self.errors.append(InputError(self.file, line or None, message))

    # -- values ----------------------------------------------------------------------------------------------

    def resolve(self, value: Any, line: int = 0) -> Any:
        """``value`` with every intrinsic function evaluated; NO_VALUE when it is ``Ref: AWS::NoValue``."""
        line = getattr(value, "line", 0) or line
        if isinstance(value, dict):
            if is_call(value):
                ((name, argument),) = value.items()
                return self._call(name, argument, line)
            return self._mapping(value, line)
        if isinstance(value, list):
            items = (self.resolve(item, line) for item in value)
            return [item for item in items if item is not NO_VALUE]
        if isinstance(value, str):
            return string_value(value)
        if isinstance(value, UnknownTag):  # reported once by the loader's scan of the whole template
            return gap(f"unknown tag {value.tag}")
        return value

    def _mapping(self, value: dict[Any, Any], line: int) -> dict[Any, Any]:
        key_lines = getattr(value, "key_lines", {})
        out: dict[Any, Any] = {}
        for key, item in value.items():
            item_line = key_lines.get(key, line)
            if isinstance(key, str) and key.startswith("Fn::"):
                self.misplaced_call(key, item_line)
                continue
            resolved = self.resolve(item, item_line)
            if resolved is not NO_VALUE:
                out[key] = resolved
        return out

    def misplaced_call(self, key: str, line: int) -> None:
        """A ``Fn::`` key beside other keys: an unexpanded loop or macro (noted) or an error."""
        if key.startswith(FOREACH_PREFIX):
            self.unexpanded.add("Fn::ForEach")
        elif key == TRANSFORM:  # a macro's output would be merged into this mapping
            self.unexpanded.add(TRANSFORM)
        else:
            self.error(line, f"{key} must be the only key of its mapping")

    def _call(self, name: str, argument: Any, line: int) -> Any:
        if isinstance(argument, UnknownTag):  # ``Fn::Sub: !Rain::Embed x``: the tag is reported, not the call
            return gap(f"unknown tag {argument.tag}")
        function = _FUNCTIONS.get(name)
        try:
            if function is not None:
                return function(self, argument, line)
            if name.startswith(FOREACH_PREFIX):
                self.unexpanded.add("Fn::ForEach")
                return gap("Fn::ForEach is not expanded by the gate")
            if name in _CONDITION_FUNCTIONS:
                raise Malformed("can only be used in Conditions")
            raise Malformed("is not an intrinsic function")
        except Malformed as exc:
            self.error(line, f"{name} {exc}")
            return gap(f"malformed {name}")

    def _args(self, argument: Any, count: int, shape: str) -> list[Any]:
        if isinstance(argument, list) and len(argument) == count:
            return [self.resolve(item, getattr(argument, "line", 0)) for item in argument]
        raise Malformed(f"takes {shape}")

    def name(self, name: str, line: int) -> Any:
        """The value of ``Ref: name``."""
        if name in self.parameters:
            self.secret = self.secret or name in self.secret_parameters
            value = self.parameters[name]
            return list(value) if isinstance(value, list) else value  # callers own what they get
        if name == "AWS::NoValue":
            return NO_VALUE
        if name in PSEUDO_PARAMETERS:
            origin = PSEUDO_ORIGINS.get(name, Origin.DEPLOY)
            return Unknown(frozenset({name}), reason=f"{name} is known at deploy time", origin=origin)
        if name in self.resources:  # the resource's physical id or ARN: one concrete object...
            self.refs.add(name)
            origin = Origin.DERIVED if self._authored(name) else Origin.IDENTIFIER  # ...unless its author returns it
            return Unknown(frozenset({name}), reason=f"Ref {name}", origin=origin)
        return self._undefined(name, line)

    def _authored(self, resource: str) -> bool:
        """A resource whose id and attributes its author's code returns (a custom resource's Lambda, a nested
        stack's outputs): any text, ``*`` included, never one concrete object."""
        body = self.bodies.get(resource)
        kind = body.get("Type") if isinstance(body, dict) else None
        return isinstance(kind, str) and kind.startswith(AUTHORED_TYPES)

    def _undefined(self, name: str, line: int) -> Unknown:
        if not self.open_names:
            self.error(line, f"reference to {name!r}, which is neither a parameter nor a resource")
            return gap(f"{name} is not declared in the template")
        # a macro or Fn::ForEach may create it: the gate does not run them
        return Unknown(reason=f"{name} is not declared in the template", origin=Origin.UNREAD)

    def _ref(self, argument: Any, line: int) -> Any:
        if not isinstance(argument, str):
            raise Malformed("takes the name of a parameter or resource")
        return self.name(argument, line)

    def _get_att(self, argument: Any, line: int) -> Any:
        if isinstance(argument, str) and "." in argument:
            argument = argument.split(".", 1)
        if not (isinstance(argument, list) and len(argument) == 2 and isinstance(argument[0], str)):
            raise Malformed("takes [resource, attribute] or 'resource.attribute'")
        resource = argument[0]
        attribute = self.resolve(argument[1], line)  # may be a Ref to a parameter: resolved to check it
        if resource in self.resources:
            self.refs.add(resource)
            return self._attribute(resource, attribute, line)
        return self._undefined(resource, line)

    def _attribute(self, resource: str, attribute: Any, line: int) -> Any:
        """``!GetAtt resource.attribute``: an attribute that returns a property as written is that property's value;
        one whose value the template's author decides another way (a custom resource's, a nested stack's
        Outputs) is a plain unknown; an identifier (``Arn``, ``...Id``, ``...Name``) of an AWS resource is concrete."""
        body = self.bodies.get(resource)
        kind = body.get("Type") if isinstance(body, dict) else None
        kind = kind if isinstance(kind, str) else ""
        reason = f"{resource}.{attribute}"
        echoed = ECHOED_ATTRIBUTES.get((kind, attribute)) if isinstance(attribute, str) else None
        if echoed is not None:
            properties = body.get("Properties") if isinstance(body, dict) else None
            key = (resource, echoed)
            if isinstance(properties, dict) and echoed in properties and key not in self._echoing:
                self._echoing.add(key)  # a resource whose property reads its own attribute: CloudFormation refuses it
                try:
                    return self.resolve(properties[echoed], line)
                finally:
                    self._echoing.discard(key)
            return Unknown(frozenset({resource}), reason=reason, origin=Origin.DERIVED)
        if self._authored(resource):
            return Unknown(frozenset({resource}), reason=reason, origin=Origin.DERIVED)
        identifier = isinstance(attribute, str) and attribute.endswith(("Arn", "Id", "Name"))
        return Unknown(
            frozenset({resource}), reason=reason, origin=Origin.IDENTIFIER if identifier else Origin.COMPUTED
        )

    def _sub(self, argument: Any, line: int) -> Any:
        variables: dict[Any, Any] = {}
        if isinstance(argument, list) and len(argument) == 2 and isinstance(argument[1], dict):
            argument, variables = argument
            variables = {key: self.resolve(item, line) for key, item in variables.items()}
        if not isinstance(argument, str):
            raise Malformed("takes a string or [string, {variables}]")
        pieces = _SUB_PLACEHOLDER.split(argument)  # literal, placeholder, literal, ...
        out: list[str] = []
        unknowns: list[Unknown] = []
        for index, piece in enumerate(pieces):
            if index % 2 == 0:
                out.append(piece)
            elif piece.startswith("!"):  # ${!Literal} writes ${Literal}
                out.append("${" + piece[1:] + "}")
            else:
                value = self._placeholder(piece.strip(), variables, line)
                if isinstance(value, Unknown):
                    unknowns.append(value)
                    out.append(piece_of(value))
                else:
                    out.append(scalar_text(value, f"${{{piece}}}"))
        if unknowns:
            return text_unknown("".join(out), unknowns)  # the known text stays readable
        self._charge(sum(map(len, out)))
        return string_value("".join(out))

    def _placeholder(self, key: str, variables: dict[Any, Any], line: int) -> Any:
        if key in variables:
            return variables[key]
        if "." in key:  # ${Resource.Attribute}
            return self._get_att(key, line)
        value = self.name(key, line)
        return None if value is NO_VALUE else value

    def _join(self, argument: Any, line: int) -> Any:
        delimiter, items = self._args(argument, 2, "[delimiter, [values]]")
        if isinstance(items, Unknown) or isinstance(delimiter, Unknown):
            return unknown_of(delimiter, items)
        if not isinstance(delimiter, str) or not isinstance(items, list):
            raise Malformed("takes [delimiter, [values]]")
        unknowns = [item for item in items if isinstance(item, Unknown)]
        if unknowns:  # the known items stay readable: ["arn:", !Ref AWS::Partition, ":iam::123456789012:root"]
            return text_unknown(
                delimiter.join(piece_of(i) if isinstance(i, Unknown) else scalar_text(i, "a list item") for i in items),
                unknowns,
            )
        texts = [scalar_text(item, "a list item") for item in items]
        self._charge(sum(map(len, texts)) + len(delimiter) * len(texts))
        return string_value(delimiter.join(texts))

    def _select(self, argument: Any, line: int) -> Any:
        index, items = self._args(argument, 2, "[index, [values]]")
        if isinstance(items, Unknown):
            return unknown_of(items)
        if not isinstance(items, list):
            raise Malformed("takes [index, [values]]")
        if isinstance(index, Unknown):
            return unknown_of(index, *items)
        if not str(index).isdigit() or int(index) >= len(items):
            raise Malformed(f"index {index} is not in a list of {len(items)}")
        return items[int(index)]

    def _split(self, argument: Any, line: int) -> Any:
        delimiter, source = self._args(argument, 2, "[delimiter, string]")
        if isinstance(delimiter, Unknown) or isinstance(source, Unknown):
            return unknown_of(delimiter, source)
        if not isinstance(delimiter, str) or not delimiter or not isinstance(source, str):
            raise Malformed("takes [delimiter, string]")
        return source.split(delimiter)

    def _find_in_map(self, argument: Any, line: int) -> Any:
        default: Any = NO_VALUE
        if isinstance(argument, list) and len(argument) == 4 and isinstance(argument[3], dict):
            default = argument[3].get("DefaultValue", NO_VALUE)  # AWS::LanguageExtensions
            argument = argument[:3]
        keys = self._args(argument, 3, "[map, top-level key, second-level key]")
        if any(isinstance(key, Unknown) for key in keys):
            return unknown_of(*keys)
        found: Any = self.mappings
        for key in keys:
            found = lookup(found, key)
        if found is not NO_VALUE:
            return self.resolve(found, line)
        if default is not NO_VALUE:
            return self.resolve(default, line)
        raise Malformed(f"finds no {' / '.join(map(str, keys))} in Mappings")

    def _base64(self, argument: Any, line: int) -> Any:
        value = self.resolve(argument, line)
        if isinstance(value, Unknown):
            return unknown_of(value)
        if not isinstance(value, str):
            raise Malformed("takes a string")
        self._charge(len(value) * 4 // 3 + 4)
        return base64.b64encode(value.encode()).decode()

    def _deploy_time(self, argument: Any, line: int) -> Any:
        """Fn::ImportValue, Fn::GetAZs: known only when the stack is deployed."""
        return Unknown(_nested_refs(self.resolve(argument, line)), reason="known at deploy time", origin=Origin.DEPLOY)

    def _transform(self, argument: Any, line: int) -> Any:
        self.unexpanded.add(TRANSFORM)
        return Unknown(_nested_refs(self.resolve(argument, line)), reason="a macro's output", origin=Origin.UNREAD)

    def _cidr(self, argument: Any, line: int) -> Any:
        args = self._args(argument, 3, "[ip block, count, cidr bits]")
        if contains_unknown(args):
            return unknown_of(*args)
        return cidr_blocks(*args)

    def _length(self, argument: Any, line: int) -> Any:
        value = self.resolve(argument, line)
        if isinstance(value, Unknown):
            return unknown_of(value)
        if not isinstance(value, list):
            raise Malformed("takes a list")
        return len(value)

    def _to_json_string(self, argument: Any, line: int) -> Any:
        value = self.resolve(argument, line)
        if contains_unknown(value):  # keep the known structure for helpers that read policy documents
            result = unknown_of(value, reason="Fn::ToJsonString of deploy-time values")
            result.partial = value
            return result
        text = json.dumps(value, separators=(",", ":"))
        self._charge(len(text))
        return text

    def _charge(self, length: int) -> None:
        """Count a string about to be built against the limits (before building it)."""
        self._budget -= length
        if length > MAX_STRING or self._budget < 0:
            raise Malformed("makes strings too large to check (is the template built to exhaust memory?)")

    def _if(self, argument: Any, line: int) -> Any:
        if not (isinstance(argument, list) and len(argument) == 3 and isinstance(argument[0], str)):
            raise Malformed("takes [condition, value if true, value if false]")
        name, when_true, when_false = argument
        decided = self.condition(name, line)
        if decided is None:
            chosen, other = self.resolve(when_true, line), self.resolve(when_false, line)
            if chosen == other:
                return chosen
            return unknown_of(chosen, other, reason=f"condition {name} is known at deploy time")
        taken, skipped = (when_true, when_false) if decided else (when_false, when_true)
        self._check_only(skipped, line)
        return self.resolve(taken, line)

    def condition(self, name: str, line: int) -> bool | None:
        """The named condition: True, False, or None when only the deploy can tell (gate.loaders.cfn_conditions)."""
        return self._conditions.condition(name, line)

    def _check_only(self, value: Any, line: int) -> None:
        """Resolve a branch that will not be deployed: its errors count, its references and secrets do not."""
        refs, secret = self.refs, self.secret
        self.refs = set()
        self.resolve(value, line)
        self.refs, self.secret = refs, secret


def _nested_refs(value: Any) -> frozenset[str]:
    return frozenset(ref for found in unknowns_in(value) for ref in found.refs)


_FUNCTIONS: dict[str, Callable[[Resolver, Any, int], Any]] = {
    "Ref": Resolver._ref,
    "Fn::GetAtt": Resolver._get_att,
    "Fn::Sub": Resolver._sub,
    "Fn::Join": Resolver._join,
    "Fn::Select": Resolver._select,
    "Fn::Split": Resolver._split,
    "Fn::FindInMap": Resolver._find_in_map,
    "Fn::Base64": Resolver._base64,
    "Fn::ImportValue": Resolver._deploy_time,
    "Fn::GetAZs": Resolver._deploy_time,
    "Fn::Cidr": Resolver._cidr,
    "Fn::Length": Resolver._length,
    "Fn::ToJsonString": Resolver._to_json_string,
    "Fn::If": Resolver._if,
    "Fn::Transform": Resolver._transform,
}
