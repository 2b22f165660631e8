"""HCL text to :mod:`gate.loaders.hcl_ast`, using python-hcl2's grammar and Lark's LALR parser.

python-hcl2's dictionary output turns expressions back into strings; the gate reads Lark's tree instead, which
keeps structure and line numbers. Its grammar gives binary operators no precedence (``a > 1 ? x : y`` parses as
``a > (1 ? x : y)``), so operator chains are flattened and re-read here with HCL's precedence.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

from lark import Lark, Token, Tree
from lark.exceptions import LarkError, UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from gate.errors import InputError
from gate.loaders import hcl_ast as ast
from gate.loaders import hcl_template

_PRECEDENCE = {
    "||": 1,
    "&&": 2,
    "==": 3,
    "!=": 3,
    "<": 4,
    ">": 4,
    "<=": 4,
    ">=": 4,
    "+": 5,
    "-": 5,
    "*": 6,
    "/": 6,
    "%": 6,
}
_QUESTION, _COLON = object(), object()
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}


@functools.lru_cache(maxsize=1)
def parser() -> Lark:
    """python-hcl2's grammar, built once and kept in the parse cache (signed like every entry: Lark's own
    ``cache=`` file is a pickle anyone who can write the cache folder could plant); building takes a second."""
    import io

    import hcl2
    import lark

    from gate.parse_cache import ParseCache

    grammar = Path(hcl2.__file__).with_name("hcl2.lark")
    cache = ParseCache.from_environment()
    key = cache.own_key(b"lark\x00" + lark.__version__.encode() + b"\x00" + grammar.read_bytes())
    saved = cache.load(key, bytes)
    if saved is not None:
        try:
            return Lark.load(io.BytesIO(saved))
        except Exception:  # noqa: BLE001 - signed but unreadable: built again
            pass
    built = Lark.open(str(grammar), parser="lalr", propagate_positions=True)
    if cache.directory is not None:
        out = io.BytesIO()
        built.save(out)
        cache.store(key, out.getvalue())
    return built


def parse_body(text: str, file: str) -> ast.Body:
    """Parse a whole file; syntax errors become InputError with file, line and column."""
    try:  # CRLF files: HCL reads either line ending
        lines = hcl_template.canonical_heredocs(text.replace("\r\n", "\n"))
    except ValueError as exc:  # a heredoc the grammar would close elsewhere than HCL: refused, never misread
        raise InputError(file, None, f"cannot parse HCL: {exc}") from None
    try:
        tree = parser().parse(hcl_template.shield_directive_quotes(lines, _closing_brace) + "\n")
    except UnexpectedInput as exc:
        raise InputError(
            file, exc.line if exc.line > 0 else None, _describe(exc), exc.column if exc.column > 0 else None
        ) from None
    except (LarkError, RecursionError) as exc:
        raise InputError(file, None, f"cannot parse HCL: {exc.__class__.__name__}") from None
    body = tree.children[0]
    assert isinstance(body, Tree)
    return _Converter(file, text).body(body)


def parse_template(text: str, file: str = "<template>") -> ast.Expr:
    """A template on its own (a ``templatefile``, or a JSON string that is a template, hclsyntax.ParseTemplate): no
    backslash escapes (JSON has already decoded them), ``${...}`` interpolations and ``%{...}`` directives.
    https://github.com/hashicorp/hcl/blob/main/json/spec.md#string-values"""
    return _template(_Converter(file, text).template_text(text))


def parse_expression(text: str, file: str = "<expression>") -> ast.Expr:
    """Parse a lone expression (an interpolation inside a heredoc, a ``TF_VAR_`` value)."""
    body = parse_body(f"x = {text}", file)
    if "x" not in body.attributes:
        raise InputError(file, None, "not an expression")
    return body.attributes["x"].expr


def _describe(exc: UnexpectedInput) -> str:
    if isinstance(exc, UnexpectedEOF):
        return "unexpected end of file (a block or string is not closed)"
    if isinstance(exc, UnexpectedCharacters):
        return f"unexpected character {exc.char!r}"
    if isinstance(exc, UnexpectedToken):
        token = exc.token
        if token.type == "$END":
            return "unexpected end of file (a block or string is not closed)"
        shown = str(token).strip() or repr(str(token))
        return f"unexpected {shown!r}"
    return "syntax error"


