"""The YAML reader: the same values as PyYAML's safe loader, each mapping and sequence with its lines, and the
refusals a hostile file needs (duplicate keys, alias bombs, deep nesting, recursive aliases, more documents)."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from gate import yamlnodes
from gate.errors import InputError

SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12)
TREES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8) | st.integers(), inner, max_size=4),
    max_leaves=30,
)


def plain(value: Any) -> Any:
    """LineDict/LineList as plain dicts and lists, to compare with PyYAML's own result."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


@given(TREES, st.booleans())
def test_values_match_pyyaml(tree: Any, flow: bool) -> None:
    text = yaml.safe_dump(tree, default_flow_style=flow, allow_unicode=True)
    assert plain(yamlnodes.load(text, "t.yaml")) == yaml.safe_load(text)


def test_lines_of_block_and_flow_collections() -> None:
    text = "a:\n  b: 1\n  c:\n    - x\n    - y\n\nd: {e: 1,\n  f: 2}\ng: [1, 2]\n"
    doc = yamlnodes.load(text, "t.yaml")
    assert (doc.line, doc.end_line) == (1, 9)
    assert doc.key_lines == {"a": 1, "d": 7, "g": 9}
    assert (doc["a"].line, doc["a"].end_line) == (2, 5)  # a block mapping ends with its last child, not at "d"
    assert doc["a"]["c"].item_lines == [4, 5]
    assert (doc["d"].line, doc["d"].end_line) == (7, 8)
    assert yamlnodes.line_of(doc, ["a", "c", 1]) == 5


def test_merge_keys_and_aliases_share_the_anchored_value() -> None:
    doc = yamlnodes.load("base: &b {x: 1, y: 2}\nuse:\n  <<: *b\n  y: 3\nsame: *b\n", "t.yaml")
    assert plain(doc["use"]) == {"x": 1, "y": 3}
    assert doc["same"] is doc["base"]


def test_tags_reach_the_handler_with_their_line() -> None:
    seen: list[tuple[str, Any, int]] = []

    def on_tag(tag: str, value: Any, line: int) -> Any:
        seen.append((tag, plain(value), line))
        return {"tagged": value}

    doc = yamlnodes.load("a: !Ref X\nb:\n  - !Sub [x, {y: 1}]\n", "t.yaml", on_tag=on_tag)
    assert seen == [("!Ref", "X", 1), ("!Sub", ["x", {"y": 1}], 3)]
    assert doc["a"] == {"tagged": "X"}


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("a: 1\nb: 2\na: 3\n", 3, "duplicate key 'a' (first defined on line 1)"),
        ("? [x]\n: 1\n", 1, "must be a scalar"),
        ("a: &a [x, *a]\n", 1, "contains it"),
        ("a: *nowhere\n", 1, "undefined alias"),
        ("a: 1\n---\nb: 2\n", 2, "single document"),
        ("a: [1, 2\n", 2, ""),
        ("[" * 500 + "]" * 500, 1, "nesting deeper"),
    ],
)
def test_bad_documents_name_the_line(text: str, line: int, words: str) -> None:
    with pytest.raises(InputError) as caught:
        yamlnodes.load(text, "bad.yaml")
    assert caught.value.file == "bad.yaml" and caught.value.line == line
    assert words in caught.value.detail


def test_an_alias_bomb_is_refused_without_being_expanded() -> None:
    text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 10)}]\n" for i in range(7)
    )
    with pytest.raises(InputError, match="alias bomb"):
        yamlnodes.load(text, "bomb.yaml")


def test_an_empty_document_is_none() -> None:
    assert yamlnodes.load("", "e.yaml") is None
    assert yamlnodes.load("# only a comment\n", "e.yaml") is None
