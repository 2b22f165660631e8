"""The command line as a user and a CI job meet it: exit codes, the JSON contract, errors without tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"


def gate(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gate", *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=120
    )


def test_version_and_help() -> None:
    version = gate("--version")
    assert version.returncode == 0 and version.stdout.startswith("policy-gate ")
    assert gate("--help").returncode == 0


def test_insecure_example_blocks_with_findings() -> None:
    run = gate("scan", EXAMPLES / "insecure", cwd=REPO)
    assert run.returncode == 1, run.stderr
    assert "GATE-NET-001" in run.stdout
    assert run.stdout.rstrip().splitlines()[-1].startswith("BLOCKED: ")


def test_secure_example_passes() -> None:
    run = gate("scan", EXAMPLES / "secure", cwd=REPO)
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.rstrip().splitlines()[-1].startswith("PASSED")


def test_json_contract(tmp_path: Path) -> None:
    out = tmp_path / "result.json"
    run = gate("scan", EXAMPLES / "insecure", "--format", "json", "--output", out, cwd=REPO)
    assert run.returncode == 1
    doc = json.loads(run.stdout)
    assert json.loads(out.read_text()) == doc
    assert doc["schema_version"] == "1"
    assert doc["tool"]["name"] == "policy-gate"
    assert doc["passed"] is False
    assert set(doc["summary"]) == {"failed", "passed", "unknown", "errors", "waived", "suppressed", "subsumed"}
    assert set(doc["summary"]["failed"]) == {"critical", "high", "medium", "low", "info"}
    assert doc["results"], "the insecure example has findings"
    for result in doc["results"]:
        assert {
            "policy_id",
            "title",
            "severity",
            "family",
            "status",
            "disposition",
            "resource",
            "location",
            "message",
            "fingerprint",
        } <= set(result)
        assert result["status"] in {"failed", "passed", "unknown", "error"}
        assert result["disposition"] in {"block", "backlog", "ignore"}
        assert set(result["resource"]) == {"address", "type", "format"}
        assert result["resource"]["format"] in {"terraform", "terraform-plan", "cloudformation"}
        assert not result["location"]["file"].startswith("/") and "\\" not in result["location"]["file"]
        assert result["location"]["file"].startswith("examples/insecure/")
        # the lines to change, when narrower than the resource (an ingress block); never outside the scan
        assert result["region"] is None or result["region"]["file"].startswith("examples/insecure/")
        assert result["subsumed_by"] is None or result["subsumed_by"] in {r["fingerprint"] for r in doc["results"]}
    blocking = [r for r in doc["results"] if r["disposition"] == "block"]
    assert all(r["severity"] == "critical" and r["status"] == "failed" for r in blocking)


def test_fingerprint_is_stable_when_lines_move(tmp_path: Path) -> None:
    main = tmp_path / "main.tf"
    rule = 'resource "aws_security_group" "sg" {\n  ingress {\n    from_port = 22\n    to_port = 22\n    protocol = "tcp"\n    cidr_blocks = ["0.0.0.0/0"]\n  }\n}\n'
    main.write_text(rule)
    first = json.loads(gate("scan", tmp_path, "--format", "json", cwd=tmp_path).stdout)["results"]
    main.write_text("\n\n\n# moved down\n" + rule)
    second = json.loads(gate("scan", tmp_path, "--format", "json", cwd=tmp_path).stdout)["results"]
    assert first[0]["location"]["start_line"] != second[0]["location"]["start_line"]
    assert first[0]["fingerprint"] == second[0]["fingerprint"]


def test_broken_file_is_an_error_result_not_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "good.tf").write_text('resource "aws_ebs_volume" "v" {\n  size = 1\n  encrypted = true\n}\n')
    (tmp_path / "bad.tf").write_text('resource "aws_s3_bucket" "b" {\n  bucket = "x"\n')
    run = gate("scan", tmp_path, "--format", "json", cwd=tmp_path)
    assert run.returncode == 1, "a file that cannot be read must never let the gate pass"
    assert "Traceback" not in run.stderr
    doc = json.loads(run.stdout)
    assert doc["errors"] and doc["errors"][0]["file"] == "bad.tf"
    errors = [r for r in doc["results"] if r["status"] == "error"]
    assert errors and errors[0]["disposition"] == "block"
    text = gate("scan", tmp_path, cwd=tmp_path)
    assert "could not be read" in text.stdout.splitlines()[-1]


def test_broken_cloudformation_and_plan_fail_closed(tmp_path: Path) -> None:
    (tmp_path / "template.yaml").write_text("Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties: [\n")
    (tmp_path / "plan.json").write_text('{"format_version": "1.2", "resource_changes": [')
    doc = json.loads(gate("scan", tmp_path, "--format", "json", cwd=tmp_path).stdout)
    assert {e["file"] for e in doc["errors"]} == {"template.yaml", "plan.json"}
    assert all(e["line"] for e in doc["errors"])


def test_files_that_are_not_infrastructure_are_skipped_quietly(tmp_path: Path) -> None:
    (tmp_path / "package.json").write_text('{"name": "x", "version": "1.0.0"}')
    (tmp_path / "docker-compose.yaml").write_text("services:\n  web:\n    image: nginx\n")
    (tmp_path / "chart.yaml").write_text("{{ .Values.broken }}: [\n")
    run = gate("scan", tmp_path, "--format", "json", cwd=tmp_path)
    assert run.returncode == 0, run.stdout
    assert json.loads(run.stdout)["errors"] == []


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    missing = gate("scan", tmp_path / "nope")
    assert missing.returncode == 2 and "no such file" in missing.stderr
    assert gate("scan", tmp_path, "--stage", "nightly").returncode == 2
    assert gate("scan", "--format", "xml").returncode == 2


def test_broken_policy_stops_the_run_with_its_line(tmp_path: Path) -> None:
    policies = tmp_path / "policies" / "network"
    policies.mkdir(parents=True)
    (policies / "X-NET-1.yaml").write_text(
        "id: X-NET-1\ntitle: t\nfamily: network\nseverity: high\ndescription: d\nremediation: {terraform: r}\n"
        "targets:\n  terraform:\n    resource_types: [aws_security_group]\n    condition:\n      attr: name\n      equal: x\n"
    )
    from gate.errors import PolicyError
    from gate.policies import load_policies

    with pytest.raises(PolicyError) as caught:
        load_policies([tmp_path / "policies"])
    assert str(caught.value).startswith("policies/network/X-NET-1.yaml:11: unknown operator 'equal'")


def test_paths_are_relative_to_the_git_top_level(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    infra = tmp_path / "infra"
    infra.mkdir()
    (infra / "main.tf").write_text('resource "aws_security_group" "sg" {\n  name = "x"\n}\n')
    doc = json.loads(gate("scan", ".", "--format", "json", cwd=infra).stdout)
    assert {r["location"]["file"] for r in doc["results"]} == {"infra/main.tf"}


def test_a_declared_template_without_readable_resources_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "stack.yaml").write_text('AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  - not a mapping\n')
    run = gate("scan", tmp_path, "--format", "json", cwd=tmp_path)
    assert run.returncode == 1
    assert json.loads(run.stdout)["errors"] == [
        {"file": "stack.yaml", "line": 2, "message": "CloudFormation template has no Resources with an AWS:: Type"}
    ]


def test_the_error_boundary_maps_errors_to_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    from gate.cli.main import boundary
    from gate.errors import PolicyError

    def broken_policy() -> int:
        raise PolicyError("policies/network/X.yaml", 7, "unknown operator 'equal'")

    def crash() -> int:
        raise RuntimeError("boom")

    assert boundary(False, broken_policy) == 2
    assert "gate: error: policies/network/X.yaml:7: unknown operator 'equal'" in capsys.readouterr().err
    assert boundary(False, crash) == 2
    err = capsys.readouterr().err
    assert "internal error" in err and "Traceback" not in err


def test_files_over_the_size_limit_are_reported_not_read(tmp_path: Path) -> None:
    (tmp_path / ".gate.yaml").write_text("max_file_size: 1000\n")
    plan = {"format_version": "1.2", "resource_changes": [], "padding": "x" * 2000}
    (tmp_path / "plan.json").write_text(json.dumps(plan))
    (tmp_path / "package-lock.json").write_text(json.dumps({"name": "x", "padding": "y" * 2000}))
    (tmp_path / "main.tf").write_text("# " + "z" * 2000 + "\n")
    run = gate("scan", tmp_path, "--format", "json", cwd=tmp_path)
    assert run.returncode == 1
    errors = json.loads(run.stdout)["errors"]
    assert [e["file"] for e in errors] == ["main.tf", "plan.json"]
    assert all("over the 1,000-byte limit: not read" in e["message"] for e in errors)


def test_symbolic_links_lead_only_inside_the_tree(tmp_path: Path) -> None:
    """Terraform reads a linked .tf file; the gate does too when the link stays in the scanned tree, and a link
    out of it is an error naming the link (never silently dropped). Linked directories are not walked."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.tf").write_text('resource "aws_security_group" "x" {\n  name = "x"\n}\n')
    repo = tmp_path / "repo"
    (repo / "infra").mkdir(parents=True)
    (repo / "shared").mkdir()
    (repo / ".git").mkdir()
    (repo / "shared" / "volume.tf.txt").write_text('resource "aws_ebs_volume" "linked" {\n  size = 1\n}\n')
    (repo / "infra" / "link.tf").symlink_to(outside / "secret.tf")
    (repo / "infra" / "inside.tf").symlink_to(repo / "shared" / "volume.tf.txt")
    (repo / "infra" / "loop").symlink_to(repo / "infra")
    (repo / "infra" / "main.tf").write_text('resource "aws_ebs_volume" "v" {\n  size = 1\n  encrypted = true\n}\n')
    run = gate("scan", ".", "--format", "json", cwd=repo)
    doc = json.loads(run.stdout)
    assert run.returncode == 1
    assert {r["resource"]["address"] for r in doc["results"] if r["policy_id"] != "GATE-INPUT-ERROR"} == {
        "aws_ebs_volume.v",
        "aws_ebs_volume.linked",
    }
    assert [(e["file"], e["message"]) for e in doc["errors"]] == [
        ("infra/link.tf", "symbolic link out of the scanned tree: not read (fail closed)")
    ]
    assert "infra/loop: symbolic link not followed" in doc["notices"]


