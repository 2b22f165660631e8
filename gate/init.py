"""``gate init``: set a repository up for the gate.

Writes a commented ``.gate.yaml``, a ``.pre-commit-config.yaml`` with the hook, and with ``--ci`` the CI
configuration for GitHub Actions (``.github/workflows/policy-gate.yml``) or GitLab CI (``.gitlab-ci.yml``). An
existing file is never overwritten without ``force``: it is left as it is, and the snippet to merge into it is
shown instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from gate import __version__

CI_SYSTEMS = ("github", "gitlab")
# Where the hooks, the action and the GitLab template are published comes from one place: the package
# metadata's ``Repository`` URL (``[project.urls]`` in pyproject.toml). Without one (a copy installed without
# metadata), the files name this placeholder and ``gate init`` says to fill it in.
PLACEHOLDER_REPOSITORY = "https://github.com/OWNER/policy-gate"

GATE_YAML = """\
# policy-gate configuration. Every key is optional and shown here with its default;
# `gate config show` prints the effective configuration, `gate policies list` the policies.

# The stage profile used when `gate scan` is not given --stage: pre-commit, pr, deploy, or one defined below.
stage: pr

policies:
  include: []        # policy ids, families (encryption, network, permission) or globs; empty: every policy
  exclude: []        # e.g. [GATE-NET-004]
  severity: {}       # severity overrides, e.g. {GATE-ENC-001: critical}
  paths: []          # folders of your own policies, relative to this file

# AWS accounts that may be trusted across accounts (as strings: "123456789012"). The accounts AWS owns for a
# service (Elastic Load Balancing access logs, Redshift audit logging) are approved already.
approved_accounts: []

# Time-limited, owned exceptions: see the README's "Suppressions, waivers and baselines".
waivers:
  file: .gate-waivers.yaml
  max_days: 90       # the longest a waiver may run, from today

# Results recorded with `gate baseline create` become backlog items instead of blocking:
# baseline: .gate-baseline.json

# What each stage does with a result: block the build, become a backlog item, or nothing.
# A stage listed here changes the built-in profile of the same name; a new name may `extends:` another.
stages:
  pre-commit:        # on a laptop: only what is certain blocks
    block_on: [critical]
    unknown: ignore
  pr:                # pull and merge requests
    block_on: [critical]          # e.g. [critical, high]
    backlog_on: [high, medium, low]
    unknown: backlog              # values known only after apply
  deploy:            # before apply, on a plan: unknowns of blocking policies block, inline skips are not enough
    block_on: [critical]
    unknown: block-if-blocking-severity
    inline_suppressions: non-blocking
"""

PRE_COMMIT = """\
# pre-commit (https://pre-commit.com): `pre-commit install` runs these hooks on every commit.
repos:
  - repo: {repository}
    rev: v{version}
    hooks:
      - id: policy-gate          # the Terraform and CloudFormation files a commit changes
      # - id: policy-gate-repo   # or the whole repository, whatever the commit changes
"""

GITHUB = """\
# policy-gate: block pull requests that add critical misconfigurations; results in code scanning.
name: policy-gate

on:
  pull_request:
  push:
    branches: [main]   # your default branch: code scanning compares pull requests with it

permissions:
  contents: read

jobs:
  policy-gate:
    runs-on: ubuntu-latest
    permissions:
      contents: read
      security-events: write   # upload-sarif
    steps:
      - uses: actions/checkout@v5
      - name: policy-gate
        id: gate
        uses: {action}@v{version}
      - name: Upload to code scanning
        if: always() && steps.gate.outputs.sarif-file != ''
        uses: github/codeql-action/upload-sarif@v4
        with:
          sarif_file: ${{{{ steps.gate.outputs.sarif-file }}}}
          category: policy-gate
"""

GITLAB = """\
# policy-gate: merge requests and the default branch fail on critical misconfigurations; results in the
# merge request widgets (tests, Code Quality, security).
include:
  - remote: {repository_raw}/v{version}/.gitlab-ci-template.yml

variables:
  POLICY_GATE_MR: "true"
