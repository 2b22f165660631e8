"""The JSON contract (schema_version 1), as documented in the README."""

from __future__ import annotations

from gate.model import RunResult


def render(run: RunResult) -> str:
    return run.model_dump_json(indent=2) + "\n"