def test_one_scan_writes_every_report(tmp_path: Path) -> None:
    out = tmp_path / "reports"
    run = gate(
        "scan",
        EXAMPLES / "insecure",
        "--format",
        "json",
        "--report",
        f"sarif={out / 'gate.sarif'}",
        "--report",
        f"junit={out / 'junit.xml'}",
        "--report",
        f"gitlab-codequality={out / 'codequality.json'}",
        "--report",
        f"gitlab-sast={out / 'sast.json'}",
        "--report",
        f"markdown={out / 'summary.md'}",
        "--report",
        "github=-",
        cwd=REPO,
    )
    assert run.returncode == 1
    assert sorted(p.name for p in out.iterdir()) == [
        "codequality.json",
        "gate.sarif",
        "junit.xml",
        "sast.json",
        "summary.md",
    ]
    assert json.loads((out / "gate.sarif").read_text())["version"] == "2.1.0"
    assert run.stdout.startswith("::error file=examples/insecure/")  # stdout taken by the github report
    bad = gate("scan", EXAMPLES / "insecure", "--report", "pdf=x.pdf", cwd=REPO)
    assert bad.returncode == 2 and "expected FORMAT=PATH" in bad.stderr


def test_no_paths_scans_the_whole_repository_and_tfvars_bring_their_module(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "infra").mkdir()
    (tmp_path / "docs").mkdir()
    (tmp_path / "infra" / "main.tf").write_text(
        'variable "cidr" { default = "10.0.0.0/8" }\nresource "aws_security_group" "sg" {\n  ingress {\n'
        '    from_port = 22\n    to_port = 22\n    protocol = "tcp"\n    cidr_blocks = [var.cidr]\n  }\n}\n'
    )
    everything = json.loads(gate("scan", "--format", "json", cwd=tmp_path / "docs").stdout)
    assert {r["location"]["file"] for r in everything["results"]} == {"infra/main.tf"}
    (tmp_path / "infra" / "prod.auto.tfvars").write_text('cidr = "0.0.0.0/0"\n')
    changed = gate("scan", "infra/prod.auto.tfvars", "--stage", "pre-commit", cwd=tmp_path)
    assert changed.returncode == 1 and "GATE-NET-001" in changed.stdout


