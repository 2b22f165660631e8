"""Bounded HTTPS requests: the scheme is ``https`` at every hop (redirects included), responses are cut at a
size, connections time out, and a token is sent only to the host it belongs to (never across a redirect to
another host). Certificates are checked against the system's store (``SSL_CERT_FILE`` names another)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

if TYPE_CHECKING:
    import http.client

from gate.loaders.modules.limits import HTTP_TIMEOUT, MAX_DOWNLOAD_BYTES, MAX_REDIRECTS, MAX_SECONDS, FetchError


@dataclass
class Response:
    url: str  # after redirects
    status: int
    headers: dict[str, str]  # lower-case names
    body: bytes


def get(url: str, token: str | None = None, limit: int = MAX_DOWNLOAD_BYTES, accept: str = "*/*") -> Response:
    """GET ``url``; ``token`` (a bearer token) goes only to the host and port of ``url`` itself."""
    import http.client
    import ssl

    context = ssl.create_default_context()
    owner = urlsplit(url).netloc.lower()
    for _ in range(MAX_REDIRECTS + 1):
        parts = urlsplit(url)
        if parts.scheme != "https" or not parts.hostname:
            raise FetchError(f"{url}: only https URLs are fetched")
        host = parts.hostname.lower()
        headers = {"Accept": accept, "User-Agent": "policy-gate (module fetch)"}
        if token and parts.netloc.lower() == owner:
            headers["Authorization"] = f"Bearer {token}"
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        connection = http.client.HTTPSConnection(host, parts.port or 443, timeout=HTTP_TIMEOUT, context=context)
        try:
            connection.request("GET", path, headers=headers)
            answer = connection.getresponse()
            status = answer.status
            got = {k.lower(): v for k, v in answer.getheaders()}
            if status in (301, 302, 303, 307, 308) and "location" in got:
                url = urljoin(url, got["location"])
                continue
            declared = got.get("content-length", "")
            if declared.isdigit() and int(declared) > limit:
                raise FetchError(f"{url}: {int(declared):,} bytes, over the limit of {limit:,}")
            body = _read(answer, limit, url)
        except FetchError:
            raise
        except ssl.SSLError as exc:
            raise FetchError(f"{url}: TLS failed ({exc.reason or exc})") from None
        except (OSError, http.client.HTTPException) as exc:
            import socket

            unreachable = isinstance(exc, (socket.gaierror, ConnectionError, TimeoutError))
            raise FetchError(f"{host} cannot be reached ({exc})", unreachable=unreachable) from None
        finally:
            connection.close()
        if status >= 400:
            raise FetchError(f"{url}: HTTP {status}")
        return Response(url, status, got, body)
    raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects")


def _read(answer: http.client.HTTPResponse, limit: int, url: str) -> bytes:
    """The body, at most ``limit`` bytes and :data:`MAX_SECONDS` in all (a server that sends a byte now and then
    never holds the scan)."""
    import time

    read = answer.read
    deadline = time.monotonic() + MAX_SECONDS
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = read(min(65536, limit + 1 - size))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            raise FetchError(f"{url}: more than {limit:,} bytes, over the limit")
        if time.monotonic() > deadline:
            raise FetchError(f"{url}: the download took more than {MAX_SECONDS:.0f} seconds", unreachable=True)
