"""Accounts named in the code, proposed by ``gate init`` for a person to review as ``approved_accounts``.

Nothing is approved here: the proposals are written commented out in ``.gate.yaml`` and printed, each with the
files and lines that name the account, so that a person decides which are their own or a partner's. Accounts AWS
owns for a service (``gate.engine.service_accounts``) are approved already and not proposed. The search reads the
text of the files a scan would read: an account in an ARN (``arn:aws:iam::210987654321:root``, whatever the
partition is written as) or a quoted 12-digit id on a line that speaks of a principal, an account or sharing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

# ``arn:aws:iam::210987654321:...``, ``arn:${data.aws_partition.p.partition}:sts::210987654321:...``
_ARN = re.compile(r"arn:[^:\s\"']*:(?:iam|sts|organizations)::(\d{12})(?=[:\"'\s]|$)")
_QUOTED = re.compile(r"[\"'](\d{12})[\"']")
# a bare id counts only beside a word that grants or shares (not an AMI owner, a zone or a phone number)
_CONTEXT = re.compile(r"principal|identifiers|\baws\b|account|share|user_ids|permission|trust", re.IGNORECASE)
_NOT_CONTEXT = re.compile(r"\bowners?\b|owner_id|ami", re.IGNORECASE)
_MAX_BYTES = 2_000_000
_SHOWN_PLACES = 3


@dataclass
class FoundAccount:
    account: str
    places: list[str] = field(default_factory=list)  # "path:line", relative to the root


def _files(root: Path) -> list[Path]:
    from gate.loaders.discovery import discover
    from gate.loaders.terraform_files import is_terraform_file

    inputs = discover([root], search_skipped=False)
    files = list(inputs.data_files)
    for directory, named in inputs.terraform_dirs.items():
        files.extend(named if named is not None else sorted(p for p in directory.iterdir() if is_terraform_file(p)))
    return sorted(set(files))


def _accounts_on(line: str) -> set[str]:
    found = set(_ARN.findall(line))
    if _CONTEXT.search(line) and not _NOT_CONTEXT.search(line):
        found.update(_QUOTED.findall(line))
    return found


def found_accounts(root: Path) -> list[FoundAccount]:
    """Accounts the code under ``root`` names (AWS's own service accounts left out), in order of first mention."""
    from gate.engine.service_accounts import aws_service_account

    found: dict[str, FoundAccount] = {}
    for path in _files(root):
        try:
            if path.is_symlink() or path.stat().st_size > _MAX_BYTES:
                continue
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        shown = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()
        for number, line in enumerate(text.splitlines(), start=1):
            for account in sorted(_accounts_on(line)):
                if aws_service_account(account) is None:
                    found.setdefault(account, FoundAccount(account)).places.append(f"{shown}:{number}")
    return list(found.values())


def proposal(accounts: list[FoundAccount]) -> str:
    """``approved_accounts`` as a YAML flow list whose entries are ``accounts``, each commented out with the places
    that name it: a person uncomments the lines of the accounts that are theirs or a partner's."""
    if not accounts:
        return "approved_accounts: []\n"
    lines = [
        "# Accounts the code names, for you to review: uncomment the lines of those that are yours or a",
        "# partner's. Any account not approved stays a critical finding wherever it is trusted or shared with.",
        "approved_accounts: [",
    ]
    for item in accounts:
        places = ", ".join(item.places[:_SHOWN_PLACES])
        more = f" and {len(item.places) - _SHOWN_PLACES} more" if len(item.places) > _SHOWN_PLACES else ""
        lines.append(f'  # "{item.account}",   # {places}{more}')
    return "\n".join([*lines, "]"]) + "\n"
