"""Terraform's built-in functions: the names the evaluator calls, implemented in :mod:`gate.loaders.functions`.

A function whose argument is unknown returns an unknown (carrying the argument's references), except where the
result is still known (``length`` of a list with unknown elements, ``coalesce`` past a known value). A function
the gate does not implement is absent from ``FUNCTIONS`` and ``FILE_FUNCTIONS``: never a guess.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from functools import cache, lru_cache
from typing import Any

from gate.loaders.functions import FILE_FUNCTIONS, FUNCTIONS, FunctionError, LimitExceeded

__all__ = ["FILE_FUNCTIONS", "FUNCTIONS", "FunctionError", "LimitExceeded", "accepts"]


@cache
def _arity(fn: Callable[..., Any]) -> inspect.Signature | None:
    try:
        return inspect.signature(fn)
    except (TypeError, ValueError):  # a builtin without a signature: the call itself checks
        return None


@lru_cache(maxsize=1024)  # binding a signature costs more than most functions' work; calls repeat
def accepts(fn: Callable[..., Any], count: int) -> bool:
    """Whether ``fn`` takes ``count`` positional arguments: a call with the wrong number is the user's error
    (Terraform rejects it), not a TypeError of the gate."""
    signature = _arity(fn)
    if signature is None:
        return True
    try:
        signature.bind(*range(count))
    except TypeError:
        return False
    return True
