"""The background runner: plugin-owned threads, results on the main thread, the latest batch wins, bounded ends."""

from __future__ import annotations

import threading
import time

import pytest
from qgis.core import Qgis, QgsApplication, QgsTask

from arcgis_identify.app.runner import LOG_TAG, BackgroundRunner, Job, JobState, error_sentence
from arcgis_identify.core.errors import ArcGisNetworkError


@pytest.fixture()
def runner(qgis_app):
    instance = BackgroundRunner(task_manager_delay_ms=100)
    yield instance
    assert instance.shutdown(timeout=5)


def _wait_for_cancel(seconds: float):
    """Work that waits (like a network request) until cancelled or `seconds` passed."""

    def work(feedback):
        end = time.monotonic() + seconds
        while time.monotonic() < end and not feedback.isCanceled():
            time.sleep(0.01)
        return "cancelled" if feedback.isCanceled() else "done"

    return work


def test_work_runs_off_the_main_thread_and_outside_qgis_task_pool(qtbot, runner):
    seen: dict = {}

    def work(feedback):
        seen["main"] = threading.current_thread() is threading.main_thread()
        seen["python_thread"] = not isinstance(threading.current_thread(), threading._DummyThread)
        return 42

    delivered: list[Job] = []
    runner.submit("test", "answer", work, delivered.append)
    qtbot.waitUntil(lambda: bool(delivered), timeout=5000)
    job = delivered[0]
    assert job.ok and job.value == 42
    assert seen == {"main": False, "python_thread": True}  # a thread of ours, not one of QGIS's pool


def test_callbacks_run_on_the_main_thread(qtbot, runner):
    threads: list[bool] = []
    runner.submit(
        "test",
        "x",
        lambda feedback: None,
        lambda job: threads.append(threading.current_thread() is threading.main_thread()),
    )
    qtbot.waitUntil(lambda: bool(threads), timeout=5000)
    assert threads == [True]


def test_threads_are_reused_between_jobs(qtbot, runner):
    """Kept threads keep their network manager and open connections."""
    names: list = []
    for _ in range(3):
        done: list = []
        runner.submit("c", "job", lambda feedback: names.append(threading.get_ident()), done.append)
        qtbot.waitUntil(lambda done=done: bool(done), timeout=5000)
    assert len(set(names)) == 1 and runner.thread_count() == 1


def test_eight_waiting_jobs_run_at_the_same_time(qtbot, runner):
    all_waiting = threading.Barrier(8, timeout=5)  # passed only when all eight wait at once

    def work(feedback):
        all_waiting.wait()  # a job waiting on the network, until every other one waits too
        return True

    batch = runner.batch("identify")
    done: list[Job] = []
    for index in range(8):
        batch.submit(f"service {index}", work, done.append)
    qtbot.waitUntil(lambda: len(done) == 8, timeout=10000)
    # none queued behind another (the barrier would have broken): waiting costs no CPU slot
    assert [job.error for job in done] == [None] * 8 and all(job.value for job in done)


def test_the_latest_batch_wins(qtbot, runner):
    delivered: list[str] = []
    first = runner.batch("identify")
    old = first.submit("old", _wait_for_cancel(10), lambda job: delivered.append("old"))
    second = runner.batch("identify")  # a new click
    second.submit("new", lambda feedback: "new", lambda job: delivered.append(job.value))
    assert old.cancelled
    qtbot.waitUntil(lambda: not runner.jobs(), timeout=5000)
    assert delivered == ["new"]
    assert old.superseded and not second.jobs[0].superseded


def test_other_channels_are_left_alone(qtbot, runner):
    legend = runner.submit("legend", "legend", _wait_for_cancel(0.5))
    runner.batch("identify")
    assert not legend.cancelled


def test_on_all_done_once_every_job_of_the_batch_ended(qtbot, runner):
    ends: list = []
    batch = runner.batch("identify")
    batch.on_all_done = ends.append
    for seconds in (0.05, 0.2, 0.1):
        batch.submit("job", _wait_for_cancel(seconds))
    qtbot.waitUntil(lambda: bool(ends), timeout=5000)
    assert ends == [batch] and not batch.pending


