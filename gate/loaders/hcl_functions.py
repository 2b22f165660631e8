"""Terraform's built-in functions: the names the evaluator calls, implemented in :mod:`gate.loaders.functions`.

A function whose argument is unknown returns an unknown (carrying the argument's references), except where the
result is still known (``length`` of a list with unknown elements, ``coalesce`` past a known value). A function
the gate does not implement is absent from ``FUNCTIONS`` and ``FILE_FUNCTIONS``: never a guess.
"""

from __future__ import annotations

from gate.loaders.functions import FILE_FUNCTIONS, FUNCTIONS, FunctionError, LimitExceeded

__all__ = ["FILE_FUNCTIONS", "FUNCTIONS", "FunctionError", "LimitExceeded"]
