"""A test that hangs holding the GIL, for tests/test_watchdog.py (collected only when named on the command line)."""

import ctypes
import os
import subprocess
import threading
import time
from pathlib import Path


def test_hangs_holding_the_gil():
    threading.Thread(target=lambda: time.sleep(600), name="bystander", daemon=True).start()
    child = subprocess.Popen(["sleep", "600"])  # a process the run started, as the sample server
    Path(os.environ["HANG_CHILD_PID_FILE"]).write_text(str(child.pid))
    ctypes.PyDLL(None).sleep(600)  # C code that keeps the GIL: pytest-timeout's thread cannot act
