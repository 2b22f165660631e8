"""Settings only a trusted configuration may hold (gate.trust, docs/security.md): a program to run, and paths
outside the scanned tree. In ``.gate.yaml`` or ``[tool.gate]`` of the tree they are an error naming the file,
the line and the key; in ``--config FILE`` outside the scan root they are accepted."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from gate.config import load_settings
from gate.errors import EXIT_ERROR, ConfigError
from gate.trust import escapes

FORBIDDEN = {
    "engines.checkov.command": (
        "engines:\n  enabled: [checkov]\n  checkov:\n    command: ./tools/lint.sh\n",
        4,
        "names a program to run",
    ),
    "backlog.file": (
        "backlog:\n  file: ../../home/runner/.bashrc\n",
        2,
        "the gate would write outside the scanned tree",
    ),
    "backlog.codeowners": ("backlog:\n  codeowners: /etc/passwd\n", 2, "the gate would read outside the scanned tree"),
    "waivers.file": ("waivers:\n  file: ~/waivers.yaml\n", 2, "the gate would read outside the scanned tree"),
    "baseline": ("stage: pr\nbaseline: ../baseline.json\n", 2, "the gate would read outside the scanned tree"),
    "policies.paths[1]": (
        "policies:\n  paths:\n    - custom\n    - /opt/policies\n",
        4,
        "the gate would read outside the scanned tree",
    ),
}


@pytest.mark.parametrize("key", FORBIDDEN)
def test_the_tree_configuration_may_not_name_a_program_or_a_path_outside_it(tmp_path: Path, key: str) -> None:
    text, line, why = FORBIDDEN[key]
    (tmp_path / ".gate.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings(tmp_path)
    assert caught.value.exit_code == EXIT_ERROR
    assert str(caught.value).startswith(f".gate.yaml:{line}: {key}: {why}"), str(caught.value)
    assert "--config FILE" in str(caught.value)
    # The same file handed over by the pipeline from outside the tree is trusted.
    trusted = tmp_path.parent / f"{tmp_path.name}-trusted.yaml"
    trusted.write_text(text, encoding="utf-8")
    assert load_settings(tmp_path, trusted).trusted


def test_pyproject_and_a_config_file_inside_the_tree_are_untrusted_too(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.gate.engines.checkov]\ncommand = 'sh -c id'\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"^pyproject.toml \[tool.gate\]: engines.checkov.command: names a program"):
        load_settings(tmp_path)
    (tmp_path / "ci").mkdir()
    (tmp_path / "ci" / "gate.yaml").write_text("backlog: {file: /tmp/x.json}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"ci/gate.yaml:1: backlog.file: the gate would write outside"):
        load_settings(tmp_path, tmp_path / "ci" / "gate.yaml")


def test_a_link_from_the_tree_to_a_file_outside_is_not_a_trusted_configuration(tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text("engines: {checkov: {command: /bin/true}}\n", encoding="utf-8")
    root = tmp_path / "repo"
    root.mkdir()
    (root / "gate.yaml").symlink_to(outside)
    with pytest.raises(ConfigError, match="names a program to run"):
        load_settings(root, root / "gate.yaml")


def test_paths_inside_the_tree_are_fine(tmp_path: Path) -> None:
    (tmp_path / ".gate.yaml").write_text(
        "backlog: {file: reports/backlog.json, codeowners: .github/CODEOWNERS}\n"
        "waivers: {file: ./sec/../sec/w.yaml}\nbaseline: b.json\n",
        encoding="utf-8",
    )
    assert not load_settings(tmp_path).trusted
    assert [escapes(p) for p in ("a/../b", "..", "a/../../b", "C:\\x", "\\\\host\\share", "~root/x")] == [
        False,
        True,
        True,
        True,
        True,
        True,
    ]


def test_a_planted_checkov_command_never_runs(tmp_path: Path) -> None:
    """The issue's reproduction: the pull request's .gate.yaml turned the native engine off and ran its own
    script as Checkov, with the pipeline's token in its environment, and the scan passed."""
    root = tmp_path / "repo"
    (root / "tools").mkdir(parents=True)
    (root / "main.tf").write_text('resource "aws_ebs_volume" "v" {\n  availability_zone = "a"\n  size = 1\n}\n')
    ran = tmp_path / "ran"
    script = root / "tools" / "lint.sh"
    script.write_text(f"#!/bin/sh\nenv > {ran}\necho '[]'\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    (root / ".gate.yaml").write_text("engines: {enabled: [checkov], checkov: {command: ./tools/lint.sh}}\n")
    env = {**os.environ, "GITHUB_TOKEN": "ghs_secret", "XDG_CACHE_HOME": str(tmp_path / "cache")}
    env.pop("POLICY_GATE_CHECKOV", None)
    done = subprocess.run(
        [sys.executable, "-m", "gate", "scan"], cwd=root, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 2
    assert done.stderr == (
        "gate: error: .gate.yaml:1: engines.checkov.command: names a program to run: only a "
        "configuration outside the scanned tree (--config FILE) may set it, or $POLICY_GATE_CHECKOV\n"
    )
    assert not ran.exists()
