"""String templates: interpolations, ``%{if}``, ``%{for}`` and the ``~`` strip markers, in quoted strings and
heredocs: https://developer.hashicorp.com/terraform/language/expressions/strings#directives"""

from __future__ import annotations

from pathlib import Path

import pytest
from hcl_value import evaluate_file, value

from gate.errors import InputError
from gate.loaders.hcl_parse import parse_body
from gate.values import Unknown


def test_if_directive_in_a_quoted_string() -> None:
    assert value('"%{if true}0.0.0.0/0%{endif}"') == "0.0.0.0/0"
    assert value('"%{ if false }a%{ else }b%{ endif }"') == "b"
    assert value('"x%{if 1 == 2}y%{endif}z"') == "xz"
    assert value('"%{if tobool(true)}yes%{endif}"') == "yes"


def test_for_directive_in_a_quoted_string() -> None:
    assert value('"%{for i in range(3)}${i}%{endfor}"') == "012"
    assert value('"%{for k, v in {b = 2, a = 1}}${k}=${v};%{endfor}"') == "a=1;b=2;"


def test_directives_in_quoted_strings_may_hold_quoted_strings() -> None:
    assert value('"%{ if "a" == "a" }0.0.0.0/0%{ else }10.0.0.0/8%{ endif }"') == "0.0.0.0/0"
    assert value('"x-${lookup({ k = "v" }, "k")}-%{ for s in ["a", "b"] }${s}%{ endfor }"') == "x-v-ab"
    assert value('"%{ if lower("A") != "" }yes%{ endif } # not a comment"') == "yes # not a comment"


def test_quotes_in_comments_and_heredocs_beside_directives_are_left_alone() -> None:
    text = (
        '# a comment with "%{ if "x" }" in it\n'
        'resource "terraform_data" "probe" {\n'
        '  input = [<<EOT\n"%{ if true }a%{ endif }"\nEOT\n, "%{ if "b" == "b" }b%{ endif }"]\n'
        '  /* "%{" */\n'
        "}\n"
    )
    assert _attributes(text)["input"] == ['"a"\n', "b"]


def test_escaped_markers_are_literal() -> None:
    assert value('"100%%{x}"') == "100%{x}"
    assert value('"$${x}"') == "${x}"


def test_heredoc_with_strip_markers_as_documented() -> None:
    text = 'resource "terraform_data" "probe" {\n  input = <<EOT\n%{ for ip in ["10.1.1.1", "10.1.1.2"] ~}\nserver ${ip}\n%{ endfor ~}\nEOT\n}\n'
    assert _attributes(text)["input"] == "server 10.1.1.1\nserver 10.1.1.2\n"


def test_strip_markers_remove_whitespace_and_newlines_on_their_side() -> None:
    text = 'resource "terraform_data" "probe" {\n  input = <<-EOT\n    a   \n    ${~ "b" ~}   \n    c\n  EOT\n}\n'
    assert _attributes(text)["input"] == "abc\n"


def test_heredoc_if_else() -> None:
    text = (
        'resource "terraform_data" "probe" {\n  input = <<EOT\n'
        '%{ if var.open == "yes" }0.0.0.0/0%{ else }10.0.0.0/8%{ endif }\nEOT\n}\n'
        'variable "open" {\n  default = "yes"\n}\n'
    )
    assert _attributes(text)["input"] == "0.0.0.0/0\n"


def test_an_unknown_condition_or_collection_makes_the_template_unknown() -> None:
    assert isinstance(value('"%{if aws_vpc.main.id == var.x}a%{endif}"'), Unknown)
    assert isinstance(value('"%{for x in aws_vpc.main.ids}${x}%{endfor}"'), Unknown)


def test_a_condition_that_is_not_a_bool_is_an_error() -> None:
    assert value('can("%{if 1}a%{endif}")') is False


@pytest.mark.parametrize(
    "text",
    [
        'x = "%{if true}a"',  # no endif
        'x = "a%{endif}"',
        'x = "%{for x in [1]}a%{endif}"',
        'x = "%{bogus}"',
        'x = "%{if true}a%{else}b%{else}c%{endif}"',
    ],
)
def test_malformed_directives_are_parse_errors(text: str) -> None:
    with pytest.raises(InputError):
        parse_body(text, "main.tf")


def _attributes(main_tf: str) -> dict[str, object]:
    import tempfile

    with tempfile.TemporaryDirectory() as directory:
        return evaluate_file(Path(directory), main_tf)
