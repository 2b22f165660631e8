"""Property-based tests: whatever a file holds, the loaders and the engine raise nothing but the documented
errors (InputError, recorded as an error result). A short run here; a longer one by hand with
``HYPOTHESIS_PROFILE=long pytest tests/test_fuzz.py``."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gate import yamlnodes
from gate.engine.evaluate import evaluate
from gate.errors import InputError
from gate.loaders.cloudformation import load_template, on_tag
from gate.loaders.hcl_parse import parse_body
from gate.loaders.terraform_loader import load_terraform
from gate.loaders.terraform_plan import load_plan
from gate.model import Location, Resource, Status
from gate.policies import builtin_dir, load_policies
from gate.values import Unknown

settings.register_profile("short", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("long", max_examples=5000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "short"))

SEED_TF = """variable "ports" { default = [22, 443] }
locals { cidr = var.open ? "0.0.0.0/0" : "10.0.0.0/8" }
resource "aws_security_group" "sg" {
  name = "web-${var.env}"
  dynamic "ingress" {
    for_each = var.ports
    content {
      from_port   = ingress.value
      to_port     = ingress.value
      protocol    = "tcp"
      cidr_blocks = [local.cidr]
    }
  }
}
resource "aws_iam_policy" "p" {
  count  = length(var.ports)
  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] })
}
"""
SEED_CFN = """Parameters:
  Cidr: {Type: String, Default: 0.0.0.0/0}
Conditions:
  Prod: !Equals [!Ref AWS::Region, eu-west-1]
Resources:
  Sg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: !Sub "${AWS::StackName}-sg"
      SecurityGroupIngress:
        - {IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: !If [Prod, !Ref Cidr, 10.0.0.0/8]}
"""


@st.composite
def mutated(draw: st.DrawFn, seed: str) -> str:
    """The seed with a few random cuts, insertions and duplications: near-valid input finds more bugs."""
    text = seed
    for _ in range(draw(st.integers(1, 6))):
        if not text:
            break
        i = draw(st.integers(0, len(text) - 1))
        j = draw(st.integers(i, min(len(text), i + 40)))
        action = draw(st.sampled_from(["cut", "insert", "repeat"]))
        if action == "cut":
            text = text[:i] + text[j:]
        elif action == "insert":
            text = text[:i] + draw(st.text(alphabet='{}[]()"$\\=:,.#!*-\n abc0123', max_size=12)) + text[i:]
        else:
            text = text[:j] + text[i:j] + text[j:]
    return text


@given(st.one_of(mutated(SEED_TF), st.text(max_size=200)))
def test_hcl_parser_raises_only_input_errors(text: str) -> None:
    try:
        parse_body(text, "fuzz.tf")
    except InputError:
        pass


@settings(max_examples=30)
@given(mutated(SEED_TF))
def test_terraform_loader_never_crashes(text: str) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "main.tf").write_text(text, encoding="utf-8")
        out = load_terraform(root, root, lambda p: p.name, environ={})
        for resource in out.resources:
            json.dumps(resource.attributes, default=repr)


@given(st.one_of(mutated(SEED_CFN), st.text(max_size=200)))
def test_yaml_and_cloudformation_raise_only_input_errors(text: str) -> None:
    try:
        doc = yamlnodes.load(text, "fuzz.yaml", on_tag=on_tag)
    except InputError:
        return
    if isinstance(doc, dict):
        load_template(doc, "fuzz.yaml", "fuzz")


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)


@given(JSON, JSON)
def test_plan_loader_never_crashes_on_odd_structures(after: Any, unknown: Any) -> None:
    plan = {
        "format_version": "1.2",
        "resource_changes": [
            {
                "address": "aws_s3_bucket.b",
                "type": "aws_s3_bucket",
                "name": "b",
                "mode": "managed",
                "change": {"actions": ["create"], "after": after, "after_unknown": unknown, "after_sensitive": unknown},
            },
            after,
        ],
        "configuration": {"root_module": {"resources": after}},
    }
    text = json.dumps(plan)
    load_plan(json.loads(text), text, "plan.json", "plan")


POLICIES = load_policies([builtin_dir()])
TYPES = sorted({t for p in POLICIES for target in p.policy.targets.values() for t in target.resource_types})
VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-5, 70000)
    | st.sampled_from(["0.0.0.0/0", "::/0", "*", "tcp", "-1", "true", "allow", "{}", '{"Statement": "x"}'])
    | st.builds(Unknown),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(
                [
                    "ingress",
                    "from_port",
                    "to_port",
                    "protocol",
                    "cidr_blocks",
                    "policy",
                    "Statement",
                    "Effect",
                    "Action",
                    "Resource",
                    "Principal",
                    "encrypted",
                    "acl",
                    "bucket",
                ]
            ),
            inner,
            max_size=4,
        )
    ),
    max_leaves=15,
)


@given(
    st.sampled_from(TYPES),
    st.dictionaries(
        st.text(max_size=12)
        | st.sampled_from(["ingress", "policy", "acl", "encrypted", "SecurityGroupIngress", "PolicyDocument"]),
        VALUES,
        max_size=5,
    ),
)
def test_no_policy_crashes_on_any_attribute_values(type_name: str, attributes: dict[str, Any]) -> None:
    fmt = "cloudformation" if type_name.startswith("AWS::") else "terraform"
    resource = Resource("r", type_name, fmt, attributes, Location(file="f"), scope="s")
    results = evaluate([resource], POLICIES, {"approved_accounts": []})
    crashed = [r.message for r in results if r.status is Status.ERROR]
    assert not crashed, crashed
