"""The QGIS transport never waits for one of Qt's object mutexes while it holds the GIL.

QGIS's main thread holds such a mutex while it waits for the GIL whenever it destroys an object connected to a
Python-made sender; a request in a worker that then waits for the same mutex with the GIL held freezes QGIS for
good (seen as a test run killed by its watchdog). The scenario (tests/core/scenarios/qt_locks_and_gil.py) makes the
main thread hold every mutex of Qt's pool in turn, that way, while workers make requests (plain threads, QgsTasks,
the plugin's BackgroundRunner); on the code before workers made their own requests, and on the later code wherever
its ctypes guard found no Linux symbol names, it deadlocked within seconds in every mode. Now a worker makes no Qt
call at all (core/qgis_network.py): nothing in the runtime depends on the platform. It runs in a process of its own
so that a deadlock fails this test (faulthandler ends the process and prints every thread) instead of freezing the
suite.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SCENARIO = Path(__file__).with_name("scenarios") / "qt_locks_and_gil.py"


@pytest.mark.parametrize("workers", ["threads", "task", "runner"])
def test_requests_never_hold_the_gil_while_waiting_for_a_qt_mutex(services_url, workers):
    arguments = [str(SCENARIO), services_url, "600", "2", "60", workers]
    done = subprocess.run(
        [sys.executable, *arguments],
        capture_output=True,
        text=True,
        timeout=100,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]
    assert done.stdout.startswith("ok 1200 requests"), done.stdout


def test_pressure_no_lost_reply_no_exception_in_a_slot_no_request_sent_twice(services_url, request_log):
    """2,400 requests at once from plain threads, QgsTasks and the runner's jobs while the main thread turns its
    event loop and destroys receivers of a Python-made sender: every request answered once, nothing raised in a slot
    or a sip handler, and the sample server saw each request exactly once."""
    done = subprocess.run(
        [sys.executable, str(SCENARIO), services_url, "400", "2", "150", "all"],
        capture_output=True,
        text=True,
        timeout=200,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    assert summary["done"] == 2400 and summary["failures"] == [] and summary["hooked"] == []
    seen: dict[str, int] = {}
    for entry in request_log.all():
        probe = request_log.param(entry, "probe")
        if probe:
            seen[probe] = seen.get(probe, 0) + 1
    assert sorted(seen) == summary["probes"]
    assert [probe for probe, count in seen.items() if count != 1] == []
    print(f"pressure: {summary['done']} requests, {len(seen)} seen by the server, 0 twice, 0 hooked exceptions")
