"""Reading a Terraform module directory: ``.tf`` and ``.tf.json`` files into blocks, and variable files."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gate.errors import InputError
from gate.loaders import hcl_ast as ast
from gate.loaders.inline import hcl_lines, hcl_skips
from gate.model import InlineSkip
from gate.parse_cache import ParseCache


@dataclass
class Declared:
    """A top-level block or attribute, with the file it came from and the inline skips written above it."""

    block: ast.Block
    file: str
    skips: tuple[InlineSkip, ...] = ()


@dataclass
class ModuleSource:
    """The parsed files of one module directory, indexed by what they declare."""

    directory: Path
    variables: dict[str, Declared] = field(default_factory=dict)
    locals: dict[str, tuple[ast.Attribute, str]] = field(default_factory=dict)
    resources: dict[str, Declared] = field(default_factory=dict)  # "type.name" or "data.type.name"
    modules: dict[str, Declared] = field(default_factory=dict)
    outputs: dict[str, Declared] = field(default_factory=dict)
    errors: list[InputError] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    # Where the directory configures a backend or a provider: then it is a root module of its own, whoever
    # calls it (https://developer.hashicorp.com/terraform/language/modules/develop/providers).
    root_markers: list[str] = field(default_factory=list)
    # (provider source, version constraint) pairs of its required_providers (gate.loaders.terraform_providers)
    provider_versions: list[tuple[str, str]] = field(default_factory=list)

    def _table(self, block: ast.Block) -> tuple[dict[str, Declared], str] | None:
        """The declarations a top-level block belongs to, and its key there."""
        labels = block.labels
        if block.type == "resource" and len(labels) == 2:
            return self.resources, f"{labels[0]}.{labels[1]}"
        if block.type == "data" and len(labels) == 2:
            return self.resources, f"data.{labels[0]}.{labels[1]}"
        tables = {"variable": self.variables, "module": self.modules, "output": self.outputs}
        if block.type in tables and len(labels) == 1:
            return tables[block.type], labels[0]
        return None

    def add(self, body: ast.Body, file: str, text: str = "") -> None:
        lines = hcl_lines(text) if "gate:skip" in text else []
        for block in body.blocks:
            self._note_root_marker(block, file)
            found = self._table(block)
            if found is not None:
                skips = hcl_skips(lines, block.line) if lines and block.type == "resource" else ()
                self._declare(found[0], found[1], Declared(block, file, skips))
            elif block.type == "locals":
                for name, attribute in block.body.attributes.items():
                    if name in self.locals:
                        first = self.locals[name]
                        self._error(
                            file,
                            attribute.line,
                            f"local.{name} is declared twice (first at {first[1]}:{first[0].line})",
                        )
                    else:
                        self.locals[name] = (attribute, file)

    def override(self, body: ast.Body, file: str) -> None:
        """Merge the blocks of an override file into those already declared (Terraform's override rules)."""
        from gate.loaders.terraform_override import merge_block

        for block in body.blocks:
            self._note_root_marker(block, file)
            found = self._table(block)
            if found is not None:
                table, key = found
                existing = table.get(key)
                if existing is None:
                    self._error(
                        file, block.line, f"there is no {block.type} {key} to override in the module's other files"
                    )
                else:
                    table[key] = Declared(merge_block(existing.block, block), existing.file, existing.skips)
            elif block.type == "locals":
                for name, attribute in block.body.attributes.items():
                    if name not in self.locals:
                        self._error(
                            file, attribute.line, f"there is no local.{name} to override in the module's other files"
                        )
                    else:
                        self.locals[name] = (attribute, file)

    def _note_root_marker(self, block: ast.Block, file: str) -> None:
        if block.type in ("terraform", "provider"):
            from gate.loaders.terraform_providers import required_versions

            self.provider_versions.extend(required_versions(block))
        if block.type == "provider":
            self.root_markers.append(f"{file}:{block.line}: provider")
        elif block.type == "terraform":
            inner = {b.type for b in block.body.blocks} | set(block.body.attributes)
            for kind in ("backend", "cloud"):
                if kind in inner:
                    self.root_markers.append(f"{file}:{block.line}: {kind}")

    def _error(self, file: str, line: int | None, message: str) -> None:
        self.errors.append(InputError(file, line, message))

    def _declare(self, table: dict[str, Declared], key: str, declared: Declared) -> None:
        """Terraform rejects a module that declares one name twice; so does the gate (fail closed)."""
        first = table.get(key)
        if first is not None:
            name = key if declared.block.type in ("resource", "data") else f"{declared.block.type} {key}"
            self._error(
                declared.file,
                declared.block.line,
                f"{name} is declared twice (first at {first.file}:{first.block.line})",
            )
            return
        table[key] = declared


# A plan of 5,000 resources is 11 to 13 MB; a larger file is an error result, not read (the memory it would
# take is the limit's point). ``max_file_size`` in configuration changes it.
DEFAULT_MAX_FILE_SIZE = 64 * 1024 * 1024


def read_bytes(path: Path, display: str, max_size: int = DEFAULT_MAX_FILE_SIZE) -> bytes:
    """A file's bytes; too large or unreadable is an InputError naming the file."""
    try:
        size = path.stat().st_size
        if size > max_size:
            raise InputError(
                display,
                None,
                f"{size:,} bytes, over the {max_size:,}-byte limit: not read (raise max_file_size to scan it)",
            )
        return path.read_bytes()
    except OSError as exc:
        raise InputError(display, None, f"cannot read: {exc.strerror or exc}") from None


def read_text(path: Path, display: str, max_size: int = DEFAULT_MAX_FILE_SIZE) -> str:
    """A file's text; too large, unreadable or not UTF-8 is an InputError naming the file (and line)."""
    return decode(read_bytes(path, display, max_size), display)


def decode(data: bytes, display: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(display, line, "not valid UTF-8 text") from None


def parse_file(
    path: Path, display: str, max_size: int = DEFAULT_MAX_FILE_SIZE, cache: ParseCache | None = None
) -> tuple[ast.Body, str]:
    """The file's blocks, and its text (for the inline skips written in comments)."""
    from gate.loaders.terraform_limits import config_file_limit

    limit = config_file_limit(path.name)
    if max_size > limit and path.stat().st_size > limit:
        size = path.stat().st_size
        raise InputError(
            display, None, f"{size:,} bytes of Terraform configuration, over the parser's limit of {limit:,}: not read"
        )
    data = read_bytes(path, display, max_size)
    text = decode(data, display)
    if path.name.endswith(".json"):
        from gate.loaders.terraform_json import json_body

        return json_body(text, display), ""
    key = cache.key(data) if cache is not None else ""
    body = cache.load(key) if cache is not None else None
    if not isinstance(body, ast.Body):
        from gate.loaders.hcl_parse import parse_body  # Lark is imported only when a file must be parsed

        body = parse_body(text, display)
        if cache is not None:
            cache.store(key, body)
    return body, text


# --- variable files ---------------------------------------------------------------------------------------
def read_var_file(path: Path, display: str) -> dict[str, ast.Expr]:
    """``name = value`` pairs of a ``.tfvars`` (HCL) or ``.tfvars.json`` file, as expressions."""
    text = read_text(path, display)
    if path.name.endswith(".json"):
        from gate.loaders.terraform_json import Pairs, json_expr, read_json

        doc = read_json(text, display)
        if not isinstance(doc, Pairs):
            raise InputError(display, 1, "a variables file must hold an object")
        json_expr(doc, display)  # a variable given twice is an error, as for Terraform
        return {name: _literal(value) for name, _, value in doc}
    from gate.loaders.hcl_parse import parse_body

    body = parse_body(text, display)
    return {name: attribute.expr for name, attribute in body.attributes.items()}


def _literal(value: Any) -> ast.Expr:
    """A variables file's JSON value: literal, not a template (Terraform does not interpolate them)."""
    from gate.loaders.terraform_json import plain_json

    return ast.Lit(plain_json(value))


def env_value(raw: str) -> ast.Expr:
    """A ``TF_VAR_name`` value: a string, or an HCL list/map literal when it looks like one."""
    stripped = raw.strip()
    if stripped[:1] in ("[", "{"):
        try:
            from gate.loaders.hcl_parse import parse_expression

            return parse_expression(stripped, "TF_VAR")
        except InputError:
            pass
    return ast.Lit(raw)


# Configuration files: Terraform's, and OpenTofu's own extensions (https://opentofu.org/docs/language/files/).
CONFIG_SUFFIXES = (".tf", ".tf.json", ".tofu", ".tofu.json")
# An OpenTofu file and the Terraform file it replaces when both have the same base name.
_TOFU_REPLACES = {".tofu": ".tf", ".tofu.json": ".tf.json"}


def is_terraform_file(path: Path) -> bool:
    return path.name.endswith(CONFIG_SUFFIXES)


def config_files(paths: list[Path]) -> tuple[list[Path], list[Path]]:
    """The configuration files of a directory as OpenTofu reads them, and the ones it ignores: OpenTofu reads
    ``.tofu`` and ``.tofu.json`` files beside ``.tf`` and ``.tf.json`` ones, and when ``foo.tofu`` and ``foo.tf``
    (or ``foo.tofu.json`` and ``foo.tf.json``) are both present it reads only the ``.tofu`` one
    (https://opentofu.org/docs/language/files/#extension-precedence). Terraform itself ignores ``.tofu`` files;
    the gate reads what OpenTofu reads, the superset (README: "Terraform and OpenTofu")."""
    files = [path for path in paths if is_terraform_file(path)]
    names = {path.name for path in files}
    replaced = []
    for path in files:
        for tofu, terraform in _TOFU_REPLACES.items():
            if path.name.endswith(terraform) and path.name[: -len(terraform)] + tofu in names:
                replaced.append(path)
    return [path for path in files if path not in replaced], replaced


def read_module(
    directory: Path,
    display: Callable[[Path], str],
    max_size: int = DEFAULT_MAX_FILE_SIZE,
    cache: ParseCache | None = None,
    scan_root: Path | None = None,
) -> ModuleSource:
    """Parse a module directory's files as Terraform does; parse errors are kept on the source.

    Override files merge after the others, in lexicographical order. A symbolic link to a file inside
    ``scan_root`` is read like the file (Terraform reads it); one that leads out of it, or nowhere, is an error
    naming the link: what it holds is not the pull request's to show, and it is never silently dropped."""
    from gate.loaders.terraform_override import is_override_file

    source = ModuleSource(directory)
    try:
        entries = sorted(directory.iterdir())
    except OSError as exc:
        source.errors.append(InputError(display(directory), None, f"cannot list: {exc.strerror or exc}"))
        return source
    files, replaced = config_files(entries)
    for path in replaced:
        source.notices.append(
            f"{display(path)}: not read, as OpenTofu ignores it beside its .tofu file (Terraform reads it instead)"
        )
    for path in sorted(files, key=lambda f: (is_override_file(f.name), f.name)):
        shown = display(path)
        target = path
        if path.is_symlink():
            target = path.resolve()
            inside = scan_root is None or target.is_relative_to(scan_root.resolve())
            if not inside or not target.is_file():
                where = "out of the scanned tree" if not inside else "to no file"
                source.errors.append(InputError(shown, None, f"symbolic link {where}: not read (fail closed)"))
                continue
        if not target.is_file():
            continue
        try:
            body, text = parse_file(target, shown, max_size, cache)
            if is_override_file(path.name):
                source.override(body, shown)
            else:
                source.add(body, shown, text)
        except InputError as exc:
            source.errors.append(exc)
    return source


class SourceCache:
    """Parsed module directories, shared by every root of a scan so that each file is parsed once."""

    def __init__(
        self,
        max_size: int = DEFAULT_MAX_FILE_SIZE,
        parse_cache: ParseCache | None = None,
        scan_root: Path | None = None,
    ) -> None:
        self._sources: dict[Path, ModuleSource] = {}
        self.max_size = max_size
        self.parse_cache = parse_cache
        self.scan_root = scan_root
        # Module directories evaluated at least once, as a root or as an instance of a module call: what every
        # other directory must still be judged as its own root for (see gate/roots.py).
        self.instantiated: set[Path] = set()

    def get(self, directory: Path, display: Callable[[Path], str]) -> ModuleSource:
        directory = directory.resolve()
        if directory not in self._sources:
            self._sources[directory] = read_module(directory, display, self.max_size, self.parse_cache, self.scan_root)
        return self._sources[directory]

    def errors(self) -> list[InputError]:
        return [e for source in self._sources.values() for e in source.errors]

    def notices(self) -> list[str]:
        return [n for source in self._sources.values() for n in source.notices]
