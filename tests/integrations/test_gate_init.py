"""`gate init`: the files it writes are valid for the gate and for the systems that read them, and it never
overwrites a file without --force."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import yaml
from conftest import REPO, SAMPLES, git

from gate.config import Settings, parse_settings
from gate.gating.stages import BUILTIN_STAGES


def gate(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gate", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
    )


def test_writes_a_valid_commented_configuration_and_the_hook(tmp_path: Path) -> None:
    done = gate("init", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[:3] == ["wrote .gate.yaml", "wrote .pre-commit-config.yaml", ""]
    text = (tmp_path / ".gate.yaml").read_text()
    assert sum(1 for line in text.splitlines() if line.lstrip().startswith("#")) >= 5, "commented"
    settings = parse_settings(yaml.safe_load(text), ".gate.yaml")
    # "Every key is shown with its default": the file changes nothing.
    defaults = Settings()
    for stage in BUILTIN_STAGES:
        assert settings.profile(stage) == defaults.profile(stage), stage
    assert replace(settings, stages={}) == replace(defaults, stages={})
    # The gate reads it.
    shown = gate("config", "show", cwd=tmp_path)
    assert shown.returncode == 0 and shown.stdout.startswith("# source: .gate.yaml"), shown.stderr

    hooks = {h["id"] for h in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())}
    config = yaml.safe_load((tmp_path / ".pre-commit-config.yaml").read_text())
    (entry,) = config["repos"]
    assert entry["rev"].startswith("v") and {h["id"] for h in entry["hooks"]} <= hooks


def test_never_overwrites_without_force(tmp_path: Path) -> None:
    (tmp_path / ".gate.yaml").write_text("stage: deploy\n")
    (tmp_path / ".pre-commit-config.yaml").write_text("repos: []\n")
    done = gate("init", cwd=tmp_path)
    assert done.returncode == 0
    assert (tmp_path / ".gate.yaml").read_text() == "stage: deploy\n"
    assert (tmp_path / ".pre-commit-config.yaml").read_text() == "repos: []\n"
    assert "kept .gate.yaml: it exists (--force overwrites it)" in done.stdout
    assert "kept .pre-commit-config.yaml: it exists (--force overwrites it); add the policy-gate entry" in done.stdout
    assert "      - id: policy-gate" in done.stdout, "the snippet to merge is shown"
    forced = gate("init", "--force", cwd=tmp_path)
    assert forced.returncode == 0 and "overwrote .gate.yaml" in forced.stdout
    assert "stage: pr" in (tmp_path / ".gate.yaml").read_text()


def test_github_workflow(tmp_path: Path) -> None:
    done = gate("init", "--ci", "github", cwd=tmp_path)
    assert done.returncode == 0 and "wrote .github/workflows/policy-gate.yml" in done.stdout
    workflow = yaml.safe_load((tmp_path / ".github/workflows/policy-gate.yml").read_text())
    job = workflow["jobs"]["policy-gate"]
    assert job["permissions"]["security-events"] == "write"
    uses = [step.get("uses", "") for step in job["steps"]]
    assert any(u.startswith("github/codeql-action/upload-sarif@") for u in uses)
    assert any(u.endswith("/policy-gate@v0.1.0") or "policy-gate@v" in u for u in uses)
    # actionlint checks this workflow too: tests/integrations/test_github_action.py.


def test_gitlab_include_names_template_variables(tmp_path: Path) -> None:
    done = gate("init", "--ci", "gitlab", cwd=tmp_path)
    assert done.returncode == 0 and "wrote .gitlab-ci.yml" in done.stdout
    ci = yaml.safe_load((tmp_path / ".gitlab-ci.yml").read_text())
    assert ci["include"][0]["remote"].endswith("/.gitlab-ci-template.yml")
    template = yaml.safe_load((REPO / ".gitlab-ci-template.yml").read_text())
    assert set(ci["variables"]) <= set(template["variables"])
    assert ci["variables"]["POLICY_GATE_MR"] == "true"


def test_writes_at_the_repository_root_and_the_gate_then_scans(tmp_path: Path) -> None:
    for sample in ("main.tf", "stack.yaml"):
        (tmp_path / sample).write_bytes((SAMPLES / "insecure" / sample).read_bytes())
    git("init", "-q", cwd=tmp_path)
    (tmp_path / "docs").mkdir()
    done = gate("init", cwd=tmp_path / "docs")
    assert (
        done.returncode == 0 and (tmp_path / ".gate.yaml").is_file() and not (tmp_path / "docs" / ".gate.yaml").exists()
    )
    scanned = gate("scan", cwd=tmp_path)
    assert scanned.returncode == 1, scanned.stderr
    assert scanned.stdout.rstrip().splitlines()[-1].startswith("BLOCKED: 1 blocking result (critical)")


def test_unknown_ci_is_a_usage_error(tmp_path: Path) -> None:
    done = gate("init", "--ci", "jenkins", cwd=tmp_path)
    assert done.returncode == 2 and "jenkins" in done.stderr
    assert not (tmp_path / ".gate.yaml").exists()


def test_proposes_the_accounts_the_code_names_for_review(tmp_path: Path) -> None:
    """Accounts the code trusts or shares with are proposed, commented out, with file and line: a person decides.
    AWS's own service account (ELB access logs, us-east-1) is approved already and not proposed; an AMI owner
    is not a grant."""
    (tmp_path / "iam.tf").write_text(
        'resource "aws_iam_role" "vendor" {\n'
        '  name = "vendor"\n'
        "  assume_role_policy = jsonencode({\n"
        '    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole",\n'
        '      Principal = { AWS = "arn:${data.aws_partition.p.partition}:iam::210987654321:root" } }]\n'
        "  })\n"
        "}\n"
        'data "aws_ami" "ubuntu" {\n'
        '  owners = ["099720109477"]\n'
        "}\n"
    )
    (tmp_path / "logs.yaml").write_text(
        "Resources:\n"
        "  Policy:\n"
        "    Type: AWS::S3::BucketPolicy\n"
        "    Properties:\n"
        "      PolicyDocument:\n"
        "        Statement:\n"
        "          - Principal: {AWS: arn:aws:iam::127311923021:root}\n"
        "          - Principal: {AWS: '444455556666'}\n"
    )
    done = gate("init", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "    210987654321: iam.tf:5\n" in done.stdout
    assert "    444455556666: logs.yaml:8\n" in done.stdout
    assert "099720109477" not in done.stdout and "127311923021" not in done.stdout
    text = (tmp_path / ".gate.yaml").read_text()
    assert '  # "210987654321",   # iam.tf:5\n' in text
    # Nothing is approved until a person uncomments a line; then that account, and only it, is.
    assert parse_settings(yaml.safe_load(text), ".gate.yaml").approved_accounts == []
    chosen = text.replace('  # "444455556666",', '  "444455556666",')
    assert parse_settings(yaml.safe_load(chosen), ".gate.yaml").approved_accounts == ["444455556666"]


def test_lists_every_value_to_fill_in_or_check(tmp_path: Path) -> None:
    """The repository's address comes from the package metadata; each pinned tag and the default branch are named
    for the user to check."""
    from gate import __version__
    from gate.init import repository_url

    url = repository_url()
    assert url is not None and "OWNER" not in url
    done = gate("init", "--ci", "github", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    checks = lines[lines.index("Fill in or check before you commit:") + 1 :]
    assert any(c.startswith("  .pre-commit-config.yaml: rev: v") and url in c for c in checks), checks
    workflow = [c for c in checks if c.startswith("  .github/workflows/policy-gate.yml: ")]
    assert any(f"@v{__version__}" in c for c in workflow) and any("branches: [main]" in c for c in workflow)
    for check in checks:  # every pinned value named is written in the file it names
        path, _, what = check.strip().partition(": ")
        if what.startswith(("rev: ", "uses: ")):
            assert what.split(": ")[0] + ": " + what.split(": ")[1] in (tmp_path / path).read_text(), check
    assert url in (tmp_path / ".pre-commit-config.yaml").read_text()


def test_without_a_repository_in_the_metadata_the_placeholder_is_named(monkeypatch: object) -> None:
    import gate.init as init

    monkeypatch.setattr(init, "repository_url", lambda: None)  # type: ignore[attr-defined]
    files = init.planned_files("gitlab")
    assert all(
        init.PLACEHOLDER_REPOSITORY.removeprefix("https://github.com/") in f.content
        for f in files
        if f.path != ".gate.yaml"
    )
    assert all(
        any("in place of https://github.com/OWNER/policy-gate" in c for c in f.checks)
        for f in files
        if f.path != ".gate.yaml"
    )
