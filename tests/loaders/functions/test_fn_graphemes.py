"""Terraform counts, reverses and cuts strings by extended grapheme clusters (UAX #29, go-cty's textseg):
https://developer.hashicorp.com/terraform/language/functions/length,
https://developer.hashicorp.com/terraform/language/functions/substr,
https://developer.hashicorp.com/terraform/language/functions/strrev"""

from __future__ import annotations

import pytest
from hcl_value import value

DANCER = "\U0001f483\U0001f3fe"  # an emoji and a skin-tone modifier
FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467"  # a ZWJ sequence
FLAG = "\U0001f1eb\U0001f1f7"  # two regional indicators


@pytest.mark.parametrize(
    ("text", "count"), [(DANCER, 1), (FAMILY, 1), (FLAG, 1), ("e\u0301", 1), ("ab", 2), ("\r\n", 1)]
)
def test_length_counts_grapheme_clusters(text: str, count: int) -> None:
    assert value(f'length("{text}")') == count


def test_substr_and_strrev_cut_between_clusters() -> None:
    assert value(f'substr("{DANCER}{FLAG}x", 1, 1)') == FLAG
    assert value(f'strrev("a{FAMILY}{DANCER}")') == f"{DANCER}{FAMILY}a"
