"""Filesystem functions: https://developer.hashicorp.com/terraform/language/functions (section "Filesystem
Functions").

Terraform reads a relative path from the root module's directory (``path.module`` makes it a module's). The gate
reads only regular files inside the scan root, at most ``MAX_FILE_READ`` bytes, after resolving symbolic links:
anything else is an evaluation gap (the file may be there when Terraform runs, but the gate does not read it).
A file that does not exist inside the scan root is Terraform's error. ``abspath`` and ``pathexpand`` depend on the
machine that runs Terraform: unknown.

These functions need the module they are called from (``templatestring`` too, for the evaluator), so they take
the evaluator first: ``FILE_FUNCTIONS`` is called by the evaluator as ``fn(evaluator, arguments)``.
"""

from __future__ import annotations

import base64
import hashlib
import os
import posixpath
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gate.loaders.functions.base import (
    MAX_ELEMENTS,
    Function,
    FunctionError,
    LimitExceeded,
    check_length,
    scalar,
    to_map,
    to_str,
)
from gate.loaders.functions.hashing import apply_time
from gate.loaders.gotext import nfc_value
from gate.values import Unknown, gap, unknown_of

if TYPE_CHECKING:
    from gate.loaders.hcl_eval import Evaluator

FileFunction = Callable[["Evaluator", list[Any]], Any]
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")


def _gap(ev: Evaluator, reason: str) -> Unknown:
    """A file Terraform reads on the machine that runs it but the gate does not (outside the scan root, too
    large, not a regular file, unreadable): an evaluation gap (docs/values.md), never an ordinary unknown."""
    return gap(reason, frozenset(ev.refs))


# The largest file ``file()`` and its kin read (a policy document or template, not a data set).
MAX_FILE_READ = 1_000_000


def read_bytes(ev: Evaluator, path: Any) -> bytes | Unknown:
    """The bytes of ``path`` as Terraform would read them, within the scan root and the size limit."""
    name = to_str(path)
    scope = ev.scope
    target = (Path(scope.root_dir) / name).resolve()
    if not scope.may_read(target):
        return _gap(ev, f"file {name} is outside the scanned tree")
    if not target.exists():
        raise FunctionError(f"no file exists at {name!r}")
    if not target.is_file():
        return _gap(ev, f"{name} is not a regular file")
    try:
        if target.stat().st_size > MAX_FILE_READ:
            return _gap(ev, f"file {name} is larger than {MAX_FILE_READ} bytes")
        return target.read_bytes()
    except OSError:
        return _gap(ev, f"file {name} cannot be read")


def read_text(ev: Evaluator, path: Any) -> str | Unknown:
    data = read_bytes(ev, path)
    if isinstance(data, Unknown):
        return data
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise FunctionError(
            f"contents of {to_str(path)} are not valid UTF-8; use filebase64 to read binary files"
        ) from None


def _on_bytes(transform: Callable[[bytes], str]) -> FileFunction:
    def call(ev: Evaluator, args: list[Any]) -> Any:
        if len(args) != 1:
            raise FunctionError("expects exactly one path")
        data = read_bytes(ev, args[0])
        return data if isinstance(data, Unknown) else transform(data)

    return call


def _file(ev: Evaluator, args: list[Any]) -> Any:
    if len(args) != 1:
        raise FunctionError("file: expects exactly one path")
    return read_text(ev, args[0])


def _fileexists(ev: Evaluator, args: list[Any]) -> Any:
    if len(args) != 1:
        raise FunctionError("fileexists: expects exactly one path")
    name = to_str(args[0])
    target = (Path(ev.scope.root_dir) / name).resolve()
    if not ev.scope.may_read(target):
        return _gap(ev, f"file {name} is outside the scanned tree")
    if target.exists() and not target.is_file():
        raise FunctionError(f"{name} is not a regular file")
    return target.is_file()


def _templatefile(ev: Evaluator, args: list[Any]) -> Any:
    """The file's template evaluated with only the given variables (and functions), as Terraform does."""
    from gate.loaders.hcl_template_eval import TemplateFileEvaluator

    if len(args) != 2:
        raise FunctionError("templatefile: expects a path and a map of variables")
    if isinstance(ev, TemplateFileEvaluator):
        raise FunctionError("templatefile: cannot recursively call templatefile from inside another template")
    text = read_text(ev, args[0])
    if isinstance(text, Unknown):
        return text
    variables = to_map(args[1]) if not isinstance(args[1], Unknown) else args[1]
    if isinstance(variables, Unknown):
        return unknown_of(variables)
    return render_template(ev, text, to_str(args[0]), variables, "templatefile")


def render_template(ev: Evaluator, text: str, name: str, variables: dict[str, Any], function: str) -> Any:
    """``text`` parsed as a template and evaluated with only ``variables`` in scope."""
    from gate.errors import InputError
    from gate.loaders.hcl_parse import parse_template
    from gate.loaders.hcl_template_eval import TemplateFileEvaluator

    for key in variables:
        if not _IDENTIFIER.match(key):
            raise FunctionError(f"{function}: invalid template variable name {key!r}")
    try:
        expr = parse_template(text, name)
    except InputError as exc:
        raise FunctionError(f"{function}: {exc}") from None
    result = TemplateFileEvaluator(ev.scope, variables).eval(expr)
    return check_length(result, function) if isinstance(result, str) else result


