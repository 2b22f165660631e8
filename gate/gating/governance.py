"""What a team decided about results: inline skips, waivers and the baseline, applied after the stage profile
has given each result its disposition. Whatever is not honoured is said, never silently ignored."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import gate.gating.baseline as baselines
from gate.gating.stages import StageProfile, disposition
from gate.gating.waivers import ActiveWaiver
from gate.model import BaselineEntry, Disposition, InlineSkip, Result, Status, Suppression, written_on

SETTLED = (Status.FAILED, Status.UNKNOWN)


@dataclass
class Governance:
    profile: StageProfile
    stage: str
    known_policies: set[str]
    skips: dict[tuple[str, str], tuple[InlineSkip, ...]]  # (file, address) -> skips written on that resource
    waivers: list[ActiveWaiver] = field(default_factory=list)
    baseline: dict[str, BaselineEntry] | None = None
    baseline_file: str = ""
    notices: list[str] = field(default_factory=list)

    def apply(self, results: list[Result]) -> None:
        self._check_skips(results)
        if self.baseline is not None:
            self.baseline, notices = baselines.adopt_legacy(self.baseline, results, self.baseline_file)
            self.notices.extend(notices)
        for result in results:
            result.disposition = disposition(result, self.profile)
            if result.status not in SETTLED:
                continue
            if self._skip(result) or self._waive(result):
                result.disposition = Disposition.IGNORE
                continue
            if (
                self.baseline is not None
                and self.profile.use_baseline
                and result.fingerprint in self.baseline
                and result.disposition is Disposition.BLOCK
            ):
                result.disposition = Disposition.BACKLOG
                result.baseline = True

    def _skip(self, result: Result) -> bool:
        file, address = written_on(result)
        for skip in self.skips.get((file, address), ()):
            if skip.policy_id != result.policy_id or skip.reason is None:
                continue
            where = f"{file}:{skip.line}"
            honoured = self.profile.inline_suppressions
            if honoured == "none" or (honoured == "non-blocking" and result.disposition is Disposition.BLOCK):
                self.notices.append(
                    f"{where}: gate:skip={skip.policy_id} is not honoured at stage {self.stage} for "
                    f"{result.severity.value} results (use a waiver)"
                )
                return False
            result.suppression = Suppression(
                kind="inline", reason=skip.reason, source=where, original_status=result.status
            )
            result.status = Status.SUPPRESSED
            return True
        if result.cause is not None:
            self._not_on_cause(result)
        return False

    def _not_on_cause(self, result: Result) -> None:
        """A skip on the resource judged does not skip what another resource (a rule) does to it: say so."""
        assert result.cause is not None
        for skip in self.skips.get((result.location.file, result.resource.address), ()):
            if skip.policy_id == result.policy_id and skip.reason is not None:
                self.notices.append(
                    f"{result.location.file}:{skip.line}: gate:skip={skip.policy_id} on {result.resource.address} "
                    f"does not skip {result.cause.address}, which causes its finding: write the skip on that resource"
                )

    def _waive(self, result: Result) -> bool:
        for active in self.waivers:
            if active.covers(result):
                waiver = active.waiver
                result.suppression = Suppression(
                    kind="waiver",
                    reason=waiver.reason,
                    owner=waiver.owner,
                    expires=waiver.expires.isoformat(),
                    source=active.source,
                    original_status=result.status,
                )
                result.status = Status.WAIVED
                return True
        if result.cause is not None:
            judged = dataclasses.replace(result, cause=None)
            for active in self.waivers:
                if active.covers(judged):
                    self.notices.append(
                        f"{active.source}: the waiver of {active.waiver.policy} on {result.resource.address} does not "
                        f"waive {result.cause.address}, which causes its finding: name that resource in a waiver"
                    )
        return False

    def _check_skips(self, results: list[Result]) -> None:
        """Skips that name no policy, or give no reason, are reported once each."""
        seen = {(r.location.file, r.resource.address) for r in results} | {written_on(r) for r in results}
        for (file, address), skips in sorted(self.skips.items()):
            if (file, address) not in seen:
                continue
            for skip in skips:
                where = f"{file}:{skip.line}"
                if skip.policy_id not in self.known_policies:
                    self.notices.append(
                        f"{where}: gate:skip={skip.policy_id} names no known policy: nothing is skipped"
                    )
                elif skip.reason is None:
                    self.notices.append(f'{where}: gate:skip={skip.policy_id} has no reason="...": nothing is skipped')
