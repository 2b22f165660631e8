"""Checkov's JSON report, read into the gate's results.

Checkov prints one report object per framework (a list when there are several), and one document per ``-d``
directory; paths are relative to the directory it scanned (``/main.tf``) and addresses are its own
(``aws.default`` for a provider, ``AWS::S3::Bucket.Logs`` in CloudFormation, no ``data.`` before a data source
read from HCL). Here every check becomes a result addressed and located the way the gate's own are, so that
merging, waivers, baselines and reports treat both engines alike.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gate.checkov.severity import SeverityTable
from gate.engine.evaluate import fingerprint
from gate.gating.stages import StageProfile
from gate.loaders.inputs import Display
from gate.model import (
    FORMAT_CLOUDFORMATION,
    FORMAT_PLAN,
    FORMAT_TERRAFORM,
    Location,
    Resource,
    ResourceRef,
    Result,
    Severity,
    Status,
    Suppression,
)

ENGINE_ERROR_ID = "GATE-ENGINE-ERROR"
FORMAT_OF_CHECK_TYPE = {
    "terraform": FORMAT_TERRAFORM,
    "terraform_plan": FORMAT_PLAN,
    "cloudformation": FORMAT_CLOUDFORMATION,
}
_STATUS_OF_LIST = {"failed_checks": Status.FAILED, "passed_checks": Status.PASSED, "skipped_checks": Status.SUPPRESSED}
_BLOCK_KIND = re.compile(r"^\s*(resource|data|provider|module)\b")
_NO_REASON = {"", "no comment provided"}  # what Checkov puts in when `#checkov:skip=ID` gives no reason


def parse_documents(text: str) -> list[dict[str, Any]]:
    """The report objects of Checkov's stdout: one JSON document or several in a row, each an object or a list
    of objects. A bare summary (``{"passed": 0, ...}``, printed when nothing was found) holds no report."""
    return [item for item in _objects(text) if _is_report(item)]


def resources_seen(text: str) -> int:
    """How many resources Checkov says it read (``resource_count`` of its reports' summaries, or of a bare
    summary): 0 for empty output, ``[]``, or anything that is not Checkov's report."""
    counts = [item.get("summary", item).get("resource_count") for item in _objects(text)]
    return sum(c for c in counts if isinstance(c, int) and not isinstance(c, bool) and c > 0)


def _is_report(item: dict[str, Any]) -> bool:
    return isinstance(item.get("results"), dict) and item.get("check_type") in FORMAT_OF_CHECK_TYPE


def _objects(text: str) -> list[dict[str, Any]]:
    decoder = json.JSONDecoder()
    found: list[dict[str, Any]] = []
    position = 0
    while True:
        while position < len(text) and text[position].isspace():
            position += 1
        if position >= len(text):
            return found
        document, position = decoder.raw_decode(text, position)
        items = document if isinstance(document, list) else [document]
        found.extend(item for item in items if isinstance(item, dict) and isinstance(item.get("summary", item), dict))


def engine_error(shown: str, fmt: str, message: str) -> Result:
    """An error result of the Checkov engine on ``shown`` (fail closed: the stage's ``error`` rule decides)."""
    return Result(
        policy_id=ENGINE_ERROR_ID,
        title="Checkov could not scan the inputs",
        severity=Severity.CRITICAL,
        family="engine",
        status=Status.ERROR,
        resource=ResourceRef(address="checkov", type="engine", format=fmt),
        location=Location(file=shown),
        message=message,
        fingerprint=fingerprint(ENGINE_ERROR_ID, "checkov", shown),
    )


