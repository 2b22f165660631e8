"""CloudFormation read as AWS documents it: parameters, keys and attributes, from real template files."""

from __future__ import annotations

from pathlib import Path

from gate.loaders.base import LoadOutput
from gate.loaders.detect import load_data_file


def load(tmp_path: Path, text: str, name: str = "stack.yaml") -> LoadOutput:
    template = tmp_path / name
    template.write_text(text, encoding="utf-8")
    out = load_data_file(template, name, {})
    assert out is not None, f"{name} was not read as a template"
    return out


def test_a_number_parameter_is_its_text(tmp_path: Path) -> None:
    # AWS (Parameters, Type Number): CloudFormation validates the value as a number, but Ref gives it as a string,
    # so "01" stays "01" and Fn::Equals compares text.
    out = load(tmp_path,
        "Parameters:\n  Tier: {Type: Number, Default: '01'}\n  Port: {Type: Number, Default: 22}\n"
        "Conditions:\n  Legacy: !Equals [!Ref Tier, '01']\n"
        "Resources:\n  T:\n    Type: AWS::SNS::Topic\n    Condition: Legacy\n    Properties: {TopicName: !Ref Port}\n",
    )
    assert [r.attributes for r in out.resources] == [{"TopicName": "22"}]
