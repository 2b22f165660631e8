"""Collection functions: https://developer.hashicorp.com/terraform/language/functions (section "Collection
Functions").

A set is a Python list here, ordered as Terraform orders sets (see :func:`gate.loaders.functions.conversion.as_set`). Functions that
move elements without reading them (``concat``, ``length``, ``lookup``, ``merge``...) keep unknown elements in
place; the others are unknown as soon as anything in their arguments is.
"""

from __future__ import annotations

import math
from typing import Any

from gate.loaders.functions.base import (
    MAX_ELEMENTS,
    MAX_RANGE,
    Function,
    FunctionError,
    LimitExceeded,
    check_size,
    shallow,
    to_bool,
    to_int,
    to_list,
    to_map,
    to_number,
    to_str,
    whole,
)
from gate.loaders.functions.conversion import TerraformSet, as_set, unify
from gate.loaders.functions.strings import graphemes
from gate.values import Unknown, unknown_of, unknowns_in


def _element(items: Any, index: Any) -> Any:
    """Wraps around in both directions: https://developer.hashicorp.com/terraform/language/functions/element
    (``element(["a", "b", "c"], 3)`` is ``"a"``, ``element(["a", "b", "c"], -1)`` is ``"c"``)."""
    values = to_list(items)
    if not values:
        raise FunctionError("element: cannot use element function with an empty list")
    return values[to_int(index) % len(values)]


def _index(items: Any, value: Any) -> Any:
    for i, item in enumerate(to_list(items)):
        if item == value and isinstance(item, bool) == isinstance(value, bool):
            return i
    raise FunctionError("index: item not found")


def _length(value: Any) -> Any:
    if isinstance(value, str):
        return len(graphemes(value))
    if isinstance(value, TerraformSet) and any(isinstance(item, Unknown) for item in value):
        return unknown_of(*value)  # an element known only after apply may equal another: how many is unknown
    if isinstance(value, (list, dict)):
        return len(value)
    raise FunctionError("length: argument must be a string, a collection or a structure")


def _lookup(mapping: Any, key: Any, *default: Any) -> Any:
    if len(default) > 1:
        raise FunctionError("lookup: too many arguments")
    values = to_map(mapping)
    name = to_str(key)
    if name in values:
        return values[name]
    if default:
        return default[0]
    raise FunctionError(f"lookup: the given key {name!r} does not exist in the map")


def _merge(*maps: Any) -> Any:
    result: dict[str, Any] = {}
    for value in maps:
        if value is None:
            continue
        result.update(to_map(value))
    return result


def _concat(*lists: Any) -> Any:
    return check_size([item for lst in lists for item in to_list(lst)], "concat")


def _flatten(value: Any) -> Any:
    out: list[Any] = []
    for item in to_list(value):
        if isinstance(item, Unknown):  # it may be a list itself: the shape of the result is unknown
            return unknown_of(item)
        if isinstance(item, list):
            inner = _flatten(item)
            if isinstance(inner, Unknown):
                return inner
            out.extend(inner)
        else:
            out.append(item)
    return check_size(out, "flatten")


def _distinct(value: Any) -> Any:
    out: list[Any] = []
    for item in unify(list(to_list(value))):
        if item not in out:
            out.append(item)
    return out


def _compact(value: Any) -> Any:
    return [to_str(item) for item in to_list(value) if item is not None and item != ""]


def _coalesce(*args: Any) -> Any:
    """The first argument that is neither null nor an empty string; an unknown before it makes it unknown."""
    for arg in args:
        if isinstance(arg, Unknown):
            return unknown_of(arg)
        if arg is not None and arg != "":
            kinds = {type(a) for a in args if a is not None and not isinstance(a, Unknown)}
            return to_str(arg) if str in kinds and len(kinds) > 1 else arg
    raise FunctionError("coalesce: no non-null, non-empty-string arguments")


def _coalescelist(*args: Any) -> Any:
    for arg in args:
        if isinstance(arg, Unknown):
            return unknown_of(arg)
        if to_list(arg):
            return arg
    return []


def _one(value: Any) -> Any:
    items = to_list(value)
    if len(items) > 1:
        raise FunctionError("one: must be a list, set, or tuple value with either zero or one elements")
    return items[0] if items else None


def _range(*args: Any) -> Any:
    """Terraform's ``range``, with its own limit of 1024 elements (an error in Terraform too)."""
    numbers = [to_number(a) for a in args]
    if not 1 <= len(numbers) <= 3:
        raise FunctionError("range: one to three arguments")
    start, limit = (0, numbers[0]) if len(numbers) == 1 else (numbers[0], numbers[1])
    step = numbers[2] if len(numbers) == 3 else (1 if limit >= start else -1)
    if step == 0:
        raise FunctionError("range: step must not be zero")
    if (step > 0 and limit < start) or (step < 0 and limit > start):
        raise FunctionError("range: step has the wrong sign for the given start and limit")
    if math.ceil(abs((limit - start) / step)) > MAX_RANGE:
        raise FunctionError(f"range: more than {MAX_RANGE} values")
    out: list[Any] = []
    value = start
    while (value < limit) if step > 0 else (value > limit):
        out.append(value)
        value += step
    return out