def test_errors_in_work_and_in_callbacks_are_contained(qtbot, runner):
    outcomes: list[Job] = []

    def broken(feedback):
        raise ValueError("bad answer")

    runner.submit("a", "broken work", broken, outcomes.append)

    def broken_callback(job):
        outcomes.append(job)
        raise RuntimeError("bug in a callback")

    runner.submit("b", "broken callback", lambda feedback: 1, broken_callback)
    qtbot.waitUntil(lambda: len(outcomes) == 2, timeout=5000)
    first = next(job for job in outcomes if job.description == "broken work")
    assert isinstance(first.error, ValueError) and "bad answer" in first.traceback
    assert not first.ok


def test_a_slow_job_shows_on_hold_in_the_task_manager_and_cancels_from_there(qtbot, runner):
    manager = QgsApplication.taskManager()
    delivered: list[Job] = []
    job = runner.submit("identify", "ArcGIS Identify: Slow", _wait_for_cancel(20), delivered.append)
    qtbot.waitUntil(
        lambda: any(t.description() == "ArcGIS Identify: Slow" for t in manager.activeTasks()), timeout=5000
    )
    task = next(t for t in manager.activeTasks() if t.description() == "ArcGIS Identify: Slow")
    assert task.status() == QgsTask.TaskStatus.OnHold
    job.feedback.setProgress(40.0)
    qtbot.waitUntil(lambda: task.progress() == 40.0, timeout=5000)
    task.cancel()  # the user's cancel button in QGIS's task list
    qtbot.waitUntil(lambda: bool(delivered), timeout=5000)
    assert delivered[0].cancelled and delivered[0].value == "cancelled"
    qtbot.waitUntil(lambda: not manager.activeTasks(), timeout=5000)


def test_a_finished_slow_job_leaves_the_task_manager(qtbot, runner):
    manager = QgsApplication.taskManager()
    done: list[Job] = []
    runner.submit("legend", "ArcGIS Legend: slow", _wait_for_cancel(0.6), done.append)
    qtbot.waitUntil(lambda: any("slow" in t.description() for t in manager.activeTasks()), timeout=5000)
    qtbot.waitUntil(lambda: bool(done) and not manager.activeTasks(), timeout=5000)
    assert done[0].value == "done"


def test_a_quick_job_never_shows_in_the_task_manager(qtbot, qgis_app):
    delayed: list = []  # the runner's delayed calls, run when the test's clock says
    runner = BackgroundRunner(task_manager_delay_ms=400, schedule=lambda ms, call: delayed.append((ms, call)))
    manager = QgsApplication.taskManager()
    added: list = []
    manager.taskAdded.connect(added.append)
    try:
        done: list[Job] = []
        runner.submit("identify", "quick", lambda feedback: 1, done.append)
        qtbot.waitUntil(lambda: bool(done), timeout=5000)
        assert [ms for ms, _call in delayed] == [400]
        for _ms, call in delayed:  # the delay passes after the job is over
            call()
    finally:
        manager.taskAdded.disconnect(added.append)
        assert runner.shutdown(timeout=5)
    assert added == []


def test_a_job_still_running_after_the_delay_shows_in_the_task_manager(qtbot, qgis_app):
    delayed: list = []
    runner = BackgroundRunner(task_manager_delay_ms=400, schedule=lambda ms, call: delayed.append(call))
    manager = QgsApplication.taskManager()
    release = threading.Event()
    job = runner.submit("identify", "ArcGIS Identify: waiting", lambda feedback: release.wait(30))
    try:
        qtbot.waitUntil(lambda: job.state is JobState.RUNNING, timeout=5000)
        assert not any(t.description() == "ArcGIS Identify: waiting" for t in manager.activeTasks())
        for call in delayed:  # the delay passes while the job runs
            call()
        assert any(t.description() == "ArcGIS Identify: waiting" for t in manager.activeTasks())
    finally:
        release.set()
        qtbot.waitUntil(lambda: job.state is JobState.FINISHED, timeout=5000)
        assert runner.shutdown(timeout=5)
    qtbot.waitUntil(lambda: not manager.activeTasks(), timeout=5000)


