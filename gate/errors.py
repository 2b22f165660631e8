"""The gate's error kinds and the exit codes they map to.

Exit codes live here and nowhere else: 0 passed, 1 blocked, 2 usage, configuration or input error.
"""

from __future__ import annotations

EXIT_PASSED = 0
EXIT_BLOCKED = 1
EXIT_ERROR = 2


class GateError(Exception):
    """An error the user can act on; ``exit_code`` says how the process ends."""

    exit_code = EXIT_ERROR

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class UsageError(GateError):
    """A command line that cannot be carried out (a missing path, a bad option value)."""


class ConfigError(GateError):
    """A configuration file that does not say what the gate expects."""


class PolicyError(GateError):
    """A policy file that cannot be used; stops the run (a broken policy must never pass silently)."""

    def __init__(self, file: str, line: int | None, message: str) -> None:
        where = f"{file}:{line}" if line else file
        super().__init__(f"{where}: {message}")
        self.file = file
        self.line = line
        self.detail = message


class InputError(GateError):
    """An input file that cannot be read or parsed. Recorded as an error result; other files go on."""

    def __init__(self, file: str, line: int | None, message: str, column: int | None = None) -> None:
        where = file
        if line:
            where += f":{line}"
            if column:
                where += f":{column}"
        super().__init__(f"{where}: {message}")
        self.file = file
        self.line = line
        self.column = column
        self.detail = message
