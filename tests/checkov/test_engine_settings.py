"""The ``engines`` configuration section and the ``--engine`` option."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from gate.checkov.settings import EngineSettings, enabled_engines
from gate.cli.engines import engine_option
from gate.model import Severity
from gate.schema import SchemaError, check


def test_the_short_form_is_a_list_of_engines() -> None:
    settings = check(EngineSettings, ["native", "checkov", "checkov"])
    assert settings.enabled == ["native", "checkov"]
    assert settings.checkov.command is None and settings.checkov.timeout == 600


def test_the_long_form_holds_each_engines_settings() -> None:
    settings = check(
        EngineSettings,
        {
            "enabled": ["checkov"],
            "checkov": {
                "command": "/opt/checkov/bin/checkov",
                "timeout": 120,
                "severity": {"CKV_AWS_18": "medium", "logging": "info"},
            },
        },
    )
    assert settings.enabled == ["checkov"]
    assert (settings.checkov.command, settings.checkov.timeout) == ("/opt/checkov/bin/checkov", 120)
    assert settings.checkov.severity == {"CKV_AWS_18": Severity.MEDIUM, "logging": Severity.INFO}
    assert EngineSettings().enabled == ["native"]


@pytest.mark.parametrize(
    "raw",
    [
        ["natve"],
        [],
        {"enabled": ["native"], "chekov": {}},
        {"checkov": {"timeout": 0}},
        {"checkov": {"severity": {"CKV_AWS_18": "hgh"}}},
    ],
)
def test_mistakes_are_refused(raw: object) -> None:
    with pytest.raises(SchemaError):
        check(EngineSettings, raw)


def test_the_engine_option_adds_to_the_configured_engines() -> None:
    assert enabled_engines(["native"], ["checkov"]) == ["native", "checkov"]
    assert enabled_engines(["checkov"], []) == ["checkov"]
    assert enabled_engines(["native", "checkov"], ["checkov"]) == ["native", "checkov"]

    @click.command()
    @engine_option
    def scan(engines: tuple[str, ...]) -> None:
        click.echo(",".join(engines))

    runner = CliRunner()
    assert runner.invoke(scan, ["--engine", "checkov", "--engine", "native"]).output == "checkov,native\n"
    refused = runner.invoke(scan, ["--engine", "tfsec"])
    assert refused.exit_code == 2 and "'tfsec' is not one of 'native', 'checkov'" in refused.output
