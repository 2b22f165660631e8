"""Packages are unpacked safely: a member that would land outside the module, a link, a device, or a package
past the limits is refused whole."""

from __future__ import annotations

import io
import tarfile
import zipfile
from pathlib import Path

import pytest

from gate.loaders.modules import limits, unpack
from gate.loaders.modules.limits import FetchError


def _tar(members: list[tarfile.TarInfo], data: dict[str, bytes] | None = None) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for member in members:
            content = (data or {}).get(member.name, b"")
            member.size = len(content) if member.isfile() else 0
            archive.addfile(member, io.BytesIO(content) if member.isfile() else None)
    return buffer.getvalue()


def _file(name: str) -> tarfile.TarInfo:
    return tarfile.TarInfo(name)


def _link(name: str, target: str, kind: bytes = tarfile.SYMTYPE) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = target
    return info


def test_a_good_archive_unpacks(tmp_path: Path) -> None:
    data = _tar([_file("main.tf"), _file("./modules/x/main.tf")], {"main.tf": b"# a", "./modules/x/main.tf": b"# b"})
    unpack.unpack(data, "tar.gz", tmp_path, "pkg")
    assert (tmp_path / "main.tf").read_bytes() == b"# a" and (tmp_path / "modules/x/main.tf").read_bytes() == b"# b"


@pytest.mark.parametrize(
    "member",
    [
        _file("../escape.tf"),
        _file("/etc/escape.tf"),
        _file("a/../../escape.tf"),
        _link("link.tf", "/etc/passwd"),
        _link("hard.tf", "/etc/passwd", tarfile.LNKTYPE),
        _link("dev", "", tarfile.CHRTYPE),
    ],
)
def test_members_that_leave_the_module_or_are_not_files_are_refused(member: tarfile.TarInfo, tmp_path: Path) -> None:
    target = tmp_path / "out"
    target.mkdir()
    with pytest.raises(FetchError):
        unpack.unpack(_tar([member]), "tar.gz", target, "pkg")
    assert not (tmp_path / "escape.tf").exists() and list(target.iterdir()) == []


@pytest.mark.parametrize("name", ["../escape.tf", "/abs.tf", "C:/x.tf", "a\\..\\..\\escape.tf"])
def test_zip_members_that_leave_the_module_are_refused(name: str, tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, "x")
    with pytest.raises(FetchError, match="outside the module"):
        unpack.unpack(buffer.getvalue(), "zip", tmp_path, "pkg")


def test_zip_links_are_refused(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        info = zipfile.ZipInfo("link.tf")
        info.external_attr = 0o120777 << 16
        archive.writestr(info, "/etc/passwd")
    with pytest.raises(FetchError, match="not a regular file"):
        unpack.unpack(buffer.getvalue(), "zip", tmp_path, "pkg")


def test_limits_on_count_and_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(unpack, "MAX_FILES", 3)
    with pytest.raises(FetchError, match="more than 3 files"):
        unpack.unpack(_tar([_file(f"{i}.tf") for i in range(4)]), "tar.gz", tmp_path, "pkg")
    monkeypatch.setattr(unpack, "MAX_FILES", limits.MAX_FILES)
    monkeypatch.setattr(unpack, "MAX_UNPACKED_BYTES", 10)
    big = {"a.tf": b"x" * 6, "b.tf": b"y" * 6}
    with pytest.raises(FetchError, match="unpacked"):
        unpack.unpack(_tar([_file("a.tf"), _file("b.tf")], big), "tar.gz", tmp_path / "o", "pkg")


def test_a_zip_bomb_stops_at_the_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(unpack, "MAX_FILE_BYTES", 1024)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bomb.tf", b"0" * 1_000_000)
    assert len(buffer.getvalue()) < 10_000
    with pytest.raises(FetchError, match="over the limit"):
        unpack.unpack(buffer.getvalue(), "zip", tmp_path, "pkg")


def test_not_an_archive(tmp_path: Path) -> None:
    with pytest.raises(FetchError, match="not a readable"):
        unpack.unpack(b"<html>login</html>", "tar.gz", tmp_path, "pkg")
