"""Which hosts the gate may contact for modules, where their services are, and their tokens: all from the
pipeline's environment, never from the scanned tree (docs/security.md).

- Terraform's CLI configuration (``TF_CLI_CONFIG_FILE``, else ``~/.terraformrc``): ``host`` blocks give a
  host's services without asking it, and ``credentials`` blocks its token
  (https://developer.hashicorp.com/terraform/cli/config/config-file#host-blocks and #credentials).
- ``TF_TOKEN_<host>``: a registry's token, the host name with each ``.`` written ``_`` and each ``-`` written
  ``__`` (or left as is), international names in punycode
  (https://developer.hashicorp.com/terraform/cli/config/config-file#environment-variable-credentials).
- ``POLICY_GATE_MODULE_HOSTS``: more hosts (comma-separated) that Git and archive sources may name.

A registry may be contacted when it is the public one, has a ``host`` block, or has a token; Git and archive
sources may name ``github.com`` (the public registry's modules live there) and the hosts listed. A download
location that an allowed registry gives is followed wherever it points, as Terraform does; tokens go only to
the host they are for.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from gate.loaders.modules.address import PUBLIC_REGISTRY, normal_host

DEFAULT_SOURCE_HOSTS = frozenset({"github.com"})


@dataclass
class Hosts:
    services: dict[str, dict[str, str]] = field(default_factory=dict)  # host -> {"modules.v1": url}
    tokens: dict[str, str] = field(default_factory=dict)
    extra: set[str] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)  # notices: a CLI configuration that could not be read

    def registry_allowed(self, host: str) -> bool:
        return host == PUBLIC_REGISTRY or host in self.services or host in self.tokens or host in self.extra

    def source_allowed(self, host: str) -> bool:
        return host in DEFAULT_SOURCE_HOSTS or host in self.extra or host in self.services

    def token(self, host: str) -> str | None:
        return self.tokens.get(host)


def token_host(variable: str) -> str | None:
    """The host a ``TF_TOKEN_...`` variable is for: ``TF_TOKEN_my__registry_example_com`` ->
    ``my-registry.example.com``."""
    if not variable.startswith("TF_TOKEN_"):
        return None
    encoded = variable[len("TF_TOKEN_") :]
    return normal_host(encoded.replace("__", "-").replace("_", "."))


def from_environment(environ: dict[str, str]) -> Hosts:
    hosts = Hosts()
    config = environ.get("TF_CLI_CONFIG_FILE") or ""
    path = Path(config) if config else Path(environ.get("HOME") or os.path.expanduser("~")) / ".terraformrc"
    _read_cli_config(path, hosts)
    for name, value in environ.items():  # the environment wins over the CLI configuration, as in Terraform
        host = token_host(name)
        if host and value.strip():
            hosts.tokens[host] = value.strip()
    for raw in environ.get("POLICY_GATE_MODULE_HOSTS", "").split(","):
        host = normal_host(raw.strip()) if raw.strip() else None
        if host:
            hosts.extra.add(host)
    return hosts


def _read_cli_config(path: Path, hosts: Hosts) -> None:
    from gate.errors import InputError
    from gate.loaders import hcl_ast as ast
    from gate.loaders.hcl_parse import parse_body

    try:
        if path.name.endswith(".json"):
            hosts.problems.append(f"{path}: a JSON CLI configuration is not read; write it in HCL")
            return
        body = parse_body(path.read_text(encoding="utf-8"), str(path))
    except FileNotFoundError:  # as for Terraform, a CLI configuration that does not exist configures nothing
        return
    except (OSError, UnicodeError) as exc:
        hosts.problems.append(f"{path}: Terraform CLI configuration not read ({exc})")
        return
    except InputError as exc:
        hosts.problems.append(f"Terraform CLI configuration not read: {exc}")
        return
    for block in body.blocks:
        host = normal_host(block.labels[0]) if len(block.labels) == 1 else None
        if host is None:
            continue
        if block.type == "host" and "services" in block.body.attributes:
            expr = block.body.attributes["services"].expr
            services = _literal_object(expr)
            if services:
                hosts.services[host] = services
        elif block.type == "credentials" and "token" in block.body.attributes:
            token = block.body.attributes["token"].expr
            if isinstance(token, ast.Lit) and isinstance(token.value, str):
                hosts.tokens[host] = token.value


def _literal_object(expr: object) -> dict[str, str]:
    from gate.loaders import hcl_ast

    out: dict[str, str] = {}
    if not isinstance(expr, hcl_ast.ObjectX):
        return out
    for key, value in expr.items:
        name = _literal_text(key)
        text = _literal_text(value)
        if name is not None and text is not None:
            out[name] = text
    return out


def _literal_text(expr: object) -> str | None:
    from gate.loaders import hcl_ast

    if isinstance(expr, hcl_ast.Lit) and isinstance(expr.value, str):
        return expr.value
    if isinstance(expr, hcl_ast.Var):
        return expr.name
    if isinstance(expr, hcl_ast.Template) and all(isinstance(p, str) for p in expr.parts):
        return "".join(str(p) for p in expr.parts)
    return None
