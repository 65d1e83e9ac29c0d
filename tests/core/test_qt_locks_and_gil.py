"""The QGIS transport never waits for one of Qt's object mutexes while it holds the GIL.

QGIS's main thread holds such a mutex while it waits for the GIL whenever it destroys an object connected to a
Python-made sender; a request in a worker that then waits for the same mutex with the GIL held freezes QGIS for
good (seen as a test run killed by its watchdog). The scenario (tests/core/scenarios/qt_locks_and_gil.py) makes the
main thread hold every mutex of Qt's pool in turn, that way, while workers make requests (plain threads, QgsTasks,
the plugin's BackgroundRunner); on the code before the fix it deadlocked within a second in every mode. It runs in a
process of its own so that a deadlock fails this test (faulthandler ends the process and prints every thread)
instead of freezing the suite.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SCENARIO = Path(__file__).with_name("scenarios") / "qt_locks_and_gil.py"


@pytest.mark.parametrize("workers", ["threads", "task", "runner"])
def test_requests_never_hold_the_gil_while_waiting_for_a_qt_mutex(services_url, workers):
    arguments = [str(SCENARIO), services_url, "600", "2", "60"] + ([] if workers == "threads" else [workers])
    done = subprocess.run(
        [sys.executable, *arguments],
        capture_output=True,
        text=True,
        timeout=100,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]
    assert done.stdout.startswith("ok 1200 requests"), done.stdout
