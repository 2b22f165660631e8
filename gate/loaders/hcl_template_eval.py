"""The evaluation of ``templatefile``'s template: only the variables it is given are in scope, as in Terraform
(https://developer.hashicorp.com/terraform/language/functions/templatefile)."""

from __future__ import annotations

from typing import Any

from gate.loaders import hcl_ast as ast
from gate.loaders.hcl_access import EvalError
from gate.loaders.hcl_eval import Evaluator


class TemplateFileEvaluator(Evaluator):
    """An evaluator whose names are the template's variables and nothing else (no ``var``, ``local``,
    resources); a ``templatefile`` call inside it is an error."""

    def root(self, name: str, steps: list[ast.Step]) -> tuple[Any, int]:
        if name in self.names:
            return self.names[name], 0
        raise EvalError(f"vars map does not contain key {name!r}, referenced in the template")
