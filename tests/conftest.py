from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"


@pytest.fixture
def corpus() -> Path:
    """The shared real-world corpus; tests that need it skip loudly when it is absent."""
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus not found: corpus tests skipped")
    return CORPUS


@pytest.fixture(autouse=True, scope="session")
def _cache_key_of_the_session(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The cache's signing key lives in $XDG_STATE_HOME: one of this session's own, never the user's."""
    os.environ["XDG_STATE_HOME"] = str(tmp_path_factory.mktemp("state"))
