"""Ticket text in each tracker's markup: Markdown (GitHub, GitLab, the file tracker) and Jira wiki markup.

Text that comes from scanned code (messages, evidence values) goes through ``text``/``code``, which neutralise
what a tracker would act on (HTML, ``@`` mentions, Jira links); policy text (description, remediation) is the
gate's own Markdown and goes through ``prose``.
"""

from __future__ import annotations

import re

from gate.safe import markdown, markdown_code, mention, terminal


class Markdown:
    """GitHub- and GitLab-flavoured Markdown; the marker is an HTML comment, which both hide."""

    def heading(self, text: str) -> str:
        return f"### {text}"

    def bold(self, text: str) -> str:
        return f"**{text}**"

    def code(self, text: str) -> str:
        return markdown_code(text)

    def text(self, text: str) -> str:
        return markdown(text)

    def mention(self, owner: str) -> str:
        return mention(owner)

    def prose(self, text: str) -> str:
        return text

    def link(self, text: str, url: str) -> str:
        return f"[{text}]({url})"

    def bullets(self, items: list[str]) -> str:
        return "\n".join(f"- {item}" for item in items)

    def table(self, header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(cell.replace("|", "\\|").replace("\n", " ") for cell in row) + " |" for row in rows]
        return "\n".join(lines)

    def hidden(self, text: str) -> str:
        return f"<!-- {text} -->"


_JIRA_SPECIAL = re.compile(r"([{}\[\]|*_+^~])")
_BACKTICKS = re.compile(r"`([^`]+)`")


class JiraWiki:
    """Jira's wiki markup (REST API v2 ``description``). Jira has no hidden text: the marker is a grey line."""

    def heading(self, text: str) -> str:
        return f"h3. {text}"

    def bold(self, text: str) -> str:
        return f"*{text}*"

    def code(self, text: str) -> str:
        flat = " ".join(terminal(text).split())
        return "{{" + _JIRA_SPECIAL.sub(r"\\\1", flat) + "}}" if flat else "{{ }}"

    def text(self, text: str) -> str:
        return _JIRA_SPECIAL.sub(r"\\\1", terminal(text))

    def mention(self, owner: str) -> str:
        return self.text(owner)

    def prose(self, text: str) -> str:
        parts = _BACKTICKS.split(text)
        return "".join(self.code(part) if index % 2 else self.text(part) for index, part in enumerate(parts))

    def link(self, text: str, url: str) -> str:
        return f"[{text}|{url}]"

    def bullets(self, items: list[str]) -> str:
        return "\n".join(f"* {item}" for item in items)

    def table(self, header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
        lines = ["|| " + " || ".join(header) + " ||"]
        lines += ["| " + " | ".join(cell.replace("\n", " ") or " " for cell in row) + " |" for row in rows]
        return "\n".join(lines)

    def hidden(self, text: str) -> str:
        return "{color:#97a0af}" + text + "{color}"