@dataclass
class GateIndex:
    """The gate's own view of the scan, to address, locate and select Checkov's results like its own."""

    hcl: dict[tuple[str, str], Resource] = field(default_factory=dict)  # (file, address)
    hcl_files: set[str] = field(default_factory=set)
    hcl_dirs: set[str] = field(default_factory=set)
    plans: dict[tuple[str, str], Resource] = field(default_factory=dict)  # (plan file, address)
    plan_files: set[str] = field(default_factory=set)
    templates: dict[tuple[str, str], Resource] = field(default_factory=dict)  # (template, logical id)
    template_files: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, resources: Iterable[Resource]) -> GateIndex:
        index = cls()
        for resource in resources:
            kind, _, unit = resource.scope.partition(":")
            if resource.format == FORMAT_TERRAFORM:
                index.hcl[(resource.location.file, resource.address)] = resource
                index.hcl_files.add(resource.location.file)
                index.hcl_dirs.add(_parent(resource.location.file))
            elif resource.format == FORMAT_PLAN and kind == "plan":
                index.plans[(unit, resource.address)] = resource
                index.plan_files.add(unit)
            elif resource.format == FORMAT_CLOUDFORMATION and kind == "cloudformation":
                index.templates[(unit, resource.address)] = resource
                index.template_files.add(unit)
        return index


def _parent(file: str) -> str:
    return file.rpartition("/")[0] or "."


@dataclass
class Mapper:
    """Turns Checkov's checks into results; a file the gate read that Checkov could not parse is an error
    result (its checks did not run there). Inline skips (``#checkov:skip=ID:reason``, or CloudFormation
    ``Metadata: {checkov: {skip: ...}}``) come back from Checkov as skipped checks: they become ``suppressed``
    results when the stage honours inline skips for their severity, else ``unknown`` (Checkov does not say
    what the skipped check would have found), with a notice."""

    index: GateIndex
    root: Path
    table: SeverityTable
    overrides: Mapping[str, Severity]
    profile: StageProfile | None = None
    stage: str = ""
    notices: list[str] = field(default_factory=list)

    def results(self, reports: Iterable[dict[str, Any]]) -> list[Result]:
        display = Display(self.root)
        seen: dict[tuple[str, str, str], Result] = {}
        for report in reports:
            fmt = FORMAT_OF_CHECK_TYPE[report["check_type"]]
            checks = report["results"]
            for path in checks.get("parsing_errors") or ():
                shown = display(self._path(str(path)))
                read_as = self.format_of(shown)
                if read_as is not None:  # not the files Checkov tried that the gate knows are no IaC
                    error = engine_error(
                        shown, read_as, f"{shown}: Checkov could not parse it; its checks did not run there"
                    )
                    seen.setdefault((error.policy_id, error.resource.address, shown), error)
            for list_name, status in _STATUS_OF_LIST.items():
                for record in checks.get(list_name) or ():
                    result = self._result(record, fmt, status, display)
                    if result is not None:  # the same check may come back from two scanned folders
                        seen.setdefault((result.policy_id, result.resource.address, result.location.file), result)
        return list(seen.values())

    def _path(self, path: str) -> Path:
        candidate = Path(path)
        return candidate if candidate.is_absolute() else self.root / path.lstrip("/")

    def _result(self, record: dict[str, Any], fmt: str, status: Status, display: Display) -> Result | None:
        check_id, name = str(record["check_id"]), str(record.get("check_name") or record["check_id"])
        file = display(
            self._path(str(record.get("file_abs_path") or record.get("repo_file_path") or record["file_path"]))
        )
        lines = record.get("file_line_range") or [0, 0]
        address, type_name = _address(record, fmt)
        resource = self._resource(fmt, file, address, record)
        if resource is None and not self._selected(fmt, file, address, record):
            return None
        location = (
            resource.location
            if resource is not None
            else Location(file=file, start_line=int(lines[0]), end_line=int(lines[1]))
        )
        checked = self.table.classify(check_id)
        severity = self.table.severity(check_id, checked.family, self.overrides)
        guideline = record.get("guideline")
        message = (f"{name} ({guideline})" if guideline else name) if status is Status.FAILED else f"{name}: passed"
        result = Result(
            policy_id=check_id,
            title=name,
            severity=severity,
            family=checked.family,
            status=status,
            resource=ResourceRef(address=address, type=resource.type if resource else type_name, format=fmt),
            location=location,
            message=message,
            fingerprint=fingerprint(check_id, address, location.file),
            module_calls=list(resource.calls) if resource else [],
        )
        if status is Status.SUPPRESSED:
            self._skipped(result, record, file, int(lines[0]))
        return result

    def _resource(self, fmt: str, file: str, address: str, record: dict[str, Any]) -> Resource | None:
        if fmt == FORMAT_TERRAFORM:
            return self.index.hcl.get((file, address))
        if fmt == FORMAT_PLAN:
            return self.index.plans.get((file, address))
        return self.index.templates.get((file, address))

    def _selected(self, fmt: str, file: str, address: str, record: dict[str, Any]) -> bool:
        """Whether a check on something the gate did not load belongs to the scan: a provider or a data source
        in a folder the gate read as HCL, or a resource of a file it read. Checkov reads whole folders (and the
        HCL beside a plan), the gate only what was asked and each folder once."""
        if fmt == FORMAT_PLAN:
            return file in self.index.plan_files
        if fmt == FORMAT_CLOUDFORMATION:
            return file in self.index.template_files
        if _block_kind(record) in ("provider", "data", "module"):
            return _parent(file) in self.index.hcl_dirs
        return file in self.index.hcl_files

    def format_of(self, file: str) -> str | None:
        """The input format of a file the gate read, or None."""
        if file in self.index.plan_files:
            return FORMAT_PLAN
        if file in self.index.template_files:
            return FORMAT_CLOUDFORMATION
        return FORMAT_TERRAFORM if file in self.index.hcl_files else None

    def _skipped(self, result: Result, record: dict[str, Any], file: str, line: int) -> None:
        reason = str((record.get("check_result") or {}).get("suppress_comment") or "").strip()
        where = f"{file}:{line}"
        rule = self.profile.inline_suppressions if self.profile is not None else "all"
        blocking = self.profile is not None and result.severity in self.profile.block_on
        if reason.lower() in _NO_REASON:
            self.notices.append(f"{where}: checkov:skip={result.policy_id} has no reason: nothing is skipped")
        elif rule == "none" or (rule == "non-blocking" and blocking):
            self.notices.append(
                f"{where}: checkov:skip={result.policy_id} is not honoured at stage {self.stage} for "
                f"{result.severity.value} results (use a waiver)"
            )
        else:
            result.suppression = Suppression(kind="inline", reason=reason, source=where, original_status=Status.UNKNOWN)
            result.message = f"{result.title}: skipped inline (checkov:skip)"
            return
        # Checkov did not run a skipped check: what it would find is unknown, never a pass.
        result.status = Status.UNKNOWN
        result.message = f"{result.title}: cannot be decided (Checkov skipped it: checkov:skip not honoured)"


