"""Module source addresses, read as Terraform reads them
(https://developer.hashicorp.com/terraform/language/modules/sources).

A source is local (``./`` or ``../``), a registry address (``[host/]namespace/name/system``, with a
``version`` argument), or a remote package: ``git::URL`` (``?ref=`` selects a branch, tag or commit), the
``github.com/owner/repo`` shorthand (Git over HTTPS), or an HTTPS URL of a ``.zip``/``.tar.gz`` archive (or
with ``?archive=zip``). ``//path`` after the package names a folder inside it. Other kinds (``s3::``,
``gcs::``, ``hg::``, SSH) are recognised and not fetched: the gate has no credentials for them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

PUBLIC_REGISTRY = "registry.terraform.io"
# A registry address part: letters, digits, '-' and '_' (namespace and name), per the module registry protocol
# (https://developer.hashicorp.com/terraform/internals/module-registry-protocol#module-addresses).
_PART = re.compile(r"^[0-9A-Za-z](?:[0-9A-Za-z_-]{0,62}[0-9A-Za-z])?$")
_SYSTEM = re.compile(r"^[0-9a-z]{1,64}$")
_HOST = re.compile(
    r"^(?=.{1,253}$)(?:[0-9a-z](?:[0-9a-z-]{0,61}[0-9a-z])?\.)*[0-9a-z](?:[0-9a-z-]{0,61}[0-9a-z])?(?::[0-9]{1,5})?$"
)
ARCHIVE_SUFFIXES = {
    ".zip": "zip",
    ".tar.gz": "tar.gz",
    ".tgz": "tar.gz",
    ".tar.bz2": "tar.bz2",
    ".tar.xz": "tar.xz",
    ".tar": "tar",
}
_UNSUPPORTED = ("s3::", "gcs::", "hg::", "ssh://", "git@", "git::ssh://", "git::git@", "bitbucket.org/", "file::")


@dataclass(frozen=True, slots=True)
class Registry:
    host: str
    namespace: str
    name: str
    system: str
    subdir: str = ""

    @property
    def module(self) -> str:
        return f"{self.namespace}/{self.name}/{self.system}"

    def __str__(self) -> str:
        return f"{self.host}/{self.module}" + (f"//{self.subdir}" if self.subdir else "")


@dataclass(frozen=True, slots=True)
class Git:
    url: str  # https://... (file:// only where tests allow it)
    ref: str = ""
    subdir: str = ""

    def __str__(self) -> str:
        return (
            f"git::{self.url}" + (f"//{self.subdir}" if self.subdir else "") + (f"?ref={self.ref}" if self.ref else "")
        )


@dataclass(frozen=True, slots=True)
class Archive:
    url: str
    kind: str  # zip, tar.gz, ...
    subdir: str = ""

    def __str__(self) -> str:
        return self.url + (f"//{self.subdir}" if self.subdir else "")


@dataclass(frozen=True, slots=True)
class Unsupported:
    source: str
    why: str

    def __str__(self) -> str:
        return self.source


Remote = Registry | Git | Archive | Unsupported


def is_local(source: str) -> bool:
    return source.startswith(("./", "../"))


def split_subdir(source: str) -> tuple[str, str]:
    """``package//sub/dir?query`` -> (``package?query``, ``sub/dir``): Terraform's "modules in package
    sub-directories" (the ``//`` after a scheme's ``://`` does not count)."""
    scheme_end = source.find("://")
    start = scheme_end + 3 if scheme_end >= 0 else 0
    cut = source.find("//", start)
    if cut < 0:
        return source, ""
    rest = source[cut + 2 :]
    subdir, _, query = rest.partition("?")
    return source[:cut] + (f"?{query}" if query else ""), subdir.strip("/")


def safe_subdir(subdir: str) -> str | None:
    """A sub-directory that stays inside its package, or None (``..``, absolute, backslashes)."""
    if not subdir:
        return ""
    parts = subdir.split("/")
    if subdir.startswith("/") or "\\" in subdir or any(p in ("", ".", "..") for p in parts):
        return None
    return subdir


