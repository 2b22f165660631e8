"""Run a composite action's shell steps the way the GitHub Actions runner does, on this machine.

Enough of the runner to run ``action.yml`` for real: inputs with their defaults, ``env:`` values with the
expressions the action uses (``inputs.*``, ``steps.<id>.outputs.*``, ``github.*``; anything else is an error,
so the action cannot come to depend on what this emulation does not know), a fresh ``$GITHUB_OUTPUT`` file
per step read back into ``steps.<id>.outputs``, ``$GITHUB_STEP_SUMMARY``, each ``run:`` executed as the runner
executes ``shell: bash`` (``bash --noprofile --norc -eo pipefail FILE``), a failed step ending the action, and
the action's outputs evaluated at the end. ``uses:`` steps cannot run here: they are recorded and skipped.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

_EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
_NAME = r"[A-Za-z_][A-Za-z0-9_-]*"
_CONTEXTS = [
    re.compile(rf"^inputs\.(?P<input>{_NAME})$"),
    re.compile(rf"^steps\.(?P<step>{_NAME})\.outputs\.(?P<output>{_NAME})$"),
    re.compile(rf"^github\.(?P<github>{_NAME})$"),
]


@dataclass
class StepRun:
    id: str | None
    name: str
    skipped_uses: str | None = None
    returncode: int = 0
    stdout: str = ""
    stderr: str = ""
    outputs: dict[str, str] = field(default_factory=dict)


@dataclass
class ActionRun:
    returncode: int
    steps: list[StepRun]
    outputs: dict[str, str]
    summary: str

    @property
    def stdout(self) -> str:
        return "".join(step.stdout for step in self.steps)

    @property
    def log(self) -> str:
        return "".join(f"--- {s.name} (exit {s.returncode})\n{s.stdout}{s.stderr}" for s in self.steps)


def read_output_file(path: Path) -> dict[str, str]:
    """``$GITHUB_OUTPUT`` as the runner reads it: ``name=value`` lines and ``name<<DELIMITER`` blocks."""
    outputs: dict[str, str] = {}
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if not line:
            continue
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delimiter = line.split("<<", 1)
            body: list[str] = []
            while lines[index] != delimiter:
                body.append(lines[index])
                index += 1
            index += 1
            outputs[name] = "\n".join(body)
        else:
            name, _, value = line.partition("=")
            outputs[name] = value
    return outputs


class CompositeRunner:
    """Runs the ``run:`` steps of one composite action in a workspace."""

    def __init__(self, action_dir: Path, runner_temp: Path, github: dict[str, str] | None = None) -> None:
        self.action_dir = action_dir
        self.action: dict[str, Any] = yaml.safe_load((action_dir / "action.yml").read_text(encoding="utf-8"))
        self.runner_temp = runner_temp
        self.github = {"action_path": str(action_dir), "token": "test-token", **(github or {})}

    def _evaluate(self, text: Any, inputs: dict[str, str], steps: dict[str, dict[str, str]]) -> str:
        def value(match: re.Match[str]) -> str:
            expression = match.group(1)
            for pattern in _CONTEXTS:
                found = pattern.match(expression)
                if found is None:
                    continue
                if found.groupdict().get("input"):
                    name = found.group("input")
                    if name not in self.action["inputs"]:
                        raise KeyError(f"the action reads an undeclared input {name!r}")
                    return inputs[name]
                if found.groupdict().get("step"):
                    return steps.get(found.group("step"), {}).get(found.group("output"), "")
                return self.github[found.group("github")]
            raise ValueError(f"expression not supported by this emulation: {expression!r}")

        return _EXPRESSION.sub(value, str(text))

    def run(
        self,
        workspace: Path,
        inputs: dict[str, str] | None = None,
        env: dict[str, str] | None = None,
        only: list[str] | None = None,
        steps: dict[str, dict[str, str]] | None = None,
        timeout: float = 900,
    ) -> ActionRun:
        """Run the action's steps (or only the steps with the ids in ``only``, given the outputs ``steps`` of
        the earlier ones) in ``workspace``."""
        declared = self.action["inputs"]
        unknown = set(inputs or {}) - set(declared)
        if unknown:
            raise KeyError(f"inputs the action does not declare: {sorted(unknown)}")
        defaults = {name: self._evaluate(spec.get("default", ""), {}, {}) for name, spec in declared.items()}
        values = {**defaults, **(inputs or {})}
        summary = self.runner_temp / f"step-summary-{os.getpid()}-{id(values)}.md"
        summary.write_text("", encoding="utf-8")
        base_env = {
            **os.environ,
            **(env or {}),
            "GITHUB_ACTIONS": "true",
            "CI": "true",
            "GITHUB_ACTION_PATH": str(self.action_dir),
            "GITHUB_WORKSPACE": str(workspace),
            "GITHUB_STEP_SUMMARY": str(summary),
            "RUNNER_TEMP": str(self.runner_temp),
        }
        outputs_of: dict[str, dict[str, str]] = dict(steps or {})
        runs: list[StepRun] = []
        returncode = 0
        for index, step in enumerate(self.action["runs"]["steps"]):
            step_id = step.get("id")
            name = step.get("name", step_id or f"step {index}")
            if only is not None and step_id not in only:
                continue
            if "uses" in step:
                runs.append(StepRun(step_id, name, skipped_uses=step["uses"]))
                continue
            assert step.get("shell") == "bash", f"{name}: composite run steps here are bash"
            output_file = self.runner_temp / f"output-{os.getpid()}-{index}-{id(runs)}"
            output_file.write_text("", encoding="utf-8")
            script = self.runner_temp / f"step-{os.getpid()}-{index}.sh"
            script.write_text(step["run"], encoding="utf-8")
            step_env = {key: self._evaluate(v, values, outputs_of) for key, v in (step.get("env") or {}).items()}
            done = subprocess.run(
                ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
                cwd=workspace / step.get("working-directory", "."),
                env={**base_env, **step_env, "GITHUB_OUTPUT": str(output_file)},
                capture_output=True,
                text=True,
                timeout=timeout,
            )
            outputs = read_output_file(output_file)
            runs.append(StepRun(step_id, name, None, done.returncode, done.stdout, done.stderr, outputs))
            if step_id:
                outputs_of[step_id] = outputs
            if done.returncode != 0:
                returncode = done.returncode
                break
        action_outputs = {
            name: self._evaluate(spec["value"], values, outputs_of)
            for name, spec in self.action.get("outputs", {}).items()
        }
        return ActionRun(returncode, runs, action_outputs, summary.read_text(encoding="utf-8"))
