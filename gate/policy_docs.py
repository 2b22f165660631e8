"""Documentation made from the policy files: the ``docs/policies.md`` catalogue and ``gate explain ID``."""

from __future__ import annotations

from pathlib import Path

from gate.policies import LoadedPolicy

FORMAT_NAMES = {"terraform": "Terraform", "cloudformation": "CloudFormation"}
EXAMPLE_SUFFIXES = (".tf", ".tf.json", ".json", ".yaml", ".yml", ".template")


def _one_line(text: str) -> str:
    return " ".join(text.split())


def catalogue(policies: list[LoadedPolicy]) -> str:
    """``docs/policies.md``: a table of every policy, then each one in full."""
    lines = [
        "# Policies",
        "",
        "Generated from `policies/` by `gate policies docs`; a test keeps it current. Do not edit by hand.",
        "",
        f"{len(policies)} policies.",
        "",
        "| id | family | severity | title | formats |",
        "|---|---|---|---|---|",
    ]
    for loaded in policies:
        p = loaded.policy
        formats = ", ".join(FORMAT_NAMES.get(f, f) for f in p.targets)
        lines.append(f"| [{p.id}](#{p.id.lower()}) | {p.family.value} | {p.severity.value} | {p.title} | {formats} |")
    for loaded in policies:
        p = loaded.policy
        lines += [
            "",
            f"## {p.id}",
            "",
            f"**{p.title}** ({p.family.value}, {p.severity.value})",
            "",
            _one_line(p.description),
            "",
        ]
        for fmt, target in p.targets.items():
            lines.append(f"- {FORMAT_NAMES.get(fmt, fmt)}: `{'`, `'.join(target.resource_types)}`")
        lines.append("")
        for fmt, text in p.remediation.items():
            lines.append(f"Remediation ({FORMAT_NAMES.get(fmt, fmt)}): {_one_line(text)}")
            lines.append("")
        if p.references:
            lines.append("References: " + ", ".join(f"<{r}>" for r in p.references))
    return "\n".join(lines).rstrip() + "\n"


def examples(loaded: LoadedPolicy) -> list[Path]:
    folder = loaded.file.with_suffix("")
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.name.endswith(EXAMPLE_SUFFIXES))


def explain(loaded: LoadedPolicy, show_examples: bool = True) -> str:
    """What ``gate explain ID`` prints: the policy, its remediation per format, and its examples."""
    p = loaded.policy
    out = [
        f"{p.id}: {p.title}",
        f"family {p.family.value}, severity {p.severity.value}",
        "",
        _one_line(p.description),
        "",
    ]
    for fmt, target in p.targets.items():
        out.append(f"{FORMAT_NAMES.get(fmt, fmt)} resources: {', '.join(target.resource_types)}")
        if fmt in p.remediation:
            out.append(f"  Remediation: {_one_line(p.remediation[fmt])}")
    if p.references:
        out += ["", "References:", *(f"  {r}" for r in p.references)]
    if show_examples:
        for path in examples(loaded):
            kind = "Passes" if path.name.startswith("pass") else "Fails"
            out += [
                "",
                f"{kind}: {path.name}",
                *("  " + line for line in path.read_text(encoding="utf-8").rstrip().splitlines()),
            ]
    return "\n".join(out) + "\n"
