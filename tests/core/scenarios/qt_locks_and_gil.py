"""Requests in worker threads while the main thread holds Qt's object locks and needs the GIL.

Qt guards connections with a pool of 131 mutexes picked by object address. Destroying an object that receives a
signal of a Python-made sender calls the sender's disconnectNotify with the object's mutex held, and PyQt looks for
a Python override there, which needs the GIL: QGIS's main thread does this whenever a widget goes. A worker thread
that waits for one of those mutexes while it holds the GIL (sip.delete does, and so does a wrapper's deallocation)
then deadlocks with it.

Here the main thread holds each mutex of the pool in turn (destroying a receiver whose sender's Python override
sleeps), over and over, while worker threads make requests through the QGIS transport. Whatever a request locks, it
must wait without the GIL. Prints "ok ..." when every request ended; faulthandler ends a deadlocked run.

Between two destructions the main thread turns its event loop, as QGIS does: that is where every reply lives
(core/qgis_network.py); the workers only hand requests over and wait, making no Qt call.

python qt_locks_and_gil.py URL REQUESTS THREADS [DEADLINE_S] [threads|task|runner|all]
With "task", the workers are QgsTasks; with "runner", jobs of the plugin's BackgroundRunner, shown in QGIS's task
manager at once, reporting progress, their outcome delivered to the main thread, their threads ended at shutdown;
"all" runs THREADS workers of each kind at once. Each request carries a `probe` parameter naming it, so that the
sample server's request log shows whether any was sent twice. The last line printed is a JSON summary: requests
done, failures, exceptions that reached sys.excepthook or sys.unraisablehook (a Python slot that raised, a sip
error), and the probes.
"""

from __future__ import annotations

import faulthandler
import json
import sys
import threading
import time

from qgis.core import QgsApplication
from qgis.PyQt import sip
from qgis.PyQt.QtCore import QObject, pyqtSignal

POOL = 131  # QObject's signalSlotLock pool: uint(address) % 131


def _index(obj: QObject) -> int:
    return (sip.unwrapinstance(obj) & 0xFFFFFFFF) % POOL


class _Sender(QObject):
    signal = pyqtSignal()
    hold_s = 0.01

    def disconnectNotify(self, signal) -> None:
        time.sleep(self.hold_s)  # called by ~QObject of a receiver, with the receiver's mutex held


def _receiver_for(index: int, spare: dict[int, list[QObject]]) -> QObject:
    while not spare.get(index):
        receiver = QObject()
        spare.setdefault(_index(receiver), []).append(receiver)
    return spare[index].pop()


class _Running:
    """A worker the main thread polls; its bookkeeping (task manager, job outcomes) runs on the main thread."""

    def __init__(self, running) -> None:
        self.running = running

    def is_alive(self) -> bool:
        QgsApplication.processEvents()
        return self.running()


def _task_running(task) -> bool:
    from qgis.core import QgsTask

    if sip.isdeleted(task):  # the task manager deletes a task once it has ended
        return False
    return task.status() not in (QgsTask.TaskStatus.Complete, QgsTask.TaskStatus.Terminated)


def main() -> int:
    url, requests, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    mode = sys.argv[5] if len(sys.argv) > 5 else "threads"
    faulthandler.dump_traceback_later(float(sys.argv[4]) if len(sys.argv) > 4 else 45.0, exit=True)  # a deadlock
    app = QgsApplication([], False)
    app.initQgis()
    from arcgis_identify.core.qgis_network import QgisTransport
    from arcgis_identify.core.transport import Guard

    done: list[str] = []
    failures: list[str] = []
    hooked: list[str] = []
    sys.excepthook = lambda kind, value, tb: hooked.append(f"{kind.__name__}: {value}")
    sys.unraisablehook = lambda unraisable: hooked.append(f"unraisable: {unraisable.exc_value!r}")
    transport = QgisTransport()  # made on the main thread, as a Session is

    def worker(name: str, feedback=None) -> None:
        for number in range(requests):
            if feedback is not None:
                feedback.setProgress(100.0 * number / requests)  # read by the runner on the main thread
            probe = f"{name}-{number}"
            try:
                answer = transport.send("GET", url, {"f": "json", "probe": probe}, {}, Guard(feedback, 30.0))
                if answer.status != 200:
                    failures.append(f"status {answer.status}")
            except Exception as error:  # reported, not raised: the point is whether the thread ends
                failures.append(repr(error))
            done.append(probe)

    workers: list = []
    runner = None
    kinds = ["threads", "task", "runner"] if mode == "all" else [mode]
    if "runner" in kinds:
        from arcgis_identify.app.runner import BackgroundRunner, JobState

        runner = BackgroundRunner(max_threads=threads, task_manager_delay_ms=0)
        batch = runner.batch("requests")
        jobs = [batch.submit("requests", lambda f, i=i: worker(f"runner{i}", f)) for i in range(threads)]
        workers += [_Running(lambda job=job: job.state is not JobState.FINISHED) for job in jobs]
    if "task" in kinds:
        from qgis.core import QgsTask

        tasks = [QgsTask.fromFunction("requests", lambda task, i=i: worker(f"task{i}")) for i in range(threads)]
        for task in tasks:
            QgsApplication.taskManager().addTask(task)
        workers += [_Running(lambda task=task: _task_running(task)) for task in tasks]
    if "threads" in kinds:
        plain = [threading.Thread(target=worker, args=(f"thread{i}",), daemon=True) for i in range(threads)]
        for thread in plain:
            thread.start()
        workers += plain
    sender, spare, rounds = _Sender(), {}, 0
    while any(thread.is_alive() for thread in workers):
        for index in range(POOL):
            if index == _index(sender):
                continue  # ~QObject relocks the sender's own mutex after the override
            receiver = _receiver_for(index, spare)
            sender.signal.connect(receiver.deleteLater)
            sip.delete(receiver)  # holds the receiver's mutex while the override sleeps, then needs the GIL
            QgsApplication.processEvents()  # where the replies live
        rounds += 1
    if runner is not None and not runner.shutdown(timeout=10):
        failures.append("the runner's threads did not end")
    QgsApplication.processEvents()
    print(f"ok {len(done)} requests, {rounds} rounds, failures: {failures[:3]}", flush=True)
    summary = {"done": len(done), "failures": failures[:20], "hooked": hooked[:20], "probes": sorted(done)}
    print(json.dumps(summary), flush=True)
    return 0 if not failures and not hooked else 1


if __name__ == "__main__":
    sys.exit(main())