def _significant(tree: Tree[Any]) -> list[Any]:
    return [
        c
        for c in tree.children
        if not (isinstance(c, Tree) and c.data == "new_line_or_comment") and not isinstance(c, Token)
    ]


class _Converter:
    def __init__(self, file: str, text: str = "") -> None:
        self.file = file
        self.text = text

    # --- structure -----------------------------------------------------------------------------------------
    def body(self, tree: Tree[Any]) -> ast.Body:
        body = ast.Body()
        for child in tree.children:
            if not isinstance(child, Tree):
                continue
            if child.data == "attribute":
                name = self.identifier(child.children[0])
                expr = self.expr(child.children[2])
                if name in body.attributes:  # Terraform: "Attribute redefined", never the last one
                    first = body.attributes[name].line
                    raise InputError(
                        self.file, child.meta.line, f"argument {name} is set twice (first at line {first})"
                    )
                body.attributes[name] = ast.Attribute(name, expr, child.meta.line)
            elif child.data == "block":
                body.blocks.append(self.block(child))
        return body

    def block(self, tree: Tree[Any]) -> ast.Block:
        kind = self.identifier(tree.children[0])
        labels: list[str] = []
        inner = ast.Body()
        for child in tree.children[1:]:
            if isinstance(child, Tree) and child.data == "identifier":
                labels.append(self.identifier(child))
            elif isinstance(child, Tree) and child.data == "string":
                labels.append("".join(p if isinstance(p, str) else "" for p in self.string_parts(child)))
            elif isinstance(child, Tree) and child.data == "body":
                inner = self.body(child)
        return ast.Block(kind, labels, inner, tree.meta.line, tree.meta.end_line)

    @staticmethod
    def identifier(tree: Any) -> str:
        return str(tree.children[0]) if isinstance(tree, Tree) else str(tree)

    # --- expressions ---------------------------------------------------------------------------------------
    def expr(self, tree: Any) -> ast.Expr:
        if tree.data in ("binary_op", "conditional"):
            items = self.flatten(tree)
            result, pos = self.ternary(items, 0)
            return result
        return self.term(tree)

    def flatten(self, tree: Any) -> list[Any]:
        if isinstance(tree, Tree) and tree.data == "binary_op":
            left, term = _significant(tree)[:2]
            op_tree, right = _significant(term)[:2]
            return [*self.flatten(left), str(op_tree.children[0]), *self.flatten(right)]
        if isinstance(tree, Tree) and tree.data == "conditional":
            test, then, other = _significant(tree)[:3]
            return [*self.flatten(test), _QUESTION, *self.flatten(then), _COLON, *self.flatten(other)]
        return [self.term(tree)]

    def ternary(self, items: list[Any], pos: int) -> tuple[ast.Expr, int]:
        test, pos = self.binary(items, pos, 1)
        if pos < len(items) and items[pos] is _QUESTION:
            then, pos = self.ternary(items, pos + 1)
            if pos >= len(items) or items[pos] is not _COLON:
                raise InputError(self.file, None, "malformed conditional expression")
            other, pos = self.ternary(items, pos + 1)
            return ast.Cond(test, then, other), pos
        return test, pos

    def binary(self, items: list[Any], pos: int, floor: int) -> tuple[ast.Expr, int]:
        left = items[pos]
        pos += 1
        while pos < len(items) and isinstance(items[pos], str) and _PRECEDENCE[items[pos]] >= floor:
            op = items[pos]
            right, pos = self.binary(items, pos + 1, _PRECEDENCE[op] + 1)
            left = ast.Binary(op, left, right)
        return left, pos

    def term(self, tree: Any) -> ast.Expr:
        data = tree.data
        if data == "expr_term":
            inner = _significant(tree)
            return self.expr(inner[0]) if inner else ast.Lit(None)
        method = getattr(self, f"t_{data}", None)
        if method is None:
            return ast.Opaque(f"unsupported expression {data}")
        result: ast.Expr = method(tree)
        return result

    def t_identifier(self, tree: Tree[Any]) -> ast.Expr:
        name = self.identifier(tree)
        if name in ("true", "false"):
            return ast.Lit(name == "true")
        if name == "null":
            return ast.Lit(None)
        return ast.Var(name)

    def t_int_lit(self, tree: Tree[Any]) -> ast.Expr:
        return ast.Lit(int("".join(str(c) for c in tree.children)))

    def t_float_lit(self, tree: Tree[Any]) -> ast.Expr:
        return ast.Lit(float("".join(str(c) for c in tree.children)))

    def t_string(self, tree: Tree[Any]) -> ast.Expr:
        return _template(self.string_parts(tree))

    def string_parts(self, tree: Tree[Any]) -> list[str | ast.Expr]:
        tokens: list[hcl_template.Token] = []
        for part in tree.children:
            if not isinstance(part, Tree):
                continue
            for piece in part.children:
                if isinstance(piece, Tree) and piece.data == "interpolation":
                    tokens.append(self.expr(_significant(piece)[0]))
                elif isinstance(piece, Token) and piece.type == "ESCAPED_INTERPOLATION":
                    tokens.append(str(piece)[1:])
                else:
                    tokens.extend(self.scanner().scan(str(piece), interpolations=False, unescape=_unescape))
        return hcl_template.build(tokens, self.file)

    def scanner(self) -> hcl_template.Scanner:
        return hcl_template.Scanner(self.file, parse_expression, _closing_brace)

    def t_heredoc_template(self, tree: Tree[Any]) -> ast.Expr:
        return self.heredoc(str(tree.children[0]), trim=False)

    def t_heredoc_template_trim(self, tree: Tree[Any]) -> ast.Expr:
        return self.heredoc(str(tree.children[0]), trim=True)

    def heredoc(self, raw: str, trim: bool) -> ast.Expr:
        lines = raw.split("\n")
        content = lines[1:-2] if len(lines) >= 3 else []
        if trim:
            indents = [len(line) - len(line.lstrip()) for line in content if line.strip()]
            cut = min(indents) if indents else 0
            content = [line[cut:] for line in content]
        text = "\n".join(content) + ("\n" if content else "")
        return _template(self.template_text(text))

    def template_text(self, text: str) -> list[str | ast.Expr]:
        """A heredoc's text as literal text, ``${...}`` interpolations and ``%{...}`` directives."""
        return hcl_template.build(self.scanner().scan(text), self.file)

    def t_tuple(self, tree: Tree[Any]) -> ast.Expr:
        return ast.TupleX([self.expr(c) for c in _significant(tree)])

    def t_object(self, tree: Tree[Any]) -> ast.Expr:
        items: list[tuple[ast.Expr, ast.Expr]] = []
        for elem in _significant(tree):
            key_tree, value_tree = _significant(elem)[:2]
            items.append((self.object_key(key_tree), self.expr(value_tree)))
        return ast.ObjectX(items)

    def object_key(self, tree: Tree[Any]) -> ast.Expr:
        inner = tree.children[0]
        if inner.data == "identifier":
            return ast.Lit(self.identifier(inner))
        if inner.data == "object_elem_key_dot_accessor":
            return ast.Lit(".".join(self.identifier(c) for c in _significant(inner)))
        if inner.data == "object_elem_key_expression":
            return self.expr(_significant(inner)[0])
        return self.term(inner)

    def t_function_call(self, tree: Tree[Any]) -> ast.Expr:
        parts = _significant(tree)
        name = self.identifier(parts[0])
        trees = _significant(parts[1]) if len(parts) > 1 else []
        return ast.Call(name, [self.expr(a) for a in trees], expand=bool(trees) and self.expands(trees[-1]))

    def expands(self, last: Tree[Any]) -> bool:
        """True when ``...`` follows the last argument (the grammar drops that token, so read the text)."""
        end = getattr(last.meta, "end_pos", None)
        return end is not None and _ELLIPSIS.match(self.text, end) is not None

    def t_provider_function_call(self, tree: Tree[Any]) -> ast.Expr:
        return ast.Opaque("provider-defined function")

    def t_index_expr_term(self, tree: Tree[Any]) -> ast.Expr:
        base, index = _significant(tree)
        return self.traverse(self.expr(base), [self.index(index)])

    def index(self, tree: Tree[Any]) -> ast.Step:
        inner = _significant(tree)
        if inner:
            return ast.Index(self.expr(inner[0]))
        return ast.Index(ast.Lit(int("".join(str(c) for c in tree.children if isinstance(c, Token)))))

    def t_get_attr_expr_term(self, tree: Tree[Any]) -> ast.Expr:
        base, attr = _significant(tree)
        return self.traverse(self.expr(base), [ast.GetAttr(self.identifier(attr.children[0]))])

    def t_attr_splat_expr_term(self, tree: Tree[Any]) -> ast.Expr:
        base, splat = _significant(tree)
        steps: list[ast.Step] = [ast.GetAttr(self.identifier(g.children[0])) for g in _significant(splat)]
        return self.traverse(self.expr(base), [ast.Splat(steps)])

    def t_full_splat_expr_term(self, tree: Tree[Any]) -> ast.Expr:
        base, splat = _significant(tree)
        steps: list[ast.Step] = []
        for step in _significant(splat):
            steps.append(
                ast.GetAttr(self.identifier(step.children[0])) if step.data == "get_attr" else self.index(step)
            )
        return self.traverse(self.expr(base), [ast.Splat(steps)])

    @staticmethod
    def traverse(base: ast.Expr, steps: list[ast.Step]) -> ast.Expr:
        if isinstance(base, ast.Traverse):
            return ast.Traverse(base.base, [*base.steps, *steps])
        return ast.Traverse(base, steps)

    def t_unary_op(self, tree: Tree[Any]) -> ast.Expr:
        op = str(tree.children[0])
        operand = self.expr(_significant(tree)[0])
        if op == "-" and isinstance(operand, ast.Lit) and isinstance(operand.value, (int, float)):
            return ast.Lit(-operand.value)
        return ast.Unary(op, operand)

    def for_intro(self, tree: Tree[Any]) -> tuple[str | None, str, ast.Expr]:
        names = [self.identifier(c) for c in tree.children if isinstance(c, Tree) and c.data == "identifier"]
        collection = [c for c in _significant(tree) if c.data != "identifier"][0]
        if len(names) == 2:
            return names[0], names[1], self.expr(collection)
        return None, names[0], self.expr(collection)

    def t_for_tuple_expr(self, tree: Tree[Any]) -> ast.Expr:
        parts = _significant(tree)
        key_var, value_var, collection = self.for_intro(parts[0])
        condition = self.expr(_significant(parts[2])[0]) if len(parts) > 2 else None
        return ast.ForX(key_var, value_var, collection, self.expr(parts[1]), condition=condition)

    def t_for_object_expr(self, tree: Tree[Any]) -> ast.Expr:
        parts = _significant(tree)
        key_var, value_var, collection = self.for_intro(parts[0])
        condition = self.expr(_significant(parts[3])[0]) if len(parts) > 3 else None
        group = any(isinstance(c, Token) and str(c) == "..." for c in tree.children)
        return ast.ForX(
            key_var,
            value_var,
            collection,
            self.expr(parts[2]),
            key=self.expr(parts[1]),
            condition=condition,
            group=group,
        )


