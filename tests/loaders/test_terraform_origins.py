"""Origins of Terraform resources: the files whose change can change a resource, on real files and the real
loader (variables, their defaults and variables files, locals, module calls, outputs passed between modules)."""

from __future__ import annotations

from pathlib import Path

from gate.loaders.terraform_loader import load_terraform
from gate.model import Resource

FILES = {
    "variables.tf": 'variable "office" {\n  default = "10.0.0.0/8"\n}\nvariable "unused" {\n  default = 1\n}\n',
    "terraform.tfvars": 'office = "192.168.0.0/16"\n',
    "locals.tf": 'locals {\n  sources = [var.office]\n  name    = "web"\n}\n',
    "main.tf": """
module "net" {
  source  = "./modules/net"
  sources = local.sources
}

module "app" {
  source = "./modules/app"
  group  = module.net.group_id
}

resource "aws_s3_bucket" "plain" {
  bucket = "plain-${local.name}"
}
""",
    "outputs.tf": 'output "bucket" {\n  value = aws_s3_bucket.plain.id\n}\n',
    "modules/net/main.tf": """
variable "sources" {}

resource "aws_security_group" "this" {
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = var.sources
  }
}

output "group_id" {
  value = aws_security_group.this.id
}
""",
    "modules/app/variables.tf": 'variable "group" {}\nvariable "port" {\n  default = 8080\n}\n',
    "modules/app/main.tf": """
resource "aws_vpc_security_group_ingress_rule" "app" {
  security_group_id = var.group
  from_port         = var.port
  to_port           = var.port
  ip_protocol       = "tcp"
  cidr_ipv4         = "10.0.0.0/8"
}
""",
}


def load(tmp_path: Path, extra: dict[str, str] | None = None) -> dict[str, Resource]:
    for name, text in {**FILES, **(extra or {})}.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    root = tmp_path.resolve()
    out = load_terraform(root, root, lambda p: p.resolve().relative_to(root).as_posix(), environ={})
    assert not out.errors
    return {r.address: r for r in out.resources}


def test_a_module_resource_reads_the_call_the_root_variable_its_default_and_the_variables_file(tmp_path: Path) -> None:
    group = load(tmp_path)["module.net.aws_security_group.this"]
    assert group.location.file == "modules/net/main.tf"
    assert group.origins == {"main.tf", "locals.tf", "variables.tf", "terraform.tfvars"}


def test_outputs_carry_their_module_into_the_next_call(tmp_path: Path) -> None:
    rule = load(tmp_path)["module.app.aws_vpc_security_group_ingress_rule.app"]
    assert rule.origins == {
        "main.tf",
        "modules/app/variables.tf",
        "modules/net/main.tf",
        "locals.tf",
        "variables.tf",
        "terraform.tfvars",
    }


def test_files_a_resource_does_not_read_are_not_its_origins(tmp_path: Path) -> None:
    plain = load(tmp_path)["aws_s3_bucket.plain"]
    assert plain.origins == {"locals.tf"}  # not outputs.tf, not variables.tf, not the modules


def test_files_read_with_file_functions_are_origins(tmp_path: Path) -> None:
    extra = 'resource "aws_iam_policy" "app" {\n  policy = templatefile("${path.module}/p.json", {})\n}\n'
    policy = load(tmp_path, {"modules/app/iam.tf": extra})["module.app.aws_iam_policy.app"]
    assert policy.origins == {"main.tf", "modules/app/p.json"}  # the module call, and the file it reads
