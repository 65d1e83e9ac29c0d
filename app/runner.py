"""The one way the plugin runs work in the background: identify, legends, exports and live layers all use it.

    runner = BackgroundRunner()
    batch = runner.batch("identify")            # cancels and supersedes what "identify" ran before
    batch.submit("ArcGIS Identify: World", work, on_done)
    ...
    runner.shutdown()                           # unload(): cancels everything, waits a bounded time

- `work(feedback)` runs on a thread of the plugin's own pool: network waits never hold one of QGIS's task-pool
  threads (as many as CPU cores, shared with QGIS and every plugin), so eight slow services take as long as one.
  Heavy parsing happens there too, never on the GUI thread. A worker makes no Qt call and creates no QObject:
  its feedback is a plain-Python JobFeedback, its requests go to the main thread through core/qgis_network.py,
  and its outcome reaches the main thread through core/mainloop.py (Python primitives only).
- `on_done(job)` runs on the main thread with `job.value`, `job.error` or `job.cancelled`. The latest batch of a
  channel wins: a superseded job's result is dropped, never delivered. `job.on_progress(callback)` calls
  `callback(value)` on the main thread while the job runs (the runner reads the job's progress a few times a
  second).
- QGIS's task manager shows a job that is still running after a moment, with its progress, and cancelling it
  there cancels the job. That task waits "on hold" and never occupies a pool thread while the job runs; quick
  jobs never appear and no job raises QGIS's "Task complete" notification.
- Every wait ends: cancelling a job cancels its feedback, which ends its request at once (core/ transports
  watch it), and shutdown() returns within its timeout whatever the jobs do.
"""

from __future__ import annotations

import itertools
import threading
import time
import traceback
from collections import deque
from enum import Enum
from typing import Any, Callable, Optional

from qgis.core import Qgis, QgsApplication, QgsMessageLog, QgsTask
from qgis.PyQt import sip
from qgis.PyQt.QtCore import QCoreApplication, QObject, QTimer, pyqtSignal

from ..core.errors import ArcGisError
from ..core.feedback import JobFeedback
from ..core.mainloop import main_thread_mailbox

LOG_TAG = "ArcGIS Identify"
DEFAULT_MAX_THREADS = 16  # threads that mostly wait on the network; more jobs than this queue
IDLE_THREAD_SECONDS = 60.0
TASK_MANAGER_DELAY_MS = 400  # jobs quicker than this never show in QGIS's task manager
PROGRESS_INTERVAL_MS = 100  # how often the main thread reads the running jobs' progress

Work = Callable[[JobFeedback], Any]
Callback = Callable[["Job"], None]


def error_sentence(error: BaseException, unexpected: Optional[str] = None) -> str:
    """One readable sentence for a job's error. An ArcGisError already is one; anything else is a bug of ours: its
    traceback goes to QGIS's log and the user reads `unexpected` (a sentence with {} for the error's type)."""
    if isinstance(error, ArcGisError):
        return str(error)
    details = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    QgsMessageLog.logMessage(details, LOG_TAG, Qgis.MessageLevel.Critical)
    if unexpected is None:
        unexpected = QCoreApplication.translate(
            "ArcGisRunner", "Stopped by an unexpected error ({}); details are in the log."
        )
    return unexpected.format(type(error).__name__)


class JobState(Enum):
    QUEUED = "queued"  # submitted, waiting for a thread
    RUNNING = "running"  # its work runs on a thread of the pool
    FINISHED = "finished"  # its outcome reached the main thread


class Job:
    """One piece of background work and, once it ended, what came of it."""

    def __init__(self, batch: Batch, description: str, work: Work, on_done: Optional[Callback]) -> None:
        self.batch = batch
        self.description = description
        self.work = work
        self.on_done = on_done
        self.feedback = JobFeedback()
        self.progress_callbacks: list[Callable[[float], None]] = []
        self.shown_progress = -1.0
        self.state = JobState.QUEUED
        self.value: Any = None
        self.error: Optional[BaseException] = None
        self.traceback = ""
        self.started_at = time.perf_counter()
        self.elapsed = 0.0
        self.thread: Optional[threading.Thread] = None
        self.task: Optional[_TaskManagerEntry] = None

    def __repr__(self) -> str:
        return f"Job({self.description!r}, {self.state.value})"

    @property
    def cancelled(self) -> bool:
        return self.feedback.isCanceled()

    @property
    def superseded(self) -> bool:
        return not self.batch.current

    @property
    def ok(self) -> bool:
        return self.state is JobState.FINISHED and self.error is None and not self.cancelled

    def cancel(self) -> None:
        self.feedback.cancel()

    def on_progress(self, callback: Callable[[float], None]) -> None:
        """`callback(value)` on the main thread whenever the job's progress (0-100) changed."""
        self.progress_callbacks.append(callback)