def many_groups(count: int) -> str:
    """Security groups, every other one open to SSH from anywhere."""
    return "".join(
        f'resource "aws_security_group" "g{i}" {{\n  name = "g{i}"\n  ingress {{\n    from_port = 22\n    to_port = 22\n'
        f'    protocol = "tcp"\n    cidr_blocks = ["{"0.0.0.0/0" if i % 2 else "10.0.0.0/8"}"]\n  }}\n}}\n'
        for i in range(count)
    )


def test_everything_written_reaches_its_reader_before_the_quick_exit(tmp_path: Path) -> None:
    """The program leaves without tearing the interpreter down: what it wrote must all be there."""
    (tmp_path / "main.tf").write_text(many_groups(400))
    with (tmp_path / "out.json").open("w") as out:
        code = subprocess.run(
            [
                sys.executable,
                "-m",
                "gate",
                "scan",
                ".",
                "--format",
                "json",
                "--no-cache",
                "--report",
                f"sarif={tmp_path / 'r.sarif'}",
            ],
            stdout=out,
            cwd=tmp_path,
            timeout=120,
        ).returncode
    document = json.loads((tmp_path / "out.json").read_text())  # whole: it parses, and every result is there
    summary = document["summary"]
    assert code == 1 and summary["failed"]["critical"] >= 200
    assert len(document["results"]) == summary["passed"] + sum(summary["failed"].values()) + summary["unknown"]
    sarif = json.loads((tmp_path / "r.sarif").read_text())
    assert len([r for r in sarif["runs"][0]["results"] if r["level"] == "error"]) >= 200


def test_a_reader_that_leaves_early_is_an_error_without_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(many_groups(400))
    process = subprocess.Popen(
        [sys.executable, "-m", "gate", "scan", ".", "--format", "json"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.read(100)
    process.stdout.close()
    error = process.stderr.read().decode()
    assert process.wait(timeout=120) == 2
    assert "closed before it was all written" in error and "Traceback" not in error
