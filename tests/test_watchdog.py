"""The suite's watchdog (tests/watchdog.py) ends a run that hangs holding the GIL, with every thread and a summary."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
HANG = REPO / "tests" / "core" / "scenarios" / "hang_holding_the_gil.py"


def _watchdog_module():
    spec = importlib.util.spec_from_file_location("arcgis_identify_test_watchdog", REPO / "tests" / "watchdog.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_run_that_hangs_holding_the_gil_is_ended_with_every_stack_and_a_summary_last(tmp_path):
    pid_file = tmp_path / "child.pid"
    env = dict(
        os.environ, ARCGIS_IDENTIFY_WATCHDOG_S="3", QT_QPA_PLATFORM="offscreen", HANG_CHILD_PID_FILE=str(pid_file)
    )
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(HANG)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=240,
        env=env,
    )
    output = done.stdout + done.stderr
    assert done.returncode == -9, output[-3000:]  # killed by the watchdog, not passed or timed out by pytest
    summary = output[output.index("==== WATCHDOG SUMMARY") :]
    assert "hang_holding_the_gil.py::test_hangs_holding_the_gil hung for more than 3 s" in summary
    main = [line for line in summary.splitlines() if line.strip().startswith("Current thread")]
    assert main and "test_hangs_holding_the_gil (tests/core/scenarios/hang_holding_the_gil.py:15)" in main[0]
    assert any("(tests/core/scenarios/hang_holding_the_gil.py:12)" in line for line in summary.splitlines())
    child = int(pid_file.read_text())  # the process the hung run started is gone too (not left running)
    alive = _watchdog_module()._alive
    deadline = time.monotonic() + 10
    while alive(child) and time.monotonic() < deadline:  # its end is signalled: it may take a moment to be reaped
        time.sleep(0.05)
    assert not alive(child)  # gone, or a zombie being reaped
