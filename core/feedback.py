"""The feedback a background job reads and writes: cancellation and progress, in plain Python.

core/ accepts any object with `isCanceled()` (and, optionally, `setProgress(value)`): a QgsFeedback from QGIS
(a QgsTask, a Processing algorithm) or a JobFeedback. The plugin's own jobs use JobFeedback: a worker that sets
its progress then makes no Qt call (a QgsFeedback emits a Qt signal from the worker), and the main thread reads
the progress when it wants to show it.
"""

from __future__ import annotations

import threading
from typing import Callable, Optional, Protocol


class Feedback(Protocol):
    """What core/ asks of a feedback object."""

    def isCanceled(self) -> bool: ...


class JobFeedback:
    """Cancellation and progress of one job, safe to use from any thread (Python primitives only)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cancelled = False
        self._progress = 0.0
        self._on_cancel: list[Callable[[], None]] = []

    def isCanceled(self) -> bool:
        return self._cancelled

    def cancel(self) -> None:
        with self._lock:
            if self._cancelled:
                return
            self._cancelled = True
            callbacks, self._on_cancel = self._on_cancel, []
        for callback in callbacks:
            callback()

    def on_cancel(self, callback: Callable[[], None]) -> None:
        """Calls `callback` (in the cancelling thread) when the job is cancelled; at once when it already is."""
        with self._lock:
            if not self._cancelled:
                self._on_cancel.append(callback)
                return
        callback()

    def setProgress(self, value: float) -> None:
        with self._lock:
            self._progress = max(0.0, min(100.0, float(value)))

    def progress(self) -> float:
        with self._lock:
            return self._progress


def is_cancelled(feedback: Optional[Feedback]) -> bool:
    """Whether `feedback` (None, a QgsFeedback or a JobFeedback) was cancelled; a deleted one counts as cancelled."""
    if feedback is None:
        return False
    try:
        return bool(feedback.isCanceled())
    except Exception:  # a QgsFeedback deleted under us
        return True
