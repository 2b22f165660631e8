"""A module registry for tests: Terraform's module registry protocol over TLS (a throwaway certificate for
``localhost``, trusted through ``SSL_CERT_FILE``), served by http.server in a thread.

It serves each module it is given (a folder) as a ``.tar.gz`` archive, records every request with its
``Authorization`` header, and can answer discovery itself (``/.well-known/terraform.json``) for sources that
name ``localhost:PORT``; a Terraform CLI configuration ``host`` block points another registry name at it.
"""

from __future__ import annotations

import io
import json
import shutil
import ssl
import subprocess
import tarfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest


class Registry:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.modules: dict[tuple[str, str, str], dict[str, Path]] = {}  # (ns, name, system) -> version -> folder
        self.archives: dict[str, bytes] = {}
        self.requests: list[tuple[str, str | None]] = []  # (path, Authorization)
        self.location_prefix = ""  # where download locations point ("": relative to the download URL)
        self.redirects: dict[str, str] = {}  # path -> Location of a 302
        self.server: ThreadingHTTPServer | None = None

    @property
    def netloc(self) -> str:
        assert self.server is not None
        return f"localhost:{self.server.server_address[1]}"

    def add(self, module: str, version: str, folder: Path) -> None:
        namespace, name, system = module.split("/")
        self.modules.setdefault((namespace, name, system), {})[version] = folder

    def add_archive(self, name: str, data: bytes) -> None:
        self.archives[name] = data

    def paths(self) -> list[str]:
        return [path for path, _ in self.requests]

    def _answer(self, handler: BaseHTTPRequestHandler) -> None:
        self.requests.append((handler.path, handler.headers.get("Authorization")))
        parts = handler.path.split("?")[0].strip("/").split("/")
        if handler.path in self.redirects:
            return _send(handler, 302, b"", {"Location": self.redirects[handler.path]})
        if handler.path == "/.well-known/terraform.json":
            return _send(handler, 200, json.dumps({"modules.v1": "/v1/modules/"}).encode())
        if parts[:2] == ["v1", "modules"] and len(parts) == 6 and parts[5] == "versions":
            versions = self.modules.get((parts[2], parts[3], parts[4]))
            if versions is None:
                return _send(handler, 404, b"{}")
            body = {"modules": [{"versions": [{"version": v} for v in versions]}]}
            return _send(handler, 200, json.dumps(body).encode())
        if parts[:2] == ["v1", "modules"] and len(parts) == 7 and parts[6] == "download":
            versions = self.modules.get((parts[2], parts[3], parts[4]), {})
            if parts[5] not in versions:
                return _send(handler, 404, b"{}")
            name = f"{parts[3]}-{parts[5]}.tar.gz"
            self.archives.setdefault(name, tar_gz(versions[parts[5]]))
            return _send(handler, 204, b"", {"X-Terraform-Get": f"{self.location_prefix}/archives/{name}"})
        if parts[0] == "archives" and len(parts) == 2 and parts[1] in self.archives:
            return _send(handler, 200, self.archives[parts[1]])
        return _send(handler, 404, b"not found")


def _send(handler: BaseHTTPRequestHandler, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
    handler.send_response(status)
    for key, value in (headers or {}).items():
        handler.send_header(key, value)
    if status != 204:
        handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    if status != 204:
        handler.wfile.write(body)


def tar_gz(folder: Path) -> bytes:
    """A module folder as a .tar.gz archive, its files at the top (as registries serve them)."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and ".git" not in path.parts:
                archive.add(path, arcname=path.relative_to(folder).as_posix())
    return buffer.getvalue()


def certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for localhost (and 127.0.0.1), made with the openssl command."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl not found: the TLS registry tests need it to make a throwaway certificate")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=localhost",
            "-addext",
            "subjectAltName=DNS:localhost,IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return cert, key


def start(registry: Registry, cert: Path, key: Path) -> None:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            registry._answer(self)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - http.server's signature
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    registry.server = server
    threading.Thread(target=server.serve_forever, daemon=True).start()
