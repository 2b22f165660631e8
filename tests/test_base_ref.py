"""``gate scan --base-ref REF``: the base of the change rules (docs/security.md).

Each test builds a real git repository: a base commit, then a pull-request commit that edits what can weaken the
gate (configuration, waivers, baseline, a custom policy folder). The real command scans the pull request's tree;
with ``--base-ref`` the edits must not apply (the scan blocks and says which files the change edits), without it
they apply as in a developer's own checkout (which shows each edit would have weakened the gate)."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gate.config import load_settings
from gate.errors import ConfigError
from gate.trusted import trusted_files

pytestmark = pytest.mark.skipif(
    shutil.which("git") is None,
    reason="GIT NOT INSTALLED: the --base-ref trust-boundary tests are skipped (install git; .ci/run's machine has it)",
)

OPEN_SSH = """resource "aws_security_group" "web" {
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
"""
SOON = dt.date.today() + dt.timedelta(days=30)
WAIVER = f"waivers:\n  - {{policy: GATE-NET-001, resource: aws_security_group.web, reason: fine, owner: me, expires: {SOON}}}\n"
VOLUME = 'resource "aws_ebs_volume" "data" {\n  availability_zone = "eu-west-1a"\n  size = 8\n  encrypted = true\n}\n'
OWNER_TAG = """id: ACME-TAG-001
title: Volumes carry an owner tag
family: encryption
severity: critical
description: Every volume says who owns it.
remediation: {terraform: Add tags.owner., cloudformation: Add an owner tag.}
targets:
  terraform:
    resource_types: [aws_ebs_volume]
    condition: {attr: tags.owner, exists: true}
"""


def git(root: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
        "GIT_CONFIG_NOSYSTEM": "1",
        "HOME": str(root.parent),
    }
    return subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True, text=True).stdout


def write(root: Path, files: dict[str, str | None]) -> None:
    for name, text in files.items():
        path = root / name
        if text is None:
            path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def repository(tmp_path: Path, base: dict[str, str | None], change: dict[str, str | None]) -> Path:
    """A repository whose ``main`` holds ``base`` and whose checked-out branch ``pr`` adds ``change`` on top."""
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    write(root, base)
    git(root, "add", "-A")
    git(root, "commit", "-qm", "base")
    git(root, "checkout", "-qb", "pr")
    write(root, change)
    git(root, "add", "-A")
    git(root, "commit", "-q", "--allow-empty", "-m", "pull request")
    return root


def gate(root: Path, *args: str) -> tuple[subprocess.CompletedProcess[str], dict[str, object] | None]:
    report = root.parent / "gate.json"
    report.unlink(missing_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("POLICY_GATE_", "TF_VAR_"))}
    env["XDG_CACHE_HOME"] = str(root.parent / "cache")
    done = subprocess.run(
        [sys.executable, "-m", "gate", "scan", "--report", f"json={report}", *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return done, (json.loads(report.read_text(encoding="utf-8")) if report.is_file() else None)


WEAKENING = {
    "configuration": (
        {".gate.yaml": "stage: pr\n"},
        {".gate.yaml": "stage: pr\nstages:\n  pr: {block_on: []}\npolicies:\n  exclude: [network]\n"},
    ),
    "configuration in pyproject.toml": (
        {"pyproject.toml": "[project]\nname = 'x'\n[tool.gate]\nstage = 'pr'\n"},
        {
            "pyproject.toml": "[project]\nname = 'x'\n[tool.gate]\nstage = 'pr'\n"
            "[tool.gate.policies]\nexclude = ['GATE-NET-*']\n"
        },
    ),
    "a new configuration file": (
        {"pyproject.toml": "[tool.gate]\nstage = 'pr'\n"},
        {".gate.yml": "engines: {enabled: [native]}\nstages:\n  pr: {block_on: [info]}\n"},
    ),
    "waivers": ({}, {".gate-waivers.yaml": WAIVER}),
    "waivers file moved by configuration": (
        {".gate.yaml": "waivers: {file: .gate-waivers.yaml}\n"},
        {".gate.yaml": "waivers: {file: exceptions/w.yaml}\n", "exceptions/w.yaml": WAIVER},
    ),
}


@pytest.mark.parametrize("edited", WEAKENING)
def test_a_pull_request_cannot_weaken_the_gate_it_is_judged_by(tmp_path: Path, edited: str) -> None:
    base, change = WEAKENING[edited]
    root = repository(tmp_path, {"main.tf": OPEN_SSH, **base}, change)
    weakened, _ = gate(root)
    assert weakened.returncode == 0, (
        f"the edit to {edited} should weaken the gate without --base-ref\n{weakened.stdout}"
    )
    done, run = gate(root, "--base-ref", "main")
    assert done.returncode == 1, done.stdout + done.stderr
    assert run is not None and run["passed"] is False
    [notice] = [n for n in run["notices"] if "edited by this change" in n]  # type: ignore[union-attr]
    # Every edited file the base reads; the waivers file the edited configuration moved to is not read at all.
    assert all(name in notice for name in change if not name.startswith("exceptions/")), notice
    assert "exceptions" not in notice
    assert "read as main has them" in notice


def test_the_baseline_and_custom_policies_of_the_base_apply(tmp_path: Path) -> None:
    base = {
        "main.tf": VOLUME,
        ".gate.yaml": "baseline: .gate-baseline.json\npolicies: {paths: [acme]}\n",
        ".gate-baseline.json": json.dumps({"format_version": 1, "tool": "policy-gate", "entries": []}),
        "acme/encryption/ACME-TAG-001.yaml": OWNER_TAG,
    }
    root = repository(tmp_path, base, {})
    done, _ = gate(root, "--base-ref", "main")
    assert done.returncode == 1
    # The pull request records the finding in the baseline and weakens the custom policy.
    subprocess.run([sys.executable, "-m", "gate", "baseline", "create"], cwd=root, check=True, capture_output=True)
    write(root, {"acme/encryption/ACME-TAG-001.yaml": OWNER_TAG.replace("severity: critical", "severity: info")})
    git(root, "commit", "-qam", "baseline the finding")
    weakened, _ = gate(root)
    assert weakened.returncode == 0, weakened.stdout
    done, run = gate(root, "--base-ref", "main")
    assert done.returncode == 1, done.stdout + done.stderr
    assert run is not None
    blocking = [r["policy_id"] for r in run["results"] if r["disposition"] == "block"]  # type: ignore[index]
    assert blocking == ["ACME-TAG-001"]
    notice = next(n for n in run["notices"] if "edited by this change" in n)  # type: ignore[union-attr]
    assert notice.startswith("acme, .gate-baseline.json: edited by this change"), notice


def test_unrelated_edits_are_not_reported_and_the_base_config_names_its_source(tmp_path: Path) -> None:
    base = {"main.tf": OPEN_SSH, "pyproject.toml": "[project]\nname = 'x'\n[tool.gate.stages.pr]\nblock_on = []\n"}
    root = repository(
        tmp_path,
        base,
        {"pyproject.toml": "[project]\nname = 'y'\n[tool.gate.stages.pr]\nblock_on = []\n", "README.md": "hello\n"},
    )
    done, run = gate(root, "--base-ref", "main")
    assert done.returncode == 0  # the base itself blocks on nothing: its configuration rules
    assert run is not None and not [n for n in run["notices"] if "edited" in n]  # type: ignore[union-attr]


@pytest.mark.parametrize("ref", ["nope", "main~5", "-h", "--output=x"])
def test_a_base_ref_that_does_not_resolve_is_a_usage_error_never_the_tree(tmp_path: Path, ref: str) -> None:
    root = repository(tmp_path, {"main.tf": OPEN_SSH}, {".gate.yaml": "stages:\n  pr: {block_on: []}\n"})
    done, run = gate(root, f"--base-ref={ref}")
    assert (done.returncode, run) == (2, None)
    assert done.stderr.startswith(("gate: error: --base-ref " + ref, f"gate: error: --base-ref {ref!r}")), done.stderr
    assert not (root / "x").exists()


def test_a_base_ref_outside_a_git_repository_is_a_usage_error(tmp_path: Path) -> None:
    root = tmp_path / "plain"
    root.mkdir()
    (root / "main.tf").write_text(OPEN_SSH, encoding="utf-8")
    done, run = gate(root, "--base-ref", "main")
    assert (done.returncode, run) == (2, None)
    assert "--base-ref main: no such commit" in done.stderr


def test_a_config_file_inside_the_tree_is_read_from_the_base_and_one_outside_is_trusted(tmp_path: Path) -> None:
    root = repository(
        tmp_path,
        {"main.tf": OPEN_SSH, "ci/gate.yaml": "stage: pr\n"},
        {"ci/gate.yaml": "stages:\n  pr: {block_on: []}\n"},
    )
    done, run = gate(root, "--base-ref", "main", "--config", "ci/gate.yaml")
    assert done.returncode == 1
    assert run is not None and any(n.startswith("ci/gate.yaml: edited") for n in run["notices"])  # type: ignore[union-attr]
    outside = tmp_path / "trusted.yaml"
    outside.write_text("stages:\n  pr: {block_on: []}\n", encoding="utf-8")
    done, _ = gate(root, "--base-ref", "main", "--config", str(outside))
    assert done.returncode == 0  # the pipeline's own file: trusted, read where it is


def test_the_base_configuration_may_not_name_a_program_either(tmp_path: Path) -> None:
    planted = "engines:\n  enabled: [checkov]\n  checkov: {command: ./tools/lint.sh}\n"
    root = repository(tmp_path, {"main.tf": OPEN_SSH, ".gate.yaml": planted}, {"README.md": "x\n"})
    done, run = gate(root, "--base-ref", "main")
    assert (done.returncode, run) == (2, None)
    assert done.stderr.startswith("gate: error: main:.gate.yaml:3: engines.checkov.command: names a program to run")


def test_trusted_files_are_copies_removed_after_the_run(tmp_path: Path) -> None:
    root = repository(tmp_path, {"main.tf": OPEN_SSH, ".gate.yaml": "stage: deploy\n"}, {".gate.yaml": "stage: pr\n"})
    with trusted_files(root, "main") as files:
        loaded = load_settings(root, None, files)
        assert (loaded.settings.stage, loaded.source, loaded.directory) == ("deploy", "main:.gate.yaml", root)
        snapshot = files.snapshot
        assert snapshot is not None and (snapshot / ".gate.yaml").is_file()
        assert files.edited == [".gate.yaml"]
    assert not snapshot.exists()
    with trusted_files(root, None) as files:
        assert load_settings(root, None, files).settings.stage == "pr"


def test_a_link_in_the_base_commit_is_never_followed(tmp_path: Path) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text("stages:\n  pr: {block_on: []}\n", encoding="utf-8")
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    (root / ".gate.yaml").symlink_to(secret)
    git(root, "add", "-A")
    git(root, "commit", "-qm", "base")
    with trusted_files(root, "main") as files:
        assert load_settings(root, None, files).source is None  # the defaults: the link is no file of the commit
    with pytest.raises(ConfigError):  # and without a base ref, the tree's link to outside is still no trusted file
        load_settings(root, root / "missing.yaml")


def test_a_trusted_file_named_through_a_link_into_the_tree_is_refused(tmp_path: Path) -> None:
    """``--waivers /elsewhere/link/.gate-waivers.yaml`` where ``link`` leads into the repository would read the pull
    request's waivers, not the base's: refused, as a usage error (exit 2), never read from the tree."""
    root = repository(tmp_path, {"main.tf": OPEN_SSH}, {".gate-waivers.yaml": WAIVER})
    link = tmp_path / "link"
    link.symlink_to(root)
    done, _ = gate(root, "--base-ref", "main", "--waivers", str(link / ".gate-waivers.yaml"))
    assert done.returncode == 2 and "leads into the scanned tree through a link" in done.stderr, done.stderr
    direct, _ = gate(root, "--base-ref", "main", "--waivers", str(root / ".gate-waivers.yaml"))
    assert direct.returncode != 0  # the base has no waivers file: the PR's waiver does not apply
