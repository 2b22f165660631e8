"""The shipped severity mapping (policies/checkov-severity.yaml): consistent with the native policies, complete
for the AWS checks of the gate's three families in the Checkov it was reviewed against, and overridable."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from gate.checkov.severity import default_path, load_table, read_table
from gate.errors import PolicyError
from gate.model import Severity
from gate.policies import LoadedPolicy

OUR_CATEGORIES = {"ENCRYPTION", "IAM", "NETWORKING"}


def test_the_mapping_loads_and_classifies() -> None:
    table = load_table()
    assert table.checkov_version == "3.3.30"
    reviewed = table.classify("CKV_AWS_33")  # filed under ENCRYPTION by Checkov; a `*` principal is permission
    assert (reviewed.family, reviewed.severity, reviewed.source) == ("permission", Severity.CRITICAL, "reviewed")
    by_category = table.classify("CKV_AZURE_1")
    assert by_category.source.startswith("category ") and by_category.family in {
        "encryption",
        "permission",
        "network",
        "general_security",
        "logging",
    }
    unknown = table.classify("CKV_AWS_99999")
    assert (unknown.family, unknown.severity, unknown.source) == ("uncategorized", Severity.MEDIUM, "unknown")


def test_equivalents_of_native_policies_share_their_family_and_severity(policies: list[LoadedPolicy]) -> None:
    table = load_table()
    wrong = []
    for loaded in policies:
        policy = loaded.policy
        for check_id in policy.equivalents.get("checkov", []):
            expected = (policy.family.value, policy.severity)
            if table.reviewed.get(check_id) != expected:
                wrong.append(
                    f"{check_id}: {table.reviewed.get(check_id)} in {default_path().name}, {expected} in {policy.id}"
                )
    assert not wrong, "one finding, one judgment: align policies/checkov-severity.yaml\n" + "\n".join(wrong)


def test_configuration_wins_exact_ids_first_then_patterns_and_families_in_order() -> None:
    table = load_table()
    overrides = {"logging": Severity.INFO, "CKV2_AWS_*": Severity.HIGH, "CKV2_AWS_61": Severity.CRITICAL}
    assert table.severity("CKV2_AWS_61", "logging", overrides) is Severity.CRITICAL
    assert table.severity("CKV2_AWS_62", "logging", overrides) is Severity.INFO
    assert table.severity("CKV2_AWS_5", "network", overrides) is Severity.HIGH
    assert table.severity("CKV_AWS_24", "network", overrides) is Severity.CRITICAL  # the mapping's own


def test_a_broken_mapping_stops_the_run_naming_the_file(tmp_path: Path) -> None:
    broken = tmp_path / "checkov-severity.yaml"
    header = "checkov_version: '1'\ncategories: {IAM: {severity: high}}\nunknown: {severity: medium}\n"
    broken.write_text(
        header + "checks: {network: {CKV_AWS_24: critical}, permission: {CKV_AWS_24: high}}\n", encoding="utf-8"
    )
    with pytest.raises(PolicyError, match=r"^checkov-severity.yaml: CKV_AWS_24 is listed twice"):
        read_table(broken)
    broken.write_text(header + "checks: {network: {CKV_AWS_24: critcal}}\n", encoding="utf-8")
    with pytest.raises(PolicyError, match=r"^checkov-severity.yaml: checks.network.CKV_AWS_24: "):
        read_table(broken)


@pytest.fixture(scope="module")
def registry(checkov: str) -> dict[str, dict[str, list[str]]]:
    """Checkov's own list of checks, read with Checkov's interpreter (it cannot be imported here)."""
    python = Path(os.path.realpath(checkov)).parent / "python"
    if not python.is_file():
        python = Path(checkov).parent / "python"
    if not python.is_file():
        pytest.skip(f"no Python beside {checkov}: Checkov's registry cannot be read")
    version = (
        subprocess.run(
            [checkov, "--version"],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "CKV_SKIP_PACKAGE_UPDATE_CHECK": "true"},
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    if version != load_table().checkov_version:
        pytest.skip(
            f"Checkov {version} is not {load_table().checkov_version}, the release the mapping was reviewed "
            "against: review it (docs/checkov.md)"
        )
    script = Path(__file__).with_name("checkov_registry.py")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run([str(python), str(script)], capture_output=True, text=True, env=env, check=True, timeout=300)
    found: dict[str, dict[str, list[str]]] = json.loads(done.stdout)
    return found


def test_every_aws_check_of_the_three_families_is_reviewed(registry: dict[str, dict[str, list[str]]]) -> None:
    table = load_table()
    ours = [
        check_id
        for check_id, entry in registry.items()
        if OUR_CATEGORIES & set(entry["categories"]) and any(e.startswith(("aws_", "AWS::")) for e in entry["entities"])
    ]
    assert len(ours) > 250
    assert sorted(c for c in ours if c not in table.reviewed) == []


def test_every_other_check_has_its_checkov_category(registry: dict[str, dict[str, list[str]]]) -> None:
    table = load_table()
    missing = sorted(c for c in registry if c not in table.reviewed and c not in table.category_of)
    assert missing == [], "add them to category_of"
    wrong = sorted(
        c for c, category in table.category_of.items() if c in registry and category not in registry[c]["categories"]
    )
    assert wrong == []
    stale = sorted(c for c in [*table.reviewed, *table.category_of] if c not in registry)
    assert stale == [], "ids Checkov no longer has"