class Batch:
    """Jobs started together in one channel (one click's identify on every service, one legend request)."""

    def __init__(self, runner: BackgroundRunner, channel: str, generation: int) -> None:
        self.runner = runner
        self.channel = channel
        self.generation = generation
        self.jobs: list[Job] = []
        self.on_all_done: Optional[Callable[[Batch], None]] = None

    @property
    def current(self) -> bool:
        return self.runner._generations.get(self.channel) == self.generation

    @property
    def pending(self) -> list[Job]:
        return [job for job in self.jobs if job.state is not JobState.FINISHED]

    def submit(self, description: str, work: Work, on_done: Optional[Callback] = None) -> Job:
        job = Job(self, description, work, on_done)
        self.jobs.append(job)
        self.runner._start(job)
        return job

    def cancel(self) -> None:
        for job in self.jobs:
            job.cancel()


class BackgroundRunner(QObject):
    """Runs jobs on the plugin's own threads, delivers their outcome on the main thread (see the module doc)."""

    jobFinished = pyqtSignal(object)  # Job, after its on_done ran (superseded jobs too, with no on_done)

    def __init__(
        self,
        parent: Optional[QObject] = None,
        *,
        max_threads: int = DEFAULT_MAX_THREADS,
        task_manager_delay_ms: Optional[int] = TASK_MANAGER_DELAY_MS,
        schedule: Optional[Callable[[int, Callable[[], None]], None]] = None,
    ) -> None:
        """`schedule(ms, call)` calls `call` on the main thread after `ms` (QTimer.singleShot; a test's own clock)."""
        super().__init__(parent)
        self._pool = _ThreadPool(max_threads)
        self._task_manager_delay_ms = task_manager_delay_ms
        self._schedule = schedule if schedule is not None else QTimer.singleShot
        self._generations: dict[str, int] = {}
        self._counter = itertools.count(1)
        self._jobs: list[Job] = []
        self._closed = False
        self._mailbox = main_thread_mailbox()  # made here, on the main thread: the workers post to it
        self._progress_timer = QTimer(self)
        self._progress_timer.setInterval(PROGRESS_INTERVAL_MS)
        self._progress_timer.timeout.connect(self._show_progress)

    # -- public ------------------------------------------------------------------------------------------
    def batch(self, channel: str) -> Batch:
        """A new batch in `channel`; everything the channel ran before is cancelled and its results dropped."""
        self.cancel(channel)
        generation = next(self._counter)
        self._generations[channel] = generation
        return Batch(self, channel, generation)

    def submit(self, channel: str, description: str, work: Work, on_done: Optional[Callback] = None) -> Job:
        """A one-job batch: the latest submit in a channel wins."""
        return self.batch(channel).submit(description, work, on_done)

    def jobs(self, channel: Optional[str] = None) -> list[Job]:
        """Jobs not finished yet (of one channel, or all)."""
        return [job for job in self._jobs if channel is None or job.batch.channel == channel]

    def cancel(self, channel: Optional[str] = None) -> None:
        for job in self.jobs(channel):
            job.cancel()

    def shutdown(self, timeout: float = 5.0) -> bool:
        """Cancels every job and waits for their threads at most `timeout` seconds in all; True when all ended.
        No job is started and no result is delivered afterwards."""
        self._closed = True
        self.cancel()
        for job in list(self._jobs):
            self._remove_task(job, cancelled=True)
        self._jobs = []
        self._progress_timer.stop()
        return self._pool.shutdown(timeout)

    def thread_count(self) -> int:
        """Threads of the runner's pool still alive (waiting for work or working)."""
        return self._pool.alive()

    # -- internals -----------------------------------------------------------------------------------------
    def _start(self, job: Job) -> None:
        if self._closed:
            job.cancel()
            job.state = JobState.FINISHED
            return
        self._jobs.append(job)
        if not self._progress_timer.isActive():
            self._progress_timer.start()
        self._pool.submit(lambda job=job: self._run(job))
        if self._task_manager_delay_ms is not None:
            self._schedule(self._task_manager_delay_ms, lambda job=job: self._show_in_task_manager(job))

    def _run(self, job: Job) -> None:  # a thread of the pool
        job.thread = threading.current_thread()
        job.state = JobState.RUNNING
        try:
            if not job.feedback.isCanceled():
                job.value = job.work(job.feedback)
        except BaseException as error:  # handed to the main thread as the job's outcome
            job.error = error
            job.traceback = traceback.format_exc()
        job.elapsed = time.perf_counter() - job.started_at
        # No signal from here (a Qt call): the outcome goes to the main thread through Python's primitives. A closed
        # mailbox (the plugin unloaded) takes nothing: the outcome is dropped, as shutdown() promises.
        self._mailbox.post(lambda job=job: self._deliver(job))

    def _deliver(self, job: Job) -> None:  # main thread
        if sip.isdeleted(self):
            return
        job.state = JobState.FINISHED
        if job in self._jobs:
            self._jobs.remove(job)
        self._remove_task(job, cancelled=False)
        if self._closed:
            return
        if not job.superseded and job.on_done is not None:
            try:
                job.on_done(job)
            except Exception:  # a bug in a callback must not reach QGIS's traceback dialog
                QgsMessageLog.logMessage(
                    f"{job.description}: {traceback.format_exc()}", LOG_TAG, Qgis.MessageLevel.Critical
                )
        self._report_progress(job)
        self.jobFinished.emit(job)
        batch = job.batch
        if batch.on_all_done is not None and batch.current and not batch.pending:
            callback, batch.on_all_done = batch.on_all_done, None
            callback(batch)

    def _show_progress(self) -> None:  # main thread, while jobs run
        if not self._jobs:
            self._progress_timer.stop()
        for job in list(self._jobs):
            self._report_progress(job)

    def _report_progress(self, job: Job) -> None:
        value = job.feedback.progress()
        if value == job.shown_progress:
            return
        job.shown_progress = value
        if job.task is not None and not sip.isdeleted(job.task):
            job.task.setProgress(value)
        for callback in list(job.progress_callbacks):
            try:
                callback(value)
            except Exception:  # a display must not break the job's delivery
                QgsMessageLog.logMessage(traceback.format_exc(), LOG_TAG, Qgis.MessageLevel.Warning)

    def _show_in_task_manager(self, job: Job) -> None:
        if self._closed or job.state is JobState.FINISHED or job.cancelled or job.task is not None:
            return
        entry = _TaskManagerEntry(job)
        entry.hold()  # before adding: a held task never takes one of the task pool's threads
        job.task = entry
        entry.setProgress(max(0.0, job.shown_progress))
        QgsApplication.taskManager().addTask(entry)

    def _remove_task(self, job: Job, cancelled: bool) -> None:
        entry, job.task = job.task, None
        if entry is None or sip.isdeleted(entry):
            return
        entry.release(cancelled)
        # The task manager now runs (or drops) the entry in a pool thread: its Python object must outlive that,
        # or QGIS calls the pure virtual run() of a wrapper already collected (an abort, seen as heap damage).
        _keep_until_deleted(entry)