def _template(parts: list[str | ast.Expr]) -> ast.Expr:
    if not parts:
        return ast.Lit("")
    if len(parts) == 1 and isinstance(parts[0], str):
        return ast.Lit(parts[0])
    if len(parts) == 1 and not isinstance(parts[0], str):  # "${x}" is x itself, whatever its type
        return parts[0]
    return ast.Template(parts)


_ELLIPSIS = re.compile(r"(?:\s|#[^\n]*|//[^\n]*|/\*.*?\*/)*\.\.\.", re.DOTALL)
_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)")


def _unescape(text: str) -> str:
    if "\\" not in text:
        return text

    def replace(match: re.Match[str]) -> str:
        code = match.group(1)
        if code[0] in "uU" and len(code) > 1:
            return chr(int(code[1:], 16))
        return _ESCAPES.get(code, "\\" + code)

    return _ESCAPE.sub(replace, text)


def _closing_brace(text: str, pos: int) -> int:
    depth = 0
    quote = False
    while pos < len(text):
        ch = text[pos]
        if quote:
            if ch == "\\":
                pos += 1
            elif ch == '"':
                quote = False
        elif ch == '"':
            quote = True
        elif ch == "{":
            depth += 1
        elif ch == "}":
            if depth == 0:
                return pos
            depth -= 1
        pos += 1
    return -1
