"""Golden files for loaders: a snapshot of what a loader produced, compared with the one kept beside the
fixture. After an intended change, rewrite them with ``GATE_UPDATE_GOLDEN=1 pytest`` and read the diff."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from gate.values import Unknown


def plain(value: Any) -> Any:
    """A loader's value as JSON: unknowns become ``{"<unknown>": [refs]}`` (with their known partial part)."""
    if isinstance(value, Unknown):
        known: dict[str, Any] = {"<unknown>": sorted(value.refs)}
        return known if value.partial is None else {**known, "partial": plain(value.partial)}
    if isinstance(value, dict):
        return {key: plain(inner) for key, inner in value.items()}
    if isinstance(value, list):
        return [plain(inner) for inner in value]
    return value


def assert_golden(golden: Path, snapshot: dict[str, Any]) -> None:
    if os.environ.get("GATE_UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(json.dumps(snapshot, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    assert golden.exists(), f"no golden file {golden.name}: run with GATE_UPDATE_GOLDEN=1"
    assert snapshot == json.loads(golden.read_text(encoding="utf-8"))
