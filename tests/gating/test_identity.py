"""A finding's identity: the root it was judged in and the resource causing it, and everything that keys on it
(baselines, inline skips, waivers, tickets), including baselines and tickets written before it named them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from test_stages import SSH_OPEN, TODAY, gate, project, run

from gate.backlog.findings import collect
from gate.backlog.markup import Markdown
from gate.backlog.model import Desired, Finding, Marker, Ticket
from gate.backlog.planner import plan
from gate.backlog.render import desired
from gate.backlog.settings import DEFAULT_DUE
from gate.engine.evaluate import fingerprint, legacy_fingerprint
from gate.model import Disposition, Result, RunResult, Status

PUBLIC_DB = """variable "public" {
  type    = bool
  default = false
}

resource "aws_db_instance" "this" {
  engine              = "postgres"
  instance_class      = "db.t3.micro"
  storage_encrypted   = true
  publicly_accessible = var.public
}
"""
CALL_DB = 'module "db" {\n  source = "../../modules/db"\n  public = %s\n}\n'
RULE = """resource "aws_vpc_security_group_ingress_rule" "%s" {
  security_group_id = aws_security_group.bastion.id
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "tcp"
  from_port         = 22
  to_port           = 22
}
"""
SKIP = '# gate:skip=GATE-NET-001 reason="Bastion, reviewed in SEC-120"\n'


def findings(result: RunResult, policy_id: str) -> list[Result]:
    return [r for r in result.results if r.policy_id == policy_id and r.status is not Status.PASSED]


def environments(tmp_path: Path, prod: str = "true", staging: str = "true") -> Path:
    return project(
        tmp_path,
        **{
            "modules__db__main.tf": PUBLIC_DB,
            "envs__prod__main.tf": CALL_DB % prod,
            "envs__staging__main.tf": CALL_DB % staging,
        },
    )


def waivers(*entries: str) -> str:
    expires = (TODAY + dt.timedelta(days=30)).isoformat()
    return "waivers:\n" + "".join(
        f"  - policy: GATE-NET-001\n    {e}\n    reason: reviewed\n    owner: team-network\n    expires: {expires}\n"
        for e in entries
    )


# --- roots --------------------------------------------------------------------------------------------------
def test_two_roots_calling_one_module_are_two_findings(tmp_path: Path) -> None:
    found = findings(run(environments(tmp_path)), "GATE-NET-005")
    assert sorted(r.root for r in found) == ["terraform:envs/prod", "terraform:envs/staging"]
    assert {(r.resource.address, r.location.file) for r in found} == {
        ("module.db.aws_db_instance.this", "modules/db/main.tf")
    }
    assert len({r.fingerprint for r in found}) == 2


def test_a_baseline_of_one_environment_does_not_pass_the_other(tmp_path: Path) -> None:
    root = environments(tmp_path, staging="false")
    assert gate("baseline", "create", "envs/prod", cwd=root).returncode == 0
    entry = json.loads((root / ".gate-baseline.json").read_text())["entries"][0]
    assert (entry["root"], entry["address"]) == ("terraform:envs/prod", "module.db.aws_db_instance.this")
    (root / "envs/staging/main.tf").write_text(CALL_DB % "true")
    result = run(root, baseline=root / ".gate-baseline.json")
    by_root = {r.root: r.disposition for r in findings(result, "GATE-NET-005")}
    assert by_root == {"terraform:envs/prod": Disposition.BACKLOG, "terraform:envs/staging": Disposition.BLOCK}


# --- causes -------------------------------------------------------------------------------------------------
def test_each_rule_resource_opening_a_group_is_a_finding_of_its_own(tmp_path: Path) -> None:
    root = project(tmp_path, **{"main.tf": SSH_OPEN, "rules.tf": RULE % "a" + RULE % "b"})
    found = findings(run(root), "GATE-NET-001")
    assert {r.resource.address for r in found} == {"aws_security_group.bastion"}
    causes = sorted((r.cause.address, r.cause.location.file) if r.cause else ("", "") for r in found)
    assert causes == [
        ("", ""),
        ("aws_vpc_security_group_ingress_rule.a", "rules.tf"),
        ("aws_vpc_security_group_ingress_rule.b", "rules.tf"),
    ]
    assert len({r.fingerprint for r in found}) == 3
    caused = next(r for r in found if r.cause and r.cause.address.endswith(".a"))
    assert "aws_vpc_security_group_ingress_rule.a allows 0.0.0.0/0" in caused.message
    assert caused.fingerprint == fingerprint(
        "GATE-NET-001", "aws_security_group.bastion", "main.tf", "terraform:.", "aws_vpc_security_group_ingress_rule.a"
    )
    # Lines move: the identity does not.
    (root / "rules.tf").write_text("\n\n\n" + RULE % "b" + RULE % "a")
    assert {r.fingerprint for r in findings(run(root), "GATE-NET-001")} == {r.fingerprint for r in found}


def test_a_skip_on_the_group_does_not_skip_a_rule_resource_that_opens_it(tmp_path: Path) -> None:
    root = project(tmp_path, **{"main.tf": SKIP + SSH_OPEN, "rules.tf": RULE % "debug"})
    result = run(root, stage="pr")
    statuses = {(r.cause.address if r.cause else ""): r.status for r in findings(result, "GATE-NET-001")}
    assert statuses == {"": Status.SUPPRESSED, "aws_vpc_security_group_ingress_rule.debug": Status.FAILED}
    assert result.passed is False
    assert any("does not skip aws_vpc_security_group_ingress_rule.debug" in n for n in result.notices)
    # The skip written on the rule resource speaks for it.
    (root / "rules.tf").write_text(SKIP + RULE % "debug")
    assert {r.status for r in findings(run(root, stage="pr"), "GATE-NET-001")} == {Status.SUPPRESSED}


def test_a_waiver_names_the_resource_causing_the_finding(tmp_path: Path) -> None:
    files = {"main.tf": SSH_OPEN, "rules.tf": RULE % "debug"}
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    on_group = run(
        project(tmp_path / "a", **files, **{".gate-waivers.yaml": waivers("resource: aws_security_group.bastion")})
    )
    assert sorted(r.status for r in findings(on_group, "GATE-NET-001")) == [Status.FAILED, Status.WAIVED]
    assert any("does not waive aws_vpc_security_group_ingress_rule.debug" in n for n in on_group.notices)
    both = waivers(
        "resource: aws_security_group.bastion",
        "resource: aws_vpc_security_group_ingress_rule.debug\n    file: rules.tf",
    )
    on_both = run(project(tmp_path / "b", **files, **{".gate-waivers.yaml": both}))
    assert {r.status for r in findings(on_both, "GATE-NET-001")} == {Status.WAIVED}


def test_a_waiver_with_a_root_waives_in_that_root_only(tmp_path: Path) -> None:
    root = environments(tmp_path)
    (root / ".gate-waivers.yaml").write_text(
        waivers("resource: module.db.aws_db_instance.this\n    root: envs/prod").replace("GATE-NET-001", "GATE-NET-005")
    )
    by_root = {r.root: r.status for r in findings(run(root), "GATE-NET-005")}
    assert by_root == {"terraform:envs/prod": Status.WAIVED, "terraform:envs/staging": Status.FAILED}


# --- older baselines and tickets ----------------------------------------------------------------------------
def _legacy_baseline(root: Path, results: list[Result]) -> Path:
    """A baseline as policy-gate wrote it before fingerprints named the root and the cause (format 1)."""
    entries = [
        {
            "fingerprint": legacy_fingerprint(r),
            "policy_id": r.policy_id,
            "address": r.resource.address,
            "file": r.location.file,
        }
        for r in results
    ]
    path = root / "old-baseline.json"
    path.write_text(json.dumps({"format_version": 1, "tool": "policy-gate", "entries": entries}))
    return path


def test_an_older_baseline_matches_only_findings_it_names_alone(tmp_path: Path) -> None:
    # One environment failing: the old entry names one finding and still matches it.
    root = environments(tmp_path, staging="false")
    old = _legacy_baseline(root, findings(run(root), "GATE-NET-005"))
    result = run(root, baseline=old)
    assert [r.disposition for r in findings(result, "GATE-NET-005")] == [Disposition.BACKLOG]
    assert any("1 name one finding each and still match it" in n for n in result.notices)
    assert result.passed is True
    # Staging turns public: the old entry names two findings now and matches neither (never more than before).
    (root / "envs/staging/main.tf").write_text(CALL_DB % "true")
    result = run(root, baseline=old)
    assert [r.disposition for r in findings(result, "GATE-NET-005")] == [Disposition.BLOCK, Disposition.BLOCK]
    assert any("1 now name several findings" in n and "gate baseline update" in n for n in result.notices)


def test_an_older_baseline_entry_on_a_group_does_not_match_a_rule_resource(tmp_path: Path) -> None:
    root = project(tmp_path, **{"main.tf": SSH_OPEN.replace("0.0.0.0/0", "10.0.0.0/8"), "rules.tf": RULE % "debug"})
    found = findings(run(root), "GATE-NET-001")
    assert [r.cause.address for r in found if r.cause] == ["aws_vpc_security_group_ingress_rule.debug"]
    result = run(root, baseline=_legacy_baseline(root, found))
    assert [r.disposition for r in findings(result, "GATE-NET-001")] == [Disposition.BLOCK]


def _ticket(fp: str, file: str, key: str) -> Ticket:
    return Ticket(
        key, f"#{key}", "[gate] old title", ("policy-gate",), True, Marker(fp, file, dt.date(2026, 1, 1), "0")
    )


def _render(finding: Finding, first_seen: dt.date, reopened: int = 0) -> Desired:
    return desired(finding, Markdown(), first_seen, DEFAULT_DUE, None, reopened)


def _backlog(root: Path) -> RunResult:
    result = run(root)
    for item in result.results:  # every finding backlog, as a sync that includes blocking ones sees it
        item.disposition = Disposition.BACKLOG
    return result


def test_an_older_ticket_tracks_the_one_finding_it_names_and_no_more(tmp_path: Path) -> None:
    root = environments(tmp_path, staging="false")
    one = _backlog(root)
    (prod,) = findings(one, "GATE-NET-005")
    old = _ticket(legacy_fingerprint(prod), prod.location.file, "1")
    adopted = plan(collect(one, True, None), [old], _render, TODAY)
    action = next(a for a in adopted.actions if a.ticket == old)
    assert action.kind == "update" and "fingerprint" in action.why
    assert action.desired is not None and action.desired.fingerprint == prod.fingerprint
    assert adopted.count("close") == 0 and adopted.legacy == 0

    (root / "envs/staging/main.tf").write_text(CALL_DB % "true")
    split = plan(collect(_backlog(root), True, None), [old], _render, TODAY)
    assert split.legacy == 1, "the old ticket names two findings now: it tracks neither"
    assert [a.kind for a in split.actions if a.ticket == old] == []
    assert (
        sum(1 for a in split.actions if a.kind == "create" and a.desired and "publicly accessible" in a.desired.title)
        == 2
    )


def test_baseline_update_rewrites_an_older_baseline_in_the_current_form(tmp_path: Path) -> None:
    root = environments(tmp_path, staging="false")
    old = _legacy_baseline(root, findings(run(root), "GATE-NET-005"))
    assert gate("baseline", "update", ".", "--baseline", old.name, cwd=root).returncode == 0
    doc = json.loads(old.read_text())
    assert doc["format_version"] == 2
    assert {(e["root"], e["address"]) for e in doc["entries"] if e["policy_id"] == "GATE-NET-005"} == {
        ("terraform:envs/prod", "module.db.aws_db_instance.this")
    }
    result = run(root, baseline=old)
    assert not any("older policy-gate" in n for n in result.notices) and result.passed


CFN_GROUP = """Resources:
  Bastion:
    Type: AWS::EC2::SecurityGroup
    Metadata: {gate: {skip: [{id: GATE-NET-001, reason: reviewed in SEC-120}]}}
    Properties:
      GroupDescription: bastion
      SecurityGroupIngress: [{IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 0.0.0.0/0}]
  Debug:
    Type: AWS::EC2::SecurityGroupIngress
%s    Properties: {GroupId: !Ref Bastion, IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 0.0.0.0/0}
"""


def test_cloudformation_skips_speak_for_the_resource_they_are_written_on(tmp_path: Path) -> None:
    root = project(tmp_path, **{"stack.yaml": CFN_GROUP % ""})
    by_cause = {(r.cause.address if r.cause else ""): r.status for r in findings(run(root), "GATE-NET-001")}
    assert by_cause == {"": Status.SUPPRESSED, "Debug": Status.FAILED}
    skip = "    Metadata: {gate: {skip: [{id: GATE-NET-001, reason: lab only}]}}\n"
    (root / "stack.yaml").write_text(CFN_GROUP % skip)
    assert {r.status for r in findings(run(root), "GATE-NET-001")} == {Status.SUPPRESSED}
