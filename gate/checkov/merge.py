"""One finding, one result: a Checkov check that a native policy declares as its equivalent
(``equivalents: {checkov: [CKV_AWS_24]}``) is not reported a second time on the same resource."""

from __future__ import annotations

from collections.abc import Iterable

from gate.model import Evidence, Policy, Result, Status
from gate.policies import LoadedPolicy

_FINDING = (Status.FAILED, Status.UNKNOWN)


def merge(native: list[Result], checkov: list[Result], policies: Iterable[LoadedPolicy | Policy]) -> list[Result]:
    """The native results, then the Checkov results that are not a native result's duplicate.

    A Checkov result is a duplicate when a policy listing its id among its Checkov equivalents has a result on
    the same resource address in the same file. Then:

    - Checkov failed and the native result is a finding (failed or unknown): the native result stands for
      both; the Checkov id is added to its message (``(also Checkov CKV_AWS_24)``) and to its evidence
      (attribute ``checkov``), and its fingerprint does not change, so baselines and waivers still match it.
    - Checkov failed where the native policy passed: the engines disagree; the Checkov result is kept, and its
      message says which native policy passed.
    - Checkov passed, was skipped inline, or crashed: the native result already judges the resource. A
      ``#checkov:skip`` does not skip the native result: its message says so (use ``gate:skip`` or a waiver).
    """
    equivalents: dict[str, list[str]] = {}
    for item in policies:
        policy = item.policy if isinstance(item, LoadedPolicy) else item
        for check_id in policy.equivalents.get("checkov", []):
            equivalents.setdefault(check_id, []).append(policy.id)
    by_key = {(r.policy_id, r.resource.address, r.location.file): r for r in native}
    also: dict[int, list[str]] = {}
    kept: list[Result] = []
    for result in checkov:
        twins = [
            by_key[key]
            for policy_id in equivalents.get(result.policy_id, ())
            if (key := (policy_id, result.resource.address, result.location.file)) in by_key
        ]
        if not twins:
            kept.append(result)
            continue
        findings = [twin for twin in twins if twin.status in _FINDING]
        if result.status is Status.FAILED and findings:
            for twin in findings:
                also.setdefault(id(twin), []).append(result.policy_id)
                twin.evidence.append(
                    Evidence(
                        attribute="checkov",
                        value=result.policy_id,
                        note=f"Checkov {result.policy_id} fails too: {result.title}",
                    )
                )
        elif result.status is Status.FAILED:
            passing = ", ".join(twin.policy_id for twin in twins)
            result.message = f"{result.message} (the gate's {passing} passes this resource)"
            kept.append(result)
        elif result.suppression is not None or result.status is Status.UNKNOWN:
            for twin in findings:
                twin.message = (
                    f"{twin.message} (checkov:skip={result.policy_id} does not skip {twin.policy_id}: "
                    "use gate:skip or a waiver)"
                )
    for twin in native:
        ids = also.get(id(twin))
        if ids:
            twin.message = f"{twin.message} (also Checkov {', '.join(dict.fromkeys(ids))})"
    return [*native, *kept]
