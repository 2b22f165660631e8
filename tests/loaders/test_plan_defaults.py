"""Plans: what the configuration sets decides, not what the provider computes (gate.loaders.plan_defaults).

Terraform's JSON output lists, per resource of the ``configuration``, the ``expressions`` its code writes
(https://developer.hashicorp.com/terraform/internals/json-format#configuration-representation). An argument the
provider computes and the code never sets is the provider's documented default, not "known after apply".
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

from gate.api import ScanOptions, scan
from gate.loaders.plan_defaults import COMPUTED_DEFAULTS
from gate.loaders.terraform_plan import load_plan
from gate.model import Resource, RunResult, Status
from gate.values import Unknown

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "plan_defaults"


def deploy(folder: Path, name: str) -> RunResult:
    return scan(ScanOptions(paths=[folder / name], cwd=folder, environ={}, stage="deploy"))


def resources(doc: dict[str, Any]) -> dict[str, Resource]:
    text = json.dumps(doc, indent=1)
    out = load_plan(doc, text, "plan.json", "plan:plan.json")
    assert out.errors == []
    return {r.address: r for r in out.resources}


def fixture(name: str) -> dict[str, Any]:
    return dict(json.loads((FIXTURES / name).read_text()))


def blocking_unknowns(run: RunResult) -> list[str]:
    return [
        f"{r.policy_id} {r.resource.address}"
        for r in run.results
        if r.status is Status.UNKNOWN and r.disposition.value == "block"
    ]


# The HCL the fixture plans were made from. A plan keeps an expression's references, not the expression, so only
# this HCL proves that the ACL's and the public access block's ``bucket`` is ``aws_s3_bucket.data.id`` as is (and
# not, say, ``coalesce("legacy", aws_s3_bucket.data.id)``): gate.loaders.plan_identity.
SOURCE = """
resource "aws_kms_key" "data" {
  description             = "data key"
  deletion_window_in_days = 10
  enable_key_rotation     = true
}
resource "aws_s3_bucket" "data" {
  bucket = "example-data"
}
resource "aws_s3_bucket_acl" "data" {
  bucket = aws_s3_bucket.data.id
  acl    = "private"
}
resource "aws_s3_bucket_public_access_block" "data" {
  bucket                  = aws_s3_bucket.data.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
resource "aws_sqs_queue" "jobs" {
  name                    = "jobs"
  sqs_managed_sse_enabled = true
%s}
"""
UNKNOWN_POLICY = """  policy = data.aws_iam_policy_document.jobs.json
}
data "aws_iam_policy_document" "jobs" {
  statement {
    actions   = ["sqs:SendMessage"]
    resources = [timestamp()]
  }
"""


def deploy_with_source(tmp_path: Path, name: str, extra: str = "") -> RunResult:
    shutil.copy(FIXTURES / name, tmp_path / name)
    (tmp_path / "main.tf").write_text(SOURCE % extra, encoding="utf-8")
    return deploy(tmp_path, name)


def test_a_bucket_a_key_and_a_queue_with_safe_settings_pass_at_deploy(tmp_path: Path) -> None:
    # The key's policy, the queue's policy and the bucket's acl, grant and policy are computed by the provider
    # (after_unknown) but never written: the default key policy, no queue policy, the private ACL.
    run = deploy_with_source(tmp_path, "safe.json")
    assert run.errors == []
    assert blocking_unknowns(run) == []
    assert run.passed is True
    # the plan alone does not prove which bucket the ACL is put on: it is judged by itself
    assert "GATE-PERM-001 aws_s3_bucket_acl.data" in blocking_unknowns(deploy(FIXTURES, "safe.json"))


def test_a_policy_set_to_an_expression_known_only_after_apply_stays_unknown(tmp_path: Path) -> None:
    run = deploy_with_source(tmp_path, "unknown_policy.json", UNKNOWN_POLICY)
    assert sorted(blocking_unknowns(run)) == ["GATE-PERM-013 aws_sqs_queue.jobs", "GATE-PERM-020 aws_sqs_queue.jobs"]
    assert run.passed is False


def test_unset_computed_arguments_are_absent_and_set_ones_stay_unknown() -> None:
    safe = resources(fixture("safe.json"))
    assert "policy" not in safe["aws_kms_key.data"].attributes
    assert "policy" not in safe["aws_sqs_queue.jobs"].attributes
    assert {"acl", "policy"}.isdisjoint(safe["aws_s3_bucket.data"].attributes)
    assert isinstance(safe["aws_kms_key.data"].attributes["arn"], Unknown)  # not a listed argument: kept
    unknown = resources(fixture("unknown_policy.json"))
    assert isinstance(unknown["aws_sqs_queue.jobs"].attributes["policy"], Unknown)


def test_a_plan_without_configuration_keeps_every_unknown() -> None:
    doc = fixture("safe.json")
    del doc["configuration"]
    kept = resources(doc)
    assert isinstance(kept["aws_kms_key.data"].attributes["policy"], Unknown)
    assert isinstance(kept["aws_sqs_queue.jobs"].attributes["policy"], Unknown)


def test_a_resource_the_configuration_does_not_list_keeps_its_unknowns() -> None:
    doc = fixture("safe.json")
    root = doc["configuration"]["root_module"]
    root["resources"] = [r for r in root["resources"] if r["address"] != "aws_kms_key.data"]
    assert isinstance(resources(doc)["aws_kms_key.data"].attributes["policy"], Unknown)


def test_a_block_never_written_stays_unknown_unless_a_separate_resource_governs_it() -> None:
    # A dynamic block is absent from "expressions" (Terraform's jsonconfig ignores them), and one whose for_each
    # is unknown makes the whole block unknown: an unwritten block cannot be told from it.
    doc = fixture("safe.json")
    with_acl = resources(doc)["aws_s3_bucket.data"]
    assert "grant" not in with_acl.attributes  # aws_s3_bucket_acl.data takes over acl and grant
    assert isinstance(with_acl.attributes["versioning"], Unknown)  # no aws_s3_bucket_versioning for it
    doc["resource_changes"] = [c for c in doc["resource_changes"] if c["type"] != "aws_s3_bucket_acl"]
    alone = resources(doc)["aws_s3_bucket.data"]
    assert isinstance(alone.attributes["grant"], Unknown)
    assert "acl" not in alone.attributes  # an argument: decided from the configuration alone


def test_split_resources_govern_their_own_module_instance_only() -> None:
    doc = fixture("safe.json")
    for change in doc["resource_changes"]:
        change["address"] = 'module.site["a"].' + change["address"]
        change["module_address"] = 'module.site["a"]'
    bucket = dict(
        doc["resource_changes"][1], address='module.site["b"].aws_s3_bucket.data', module_address='module.site["b"]'
    )
    doc["resource_changes"].append(bucket)
    doc["configuration"]["root_module"] = {
        "module_calls": {
            "site": {
                "source": "./site",
                "for_each_expression": {"constant_value": {"a": 1, "b": 2}},
                "module": doc["configuration"]["root_module"],
            }
        }
    }
    loaded = resources(doc)
    assert "grant" not in loaded['module.site["a"].aws_s3_bucket.data'].attributes
    assert isinstance(loaded['module.site["b"].aws_s3_bucket.data'].attributes["grant"], Unknown)
    assert "policy" not in loaded['module.site["b"].aws_s3_bucket.data'].attributes


WITH_SOURCE = Path(__file__).resolve().parents[1] / "fixtures" / "plan_with_source"


def _status(run: RunResult, policy: str, address: str) -> Status:
    return next(r.status for r in run.results if r.policy_id == policy and r.resource.address == address)


def test_the_folder_the_plan_was_made_from_proves_a_computed_block_is_never_written(tmp_path: Path) -> None:
    # Beside its HCL, which writes no grant and no inline_policy (not even a dynamic one): the provider's default.
    shutil.copytree(WITH_SOURCE, tmp_path / "repo")
    run = deploy(tmp_path / "repo", "plan.json")
    assert _status(run, "GATE-PERM-001", "aws_s3_bucket.data") is Status.PASSED
    assert _status(run, "GATE-PERM-003", "aws_iam_role.app") is Status.PASSED
    assert blocking_unknowns(run) == []


def test_without_its_folder_or_beside_another_folder_a_computed_block_stays_unknown(tmp_path: Path) -> None:
    alone = tmp_path / "alone"
    alone.mkdir()
    shutil.copy(WITH_SOURCE / "plan.json", alone / "plan.json")
    run = deploy(alone, "plan.json")
    assert _status(run, "GATE-PERM-001", "aws_s3_bucket.data") is Status.UNKNOWN
    other = tmp_path / "other"
    shutil.copytree(WITH_SOURCE, other)
    with (other / "main.tf").open("a") as tf:
        tf.write('\nresource "aws_sqs_queue" "extra" {\n  name = "extra"\n}\n')  # not the plan's folder any more
    run = deploy(other, "plan.json")
    assert _status(run, "GATE-PERM-003", "aws_iam_role.app") is Status.UNKNOWN


def test_a_dynamic_block_in_the_folder_keeps_the_block_unknown(tmp_path: Path) -> None:
    shutil.copytree(WITH_SOURCE, tmp_path / "repo")
    main = tmp_path / "repo" / "main.tf"
    main.write_text(
        main.read_text().replace(
            'bucket = "example-data"',
            """bucket = "example-data"
  dynamic "grant" {
    for_each = aws_iam_role.app.tags_all
    content {
      type        = "Group"
      uri         = grant.value
      permissions = ["READ"]
    }
  }""",
        )
    )
    run = deploy(tmp_path / "repo", "plan.json")
    assert _status(run, "GATE-PERM-001", "aws_s3_bucket.data") is Status.UNKNOWN


# Nested blocks that are never written: they stay unknown because a dynamic block with an unknown for_each is
# indistinguishable from them in a plan (see gate.loaders.plan_defaults).
_BLOCKS_NEVER_DECIDED = frozenset({"grant", "inline_policy", "access_control_policy"})
_UNKNOWN_PATH = re.compile(r"([A-Za-z_][\w]*)(?:\.[\w.]+)? is known only after apply")


def test_corpus_plans_give_no_deploy_block_from_an_argument_the_configuration_never_sets(corpus: Path) -> None:
    run = deploy(corpus, "plans")
    assert run.errors == []
    written: dict[tuple[str, str], frozenset[str]] = {}
    for path in (corpus / "plans").glob("*.json"):
        doc = json.loads(path.read_text(encoding="utf-8"))
        written.update({(path.name, k): v for k, v in _written(doc.get("configuration")).items()})
    blocking = [r for r in run.results if r.status is Status.UNKNOWN and r.disposition.value == "block"]
    assert blocking, "the corpus has unknowns that must still block"
    for result in blocking:
        names = set(_UNKNOWN_PATH.findall(result.message))
        assert names, result.message
        base = re.sub(r"\[[^\]]*\]", "", result.resource.address)
        configured = written.get((Path(result.location.file).name, base))
        assert configured is not None, result.resource.address
        never_set = names - configured - _BLOCKS_NEVER_DECIDED
        assert not never_set, f"{result.policy_id} {result.resource.address}: {never_set} is never set"
        listed = COMPUTED_DEFAULTS.get(result.resource.type, {})
        assert not (names - configured) & set(listed), result.message


def _written(configuration: Any) -> dict[str, frozenset[str]]:
    # Read here directly from the plan, apart from the loader, so the test checks the loader's index too.
    found: dict[str, frozenset[str]] = {}
    pending = [("", (configuration or {}).get("root_module") or {})]
    while pending:
        prefix, module = pending.pop()
        for resource in module.get("resources") or []:
            if resource.get("mode") == "managed":
                found[f"{prefix}{resource['type']}.{resource['name']}"] = frozenset(resource.get("expressions") or {})
        for name, call in (module.get("module_calls") or {}).items():
            pending.append((f"{prefix}module.{name}.", call.get("module") or {}))
    return found