def _templatestring(ev: Evaluator, args: list[Any]) -> Any:
    """https://developer.hashicorp.com/terraform/language/functions/templatestring"""
    from gate.loaders.hcl_template_eval import TemplateFileEvaluator

    if len(args) != 2:
        raise FunctionError("templatestring: expects a template and a map of variables")
    if isinstance(ev, TemplateFileEvaluator):
        raise FunctionError("templatestring: cannot be called from inside a template")
    return render_template(ev, to_str(args[0]), "<templatestring>", to_map(args[1]), "templatestring")


def _fileset(ev: Evaluator, args: list[Any]) -> Any:
    """https://developer.hashicorp.com/terraform/language/functions/fileset: the files under ``path`` whose
    path relative to it matches the glob (``*``, ``**``, ``?``, ``[...]``, ``{a,b}``), as a sorted set."""
    from gate.loaders.functions.regex import compile_pattern

    if len(args) != 2:
        raise FunctionError("fileset: expects a path and a pattern")
    name = to_str(args[0])
    scope = ev.scope
    base = (Path(scope.root_dir) / name).resolve()
    if not scope.may_read(base):
        return _gap(ev, f"fileset of {name}, outside the scanned tree")
    program = compile_pattern(glob_pattern(to_str(args[1])))
    found: list[str] = []
    seen = 0
    for directory, dirnames, filenames in os.walk(base):
        seen += len(dirnames) + len(filenames)
        if seen > MAX_ELEMENTS:
            raise LimitExceeded(f"fileset: more than {MAX_ELEMENTS} entries under {name}")
        for filename in filenames:
            path = Path(directory) / filename
            if not scope.may_read(path.resolve()):
                return _gap(ev, f"fileset of {name} reaches outside the scanned tree")
            relative = path.relative_to(base).as_posix()
            if program.fullmatch(relative):
                found.append(relative)
    return sorted(found)


def glob_pattern(glob: str) -> str:
    """A fileset glob as an RE2 pattern."""
    out: list[str] = []
    i = 0
    depth = 0
    while i < len(glob):
        ch = glob[i]
        if glob.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if glob.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if ch == "*":
            out.append("[^/]*")
        elif ch == "?":
            out.append("[^/]")
        elif ch == "[":
            close = glob.find("]", i + 2)
            if close < 0:
                raise FunctionError(f"fileset: invalid pattern {glob!r}")
            body = glob[i + 1 : close]
            negate = body[:1] in ("!", "^")
            body = body[1:] if negate else body
            out.append("[" + ("^" if negate else "") + body.replace("\\", "\\\\") + "]")
            i = close
        elif ch == "{":
            out.append("(?:")
            depth += 1
        elif ch == "}" and depth:
            out.append(")")
            depth -= 1
        elif ch == "," and depth:
            out.append("|")
        elif ch == "\\" and i + 1 < len(glob):
            out.append(re.escape(glob[i + 1]))
            i += 1
        else:
            out.append(re.escape(ch))
        i += 1
    if depth:
        raise FunctionError(f"fileset: invalid pattern {glob!r}")
    return "".join(out)


def _dirname(path: Any) -> Any:
    """Go's ``filepath.Dir``."""
    value = to_str(path)
    return _clean(value[: value.rfind("/") + 1])


def _basename(path: Any) -> Any:
    """Go's ``filepath.Base``."""
    value = to_str(path).rstrip("/")
    if value == "":
        return "/" if to_str(path) else "."
    return value[value.rfind("/") + 1 :]


def _clean(path: str) -> str:
    if path == "":
        return "."
    cleaned = posixpath.normpath(path)
    return "/" + cleaned.lstrip("/") if cleaned.startswith("//") else cleaned


def _wrap(fn: FileFunction) -> FileFunction:
    """Paths and templates are strings (a list is Terraform's type error); an unknown one makes the result
    unknown. A template's variables may hold unknowns: the template decides what they reach."""
    templates = fn in (_templatefile, _templatestring)

    def call(ev: Evaluator, args: list[Any]) -> Any:
        checked = args[:1] if templates else args
        if any(isinstance(arg, (list, dict)) for arg in checked):
            raise FunctionError("a path or template must be a string")
        unknowns = [arg for arg in checked if isinstance(arg, Unknown)]
        return unknown_of(*unknowns) if unknowns else nfc_value(fn(ev, args))

    return call


FILE_FUNCTIONS: dict[str, FileFunction] = {
    name: _wrap(fn)
    for name, fn in {
        "file": _file,
        "fileexists": _fileexists,
        "filebase64": _on_bytes(lambda b: check_length(base64.b64encode(b).decode("ascii"), "filebase64")),
        "filemd5": _on_bytes(lambda b: hashlib.md5(b).hexdigest()),
        "filesha1": _on_bytes(lambda b: hashlib.sha1(b).hexdigest()),
        "filesha256": _on_bytes(lambda b: hashlib.sha256(b).hexdigest()),
        "filesha512": _on_bytes(lambda b: hashlib.sha512(b).hexdigest()),
        "filebase64sha256": _on_bytes(lambda b: base64.b64encode(hashlib.sha256(b).digest()).decode("ascii")),
        "filebase64sha512": _on_bytes(lambda b: base64.b64encode(hashlib.sha512(b).digest()).decode("ascii")),
        "templatefile": _templatefile,
        "templatestring": _templatestring,
        "fileset": _fileset,
    }.items()
}

FUNCTIONS: dict[str, Function] = {
    "dirname": scalar(_dirname),
    "basename": scalar(_basename),
    "abspath": apply_time("abspath"),
    "pathexpand": apply_time("pathexpand"),
}
