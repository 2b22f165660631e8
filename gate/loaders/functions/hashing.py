"""Hash and crypto functions over known strings:
https://developer.hashicorp.com/terraform/language/functions (section "Hash and Crypto Functions").

``uuid``, ``bcrypt`` (random salt) are different at every run: they are unknown until apply. ``rsadecrypt`` is
not computed (a gap)."""

from __future__ import annotations

import base64
import hashlib
import uuid
from collections.abc import Callable
from typing import Any

from gate.loaders.functions.base import Function, FunctionError, scalar, to_str
from gate.values import unknown_of

_NAMESPACES = {
    "dns": uuid.NAMESPACE_DNS,
    "url": uuid.NAMESPACE_URL,
    "oid": uuid.NAMESPACE_OID,
    "x500": uuid.NAMESPACE_X500,
}


def hex_digest(algorithm: Callable[..., Any]) -> Function:
    return scalar(lambda s: algorithm(to_str(s).encode("utf-8")).hexdigest())


def base64_digest(algorithm: Callable[..., Any]) -> Function:
    return scalar(lambda s: base64.b64encode(algorithm(to_str(s).encode("utf-8")).digest()).decode("ascii"))


def _uuidv5(namespace: Any, name: Any) -> Any:
    space = to_str(namespace)
    if space in _NAMESPACES:
        base = _NAMESPACES[space]
    else:
        try:
            base = uuid.UUID(space)
        except ValueError:
            raise FunctionError(f"uuidv5: {space!r} is not a namespace or a UUID") from None
    return str(uuid.uuid5(base, to_str(name)))


def apply_time(name: str) -> Function:
    """A function whose result Terraform knows only when it applies (random or clock-dependent)."""
    return lambda *args: unknown_of(*args, reason=f"{name}() is known only after apply")


FUNCTIONS: dict[str, Function] = {
    "md5": hex_digest(hashlib.md5),
    "sha1": hex_digest(hashlib.sha1),
    "sha256": hex_digest(hashlib.sha256),
    "sha512": hex_digest(hashlib.sha512),
    "base64sha256": base64_digest(hashlib.sha256),
    "base64sha512": base64_digest(hashlib.sha512),
    "uuidv5": scalar(_uuidv5),
    "uuid": apply_time("uuid"),
    "bcrypt": apply_time("bcrypt"),
}
