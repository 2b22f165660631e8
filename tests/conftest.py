from __future__ import annotations

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
