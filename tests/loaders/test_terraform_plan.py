"""The Terraform plan loader, on plans written here (tests/fixtures/plans) and real ones (../shared/corpus).

Each fixture also has a golden file (tests/fixtures/plans/expected/<name>.json) holding everything the loader
produced from it; after an intended change, rewrite them with ``GATE_UPDATE_GOLDEN=1 pytest <this file>``
and read the diff.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from golden import assert_golden, plain

from gate.loaders.base import LoadOutput
from gate.loaders.terraform_plan import load_plan, looks_like_plan
from gate.model import Resource, strip_instance_keys
from gate.values import Origin, Unknown

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "plans"
GOLDEN = FIXTURES / "expected"
CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "plans"


def load(name: str) -> LoadOutput:
    text = (FIXTURES / name).read_text(encoding="utf-8")
    return load_plan(json.loads(text), text, f"plans/{name}", f"plans/{name}")


def by_address(out: LoadOutput) -> dict[str, Resource]:
    return {resource.address: resource for resource in out.resources}


def lines_of(resource: Resource) -> tuple[int, int]:
    return resource.location.start_line, resource.location.end_line


# --- recognising a plan ---------------------------------------------------------------------------


def test_a_plan_is_recognised_and_a_state_or_template_is_not() -> None:
    assert looks_like_plan(json.loads((FIXTURES / "modules.json").read_text()))
    assert looks_like_plan(json.loads((FIXTURES / "planned_values_only.json").read_text()))
    state = {"format_version": "1.0", "terraform_version": "1.5.7", "values": {"root_module": {}}}
    assert not looks_like_plan(state)
    assert not looks_like_plan({"AWSTemplateFormatVersion": "2010-09-09", "Resources": {}})
    assert not looks_like_plan([{"format_version": "1.0", "resource_changes": []}])
    assert not looks_like_plan("format_version")


# --- which resources, with which addresses and actions --------------------------------------------


def test_addresses_are_kept_as_the_plan_prints_them() -> None:
    out = load("modules.json")
    assert out.errors == []
    assert [resource.address for resource in out.resources] == [
        "data.aws_iam_policy_document.assume",
        "aws_kms_key.main",
        "aws_s3_bucket_policy.p",
        'aws_iam_role.r["admin"]',
        'aws_iam_role.r["read&write"]',
        'module.app["blue"].aws_s3_bucket.b',
        'module.app["green"].aws_s3_bucket.b',
        "module.web.aws_security_group.this",
        "module.web.aws_security_group_rule.extra[0]",
        "module.web.aws_security_group_rule.extra[1]",
        "module.web.module.logs.aws_s3_bucket.this",
        "module.web.module.logs.aws_s3_bucket_public_access_block.this",
    ]
    resource = by_address(out)["module.web.aws_security_group_rule.extra[1]"]
    assert (resource.type, resource.format, resource.mode, resource.scope) == (
        "aws_security_group_rule",
        "terraform-plan",
        "managed",
        "plans/modules.json",
    )
    assert resource.base_address == "module.web.aws_security_group_rule.extra"


def test_delete_only_is_left_out_and_what_exists_after_apply_is_kept() -> None:
    out = load("actions.json")
    actions = {resource.address: resource.actions for resource in out.resources}
    assert actions == {
        "aws_s3_bucket.created": ("create",),
        "aws_s3_bucket.unchanged": ("no-op",),
        "aws_s3_bucket.updated": ("update",),
        "aws_instance.replaced": ("delete", "create"),
        "aws_instance.replaced_first": ("create", "delete"),  # its deposed object, delete-only, is left out
        "data.aws_caller_identity.current": ("read",),
    }
    assert "aws_s3_bucket.deleted" not in actions
    assert by_address(out)["data.aws_caller_identity.current"].mode == "data"


def test_a_replaced_resource_is_judged_on_its_new_values() -> None:
    replaced = by_address(load("actions.json"))["aws_instance.replaced"]
    assert replaced.attributes["ami"] == "ami-2"
    assert replaced.attributes["metadata_options"][0]["http_tokens"] == "required"


# --- unknown and sensitive values -----------------------------------------------------------------


def test_a_value_known_only_after_apply_is_present_as_unknown() -> None:
    db = by_address(load("unknowns.json"))["aws_db_instance.db"]
    unknown = db.attributes["kms_key_id"]  # set from aws_kms_key.k.arn: set, but not known yet
    assert isinstance(unknown, Unknown)
    assert unknown.refs == frozenset({"aws_kms_key.k"})
    assert unknown.reason == "known after apply"
    # computed, never "an identifier used as is": the plan keeps references, not the expression behind them
    assert unknown.origin is Origin.COMPUTED and not unknown.concrete
    assert db.attributes["storage_encrypted"] is True
    assert isinstance(db.attributes["endpoint"], Unknown) and db.attributes["endpoint"].refs == frozenset()


def test_unknown_inside_a_nested_block_keeps_the_known_parts() -> None:
    bucket = by_address(load("unknowns.json"))["aws_s3_bucket.logs"]
    default = bucket.attributes["server_side_encryption_configuration"][0]["rule"][0][
        "apply_server_side_encryption_by_default"
    ][0]
    assert default["sse_algorithm"] == "aws:kms"
    assert default["kms_master_key_id"] == Unknown(frozenset({"aws_kms_key.k"}))
    rule = bucket.attributes["server_side_encryption_configuration"][0]["rule"][0]
    assert rule["bucket_key_enabled"] is None


def test_a_whole_block_or_list_element_can_be_unknown() -> None:
    out = by_address(load("unknowns.json"))
    logging = out["aws_s3_bucket.logs"].attributes["logging"]  # after_unknown: "logging": true
    assert isinstance(logging, Unknown) and logging.refs == frozenset({"aws_s3_bucket.audit"})
    cidrs = out["aws_security_group.sg"].attributes["ingress"][0]["cidr_blocks"]
    assert cidrs[0] == "10.0.0.0/8"
    assert isinstance(cidrs[1], Unknown) and cidrs[1].refs == frozenset({"aws_subnet.a"})
    # Marks that say "known" (false, empty list or map) change nothing.
    assert out["aws_s3_bucket.logs"].attributes["tags"] == {"env": "prod"}
    assert "lifecycle_rule" not in out["aws_s3_bucket.logs"].attributes
    assert out["aws_lambda_function.f"].attributes["kms_key_arn"] is None


def test_marks_that_do_not_fit_the_value_make_it_unknown_rather_than_known() -> None:
    change = {
        "actions": ["create"],
        "after": {"a": None, "b": "text", "c": [1]},
        "after_unknown": {"a": [{"x": True}], "b": {"y": True}, "c": [False, {"z": True}], "d": [{}]},
    }
    entry = {"address": "aws_x.y", "type": "aws_x", "change": change}
    doc = {"format_version": "1.0", "resource_changes": [entry]}
    [resource] = load_plan(doc, json.dumps(doc), "p.json", "p.json").resources
    assert resource.attributes == {"a": Unknown(), "b": Unknown(), "c": [1, Unknown()]}


def test_a_change_without_after_takes_its_planned_values() -> None:
    doc = json.loads((FIXTURES / "unknowns.json").read_text())
    doc["resource_changes"][0]["change"]["after"] = None
    out = load_plan(doc, json.dumps(doc, indent=2), "p.json", "p.json")
    bucket = by_address(out)["aws_s3_bucket.logs"]
    assert bucket.attributes["bucket"] == "logs"
    assert isinstance(bucket.attributes["id"], Unknown)


def test_sensitive_names_the_top_level_attributes_marked_anywhere_inside() -> None:
    out = by_address(load("unknowns.json"))
    assert out["aws_db_instance.db"].sensitive == frozenset({"password"})
    assert out["aws_ssm_parameter.token"].sensitive == frozenset({"value"})
    assert out["aws_lambda_function.f"].sensitive == frozenset({"environment"})
    assert out["aws_security_group.sg"].sensitive == frozenset()  # only false marks


# --- references -----------------------------------------------------------------------------------


def test_references_come_from_the_configuration_in_the_resource_module() -> None:
    out = by_address(load("modules.json"))
    assert out["module.web.aws_security_group_rule.extra[0]"].references == {
        "security_group_id": frozenset({"module.web.aws_security_group.this"})
    }
    assert out["module.web.module.logs.aws_s3_bucket_public_access_block.this"].references == {
        "bucket": frozenset({"module.web.module.logs.aws_s3_bucket.this"})
    }
    # A module output names the module; var, local, each, count, path, self and terraform name no resource.
    assert out["module.web.aws_security_group.this"].references == {"tags": frozenset({"module.web.module.logs"})}
    assert out['module.app["green"].aws_s3_bucket.b'].references == {}
    assert out["aws_s3_bucket_policy.p"].references == {
        "bucket": frozenset({"module.app"}),
        "policy": frozenset({"data.aws_iam_policy_document.assume"}),
    }
    assert out['aws_iam_role.r["read&write"]'].references == {
        "assume_role_policy": frozenset({"data.aws_iam_policy_document.assume"})
    }
    # Nested blocks of expressions are searched too.
    assert out["data.aws_iam_policy_document.assume"].references == {"statement": frozenset({"aws_kms_key.main"})}


def test_unknown_values_carry_the_references_of_their_attribute() -> None:
    out = by_address(load("modules.json"))
    policy = out['aws_iam_role.r["admin"]'].attributes["assume_role_policy"]
    assert policy == Unknown(frozenset({"data.aws_iam_policy_document.assume"}))
    rule = out["module.web.aws_security_group_rule.extra[0]"].attributes["security_group_id"]
    assert rule == Unknown(frozenset({"module.web.aws_security_group.this"}))


# --- format versions and broken input -------------------------------------------------------------


def test_format_0_1_loads() -> None:
    out = load("format_0_1.json")
    assert out.errors == []
    policy = by_address(out)["aws_s3_bucket_policy.p"]
    assert policy.references == {"bucket": frozenset({"aws_s3_bucket.b"})}
    assert policy.sensitive == frozenset()
    assert policy.attributes["bucket"] == Unknown(frozenset({"aws_s3_bucket.b"}))


def test_format_1_2_loads() -> None:
    out = load("modules.json")
    assert out.errors == [] and len(out.resources) == 12


def test_an_unsupported_format_version_is_an_error_at_its_line() -> None:
    out = load("format_2_0.json")
    assert out.resources == []
    [error] = out.errors
    assert (error.file, error.line) == ("plans/format_2_0.json", 2)
    assert error.detail == "unsupported plan format version 2.0 (supported: 0.1 to 1.x)"
    assert str(error) == f"plans/format_2_0.json:2: {error.detail}"


def test_a_malformed_resource_change_is_an_error_and_the_rest_still_load() -> None:
    out = load("malformed.json")
    assert [resource.address for resource in out.resources] == ["aws_s3_bucket.ok", "aws_s3_bucket.also_ok"]
    assert [(error.line, error.detail) for error in out.errors] == [
        (4, "resource_changes[1]: no address or type"),  # a string: placed at "resource_changes"
        (28, "resource_changes[2]: no address or type"),
        (46, "aws_s3_bucket.no_actions: resource change has no list of actions"),
    ]


def _change(**change: Any) -> list[dict[str, Any]]:
    return [{"address": "aws_x.y", "type": "aws_x", "change": change}]


@pytest.mark.parametrize(
    "doc",
    [
        {"format_version": "1.0", "resource_changes": {"address": "aws_x.y"}},
        {"format_version": "1.0", "resource_changes": [{"address": "aws_x.y", "type": "aws_x", "change": []}]},
        {
            "format_version": "1.0",
            "resource_changes": _change(actions=["create"], after=[1], after_unknown=[True], after_sensitive="yes"),
        },
        {
            "format_version": "1.0",
            "configuration": [],
            "resource_changes": _change(
                actions=["create"], after={"a": 1}, after_unknown={"a": {"b": True}, "c": [[True]]}
            ),
        },
        {
            "format_version": "1.0",
            "resource_changes": [],
            "planned_values": {"root_module": {"resources": [None]}},
            "configuration": {
                "root_module": {
                    "resources": [None, {"expressions": {"a": {"references": [1]}}}],
                    "module_calls": {"m": None},
                }
            },
        },
        {"format_version": None, "planned_values": {}},
        {"format_version": "1", "planned_values": "none"},
    ],
)
def test_odd_documents_give_errors_never_exceptions(doc: dict[str, Any]) -> None:
    text = json.dumps(doc)
    out = load_plan(doc, text, "odd.json", "odd.json")
    assert isinstance(out, LoadOutput)
    for resource in out.resources:
        assert resource.location.start_line == 1


def test_a_plan_with_only_planned_values_loads_from_them() -> None:
    out = load("planned_values_only.json")
    assert out.errors == []
    resources = by_address(out)
    assert list(resources) == [
        "aws_ebs_volume.data",
        "module.db.aws_db_instance.main",
        "module.db.module.sg.aws_security_group.this[0]",
    ]
    db = resources["module.db.aws_db_instance.main"]
    assert db.attributes == {"engine": "mysql", "password": "changeme", "storage_encrypted": False}
    assert db.sensitive == frozenset({"password"})
    assert db.actions == ()
    assert db.references == {"vpc_security_group_ids": frozenset({"module.db.module.sg"})}
    assert [lines_of(resource) for resource in out.resources] == [(8, 20), (27, 41), (48, 77)]


# --- locations ------------------------------------------------------------------------------------


def test_location_is_the_resource_change_from_its_address_to_its_closing_brace() -> None:
    out = load("modules.json")
    text = (FIXTURES / "modules.json").read_text().splitlines()
    resources = by_address(out)
    assert lines_of(resources["data.aws_iam_policy_document.assume"]) == (267, 328)
    assert lines_of(resources["aws_kms_key.main"]) == (330, 358)
    # Go writes & as \u0026: the address is still found.
    assert lines_of(resources['aws_iam_role.r["read&write"]']) == (412, 441)
    assert text[411].strip() == '"address": "aws_iam_role.r[\\"read\\u0026write\\"]",'
    # The last one, whose end is found by matching braces.
    assert lines_of(resources["module.web.module.logs.aws_s3_bucket_public_access_block.this"]) == (681, 705)
    assert text[704] == "    }" and text[705] == "  ],"
    for resource in out.resources:
        assert resource.location.file == "plans/modules.json"
        assert text[resource.location.start_line - 1].strip().startswith('"address": ')
        assert text[resource.location.end_line - 1].strip() in ("}", "},")


def test_a_minified_plan_is_all_on_line_1() -> None:
    out = load("minified.json")
    assert len(out.resources) == 12
    assert {lines_of(resource) for resource in out.resources} == {(1, 1)}


def test_locations_of_a_large_plan_take_linear_time() -> None:
    changes = [
        {
            "address": f'module.m{i % 40}.aws_s3_bucket.b["k{i}"]',
            "mode": "managed",
            "type": "aws_s3_bucket",
            "name": "b",
            "index": f"k{i}",
            "change": {
                "actions": ["create"],
                "before": None,
                "after": {
                    "bucket": f"b{i}",
                    "tags": {f"t{j}": "v" * 40 for j in range(3)},
                    "rule": [{"cidr_blocks": ["0.0.0.0/0"], "port": j} for j in range(3)],
                },
                "after_unknown": {"id": True, "rule": [{"id": True}] * 3},
                "after_sensitive": {},
            },
        }
        for i in range(5000)
    ]
    doc = {"format_version": "1.2", "planned_values": {"root_module": {}}, "resource_changes": changes}
    text = json.dumps(doc, indent=2)
    out = load_plan(json.loads(text), text, "big.json", "big.json")
    assert len(out.resources) == 5000
    last = out.resources[-1]
    lines = text.splitlines()
    expected = json.dumps('module.m39.aws_s3_bucket.b["k4999"]')
    assert lines[last.location.start_line - 1].strip() == f'"address": {expected},'
    assert lines[last.location.end_line] == "  ]"


# --- golden files ---------------------------------------------------------------------------------


def _snapshot(out: LoadOutput) -> dict[str, Any]:
    return {
        "resources": [
            {
                "address": r.address,
                "type": r.type,
                "mode": r.mode,
                "actions": list(r.actions),
                "lines": [r.location.start_line, r.location.end_line],
                "sensitive": sorted(r.sensitive),
                "references": {name: sorted(refs) for name, refs in r.references.items()},
                "attributes": plain(r.attributes),
            }
            for r in out.resources
        ],
        "errors": [str(error) for error in out.errors],
    }


@pytest.mark.parametrize("name", sorted(path.name for path in FIXTURES.glob("*.json")))
def test_golden(name: str) -> None:
    snapshot = _snapshot(load(name))
    golden = GOLDEN / name
    assert_golden(golden, snapshot)


# --- real plans -----------------------------------------------------------------------------------


# Loaded once for the module; named apart from conftest's `corpus` (a path, loaded per test).
@pytest.fixture(scope="module")
def plans() -> dict[str, tuple[str, LoadOutput]]:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus not found: corpus tests skipped")
    loaded: dict[str, tuple[str, LoadOutput]] = {}
    for path in sorted(CORPUS.glob("*.json")):
        text = path.read_text(encoding="utf-8-sig")
        doc = json.loads(text)
        assert looks_like_plan(doc), path.name
        loaded[path.stem] = (text, load_plan(doc, text, path.name, path.name))
    resources = sum(len(out.resources) for _, out in loaded.values())
    errors = sum(len(out.errors) for _, out in loaded.values())
    print(f"\ncorpus: {len(loaded)} plans, {resources} resources, {errors} errors")
    return loaded


def test_every_corpus_plan_loads_without_errors(plans: dict[str, tuple[str, LoadOutput]]) -> None:
    with (CORPUS / "INDEX.tsv").open(encoding="utf-8") as index:
        expected = {Path(row["file"]).stem for row in csv.DictReader(index, delimiter="\t")}
    assert set(plans) == expected
    assert {name: [str(e) for e in out.errors] for name, (_, out) in plans.items() if out.errors} == {}
    assert sum(len(out.resources) for _, out in plans.values()) > 250


def test_corpus_locations_point_at_the_resource_change(plans: dict[str, tuple[str, LoadOutput]]) -> None:
    for name, (text, out) in plans.items():
        lines = text.splitlines()
        if len(lines) == 1:
            assert {(r.location.start_line, r.location.end_line) for r in out.resources} <= {(1, 1)}, name
            continue
        for resource in out.resources:
            start, end = resource.location.start_line, resource.location.end_line
            escaped = json.dumps(resource.address)
            assert lines[start - 1].strip().startswith(f'"address": {escaped}'), (name, resource.address)
            assert lines[end - 1].strip() in ("}", "},"), (name, resource.address)


def test_corpus_plan_with_a_replaced_resource(plans: dict[str, tuple[str, LoadOutput]]) -> None:
    _, out = plans["checkov__tests__terraform__runner__resources__plan_with_deleted_resources__tfplan"]
    [secret] = out.resources
    assert secret.address == "aws_secretsmanager_secret.default"
    assert secret.actions == ("create", "delete")
    assert secret.attributes["kms_key_id"] is None
    assert isinstance(secret.attributes["arn"], Unknown)


def test_corpus_plan_with_deleted_resources(plans: dict[str, tuple[str, LoadOutput]]) -> None:
    text, out = plans["terraform-compliance__tests__functional__test_issue_522__plan.out"]
    changes = json.loads(text)["resource_changes"]
    deleted = {c["address"] for c in changes if c["change"]["actions"] == ["delete"]}
    assert len(changes) == 15 and len(deleted) == 2
    assert len(out.resources) == 13
    assert not deleted & {resource.address for resource in out.resources}
    lambda_function = by_address(out)["aws_lambda_function.lambda"]
    assert lambda_function.sensitive == frozenset({"environment"})
    assert lambda_function.references["role"] == frozenset({"aws_iam_role.lambda_execution_role"})


def test_corpus_plan_with_nested_child_modules(plans: dict[str, tuple[str, LoadOutput]]) -> None:
    name = "checkov__tests__terraform__runner__resources__plan_nested_child_modules_with_connections__tfplan"
    resources = by_address(plans[name][1])
    assert len(resources) == 9
    submodule = "module.s3_module.module.s3_submodule"
    block = resources[f"{submodule}.aws_s3_bucket_public_access_block.submodule_bucket"]
    assert block.references == {"bucket": frozenset({f"{submodule}.aws_s3_bucket.submodule_bucket"})}
    acl = resources["module.s3_bucket.aws_s3_bucket_acl.this[0]"]
    assert acl.references["bucket"] == frozenset({"module.s3_bucket.aws_s3_bucket.this"})


def test_corpus_plan_with_after_unknown(plans: dict[str, tuple[str, LoadOutput]]) -> None:
    _, out = plans["checkov__tests__terraform__parser__resources__plan_after_unknown__tfplan"]
    [distribution] = out.resources
    # This plan's change has no "after": the values come from planned_values, the unknowns from after_unknown.
    logging = distribution.attributes["logging_config"][0]
    assert logging["prefix"] == "cloudfront"
    assert isinstance(logging["bucket"], Unknown)


def test_corpus_plans_with_for_each_modules_data_sources_and_no_op(
    plans: dict[str, tuple[str, LoadOutput]],
) -> None:
    _, out = plans["checkov__tests__common__runner_registry__plan_with_for_each_for_enrichment__tf_plan"]
    assert 'module.sg["bad_example"].aws_security_group.bad' in by_address(out)
    _, out = plans["checkov__tests__terraform__runner__resources__plan_with_iam_data_block__tfplan"]
    document = by_address(out)["data.aws_iam_policy_document.allow_access_from_another_account"]
    assert (document.mode, document.actions) == ("data", ("read",))
    assert by_address(out)["aws_s3_bucket_policy.allow_access_from_another_account"].references["policy"] == frozenset(
        {"data.aws_iam_policy_document.allow_access_from_another_account"}
    )
    _, out = plans["regula__rego__tests__rules__tf__aws__cloudtrail__inputs__issue355_infra"]
    assert {resource.actions for resource in out.resources} == {("no-op",)}
    _, out = plans["kics__test__fixtures__tfplan__tfplan"]  # empty resource_changes: planned_values
    assert [(r.address, r.actions) for r in out.resources] == [("fakewebservices_database.prod_db", ())]


@pytest.mark.parametrize(
    ("address", "base"),
    [
        ("aws_x.y", "aws_x.y"),
        ("aws_x.y[0]", "aws_x.y"),
        ('module.a["k"].aws_x.y[0]', "module.a.aws_x.y"),
        ('module.a["k]\\"x"].b.c["[d]"]', "module.a.b.c"),  # brackets and escaped quotes inside a key
    ],
)
def test_instance_keys_are_stripped_from_addresses(address: str, base: str) -> None:
    assert strip_instance_keys(address) == base
