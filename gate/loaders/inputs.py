"""Reading every input of a scan: discovery, Terraform roots and their modules, plans and templates, and
pointing plan resources at the Terraform source that declares them."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from gate.errors import InputError, UsageError
from gate.loaders.base import LoadOutput
from gate.loaders.changed import named_files, reported, roots_reaching
from gate.loaders.discovery import discover
from gate.loaders.terraform_files import DEFAULT_MAX_FILE_SIZE, ModuleSource, SourceCache, is_terraform_file
from gate.loaders.terraform_limits import MAX_HCL_BYTES
from gate.loaders.terraform_override import is_override_file
from gate.loaders.terraform_roots import terraform_roots
from gate.model import FORMAT_PLAN, Resource
from gate.options import ScanOptions

if TYPE_CHECKING:
    from gate.loaders.modules.fetcher import ModuleFetcher
    from gate.parse_cache import ParseCache

VARIABLES_FILES = (".tfvars", ".tfvars.json")  # a named one scans its whole directory (gate.loaders.discovery)


class Display:
    """Paths as results show them: relative to the scan root, with ``/``."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def __call__(self, path: Path) -> str:
        absolute = path if path.is_absolute() else (Path.cwd() / path)
        try:
            return absolute.relative_to(self.root).as_posix()
        except ValueError:
            resolved = absolute.resolve()
            try:
                return resolved.relative_to(self.root).as_posix()
            except ValueError:
                return Path(os.path.relpath(resolved, self.root)).as_posix()


def load_inputs(
    options: ScanOptions,
    display: Display,
    max_size: int = DEFAULT_MAX_FILE_SIZE,
    modules: ModuleFetcher | None = None,
    stage: str | None = None,
) -> LoadOutput:
    """Every resource of every input, with the errors and notices met on the way.

    Plans are read first, and their resources point at the ``.tf`` lines that declare them when that source is
    at hand. A plan file is judged, and the HCL of its folder too: only at the deploy ``stage``, for a plan
    named on the command line (the pipeline's own) whose declarations and values are the folder's, is the
    folder judged through the plan alone (docs/security.md, "Plan files"). ``modules`` fetches remote modules
    (gate.loaders.modules); without it they are read only from ``.terraform/modules``.
    """
    from gate.loaders.cfn_nested import contained_templates
    from gate.loaders.cloudformation import read_parameter_file
    from gate.loaders.detect import load_data_file
    from gate.parse_cache import ParseCache

    paths = [p if p.is_absolute() else options.cwd / p for p in options.paths] or [display.root]
    inputs = discover(paths)
    if inputs.terraform_dirs or any(p.suffix == ".json" for p in inputs.data_files):  # HCL, or plans beside it
        from gate.loaders.hcl2_check import check_hcl2

        check_hcl2()
    out = LoadOutput()
    parameters: dict[str, str] = {}
    for param_file in options.param_files:
        try:
            parameters.update(read_parameter_file(param_file))
        except InputError as exc:
            out.errors.append(exc)
    var_files = [p if p.is_absolute() else options.cwd / p for p in options.var_files]
    for var_file in var_files:
        if not var_file.is_file():
            raise UsageError(f"{var_file}: variables file not found")
    environ = dict(os.environ) if options.environ is None else options.environ
    parse_cache = ParseCache.from_environment(options.parse_cache)
    if inputs.terraform_dirs:
        from gate.loaders.parallel_parse import prefetch

        hcl = [path for directory in sorted(inputs.terraform_dirs) for path in sorted(directory.glob("*.tf"))]
        prefetch([(path, display(path)) for path in hcl], parse_cache, min(max_size, MAX_HCL_BYTES))

    plan_sources: dict[Path, list[str]] = {}
    hcl_dirs = {directory.resolve() for directory in inputs.terraform_dirs}
    for path in inputs.data_files:
        loaded = load_data_file(path, display(path), parameters, max_size, named=path in inputs.named_files)
        if loaded is None:
            continue
        if any(r.format == FORMAT_PLAN for r in loaded.resources):
            source = (options.source if options.source is not None else path.parent).resolve()
            beside = SourceCache(max_size, parse_cache, display.root)
            declared = map_plan_to_source(loaded, source, display, beside, var_files, environ)
            if source in hcl_dirs:
                trusted = stage == "deploy" and path in inputs.named_files
                refused = _not_its_plan(loaded, source, display(path), beside, display, declared if trusted else None)
                if refused is None:
                    plan_sources.setdefault(source, []).append(display(path))
                else:
                    out.notices.append(refused)
        out.extend(loaded)

    sources = SourceCache(max_size, parse_cache, display.root)
    changed = named_files(paths, display)  # a change of files: report what they reach
    for directory in terraform_roots(inputs.terraform_dirs, sources, display):  # every directory judged at least once
        files = inputs.terraform_dirs[directory]
        if directory.resolve() in plan_sources:
            out.notices.append(
                f"{display(directory) or '.'}: judged through its plan ({', '.join(plan_sources[directory.resolve()])}), not as HCL"
            )
            continue
        from gate.loaders.terraform_loader import load_terraform  # here: a scan of templates never loads the evaluator

        unit = load_terraform(directory, display.root, display, var_files, environ, sources, modules)
        if files is not None and not any(is_override_file(f.name) for f in files):
            # files named on the command line: read with their module, report what they reach (an override file
            # changes blocks of the module's other files, so with one the whole module is reported)
            unit.resources = reported(unit.resources, changed)
        out.extend(unit)
    for directory in sorted(_calling_roots(inputs.terraform_dirs, paths, display, sources, parse_cache)):
        from gate.loaders.terraform_loader import load_terraform

        unit = load_terraform(directory, display.root, display, var_files, environ, sources, modules)
        unit.resources = reported(unit.resources, changed)
        out.extend(unit)
    out.errors.extend(sources.errors())
    out.notices.extend(sources.notices())
    out.extend(contained_templates(out.resources, display.root, display))  # stack sets, nested stacks, Cloud Control
    out.notices.extend(f"{display(link)}: symbolic link not followed" for link in inputs.skipped_links)
    out.notices.extend(inputs.skipped_notices(display))
    return out


