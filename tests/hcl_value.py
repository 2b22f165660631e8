"""Evaluate HCL expressions the way a scan does: written into a real ``.tf`` file, parsed by the real parser and
evaluated by the Terraform loader (tests of Terraform's functions and templates use it)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from gate.loaders.terraform_loader import load_terraform


def evaluate_file(root: Path, main_tf: str, files: dict[str, str | bytes] | None = None) -> dict[str, Any]:
    """The attributes of ``terraform_data.probe`` declared in ``main_tf``, with ``files`` beside it."""
    (root / "main.tf").write_text(main_tf, encoding="utf-8")
    for name, content in (files or {}).items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    resolved = root.resolve()
    out = load_terraform(resolved, resolved, lambda p: p.resolve().relative_to(resolved).as_posix(), environ={})
    [probe] = [r for r in out.resources if r.address == "terraform_data.probe"]
    return probe.attributes


def value(expression: str, files: dict[str, str | bytes] | None = None) -> Any:
    """The value of one HCL expression, as the loader evaluates it in a resource's argument."""
    with tempfile.TemporaryDirectory() as directory:
        attributes = evaluate_file(
            Path(directory), f'resource "terraform_data" "probe" {{\n  input = {expression}\n}}\n', files
        )
    return attributes["input"]


def root_errors(expression: str) -> list[str]:
    """The errors of a root whose one resource sets ``input = expression`` (a bound passed is one)."""
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory).resolve()
        (root / "main.tf").write_text(
            f'resource "terraform_data" "probe" {{\n  input = {expression}\n}}\n', encoding="utf-8"
        )
        out = load_terraform(root, root, lambda p: p.resolve().relative_to(root).as_posix(), environ={})
    return [str(e) for e in out.errors]


def refused_root(expression: str) -> str:
    """The one error a limit passed while evaluating ``expression`` makes of its whole root (fail closed)."""
    errors = root_errors(expression)
    assert len(errors) == 1 and "fail closed" in errors[0], errors
    return errors[0]
