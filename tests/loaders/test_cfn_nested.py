"""Templates held in other resources (stack sets, nested stacks, Terraform stacks, Cloud Control) are judged."""

from __future__ import annotations

from pathlib import Path

from gate.loaders.base import LoadOutput
from gate.loaders.inputs import Display, load_inputs
from gate.options import ScanOptions
from gate.values import Unknown

CHILD = """\
Parameters:
  SshCidr: {Type: String, Default: 10.0.0.0/8}
Resources:
  Sg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: child
      SecurityGroupIngress: [{IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: !Ref SshCidr}]
"""


def scan(root: Path, *paths: str) -> LoadOutput:
    options = ScanOptions(paths=[root / p for p in paths] or [root], cwd=root, parse_cache=False, environ={})
    return load_inputs(options, Display(root))


def cidrs(out: LoadOutput) -> dict[str, object]:
    return {
        r.address: r.attributes["SecurityGroupIngress"][0]["CidrIp"]
        for r in out.resources
        if r.type == "AWS::EC2::SecurityGroup"
    }


def test_a_nested_stack_gets_the_parameters_its_parent_passes(tmp_path: Path) -> None:
    (tmp_path / "stacks").mkdir()
    (tmp_path / "stacks" / "child.yaml").write_text(CHILD, encoding="utf-8")
    (tmp_path / "parent.yaml").write_text(
        "Resources:\n  Net:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n"
        "      TemplateURL: stacks/child.yaml\n      Parameters: {SshCidr: 0.0.0.0/0}\n"
        "  Far:\n    Type: AWS::CloudFormation::Stack\n    Properties: {TemplateURL: https://s3.amazonaws.com/b/t.yaml}\n",
        encoding="utf-8",
    )
    out = scan(tmp_path)
    assert out.errors == []
    assert cidrs(out) == {"Sg": "10.0.0.0/8", "Net/Sg": "0.0.0.0/0"}  # its own root with defaults, and as nested
    nested = next(r for r in out.resources if r.address == "Net/Sg")
    assert nested.location.file == "stacks/child.yaml" and nested.scope != "cloudformation:stacks/child.yaml"
    assert any("Far" in notice and "not read" in notice for notice in out.notices)  # remote: a notice


def test_a_nested_template_outside_the_tree_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "parent.yaml").write_text(
        "Resources:\n  Net:\n    Type: AWS::CloudFormation::Stack\n    Properties: {TemplateURL: ../../etc/passwd}\n",
        encoding="utf-8",
    )
    out = scan(tmp_path)
    assert [(e.file, e.line) for e in out.errors] == [("parent.yaml", 2)]


def test_a_stack_set_body_is_a_template_located_at_the_stack_set(tmp_path: Path) -> None:
    body = "\n".join("        " + line for line in CHILD.splitlines())
    (tmp_path / "set.yaml").write_text(
        "Resources:\n  Everywhere:\n    Type: AWS::CloudFormation::StackSet\n    Properties:\n"
        "      StackSetName: s\n      PermissionModel: SELF_MANAGED\n"
        "      Parameters: [{ParameterKey: SshCidr, ParameterValue: 0.0.0.0/0}]\n"
        f"      TemplateBody: |\n{body}\n"
        "  Broken:\n    Type: AWS::CloudFormation::StackSet\n    Properties:\n"
        "      StackSetName: b\n      PermissionModel: SELF_MANAGED\n      TemplateBody: !Sub '${AWS::Region}'\n",
        encoding="utf-8",
    )
    out = scan(tmp_path)
    assert cidrs(out) == {"Everywhere/Sg": "0.0.0.0/0"}
    assert next(r for r in out.resources if r.address == "Everywhere/Sg").location.start_line == 2
    assert [(e.line, "Broken" in e.detail) for e in out.errors] == [(17, True)]  # known at deploy: never nothing


def test_terraform_stacks_and_cloud_control_resources(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(
        'resource "aws_cloudformation_stack" "s" {\n  name = "s"\n  parameters = { SshCidr = "0.0.0.0/0" }\n'
        "  template_body = <<-EOT\n" + "\n".join("    " + line for line in CHILD.splitlines()) + "\n  EOT\n}\n"
        'resource "aws_cloudcontrolapi_resource" "c" {\n  type_name = "AWS::EC2::SecurityGroup"\n'
        '  desired_state = jsonencode({ GroupDescription = "c", SecurityGroupIngress = [{ IpProtocol = "tcp",'
        ' FromPort = 22, ToPort = 22, CidrIp = "0.0.0.0/0" }] })\n}\n',
        encoding="utf-8",
    )
    out = scan(tmp_path)
    assert out.errors == []
    assert cidrs(out) == {
        "aws_cloudformation_stack.s/Sg": "0.0.0.0/0",
        "aws_cloudcontrolapi_resource.c/AWS::EC2::SecurityGroup": "0.0.0.0/0",
    }


def test_an_unknown_parameter_map_makes_every_parameter_unknown(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(
        'variable "p" {}\nresource "aws_cloudformation_stack" "s" {\n  name = "s"\n  parameters = var.p\n'
        "  template_body = <<-EOT\n" + "\n".join("    " + line for line in CHILD.splitlines()) + "\n  EOT\n}\n",
        encoding="utf-8",
    )
    assert isinstance(cidrs(scan(tmp_path))["aws_cloudformation_stack.s/Sg"], Unknown)


def test_a_body_built_with_sub_keeps_its_known_text(tmp_path: Path) -> None:
    (tmp_path / "set.yaml").write_text(
        "Resources:\n  Set:\n    Type: AWS::CloudFormation::StackSet\n    Properties:\n"
        "      StackSetName: s\n      PermissionModel: SELF_MANAGED\n      TemplateBody: !Sub |\n"
        "        Resources:\n          Sg:\n            Type: AWS::EC2::SecurityGroup\n            Properties:\n"
        "              GroupDescription: sg in ${AWS::Region}\n"
        "              SecurityGroupIngress: [{IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 0.0.0.0/0}]\n",
        encoding="utf-8",
    )
    out = scan(tmp_path)
    assert out.errors == [] and cidrs(out) == {"Set/Sg": "0.0.0.0/0"}
    sg = next(r for r in out.resources if r.address == "Set/Sg")
    assert isinstance(sg.attributes["GroupDescription"], Unknown)
