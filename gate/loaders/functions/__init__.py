"""Terraform's built-in functions, one module per category of Terraform's documentation:
https://developer.hashicorp.com/terraform/language/functions

``FUNCTIONS`` maps a name to a function of values; ``FILE_FUNCTIONS`` those that read files, called with the
evaluator first. A function is either computed exactly as Terraform computes it, or absent from both (a call to
it is an evaluation gap, never a guess). ``FunctionError`` means Terraform itself rejects the call;
``LimitExceeded`` (a FunctionError) means the result is larger than the gate computes. ``can``, ``try`` and the
type conversions that need the evaluator live in the evaluator.
"""

from __future__ import annotations

from gate.loaders.functions import (
    collection,
    conversion,
    dates,
    encoding,
    filesystem,
    formatting,
    hashing,
    ipnet,
    numeric,
    regex,
    strings,
    yamltext,
)
from gate.loaders.functions.base import Function, FunctionError, LimitExceeded
from gate.loaders.functions.filesystem import FILE_FUNCTIONS, FileFunction
from gate.loaders.gotext import normalised

FUNCTIONS: dict[str, Function] = {}
_MODULES = (
    strings,
    formatting,
    regex,
    collection,
    conversion,
    encoding,
    yamltext,
    hashing,
    ipnet,
    numeric,
    dates,
    filesystem,
)
for _module in _MODULES:
    FUNCTIONS.update({name: normalised(fn) for name, fn in _module.FUNCTIONS.items()})

__all__ = ["FILE_FUNCTIONS", "FUNCTIONS", "FileFunction", "Function", "FunctionError", "LimitExceeded"]
