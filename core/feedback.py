"""The feedback a background job reads and writes: cancellation and progress, in plain Python.

core/ accepts any object with `isCanceled()` (and, optionally, `setProgress(value)`): a QgsFeedback from QGIS
(a QgsTask, a Processing algorithm) or a JobFeedback. The plugin's own jobs use JobFeedback: a worker that sets
its progress then makes no Qt call (a QgsFeedback emits a Qt signal from the worker), and the main thread reads
the progress when it wants to show it.
"""

from __future__ import annotations

import threading
from typing import Protocol


class Feedback(Protocol):
    """What core/ asks of a feedback object."""

    def isCanceled(self) -> bool: ...


class JobFeedback:
    """Cancellation and progress of one job, safe to use from any thread (Python primitives only)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cancelled = False
        self._progress = 0.0

    def isCanceled(self) -> bool:
        return self._cancelled

    def cancel(self) -> None:
        self._cancelled = True  # one bool: readers in other threads see it at their next check

    def setProgress(self, value: float) -> None:
        with self._lock:
            self._progress = max(0.0, min(100.0, float(value)))

    def progress(self) -> float:
        with self._lock:
            return self._progress
