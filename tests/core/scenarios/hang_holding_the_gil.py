"""A test that hangs holding the GIL, for tests/test_watchdog.py (collected only when named on the command line)."""

import ctypes
import threading
import time


def test_hangs_holding_the_gil():
    threading.Thread(target=lambda: time.sleep(600), name="bystander", daemon=True).start()
    ctypes.PyDLL(None).sleep(600)  # C code that keeps the GIL: pytest-timeout's thread cannot act
