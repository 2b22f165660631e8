"""The cache cannot run code or change a result: planted entries, an unsafe folder or key, --no-cache.

Each scan is the real command in its own process, with its own cache folder ($XDG_CACHE_HOME) and key folder
($XDG_STATE_HOME), as CI would run it after restoring a cache folder a pull request could have written.
"""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from gate import cache_trust
from gate.loaders import hcl_ast as ast
from gate.parse_cache import ParseCache

INSECURE = 'resource "aws_ebs_volume" "v" {\n  size = 1\n}\n'


class Payload:
    """A pickle that writes a file when it is loaded."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (exec, (f"open({str(self.marker)!r}, 'w').write('pwned')",))


def gate(project: Path, home: Path, *args: str) -> tuple[int, dict[str, object], str]:
    report = home / "report.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith("POLICY_GATE_")}
    env.update(XDG_CACHE_HOME=str(home / "cache"), XDG_STATE_HOME=str(home / "state"))
    done = subprocess.run(
        [sys.executable, "-m", "gate", "scan", "--stage", "pr", "--report", f"json={report}", *args],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode in (0, 1), done.stderr
    return done.returncode, json.loads(report.read_text()), done.stdout + done.stderr


def entries(home: Path) -> list[Path]:
    return [p for p in (home / "cache" / "policy-gate").rglob("*") if p.is_file() and not p.name.startswith(".")]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "main.tf").write_text(INSECURE)
    (folder / ".gate.yaml").write_text("stages:\n  pr:\n    block_on: [critical, high]\n")
    return folder


def failed(run: dict[str, object]) -> list[tuple[str, str]]:
    results = run["results"]
    assert isinstance(results, list)
    return sorted((r["policy_id"], r["resource"]["address"]) for r in results if r["status"] == "failed")


def test_planted_pickles_run_nothing_and_change_nothing(project: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    code, clean, _ = gate(project, home)
    assert code == 1 and ("GATE-ENC-001", "aws_ebs_volume.v") in failed(clean)
    planted = entries(home)
    assert len(planted) >= 3  # the scanned file, the policy library, the settings (and the grammar)
    marker = tmp_path / "pwned"
    for entry in planted:  # every entry, under its right key, replaced by a pickle that writes a file
        entry.write_bytes(pickle.dumps(Payload(marker)))
    code, again, _ = gate(project, home)
    assert not marker.exists()
    assert code == 1 and failed(again) == failed(clean)


def test_an_empty_ast_under_the_right_key_is_a_miss(project: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    _, clean, _ = gate(project, home)
    before = set(entries(home))
    (project / "main.tf").write_text("")  # an empty file: its signed, empty AST is stored under its own key
    gate(project, home)
    [empty_entry] = set(entries(home)) - before
    (project / "main.tf").write_text(INSECURE)
    key = ParseCache(None).key(INSECURE.encode())
    [file_entry] = [p for p in before if p.name == key]
    forged = {
        "unsigned": pickle.dumps(ast.Body()),
        "signed with another key": cache_trust.seal(os.urandom(32), file_entry.name, pickle.dumps(ast.Body())),
        "signed for another file": empty_entry.read_bytes(),
        "cut short": file_entry.read_bytes()[:-10],
    }
    for how, data in forged.items():
        file_entry.write_bytes(data)
        code, run, _ = gate(project, home)
        assert code == 1 and failed(run) == failed(clean), how


def test_a_folder_others_can_write_is_refused(project: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    gate(project, home)
    top = home / "cache" / "policy-gate"
    marker = tmp_path / "pwned"
    for entry in entries(home):
        entry.write_bytes(pickle.dumps(Payload(marker)))
    top.chmod(0o775)
    code, run, output = gate(project, home)
    assert "cache not used" in output and "writable by others" in output
    assert any("cache not used" in n for n in run["notices"])  # type: ignore[union-attr]
    assert code == 1 and not marker.exists()


def test_a_key_file_others_can_read_is_refused(project: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    gate(project, home)
    key = home / "state" / "policy-gate" / "cache.key"
    assert key.stat().st_mode & 0o777 == 0o600 and key.parent.stat().st_mode & 0o777 == 0o700
    written = {p: p.stat().st_mtime_ns for p in entries(home)}
    key.chmod(0o644)
    code, _, output = gate(project, home)
    assert code == 1 and "readable or writable by others" in output
    assert {p: p.stat().st_mtime_ns for p in entries(home)} == written  # nothing read (a hit refreshes) nor written


def test_no_cache_reads_and_writes_nothing(project: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    gate(project, home)
    marker = tmp_path / "pwned"
    key = home / "state" / "policy-gate" / "cache.key"
    for entry in entries(home):  # poisoned, and signed with the user's own key: --no-cache must not read it
        entry.write_bytes(cache_trust.seal(key.read_bytes(), entry.name, pickle.dumps(Payload(marker))))
    before = {p: p.stat().st_mtime_ns for p in entries(home)}
    code, _, _ = gate(project, home, "--no-cache")
    assert code == 1 and not marker.exists()
    assert {p: p.stat().st_mtime_ns for p in entries(home)} == before


def test_the_cache_is_pruned_to_its_limit(tmp_path: Path) -> None:
    folder = tmp_path / "parse"
    for index in range(10):
        entry = folder / f"{index:02d}" / f"{index:02d}entry"
        entry.parent.mkdir(parents=True)
        entry.write_bytes(b"x" * 1000)
        os.utime(entry, (1000 + index, 1000 + index))  # 00 least recently used
    assert cache_trust.prune(folder, 5000) == 7  # down to three quarters of the limit, oldest first
    assert sorted(p.name for p in folder.rglob("*entry")) == ["07entry", "08entry", "09entry"]
    assert cache_trust.prune(folder, 10) == 0  # not again within the hour
