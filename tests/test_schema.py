"""Documents checked against the gate's dataclasses (gate.schema): limits, shorthands, cross-field checks and
unknown keys, each reported where it is, in the words the error messages use."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field
from typing import Annotated, Any

import pytest

from gate.schema import FORBID, PREPARED, Bounds, SchemaError, check, to_data


class Colour(enum.StrEnum):
    RED = "red"
    BLUE = "blue"


@dataclass(slots=True, kw_only=True)
class Leaf:
    __pydantic_config__ = FORBID
    name: Annotated[str, Bounds(min_length=1, pattern=r"^[a-z]+$")]
    size: Annotated[int, Bounds(ge=1, le=10)] = 5


@dataclass(slots=True, kw_only=True)
class Tree:
    __pydantic_config__ = FORBID
    __get_pydantic_core_schema__ = PREPARED
    leaves: Annotated[list[Leaf], Bounds(min_length=1)]
    colours: dict[str, Colour] = field(default_factory=dict)
    when: dt.date | None = None

    def __post_init__(self) -> None:
        if len({leaf.name for leaf in self.leaves}) != len(self.leaves):
            raise ValueError("leaf names must differ")

    @staticmethod
    def prepare(raw: Any) -> Any:  # a list alone is short for {leaves: [...]}
        return {"leaves": raw} if isinstance(raw, list) else raw


@dataclass(slots=True)
class Loose:  # not FORBID: a result read back ignores keys it does not know
    a: int = 0


def test_a_valid_document_becomes_the_dataclass() -> None:
    tree = check(Tree, {"leaves": [{"name": "oak"}], "colours": {"x": "red"}, "when": "2026-01-31"})
    assert tree == Tree(leaves=[Leaf(name="oak")], colours={"x": Colour.RED}, when=dt.date(2026, 1, 31))
    assert check(Tree, [{"name": "oak", "size": 2}]).leaves == [Leaf(name="oak", size=2)]
    assert check(Loose, {"a": 1, "b": 2}) == Loose(1)


@pytest.mark.parametrize(
    ("raw", "loc", "kind"),
    [
        ({"leaves": []}, ("leaves",), "too_short"),
        ({"leaves": [{"name": ""}]}, ("leaves", 0, "name"), "string_too_short"),
        ({"leaves": [{"name": "Oak"}]}, ("leaves", 0, "name"), "string_pattern_mismatch"),
        ({"leaves": [{"name": "oak", "size": 11}]}, ("leaves", 0, "size"), "less_than_equal"),
        ({"leaves": [{"name": "oak", "size": 0}]}, ("leaves", 0, "size"), "greater_than_equal"),
        ({"leaves": [{"name": "oak", "colour": "red"}]}, ("leaves", 0, "colour"), "extra_forbidden"),
        ({"leaves": [{}]}, ("leaves", 0, "name"), "missing"),
        ({"leaves": [{"name": "oak"}], "colours": {"x": "green"}}, ("colours", "x"), "enum"),
        ([{"name": "oak"}, {"name": "oak"}], (), "value_error"),
    ],
)
def test_each_mistake_is_reported_where_it_is(raw: Any, loc: tuple[Any, ...], kind: str) -> None:
    with pytest.raises(SchemaError) as caught:
        check(Tree, raw)
    assert (caught.value.first.loc, caught.value.first.kind) == (loc, kind)


def test_unknown_keys_and_missing_fields_are_named_as_for_any_document() -> None:
    with pytest.raises(SchemaError) as caught:
        check(Leaf, {"size": 2, "colour": 1})
    assert {(p.loc, p.message) for p in caught.value.problems} == {
        (("name",), "Field required"),
        (("colour",), "Extra inputs are not permitted"),
    }


def test_the_constructor_runs_the_same_cross_field_check() -> None:
    with pytest.raises(ValueError, match="leaf names must differ"):
        Tree(leaves=[Leaf(name="oak"), Leaf(name="oak")])


def test_to_data_writes_plain_values_in_field_order() -> None:
    tree = Tree(leaves=[Leaf(name="oak")], colours={"x": Colour.BLUE}, when=dt.date(2026, 1, 31))
    data = to_data(tree)
    assert data == {"leaves": [{"name": "oak", "size": 5}], "colours": {"x": "blue"}, "when": "2026-01-31"}
    assert type(data["colours"]["x"]) is str and list(data) == ["leaves", "colours", "when"]
    assert to_data(Tree(leaves=[Leaf(name="oak")]), omit_none=True) == {
        "leaves": [{"name": "oak", "size": 5}],
        "colours": {},
    }
    assert check(Tree, to_data(tree)) == tree
