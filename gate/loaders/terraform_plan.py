"""Terraform plans: the JSON of ``terraform show -json tfplan`` (format_version 0.1 to 1.x).

A plan says what each resource will look like after apply, which is what the gate judges: ``change.after``
with the values Terraform does not know yet (``after_unknown``) turned into :class:`Unknown`, except the
provider's defaults (``gate.loaders.plan_defaults``). Resources the plan only deletes are left out: they will not
exist. References come from the plan's ``configuration``, the only place a plan keeps the expressions behind its
values.
"""

from __future__ import annotations

import json
import re
from collections import deque
from typing import Any

from gate.errors import InputError
from gate.loaders.base import LoadOutput
from gate.loaders.plan_defaults import apply_split_resources, configured_names, drop_computed_defaults
from gate.model import FORMAT_PLAN, Location, Resource, strip_instance_keys
from gate.values import Origin, Unknown

_SUPPORTED_MAJOR_VERSIONS = ("0", "1")

# Reference roots that name no resource: Terraform resolves them itself, and policies never follow them.
_NON_RESOURCE_ROOTS = frozenset({"var", "local", "each", "count", "path", "self", "terraform"})

# A JSON string body in the unrolled-loop form, much faster in `re` than (?:[^"\\]|\\.)*.
_STRING_BODY = r'[^"\\]*(?:\\.[^"\\]*)*'
_ADDRESS_KEY = re.compile(r'"address"\s*:\s*"(' + _STRING_BODY + ')"')
_JSON_TOKEN = re.compile(r'"' + _STRING_BODY + r'"|[{}\[\]]')
_DEPTH_CHANGE = {"{": 1, "[": 1, "}": -1, "]": -1}
_BETWEEN_NEIGHBOURS = re.compile(r"\s*,\s*")

References = dict[str, frozenset[str]]


def looks_like_plan(doc: object) -> bool:
    """True for the JSON of a plan; the JSON of a state has ``values`` but no ``planned_values``."""
    return isinstance(doc, dict) and "format_version" in doc and ("resource_changes" in doc or "planned_values" in doc)


def load_plan(doc: dict[str, Any], text: str, file: str, scope: str) -> LoadOutput:
    """The resources a plan leaves in place, with their planned attributes and where the plan shows them.

    ``doc`` is ``json.loads(text)``; ``text`` serves only for line numbers. Problems become
    :class:`InputError` entries of the output; nothing else is raised.
    """
    out = LoadOutput()
    lines = _Lines(text)
    version = doc.get("format_version")
    if str(version).split(".")[0] not in _SUPPORTED_MAJOR_VERSIONS:
        message = f"unsupported plan format version {version} (supported: 0.1 to 1.x)"
        out.errors.append(InputError(file, lines.of(_key_offset(text, "format_version")), message))
        return out
    planned = doc.get("planned_values")
    out.plan_declares = root_declarations(doc.get("configuration"))
    plan = _Plan(
        text,
        file,
        scope,
        lines,
        doc.get("configuration"),
        planned.get("root_module") if isinstance(planned, dict) else None,
        out,
    )
    changes = doc.get("resource_changes")
    if changes is not None and not isinstance(changes, list):
        line = lines.of(_key_offset(text, "resource_changes"))
        out.errors.append(InputError(file, line, "resource_changes is not a list"))
    elif changes:
        plan.load_changes(changes)
        apply_split_resources(out.resources, plan.configured)  # separate S3 resources win over the bucket's own
    else:
        # Hand-written plans (test fixtures of other tools) may carry only planned_values: judge them.
        plan.load_planned()
    return out


