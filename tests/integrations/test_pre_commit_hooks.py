"""The pre-commit hooks (.pre-commit-hooks.yaml), run by the real pre-commit.

`pre-commit try-repo` installs a hook repository from its committed HEAD, so the hooks are tried from a
snapshot of this working tree committed into a repository of its own (conftest.source_snapshot), against
sample changes staged in a temporary git repository. The hook environment is built once for the session.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import REPO, SAMPLES, find_tool, git, tool_path

HOOKS = {hook["id"]: hook for hook in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}


@pytest.fixture(scope="module")
def pre_commit(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, str]]:
    binary = find_tool("pre-commit", "pip install pre-commit")
    home = tmp_path_factory.getbasetemp() / "pre-commit-home"  # shared by the module: one hook environment
    return binary, {**os.environ, "PATH": tool_path(), "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}


def try_repo(
    pre_commit: tuple[str, dict[str, str]], source: Path, target: Path, *args: str
) -> subprocess.CompletedProcess[str]:
    binary, env = pre_commit
    return subprocess.run(
        [binary, "try-repo", str(source), *args], cwd=target, capture_output=True, text=True, env=env, timeout=600
    )


def staged(tmp_path: Path, files: dict[str, Path]) -> Path:
    """A git repository with ``files`` (name -> sample file) added to the index, as before a commit."""
    root = tmp_path / "work"
    root.mkdir()
    git("init", "-q", cwd=root)
    for name, source in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, root / name)
    git("add", "-A", cwd=root)
    return root


def test_hooks_match_the_infrastructure_files() -> None:
    pattern = re.compile(HOOKS["policy-gate"]["files"])
    for name in (
        "main.tf",
        "infra/vpc.tf.json",
        "prod.tfvars",
        "stack.yaml",
        "stack.yml",
        "stack.json",
        "stack.template",
        "envs/dev/plan.json",
    ):
        assert pattern.search(name), name
    for name in ("README.md", "main.py", "terraform.tfstate", "Dockerfile", "main.tf.bak"):
        assert not pattern.search(name), name
    assert HOOKS["policy-gate"]["language"] == "python"
    assert HOOKS["policy-gate"]["entry"] == "gate scan --stage pre-commit"
    repo_hook = HOOKS["policy-gate-repo"]
    assert repo_hook["pass_filenames"] is False and repo_hook["always_run"] is True


def test_insecure_change_is_blocked_with_a_readable_message(
    pre_commit: tuple[str, dict[str, str]], source_snapshot: Path, tmp_path: Path
) -> None:
    target = staged(tmp_path, {"infra/main.tf": SAMPLES / "insecure" / "main.tf"})
    done = try_repo(pre_commit, source_snapshot, target, "policy-gate", "--files", "infra/main.tf")
    assert done.returncode == 1, done.stdout + done.stderr
    assert re.search(r"^policy-gate\.+Failed$", done.stdout, re.MULTILINE), done.stdout
    assert "CRITICAL GATE-NET-001       aws_security_group.bastion" in done.stdout
    assert "infra/main.tf:4: Security group allows SSH from the internet" in done.stdout  # the ingress block
    assert "BLOCKED: 1 blocking result (critical)" in done.stdout
    assert "(stage pre-commit)" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr and "\x1b[" not in done.stdout


def test_clean_change_passes(pre_commit: tuple[str, dict[str, str]], source_snapshot: Path, tmp_path: Path) -> None:
    target = staged(
        tmp_path,
        {
            "main.tf": SAMPLES / "clean" / "main.tf",
            "stack.yaml": SAMPLES / "clean" / "stack.yaml",
            "package.json": REPO / "tests" / "fixtures" / "cloudformation" / "package.json",
        },
    )
    done = try_repo(
        pre_commit, source_snapshot, target, "policy-gate", "--files", "main.tf", "stack.yaml", "package.json"
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(r"^policy-gate\.+Passed$", done.stdout, re.MULTILINE), done.stdout


def test_only_the_changed_files_are_judged(
    pre_commit: tuple[str, dict[str, str]], source_snapshot: Path, tmp_path: Path
) -> None:
    """A clean file changed beside an insecure one already in the repository: the commit is not blocked."""
    target = staged(
        tmp_path, {"old/main.tf": SAMPLES / "insecure" / "main.tf", "new/main.tf": SAMPLES / "clean" / "main.tf"}
    )
    done = try_repo(pre_commit, source_snapshot, target, "policy-gate", "--files", "new/main.tf")
    assert done.returncode == 0, done.stdout + done.stderr


def test_repository_hook_scans_everything(
    pre_commit: tuple[str, dict[str, str]], source_snapshot: Path, tmp_path: Path
) -> None:
    target = staged(tmp_path, {"old/main.tf": SAMPLES / "insecure" / "main.tf", "README.md": REPO / "README.md"})
    done = try_repo(pre_commit, source_snapshot, target, "policy-gate-repo", "--files", "README.md")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "old/main.tf:4: Security group allows SSH from the internet" in done.stdout


def test_terraform_working_folders_are_excluded(
    pre_commit: tuple[str, dict[str, str]], source_snapshot: Path, tmp_path: Path
) -> None:
    """A module Terraform downloaded into .terraform/ is not the repository's code: the hook is not given it,
    at the root or in a nested root module (`pre-commit run --all-files` in CI names every tracked file)."""
    insecure = SAMPLES / "insecure" / "main.tf"
    target = staged(
        tmp_path,
        {
            ".terraform/modules/vpc/main.tf": insecure,
            "envs/prod/.terraform/modules/x/main.tf": insecure,
            "main.tf": SAMPLES / "clean" / "main.tf",
        },
    )
    done = try_repo(pre_commit, source_snapshot, target, "policy-gate", "--all-files")
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(r"^policy-gate\.+Passed$", done.stdout, re.MULTILINE), done.stdout
    (tmp_path / "second").mkdir()
    only_terraform = staged(tmp_path / "second", {".terraform/modules/vpc/main.tf": insecure})
    skipped = try_repo(pre_commit, source_snapshot, only_terraform, "policy-gate", "--all-files")
    assert re.search(r"^policy-gate\.+\(no files to check\)Skipped$", skipped.stdout, re.MULTILINE), skipped.stdout
