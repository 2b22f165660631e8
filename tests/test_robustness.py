"""Hostile and broken input: every case gives a clear error with file and line, other files are still scanned,
the run ends in bounded time, no traceback is shown (``--debug`` shows one), and nothing passes silently."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from gate.api import ScanOptions, scan
from gate.model import Status

GOOD = 'resource "aws_security_group" "ok" {\n  name = "ok"\n}\n'
BOMB = (
    "a: &a [x, x, x, x, x, x, x, x, x]\n"
    + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(8)
    )
    + "Resources:\n  X:\n    Type: AWS::S3::Bucket\n    Properties: {Tags: *i}\n"
)

CASES: dict[str, tuple[bytes, int | None, str]] = {
    # file name: (content, expected line or None, words the message must hold)
    "broken.tf": (b'resource "aws_s3_bucket" "b" {\n  bucket = "x"\n  acl = \n}\n', 3, "unexpected"),
    "binary.tf": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe", 1, "not valid UTF-8"),
    "latin1.tf": ('resource "aws_s3_bucket" "b" {\n  bucket = "caf\xe9"\n}\n'.encode("latin-1"), 2, "not valid UTF-8"),
    "broken.json": (
        b'{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {\n  "B": {"Type": "AWS::S3::Bucket",,}}}',
        2,
        "invalid JSON",
    ),
    "broken.yaml": (b"Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties: [unclosed\n", 5, ""),
    "duplicate.yaml": (
        b"Resources:\n  B:\n    Type: AWS::S3::Bucket\n  B:\n    Type: AWS::S3::Bucket\n",
        4,
        "duplicate key 'B'",
    ),
    "tags.yaml": (
        b"Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Nonsense x\n",
        5,
        "unknown tag !Nonsense",
    ),
    "bomb.yaml": (BOMB.encode(), None, "alias bomb"),
    "deep.json": (("[" * 3000 + "]" * 3000).replace("[]", '[{"Resources": "AWS::"}]', 1).encode(), None, "nest"),
    "plan.json": (
        json.dumps({"format_version": "2.0", "terraform_version": "9.0", "resource_changes": []}).encode(),
        None,
        "unsupported plan format version 2.0",
    ),
}


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    root = tmp_path_factory.mktemp("hostile")
    (root / "good").mkdir()
    (root / "good" / "main.tf").write_text(GOOD)
    for name, (content, _, _) in CASES.items():
        folder = root / name.replace(".", "_")
        folder.mkdir()
        (folder / name).write_bytes(content)
    (root / "empty").mkdir()
    (root / "empty" / "empty.tf").write_text("")
    (root / "empty" / "empty.yaml").write_text("")
    return root, scan(ScanOptions(paths=[root], cwd=root, environ={}))


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_bad_input_is_an_error_with_file_and_line(scanned: tuple[Path, object], name: str) -> None:
    _, result = scanned
    _, line, words = CASES[name]
    folder = name.replace(".", "_")
    errors = [e for e in result.errors if e.file == f"{folder}/{name}"]  # type: ignore[attr-defined]
    assert errors, f"{name}: no error reported"
    if line is not None:
        assert errors[0].line == line, errors
    assert words.lower() in errors[0].message.lower(), errors


def test_other_files_are_still_scanned_and_the_run_fails_closed(scanned: tuple[Path, object]) -> None:
    _, result = scanned
    assert any(r.resource.address == "aws_security_group.ok" for r in result.results)  # type: ignore[attr-defined]
    assert result.passed is False  # type: ignore[attr-defined]
    assert "could not be read" in result.decision  # type: ignore[attr-defined]
    assert not [e for e in result.errors if e.file.startswith("empty/")]  # type: ignore[attr-defined]


def test_no_traceback_unless_debug(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "bad.tf").write_text('resource "x" "y" {\n')
    plain = subprocess.run(
        [sys.executable, "-m", "gate", "scan", "."], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert plain.returncode == 1 and "Traceback" not in plain.stdout + plain.stderr
    # An internal failure: a traceback only with --debug.
    (tmp_path / ".gate.yaml").write_text("policies:\n  paths: [nowhere]\n")
    quiet = subprocess.run(
        [sys.executable, "-m", "gate", "scan", "."], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert quiet.returncode == 2 and "Traceback" not in quiet.stderr


def test_a_crashing_policy_is_an_error_result_not_a_pass(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from gate.engine import network

    def boom(*args: object) -> object:
        raise RuntimeError("helper exploded")

    monkeypatch.setattr(network, "_rules", boom)
    (tmp_path / "main.tf").write_text(GOOD)
    result = scan(ScanOptions(paths=[tmp_path], cwd=tmp_path, environ={}))
    crashed = [r for r in result.results if r.status is Status.ERROR and r.policy_id.startswith("GATE-NET-")]
    assert crashed and all("policy failed to evaluate" in r.message for r in crashed)
    assert all(r.disposition.value == "block" for r in crashed)
    assert result.passed is False


def test_debug_shows_the_traceback_of_an_internal_error(tmp_path: Path) -> None:
    code = (
        "import sys; from gate import cli; from gate.engine import evaluate as e\n"
        "def boom(*a, **k): raise RuntimeError('deliberate')\n"
        "import gate.api; gate.api.evaluate = boom\n"
        "sys.argv = ['gate', 'scan', '.', '--debug']; cli.main()\n"
    )
    (tmp_path / "main.tf").write_text(GOOD)
    debug = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert debug.returncode == 2
    assert "Traceback" in debug.stderr and "internal error: RuntimeError: deliberate" in debug.stderr
