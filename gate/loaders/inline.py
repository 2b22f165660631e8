"""Inline skips written beside the code: ``# gate:skip=GATE-NET-001 reason="Bastion behind the VPN"``.

In HCL the comment stands on the block's first line or in the comment lines right above it; in
CloudFormation the resource carries ``Metadata: {gate: {skip: [{id: ..., reason: ...}]}}``.
"""

from __future__ import annotations

import re
from typing import Any

from gate.model import InlineSkip

_SKIP = re.compile(r"gate:skip=([A-Za-z0-9_,\-]+)(?:\s+reason=(?:\"([^\"]*)\"|'([^']*)'))?")
_COMMENT = re.compile(r"^\s*(#|//)")


def hcl_lines(text: str) -> list[str]:
    """``text`` cut into lines as HCL counts them: a line ends at LF (or CRLF) only. ``str.splitlines`` also
    cuts at form feeds, vertical tabs, U+0085, U+2028... which an attacker can hide in a comment to shift every
    line after it, so that a skip written for one block lands on another.
    https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md#comments-and-whitespace"""
    return [line.removesuffix("\r") for line in text.split("\n")]


def hcl_skips(lines: list[str], block_line: int) -> tuple[InlineSkip, ...]:
    """Skips on line ``block_line`` (1-based) and in the run of comment lines right above it; ``lines`` are
    :func:`hcl_lines`."""
    found: list[InlineSkip] = []
    candidates = [block_line]
    number = block_line - 1
    while number >= 1 and _COMMENT.match(lines[number - 1]):
        candidates.append(number)
        number -= 1
    for number in candidates:
        if number - 1 >= len(lines):
            continue
        text = lines[number - 1]
        if "gate:skip" not in text:
            continue
        for match in _SKIP.finditer(text):
            reason = match.group(2) if match.group(2) is not None else match.group(3)
            for policy_id in filter(None, match.group(1).split(",")):
                found.append(InlineSkip(policy_id, reason.strip() if reason and reason.strip() else None, number))
    return tuple(found)


def cloudformation_skips(body: Any, line: int) -> tuple[InlineSkip, ...]:
    """Skips from a resource's ``Metadata.gate.skip`` list (``id`` and ``reason`` per entry)."""
    metadata = body.get("Metadata") if isinstance(body, dict) else None
    gate = metadata.get("gate") if isinstance(metadata, dict) else None
    entries = gate.get("skip") if isinstance(gate, dict) else None
    if isinstance(entries, dict):
        entries = [entries]
    found: list[InlineSkip] = []
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            continue
        reason = entry.get("reason")
        text = reason.strip() if isinstance(reason, str) and reason.strip() else None
        found.append(InlineSkip(entry["id"], text, getattr(entry, "line", 0) or line))
    return tuple(found)
