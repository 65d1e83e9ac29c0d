"""Starting the sample server in a child process (tests, the demo, benchmarks). Standard library only."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO, Optional

REPO_ROOT = Path(__file__).resolve().parent.parent
_URL_LINE = re.compile(r"listening on (http://[\w.\-]+:\d+)")


def start_sample_server(
    port: int = 0, host: str = "127.0.0.1", *, log: Optional[IO[str]] = None, timeout_s: float = 240.0
) -> tuple[subprocess.Popen, str]:
    """Starts `python -m sampleserver` and returns (process, base URL) once it listens.

    The first start builds the cached rasters, hence the generous timeout. After the URL line, the server's output
    keeps being read (into `log` when given) so the child never blocks on a full pipe.
    """
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    proc = subprocess.Popen(
        [sys.executable, "-m", "sampleserver", "--host", host, "--port", str(port)],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    assert proc.stdout is not None
    seen: list[str] = []
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            if proc.poll() is not None:
                break
            continue
        seen.append(line)
        match = _URL_LINE.search(line)
        if match:
            threading.Thread(target=_drain, args=(proc.stdout, log), daemon=True).start()
            return proc, match.group(1)
    proc.kill()
    raise RuntimeError("The sample server did not start:\n" + "".join(seen[-40:]))


def stop_sample_server(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


def _drain(stream: IO[str], log: Optional[IO[str]]) -> None:
    for line in stream:
        if log is not None:
            log.write(line)
            log.flush()
