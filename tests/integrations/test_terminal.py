"""The local developer check: `gate scan` in a terminal is coloured (never in a pipe or with NO_COLOR) and shows a
progress indicator on long scans; neither costs start-up time."""

from __future__ import annotations

import io
import os
import pty
import re
import select
import subprocess
import sys
import time
from pathlib import Path

from conftest import REPO, SAMPLES

from gate.progress import Progress, wanted

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
ENV = {"PYTHONPATH": str(REPO), "PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "/")}


def gate_in_terminal(*args: str, env: dict[str, str] | None = None, cwd: Path = SAMPLES) -> tuple[int, str]:
    """Run the gate with stdout and stderr on a pseudo-terminal; its exit code and what the terminal showed."""
    primary, secondary = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "gate", *args],
        stdin=subprocess.DEVNULL,
        stdout=secondary,
        stderr=secondary,
        cwd=cwd,
        env={**ENV, "TERM": "xterm", **(env or {})},
    )
    os.close(secondary)
    chunks: list[bytes] = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        ready, _, _ = select.select([primary], [], [], 0.5)
        if ready:
            try:
                data = os.read(primary, 65536)
            except OSError:  # the terminal closed: the process is done
                break
            if not data:
                break
            chunks.append(data)
        elif process.poll() is not None:
            break
    os.close(primary)
    return process.wait(timeout=30), b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


def gate_piped(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gate", *args],
        capture_output=True,
        text=True,
        cwd=SAMPLES,
        env={**ENV, **(env or {})},
        timeout=120,
    )


def test_colour_on_a_terminal_with_the_same_words() -> None:
    code, shown = gate_in_terminal("scan", "insecure")
    assert code == 1
    assert "\x1b[1;31mBLOCKED: 1 blocking result (critical)" in shown
    assert "\x1b[1;31mCRITICAL" in shown
    plain = gate_piped("scan", "insecure")
    assert ANSI.sub("", shown) == plain.stdout


def test_no_colour_in_a_pipe_with_no_color_or_when_asked(tmp_path: Path) -> None:
    assert "\x1b[" not in gate_piped("scan", "insecure").stdout
    assert "\x1b[" not in gate_in_terminal("scan", "insecure", env={"NO_COLOR": "1"})[1]
    assert "\x1b[" not in gate_in_terminal("scan", "insecure", "--no-color")[1]
    forced = gate_piped("scan", "insecure", "--color", env={"NO_COLOR": "1"})
    assert "\x1b[1;31mBLOCKED" in forced.stdout
    # A text report written to a file never carries colour, whatever stdout is.
    code, shown = gate_in_terminal("scan", "insecure", "--report", f"text={tmp_path / 'report.txt'}")
    assert code == 1 and "\x1b[" in shown
    assert (tmp_path / "report.txt").read_text() == gate_piped("scan", "insecure").stdout


def test_clean_scan_reads_passed_in_green() -> None:
    code, shown = gate_in_terminal("scan", "clean")
    assert code == 0 and "\x1b[1;32mPASSED" in shown


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_appears_after_the_delay_and_is_erased() -> None:
    stream = Terminal()
    with Progress(stream, "scanning", delay=0.05, interval=0.01):
        time.sleep(0.3)
    drawn = stream.getvalue()
    assert "scanning" in drawn and re.search(r"[|/\\-] scanning \d+s", drawn)
    assert drawn.endswith("\r\x1b[K"), "the line is erased before the result is printed"


def test_progress_stays_silent_on_quick_scans_and_off_a_terminal() -> None:
    stream = Terminal()
    with Progress(stream, "scanning", delay=0.5):
        pass
    assert stream.getvalue() == ""
    assert not wanted(io.StringIO(), Terminal(), {})
    assert not wanted(Terminal(), io.StringIO(), {})
    assert not wanted(Terminal(), Terminal(), {"TERM": "dumb"})
    assert wanted(Terminal(), Terminal(), {"TERM": "xterm"})
    assert "scanning" not in gate_in_terminal("scan", "clean")[1], "a quick scan shows no progress"


def test_a_long_scan_shows_progress_on_a_terminal(tmp_path: Path) -> None:
    for index in range(200):  # each file differs: none is parsed once for all
        (tmp_path / f"m{index}").mkdir()
        (tmp_path / f"m{index}" / "main.tf").write_bytes(
            (SAMPLES / "clean" / "main.tf").read_bytes() + f"# {index}\n".encode()
        )
    # The indicator waits a second before it appears; the gate scans this in less, so it is told to wait less.
    code, shown = gate_in_terminal("scan", "--no-cache", ".", cwd=tmp_path, env={"POLICY_GATE_PROGRESS_DELAY": "0.01"})
    assert code == 0
    assert re.search(r"\r\x1b\[K[|/\\-] scanning \d+s", shown), shown[-500:]
    # The last frame is erased before the result is printed.
    assert re.search(r"scanning \d+s\r\x1b\[K", shown[shown.rindex("scanning") :])
    piped = subprocess.run(
        [sys.executable, "-m", "gate", "scan", "--no-cache", "."],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**ENV, "POLICY_GATE_PROGRESS_DELAY": "0.01"},
        timeout=300,
    )
    assert "scanning" not in piped.stdout + piped.stderr


def test_start_up_imports_neither_progress_nor_colour_nor_init() -> None:
    code = "import sys, gate.cli.main; print(sorted(m for m in sys.modules if m.startswith('gate.')))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=ENV, check=True).stdout
    for module in ("gate.progress", "gate.reporters.text", "gate.init"):
        assert f"'{module}'" not in loaded, module
