"""Fetching the remote modules one scan calls: where each comes from (network or cache), into a private
folder removed after the scan, and what happens when one cannot be had.

Modes: *online* (the default) fetches what is not cached and refreshes what may have moved (a registry's list
of versions, a Git branch, an archive URL); *cached* (``--offline``, and always at ``pre-commit``) contacts no
host and reads only the cache. A module that cannot be had is a notice when the gate was not asked to fetch
(cached mode) or the host could not be reached at a lenient stage ("where the registry is reachable"); it is
an error result (the stage decides, strict stages block) when the source itself is the reason: a host the
pipeline does not allow, a kind of source the gate does not fetch, a version that does not exist, a package
that breaks a limit, and any failure at a strict stage. Whatever is fetched is judged like local code, so
fetching only adds findings.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from gate.loaders.modules import address
from gate.loaders.modules.address import Archive, Git, Registry, Remote, Unsupported
from gate.loaders.modules.cache import ModuleCache
from gate.loaders.modules.hosts import Hosts
from gate.loaders.modules.limits import MAX_GETTER_HOPS, MAX_MODULES_PER_SCAN, FetchError
from gate.loaders.modules.registry import RegistryClient

Mode = Literal["online", "cached"]
_COMMIT = re.compile(r"^[0-9a-f]{40}$")


@dataclass(frozen=True)
class Fetched:
    """A package on disk: ``root`` is the whole package (local calls inside it stay inside it), ``directory``
    the module in it; files show as ``label/path`` in results."""

    root: Path
    directory: Path
    label: str

    def display(self, path: Path) -> str:
        try:
            relative = path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()
        return f"{self.label}/{relative}" if relative != "." else self.label


@dataclass(frozen=True)
class NotFetched:
    message: str
    blocking: bool  # an error result (the stage decides), not a notice


class ModuleFetcher:
    def __init__(self, hosts: Hosts, cache: ModuleCache, mode: Mode, strict: bool) -> None:
        self.hosts = hosts
        self.cache = cache
        self.mode = mode
        self.strict = strict
        self._folder: Path | None = None
        self._done: dict[tuple[str, str], Fetched | NotFetched] = {}
        self._registry: RegistryClient | None = None
        self.packages: list[Fetched] = []

    @classmethod
    def for_scan(
        cls, environ: dict[str, str], *, offline: bool, stage: str, strict: bool, cache: bool = True
    ) -> ModuleFetcher:
        from gate.loaders.modules.hosts import from_environment

        mode: Mode = "cached" if offline or stage == "pre-commit" else "online"
        return cls(from_environment(environ), ModuleCache.from_environment(cache), mode, strict)

    def __enter__(self) -> ModuleFetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None
        self.cache.prune()

    def notices(self) -> list[str]:
        return list(self.hosts.problems)

    def package_of(self, directory: Path) -> Fetched | None:
        """The fetched package that holds ``directory``, if any."""
        resolved = directory.resolve()
        return next((p for p in self.packages if resolved.is_relative_to(p.root)), None)

    # ---------------------------------------------------------------------------------------------------
    def fetch(self, source: str, version: str | None) -> Fetched | NotFetched:
        key = (source, version or "")
        if key not in self._done:
            self._done[key] = self._fetch(source, version)
        return self._done[key]

    def _fetch(self, source: str, version: str | None) -> Fetched | NotFetched:
        remote = address.parse(source)
        if isinstance(remote, Unsupported):
            return NotFetched(f"not fetched: {remote.why}", blocking=self.mode == "online")
        if version and not isinstance(remote, Registry):
            return NotFetched(
                "not fetched: `version` applies only to registry modules (Terraform rejects it here)", True
            )
        if len(self.packages) >= MAX_MODULES_PER_SCAN:
            return NotFetched(f"not fetched: more than {MAX_MODULES_PER_SCAN} remote packages in one scan", True)
        refused = self._refused(remote)
        if refused is not None:
            return NotFetched(refused, blocking=self.mode == "online")
        target = Path(tempfile.mkdtemp(dir=self._root(), prefix="m-"))
        try:
            label = self._get(remote, version, target)
        except OSError as exc:  # a package that cannot be laid out on disk (a file where a folder must be, ...)
            shutil.rmtree(target, ignore_errors=True)
            return NotFetched(f"not fetched: its files cannot be written ({exc.strerror or exc})", True)
        except FetchError as exc:
            shutil.rmtree(target, ignore_errors=True)
            if exc.message == _NOT_CACHED:
                why = "--offline" if self.mode == "cached" else ""
                return NotFetched(f"not fetched ({why or 'pre-commit'}) and not in the module cache", False)
            blocking = self.mode == "online" and (self.strict or not exc.unreachable)
            return NotFetched(f"not fetched: {exc.message}", blocking)
        directory = target.joinpath(*remote.subdir.split("/")) if remote.subdir else target
        if not directory.is_dir():
            return NotFetched(f"not fetched: the package has no folder {remote.subdir!r}", True)
        fetched = Fetched(target.resolve(), directory.resolve(), label)
        self.packages.append(fetched)
        return fetched

    def _root(self) -> Path:
        if self._folder is None:
            self._folder = Path(tempfile.mkdtemp(prefix="gate-modules-"))
        return self._folder

    def _refused(self, remote: Remote) -> str | None:
        host = address.host_of(remote)
        if isinstance(remote, Registry):
            if not self.hosts.registry_allowed(host):
                return (
                    f"not fetched: registry {host} is not one the pipeline allows (a CLI configuration host block, "
                    f"TF_TOKEN_{host.replace('-', '__').replace('.', '_')} or POLICY_GATE_MODULE_HOSTS)"
                )
            return None
        if isinstance(remote, Git) and remote.url.startswith("file://"):
            from gate.loaders.modules import git

            return None if git.ALLOW_FILE_FOR_TESTS else "not fetched: file:// repositories are not read"
        if not self.hosts.source_allowed(host):
            return f"not fetched: host {host} is not one the pipeline allows (POLICY_GATE_MODULE_HOSTS)"
        return None

    def _get(self, remote: Registry | Git | Archive, version: str | None, target: Path) -> str:
        """Fill ``target`` with the package; its label."""
        if isinstance(remote, Registry):
            return self._registry_package(remote, version, target)
        package = str(_without_subdir(remote))
        key = package
        immutable = isinstance(remote, Git) and bool(_COMMIT.match(remote.ref))
        if (self.mode == "cached" or immutable) and self.cache.load(key, target):
            return package
        if self.mode == "cached":
            raise FetchError(_NOT_CACHED)
        try:
            self._download(remote, target, hops=0)
        except FetchError as exc:
            if exc.unreachable and self.cache.load(key, _emptied(target)):
                return package
            raise
        self.cache.store(key, target)
        return package

    def _registry_package(self, remote: Registry, version: str | None, target: Path) -> str:
        from gate.loaders.modules.versions import ConstraintError, select

        module = f"{remote.host}/{remote.module}"
        try:
            if self.mode == "online":
                try:
                    chosen = select(self._client().versions(remote), version)
                except FetchError as exc:
                    if not exc.unreachable:
                        raise
                    chosen = select(self.cache.versions(module), version)
                    if chosen is None:
                        raise
            else:
                chosen = select(self.cache.versions(module), version)
                if chosen is None:
                    raise FetchError(_NOT_CACHED)
        except ConstraintError as exc:
            raise FetchError(f"version {version!r}: {exc}") from None
        if chosen is None:
            raise FetchError(f"no version of {module} matches {version!r}" if version else f"{module} has no release")
        key = f"{module}@{chosen}"
        label = f"{remote.module}@{chosen}" if remote.host == address.PUBLIC_REGISTRY else key
        if self.cache.load(key, target):
            return label
        if self.mode == "cached":
            raise FetchError(_NOT_CACHED)
        location = self._client().location(remote, chosen)
        self._download_location(location, target, hops=1)
        self.cache.store(key, target)
        self.cache.add_version(module, chosen)
        return label

    def _client(self) -> RegistryClient:
        if self._registry is None:
            self._registry = RegistryClient(self.hosts)
        return self._registry

    def _download_location(self, location: str, target: Path, hops: int) -> None:
        """A location a registry (or an HTTP source's ``X-Terraform-Get``) gives: followed wherever it points,
        as Terraform does, but never to the registry protocol again, and never to a file or an SSH URL."""
        remote = address.parse(location)
        if isinstance(remote, (Unsupported, Registry)):
            why = remote.why if isinstance(remote, Unsupported) else "it is a registry address"
            raise FetchError(f"the download location {location} is not fetched: {why}")
        if isinstance(remote, Git) and remote.url.startswith("file://"):
            raise FetchError(f"the download location {location} is a local repository")
        self._download(_without_subdir(remote), target, hops)
        if remote.subdir:  # the location's own sub-folder becomes the package
            inner = target.joinpath(*remote.subdir.split("/"))
            if not inner.is_dir():
                raise FetchError(f"the download location {location} has no folder {remote.subdir!r}")
            holding = Path(tempfile.mkdtemp(dir=self._root(), prefix="s-"))
            inner.rename(holding / "p")
            _emptied(target)
            for child in (holding / "p").iterdir():
                child.rename(target / child.name)
            shutil.rmtree(holding, ignore_errors=True)

    def _download(self, remote: Git | Archive, target: Path, hops: int) -> None:
        if isinstance(remote, Git):
            from gate.loaders.modules.git import clone

            clone(remote.url, remote.ref, target / "checkout")
            for child in (target / "checkout").iterdir():
                child.rename(target / child.name)
            (target / "checkout").rmdir()
            return
        from gate.loaders.modules import http
        from gate.loaders.modules.unpack import unpack

        response = http.get(remote.url)
        getter = response.headers.get("x-terraform-get")
        if getter:
            if hops >= MAX_GETTER_HOPS:
                raise FetchError(f"{remote.url}: more than {MAX_GETTER_HOPS} X-Terraform-Get redirections")
            from gate.loaders.modules.registry import resolve_location

            self._download_location(resolve_location(response.url, getter), target, hops + 1)
            return
        unpack(response.body, remote.kind, target, str(remote))


_NOT_CACHED = "\x00not cached"


def _without_subdir(remote: Git | Archive) -> Git | Archive:
    if isinstance(remote, Git):
        return Git(remote.url, remote.ref)
    return Archive(remote.url, remote.kind)


def _emptied(folder: Path) -> Path:
    for child in folder.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
    return folder
