"""The CloudFormation loader, fed template files read the way the gate reads them (tests/fixtures/cloudformation)
and real ones (../shared/corpus).

Each template fixture also has a golden file (tests/fixtures/cloudformation/expected/<name>.json) holding
everything the loader produced from it; after an intended change, rewrite them with
``GATE_UPDATE_GOLDEN=1 pytest <this file>`` and read the diff.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from golden import assert_golden, plain

from gate import yamlnodes
from gate.errors import InputError
from gate.loaders.base import LoadOutput
from gate.loaders.cloudformation import load_template, looks_like_template, on_tag, read_parameter_file
from gate.model import Resource
from gate.values import UNKNOWN_MARK, Unknown, known_text

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "cloudformation"
SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
CORPUS = SHARED / "corpus" / "real" / "aws-cloudformation-templates"
GOLDEN = FIXTURES / "expected"
TEMPLATES = [
    "full.yaml",
    "full.json",
    "no-version.yaml",
    "broken.yaml",
    "broken.json",
    "foreach.yaml",
    "sam.yaml",
]
TEMPLATE_SUFFIXES = {".yaml", ".yml", ".json", ".template"}


def read(name: str) -> Any:
    return yamlnodes.load((FIXTURES / name).read_text(encoding="utf-8"), name, on_tag=on_tag)


def load(name: str, parameters: dict[str, str] | None = None) -> LoadOutput:
    return load_template(read(name), name, scope=name, parameters=parameters)


def resources(out: LoadOutput) -> dict[str, Resource]:
    return {resource.address: resource for resource in out.resources}


def errors(out: LoadOutput) -> list[tuple[int | None, str]]:
    return [(error.line, error.detail) for error in out.errors]


def unknown(*refs: str) -> Unknown:
    return Unknown(frozenset(refs))


def test_short_forms_are_resolved() -> None:
    out = load("full.yaml")
    assert errors(out) == []
    found = resources(out)
    assert found["MaybeEast"].attributes == {"TopicName": "topic-dev-subnet-b"}  # Join, Select, list parameter
    db = found["Db"].attributes
    assert db["DBInstanceClass"] == "db.t3.small"  # FindInMap keyed by a parameter
    assert (
        db["Port"] == "5432"
    )  # Ref of a Number parameter gives its text (AWS: "the parameter value becomes a string")
    assert db["StorageEncrypted"] is False  # Fn::If on a condition known to be false
    sg = found["DbSecurityGroup"].attributes
    assert sg["GroupDescription"] == "db dev"
    assert sg["VpcId"] == Unknown()  # Fn::ImportValue
    assert [rule["CidrIp"] for rule in sg["SecurityGroupIngress"]] == [
        "10.0.0.0/24",
        "10.0.1.0/24",
    ]  # Fn::Cidr
    server = found["Server"].attributes
    assert server["SubnetId"] == "subnet-x"  # Fn::Split
    assert server["UserData"] == "IyEvYmluL3NoCmVjaG8gaGVsbG8K"  # Fn::Base64 of "#!/bin/sh\necho hello\n"
    assert server["AvailabilityZone"] == Unknown()  # Fn::GetAZs
    assert server["SecurityGroupIds"] == [unknown("DbSecurityGroup")]  # !GetAtt [A, B], NoValue item dropped


def test_long_forms_in_json_give_what_short_forms_give() -> None:
    short, long = resources(load("full.yaml")), resources(load("full.json"))
    assert list(short) == list(long)
    for address, resource in short.items():
        assert long[address].type == resource.type
        assert long[address].attributes == resource.attributes, address
        assert long[address].references == resource.references, address
        assert long[address].sensitive == resource.sensitive, address


def test_a_plain_json_dict_loads_with_line_zero() -> None:
    doc = json.loads((FIXTURES / "full.json").read_text(encoding="utf-8"))
    out = load_template(doc, "full.json", scope="full.json")
    assert errors(out) == []
    assert {(r.location.start_line, r.location.end_line) for r in out.resources} == {(0, 0)}
    assert resources(out)["Db"].attributes == resources(load("full.json"))["Db"].attributes


def test_parameters_without_value_and_pseudo_parameters_are_unknown() -> None:
    found = resources(load("full.yaml"))
    name = found["Logs"].attributes["BucketName"]  # ${AWS::StackName}-logs: the known text is kept
    assert isinstance(name, Unknown) and name.refs == {"AWS::StackName"} and known_text(name) == UNKNOWN_MARK + "-logs"
    assert found["Server"].attributes["ImageId"] == Unknown()  # an SSM parameter: its Default is a path
    encryption = found["Data"].attributes["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]
    by_default = encryption["ServerSideEncryptionByDefault"]
    assert by_default["SSEAlgorithm"] == Unknown()  # Fn::If on HasKey: KmsKeyArn has no value
    # Fn::If over Ref KmsKeyArn, which has no value: derived from the parameter, which it names as data
    assert by_default["KMSMasterKeyID"] == Unknown(frozenset({"KmsKeyArn"}))
    assert found["Db"].attributes["MasterUsername"] == Unknown()  # a {{resolve:ssm:...}} dynamic reference


@pytest.mark.parametrize("parameter_file", ["params-cli.json", "params-pipeline.yaml"])
def test_parameter_files_override_defaults(parameter_file: str) -> None:
    parameters = read_parameter_file(FIXTURES / parameter_file)
    assert parameters["Env"] == "prod"
    out = load("full.yaml", parameters)
    assert errors(out) == []
    found = resources(out)
    assert "ProdOnly" in found  # IsProd is now true
    assert found["Data"].attributes["BucketName"] == "data-prod"
    assert {"Key": "tier", "Value": "gold"} in found["Data"].attributes["Tags"]
    assert found["Db"].attributes["DBInstanceClass"] == "db.r6g.large"
    assert found["Db"].attributes["StorageEncrypted"] is True


def test_cli_parameter_file() -> None:
    parameters = read_parameter_file(FIXTURES / "params-cli.json")
    # UsePreviousValue has no value we can know: the template default stands in for it
    assert parameters == {
        "Env": "prod",
        "KmsKeyArn": "arn:aws:kms:eu-west-1:111122223333:key/example",
        "Port": "3306",
    }
    found = resources(load("full.yaml", parameters))
    by_default = found["Data"].attributes["BucketEncryption"]["ServerSideEncryptionConfiguration"][0][
        "ServerSideEncryptionByDefault"
    ]
    assert by_default == {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": parameters["KmsKeyArn"]}
    assert found["Db"].attributes["Port"] == "3306"
    assert found["Db"].attributes["KmsKeyId"] == unknown("Key")  # ProdWithKey is now true
    assert found["Db"].references["KmsKeyId"] == {"Key"}
    assert "Key" in found


def test_pipeline_parameter_file_splits_list_parameters() -> None:
    parameters = read_parameter_file(FIXTURES / "params-pipeline.yaml")
    assert parameters == {"Env": "prod", "Subnets": "subnet-1,subnet-2"}
    found = resources(load("full.yaml", parameters))
    assert found["MaybeEast"].attributes["TopicName"] == "topic-prod-subnet-2"


@pytest.mark.parametrize(("parameter_file", "line"), [("params-bad-shape.json", 1), ("params-bad-entry.json", 3)])
def test_a_parameter_file_of_the_wrong_shape_names_file_and_line(parameter_file: str, line: int) -> None:
    with pytest.raises(InputError) as caught:
        read_parameter_file(FIXTURES / parameter_file)
    assert caught.value.file.endswith(parameter_file)
    assert caught.value.line == line
    assert "ParameterKey" in caught.value.detail


def test_a_missing_parameter_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        read_parameter_file(tmp_path / "absent.json")
    assert caught.value.file.endswith("absent.json")


def test_noecho_parameter_marks_the_property_sensitive() -> None:
    db = resources(load("full.yaml"))["Db"]
    assert db.sensitive == {"MasterUserPassword"}
    assert db.attributes["MasterUserPassword"] == "not-a-real-password"


def test_conditions_true_false_and_unknown() -> None:
    found = resources(load("full.yaml"))
    assert "ProdOnly" not in found  # IsProd is false with the default Env
    assert "Key" not in found  # ProdWithKey: false and unknown is false
    assert "MaybeEast" in found  # InUsEast1 depends on the region: unknown, so checked
    assert "KmsKeyId" not in found["Db"].attributes  # !If [ProdWithKey, ..., !Ref AWS::NoValue]


def test_no_value_removes_keys_and_list_items() -> None:
    data = resources(load("full.yaml"))["Data"].attributes
    assert data["Tags"] == [{"Key": "env", "Value": "dev"}, {"Key": "literal", "Value": "${NotAVariable}"}]
    assert len(resources(load("full.yaml"))["Server"].attributes["SecurityGroupIds"]) == 1


def test_sub_substitutes_known_values_and_keeps_references() -> None:
    found = resources(load("full.yaml"))
    assert found["Data"].attributes["BucketName"] == "data-dev"
    prefix = found["Data"].attributes["LoggingConfiguration"]["LogFilePrefix"]  # ${Logs.Arn}/...
    assert isinstance(prefix, Unknown) and prefix.refs == {"Logs"}
    tags = found["Server"].attributes["Tags"]
    assert tags[0] == {"Key": "name", "Value": "server-2"}  # [string, {variables}]
    assert isinstance(tags[1]["Value"], Unknown) and "Data" in tags[1]["Value"].refs  # a variable holding !GetAtt


def test_references_are_recorded_per_top_level_property() -> None:
    found = resources(load("full.yaml"))
    assert found["Data"].references == {"LoggingConfiguration": {"Logs"}}  # Ref and ${Logs.Arn}
    assert found["Db"].references == {"VPCSecurityGroups": {"DbSecurityGroup"}}  # not Key: branch not taken
    assert found["Server"].references == {"SecurityGroupIds": {"DbSecurityGroup"}, "Tags": {"Data"}}
    assert found["Data"].attributes["LoggingConfiguration"]["DestinationBucketName"] == unknown("Logs")


def test_a_template_without_version_or_parameters() -> None:
    doc = read("no-version.yaml")
    assert looks_like_template(doc)
    out = load_template(doc, "no-version.yaml", scope="stack")
    assert errors(out) == []
    found = resources(out)
    assert found["Queue"].attributes == {"QueueName": "jobs", "KmsMasterKeyId": "alias/aws/sqs"}
    assert found["Lambda"].type == "Custom::Thing"
    assert found["Lambda"].references == {"ServiceToken": {"Queue"}}
    assert {resource.scope for resource in out.resources} == {"stack"}
    assert {resource.format for resource in out.resources} == {"cloudformation"}


def test_resource_lines_in_json() -> None:
    found = resources(load("full.json"))
    assert (found["Logs"].location.start_line, found["Logs"].location.end_line) == (102, 109)
    assert (found["Server"].location.start_line, found["Server"].location.end_line) == (320, 390)
    assert found["Server"].location.file == "full.json"


def test_resource_lines_in_yaml() -> None:
    found = resources(load("full.yaml"))
    lines = [(name, found[name].location.start_line, found[name].location.end_line) for name in found]
    assert lines == [
        ("Logs", 41, 44),
        ("Data", 46, 63),
        ("MaybeEast", 73, 77),
        ("Db", 79, 89),
        ("DbSecurityGroup", 91, 104),
        ("Server", 106, 125),  # the blank line and Outputs after it are not part of it
    ]


def test_broken_yaml_template_reports_each_problem_and_loads_the_rest() -> None:
    out = load("broken.yaml")
    assert errors(out) == [
        (26, "unknown tag !Foo"),
        (32, "unknown tag !Bar"),  # in Outputs, which are not otherwise read
        (4, "condition 'Loop1' depends on itself"),
        (11, "resource NoType has no Type string"),
        (16, "reference to 'Nowhere', which is neither a parameter nor a resource"),
        (17, "reference to 'Missing', which is neither a parameter nor a resource"),
        (21, "Fn::Join takes [delimiter, [values]]"),
    ]
    found = resources(out)
    assert list(found) == [
        "Good",
        "DanglingRef",
        "BadJoin",
        "Tagged",
        "Looping",
    ]  # Looping: condition unknown
    assert found["Good"].attributes == {"BucketName": "fine"}
    assert found["BadJoin"].attributes == {"TopicName": Unknown(), "DisplayName": "still-read"}
    assert found["Tagged"].attributes == {"TopicName": Unknown()}


def test_broken_json_template_reports_each_problem_and_loads_the_rest() -> None:
    out = load("broken.json")
    assert errors(out) == [
        (10, "Fn::Select index 5 is not in a list of 2"),
        (11, "Fn::Join takes [delimiter, [values]]"),
        (15, "resource NumberType has no Type string"),
    ]
    assert list(resources(out)) == ["Good", "BadSelect"]


def test_resources_that_are_not_a_mapping() -> None:
    doc = read("resources-list.yaml")
    assert not looks_like_template(doc)
    out = load_template(doc, "resources-list.yaml", scope="stack")
    assert errors(out) == [(2, "Resources must be a mapping")]
    assert out.resources == []


def test_language_extensions_and_foreach() -> None:
    doc = read("foreach.yaml")
    assert looks_like_template(doc)  # even though its loop is the only way it makes topics
    out = load_template(doc, "foreach.yaml", scope="stack")
    assert errors(out) == []  # !Ref AlertsTopic names a resource the loop makes
    assert out.notices == []
    assert {"AlertsTopic", "EventsTopic"} <= set(resources(out))
    assert resources(out)["EventsTopic"].location.start_line == 11  # the fragment's line
    function = resources(out)["Function"].attributes
    assert function["MemorySize"] == 256  # FindInMap DefaultValue
    assert function["Handler"] == '["one",2]'  # Fn::ToJsonString
    assert isinstance(function["Description"], Unknown)
    assert function["Description"].partial == {"count": 3, "arn": unknown("AlertsTopic")}  # Fn::Length, known part kept


def test_sam_functions_are_what_the_transform_makes() -> None:
    out = load("sam.yaml")
    assert errors(out) == []  # ServerlessRestApi and ApiRole are made by the transform
    function = resources(out)["Api"]
    assert function.type == "AWS::Lambda::Function" and function.attributes["Handler"] == "index.handler"
    assert "ApiRole" not in resources(out)  # it names its Role: SAM makes none
    assert len(out.notices) == 1 and "AWS::Serverless-2016-10-31" in out.notices[0]


def test_get_att_short_form_splits_on_the_first_dot() -> None:
    doc = yamlnodes.load("Value: !GetAtt Db.Endpoint.Address\n", "t.yaml", on_tag=on_tag)
    assert doc["Value"] == {"Fn::GetAtt": ["Db", "Endpoint.Address"]}
    assert doc["Value"].line == 1


@pytest.mark.parametrize("name", ["package.json", "workflow.yaml", "params-pipeline.yaml"])
def test_other_files_do_not_look_like_templates(name: str) -> None:
    assert not looks_like_template(read(name))


@pytest.mark.parametrize("doc", [None, [], "Resources", {"Resources": {"A": {"Type": "aws_s3_bucket"}}}])
def test_other_values_do_not_look_like_templates(doc: object) -> None:
    assert not looks_like_template(doc)


@pytest.mark.parametrize(
    ("depth", "message"),
    [
        (100, "Fn::Base64 makes strings too large to check"),  # (4/3)**100 characters: a memory bomb
        (390, "resource Deep is nested too deeply to resolve"),  # just under what gate.yamlnodes accepts
    ],
)
def test_hostile_nesting_is_an_error_not_a_crash(tmp_path: Path, depth: int, message: str) -> None:
    value = "x"
    for _ in range(depth):
        value = f"{{Fn::Base64: {value}}}"
    path = tmp_path / "deep.yaml"
    path.write_text(
        f"Resources:\n  Ok:\n    Type: AWS::SNS::Topic\n"
        f"  Deep:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: {value}\n",
        encoding="utf-8",
    )
    out = load_template(yamlnodes.load(path.read_text(), "deep.yaml", on_tag=on_tag), "deep.yaml", "deep")
    assert "Ok" in resources(out)
    assert len(out.errors) == 1 and out.errors[0].detail.startswith(message)


def test_thousands_of_resources_load_quickly(tmp_path: Path) -> None:
    count = 4000
    lines = ["Parameters:", "  Env:", "    Type: String", "    Default: dev", "Resources:"]
    for index in range(count):
        lines += [
            f"  Topic{index}:",
            "    Type: AWS::SNS::Topic",
            "    Properties:",
            f"      TopicName: !Sub '${{Env}}-{index}'",
            f"      KmsMasterKeyId: !Ref Topic{max(index - 1, 0)}",
        ]
    path = tmp_path / "big.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    doc = yamlnodes.load(path.read_text(), "big.yaml", on_tag=on_tag)
    out = load_template(doc, "big.yaml", "big")
    assert len(out.resources) == count and errors(out) == []
    assert resources(out)["Topic3999"].references == {"KmsMasterKeyId": {"Topic3998"}}


def _unresolved(value: Any) -> bool:
    """True when an intrinsic call survived resolution somewhere inside ``value``."""
    if isinstance(value, dict):
        if len(value) == 1 and any(key == "Ref" or str(key).startswith("Fn::") for key in value):
            return True
        return any(_unresolved(item) for item in value.values())
    if isinstance(value, list):
        return any(_unresolved(item) for item in value)
    return False


def test_real_templates_load() -> None:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus not found: corpus tests skipped")
    templates = resource_count = parse_failures = 0
    kinds: dict[str, int] = {}
    files_with_errors: set[Path] = set()
    for path in sorted(CORPUS.rglob("*")):
        if path.suffix not in TEMPLATE_SUFFIXES or not path.is_file():
            continue
        name = path.relative_to(CORPUS).as_posix()
        try:
            doc = yamlnodes.load(path.read_text(encoding="utf-8"), name, on_tag=on_tag)
        except InputError:
            parse_failures += 1
            continue
        if not looks_like_template(doc):
            continue
        out = load_template(doc, name, scope=name)
        templates += 1
        resource_count += len(out.resources)
        for error in out.errors:
            assert error.file == name and error.line, error
            kind = re.sub(r"'[^']*'|resource \w+|![\w:]+", "X", error.detail)
            kinds[kind] = kinds.get(kind, 0) + 1
            files_with_errors.add(path)
        for resource in out.resources:
            assert not _unresolved(resource.attributes), (name, resource.address)
    print(
        f"\ncorpus: {templates} templates, {resource_count} resources, {parse_failures} parse failures, "
        f"{sum(kinds.values())} errors {kinds}"
    )
    assert templates > 250 and resource_count > 1500
    # The templates that give errors are all written for the Rain pre-processor (!Rain::Embed, Rain::Module),
    # which CloudFormation itself would reject too.
    assert all("Rain::" in path.read_text(encoding="utf-8") for path in files_with_errors)


# --- golden files ---------------------------------------------------------------------------------


def _snapshot(out: LoadOutput) -> dict[str, Any]:
    return {
        "resources": [
            {
                "address": r.address,
                "type": r.type,
                "lines": [r.location.start_line, r.location.end_line],
                "sensitive": sorted(r.sensitive),
                "references": {name: sorted(refs) for name, refs in r.references.items()},
                "attributes": plain(r.attributes),
            }
            for r in out.resources
        ],
        "errors": [str(error) for error in out.errors],
        "notices": out.notices,
    }


@pytest.mark.parametrize("name", TEMPLATES)
def test_golden(name: str) -> None:
    snapshot = _snapshot(load(name))
    golden = GOLDEN / f"{name}.json"
    assert_golden(golden, snapshot)
