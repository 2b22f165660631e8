"""Loading a Terraform root: its variables (files, environment, defaults), its local and remote modules, and
the resources every module instance emits (gate.loaders.terraform_hcl evaluates one instance)."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from gate.errors import InputError
from gate.loaders import hcl_ast as ast
from gate.loaders.base import LoadOutput
from gate.loaders.hcl_eval import Evaluator, EvaluatorBug
from gate.loaders.modules.fetcher import ModuleFetcher, NotFetched
from gate.loaders.terraform_calls import located_step
from gate.loaders.terraform_files import Declared, ModuleSource, SourceCache, env_value, read_var_file
from gate.loaders.terraform_hcl import ModuleInstance
from gate.loaders.terraform_limits import MAX_MODULE_DEPTH, Budget, LimitError, is_limit
from gate.loaders.terraform_origins import attach_origins
from gate.loaders.terraform_providers import attach_provider_versions
from gate.loaders.terraform_types import declared_value
from gate.values import Origin, Unknown


class TerraformLoader:
    """Loads one root module (and the local modules it calls) into resources."""

    def __init__(
        self, root_dir: Path, scan_root: Path, display: Callable[[Path], str], out: LoadOutput, sources: SourceCache
    ) -> None:
        self.root_dir = root_dir
        self.scan_root = scan_root
        self.display = display
        self.out = out
        self.sources = sources
        self._registry: dict[str, str] | None = None
        self.assigned_from: dict[str, set[str]] = {}  # root variable -> the variables files that set it
        self._noticed: set[str] = set()
        self.budget = Budget()
        self.environ: dict[str, str] = {}
        self.modules: ModuleFetcher | None = None  # fetches remote modules (None: only .terraform/modules)

    def may_read(self, path: Path) -> bool:
        """Whether ``file()`` and its kin read ``path`` (resolved): inside the scanned tree, or inside a remote
        package fetched for this scan (gate.loaders.modules), which is read like the tree."""
        return path.is_relative_to(self.scan_root) or (
            self.modules is not None and self.modules.package_of(path) is not None
        )

    def read_module(self, directory: Path) -> ModuleSource:
        return self.sources.get(directory, self.display)

    def instantiate(self, source: ModuleSource, prefix: str, inputs: dict[str, Any], depth: int) -> ModuleInstance:
        instance = ModuleInstance(self, source, prefix, {}, depth)
        self.sources.instantiated.add(source.directory.resolve())
        for name, declared in source.variables.items():
            body = declared.block.body
            if name in inputs or "default" in body.attributes:
                with located_step(declared.file, declared.block.line):
                    evaluate = Evaluator(instance).evaluate
                    given = name in inputs
                    value = inputs[name] if given else evaluate(body.attributes["default"].expr)
                    instance.variables[name] = declared_value(name, value, body, evaluate, given)
        return instance

    def module_source(self, caller: ModuleInstance, name: str, declared: Declared) -> ModuleSource | None:
        attribute = declared.block.body.attributes.get("source")
        source = attribute.expr.value if attribute is not None and isinstance(attribute.expr, ast.Lit) else None
        where = f"{declared.file}:{declared.block.line}"
        if not isinstance(source, str):
            self.notice(f"{where}: module.{name} has no literal source; its resources are not scanned")
            return None
        if caller.depth >= MAX_MODULE_DEPTH:
            raise LimitError(
                f"module.{name} nests deeper than {MAX_MODULE_DEPTH} levels", declared.file, declared.block.line
            )
        if source.startswith(("./", "../")):
            directory = (caller.source.directory / source).resolve()
            written = Path(os.path.normpath(caller.source.directory / source))
            if written.is_relative_to(self.scan_root) and not directory.is_relative_to(self.scan_root):
                self.out.errors.append(
                    InputError(
                        declared.file,
                        declared.block.line,
                        f"module.{name} source {source} is a symbolic link out of the scanned tree: not read (fail closed)",
                    )
                )
                return None
            package = self.modules.package_of(caller.source.directory) if self.modules is not None else None
            display = self.display if package is None else package.display
            if package is not None and not directory.is_relative_to(package.root):  # Terraform: within the package
                self.out.errors.append(
                    InputError(
                        declared.file,
                        declared.block.line,
                        f"module.{name} source {source} leaves its remote package: not read",
                    )
                )
                return None
        else:
            found = self.remote_module(caller, name, declared, source, where)
            if found is None:
                return None
            directory, display = found
        if not directory.is_dir():
            self.notice(f"{where}: module.{name} source {source} is not a directory; its resources are not scanned")
            return None
        return self.sources.get(directory, display)

    def remote_module(
        self, caller: ModuleInstance, name: str, declared: Declared, source: str, where: str
    ) -> tuple[Path, Callable[[Path], str]] | None:
        """Where a remote module's files are: fetched (gate.loaders.modules), else where ``terraform init`` put them;
        None when neither has it (a notice, or an error result when the fetch failed: docs/modules.md)."""
        failed = None
        if self.modules is not None:
            attribute = declared.block.body.attributes.get("version")
            version = attribute.expr.value if attribute is not None and isinstance(attribute.expr, ast.Lit) else None
            if attribute is not None and not isinstance(version, str):
                failed = NotFetched("not fetched: its version is not a literal string", True)
            else:
                got = self.modules.fetch(source, version)
                if not isinstance(got, NotFetched):
                    return got.directory, got.display
                failed = got
        if failed is not None and failed.blocking:  # the source's own fault: no copy in the tree stands in for it
            self.out.errors.append(
                InputError(declared.file, declared.block.line, f"module.{name} source {source}: {failed.message}")
            )
            return None
        fetched = self.registry().get(".".join(_module_path(caller.prefix) + [name]))
        if fetched is not None:
            directory = (self.root_dir / fetched).resolve()
            if not directory.is_relative_to(self.scan_root):  # modules.json is in the tree: it names no path out
                self.out.errors.append(
                    InputError(
                        declared.file,
                        declared.block.line,
                        f"module.{name}: .terraform/modules/modules.json places it out of the scanned tree: not read (fail closed)",
                    )
                )
                return None
            return directory, self.display
        if failed is not None:
            self.notice(f"remote module {source} (module.{name} at {where}) is {failed.message}")
        else:
            self.notice(
                f"remote module {source} (module.{name} at {where}) is not fetched: run `terraform init` to scan it"
            )
        return None

    def registry(self) -> dict[str, str]:
        """Modules fetched by ``terraform init`` (``.terraform/modules/modules.json``): key -> directory."""
        if self._registry is None:
            self._registry = {}
            manifest = self.root_dir / ".terraform" / "modules" / "modules.json"
            try:
                for entry in json.loads(manifest.read_text(encoding="utf-8")).get("Modules", []):
                    if entry.get("Key") and entry.get("Dir"):
                        self._registry[entry["Key"]] = entry["Dir"]
            except (OSError, ValueError, AttributeError):
                pass
        return self._registry

    def workspace(self) -> Any:
        """``terraform.workspace``: the workspace the pipeline selects, which the files do not say. The gate
        knows it only from ``TF_WORKSPACE`` in its own environment (Terraform selects the workspace from it:
        https://developer.hashicorp.com/terraform/cli/config/environment-variables#tf_workspace); otherwise it
        is known only when deploying, never assumed to be "default"."""
        selected = self.environ.get("TF_WORKSPACE")
        if selected:
            return selected
        return Unknown(reason="terraform.workspace is the workspace selected when deploying", origin=Origin.DEPLOY)

    def notice(self, message: str) -> None:
        if message not in self._noticed:
            self._noticed.add(message)
            self.out.notices.append(message)

    def root_variables(
        self, source: ModuleSource, var_files: list[Path], environ: dict[str, str]
    ) -> dict[str, ast.Expr]:
        """Variable values by Terraform's precedence: environment, terraform.tfvars(.json), *.auto.tfvars, -var-file."""
        values: dict[str, ast.Expr] = {}
        for key, raw in environ.items():
            if key.startswith("TF_VAR_"):
                values[key[len("TF_VAR_") :]] = env_value(raw)
        directory = source.directory
        files = [directory / "terraform.tfvars", directory / "terraform.tfvars.json"]
        files += sorted(
            p for p in directory.glob("*.auto.tfvars*") if p.name.endswith((".auto.tfvars", ".auto.tfvars.json"))
        )
        found = [p for p in files if p.is_file()]
        for path in found:  # read by name from the tree: a link out of it is not read
            if path.is_symlink() and not path.resolve().is_relative_to(self.scan_root):
                self.out.errors.append(
                    InputError(
                        self.display(path), None, "symbolic link out of the scanned tree: not read (fail closed)"
                    )
                )
        found = [p for p in found if not p.is_symlink() or p.resolve().is_relative_to(self.scan_root)]
        for path in found + list(var_files):
            try:
                read = read_var_file(path, self.display(path))
            except InputError as exc:
                self.out.errors.append(exc)
                continue
            values.update(read)
            for name in read:
                self.assigned_from.setdefault(name, set()).add(self.display(path))
        return values

    def load_root(self, var_files: list[Path], environ: dict[str, str], scope: str) -> None:
        """Evaluate the root and emit its resources; past a limit the root is an error naming where."""
        source = self.read_module(self.root_dir)
        self.sources.instantiated.add(source.directory.resolve())
        try:
            self._load_root(source, var_files, environ, scope)
        except Exception as exc:
            if not is_limit(exc):
                raise
            limit = exc if isinstance(exc, LimitError) else LimitError(str(exc) or type(exc).__name__)
            self.out.errors.append(limit.as_input_error(self.display(self.root_dir) or "."))

    def _load_root(self, source: ModuleSource, var_files: list[Path], environ: dict[str, str], scope: str) -> None:
        self.environ = environ
        root = ModuleInstance(self, source, "", {}, 0)
        evaluator = Evaluator(root)
        assigned = self.root_variables(source, var_files, environ)
        for name, declared in source.variables.items():
            body = declared.block.body
            with located_step(declared.file, declared.block.line):
                if name in assigned:
                    value = evaluator.evaluate(assigned[name])
                elif "default" in body.attributes:
                    value = evaluator.evaluate(body.attributes["default"].expr)
                else:
                    continue
                root.variables[name] = declared_value(name, value, body, evaluator.evaluate, name in assigned)
        root.emit(self.out, scope)
        attach_origins(root, self.out.resources, self.assigned_from)
        attach_provider_versions(root, [r for r in self.out.resources if r.scope == scope])


def _module_path(prefix: str) -> list[str]:
    """``module.a.module.b[0].`` -> ``["a", "b"]`` (the key format of Terraform's modules.json)."""
    names = []
    parts = prefix.split(".")
    for i, part in enumerate(parts[:-1]):
        if part == "module" and i + 1 < len(parts):
            names.append(parts[i + 1].split("[")[0])
    return names


def load_terraform(
    root_dir: Path,
    scan_root: Path,
    display: Callable[[Path], str],
    var_files: list[Path] | None = None,
    environ: dict[str, str] | None = None,
    sources: SourceCache | None = None,
    modules: ModuleFetcher | None = None,
) -> LoadOutput:
    """Every resource of the root module in ``root_dir`` and of the modules it calls.

    Parse errors and notices of files read through a shared ``sources`` cache stay there (the caller reports
    them once); without one, they are in the output.
    """
    out = LoadOutput()
    cache = sources if sources is not None else SourceCache(scan_root=scan_root.resolve())
    loader = TerraformLoader(root_dir.resolve(), scan_root.resolve(), display, out, cache)
    loader.modules = modules
    scope = "terraform:" + display(root_dir)
    try:
        loader.load_root(var_files or [], dict(os.environ) if environ is None else environ, scope)
    except EvaluatorBug as bug:  # fail closed: the root is an error result that names where evaluation failed
        file, _, line = bug.where.rpartition(":") if bug.where else (display(root_dir), "", "")
        message = f"the gate failed while evaluating this ({bug}); this is a bug of the gate, reported so nothing passes unchecked"
        out.errors.append(InputError(file, int(line) if line.isdigit() else None, message))
    if sources is None:
        out.errors.extend(cache.errors())
        out.notices.extend(cache.notices())
    return out