def _slice(items: Any, start: Any, end: Any) -> Any:
    values = to_list(items)
    first, last = to_int(start), to_int(end)
    if first < 0 or last > len(values) or first > last:
        raise FunctionError("slice: index out of range")
    return values[first:last]


def _sort(items: Any) -> Any:
    values = to_list(items)
    if any(item is None for item in values):
        raise FunctionError("sort: given list element is null")
    return sorted(to_str(item) for item in values)


def _sum(items: Any) -> Any:
    values = to_list(items)
    if not values:
        raise FunctionError("sum: cannot sum an empty list")
    total: Any = 0
    for item in values:
        if item is None:
            raise FunctionError("sum: an element is null")
        total += to_number(item)
    return total


def _keys(value: Any) -> Any:
    return sorted(to_map(value))


def _values(value: Any) -> Any:
    mapping = to_map(value)
    return [mapping[key] for key in sorted(mapping)]


def _zipmap(keys: Any, values: Any) -> Any:
    names, items = to_list(keys), to_list(values)
    if any(True for _ in unknowns_in(names)):
        return unknown_of(*unknowns_in(names))
    if len(names) != len(items):
        raise FunctionError("zipmap: number of keys and values must match")
    return dict(zip((to_str(k) for k in names), items, strict=True))


def _chunklist(items: Any, size: Any) -> Any:
    values, count = to_list(items), to_int(size)
    if count < 0:
        raise FunctionError("chunklist: the size argument must be positive")
    if not values:
        return []
    if count == 0:
        return [values]
    return [values[i : i + count] for i in range(0, len(values), count)]


def _setproduct(*sets: Any) -> Any:
    lists = [to_list(s) for s in sets]
    if len(lists) < 2:
        raise FunctionError("setproduct: at least two arguments are required")
    if math.prod(len(s) for s in lists) > MAX_ELEMENTS:
        raise LimitExceeded(f"setproduct: result has more than {MAX_ELEMENTS} elements")
    result: list[list[Any]] = [[]]
    for values in lists:
        result = [[*row, item] for row in result for item in values]
    return result


def _setunion(*sets: Any) -> Any:
    return as_set([item for s in sets for item in to_list(s)])


def _common_sets(*sets: Any) -> list[list[Any]]:
    """Each argument as a set of the element type all of them unify to, as cty's set functions convert them
    first (setOperationReturnType in https://github.com/zclconf/go-cty/blob/main/cty/function/stdlib/set.go):
    ``setintersection(["1"], [1])`` compares ``"1"`` with ``"1"``."""
    own = [as_set(to_list(s)) for s in sets]
    common = unify([item for s in own for item in s])
    out: list[list[Any]] = []
    for s in own:
        out.append(as_set(common[: len(s)]))
        common = common[len(s) :]
    return out


def _setintersection(first: Any, *others: Any) -> Any:
    head, *rest = _common_sets(first, *others)
    return [item for item in head if all(item in o for o in rest)]


def _setsubtract(first: Any, second: Any) -> Any:
    head, remove = _common_sets(first, second)
    return [item for item in head if item not in remove]


def _contains(items: Any, value: Any) -> Any:
    return any(item == value and isinstance(item, bool) == isinstance(value, bool) for item in to_list(items))


def _matchkeys(values: Any, keys: Any, searchset: Any) -> Any:
    items, names, wanted = to_list(values), to_list(keys), to_list(searchset)
    if len(items) != len(names):
        raise FunctionError("matchkeys: length of keys and values should be equal")
    return [item for item, key in zip(items, names, strict=True) if key in wanted]


def _transpose(value: Any) -> Any:
    result: dict[str, list[str]] = {}
    for key in sorted(to_map(value)):
        for item in to_list(value[key]):
            result.setdefault(to_str(item), []).append(key)
    return result


def _alltrue(items: Any) -> Any:
    return all(to_bool(item) for item in to_list(items))


def _anytrue(items: Any) -> Any:
    return any(to_bool(item) for item in to_list(items))


def _reverse(items: Any) -> Any:
    return list(reversed(to_list(items)))


FUNCTIONS: dict[str, Function] = {
    "alltrue": whole(_alltrue),
    "anytrue": whole(_anytrue),
    "chunklist": shallow(_chunklist),
    "coalesce": _coalesce,
    "coalescelist": _coalescelist,
    "compact": whole(_compact),
    "concat": shallow(_concat),
    "contains": whole(_contains),
    "distinct": whole(_distinct),
    "element": shallow(_element),
    "flatten": shallow(_flatten),
    "index": whole(_index),
    "keys": shallow(_keys),
    "length": shallow(_length),
    "lookup": shallow(_lookup),
    "matchkeys": whole(_matchkeys),
    "merge": shallow(_merge),
    "one": shallow(_one),
    "range": whole(_range),
    "reverse": shallow(_reverse),
    "setintersection": whole(_setintersection),
    "setproduct": shallow(_setproduct),
    "setsubtract": whole(_setsubtract),
    "setunion": whole(_setunion),
    "slice": shallow(_slice),
    "sort": whole(_sort),
    "sum": whole(_sum),
    "transpose": whole(_transpose),
    "values": shallow(_values),
    "zipmap": shallow(_zipmap),
}
