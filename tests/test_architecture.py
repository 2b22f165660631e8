"""The architecture is checked, not hoped for: every module of the gate has a place in the layers that
import-linter enforces (pyproject.toml; docs/architecture.md), so a new module cannot sit outside the rules."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_top_level_module_is_in_a_layer() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    (layers,) = [c["layers"] for c in config["contracts"] if c["type"] == "layers"]
    named = {name.strip() for layer in layers for name in layer.replace("|", ":").split(":")}
    modules = {f"gate.{p.stem}" for p in (ROOT / "gate").glob("*.py") if p.stem != "__init__"}
    packages = {f"gate.{p.name}" for p in (ROOT / "gate").iterdir() if (p / "__init__.py").is_file()}
    assert (modules | packages) - named == set()
    assert named - (modules | packages) == set()


def test_no_module_is_over_400_lines() -> None:
    """The style guide's small modules (docs/architecture.md): split by concern before one grows past 400."""
    long = {
        str(p.relative_to(ROOT)): n
        for p in (ROOT / "gate").rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400
    }
    assert long == {}
