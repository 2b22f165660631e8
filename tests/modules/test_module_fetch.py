"""Remote modules fetched from a real (local, TLS) module registry, from Git and from HTTPS archives, and
judged like local code; the module cache, ``--offline`` and ``pre-commit``."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from modules.conftest import BUCKET_MODULE, write
from modules.registry_server import Registry

from gate.api import ScanOptions, scan
from gate.loaders.modules.cache import ModuleCache
from gate.loaders.modules.fetcher import ModuleFetcher, NotFetched
from gate.loaders.modules.hosts import from_environment
from gate.model import RunResult, Status

CALLER = """
module "logs" {
  source  = "%s"
  version = "%s"
  acl     = "public-read"
}
"""


def _scan(tree: Path, stage: str = "pr", offline: bool = False) -> RunResult:
    return scan(ScanOptions(paths=[tree], cwd=tree, stage=stage, offline=offline))


def _failed(run: RunResult, policy: str) -> list[str]:
    return [r.resource.address for r in run.results if r.policy_id == policy and r.status is Status.FAILED]


def _tree(tmp_path: Path, source: str, version: str = "~> 1.0") -> Path:
    return write(tmp_path / "tree", {"main.tf": CALLER % (source, version)})


def test_a_registry_module_is_fetched_and_its_resources_judged(registry: Registry, tmp_path: Path) -> None:
    module = write(tmp_path / "bucket", BUCKET_MODULE)
    for version in ("1.0.0", "1.1.0", "1.2.0-beta", "2.0.0"):
        registry.add("acme/bucket/aws", version, module)
    run = _scan(_tree(tmp_path, "registry.example.test/acme/bucket/aws"))
    assert _failed(run, "GATE-PERM-001") == ["module.logs.aws_s3_bucket.this"]
    finding = next(r for r in run.results if r.policy_id == "GATE-PERM-001")
    assert finding.location.file == "registry.example.test/acme/bucket/aws@1.1.0/main.tf"  # ~> 1.0: the newest 1.x
    assert [c.file for c in finding.module_calls] == ["main.tf"]
    assert "/v1/modules/acme/bucket/aws/1.1.0/download" in registry.paths()
    assert run.passed is False and not run.errors


def test_the_registry_is_found_by_service_discovery(registry: Registry, tmp_path: Path) -> None:
    """A registry named by its own host is asked where its modules.v1 service is
    (https://developer.hashicorp.com/terraform/internals/remote-service-discovery)."""
    registry.add("acme/bucket/aws", "1.0.0", write(tmp_path / "bucket", BUCKET_MODULE))
    tree = _tree(tmp_path, f"{registry.netloc}/acme/bucket/aws", "1.0.0")
    os.environ["POLICY_GATE_MODULE_HOSTS"] = registry.netloc
    try:
        run = _scan(tree)
    finally:
        del os.environ["POLICY_GATE_MODULE_HOSTS"]
    assert registry.paths()[0] == "/.well-known/terraform.json"
    assert _failed(run, "GATE-PERM-001") == ["module.logs.aws_s3_bucket.this"]


def test_a_token_goes_to_its_registry_only(registry: Registry, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    registry.add("acme/bucket/aws", "1.0.0", write(tmp_path / "bucket", BUCKET_MODULE))
    monkeypatch.setenv("TF_TOKEN_registry_example_test", "s3cret")
    _scan(_tree(tmp_path, "registry.example.test/acme/bucket/aws", "1.0.0"))
    sent = dict(registry.requests)
    assert sent["/v1/modules/acme/bucket/aws/versions"] == "Bearer s3cret"
    assert sent["/v1/modules/acme/bucket/aws/1.0.0/download"] == "Bearer s3cret"
    assert sent["/archives/bucket-1.0.0.tar.gz"] is None  # the package is fetched from where the registry says


def test_fetched_modules_are_cached_for_offline_and_pre_commit(registry: Registry, tmp_path: Path) -> None:
    registry.add("acme/bucket/aws", "1.0.0", write(tmp_path / "bucket", BUCKET_MODULE))
    tree = _tree(tmp_path, "registry.example.test/acme/bucket/aws", "~> 1.0")
    assert _failed(_scan(tree), "GATE-PERM-001")
    asked = len(registry.requests)
    for run in (_scan(tree, offline=True), _scan(tree, stage="pre-commit")):
        assert _failed(run, "GATE-PERM-001") == ["module.logs.aws_s3_bucket.this"]
    assert len(registry.requests) == asked  # no host contacted


def test_offline_and_pre_commit_fetch_nothing(registry: Registry, tmp_path: Path) -> None:
    registry.add("acme/bucket/aws", "1.0.0", write(tmp_path / "bucket", BUCKET_MODULE))
    tree = _tree(tmp_path, "registry.example.test/acme/bucket/aws", "1.0.0")
    for run in (_scan(tree, offline=True), _scan(tree, stage="pre-commit")):
        assert not _failed(run, "GATE-PERM-001") and not run.errors
        assert any("not fetched" in n and "not in the module cache" in n for n in run.notices), run.notices
    assert registry.requests == []


def test_a_tampered_cache_entry_is_a_miss(registry: Registry, tmp_path: Path) -> None:
    registry.add("acme/bucket/aws", "1.0.0", write(tmp_path / "bucket", BUCKET_MODULE))
    tree = _tree(tmp_path, "registry.example.test/acme/bucket/aws", "1.0.0")
    _scan(tree)
    cache = Path(os.environ["XDG_CACHE_HOME"]) / "policy-gate" / "modules"
    for entry in cache.rglob("*"):
        if entry.is_file() and not entry.name.startswith("."):
            data = entry.read_bytes()
            entry.write_bytes(data.replace(b"public", b"PUBLIC").replace(b"dmFy", b"dmFY"))  # base64 of "var"
    run = _scan(tree, offline=True)
    assert not _failed(run, "GATE-PERM-001")
    assert any("not in the module cache" in n for n in run.notices)


def test_a_version_that_does_not_exist_is_an_error(registry: Registry, tmp_path: Path) -> None:
    registry.add("acme/bucket/aws", "1.0.0", write(tmp_path / "bucket", BUCKET_MODULE))
    run = _scan(_tree(tmp_path, "registry.example.test/acme/bucket/aws", "~> 3.0"))
    assert [e.message for e in run.errors] == [
        "module.logs source registry.example.test/acme/bucket/aws: not fetched: no version of "
        "registry.example.test/acme/bucket/aws matches '~> 3.0'"
    ]
    assert run.passed is False


def test_a_registry_the_pipeline_does_not_allow_is_never_contacted(tmp_path: Path) -> None:
    tree = _tree(tmp_path, "evil.example.com/acme/bucket/aws", "1.0.0")
    run = _scan(tree)
    assert run.passed is False
    assert "registry evil.example.com is not one the pipeline allows" in run.errors[0].message
    at_pre_commit = _scan(tree, stage="pre-commit")  # nothing is fetched there: a notice
    assert not at_pre_commit.errors and any("evil.example.com" in n for n in at_pre_commit.notices)


def test_an_unreachable_registry_is_a_notice_at_pr(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(
        "TF_CLI_CONFIG_FILE",
        str(
            write(
                tmp_path / "rc",
                {
                    "terraform.rc": (
                        'host "registry.example.test" {\n  services = {\n    "modules.v1" = "https://127.0.0.1:9/v1/modules/"\n  }\n}\n'
                    )
                },
            )
            / "terraform.rc"
        ),
    )
    tree = _tree(tmp_path, "registry.example.test/acme/bucket/aws", "1.0.0")
    run = _scan(tree)
    assert not run.errors and any("cannot be reached" in n for n in run.notices), run.notices
    strict = ModuleFetcher(from_environment(dict(os.environ)), ModuleCache(None, None), "online", strict=True)
    failed = strict.fetch("registry.example.test/acme/bucket/aws", "1.0.0")
    assert isinstance(failed, NotFetched) and failed.blocking  # a strict stage: an error result


def test_an_archive_source_with_a_subdirectory(
    registry: Registry, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from modules.registry_server import tar_gz

    write(tmp_path / "pkg" / "modules" / "bucket", BUCKET_MODULE)
    registry.add_archive("pkg.tar.gz", tar_gz(tmp_path / "pkg"))
    monkeypatch.setenv("POLICY_GATE_MODULE_HOSTS", "localhost")
    tree = write(
        tmp_path / "tree",
        {
            "main.tf": (
                f'module "logs" {{\n  source = "https://{registry.netloc}/archives/pkg.tar.gz//modules/bucket"\n'
                '  acl    = "public-read"\n}\n'
            )
        },
    )
    run = _scan(tree)
    assert _failed(run, "GATE-PERM-001") == ["module.logs.aws_s3_bucket.this"]
    finding = next(r for r in run.results if r.policy_id == "GATE-PERM-001")
    assert finding.location.file.endswith("/pkg.tar.gz/modules/bucket/main.tf")


def _git(*args: str, cwd: Path) -> None:
    subprocess.run(
        ["git", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
        env={
            "PATH": os.environ["PATH"],
            "HOME": str(cwd),
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_AUTHOR_NAME": "t",
            "GIT_AUTHOR_EMAIL": "t@example.com",
            "GIT_COMMITTER_NAME": "t",
            "GIT_COMMITTER_EMAIL": "t@example.com",
        },
    )


@pytest.mark.usefixtures("file_git")
def test_a_git_source_is_a_shallow_checkout_of_its_ref(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git not found: git:: sources cannot be tested")
    repo = write(tmp_path / "repo", {f"modules/bucket/{k}": v for k, v in BUCKET_MODULE.items()})
    _git("init", "-q", "-b", "main", ".", cwd=repo)
    _git("add", ".", cwd=repo)
    _git("commit", "-qm", "v1", cwd=repo)
    _git("tag", "v1.0.0", cwd=repo)
    (repo / "modules/bucket/main.tf").write_text('resource "aws_s3_bucket" "other" {\n  bucket = "x"\n}\n')
    _git("commit", "-qam", "later", cwd=repo)
    tree = write(
        tmp_path / "tree",
        {
            "main.tf": (
                f'module "logs" {{\n  source = "git::file://{repo}//modules/bucket?ref=v1.0.0"\n  acl = "public-read"\n}}\n'
            )
        },
    )
    run = _scan(tree)
    assert _failed(run, "GATE-PERM-001") == ["module.logs.aws_s3_bucket.this"], (run.errors, run.notices)


def test_a_git_file_source_is_refused_outside_tests(tmp_path: Path) -> None:
    tree = write(tmp_path / "tree", {"main.tf": 'module "m" {\n  source = "git::file:///etc/x.git"\n}\n'})
    run = _scan(tree)
    assert "file:// repositories are not read" in run.errors[0].message


def test_the_real_cli_fetches_and_blocks(registry: Registry, tmp_path: Path) -> None:
    """The command CI runs, in its own process, against the registry: it blocks on the module's public ACL;
    with --offline (nothing cached) it says the module was not fetched."""
    registry.add("acme/bucket/aws", "1.0.0", write(tmp_path / "bucket", BUCKET_MODULE))
    tree = _tree(tmp_path, "registry.example.test/acme/bucket/aws", "1.0.0")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cli-cache")}
    offline = subprocess.run(
        [sys.executable, "-m", "gate", "scan", "--offline", "--format", "json"],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert offline.returncode == 0 and registry.requests == []
    assert any("not in the module cache" in n for n in json.loads(offline.stdout)["notices"])
    done = subprocess.run(
        [sys.executable, "-m", "gate", "scan", "--format", "json"],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1, done.stderr
    assert any(r["policy_id"] == "GATE-PERM-001" for r in json.loads(done.stdout)["results"])


def test_a_real_registry_module_from_the_corpus(registry: Registry, corpus: Path, tmp_path: Path) -> None:
    """terraform-aws-modules/s3-bucket as the public registry serves it: the gate judges the module's own
    resources, through its counts and locals, at the fetched files' lines."""
    registry.add("terraform-aws-modules/s3-bucket/aws", "4.1.0", corpus / "real" / "terraform-aws-s3-bucket")
    tree = write(
        tmp_path / "tree",
        {
            "main.tf": (
                'module "logs" {\n  source  = "registry.example.test/terraform-aws-modules/s3-bucket/aws"\n'
                '  version = "~> 4.0"\n  bucket  = "example-logs"\n}\n'
            )
        },
    )
    run = _scan(tree)
    judged = {r.resource.address: r.location.file for r in run.results}
    assert (
        judged.get("module.logs.aws_s3_bucket.this[0]")
        == "registry.example.test/terraform-aws-modules/s3-bucket/aws@4.1.0/main.tf"
    )
    assert not [e for e in run.errors if "not fetched" in e.message], run.errors


def test_a_fetched_module_reads_its_own_files(registry: Registry, tmp_path: Path) -> None:
    """``file("${path.module}/...")`` in a fetched module reads the package's file, as Terraform does after
    ``terraform init``: judged, not an evaluation gap."""
    module = write(
        tmp_path / "policy",
        {
            "main.tf": (
                'resource "aws_s3_bucket" "this" {\n  bucket = "example-site"\n}\n\n'
                'resource "aws_s3_bucket_policy" "this" {\n  bucket = aws_s3_bucket.this.id\n'
                '  policy = file("${path.module}/policy.json")\n}\n'
            ),
            "policy.json": json.dumps(
                {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Effect": "Allow",
                            "Principal": "*",
                            "Action": "s3:*",
                            "Resource": "arn:aws:s3:::example-site/*",
                        }
                    ],
                }
            ),
        },
    )
    registry.add("acme/site/aws", "1.0.0", module)
    tree = write(
        tmp_path / "tree",
        {"main.tf": 'module "site" {\n  source  = "registry.example.test/acme/site/aws"\n  version = "1.0.0"\n}\n'},
    )
    run = _scan(tree)
    assert not [r for r in run.results if r.gap], [(r.policy_id, r.message) for r in run.results if r.gap]
    assert any(r.status is Status.FAILED and r.resource.address.startswith("module.site.") for r in run.results)


def test_a_token_does_not_follow_a_redirect_to_another_host(
    registry: Registry, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    registry.add("acme/bucket/aws", "1.0.0", write(tmp_path / "bucket", BUCKET_MODULE))
    port = registry.netloc.split(":")[1]
    registry.redirects["/v1/modules/acme/bucket/aws/versions"] = (
        f"https://127.0.0.1:{port}/v1/modules/acme/bucket/aws/versions?x"
    )
    monkeypatch.setenv("TF_TOKEN_registry_example_test", "s3cret")
    run = _scan(_tree(tmp_path, "registry.example.test/acme/bucket/aws", "1.0.0"))
    assert _failed(run, "GATE-PERM-001") == ["module.logs.aws_s3_bucket.this"]
    assert registry.requests[:2] == [
        ("/v1/modules/acme/bucket/aws/versions", "Bearer s3cret"),
        ("/v1/modules/acme/bucket/aws/versions?x", None),
    ]


def test_a_redirect_to_plain_http_is_not_followed(registry: Registry, tmp_path: Path) -> None:
    registry.add("acme/bucket/aws", "1.0.0", write(tmp_path / "bucket", BUCKET_MODULE))
    registry.redirects["/v1/modules/acme/bucket/aws/versions"] = "http://127.0.0.1:9/versions"
    run = _scan(_tree(tmp_path, "registry.example.test/acme/bucket/aws", "1.0.0"))
    assert "only https URLs are fetched" in run.errors[0].message and run.passed is False
