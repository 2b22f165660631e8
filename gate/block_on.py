"""``gate scan --block-on SEVERITIES``: the severities that block at this run's stage, chosen by the pipeline.

One severity blocks it and everything more severe (``high``: critical and high); a comma-separated list names
them exactly (``critical,medium``); ``none`` blocks on no severity (input errors and unknowns still follow the
stage's ``error`` and ``unknown`` rules). Severities the stage acted on that no longer block become backlog
items, so nothing the stage reported before goes quiet. The override is a pipeline input, as trusted as the
command line: it replaces the stage's ``block_on`` after configuration (from the base of the change under
``--base-ref``) has been read, and keeps every other setting.
"""

from __future__ import annotations

import dataclasses

from gate.config import Settings, StageConfig
from gate.errors import UsageError
from gate.model import Severity


def parse(text: str) -> list[Severity]:
    """The severities ``text`` names, most severe first; a clear usage error for anything else."""
    order = list(Severity)
    words = text.replace(",", " ").split()
    names = [s.value for s in order]
    unknown = [w for w in words if w not in (*names, "none")]
    if not words or unknown or ("none" in words and len(words) > 1):
        raise UsageError(
            f"--block-on {text!r}: expected a severity ({', '.join(names)}), a comma-separated list of them, or none"
        )
    if words == ["none"]:
        return []
    if len(words) == 1:
        return order[: names.index(words[0]) + 1]
    return [s for s in order if s.value in words]


def overridden(settings: Settings, stage: str, block_on: list[Severity]) -> Settings:
    """``settings`` with ``stage`` blocking on exactly ``block_on``; what it acted on otherwise is backlog."""
    profile = settings.profile(stage)
    acted_on = {*profile.block_on, *profile.backlog_on}
    backlog = [s for s in Severity if s in acted_on and s not in block_on]
    fields = {f.name: getattr(profile, f.name) for f in dataclasses.fields(profile)}
    stage_config = StageConfig(**{**fields, "block_on": list(block_on), "backlog_on": backlog})
    return dataclasses.replace(settings, stages={**settings.stages, stage: stage_config})


def describe(block_on: list[Severity]) -> str:
    return ", ".join(s.value for s in block_on) or "no severity"
