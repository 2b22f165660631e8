"""The parse cache: used when a file is unchanged, ignored when damaged, off with --no-cache."""

from __future__ import annotations

from pathlib import Path

import pytest

from gate.api import ScanOptions, scan
from gate.parse_cache import ParseCache, default_directory

TF = 'resource "aws_ebs_volume" "v" {\n  size = 1\n}\n'


def entries(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.name.startswith(".tmp-"))


def test_cache_is_written_read_and_survives_damage(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("POLICY_GATE_NO_CACHE", raising=False)
    project = tmp_path / "project"
    project.mkdir()
    (project / "main.tf").write_text(TF)
    first = scan(ScanOptions(paths=[project], cwd=project, environ={}))
    stored = entries(default_directory())
    assert len(stored) == 1
    stored[0].write_bytes(b"not a pickle")  # damaged: parsed again, same answer
    second = scan(ScanOptions(paths=[project], cwd=project, environ={}))
    assert [r.model_dump() for r in first.results] == [r.model_dump() for r in second.results]
    (project / "main.tf").write_text(TF.replace("size = 1", "size = 2"))
    scan(ScanOptions(paths=[project], cwd=project, environ={}))
    assert len(entries(default_directory())) == 2  # keyed by content


def test_no_cache_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    (tmp_path / "main.tf").write_text(TF)
    scan(ScanOptions(paths=[tmp_path], cwd=tmp_path, environ={}, parse_cache=False))
    assert not (tmp_path / "cache").exists()


def test_hits_and_misses_are_counted(tmp_path: Path) -> None:
    cache = ParseCache(tmp_path)
    key = cache.key(b"x")
    assert cache.load(key) is None and cache.misses == 1
    cache.store(key, {"a": 1})
    assert cache.load(key) == {"a": 1} and cache.hits == 1
