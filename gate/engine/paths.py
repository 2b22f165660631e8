"""Attribute paths: ``server_side_encryption_configuration.rule.apply_server_side_encryption_by_default``.

A path fans out over lists (a Terraform block written twice, a CloudFormation list of rules), so resolving it
yields every value it reaches, each with the concrete path that reached it (``ingress[1].from_port``).
"""

from __future__ import annotations

from typing import Any

from gate.values import Unknown


def split_path(path: str) -> tuple[str, ...]:
    return tuple(part for part in path.split(".") if part)


def resolve(root: Any, parts: tuple[str, ...], prefix: str = "") -> list[tuple[str, Any]]:
    """Every (concrete path, value) that ``parts`` reaches from ``root``; an empty list when nothing is set.

    An unknown met on the way is returned as the value (the rest of the path cannot be known), except that an
    unknown with a known ``partial`` structure is read through.
    """
    found: list[tuple[str, Any]] = []
    _walk(root, parts, 0, prefix, found)
    return found


def _join(prefix: str, key: str) -> str:
    return f"{prefix}.{key}" if prefix else key


def _walk(value: Any, parts: tuple[str, ...], i: int, where: str, found: list[tuple[str, Any]]) -> None:
    if isinstance(value, Unknown):
        if not isinstance(value.partial, (dict, list)) or i == len(parts):
            found.append((_join(where, ".".join(parts[i:])) if i < len(parts) else where, value))
            return
        value = value.partial
    if i == len(parts):
        found.append((where, value))
        return
    key = parts[i]
    if isinstance(value, list):
        if key.isdigit():
            index = int(key)
            if index < len(value):
                _walk(value[index], parts, i + 1, f"{where}[{index}]", found)
            return
        for n, item in enumerate(value):
            _walk(item, parts, i, f"{where}[{n}]", found)
        return
    if isinstance(value, dict) and key in value:
        _walk(value[key], parts, i + 1, _join(where, key), found)
