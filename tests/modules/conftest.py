from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from modules.registry_server import Registry, certificate, start

from gate.loaders.modules import git


@pytest.fixture(scope="session")
def _tls(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return certificate(tmp_path_factory.mktemp("tls"))


@pytest.fixture
def registry(_tls: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Registry]:
    """A TLS module registry on localhost, trusted by this test's TLS clients (``SSL_CERT_FILE``), and named
    ``registry.example.test`` by a Terraform CLI configuration ``host`` block (``TF_CLI_CONFIG_FILE``)."""
    cert, key = _tls
    served = Registry(tmp_path / "registry")
    start(served, cert, key)
    config = tmp_path / "terraform.rc"
    config.write_text(
        'host "registry.example.test" {\n'
        f'  services = {{\n    "modules.v1" = "https://{served.netloc}/v1/modules/"\n  }}\n}}\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))  # each test starts with no module cached
    monkeypatch.setenv("TF_CLI_CONFIG_FILE", str(config))
    yield served
    assert served.server is not None
    served.server.shutdown()
    served.server.server_close()


@pytest.fixture
def file_git(monkeypatch: pytest.MonkeyPatch) -> None:
    """file:// repositories, which only the test suite may fetch."""
    monkeypatch.setattr(git, "ALLOW_FILE_FOR_TESTS", True)


def write(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


# A tiny module with a canned ACL input: public when its caller says so (GATE-PERM-001).
BUCKET_MODULE = {
    "main.tf": (
        'variable "acl" {\n  type    = string\n  default = "private"\n}\n\n'
        'resource "aws_s3_bucket" "this" {\n  bucket = "example-bucket"\n}\n\n'
        'resource "aws_s3_bucket_acl" "this" {\n  bucket = aws_s3_bucket.this.id\n  acl    = var.acl\n}\n'
    ),
}
