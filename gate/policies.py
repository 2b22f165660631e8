"""Policies as data: read, validated and compiled once. A broken policy file stops the run with its line."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gate import yamlnodes
from gate.engine.conditions import Compiler
from gate.engine.context import Condition
from gate.errors import InputError, PolicyError
from gate.model import FORMAT_CLOUDFORMATION, FORMAT_TERRAFORM, POLICY_ID_PATTERN, Policy
from gate.parse_cache import ParseCache, code_digest
from gate.schema import SchemaError, check

TARGET_FORMATS = (FORMAT_TERRAFORM, FORMAT_CLOUDFORMATION)
_ID = re.compile(POLICY_ID_PATTERN)
_LIBRARY = "policy-library-2"
# The modules whose classes a compiled policy is made of (gate.parse_cache.code_digest).
_COMPILED_FROM = ("model.py", "schema.py", "policies.py", "yamlnodes.py", "values.py", "engine")


@dataclass
class LoadedPolicy:
    policy: Policy
    file: Path
    conditions: dict[str, Condition] = field(default_factory=dict)
    passed_message: str = field(init=False)  # one string shared by every passed result

    def __post_init__(self) -> None:
        self.passed_message = f"{self.policy.title}: passed"


def builtin_dir() -> Path:
    """The built-in policies: packaged as ``gate/_policies`` in a wheel, ``policies/`` in a source checkout."""
    here = Path(__file__).resolve().parent
    packaged = here / "_policies"
    return packaged if packaged.is_dir() else here.parent / "policies"


def policy_files(directory: Path) -> list[Path]:
    """Policy files: ``<family>/<ID>.yaml`` (examples live in folders beside them and are not policies)."""
    top = [p for p in directory.glob("*.yaml") if _ID.match(p.stem)]
    return sorted([*top, *directory.glob("*/*.yaml")])


def _read(path: Path, name: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PolicyError(name, None, f"cannot read: {exc}") from None


def _parse(text: str, name: str) -> Any:
    try:
        return yamlnodes.load(text, name)
    except InputError as exc:
        raise PolicyError(name, exc.line, exc.detail) from None


def load_policy(path: Path, display: str | None = None, raw: Any = None) -> LoadedPolicy:
    """One policy file, validated and compiled; ``raw`` is its document when it has been read already."""
    name = display or path.name
    if raw is None:
        raw = _parse(_read(path, name), name)
    if not isinstance(raw, dict):
        raise PolicyError(name, getattr(raw, "line", 1), "a policy file must be a mapping")
    try:
        policy = check(Policy, raw)
    except SchemaError as exc:
        loc = list(exc.first.loc)
        line = yamlnodes.line_of(raw, loc)
        where = ".".join(str(p) for p in loc) or "(top)"
        detail = exc.first.message.removeprefix("Value error, ")
        raise PolicyError(name, line, f"{where}: {detail}") from None
    for fmt in policy.targets:
        if fmt not in TARGET_FORMATS:
            line = yamlnodes.line_of(raw, ["targets", fmt])
            raise PolicyError(name, line, f"targets.{fmt}: unknown format (expected {', '.join(TARGET_FORMATS)})")
    loaded = LoadedPolicy(policy, path)
    compiler = Compiler(name)
    raw_targets: Any = raw["targets"]
    for fmt, target in raw_targets.items():
        if "condition" not in target:
            raise PolicyError(name, getattr(target, "line", None), f"targets.{fmt}: a condition is required")
        loaded.conditions[fmt] = compiler.compile(target["condition"])
    if path.stem != policy.id:
        raise PolicyError(name, yamlnodes.line_of(raw, ["id"]), f"id {policy.id!r} differs from the file name")
    return loaded


def load_policies(directories: list[Path], cache: ParseCache | None = None) -> list[LoadedPolicy]:
    """Every policy in ``directories``, in id order; ids must be unique across them. With ``cache``, a folder
    whose files are all unchanged is read back compiled, in one piece, instead of parsed, checked and compiled
    again (which also spares importing the checker)."""
    loaded: list[LoadedPolicy] = []
    seen: dict[str, Path] = {}
    for directory in directories:
        files = [(path, path.relative_to(directory.parent).as_posix()) for path in policy_files(directory)]
        for (path, display), policy in zip(files, _folder(files, cache), strict=True):
            if policy.policy.id in seen:
                raise PolicyError(
                    display, None, f"policy id {policy.policy.id} is also defined in {seen[policy.policy.id]}"
                )
            seen[policy.policy.id] = path
            loaded.append(policy)
    _check_subsumes(loaded, directories)
    return sorted(loaded, key=lambda p: p.policy.id)


def _check_subsumes(loaded: list[LoadedPolicy], directories: list[Path]) -> None:
    """``subsumes`` names other loaded policies, never itself, in no cycle, and none more severe than it: a
    broader finding that hid a graver one would lower what the report says (gate.engine.subsume)."""
    by_id = {p.policy.id: p for p in loaded}
    for policy in loaded:
        name = _display(policy.file, directories)
        for other in policy.policy.subsumes:
            narrower = by_id.get(other)
            if narrower is None or other == policy.policy.id:
                why = "a policy cannot subsume itself" if other == policy.policy.id else "no such policy"
                raise PolicyError(name, None, f"subsumes: {other}: {why}")
            if narrower.policy.severity.rank < policy.policy.severity.rank:
                raise PolicyError(
                    name,
                    None,
                    f"subsumes: {other} is {narrower.policy.severity.value}, more severe "
                    f"than this policy ({policy.policy.severity.value})",
                )
        if policy.policy.id in _covered(policy.policy.id, by_id):
            raise PolicyError(name, None, "subsumes: the policies it names subsume this one in turn (a cycle)")


def _covered(policy_id: str, by_id: dict[str, LoadedPolicy]) -> set[str]:
    """Every id ``policy_id`` subsumes, directly or through the policies it names."""
    seen: set[str] = set()
    todo = list(by_id[policy_id].policy.subsumes)
    while todo:
        other = todo.pop()
        if other not in seen and other in by_id:
            seen.add(other)
            todo.extend(by_id[other].policy.subsumes)
    return seen


def _display(path: Path, directories: list[Path]) -> str:
    for directory in directories:
        if path.is_relative_to(directory):
            return path.relative_to(directory.parent).as_posix()
    return path.name


def _folder(files: list[tuple[Path, str]], cache: ParseCache | None) -> list[LoadedPolicy]:
    """The compiled policies of ``files`` ((path, display) pairs), through one cache entry for all of them."""
    texts = [_read(path, display) for path, display in files]
    key = None
    if cache is not None:
        parts = [
            _LIBRARY,
            code_digest(_COMPILED_FROM),
            *(f"{path}\x00{display}\x00{text}" for (path, display), text in zip(files, texts, strict=True)),
        ]
        key = cache.own_key("\x00".join(parts).encode())
        cached = cache.load(key)
        if isinstance(cached, list) and len(cached) == len(files) and all(isinstance(p, LoadedPolicy) for p in cached):
            return cached
    compiled = [
        load_policy(path, display, _parse(text, display)) for (path, display), text in zip(files, texts, strict=True)
    ]
    if cache is not None and key is not None:
        cache.store(key, compiled)
    return compiled
