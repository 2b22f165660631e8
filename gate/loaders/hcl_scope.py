"""What the HCL evaluator needs from the place it evaluates in: a small protocol, so that the evaluator (and
the file functions it calls) depend on it rather than on the Terraform loader's module instances."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from gate.loaders import hcl_ast as ast
    from gate.loaders.hcl_eval import Evaluator
    from gate.loaders.terraform_limits import Budget


class Scope(Protocol):
    @property
    def budget(self) -> Budget:
        """The root's bounds on what evaluation builds and iterates (gate.loaders.terraform_limits)."""
        ...

    @property
    def root_dir(self) -> Path:
        """The folder Terraform runs in: relative paths of ``file()`` and its kin start here."""
        ...

    def may_read(self, path: Path) -> bool:
        """Whether a file function may read ``path``: inside the scanned tree (or a fetched module's package)."""
        ...

    def resolve(self, ev: Evaluator, name: str, steps: list[ast.Step]) -> tuple[Any, int]:
        """The value of the reference ``name`` followed by ``steps``, and how many steps it used."""
        ...
