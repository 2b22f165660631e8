"""CODEOWNERS: who owns a file, in GitHub's or GitLab's syntax.

Both dialects read gitignore-like patterns followed by owners (``@user``, ``@org/team``, ``@group/sub``,
e-mail addresses); the last matching line wins. They differ in two ways, both followed here:

- a pattern with a slash in the middle (``infra/main.tf``) is anchored at the root on GitHub, while GitLab
  treats every pattern that does not start with ``/`` as if it started with ``**/``;
- GitLab has sections (``[Name]``, ``^[Optional]``, ``[Name][2]``, ``[Name] @default-owner``): the last match
  wins *within* each section, and the owners of every section that matches are combined. Lines before the
  first section form an unnamed section of their own. Sections with the same name (case-insensitive) merge.

A file with sections is read as GitLab's dialect; otherwise the caller chooses (see ``find``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from gate.globs import ANY_SEG, LIT, STAR, STAR_SEG, Glob, Token, optional

Dialect = Literal["github", "gitlab"]
LOCATIONS = (".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS", ".gitlab/CODEOWNERS")
_SECTION = re.compile(r"^\^?\[([^\]]+)\](?:\[\d+\])?\s*(.*)$")


@dataclass(frozen=True)
class Rule:
    pattern: str
    owners: tuple[str, ...]
    regex: Glob  # gate.globs: linear time, whatever the pattern
    line: int


@dataclass
class Section:
    name: str
    default_owners: tuple[str, ...] = ()
    rules: list[Rule] = field(default_factory=list)


@dataclass
class CodeOwners:
    """A parsed CODEOWNERS file."""

    source: str
    dialect: Dialect
    sections: list[Section]

    def owners(self, path: str) -> tuple[str, ...]:
        """The owners of ``path`` (relative to the repository root, ``/`` separators); empty when none."""
        path = path.lstrip("/")
        found: list[str] = []
        for section in self.sections:
            for rule in reversed(section.rules):
                if rule.regex.fullmatch(path):
                    found.extend(rule.owners or (section.default_owners if section.name else ()))
                    break
        return tuple(dict.fromkeys(found))


def parse(text: str, dialect: Dialect = "github", source: str = "CODEOWNERS") -> CodeOwners:
    """Read CODEOWNERS text; a file with ``[Section]`` headers is read as GitLab's dialect."""
    lines = text.splitlines()
    if any(_SECTION.match(line.strip()) for line in lines if not line.strip().startswith("#")):
        dialect = "gitlab"
    unnamed = Section("")
    sections: dict[str, Section] = {"": unnamed}
    current = unnamed
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        header = _SECTION.match(line) if dialect == "gitlab" else None
        if header:
            key = header.group(1).strip().lower()
            current = sections.setdefault(key, Section(header.group(1).strip()))
            defaults = _owners(header.group(2))
            if defaults:
                current.default_owners = defaults
            continue
        pattern, rest = _split_pattern(line)
        current.rules.append(Rule(pattern, _owners(rest), compile_pattern(pattern, dialect), number))
    return CodeOwners(source, dialect, list(sections.values()))


def find(root: Path, dialect: Dialect = "github", path: Path | None = None) -> CodeOwners | None:
    """The repository's CODEOWNERS (``path``, else the first of ``LOCATIONS`` under ``root``), or ``None``.
    ``.gitlab/CODEOWNERS`` is read as GitLab's dialect."""
    candidates = [path] if path is not None else [root / name for name in LOCATIONS]
    for candidate in candidates:
        if candidate.is_file() and _plain_file_of_the_tree(root, candidate):
            if candidate.parent.name == ".gitlab":
                dialect = "gitlab"
            text = candidate.read_text(encoding="utf-8", errors="replace")
            return parse(
                text,
                dialect,
                candidate.relative_to(root).as_posix() if candidate.is_relative_to(root) else str(candidate),
            )
    return None


def _split_pattern(line: str) -> tuple[str, str]:
    """The pattern (``\\ `` escapes a space, ``\\#`` a hash) and the rest of the line."""
    pattern: list[str] = []
    index = 0
    while index < len(line):
        char = line[index]
        if char == "\\" and index + 1 < len(line):
            pattern.append(line[index + 1])
            index += 2
            continue
        if char.isspace():
            break
        pattern.append(char)
        index += 1
    return "".join(pattern), line[index:]


def _plain_file_of_the_tree(root: Path, candidate: Path) -> bool:
    """The tree is the pull request's: its CODEOWNERS is read only when it is a plain file of the tree, not a
    link (``.github/CODEOWNERS -> ../.git/config`` would publish the token that actions/checkout keeps there in
    ticket bodies) and not inside ``.git``. A file outside the tree is trusted configuration's, read as named."""
    if not candidate.absolute().is_relative_to(root.absolute()):
        return True
    inside = candidate.absolute().relative_to(root.absolute())
    if ".git" in inside.parts:
        return False
    step = root
    for part in inside.parts:
        step = step / part
        if step.is_symlink():
            return False
    return True


# An owner as GitHub and GitLab write one: @user, @org/team, @group/sub/group, GitLab's @@role, or an email
# address. Any other word is not an owner (and is never copied into a ticket or a label).
_OWNER = re.compile(r"@@?[A-Za-z0-9][\w.-]*(?:/[\w.-]+)*|[^@\s/]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")


def _owners(text: str) -> tuple[str, ...]:
    owners: list[str] = []
    for token in text.split():
        if token.startswith("#"):  # a comment after the owners
            break
        if _OWNER.fullmatch(token):
            owners.append(token)
    return tuple(owners)


def compile_pattern(pattern: str, dialect: Dialect) -> Glob:
    """A matcher of the repository-relative paths ``pattern`` owns (gate.globs: linear time).

    A pattern names files or directories (a directory owns everything under it); ``*`` stays within one path
    segment, ``**`` crosses them, a trailing ``/*`` owns only the direct children.
    """
    anchored = pattern.startswith("/")
    body = pattern.lstrip("/")
    directory = body.endswith("/")
    body = body.rstrip("/")
    if not anchored and dialect == "github":
        anchored = "/" in body  # gitignore rule: a slash in the middle anchors the pattern
    tokens = [] if anchored or body.startswith("**") else optional([Token(STAR), Token(LIT, "/")])
    tokens += _translate(body)
    if directory:
        tokens += [Token(LIT, "/"), Token(STAR)]
    elif not body.endswith("/*"):
        tokens += optional([Token(LIT, "/"), Token(STAR)])  # a file, or a directory and everything under it
    return Glob(tokens, pattern)


def _translate(glob: str) -> list[Token]:
    out: list[Token] = []
    index = 0
    while index < len(glob):
        if glob.startswith("**/", index):
            out += optional([Token(STAR), Token(LIT, "/")])
            index += 3
        elif glob.startswith("**", index):
            out.append(Token(STAR))
            index += 2
        elif glob[index] == "*":
            out.append(Token(STAR_SEG))
            index += 1
        elif glob[index] == "?":
            out.append(Token(ANY_SEG))
            index += 1
        else:
            out.append(Token(LIT, glob[index]))
            index += 1
    return out
