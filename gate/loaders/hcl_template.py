"""HCL's template language: interpolations, the ``%{if}``/``%{for}`` directives and the ``~`` strip markers.

https://developer.hashicorp.com/terraform/language/expressions/strings#directives: a ``~`` right after ``${`` or
``%{`` removes the whitespace (newlines included) before the sequence, a ``~`` right before its ``}`` removes the
whitespace after it; ``$${`` and ``%%{`` are a literal ``${`` and ``%{``. Heredocs and ``templatefile`` files
are scanned here whole; in a quoted string the HCL grammar has already cut out the ``${...}`` interpolations and
the directives are found in its literal text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from gate.errors import InputError
from gate.loaders import hcl_ast as ast

_FOR = re.compile(r"for\s+([A-Za-z_][\w-]*)(?:\s*,\s*([A-Za-z_][\w-]*))?\s+in\s+(.+)\Z", re.DOTALL)
_IF = re.compile(r"if\s+(.+)\Z", re.DOTALL)
_KEYWORDS = ("else", "endif", "endfor")


@dataclass(slots=True)
class Sequence:
    """A ``${...}`` interpolation (``keyword`` empty) or a ``%{...}`` directive, with its strip markers."""

    keyword: str
    expr: ast.Expr | None
    strip_before: bool
    strip_after: bool
    names: tuple[str | None, str] = (None, "")


Token = str | ast.Expr | Sequence
ParseExpression = Callable[[str, str], ast.Expr]


class Scanner:
    """Cuts template text into literal text and sequences, parsing each sequence's expression."""

    def __init__(self, file: str, parse_expression: ParseExpression, closing_brace: Callable[[str, int], int]) -> None:
        self.file = file
        self.parse_expression = parse_expression
        self.closing_brace = closing_brace

    def scan(self, text: str, interpolations: bool = True, unescape: Callable[[str], str] = str) -> list[Token]:
        """``text`` as tokens; ``interpolations`` False when the grammar has already cut them out."""
        if "{" not in text:  # most literal text: nothing to scan
            return [unescape(text)]
        tokens: list[Token] = []
        literal: list[str] = []
        pos = 0
        opener = re.compile(r"[$%]{1,2}\{" if interpolations else r"%{1,2}\{")
        for match in opener.finditer(text):
            if match.start() < pos:
                continue
            literal.append(unescape(text[pos : match.start()]))
            marker = match.group(0)
            if len(marker) == 3:  # $${ or %%{: the marker itself, literally
                literal.append(marker[1:])
                pos = match.end()
                continue
            end = self.closing_brace(text, match.end())
            if end < 0:
                raise InputError(self.file, None, f"template sequence {marker!r} is not closed")
            tokens.append("".join(literal))
            literal = []
            tokens.append(self.sequence(marker[0], text[match.end() : end]))
            pos = end + 1
        literal.append(unescape(text[pos:]))
        tokens.append("".join(literal))
        return tokens

    def sequence(self, kind: str, inner: str) -> Sequence:
        inner = inner.replace(QUOTE_STANDIN, '"')
        strip_before = inner.startswith("~")
        body = inner[1:] if strip_before else inner
        stripped = body.rstrip()
        strip_after = stripped.endswith("~")
        body = (stripped[:-1] if strip_after else stripped).strip()
        if kind == "$":
            return Sequence("", self.parse_expression(body, self.file), strip_before, strip_after)
        if body in _KEYWORDS:
            return Sequence(body, None, strip_before, strip_after)
        match = _IF.match(body)
        if match:
            return Sequence("if", self.parse_expression(match.group(1), self.file), strip_before, strip_after)
        match = _FOR.match(body)
        if match:
            key, value = (match.group(1), match.group(2)) if match.group(2) else (None, match.group(1))
            expr = self.parse_expression(match.group(3), self.file)
            return Sequence("for", expr, strip_before, strip_after, (key, value))
        raise InputError(self.file, None, f"unknown template directive %{{{body}}}")


