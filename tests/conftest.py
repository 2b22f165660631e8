from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
# Beside the checkout; POLICY_GATE_CORPUS names it where the checkout is elsewhere (a git worktree).
CORPUS = Path(os.environ.get("POLICY_GATE_CORPUS") or REPO.parent / "shared" / "corpus")


@pytest.fixture
def corpus() -> Path:
    """The shared real-world corpus; tests that need it skip loudly when it is absent."""
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus not found: corpus tests skipped")
    return CORPUS


@pytest.fixture(scope="session")
def _own_cache_folders(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return tmp_path_factory.mktemp("xdg-cache"), tmp_path_factory.mktemp("xdg-state")


@pytest.fixture(scope="session")
def _no_public_registry(tmp_path_factory: pytest.TempPathFactory) -> Path:
    config = tmp_path_factory.mktemp("terraform-cli") / "terraform.rc"
    config.write_text(
        'host "registry.terraform.io" {\n  services = {\n    "modules.v1" = "https://127.0.0.1:9/"\n  }\n}\n',
        encoding="utf-8",
    )
    return config


@pytest.fixture(autouse=True)
def _offline_registry(_no_public_registry: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The suite gives the same results with or without a network: Terraform's CLI configuration points the
    public registry at a port where nothing listens, so a registry module is "not fetched" (a notice), never
    fetched from the internet (docs/modules.md; tests/modules runs a registry of its own)."""
    monkeypatch.setenv("TF_CLI_CONFIG_FILE", str(_no_public_registry))
    for name in [n for n in os.environ if n.startswith("TF_TOKEN_") or n == "POLICY_GATE_MODULE_HOSTS"]:
        monkeypatch.delenv(name)


@pytest.fixture(autouse=True)
def _isolated_cache(_own_cache_folders: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """The suite's parse cache and signing key live in folders of its own, never in the user's ~/.cache and
    ~/.local/state (a test that needs other folders sets them itself)."""
    cache, state = _own_cache_folders
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    monkeypatch.setenv("XDG_STATE_HOME", str(state))