class _Plan:
    """Turns the entries of one plan into resources; holds what they all share."""

    def __init__(
        self, text: str, file: str, scope: str, lines: _Lines, configuration: Any, planned_root: Any, out: LoadOutput
    ) -> None:
        self.text, self.file, self.scope, self.lines, self.out = text, file, scope, lines, out
        self.config, self.configured = _configuration_references(configuration), configured_names(configuration)
        self.planned = _planned_entries(planned_root)
        self._planned_values: dict[str, Any] | None = None

    def load_changes(self, changes: list[Any]) -> None:
        locations = self._locations("resource_changes", changes)
        for index, (entry, location) in enumerate(zip(changes, locations, strict=True)):
            if not _is_named(entry):
                self._error(location, f"resource_changes[{index}]: no address or type")
                continue
            change = entry.get("change")
            actions = change.get("actions") if isinstance(change, dict) else None
            if (
                not isinstance(change, dict)
                or not isinstance(actions, list)
                or not all(isinstance(action, str) for action in actions)
            ):
                self._error(location, f"{entry['address']}: resource change has no list of actions")
                continue
            if actions == ["delete"]:
                continue
            references = self._references(entry)
            after = change.get("after")
            if not isinstance(after, dict):
                after = self._planned_values_of(entry["address"])
            attributes = _with_unknowns(after, change.get("after_unknown"), references)
            drop_computed_defaults(entry["type"], entry["address"], attributes, self.configured)
            sensitive = _sensitive_names(change.get("after_sensitive"), attributes)
            before = change.get("before")
            prior = dict(before) if isinstance(before, dict) and ("update" in actions or "delete" in actions) else None
            if prior is not None:
                sensitive |= _sensitive_names(change.get("before_sensitive"), prior)
            self._add(entry, attributes, sensitive, tuple(actions), references, location, prior)

    def load_planned(self) -> None:
        locations = self._locations("planned_values", self.planned)
        for entry, location in zip(self.planned, locations, strict=True):
            if not _is_named(entry):
                self._error(location, "planned_values: a resource with no address or type")
                continue
            values = entry.get("values")
            attributes = dict(values) if isinstance(values, dict) else {}
            sensitive = _sensitive_names(entry.get("sensitive_values"), attributes)
            references = self._references(entry)
            self._add(entry, attributes, sensitive, (), references, location)

    def _references(self, entry: dict[str, Any]) -> References:
        """What the configuration says the resource of ``entry`` refers to. References from inside a module
        name resources of the same module instance: ``module.m.aws_x.y`` from ``module.m["a"].aws_z.w`` is
        ``module.m["a"].aws_x.y``, so that each instance relates to its own, not to every instance's."""
        references = self.config.get(strip_instance_keys(entry["address"]), {})
        module = entry.get("module_address")
        if not isinstance(module, str) or not module or not references:
            return references
        module += "."
        base = strip_instance_keys(module)
        if module == base:
            return references
        return {
            name: frozenset(module + target[len(base) :] if target.startswith(base) else target for target in targets)
            for name, targets in references.items()
        }

    def _planned_values_of(self, address: str) -> dict[str, Any]:
        # A change with no "after" (edited plans have them) still has planned values; indexed on first need.
        if self._planned_values is None:
            self._planned_values = {e["address"]: e.get("values") for e in self.planned if _is_named(e)}
        values = self._planned_values.get(address)
        return values if isinstance(values, dict) else {}

    def _add(
        self,
        entry: dict[str, Any],
        attributes: dict[str, Any],
        sensitive: frozenset[str],
        actions: tuple[str, ...],
        references: References,
        location: Location,
        before: dict[str, Any] | None = None,
    ) -> None:
        mode = "data" if entry.get("mode") == "data" else "managed"
        self.out.resources.append(
            Resource(
                address=entry["address"],
                type=entry["type"],
                format=FORMAT_PLAN,
                attributes=attributes,
                location=location,
                scope=self.scope,
                mode=mode,
                references=references,
                sensitive=sensitive,
                actions=actions,
                before=before,
            )
        )

    def _error(self, location: Location, message: str) -> None:
        self.out.errors.append(InputError(self.file, location.start_line or None, message))

    def _locations(self, array_key: str, entries: list[Any]) -> list[Location]:
        """Where each entry is; one that cannot be found is placed at the key of its array."""
        anchor = _key_offset(self.text, array_key)
        fallback = Location(file=self.file, start_line=self.lines.of(anchor), end_line=self.lines.of(anchor))
        addresses = [entry.get("address") if isinstance(entry, dict) else None for entry in entries]
        spans = _spans(self.text, anchor, [a if isinstance(a, str) else None for a in addresses])
        return [
            Location(file=self.file, start_line=self.lines.of(span[0]), end_line=self.lines.of(span[1]))
            if span
            else fallback
            for span in spans
        ]


def _is_named(entry: Any) -> bool:
    return isinstance(entry, dict) and all(isinstance(entry.get(key), str) for key in ("address", "type"))


def _planned_entries(module: Any) -> list[Any]:
    """The resources of planned_values in the order the plan prints them: resources, then child modules."""
    if not isinstance(module, dict):
        return []
    resources, children = module.get("resources"), module.get("child_modules")
    entries = list(resources) if isinstance(resources, list) else []
    for child in children if isinstance(children, list) else ():
        entries.extend(_planned_entries(child))
    return entries