def build(tokens: list[Token], file: str) -> list[str | ast.Expr]:
    """The template's parts, with strip markers applied and directives nested into TemplateIf/TemplateFor."""
    stripped = _strip(tokens)
    parts, end, stop = _sequence(stripped, 0, frozenset(), file)
    if stop is not None:
        raise InputError(file, None, f"%{{{stop.keyword}}} without its opening directive")
    return parts


def _strip(tokens: list[Token]) -> list[Token]:
    out = list(tokens)
    for i, token in enumerate(out):
        if not isinstance(token, Sequence):
            continue
        if token.strip_before and i > 0 and isinstance(out[i - 1], str):
            out[i - 1] = str(out[i - 1]).rstrip()
        if token.strip_after and i + 1 < len(out) and isinstance(out[i + 1], str):
            out[i + 1] = str(out[i + 1]).lstrip()
    return out


def _sequence(
    tokens: list[Token], i: int, stops: frozenset[str], file: str
) -> tuple[list[str | ast.Expr], int, Sequence | None]:
    parts: list[str | ast.Expr] = []
    while i < len(tokens):
        token = tokens[i]
        if isinstance(token, str):
            if token:
                parts.append(token)
        elif not isinstance(token, Sequence):
            parts.append(token)
        elif token.keyword == "":
            assert token.expr is not None
            parts.append(token.expr)
        elif token.keyword in stops:
            return parts, i, token
        elif token.keyword == "if":
            then, i, stop = _sequence(tokens, i + 1, frozenset({"else", "endif"}), file)
            other: list[str | ast.Expr] = []
            if stop is not None and stop.keyword == "else":
                other, i, stop = _sequence(tokens, i + 1, frozenset({"endif"}), file)
            if stop is None:
                raise InputError(file, None, "%{if} without %{endif}")
            assert token.expr is not None
            parts.append(ast.TemplateIf(token.expr, ast.Template(then), ast.Template(other)))
        elif token.keyword == "for":
            body, i, stop = _sequence(tokens, i + 1, frozenset({"endfor"}), file)
            if stop is None:
                raise InputError(file, None, "%{for} without %{endfor}")
            assert token.expr is not None
            parts.append(ast.TemplateFor(token.names[0], token.names[1], token.expr, ast.Template(body)))
        else:
            raise InputError(file, None, f"%{{{token.keyword}}} without its opening directive")
        i += 1
    return parts, i, None


# Stands for a double quote inside a ``%{...}`` directive of a quoted string while the HCL grammar reads the file:
# the grammar the gate uses ends a quoted string at any ``"``, so ``"%{if x == "a"}..."`` would not parse.
QUOTE_STANDIN = "\ue000"
_HEREDOC = re.compile(r"<<-?([A-Za-z][A-Za-z0-9._-]*)\r?\n")


def _go_space(ch: str) -> bool:
    """Go's unicode.IsSpace (what bytes.TrimSpace trims): Python's isspace without the separators U+001C-U+001F."""
    return ch.isspace() and not "\x1c" <= ch <= "\x1f"


def heredoc_closing(text: str, start: int, marker: str) -> tuple[int, int] | None:
    """Where the heredoc whose text starts at ``start`` closes: the (start, end) of the first line that is the
    marker alone once the whitespace around it is trimmed, as HCL's scanner decides (it compares
    ``bytes.TrimSpace(line)`` with the marker: hclsyntax/scan_tokens.rl, heredocLiteralEOL); None when it is
    never closed. ``end`` is the position of the line's newline."""
    at = start
    while at <= len(text):
        end = text.find("\n", at)
        end = len(text) if end < 0 else end
        line = text[at:end]
        if marker in line:
            first, last = 0, len(line)
            while first < last and _go_space(line[first]):
                first += 1
            while last > first and _go_space(line[last - 1]):
                last -= 1
            if line[first:last] == marker:
                return at, end
        at = end + 1
    return None