def map_plan_to_source(
    plan: LoadOutput,
    source: Path,
    display: Display,
    sources: SourceCache,
    var_files: list[Path],
    environ: dict[str, str],
) -> list[Resource] | None:
    """Point each plan resource at the ``.tf`` block that declares it (module calls included), so reports
    annotate the code rather than the plan, and return the resources of that HCL. Without Terraform files in
    ``source``, the plan location stays (and None is returned)."""
    from gate.loaders.terraform_loader import load_terraform
    from gate.model import strip_instance_keys

    if not source.is_dir() or not any(p.name.endswith((".tf", ".tf.json")) for p in source.iterdir()):
        return None
    declared = load_terraform(source, display.root, display, var_files, environ, sources)
    where = {strip_instance_keys(r.address): r for r in declared.resources}
    for resource in plan.resources:
        found = where.get(strip_instance_keys(resource.address))
        if found is not None and resource.format == FORMAT_PLAN:
            resource.location = found.location
            resource.calls = found.calls
    if _declarations_differ(plan, source, "", sources, display) is None:  # the HCL the plan was made from
        from gate.loaders.plan_defaults import drop_unwritten_blocks
        from gate.loaders.plan_identity import prove_identifiers

        planned = [r for r in plan.resources if r.format == FORMAT_PLAN]
        drop_unwritten_blocks(planned, declared.resources)
        prove_identifiers(planned, declared.resources)
    return declared.resources


def _not_its_plan(
    plan: LoadOutput, source: Path, shown: str, sources: SourceCache, display: Display, declared: list[Resource] | None
) -> str | None:
    """Why the plan may not replace the evaluation of the HCL in ``source``, or None: its declarations are the
    folder's (gate.loaders.plan_match) and so are its values (gate.loaders.plan_values) as the folder's
    evaluated HCL, ``declared``, knows them. Without ``declared`` (a plan the pipeline did not name at deploy),
    a plan never replaces the HCL."""
    from gate.loaders.plan_match import untrusted
    from gate.loaders.plan_values import disagreement

    refused = _declarations_differ(plan, source, shown, sources, display)
    if refused is not None:
        return refused
    folder = display(source) or "."
    if declared is None:
        return untrusted(shown, folder)
    differs = disagreement([r for r in plan.resources if r.format == FORMAT_PLAN], declared, plan.plan_writes)
    return None if differs is None else untrusted(shown, folder, differs)


def _declarations_differ(
    plan: LoadOutput, source: Path, shown: str, sources: SourceCache, display: Display
) -> str | None:
    """Why the plan's configuration does not declare what the HCL in ``source`` declares, or None
    (gate.loaders.plan_match)."""
    from gate.loaders.plan_match import folder_declares, mismatch

    module = sources.get(source, display)
    return mismatch(
        shown,
        display(source) or ".",
        plan.plan_declares or frozenset(),
        folder_declares(module.resources, module.modules),
    )


def _calling_roots(
    terraform_dirs: dict[Path, list[Path] | None],
    paths: list[Path],
    display: Display,
    sources: SourceCache,
    parse_cache: ParseCache,
) -> set[Path]:
    """The roots not scanned otherwise that call a directory whose files were named (a changed module file is
    judged in every root that calls it), or that may read a named file that is not Terraform (``file()``)."""
    named = [d for d, files in terraform_dirs.items() if files is not None]
    read = [p for p in paths if p.is_file() and not is_terraform_file(p) and not p.name.endswith(VARIABLES_FILES)]
    if not named and not read:
        return set()
    scanned = {d.resolve() for d in terraform_dirs}
    # Directories of the scan are parsed already; others are parsed apart, so that their errors are reported
    # only when a root that calls a named module is loaded (and reads them again, from the parse cache).
    searched = SourceCache(sources.max_size, parse_cache, display.root)

    def parsed(directory: Path) -> ModuleSource:
        return (sources if directory.resolve() in scanned else searched).get(directory, display)

    return {r for r in roots_reaching(named, read, display.root, parsed) if r not in scanned}
