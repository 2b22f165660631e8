"""docs/functions.md says which of Terraform's functions the gate computes: it must match the code."""

from __future__ import annotations

import re
from pathlib import Path

from gate.loaders.hcl_functions import FILE_FUNCTIONS, FUNCTIONS
from gate.values import Unknown

DOC = (Path(__file__).resolve().parents[3] / "docs" / "functions.md").read_text(encoding="utf-8")


def _section(title: str) -> set[str]:
    body = DOC.split(f"## {title}\n", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"`([a-z0-9_:]+)`", body))


def test_every_function_the_gate_knows_is_documented_in_its_state() -> None:
    known = set(FUNCTIONS) | set(FILE_FUNCTIONS) | {"can", "try"}
    assert _section("Computed") | _section("Known only after apply") == known


def test_functions_said_to_be_known_only_after_apply_are_unknown() -> None:
    for name in _section("Known only after apply"):
        assert isinstance(FUNCTIONS[name]("x"), Unknown), name


def test_functions_said_not_to_be_computed_are_absent() -> None:
    assert not _section("Not computed") & (set(FUNCTIONS) | set(FILE_FUNCTIONS))
