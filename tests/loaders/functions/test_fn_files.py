"""Filesystem functions read real files inside the scan root only:
https://developer.hashicorp.com/terraform/language/functions/file, .../templatefile, .../fileexists,
.../filebase64, .../filemd5 (and the other file hashes)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from hcl_value import evaluate_file

from gate.values import Unknown


def probe(tmp_path: Path, expression: str, files: dict[str, str | bytes]) -> object:
    root = tmp_path / "root"
    root.mkdir(exist_ok=True)
    return evaluate_file(root, f'resource "terraform_data" "probe" {{\n  input = {expression}\n}}\n', files)["input"]


def test_file_and_its_hashes(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {"cidr.txt": "0.0.0.0/0", "blob.bin": b"\xff\x00"}
    assert probe(tmp_path, 'file("${path.module}/cidr.txt")', files) == "0.0.0.0/0"
    assert probe(tmp_path, 'filebase64("blob.bin")', files) == "/wA="
    assert probe(tmp_path, 'filemd5("cidr.txt")', files) == hashlib.md5(b"0.0.0.0/0").hexdigest()
    assert probe(tmp_path, 'filesha256("cidr.txt")', files) == hashlib.sha256(b"0.0.0.0/0").hexdigest()
    assert probe(tmp_path, 'fileexists("cidr.txt")', files) is True
    assert probe(tmp_path, 'fileexists("nope.txt")', files) is False


def test_a_missing_file_or_a_binary_one_is_terraforms_error(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {"blob.bin": b"\xff\x00"}
    assert probe(tmp_path, 'can(file("nope.txt"))', files) is False
    assert probe(tmp_path, 'can(file("blob.bin"))', files) is False  # not UTF-8: use filebase64


def test_nothing_outside_the_scan_root_is_read(tmp_path: Path) -> None:
    (tmp_path / "secret.txt").write_text("outside", encoding="utf-8")
    root = tmp_path / "root"
    root.mkdir()
    os.symlink(tmp_path / "secret.txt", root / "link.txt")
    assert isinstance(probe(tmp_path, 'file("../secret.txt")', {}), Unknown)
    assert isinstance(probe(tmp_path, 'file("link.txt")', {}), Unknown)
    assert isinstance(probe(tmp_path, f'file("{tmp_path / "secret.txt"}")', {}), Unknown)
    assert isinstance(probe(tmp_path, 'fileexists("../secret.txt")', {}), Unknown)


def test_templatefile_sees_only_its_own_variables(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {
        "rule.tftpl": "%{ for c in cidrs ~}\n${c};\n%{ endfor ~}\n",
        "open.tftpl": "${prefix}/0",
        "leak.tftpl": "${var.secret}",
    }
    assert (
        probe(tmp_path, 'templatefile("rule.tftpl", { cidrs = ["10.0.0.0/8", "0.0.0.0/0"] })', files)
        == "10.0.0.0/8;\n0.0.0.0/0;\n"
    )
    assert probe(tmp_path, 'templatefile("open.tftpl", { prefix = "0.0.0.0" })', files) == "0.0.0.0/0"
    assert probe(tmp_path, 'can(templatefile("leak.tftpl", {}))', files) is False
    assert probe(tmp_path, 'can(templatefile("open.tftpl", {}))', files) is False


def test_templatefile_cannot_call_itself(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {"self.tftpl": '${templatefile("self.tftpl", {})}'}
    assert probe(tmp_path, 'can(templatefile("self.tftpl", {}))', files) is False


def test_templatefile_with_unknown_variables_is_unknown(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {"open.tftpl": "${prefix}/0"}
    assert isinstance(probe(tmp_path, 'templatefile("open.tftpl", { prefix = aws_vpc.main.id })', files), Unknown)


@pytest.mark.parametrize("expression", ['file("big.txt")', 'filemd5("big.txt")'])
def test_files_past_the_size_limit_are_unknown(tmp_path: Path, expression: str) -> None:
    from gate.loaders.functions.filesystem import MAX_FILE_READ

    assert isinstance(probe(tmp_path, expression, {"big.txt": "x" * (MAX_FILE_READ + 1)}), Unknown)


def test_fileset_as_documented(tmp_path: Path) -> None:
    """https://developer.hashicorp.com/terraform/language/functions/fileset"""
    files: dict[str, str | bytes] = {
        "files/hello.txt": "",
        "files/world.txt": "",
        "files/subdirectory/anotherfile.txt": "",
        "files/x.md": "",
    }
    assert probe(tmp_path, 'fileset(path.module, "files/*.txt")', files) == ["files/hello.txt", "files/world.txt"]
    assert probe(tmp_path, 'fileset(path.module, "files/{hello,world}.txt")', files) == [
        "files/hello.txt",
        "files/world.txt",
    ]
    assert probe(tmp_path, 'fileset("${path.module}/files", "*")', files) == ["hello.txt", "world.txt", "x.md"]
    assert probe(tmp_path, 'fileset("${path.module}/files", "**/*.txt")', files) == [
        "hello.txt",
        "subdirectory/anotherfile.txt",
        "world.txt",
    ]
    assert isinstance(probe(tmp_path, 'fileset("..", "*")', files), Unknown)


def test_templatestring_renders_a_template_held_in_a_value(tmp_path: Path) -> None:
    """https://developer.hashicorp.com/terraform/language/functions/templatestring"""
    assert probe(tmp_path, 'templatestring("$${prefix}/0", { prefix = "0.0.0.0" })', {}) == "0.0.0.0/0"
    assert probe(tmp_path, 'can(templatestring("$${nope}", {}))', {}) is False


def test_a_template_file_that_does_not_parse_is_an_error(tmp_path: Path) -> None:
    assert probe(tmp_path, 'can(templatefile("bad.tftpl", {}))', {"bad.tftpl": "%{ if true }"}) is False
