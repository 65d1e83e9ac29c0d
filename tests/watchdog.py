"""A watchdog process for the test run: a hang anywhere ends the run with every thread's stack, summed up last.

pytest-timeout (120 s, pyproject.toml) works from a Python thread of the test process, so a hang that holds the GIL
stops it too. This watchdog is a separate process: the tests' process writes a heartbeat (the test it is in) to a
file; when one test (setup and teardown included) or the session's end takes longer than its bound, the watchdog

1. asks gdb, when the machine has it, for every thread's native stack (which lock each thread waits for),
2. sends SIGUSR2: Python's faulthandler, registered for it by conftest.py, writes every thread's Python stack into
   a file, without needing the GIL,
3. kills the process and every process it started, and prints the full dumps and then a summary of a line per
   thread: the end of a CI log is often all that is shown of it.

Run as `python watchdog.py PID HEARTBEAT DUMP SECONDS` (conftest.py starts it); stdlib only.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

POLL_S = 1.0


def _stat_fields(pid: int | str) -> list[str]:
    """/proc/PID/stat after the command name: state, parent pid, ..."""
    return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie child is not alive for us (the tests' process is our parent, so it is never our zombie).
    try:
        return _stat_fields(pid)[0] != "Z"
    except OSError:
        return True


def _read_heartbeat(path: Path) -> tuple[str, float]:
    try:
        text = path.read_text(encoding="utf-8")
        return text.strip(), path.stat().st_mtime
    except OSError:
        return "", time.time()


def _descendants(pid: int) -> list[int]:
    """Every process below pid (the sample server the tests started), from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int(_stat_fields(entry.name)[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _native_stacks(pid: int) -> str:
    gdb = shutil.which("gdb")
    if gdb is None:
        return ""
    try:
        done = subprocess.run(
            [gdb, "-p", str(pid), "-batch", "-nx", "-ex", "set pagination off", "-ex", "thread apply all bt 25"],
            capture_output=True,
            text=True,
            timeout=90,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"(gdb failed: {error})"
    return done.stdout


def _python_threads(dump: str) -> list[tuple[str, list[str]]]:
    """faulthandler's dump as (thread header, frames innermost first)."""
    threads: list[tuple[str, list[str]]] = []
    for line in dump.splitlines():
        if line.startswith(("Thread 0x", "Current thread 0x")):
            threads.append((line.rstrip(":").split(" (most recent")[0], []))
        elif threads and line.strip().startswith("File "):
            match = re.match(r'\s*File "(.*)", line (\d+) in (.*)', line)
            if match:
                path, number, function = match.groups()
                threads[-1][1].append(f"{function} ({_short(path)}:{number})")
    return threads


def _short(path: str) -> str:
    for marker in ("/site-packages/", "/dist-packages/", "/tests/", "/arcgis_identify/"):
        if marker in path:
            return marker.strip("/") + "/" + path.split(marker, 1)[1]
    return Path(path).name


# Native frames of a thread that waits for a mutex (not a condition: idle pool threads wait on those).
_MUTEX_WAITS = ("lll_lock_wait", "lockInternal", "QMutex::lock", "QOrderedMutexLocker", "QRecursiveMutex")


def _native_summary(native: str) -> list[str]:
    """One line per native thread that waits for the GIL or for a mutex: what it waits for, and its callers."""
    lines = []
    for block in re.split(r"\n(?=Thread \d+ )", native):
        rows = block.splitlines()
        if not rows or not rows[0].startswith("Thread "):
            continue
        frames = re.findall(r"#\d+\s+(?:0x[0-9a-f]+ in )?([\w:~<>,\s*&]+?)\s*\(", block)
        top = "\n".join(rows[1:7])
        # CPython's take_gil has no symbol in Debian's build: a condition wait on _PyRuntime's GIL is how it shows.
        if "_PyRuntime" in top and "cond" in top:
            waits = "waits for the GIL"
        elif any(word in " ".join(frames[:8]) for word in _MUTEX_WAITS):
            waits = "waits for a mutex"
        else:
            continue
        name = rows[0].split('"')[1] if rows[0].count('"') >= 2 else ""
        callers = [f for f in frames if f not in ("??", "start_thread", "clone3", "clone") and not f.startswith("_")][
            :8
        ]
        lines.append(f"  native thread {rows[0].split()[1]} {name!r} {waits}: " + " < ".join(callers))
    return lines


def main() -> int:
    pid, heartbeat, dump_path, limit = int(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), float(sys.argv[4])
    while True:
        time.sleep(POLL_S)
        if not _alive(pid):
            return 0
        what, since = _read_heartbeat(heartbeat)
        if what == "exit":
            return 0
        if not what or time.time() - since <= limit:
            continue
        out = sys.stdout
        out.write(
            f"\n\nWATCHDOG: {what!r} still running after {limit:.0f} s; dumping every thread and ending the run.\n"
        )
        out.flush()
        native = _native_stacks(pid)
        if native:
            out.write("---- native stacks (gdb) ----\n" + native + "\n")
        os.kill(pid, signal.SIGUSR2)
        time.sleep(3.0)  # faulthandler writes from the signal handler, at once; this is ample
        below = [child for child in _descendants(pid) if child != os.getpid()]
        os.kill(pid, signal.SIGKILL)
        for child in below:  # nothing the run started outlives it
            with contextlib.suppress(OSError):
                os.kill(child, signal.SIGKILL)
        dump = dump_path.read_text(encoding="utf-8", errors="replace")
        out.write("---- Python stacks (faulthandler) ----\n" + dump + "\n")
        out.write(f"==== WATCHDOG SUMMARY: {what} hung for more than {limit:.0f} s ====\n")
        out.writelines(line + "\n" for line in _native_summary(native))
        for header, frames in _python_threads(dump):
            out.write(f"  {header}: " + " < ".join(frames[:6]) + "\n")
        out.flush()
        return 1


if __name__ == "__main__":
    sys.exit(main())