def _with_unknowns(after: dict[str, Any], marks: Any, references: References) -> dict[str, Any]:
    """``after`` with what ``after_unknown`` marks as Unknown. Terraform leaves unknown values out of
    ``after``: an attribute that is set, but not known yet, would otherwise look unset."""
    attributes = dict(after)
    for name, mark in marks.items() if isinstance(marks, dict) else ():
        if _has_true(mark):
            # Computed, never an identifier: a plan's configuration keeps an expression's references, not the
            # expression, so ``replace(aws_vpc.main.arn, ...)`` cannot be told from ``aws_vpc.main.arn``.
            unknown = Unknown(references.get(name, frozenset()), reason="known after apply", origin=Origin.COMPUTED)
            attributes[name] = _merge(attributes[name], mark, unknown) if name in attributes else unknown
    return attributes


def _merge(value: Any, mark: Any, unknown: Unknown) -> Any:
    if mark is True:
        return unknown
    if isinstance(mark, dict) and isinstance(value, dict):
        merged = dict(value)
        for key, inner in mark.items():
            if key in merged:
                merged[key] = _merge(merged[key], inner, unknown)
            elif _has_true(inner):
                merged[key] = unknown
        return merged
    if isinstance(mark, list) and isinstance(value, list):
        items = [_merge(item, mark[i], unknown) if i < len(mark) else item for i, item in enumerate(value)]
        items.extend(unknown for inner in mark[len(value) :] if _has_true(inner))
        return items
    # A structure marked where the value is null or of another shape: unknown is the only honest answer.
    return unknown if _has_true(mark) else value


def _has_true(mark: Any) -> bool:
    if mark is True:
        return True
    if isinstance(mark, dict):
        mark = mark.values()
    elif not isinstance(mark, list):
        return False
    return any(map(_has_true, mark))


def _sensitive_names(marks: Any, attributes: dict[str, Any]) -> frozenset[str]:
    if marks is True:
        return frozenset(attributes)
    if not isinstance(marks, dict):
        return frozenset()
    return frozenset(name for name, mark in marks.items() if _has_true(mark))


def _configuration_references(configuration: Any) -> dict[str, References]:
    """Base address (``module.web.aws_x.y``) -> top-level attribute -> the base addresses it refers to."""
    index: dict[str, References] = {}
    root = configuration.get("root_module") if isinstance(configuration, dict) else None
    pending: list[tuple[str, Any]] = [("", root)]
    while pending:
        prefix, module = pending.pop()
        if not isinstance(module, dict):
            continue
        resources, calls = module.get("resources"), module.get("module_calls")
        for resource in resources if isinstance(resources, list) else ():
            address = _config_address(resource)
            if address:
                index[prefix + address] = _expression_references(resource.get("expressions"), prefix)
        for name, call in calls.items() if isinstance(calls, dict) else ():
            if isinstance(call, dict):
                pending.append((f"{prefix}module.{name}.", call.get("module")))
    return index


def root_declarations(configuration: Any) -> frozenset[str]:
    """What the root module of a plan's ``configuration`` declares: its resources (``type.name``,
    ``data.type.name``) and module calls (``module.name``); empty when the plan has no configuration."""
    root = configuration.get("root_module") if isinstance(configuration, dict) else None
    if not isinstance(root, dict):
        return frozenset()
    resources, calls = root.get("resources"), root.get("module_calls")
    found = {_config_address(r) for r in (resources if isinstance(resources, list) else ())}
    found.update(f"module.{name}" for name in (calls if isinstance(calls, dict) else ()))
    return frozenset(a for a in found if a)


def _config_address(resource: Any) -> str | None:
    # Built from mode/type/name: the configuration's own "address" is module-relative in some versions only.
    if not isinstance(resource, dict):
        return None
    kind, name = resource.get("type"), resource.get("name")
    if isinstance(kind, str) and isinstance(name, str):
        return f"data.{kind}.{name}" if resource.get("mode") == "data" else f"{kind}.{name}"
    address = resource.get("address")
    return strip_instance_keys(address) if isinstance(address, str) else None


def _expression_references(expressions: Any, prefix: str) -> References:
    references: References = {}
    for name, expression in expressions.items() if isinstance(expressions, dict) else ():
        found: set[str] = set()
        _collect_references(expression, prefix, found)
        if found:
            references[name] = frozenset(found)
    return references


