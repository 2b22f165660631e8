"""Module source addresses, version constraints and token variables, as Terraform reads them."""

from __future__ import annotations

import pytest

from gate.loaders.modules.address import Archive, Git, Registry, Unsupported, parse
from gate.loaders.modules.hosts import from_environment, token_host
from gate.loaders.modules.versions import ConstraintError, select


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # https://developer.hashicorp.com/terraform/language/modules/sources
        (
            "terraform-aws-modules/s3-bucket/aws",
            Registry("registry.terraform.io", "terraform-aws-modules", "s3-bucket", "aws"),
        ),
        (
            "app.terraform.io/example-corp/k8s-cluster/azurerm",
            Registry("app.terraform.io", "example-corp", "k8s-cluster", "azurerm"),
        ),
        (
            "hashicorp/consul/aws//modules/consul-cluster",
            Registry("registry.terraform.io", "hashicorp", "consul", "aws", "modules/consul-cluster"),
        ),
        ("git::https://example.com/vpc.git?ref=v1.2.0", Git("https://example.com/vpc.git", "v1.2.0")),
        (
            "git::https://example.com/network.git//modules/vpc?ref=51d462976d84fdea54b47d80dcabbf680badcdb8",
            Git("https://example.com/network.git", "51d462976d84fdea54b47d80dcabbf680badcdb8", "modules/vpc"),
        ),
        ("github.com/hashicorp/example", Git("https://github.com/hashicorp/example.git")),
        ("https://example.com/vpc-module.zip", Archive("https://example.com/vpc-module.zip", "zip")),
        ("https://example.com/vpc-module?archive=zip", Archive("https://example.com/vpc-module", "zip")),
        (
            "https://example.com/vpc-module.tar.gz//sub",
            Archive("https://example.com/vpc-module.tar.gz", "tar.gz", "sub"),
        ),
    ],
)
def test_sources_read_as_terraform_reads_them(source: str, expected: object) -> None:
    assert parse(source) == expected


@pytest.mark.parametrize(
    "source",
    [
        "s3::https://s3-eu-west-1.amazonaws.com/examplecorp-terraform-modules/vpc.zip",  # no credentials to pass
        "git::ssh://username@example.com/storage.git",
        "git@github.com:hashicorp/example.git",
        "hg::http://example.com/vpc.hg",
        "git::http://example.com/vpc.git",  # https only
        "http://example.com/vpc-module.zip",
        "https://example.com/page",  # neither an archive nor a getter
        "git::https://example.com/vpc.git?ref=--upload-pack=touch",  # an option, not a ref
        "git::https://user:secret@example.com/vpc.git",
        "https://example.com/m.zip//a/../../etc",  # a sub-directory out of the package
        "git::file:///etc//x",  # a file repository, outside tests
        "not a source",
        "a/b",
    ],
)
def test_other_sources_are_recognised_and_not_fetched(source: str) -> None:
    remote = parse(source)
    if source.startswith("git::file://"):
        assert isinstance(remote, Git)  # refused later, by the fetcher, unless tests allow file://
    else:
        assert isinstance(remote, Unsupported), remote


AVAILABLE = ["1.0.0", "1.0.4", "1.0.10", "1.1.0", "1.2.0-beta.1", "2.0.0", "2.1.0-rc1", "v0.9.0"]


@pytest.mark.parametrize(
    ("constraint", "chosen"),
    [
        # https://developer.hashicorp.com/terraform/language/expressions/version-constraints
        (None, "2.0.0"),
        ("", "2.0.0"),
        ("1.0.4", "1.0.4"),
        ("= 1.0.4", "1.0.4"),
        ("~> 1.0.4", "1.0.10"),  # only the rightmost component grows: 1.0.x
        ("~> 1.0", "1.1.0"),  # 1.x, at least 1.0
        ("~> 1", "1.1.0"),
        (">= 1.0.0, < 2.0.0", "1.1.0"),
        (">= 1.0, != 1.1.0, < 2", "1.0.10"),
        ("> 2.0.0", None),  # 2.1.0-rc1 is a prerelease: only an exact constraint selects it
        ("2.1.0-rc1", "2.1.0-rc1"),
        ("~> 1.2.0-beta.1", None),
        ("<= 0.9", "v0.9.0"),
        ("3.0.0", None),
    ],
)
def test_versions_resolve_like_terraform(constraint: str | None, chosen: str | None) -> None:
    assert select(AVAILABLE, constraint) == chosen


@pytest.mark.parametrize("constraint", ["= 1.0, >= 0.9", "~> one", ">>= 1.0"])
def test_bad_constraints_are_errors(constraint: str) -> None:
    with pytest.raises(ConstraintError):
        select(AVAILABLE, constraint)


@pytest.mark.parametrize(
    ("variable", "host"),
    [
        # https://developer.hashicorp.com/terraform/cli/config/config-file#environment-variable-credentials
        ("TF_TOKEN_app_terraform_io", "app.terraform.io"),
        ("TF_TOKEN_my__registry_example_com", "my-registry.example.com"),
        ("TF_TOKEN_xn--caf-dma_fr", "xn--caf-dma.fr"),
        ("TF_VAR_x", None),
    ],
)
def test_token_variables_name_hosts_by_terraforms_encoding(variable: str, host: str | None) -> None:
    assert token_host(variable) == host


def test_tokens_and_hosts_come_from_the_environment_only(tmp_path: pytest.TempPathFactory) -> None:
    hosts = from_environment(
        {
            "TF_CLI_CONFIG_FILE": "/nonexistent/terraform.rc",
            "TF_TOKEN_registry_corp_example": "t0k",
            "POLICY_GATE_MODULE_HOSTS": "git.corp.example, ,Bad Host",
        }
    )
    assert hosts.token("registry.corp.example") == "t0k"
    assert hosts.registry_allowed("registry.corp.example") and hosts.registry_allowed("registry.terraform.io")
    assert not hosts.registry_allowed("evil.example.com")
    assert hosts.source_allowed("git.corp.example") and hosts.source_allowed("github.com")
    assert not hosts.source_allowed("evil.example.com")
    assert hosts.problems == []  # a CLI configuration that does not exist configures nothing, as for Terraform
