"""The module registry protocol (https://developer.hashicorp.com/terraform/internals/module-registry-protocol):
service discovery (``https://HOST/.well-known/terraform.json``, its ``modules.v1`` URL, or a CLI
configuration ``host`` block instead:
https://developer.hashicorp.com/terraform/internals/remote-service-discovery), the list of a module's
versions (``:namespace/:name/:system/versions``) and the location of one version's package
(``:namespace/:name/:system/:version/download``: a ``204`` with ``X-Terraform-Get``, or a ``200`` whose JSON
says ``location``), resolved against the download URL when relative."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote, urljoin

from gate.loaders.modules import http
from gate.loaders.modules.address import Registry
from gate.loaders.modules.hosts import Hosts
from gate.loaders.modules.limits import MAX_METADATA_BYTES, FetchError


class RegistryClient:
    def __init__(self, hosts: Hosts) -> None:
        self.hosts = hosts
        self._bases: dict[str, str] = {}
        self._failed: dict[str, FetchError] = {}  # a host that could not be reached is not asked again

    def base(self, host: str) -> str:
        """The ``modules.v1`` URL of ``host``, ending in ``/``."""
        if host in self._bases:
            return self._bases[host]
        if host in self._failed:
            raise self._failed[host]
        try:
            return self._discover(host)
        except FetchError as exc:
            if exc.unreachable:
                self._failed[host] = exc
            raise

    def _discover(self, host: str) -> str:
        configured = self.hosts.services.get(host)
        if configured is not None:
            found = configured.get("modules.v1")
            discovery = f"https://{host}/"
        else:
            discovery = f"https://{host}/.well-known/terraform.json"
            document = _json(http.get(discovery, None, MAX_METADATA_BYTES, "application/json").body, discovery)
            found = document.get("modules.v1") if isinstance(document, dict) else None
        if not isinstance(found, str) or not found:
            raise FetchError(f"{host} is not a module registry (its service discovery names no modules.v1)")
        base = urljoin(discovery, found)
        if not base.startswith("https://"):
            raise FetchError(f"{host}: its module registry {base} is not https")
        self._bases[host] = base if base.endswith("/") else base + "/"
        return self._bases[host]

    def _url(self, module: Registry, *rest: str) -> str:
        path = "/".join(quote(p, safe="") for p in (module.namespace, module.name, module.system, *rest))
        return self.base(module.host) + path

    def versions(self, module: Registry) -> list[str]:
        url = self._url(module, "versions")
        document = _json(http.get(url, self.hosts.token(module.host), MAX_METADATA_BYTES, "application/json").body, url)
        try:
            return [str(v["version"]) for m in document["modules"] for v in m["versions"]]
        except (KeyError, TypeError):
            raise FetchError(f"{url}: not a list of module versions") from None

    def location(self, module: Registry, version: str) -> str:
        url = self._url(module, version, "download")
        response = http.get(url, self.hosts.token(module.host), MAX_METADATA_BYTES, "application/json")
        location = response.headers.get("x-terraform-get")
        if not location and response.status == 200 and response.body:
            document = _json(response.body, url)
            location = document.get("location") if isinstance(document, dict) else None
        if not isinstance(location, str) or not location:
            raise FetchError(f"{url}: the registry gives no download location (X-Terraform-Get)")
        return resolve_location(response.url, location)


def resolve_location(base: str, location: str) -> str:
    """A download location relative to the URL that gave it (``./x.tar.gz``, ``/archives/x.zip``) becomes
    absolute; a go-getter address (``git::``, ``https://``, ``github.com/...``) stays as it is."""
    if "::" in location.split("?")[0] or "://" in location.split("?")[0] or location.startswith("github.com/"):
        return location
    return urljoin(base, location)


def _json(body: bytes, url: str) -> Any:
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeError, ValueError):
        raise FetchError(f"{url}: not JSON") from None