def _collect_references(expression: Any, prefix: str, found: set[str]) -> None:
    # Nested blocks are lists or dicts of expressions; a constant_value is data, never a reference.
    if isinstance(expression, list):
        for item in expression:
            _collect_references(item, prefix, found)
    elif isinstance(expression, dict):
        for key, value in expression.items():
            if key == "references" and isinstance(value, list):
                found.update(prefix + base for base in map(_base_reference, value) if base)
            elif key != "constant_value":
                _collect_references(value, prefix, found)


def _base_reference(reference: Any) -> str | None:
    """``aws_x.y[0].arn`` -> ``aws_x.y``; ``data.t.n.json`` -> ``data.t.n``; ``module.m.o`` -> ``module.m``.

    None for what names no resource (``var.x``, ``local.y``, ``each.key``...).
    """
    if not isinstance(reference, str):
        return None
    parts = strip_instance_keys(reference).split(".")
    if parts[0] in _NON_RESOURCE_ROOTS:
        return None
    size = 3 if parts[0] == "data" else 2
    return ".".join(parts[:size]) if len(parts) >= size else None


class _Lines:
    """Offset -> 1-based line number (0 for offset -1, "not found").

    Offsets are asked in increasing order (entries are found in text order), so each answer counts the
    newlines (in C) since the previous one: linear in the text overall, and no list of a million offsets.
    An earlier offset, which only a hand-edited plan can cause, is counted again from the start.
    """

    def __init__(self, text: str) -> None:
        self._text, self._offset, self._line = text, 0, 1

    def of(self, offset: int) -> int:
        if offset < 0:
            return 0
        if offset < self._offset:
            self._offset, self._line = 0, 1
        self._line += self._text.count("\n", self._offset, offset)
        self._offset = offset
        return self._line


def _key_offset(text: str, key: str) -> int:
    """Offset of the first ``"key":`` (-1 if none): Terraform prints top-level keys before nested ones."""
    match = re.search('"' + re.escape(key) + r'"\s*:', text)
    return match.start() if match else -1


def _spans(text: str, anchor: int, addresses: list[str | None]) -> list[tuple[int, int] | None]:
    """(start, end) offsets of each entry: start at its ``"address"`` key, end at its closing brace.

    One pass of a regex from ``anchor`` (the key of the array holding the entries) finds the address keys in
    order; an address met again further on (prior_state, configuration) is ignored once its entry is placed.
    """
    wanted: dict[str, deque[int]] = {}
    for index, address in enumerate(addresses):
        if address is not None:
            wanted.setdefault(address, deque()).append(index)
    starts: list[int | None] = [None] * len(addresses)
    remaining = len(addresses) - addresses.count(None)
    for match in _ADDRESS_KEY.finditer(text, max(anchor, 0)):
        if not remaining:
            break
        queue = wanted.get(_decode(match.group(1)))
        if queue:
            starts[queue.popleft()] = match.start()
            remaining -= 1
    opens = [_open_brace_before(text, start) if start is not None else None for start in starts]
    spans: list[tuple[int, int] | None] = []
    for index, (start, open_brace) in enumerate(zip(starts, opens, strict=True)):
        following = opens[index + 1] if index + 1 < len(opens) else None
        end = _end_of_object(text, open_brace, following) if open_brace is not None else None
        spans.append(None if start is None else (start, start if end is None else end))
    return spans


def _decode(raw: str) -> str:
    # for_each keys are escaped (aws_x.y[\"k\"]), and Go writes <, > and & as \u003c, \u003e and \u0026.
    if "\\" not in raw:
        return raw
    try:
        return str(json.loads('"' + raw + '"'))
    except ValueError:
        return raw


def _open_brace_before(text: str, offset: int) -> int | None:
    """The entry's opening brace, when ``address`` is its first key (as Terraform prints it)."""
    index = offset - 1
    while index >= 0 and text[index] in " \t\r\n":
        index -= 1
    return index if index >= 0 and text[index] == "{" else None


def _end_of_object(text: str, open_brace: int, next_open: int | None) -> int | None:
    # Neighbours in one array are separated by "}," and the end is found without reading the entry. Else (the
    # last entry, entries of different modules in planned_values) braces are matched over this entry only.
    if next_open is not None:
        close = text.rfind("}", open_brace, next_open)
        if close != -1 and _BETWEEN_NEIGHBOURS.fullmatch(text, close + 1, next_open):
            return close
    depth = 0
    for token in _JSON_TOKEN.finditer(text, open_brace):
        depth += _DEPTH_CHANGE.get(token.group(), 0)
        if depth == 0:
            return token.start()
    return None
