"""Provider defaults judged by the provider versions a configuration requires (gate.engine.provider_versions,
gate.loaders.terraform_providers), on real files: the AWS provider's Redshift publicly_accessible default is
false from 6.0 and true before (Version 6 Upgrade Guide)."""

from __future__ import annotations

from pathlib import Path

import pytest

from gate.api import ScanOptions, scan
from gate.engine.provider_versions import lowest_allowed
from gate.model import Status

CLUSTER = """
resource "aws_redshift_cluster" "analytics" {
  cluster_identifier     = "analytics"
  node_type              = "ra3.xlplus"
  manage_master_password = true
  master_username        = "analytics"
}
"""


def required(version: str, source: str = "hashicorp/aws", name: str = "aws") -> str:
    return f'terraform {{\n  required_providers {{\n    {name} = {{ source = "{source}", version = "{version}" }}\n  }}\n}}\n'


@pytest.mark.parametrize(
    ("constraints", "lowest"),
    [
        ((), None),
        (("~> 6.0",), ((6, 0, 0), False)),
        (("~> 6",), ((6, 0, 0), False)),
        ((">= 5.0, < 7.0",), ((5, 0, 0), False)),
        (("< 7.0", "!= 6.1.0"), None),  # upper bounds and exclusions leave every older version
        (("> 5.99",), ((5, 99, 0), True)),
        (("6.2.1",), ((6, 2, 1), False)),  # an exact version
        ((">= 5.0", "~> 6.3"), ((6, 3, 0), False)),  # Terraform selects one version that satisfies both
        (("latest",), None),  # unreadable: constrains nothing
    ],
)
def test_lowest_allowed(constraints: tuple[str, ...], lowest: tuple[tuple[int, int, int], bool] | None) -> None:
    assert lowest_allowed(constraints) == lowest


def verdict(tmp_path: Path, files: dict[str, str]) -> Status:
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    run = scan(ScanOptions(paths=[tmp_path], cwd=tmp_path, environ={}))
    assert not run.errors, run.errors
    (result,) = [r for r in run.results if r.policy_id == "GATE-NET-012" and r.resource.address.endswith("analytics")]
    return result.status


@pytest.mark.parametrize(
    ("files", "status"),
    [
        ({"main.tf": CLUSTER}, Status.FAILED),  # no constraint: any version, 5.x included
        ({"main.tf": CLUSTER + required(">= 6.0")}, Status.PASSED),
        ({"main.tf": CLUSTER + required("~> 5.90")}, Status.FAILED),
        ({"main.tf": CLUSTER + required(">= 5.0, < 7.0")}, Status.FAILED),  # both allowed: the older default
        ({"main.tf": CLUSTER + 'terraform {\n  required_providers {\n    aws = "~> 6.0"\n  }\n}\n'}, Status.PASSED),
        ({"main.tf": CLUSTER + required("~> 6.0", source="registry.terraform.io/hashicorp/aws")}, Status.PASSED),
        ({"main.tf": CLUSTER + required("~> 6.0", source="example-corp/aws")}, Status.FAILED),  # another provider
        # the cluster in a module: the constraints of every module of the root count, wherever they are
        (
            {
                "main.tf": 'module "db" {\n  source = "./db"\n}\n' + required(">= 6.1"),
                "db/main.tf": CLUSTER + required(">= 5.0"),
            },
            Status.PASSED,
        ),
        (
            {"main.tf": 'module "db" {\n  source = "./db"\n}\n', "db/main.tf": CLUSTER + required(">= 5.0")},
            Status.FAILED,
        ),
        (
            {
                "main.tf": CLUSTER.replace('ra3.xlplus"', 'ra3.xlplus"\n  publicly_accessible = true')
                + required(">= 6.0")
            },
            Status.FAILED,
        ),  # set explicitly: the default does not matter
    ],
)
def test_redshift_default_by_required_provider(tmp_path: Path, files: dict[str, str], status: Status) -> None:
    assert verdict(tmp_path, files) is status