_RELEASED_ENTRIES: list[QgsTask] = []


def _keep_until_deleted(entry: QgsTask) -> None:
    """Holds a released entry until QGIS has deleted its C++ task (checked whenever another one is released)."""
    _RELEASED_ENTRIES[:] = [kept for kept in _RELEASED_ENTRIES if not sip.isdeleted(kept)]
    _RELEASED_ENTRIES.append(entry)


class _TaskManagerEntry(QgsTask):
    """A job's face in QGIS's task manager. It stays on hold while the job runs in the plugin's thread, then is
    released to finish at once; cancelling it in the task manager cancels the job."""

    def __init__(self, job: Job) -> None:
        flags = QgsTask.Flag.CanCancel
        silent = getattr(QgsTask.Flag, "Silent", None)  # QGIS ≥ 3.26: no system notification at all
        if silent is not None:
            flags |= silent
        super().__init__(job.description, flags)
        self.job: Optional[Job] = job

    def cancel(self) -> None:  # the task manager's cancel button
        if self.job is not None:
            self.job.cancel()
        super().cancel()

    def release(self, cancelled: bool) -> None:
        self.job = None
        if cancelled:
            super().cancel()
        else:
            self.unhold()

    def run(self) -> bool:
        return True


class _ThreadPool:
    """Daemon threads that take queued calls; a new thread starts whenever a call would otherwise wait (up to
    `max_threads`), and a thread idle for IDLE_THREAD_SECONDS ends."""

    def __init__(self, max_threads: int) -> None:
        self._max = max(1, max_threads)
        self._cond = threading.Condition()
        self._calls: deque[Callable[[], None]] = deque()
        self._threads: list[threading.Thread] = []
        self._idle = 0
        self._closing = False

    def submit(self, call: Callable[[], None]) -> None:
        with self._cond:
            if self._closing:
                return
            self._calls.append(call)
            if len(self._calls) > self._idle and len(self._threads) < self._max:
                thread = threading.Thread(target=self._loop, name="arcgis-identify-worker", daemon=True)
                self._threads.append(thread)
                thread.start()
            else:
                self._cond.notify()

    def alive(self) -> int:
        with self._cond:
            return sum(1 for thread in self._threads if thread.is_alive())

    def shutdown(self, timeout: float) -> bool:
        """Drops queued calls, lets running ones end; True when every thread ended within `timeout` seconds."""
        with self._cond:
            self._closing = True
            self._calls.clear()
            threads = list(self._threads)
            self._cond.notify_all()
        deadline = time.monotonic() + timeout
        for thread in threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        return not any(thread.is_alive() for thread in threads)

    def _loop(self) -> None:
        me = threading.current_thread()
        while True:
            with self._cond:
                self._idle += 1
                while not self._calls and not self._closing:
                    if not self._cond.wait(IDLE_THREAD_SECONDS) and not self._calls:
                        break
                self._idle -= 1
                if not self._calls:  # idle too long, or closing
                    self._threads.remove(me)
                    break
                call = self._calls.popleft()
            call()
