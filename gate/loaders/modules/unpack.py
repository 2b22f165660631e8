"""Unpacking a module package safely: only regular files and folders, each inside the target folder (no
absolute names, no ``..``, no links, no devices), within :mod:`gate.loaders.modules.limits`. A package that breaks a
rule is refused whole (a fetch error), never unpacked in part."""

from __future__ import annotations

import io
import os
from pathlib import Path, PurePosixPath

from gate.loaders.modules.limits import MAX_FILE_BYTES, MAX_FILES, MAX_UNPACKED_BYTES, FetchError


def member_path(name: str) -> PurePosixPath | None:
    """A member's path relative to the package, or None when it would leave it (or names nothing)."""
    name = name.replace("\\", "/")
    if not name or name.startswith("/") or "\x00" in name:
        return None
    parts = [p for p in name.split("/") if p not in ("", ".")]
    if not parts or ".." in parts or ":" in parts[0]:
        return None
    return PurePosixPath(*parts)


class _Budget:
    def __init__(self, what: str) -> None:
        self.what = what
        self.files = 0
        self.bytes = 0

    def add(self, size: int) -> None:
        self.files += 1
        self.bytes += size
        if self.files > MAX_FILES:
            raise FetchError(f"{self.what}: more than {MAX_FILES:,} files")
        if size > MAX_FILE_BYTES:
            raise FetchError(f"{self.what}: a file of {size:,} bytes, over the limit of {MAX_FILE_BYTES:,}")
        if self.bytes > MAX_UNPACKED_BYTES:
            raise FetchError(f"{self.what}: more than {MAX_UNPACKED_BYTES:,} bytes unpacked")


def _write(target: Path, relative: PurePosixPath, data: bytes) -> None:
    out = target.joinpath(*relative.parts)
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "xb") as handle:  # never through an existing file or link
        handle.write(data)


def unpack(data: bytes, kind: str, target: Path, what: str) -> None:
    """Unpack archive ``data`` of ``kind`` (zip, tar, tar.gz, tar.bz2, tar.xz) into the empty folder ``target``."""
    files = _zip_members(data, what) if kind == "zip" else _tar_members(data, kind, what)
    seen: set[PurePosixPath] = set()
    for relative, content in files:
        if relative in seen:
            raise FetchError(f"{what}: {relative} appears twice")
        seen.add(relative)
        _write(target, relative, content)


def _zip_members(data: bytes, what: str) -> list[tuple[PurePosixPath, bytes]]:
    import stat
    import zipfile

    budget = _Budget(what)
    out = []
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for info in archive.infolist():
                relative = member_path(info.filename)
                if relative is None:
                    raise FetchError(f"{what}: member {info.filename!r} would be written outside the module")
                mode = info.external_attr >> 16
                if info.is_dir():
                    continue
                if stat.S_IFMT(mode) not in (0, stat.S_IFREG):  # no type bits: a plain file (zip tools without them)
                    raise FetchError(f"{what}: member {info.filename!r} is not a regular file (a link or a device)")
                budget.add(info.file_size)
                with archive.open(info) as handle:
                    content = handle.read(MAX_FILE_BYTES + 1)
                out.append((relative, content))
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
        raise FetchError(f"{what}: not a readable zip archive ({exc})") from None
    return out


def _tar_members(data: bytes, kind: str, what: str) -> list[tuple[PurePosixPath, bytes]]:
    import tarfile

    budget = _Budget(what)
    mode = {"tar": "r:", "tar.gz": "r:gz", "tar.bz2": "r:bz2", "tar.xz": "r:xz"}[kind]
    out = []
    try:
        with tarfile.open(fileobj=io.BytesIO(data), mode=mode) as archive:  # type: ignore[call-overload]
            for member in archive:
                relative = member_path(member.name)
                if relative is None:
                    if member.isdir() and member.name.strip("./") == "":
                        continue
                    raise FetchError(f"{what}: member {member.name!r} would be written outside the module")
                if member.isdir():
                    continue
                if not member.isfile():
                    raise FetchError(f"{what}: member {member.name!r} is not a regular file (a link or a device)")
                budget.add(member.size)
                handle = archive.extractfile(member)
                content = handle.read(MAX_FILE_BYTES + 1) if handle is not None else b""
                out.append((relative, content))
    except (tarfile.TarError, OSError, EOFError, ValueError) as exc:
        raise FetchError(f"{what}: not a readable {kind} archive ({exc})") from None
    return out


def walk_bounded(folder: Path, what: str) -> None:
    """Check a folder another tool filled (a Git checkout): regular files and folders only, within the limits."""
    budget = _Budget(what)
    for current, dirs, names in os.walk(folder):
        for name in dirs + names:
            path = Path(current) / name
            if path.is_symlink():
                raise FetchError(f"{what}: {path.relative_to(folder)} is a symbolic link")
        for name in names:
            path = Path(current) / name
            if not path.is_file():
                raise FetchError(f"{what}: {path.relative_to(folder)} is not a regular file")
            budget.add(path.stat().st_size)