def canonical_heredocs(text: str) -> str:
    """``text`` with each heredoc's closing line written as the marker alone, so the grammar closes every
    heredoc where HCL does (the grammar needs a newline right after the marker, HCL trims whitespace around
    it: ``EOT `` closes a heredoc in Terraform). Only whitespace is removed, so line numbers are kept.

    Raises ValueError when a line of a heredoc's text would close it for the grammar but not for HCL (the
    marker between separators U+001C-U+001F, which Python counts as space and Go does not)."""
    if "<<" not in text:
        return text
    out: list[str] = []
    frames: list[list[int]] = [[0]]
    i = done = 0
    while i < len(text):
        frame = frames[-1]
        if not frame:  # in a quoted string
            ch = text[i]
            if ch == "\\":
                i += 2
            elif ch == '"' or ch == "\n":
                frames.pop()
                i += 1
            elif text.startswith(("$${", "%%{"), i):
                i += 3
            elif text.startswith(("${", "%{"), i):
                frames.append([0])
                i += 2
            else:
                i += 1
            continue
        heredoc = _HEREDOC.match(text, i) if text[i] == "<" else None
        if heredoc is None:
            i = _code_step(text, i, frames)
            continue
        marker = heredoc.group(1)
        closing = heredoc_closing(text, heredoc.end(), marker)
        stop = len(text) if closing is None else closing[0]
        for line in text[heredoc.end() : stop].split("\n"):
            if line.strip() == marker:
                raise ValueError(f"a line of heredoc {marker} is the marker between separators HCL does not trim")
        if closing is None:
            break
        out += [text[done : closing[0]], marker]
        done = i = closing[1]
    out.append(text[done:])
    return "".join(out)


def shield_directive_quotes(text: str, closing_brace: Callable[[str, int], int]) -> str:
    """``text`` with the double quotes inside the directives of its quoted strings replaced by QUOTE_STANDIN
    (same length, so lines and columns are kept); the scanner puts them back. Comments and heredocs are skipped
    (a heredoc's directives are scanned by :class:`Scanner` itself)."""
    if "%{" not in text:
        return text
    out = list(text)
    frames: list[list[int]] = [[0]]  # a code frame holds its open-brace depth; a string frame is []
    i = 0
    while i < len(text):
        frame = frames[-1]
        if frame:  # code
            i = _code_step(text, i, frames)
            continue
        ch = text[i]
        if ch == "\\":
            i += 2
        elif ch == '"' or ch == "\n":
            frames.pop()
            i += 1
        elif text.startswith(("$${", "%%{"), i):
            i += 3
        elif text.startswith("${", i):
            frames.append([0])
            i += 2
        elif text.startswith("%{", i):
            end = closing_brace(text, i + 2)
            if end < 0:
                break
            for k in range(i + 2, end):
                if out[k] == '"':
                    out[k] = QUOTE_STANDIN
            i = end + 1
        else:
            i += 1
    return "".join(out)


def _code_step(text: str, i: int, frames: list[list[int]]) -> int:
    """One step of the code scanner at ``i``: the position after what it skipped."""
    frame = frames[-1]
    ch = text[i]
    if ch == "#" or text.startswith("//", i):
        end = text.find("\n", i)
        return len(text) if end < 0 else end
    if text.startswith("/*", i):
        end = text.find("*/", i + 2)
        return len(text) if end < 0 else end + 2
    heredoc = _HEREDOC.match(text, i) if ch == "<" else None
    if heredoc:
        closing = heredoc_closing(text, heredoc.end(), heredoc.group(1))
        return len(text) if closing is None else closing[1]
    if ch == '"':
        frames.append([])
    elif ch == "{":
        frame[0] += 1
    elif ch == "}":
        if frame[0] == 0 and len(frames) > 1:
            frames.pop()  # the end of an interpolation: back in its string
        else:
            frame[0] -= 1
    return i + 1