def parse(source: str) -> Remote:
    """The remote package a non-local ``source`` names."""
    if any(ord(c) < 0x21 for c in source) or len(source) > 2048:
        return Unsupported(source, "it holds spaces or control characters")
    if source.startswith(_UNSUPPORTED):
        return Unsupported(source, "the gate fetches only the registry, Git over HTTPS and HTTPS archives")
    package, subdir = split_subdir(source)
    if safe_subdir(subdir) is None:
        return Unsupported(source, f"its sub-directory {subdir!r} leaves the package")
    if package.startswith("git::"):
        return _git(package[len("git::") :], subdir, source)
    if package.startswith("github.com/"):  # Terraform's GitHub shorthand: Git over HTTPS
        return _git("https://" + package, subdir, source)
    if "::" in package.split("?")[0]:
        return Unsupported(source, f"the {package.split('::')[0]}:: getter is not supported")
    if package.startswith(("https://", "http://")):
        return _archive(package, subdir, source)
    return _registry(package, subdir, source)


def _registry(package: str, subdir: str, source: str) -> Remote:
    parts = package.split("/")
    host = PUBLIC_REGISTRY
    if len(parts) == 4:
        host = _host(parts[0]) or ""
        parts = parts[1:]
        if not host:
            return Unsupported(source, f"{package.split('/')[0]!r} is not a registry host name")
    if len(parts) != 3 or not (_PART.match(parts[0]) and _PART.match(parts[1]) and _SYSTEM.match(parts[2])):
        return Unsupported(source, "it is not a registry address (namespace/name/system), a local path or a URL")
    return Registry(host, parts[0], parts[1], parts[2], subdir)


def _host(raw: str) -> str | None:
    """A host name as Terraform compares them: lower case, international names as punycode."""
    try:
        host = raw.encode("idna").decode("ascii").lower()
    except UnicodeError:
        return None
    return host if _HOST.match(host) else None


def normal_host(raw: str) -> str | None:
    return _host(raw)


def _git(url: str, subdir: str, source: str) -> Remote:
    parts = urlsplit(url)
    if parts.scheme not in ("https", "file"):
        return Unsupported(source, "Git is fetched over HTTPS only")
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    ref = query.pop("ref", "")
    if "depth" in query:
        query.pop("depth")
    if query or parts.fragment or parts.username or parts.password:
        return Unsupported(source, "its Git URL carries options or credentials the gate does not pass on")
    if ref and not re.fullmatch(r"[0-9A-Za-z][0-9A-Za-z._/+-]{0,200}", ref) or ".." in ref:
        return Unsupported(source, f"ref {ref!r} is not a branch, tag or commit name")
    if parts.scheme == "https" and not _host(parts.hostname or ""):
        return Unsupported(source, "its URL names no host")
    clean = urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
    if parts.scheme == "https" and clean.startswith("https://github.com/") and not clean.endswith(".git"):
        clean += ".git"
    return Git(clean, ref, subdir)


def _archive(url: str, subdir: str, source: str) -> Remote:
    parts = urlsplit(url)
    if parts.scheme != "https":
        return Unsupported(source, "archives are fetched over HTTPS only")
    if parts.username or parts.password or not _host(parts.hostname or ""):
        return Unsupported(source, "its URL carries credentials or names no host")
    query = parse_qsl(parts.query, keep_blank_values=True)
    forced = [v for k, v in query if k == "archive"]
    kind = forced[0] if forced else next((k for s, k in ARCHIVE_SUFFIXES.items() if parts.path.endswith(s)), "")
    if kind not in ARCHIVE_SUFFIXES.values():
        return Unsupported(source, "an HTTPS source must name a .zip or .tar.gz archive (or ?archive=zip)")
    kept = urlencode([(k, v) for k, v in query if k != "archive"])
    return Archive(urlunsplit((parts.scheme, parts.netloc, parts.path, kept, "")), kind, subdir)


def host_of(remote: Remote) -> str:
    if isinstance(remote, Registry):
        return remote.host
    if isinstance(remote, (Git, Archive)):
        return (urlsplit(remote.url).hostname or "").lower()
    return ""