def _block_kind(record: dict[str, Any]) -> str:
    """resource, data, provider or module: from the first line of the block Checkov quotes, else from the
    module of the check that ran."""
    code = record.get("code_block") or []
    if code and isinstance(code[0], list) and len(code[0]) == 2:
        match = _BLOCK_KIND.match(str(code[0][1]))
        if match:
            return match.group(1)
    check_class = str(record.get("check_class") or "")
    for kind in ("data", "provider", "module"):
        if f".checks.{kind}." in check_class:
            return kind
    return "resource"


def _address(record: dict[str, Any], fmt: str) -> tuple[str, str]:
    """The gate's address of what a check ran on, and its type."""
    printed = str(record.get("resource_address") or record.get("resource") or "")
    if fmt == FORMAT_CLOUDFORMATION:
        type_name, _, logical_id = printed.rpartition(".")
        return logical_id, type_name
    modules, rest = _split_modules(printed)
    kind = _block_kind(record)
    if kind == "provider":  # "aws.default" -> provider.aws, "aws.west" -> provider.aws.west
        provider, _, alias = rest.partition(".")
        return modules + "provider." + provider + ("" if alias in ("", "default") else f".{alias}"), "provider"
    if kind == "data" and not rest.startswith("data."):
        rest = "data." + rest
    type_name = rest.removeprefix("data.").partition(".")[0]
    return modules + rest, type_name


def _split_modules(address: str) -> tuple[str, str]:
    """``module.a["k"].module.b.aws_x.y`` -> (``module.a["k"].module.b.``, ``aws_x.y``)."""
    prefix = ""
    rest = address
    while rest.startswith("module."):
        match = re.match(r'module\.[^.\[]+(\[(?:"[^"]*"|[^\]]*)\])?\.', rest)
        if match is None:
            break
        prefix += match.group(0)
        rest = rest[match.end() :]
    return prefix, rest
