"""Which provider configuration each Terraform resource uses (Resource.provider), on real files: only the root
module's default aws configuration of hashicorp/aws is the deploying account's ("").
https://developer.hashicorp.com/terraform/language/meta-arguments/resource-provider
https://developer.hashicorp.com/terraform/language/modules/develop/providers
https://developer.hashicorp.com/terraform/language/providers/requirements#source-addresses"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gate.loaders.plan_providers import attach_plan_providers
from gate.loaders.terraform_loader import load_terraform
from gate.loaders.terraform_plan import load_plan

PROVIDERS = """
provider "aws" { region = "us-east-1" }
provider "aws" {
  alias  = "partner"
  region = "us-east-1"
}
"""


def providers(directory: Path, files: dict[str, str]) -> dict[str, str]:
    for name, text in files.items():
        (directory / name).parent.mkdir(parents=True, exist_ok=True)
        (directory / name).write_text(text, encoding="utf-8")
    root = directory.resolve()
    out = load_terraform(root, root, lambda p: p.resolve().relative_to(root).as_posix(), environ={})
    assert not out.errors
    return {r.address: r.provider for r in out.resources}


def test_root_blocks(tmp_path: Path) -> None:
    found = providers(
        tmp_path,
        {
            "main.tf": PROVIDERS
            + """
resource "aws_s3_bucket" "own" {}
resource "aws_s3_bucket" "partner" { provider = aws.partner }
data "aws_caller_identity" "partner" { provider = aws.partner }
resource "random_id" "x" { byte_length = 4 }
"""
        },
    )
    assert found == {
        "aws_s3_bucket.own": "",
        "aws_s3_bucket.partner": "aws.partner",
        "data.aws_caller_identity.partner": "aws.partner",
        "random_id.x": "random",
    }


def test_module_calls(tmp_path: Path) -> None:
    child = 'data "aws_caller_identity" "c" {}\nresource "aws_s3_bucket" "b" {}\n'
    found = providers(
        tmp_path,
        {
            "main.tf": PROVIDERS
            + """
module "inherits" { source = "./child" }
module "passed" {
  source    = "./child"
  providers = { aws = aws.partner }
}
module "default_passed" {
  source    = "./child"
  providers = { aws = aws }
}
module "own" { source = "./own" }
""",
            "child/main.tf": child,
            "own/main.tf": 'provider "aws" { region = "eu-west-1" }\n' + child,
        },
    )
    assert found["module.inherits.data.aws_caller_identity.c"] == ""
    assert found["module.default_passed.aws_s3_bucket.b"] == ""
    assert found["module.passed.data.aws_caller_identity.c"] == "aws.partner"
    assert found["module.own.aws_s3_bucket.b"] == "module.own.provider.aws"


@pytest.mark.parametrize("source", ["example-corp/aws", "registry.example.com/hashicorp/aws"])
def test_another_source_is_not_aws(tmp_path: Path, source: str) -> None:
    found = providers(
        tmp_path,
        {
            "main.tf": f"""
terraform {{
  required_providers {{
    aws = {{ source = "{source}" }}
  }}
}}
data "aws_elb_service_account" "main" {{}}
"""
        },
    )
    assert found["data.aws_elb_service_account.main"].startswith(source.lower())


def test_hashicorp_aws_is_the_default(tmp_path: Path) -> None:
    found = providers(
        tmp_path,
        {
            "main.tf": """
terraform {
  required_providers {
    aws = { source = "registry.terraform.io/hashicorp/aws", version = ">= 5.0" }
  }
}
data "aws_elb_service_account" "main" {}
"""
        },
    )
    assert found["data.aws_elb_service_account.main"] == ""


def test_override_element_replaces_the_base_one(tmp_path: Path) -> None:
    """https://developer.hashicorp.com/terraform/language/files/override#merging-terraform-blocks"""
    block = 'terraform {{\n  required_providers {{\n    aws = {{ source = "{}", version = "{}" }}\n  }}\n}}\n'
    (tmp_path / "versions.tf").write_text(block.format("hashicorp/aws", ">= 6.0"), encoding="utf-8")
    (tmp_path / "ci_override.tf").write_text(block.format("example-corp/aws", "~> 5.90"), encoding="utf-8")
    (tmp_path / "main.tf").write_text('resource "aws_s3_bucket" "b" {}\n', encoding="utf-8")
    root = tmp_path.resolve()
    out = load_terraform(root, root, lambda p: p.resolve().relative_to(root).as_posix(), environ={})
    (bucket,) = out.resources
    assert bucket.provider_versions == {"example-corp/aws": ("~> 5.90",)}
    assert bucket.provider.startswith("example-corp/aws")


def _plan(config_keys: dict[str, str], provider_config: dict[str, object]) -> dict[str, object]:
    resources = [
        {
            "address": a,
            "mode": "managed",
            "type": "aws_s3_bucket",
            "name": a.split(".")[-1],
            "provider_name": "registry.terraform.io/hashicorp/aws",
            "values": {},
        }
        for a in config_keys
    ]
    changes = [
        {**r, "change": {"actions": ["create"], "before": None, "after": {}, "after_unknown": {}}} for r in resources
    ]
    return {
        "format_version": "1.2",
        "planned_values": {"root_module": {"resources": resources}},
        "resource_changes": changes,
        "configuration": {
            "provider_config": provider_config,
            "root_module": {
                "resources": [
                    {
                        "address": a,
                        "mode": "managed",
                        "type": "aws_s3_bucket",
                        "name": a.split(".")[-1],
                        "provider_config_key": key,
                    }
                    for a, key in config_keys.items()
                ]
            },
        },
    }


def test_plan_provider_config_keys() -> None:
    doc = _plan(
        {"aws_s3_bucket.own": "aws", "aws_s3_bucket.sandbox": "aws.sandbox"},
        {
            "aws": {"name": "aws", "full_name": "registry.terraform.io/hashicorp/aws"},
            "aws.sandbox": {"name": "aws", "alias": "sandbox", "full_name": "registry.terraform.io/hashicorp/aws"},
        },
    )
    text = json.dumps(doc)
    out = attach_plan_providers(load_plan(doc, text, "plan.json", "plan:plan.json"), doc)
    assert {r.address: r.provider for r in out.resources} == {
        "aws_s3_bucket.own": "",
        "aws_s3_bucket.sandbox": "aws.sandbox",
    }


def test_plan_without_configuration_is_not_the_default() -> None:
    doc = _plan({"aws_s3_bucket.own": "aws"}, {})
    del doc["configuration"]
    out = attach_plan_providers(load_plan(doc, json.dumps(doc), "plan.json", "plan:plan.json"), doc)
    assert all(r.provider for r in out.resources)
