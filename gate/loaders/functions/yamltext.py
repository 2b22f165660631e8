"""``yamldecode``: YAML read with the YAML 1.2 core schema, as Terraform reads it
(https://developer.hashicorp.com/terraform/language/functions/yamldecode): ``yes``, ``no``, ``on`` and ``off``
are strings, ``010`` is ten, ``0o10`` eight; timestamps stay strings; exactly one document.

Aliases are expanded (Terraform copies them), with the number of values bounded by ``MAX_ELEMENTS`` so that a
"billion laughs" document stops early. ``yamlencode`` is not computed (its exact layout is go-yaml's): a gap.
"""

from __future__ import annotations

import math
import re
from typing import Any

from gate.loaders.functions.base import MAX_ELEMENTS, Function, FunctionError, LimitExceeded, scalar, to_str

_STR = "tag:yaml.org,2002:str"
_CORE = {f"tag:yaml.org,2002:{name}" for name in ("null", "bool", "int", "float")}
_NULL = re.compile(r"(?:~|null|Null|NULL|)\Z")
_BOOL = re.compile(r"(?:true|True|TRUE|false|False|FALSE)\Z")
_INT = re.compile(r"[-+]?[0-9]+\Z")
_OCT = re.compile(r"0o[0-7]+\Z")
_HEX = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z")
_INF = re.compile(r"[-+]?\.(?:inf|Inf|INF)\Z")
_NAN = re.compile(r"\.(?:nan|NaN|NAN)\Z")


def _plain(text: str) -> Any:
    """A plain (unquoted) scalar under the YAML 1.2 core schema."""
    if _NULL.match(text):
        return None
    if _BOOL.match(text):
        return text.lower() == "true"
    if _INT.match(text):
        return int(text)
    if _OCT.match(text):
        return int(text[2:], 8)
    if _HEX.match(text):
        return int(text[2:], 16)
    if _FLOAT.match(text):
        return float(text)
    if _INF.match(text) or _NAN.match(text):
        raise FunctionError("yamldecode: infinity and NaN are not Terraform numbers")
    return text


class _Builder:
    def __init__(self) -> None:
        self.count = 0
        self.open: set[int] = set()  # the collections being built: an alias to one of them is a cycle

    def build(self, node: Any) -> Any:
        self.count += 1
        if self.count > MAX_ELEMENTS:
            raise LimitExceeded(f"yamldecode: more than {MAX_ELEMENTS} values")
        if id(node) in self.open:
            raise FunctionError("yamldecode: an alias refers to a value that contains it")
        self.open.add(id(node))
        try:
            return self.value(node)
        finally:
            self.open.discard(id(node))

    def value(self, node: Any) -> Any:
        import yaml

        if isinstance(node, yaml.ScalarNode):
            if node.tag == _STR:  # no implicit resolvers: every untagged scalar is tagged str
                return node.value if node.style else _plain(node.value)
            if node.tag in _CORE:
                return _plain(node.value)
            raise FunctionError(f"yamldecode: unsupported tag {node.tag}")
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item) for item in node.value]
        if isinstance(node, yaml.MappingNode):
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise FunctionError("yamldecode: merge keys are not supported")
                key = self.build(key_node)
                if isinstance(key, (list, dict)) or key is None:
                    raise FunctionError("yamldecode: a map key must be a string, number or bool")
                name = to_str(key) if not (isinstance(key, float) and not math.isfinite(key)) else str(key)
                result[name] = self.build(value_node)
            return result
        raise FunctionError("yamldecode: unsupported node")


def _yamldecode(text: Any) -> Any:
    import yaml

    class Loader(yaml.SafeLoader):  # no implicit resolvers: every plain scalar is read by _plain
        yaml_implicit_resolvers: dict[Any, Any] = {}

    try:
        nodes = list(yaml.compose_all(to_str(text), Loader=Loader))
    except yaml.YAMLError as exc:
        raise FunctionError(f"yamldecode: {exc}") from None
    if len(nodes) > 1:
        raise FunctionError("yamldecode: the string holds more than one YAML document")
    return _Builder().build(nodes[0]) if nodes else None


FUNCTIONS: dict[str, Function] = {
    "yamldecode": scalar(_yamldecode),
}
