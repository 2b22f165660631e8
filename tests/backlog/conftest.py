"""Backlog tests scan a real repository (tests/fixtures/backlog/repo, copied) and sync real trackers: the file
tracker on disk and the network trackers against local servers speaking their REST APIs."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from backlog_support import FIXTURES, Harness, Repo, make_harness


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "repo", root)
    (tmp_path / "reports").mkdir()
    return Repo(root, tmp_path / "reports")


@pytest.fixture(params=["github", "gitlab", "jira"])
def tracker(request: pytest.FixtureRequest) -> Iterator[Harness]:
    harness = make_harness(request.param)
    yield harness
    harness.server.close()


@pytest.fixture
def github() -> Iterator[Harness]:
    harness = make_harness("github")
    yield harness
    harness.server.close()
