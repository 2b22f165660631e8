"""Reading a Terraform module directory: ``.tf`` and ``.tf.json`` files into blocks, and variable files."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gate import yamlnodes
from gate.errors import InputError
from gate.inline import hcl_skips
from gate.loaders import hcl_ast as ast
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

    def add(self, body: ast.Body, file: str, text: str = "") -> None:
        lines = text.splitlines() if "gate:skip" in text else []
        for block in body.blocks:
            labels = block.labels
            if block.type == "resource" and len(labels) == 2:
                skips = hcl_skips(lines, block.line) if lines else ()
                self._declare(f"{labels[0]}.{labels[1]}", Declared(block, file, skips))
            elif block.type == "data" and len(labels) == 2:
                self._declare(f"data.{labels[0]}.{labels[1]}", Declared(block, file))
            elif block.type == "variable" and len(labels) == 1:
                self.variables[labels[0]] = Declared(block, file)
            elif block.type == "module" and len(labels) == 1:
                self.modules[labels[0]] = Declared(block, file)
            elif block.type == "output" and len(labels) == 1:
                self.outputs[labels[0]] = Declared(block, file)
            elif block.type == "locals":
                for name, attribute in block.body.attributes.items():
                    self.locals[name] = (attribute, file)

    def _declare(self, key: str, declared: Declared) -> None:
        """Terraform rejects a module that declares one address twice; so does the gate (fail closed)."""
        first = self.resources.get(key)
        if first is not None:
            self.errors.append(InputError(
                declared.file, declared.block.line,
                f"{key} is declared twice (first at {first.file}:{first.block.line})",
            ))
            return
        self.resources[key] = declared


# A plan of 5,000 resources is 11 to 13 MB; a larger file is an error result, not read (the memory it would
# take is the limit's point). ``max_file_size`` in configuration changes it.
DEFAULT_MAX_FILE_SIZE = 64 * 1024 * 1024


def read_bytes(path: Path, display: str, max_size: int = DEFAULT_MAX_FILE_SIZE) -> bytes:
    """A file's bytes; too large or unreadable is an InputError naming the file."""
    try:
        size = path.stat().st_size
        if size > max_size:
            raise InputError(
                display, None, f"{size:,} bytes, over the {max_size:,}-byte limit: not read (raise max_file_size to scan it)"
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
    data = read_bytes(path, display, max_size)
    text = decode(data, display)
    if path.name.endswith(".json"):
        return json_body(text, display), ""
    key = cache.key(data) if cache is not None else ""
    body = cache.load(key) if cache is not None else None
    if not isinstance(body, ast.Body):
        from gate.loaders.hcl_parse import parse_body  # Lark is imported only when a file must be parsed

        body = parse_body(text, display)
        if cache is not None:
            cache.store(key, body)
    return body, text


# --- Terraform's JSON syntax ------------------------------------------------------------------------------
_LABELS = {"resource": 2, "data": 2, "variable": 1, "module": 1, "output": 1, "provider": 1, "locals": 0, "terraform": 0}


def json_body(text: str, display: str) -> ast.Body:
    try:
        doc = yamlnodes.load(text, display)
    except InputError:
        try:
            doc = json.loads(text)
        except ValueError as exc:
            raise InputError(display, getattr(exc, "lineno", None), f"invalid JSON: {exc}") from None
    if not isinstance(doc, dict):
        raise InputError(display, 1, "a Terraform JSON file must hold an object")
    body = ast.Body()
    for kind, content in doc.items():
        depth = _LABELS.get(kind)
        if depth is None:
            continue
        for item in content if isinstance(content, list) else [content]:
            _json_blocks(body, kind, item, depth, [])
    return body


def _json_blocks(body: ast.Body, kind: str, value: Any, depth: int, labels: list[str]) -> None:
    if depth == 0:
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict):
                line = getattr(item, "line", 0)
                body.blocks.append(ast.Block(kind, labels, _json_block_body(item), line, getattr(item, "end_line", line)))
        return
    if isinstance(value, dict):
        for key, inner in value.items():
            _json_blocks(body, kind, inner, depth - 1, [*labels, str(key)])


def _json_block_body(obj: dict[str, Any]) -> ast.Body:
    body = ast.Body()
    for key, value in obj.items():
        line = getattr(obj, "key_lines", {}).get(key, getattr(obj, "line", 0))
        body.attributes[str(key)] = ast.Attribute(str(key), json_expr(value), line)
    return body


def json_expr(value: Any) -> ast.Expr:
    if isinstance(value, str):
        if "${" not in value:
            return ast.Lit(value)
        escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        try:
            from gate.loaders.hcl_parse import parse_expression

            return parse_expression(f'"{escaped}"')
        except InputError:
            return ast.Opaque("unparsable template in JSON")
    if isinstance(value, dict):
        return ast.ObjectX([(ast.Lit(str(k)), json_expr(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ast.TupleX([json_expr(v) for v in value])
    return ast.Lit(value)


# --- variable files ---------------------------------------------------------------------------------------
def read_var_file(path: Path, display: str) -> dict[str, ast.Expr]:
    """``name = value`` pairs of a ``.tfvars`` (HCL) or ``.tfvars.json`` file, as expressions."""
    text = read_text(path, display)
    if path.name.endswith(".json"):
        try:
            doc = json.loads(text)
        except ValueError as exc:
            raise InputError(display, getattr(exc, "lineno", None), f"invalid JSON: {exc}") from None
        if not isinstance(doc, dict):
            raise InputError(display, 1, "a variables file must hold an object")
        return {str(k): ast.Lit(v) for k, v in doc.items()}
    from gate.loaders.hcl_parse import parse_body

    body = parse_body(text, display)
    return {name: attribute.expr for name, attribute in body.attributes.items()}


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


def is_terraform_file(path: Path) -> bool:
    return path.name.endswith(".tf") or path.name.endswith(".tf.json")


def read_module(
    directory: Path, display: Callable[[Path], str], max_size: int = DEFAULT_MAX_FILE_SIZE, cache: ParseCache | None = None
) -> ModuleSource:
    """Parse a module directory's files; parse errors are kept on the source. Symbolic links are not
    followed (a link could lead anywhere on the machine): each one is noted."""
    source = ModuleSource(directory)
    try:
        entries = sorted(directory.iterdir())
    except OSError as exc:
        source.errors.append(InputError(display(directory), None, f"cannot list: {exc.strerror or exc}"))
        return source
    for path in entries:
        if not is_terraform_file(path):
            continue
        shown = display(path)
        if path.is_symlink():
            source.notices.append(f"{shown}: symbolic link not followed")
            continue
        if not path.is_file():
            continue
        try:
            body, text = parse_file(path, shown, max_size, cache)
            source.add(body, shown, text)
        except InputError as exc:
            source.errors.append(exc)
    return source


class SourceCache:
    """Parsed module directories, shared by every root of a scan so that each file is parsed once."""

    def __init__(self, max_size: int = DEFAULT_MAX_FILE_SIZE, parse_cache: ParseCache | None = None) -> None:
        self._sources: dict[Path, ModuleSource] = {}
        self.max_size = max_size
        self.parse_cache = parse_cache

    def get(self, directory: Path, display: Callable[[Path], str]) -> ModuleSource:
        directory = directory.resolve()
        if directory not in self._sources:
            self._sources[directory] = read_module(directory, display, self.max_size, self.parse_cache)
        return self._sources[directory]

    def errors(self) -> list[InputError]:
        return [e for source in self._sources.values() for e in source.errors]

    def notices(self) -> list[str]:
        return [n for source in self._sources.values() for n in source.notices]