def test_shutdown_cancels_everything_and_ends_in_bounded_time(qtbot, qgis_app):
    runner = BackgroundRunner(task_manager_delay_ms=None)
    jobs = [runner.submit(f"c{i}", "wait", _wait_for_cancel(30)) for i in range(3)]
    assert runner.shutdown(timeout=5)
    assert all(job.cancelled for job in jobs)
    assert runner.thread_count() == 0
    late = runner.submit("c", "after shutdown", lambda feedback: 1)
    assert late.cancelled  # nothing starts once the runner is shut down


def test_shutdown_gives_up_on_work_that_ignores_cancellation(qgis_app):
    runner = BackgroundRunner(task_manager_delay_ms=None)
    release = threading.Event()
    job = runner.submit("stuck", "stuck", lambda feedback: release.wait(30))
    while job.state is not JobState.RUNNING:
        time.sleep(0.01)
    started = time.monotonic()
    ended = runner.shutdown(timeout=0.3)
    waited = time.monotonic() - started
    release.set()
    assert ended is False
    assert waited < 5  # unload() must end within 5 s whatever a job does


def test_a_slow_job_never_raises_qgis_task_complete_notice(qtbot, runner):
    """QGIS 3.22 notifies "Task complete" for a task that *ran* longer than minTaskLengthForSystemNotification (its
    clock, QgsTask.elapsedTime, starts when the task runs). The entry stays on hold for the whole job and runs only
    once the job is over, so however long an identify takes, QGIS's clock for it is the instant of its release."""
    manager = QgsApplication.taskManager()
    release = threading.Event()
    statuses: list[tuple[int, bool]] = []  # (status, was the job over)
    done: list[Job] = []
    job = runner.submit("identify", "ArcGIS Identify: held", lambda feedback: release.wait(30), done.append)
    qtbot.waitUntil(
        lambda: any(t.description() == "ArcGIS Identify: held" for t in manager.activeTasks()), timeout=5000
    )
    task = next(t for t in manager.activeTasks() if t.description() == "ArcGIS Identify: held")
    task_id = manager.taskId(task)

    def changed(tid: int, status: int) -> None:
        if tid == task_id:
            statuses.append((status, job.state is JobState.FINISHED))

    manager.statusChanged.connect(changed)
    try:
        # The job keeps waiting on the network (here: an event) with its entry in the list: events go round (its
        # progress reaches the entry) and the entry stays on hold.
        job.feedback.setProgress(25.0)
        qtbot.waitUntil(lambda: task.progress() == 25.0, timeout=5000)
        assert task.status() == QgsTask.TaskStatus.OnHold
        release.set()
        qtbot.waitUntil(lambda: bool(done) and not manager.activeTasks(), timeout=5000)
    finally:
        manager.statusChanged.disconnect(changed)
    assert done[0].value is True
    running = [over for status, over in statuses if status == QgsTask.TaskStatus.Running]
    assert running and all(running)  # it ran only after the job was over
    assert statuses[-1][0] == QgsTask.TaskStatus.Complete


def test_one_error_sentence_for_every_job(qgis_app):
    """An ArcGisError is already the sentence; any other error is a bug: its traceback goes to QGIS's log, the user
    reads that the details are there (the caller's own sentence, or the runner's)."""
    logged: list[tuple[str, str, object]] = []

    def record(text, tag, level) -> None:
        logged.append((text, tag, level))

    QgsApplication.messageLog().messageReceived.connect(record)
    try:
        timeout = ArcGisNetworkError("The request to the service Slow/MapServer timed out after 5 s.")
        assert error_sentence(timeout) == str(timeout)
        assert logged == []
        try:
            {}["missing"]
        except KeyError as error:
            bug = error
        assert error_sentence(bug) == "Stopped by an unexpected error (KeyError); details are in the log."
        own = error_sentence(bug, "The export failed unexpectedly ({}).")
        assert own == "The export failed unexpectedly (KeyError)."
    finally:
        QgsApplication.messageLog().messageReceived.disconnect(record)
    assert len(logged) == 2
    text, tag, level = logged[0]
    assert tag == LOG_TAG and level == Qgis.MessageLevel.Critical
    assert text.startswith("Traceback") and "KeyError: 'missing'" in text
