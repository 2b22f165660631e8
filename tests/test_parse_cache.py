"""The parse cache: used when a file is unchanged, ignored when damaged, off with --no-cache."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gate.api import ScanOptions, scan
from gate.config import load_settings
from gate.errors import ConfigError, PolicyError
from gate.loaders import parallel_parse
from gate.loaders.hcl_parse import parse_body
from gate.parse_cache import ParseCache, default_directory
from gate.policies import builtin_dir, load_policies

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
TF = 'resource "aws_ebs_volume" "v" {\n  size = 1\n}\n'


def entries(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.name.startswith("."))


def test_cache_is_written_read_and_survives_damage(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("POLICY_GATE_NO_CACHE", raising=False)
    project = tmp_path / "project"
    project.mkdir()
    (project / "main.tf").write_text(TF)
    first = scan(ScanOptions(paths=[project], cwd=project, environ={}))
    stored = entries(default_directory())
    entry = ParseCache(default_directory()).path(ParseCache(None).key(TF.encode()))
    assert entry in stored and len(stored) >= 2  # the file, the policy documents (and the grammar)
    entry.write_bytes(b"not a pickle")  # damaged: parsed again, same answer
    second = scan(ScanOptions(paths=[project], cwd=project, environ={}))
    assert first.results == second.results
    (project / "main.tf").write_text(TF.replace("size = 1", "size = 2"))
    scan(ScanOptions(paths=[project], cwd=project, environ={}))
    assert len(entries(default_directory())) == len(stored) + 1  # keyed by content


def test_no_cache_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("POLICY_GATE_NO_CACHE", raising=False)
    (tmp_path / "main.tf").write_text(TF)
    scan(ScanOptions(paths=[tmp_path], cwd=tmp_path, environ={}, parse_cache=False))
    assert not (tmp_path / "cache" / "policy-gate").exists()  # neither the file nor the policy library


def test_the_environment_turns_every_cache_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("POLICY_GATE_NO_CACHE", "1")
    (tmp_path / "main.tf").write_text(TF)
    scan(ScanOptions(paths=[tmp_path], cwd=tmp_path, environ={}))
    assert not (tmp_path / "cache" / "policy-gate" / "parse").exists()


def test_hits_and_misses_are_counted(tmp_path: Path) -> None:
    cache = ParseCache(tmp_path)
    key = cache.key(b"x")
    assert cache.load(key) is None and cache.misses == 1
    cache.store(key, {"a": 1})
    assert cache.load(key) == {"a": 1} and cache.hits == 1


def big_module(index: int, count: int) -> str:
    """HCL of ``count`` security groups: enough of them make the scan parse on several cores."""
    return "".join(
        f'resource "aws_security_group" "g{index}_{i}" {{\n  name = "g{index}-{i}"\n  ingress {{\n'
        f"    from_port   = {22 if i % 50 == 0 else 443}\n    to_port     = {22 if i % 50 == 0 else 443}\n"
        f'    protocol    = "tcp"\n    cidr_blocks = ["0.0.0.0/0"]\n  }}\n}}\n'
        for i in range(count)
    )


def test_files_parsed_on_several_cores_give_the_same_results_and_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for index in range(6):
        (tmp_path / f"part{index}.tf").write_text(big_module(index, 150))
    (tmp_path / "broken.tf").write_text(big_module(9, 100) + 'resource "aws_s3_bucket" "b" {\n  bucket = \n}\n')
    files = [(p, p.name) for p in sorted(tmp_path.glob("*.tf"))]
    ahead = ParseCache(None)
    if parallel_parse.prefetch(files, ahead, 10**7) == 0:
        pytest.skip("one core, or no fork: nothing is parsed ahead here")
    for path, display in files:
        key = ahead.key(path.read_bytes())
        if path.name == "broken.tf":
            assert not ahead.holds(key), "a file that does not parse is left to the caller"
        else:
            assert ahead.load(key) == parse_body(path.read_text(), display)
    parallel = scan(ScanOptions(paths=[tmp_path], cwd=tmp_path, environ={}, parse_cache=False))
    monkeypatch.setattr(parallel_parse, "MIN_BYTES", 10**12)  # one core's way
    serial = scan(ScanOptions(paths=[tmp_path], cwd=tmp_path, environ={}, parse_cache=False))
    assert parallel == serial
    assert [(e.file, e.line) for e in parallel.errors] == [("broken.tf", 902)]
    assert sum(parallel.summary.failed.values()) > 0 and parallel.summary.passed > 0


def test_too_little_to_share_is_parsed_as_before(tmp_path: Path) -> None:
    (tmp_path / "a.tf").write_text(TF)
    (tmp_path / "b.tf").write_text(TF.replace('"v"', '"w"'))
    files = [(p, p.name) for p in sorted(tmp_path.glob("*.tf"))]
    assert parallel_parse.prefetch(files, ParseCache(None), 10**7) == 0


def test_compiled_policies_are_cached_and_a_changed_policy_is_read_again(tmp_path: Path) -> None:
    folder = tmp_path / "policies"
    shutil.copytree(
        builtin_dir() / "encryption",
        folder / "encryption",
        ignore=shutil.ignore_patterns("GATE-ENC-00[2-9]*", "GATE-ENC-0[1-9]*"),
    )
    cache = ParseCache(tmp_path / "cache")
    first = load_policies([folder], cache)
    assert cache.misses == 1 and len(entries(tmp_path / "cache")) == 1
    again = load_policies([folder], cache)
    assert cache.hits == 1 and [p.policy for p in again] == [p.policy for p in first]
    policy = folder / "encryption" / "GATE-ENC-001.yaml"
    policy.write_text(policy.read_text().replace("severity: ", "severity: critical\nx_old_severity: ", 1))
    with pytest.raises(PolicyError, match="x_old_severity"):  # read again, and validated again
        load_policies([folder], cache)


def test_policies_read_back_from_the_cache_judge_as_freshly_compiled_ones(tmp_path: Path) -> None:
    cache = ParseCache(tmp_path / "cache")
    load_policies([builtin_dir()], cache)
    cached = load_policies([builtin_dir()], cache)
    assert cache.hits == 1
    fresh = load_policies([builtin_dir()])
    assert [p.policy for p in cached] == [p.policy for p in fresh]
    from gate.engine.evaluate import evaluate
    from gate.loaders.inputs import Display, load_inputs

    options = ScanOptions(paths=[EXAMPLES], cwd=EXAMPLES, parse_cache=False)
    resources = load_inputs(options, Display(EXAMPLES)).resources
    settings = {"approved_accounts": ["111122223333"]}
    assert evaluate(resources, cached, settings) == evaluate(resources, fresh, settings)


def test_a_scan_with_its_documents_cached_never_imports_the_checker(tmp_path: Path) -> None:
    """pydantic is most of a small scan's start-up: it is imported only when a document must be checked."""
    (tmp_path / ".gate.yaml").write_text(
        "approved_accounts: [111122223333]\nstages:\n  pr:\n    block_on: [critical, high]\n"
    )
    code = (
        "import sys\nfrom gate.api import ScanOptions, scan\nfrom pathlib import Path\n"
        f"scan(ScanOptions(paths=[Path({str(EXAMPLES)!r})], cwd=Path({str(tmp_path)!r})))\n"
        "print('pydantic' in sys.modules)"
    )
    environ = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    runs = [
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=environ, check=True)
        for _ in range(2)
    ]
    assert [r.stdout.strip() for r in runs] == ["True", "False"], [r.stderr for r in runs]


def test_checked_settings_are_cached_and_a_changed_file_is_checked_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("POLICY_GATE_NO_CACHE", raising=False)
    config = tmp_path / ".gate.yaml"
    config.write_text("approved_accounts: [111122223333]\n")
    first = load_settings(tmp_path).settings
    assert load_settings(tmp_path).settings == first and first.approved_accounts == ["111122223333"]
    assert len(entries(tmp_path / "cache")) == 1
    config.write_text("approved_accounts: [111122223333]\nstages: {pr: {block_on: [critcal]}}\n")
    with pytest.raises(ConfigError, match=r"\.gate\.yaml:2: stages\.pr\.block_on\[0\]: 'critcal' is not a severity"):
        load_settings(tmp_path)


def test_every_module_a_cached_object_is_built_from_exists() -> None:
    """The cache keys of the settings and the compiled policy library digest the code they are built from; a name
    that no longer exists (a module moved) would silently stop a code change from building them again."""
    from gate import config, policies

    here = Path(config.__file__).resolve().parent
    for name in (*config._SETTINGS_FROM, *policies._COMPILED_FROM):
        assert (here / name).exists(), name