"""


@dataclass(frozen=True)
class InitFile:
    """One file ``gate init`` writes: where, what, and, when the file may exist already with other content
    (a pre-commit or GitLab CI configuration), how to merge this one into it."""

    path: str
    content: str
    merge_hint: str | None = None
    checks: tuple[str, ...] = ()  # values in it the user must fill in or check, one sentence each


def repository_url() -> str | None:
    """The project's repository, from the installed package's metadata (None when it names none)."""
    from importlib.metadata import PackageNotFoundError, metadata

    try:
        urls = metadata("policy-gate").get_all("Project-URL") or []
    except PackageNotFoundError:
        urls = []
    named: dict[str, str] = {}
    for entry in urls:
        label, _, url = str(entry).partition(", ")
        named[label] = url
    for label in ("Repository", "Source", "Homepage"):
        if named.get(label, "").startswith("https://"):
            return named[label].rstrip("/")
    return None


def _raw_base(repository: str) -> str:
    if repository.startswith("https://github.com/"):
        return "https://raw.githubusercontent.com/" + repository.removeprefix("https://github.com/")
    return f"{repository}/-/raw"  # GitLab's raw file URLs


def planned_files(
    ci: str | None, repository: str | None = None, version: str = __version__, accounts: str = ""
) -> list[InitFile]:
    """The files ``gate init`` writes, in order; ``ci`` is one of ``CI_SYSTEMS`` or None; ``accounts`` the
    ``approved_accounts`` entry proposed from the code (``gate.init_accounts.proposal``), if any."""
    if ci is not None and ci not in CI_SYSTEMS:
        raise ValueError(f"unknown CI system {ci!r}")
    repository = repository or repository_url()
    fill_in = (
        []
        if repository
        else [f"put the address your organisation gets policy-gate from in place of {PLACEHOLDER_REPOSITORY}"]
    )
    repository = repository or PLACEHOLDER_REPOSITORY
    tag = f"tag v{version} exists in {repository} (or pin a commit of it)"
    files = [
        InitFile(
            ".gate.yaml",
            GATE_YAML.replace("approved_accounts: []\n", accounts) if accounts else GATE_YAML,
            checks=("stage: pr is the profile used when no --stage is given; stages.*.block_on is what blocks",),
        ),
        InitFile(
            ".pre-commit-config.yaml",
            PRE_COMMIT.format(repository=repository, version=version),
            "add the policy-gate entry below to its `repos:`",
            (*fill_in, f"rev: v{version}: the {tag}; `pre-commit autoupdate --freeze` pins the commit"),
        ),
    ]
    if ci == "github":
        action = repository.removeprefix("https://github.com/")
        files.append(
            InitFile(
                ".github/workflows/policy-gate.yml",
                GITHUB.format(action=action, version=version),
                checks=(
                    *fill_in,
                    f"uses: {action}@v{version}: the {tag}",
                    "branches: [main]: your default branch, which code scanning compares pull requests with",
                ),
            )
        )
    elif ci == "gitlab":
        raw = _raw_base(repository)
        files.append(
            InitFile(
                ".gitlab-ci.yml",
                GITLAB.format(repository_raw=raw, version=version),
                "merge the `include:` and `variables:` below into it",
                (
                    *fill_in,
                    f"include remote: {raw}/v{version}/.gitlab-ci-template.yml: the {tag}, reachable from your "
                    "GitLab (or include the component templates/policy-gate.yml from a mirror: docs/integrations.md)",
                ),
            )
        )
    return files


def initialise(root: Path, ci: str | None, force: bool = False) -> list[str]:
    """Write the planned files under ``root``; returns one message per file (written, or kept and why), and the
    accounts the code names, proposed for a person to review as ``approved_accounts`` (never approved here)."""
    from gate.init_accounts import found_accounts, proposal

    accounts = found_accounts(root)
    messages = []
    for planned in planned_files(ci, accounts=proposal(accounts)):
        target = root / planned.path
        if target.exists() and not force:
            message = f"kept {planned.path}: it exists (--force overwrites it)"
            if planned.merge_hint:
                snippet = "".join(f"    {line}\n" if line else "\n" for line in planned.content.splitlines())
                message += f"; {planned.merge_hint}:\n{snippet}"
            messages.append(message)
            continue
        existed = target.exists()
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(planned.content, encoding="utf-8")
        messages.append(f"{'overwrote' if existed else 'wrote'} {planned.path}")
    if accounts:
        listed = "".join(f"    {item.account}: {', '.join(item.places)}\n" for item in accounts)
        messages.append(
            f"the code names {len(accounts)} AWS account(s) that are not approved; review them and add "
            f"those that are yours or a partner's to `approved_accounts` (proposed, commented out, in "
            f".gate.yaml when it was written):\n{listed}"
        )
    checks = [f"  {planned.path}: {check}" for planned in planned_files(ci) for check in planned.checks]
    if checks:
        messages += ["", "Fill in or check before you commit:", *checks]
    return messages
