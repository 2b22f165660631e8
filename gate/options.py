"""What a scan is asked to do: the options every entry point (CLI, library) fills in."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from gate.model import Severity


@dataclass
class ScanOptions:
    """What a scan reads and how it decides. ``None`` means "as configuration says" (or the default)."""

    paths: list[Path] = field(default_factory=list)  # none: the whole repository (the scan root)
    var_files: list[Path] = field(default_factory=list)
    param_files: list[Path] = field(default_factory=list)
    stage: str | None = None
    cwd: Path = field(default_factory=Path.cwd)
    environ: dict[str, str] | None = None
    policy_dirs: list[Path] = field(default_factory=list)
    config: Path | None = None
    waivers: Path | None = None
    baseline: Path | None = None
    use_baseline: bool = True
    today: dt.date | None = None
    parse_cache: bool = True
    engines: list[str] = field(default_factory=list)  # --engine NAME: added to the configured engines
    source: Path | None = None  # the Terraform configuration of the plans scanned (default: each plan's folder)
    base_ref: str | None = None  # read configuration, waivers, baseline and policy folders from this commit
    block_on: list[Severity] | None = None  # --block-on: the severities that block at this stage (gate.block_on)
    offline: bool = False  # fetch no remote module: read them from the module cache only (docs/modules.md)
    blame: bool = True  # name who last changed each failed block (git blame), and the CI's change request
