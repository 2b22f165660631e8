"""Which Terraform directories of a scan are judged as root modules.

Every resource block in the tree is judged at least once. A directory that another scanned directory calls as
a local module is judged through that call, with the caller's inputs bound; but a call may create no instance
(``count = 0``, a ``for_each`` over an empty map, a caller that is itself never called), and the caller may be
outside the scanned paths. So directories are judged in rounds: first those no other pending directory calls,
then, once those are evaluated, each directory that no evaluation instantiated is judged as its own root, with
its own defaults. A directory that configures a backend or a provider is a root module of its own
(https://developer.hashicorp.com/terraform/language/modules/develop/providers) and is judged as one even when
another directory also calls it.

So is a called directory that has inputs of its own: a variable with a default, or a ``terraform.tfvars`` /
``*.auto.tfvars`` file. Terraform users call a module from ``examples/`` folders and deploy the module itself
with its defaults (a root is applied on its own, whatever else calls it:
https://developer.hashicorp.com/terraform/language/modules#the-root-module); a caller in the scanned tree that
passes safe inputs says nothing about the deployments that keep the defaults. A called directory whose every
variable is required has nothing of its own to judge: its callers' evaluations judge it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from gate.loaders import hcl_ast as ast
from gate.loaders.terraform_files import ModuleSource, SourceCache


def local_calls(directory: Path, module: ModuleSource) -> set[Path]:
    """The directories the module in ``directory`` calls as local modules (a literal ``source = "./..."`` or
    ``"../..."``)."""
    called: set[Path] = set()
    for declared in module.modules.values():
        source = declared.block.body.attributes.get("source")
        value = source.expr.value if source is not None and isinstance(source.expr, ast.Lit) else None
        if isinstance(value, str) and value.startswith(("./", "../")):
            called.add((directory / value).resolve())
    return called


def terraform_roots(
    directories: dict[Path, list[Path] | None], sources: SourceCache, display: Callable[[Path], str]
) -> Iterator[Path]:
    """The directories to judge as roots, in order. The caller evaluates each one before asking for the next
    (through ``sources``, whose ``instantiated`` set says which directories some evaluation has reached).

    Directories named by file (``files`` not None: the changed files of a commit) are always judged. A directory
    yielded but not evaluated as HCL (judged through its plan) counts as instantiating the modules it calls.
    """
    calls = {d: local_calls(d, sources.get(d, display)) if files is None else set() for d, files in directories.items()}
    pending = sorted(directories)
    while pending:
        called = {c for d in pending for c in calls[d] if c != d.resolve()}
        first = [
            d
            for d in pending
            if d.resolve() not in called or directories[d] is not None or _own_root(d, sources, display)
        ] or pending[:1]  # only a loop of calls is left: start anywhere
        for directory in first:
            yield directory
            if directory.resolve() not in sources.instantiated:
                sources.instantiated.update(calls[directory])
        pending = [d for d in pending if d not in first and d.resolve() not in sources.instantiated]


def _own_root(directory: Path, sources: SourceCache, display: Callable[[Path], str]) -> bool:
    """A directory judged as its own root even when another directory calls it: it configures a backend or a
    provider, or it has inputs of its own (a variable's default, a variables file Terraform reads by name)."""
    source = sources.get(directory, display)
    if source.root_markers:
        return True
    if any("default" in declared.block.body.attributes for declared in source.variables.values()):
        return True
    return any((directory / name).is_file() for name in ("terraform.tfvars", "terraform.tfvars.json")) or any(
        directory.glob("*.auto.tfvars*")
    )
