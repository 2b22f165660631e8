"""The one sanitising helper: scanned text printed inert, in a terminal, a CI log or Markdown."""

from __future__ import annotations

import pytest

from gate.safe import WORD_JOINER, block, guard_lines, markdown, markdown_code, mention, terminal


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("plain address", "plain address"),
        ("red\x1b[31m", "red\\x1b[31m"),
        ("a\nb\rc\td", "a\\nb\\rc\\td"),
        ("\u202eevil", "\\u202eevil"),
        ("::add-mask::x", "\\::add-mask::x"),
        ("  ##[group]x", "  \\##[group]x"),
        ("ok ::not at the start", "ok ::not at the start"),
    ],
)
def test_terminal_makes_one_printable_line(raw: str, shown: str) -> None:
    assert terminal(raw) == shown


def test_guard_lines_stops_every_line_that_would_start_a_command() -> None:
    assert (
        guard_lines("ok\n  ::stop-commands::t\n##[error]x\nfine ::")
        == "ok\n  \\::stop-commands::t\n\\##[error]x\nfine ::"
    )


def test_block_keeps_lines_and_neutralises_each() -> None:
    assert block("a: 1\n::add-mask::x\nb: \x1b[2J\n") == "a: 1\n\\::add-mask::x\nb: \\x1b[2J\n"


def test_markdown_renders_the_text_and_acts_on_nothing() -> None:
    shown = markdown("@org/team ![x](http://e.example/p.png) <b>&amp;</b> www.e.example #12\nnext")
    assert shown == (
        f"@{WORD_JOINER}org/team \\!\\[x\\](http{WORD_JOINER}://e.example/p.png) &lt;b&gt;&amp;amp;&lt;/b&gt; "
        f"www{WORD_JOINER}.e.example #{WORD_JOINER}12 next"
    )
    assert markdown("- item") == "\\- item" and markdown("1. item") == "1\\. item"
    assert markdown_code("a`b\nc") == "`a'b c`" and markdown_code("") == "` `"


def test_only_a_well_formed_handle_is_a_mention() -> None:
    assert mention("@org/team") == "@org/team" and mention("@alice") == "@alice"
    assert mention("@x ![i](http://e)") == "`@x ![i](http://e)`"
