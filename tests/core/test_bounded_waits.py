"""Every wait has an end (DESIGN.md): no network call outlives its timeout, whatever the server does and whichever
thread calls it, and what it raises is a readable ArcGisError that tells the truth about time.

Each hostile server (tests/core/hostile_servers.py) misbehaves in one way; each call goes through the public API
(MapService.info, Gateway.download_to_file) with every transport, from five contexts:

  main            the main thread
  task-free       a QgsTask, the main thread processing events
  task-blocked    a QgsTask while the main thread is blocked in QThreadPool.globalInstance().waitForDone() (as in
                  pytest-qgis's teardown or QGIS exiting: QGIS's network manager in a worker thread hands a 401
                  challenge or a TLS error to the main thread and waits for it)
  thread-free     a plain threading.Thread, the main thread processing events
  thread-blocked  a plain threading.Thread while the main thread is blocked in join() without processing events

The elapsed-time bounds below are behaviour the design demands (an end to every wait), not benchmarks: the margin is
generous for a loaded 2-core machine. A call that would wait for ever is ended by the server, which drops every
connection LIFETIME_S after accepting it, or reported as hung after HANG_WAIT_S; either way the test fails with the
time it took instead of blocking the suite.
"""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

import pytest
from qgis.core import QgsApplication, QgsFeedback, QgsTask
from qgis.PyQt.QtCore import QThreadPool

from arcgis_identify.core import (
    ArcGisCancelledError,
    ArcGisError,
    ArcGisServiceError,
    Gateway,
    MapService,
)
from arcgis_identify.tests.core.hostile_servers import LIFETIME_S, HostileServer, static_handler

T = 1.0  # the timeout every call is given (seconds)
MARGIN_S = 2.5  # a call must end within T + MARGIN_S of its start
CANCEL_AFTER_S = 0.3
CANCEL_BOUND_S = 1.0  # a cancelled call ends this soon after the cancellation
HANG_WAIT_S = 15.0  # how long a context waits for a call before calling it hung
TRANSPORT_NAMES = ("qgis", "requests", "urllib")
CONTEXTS = ("main", "task-free", "task-blocked", "thread-free", "thread-blocked")
# (server mode, operation): info() for every mode, the streamed download where a body is under way
CASES = [
    ("challenge-401", "info"),
    ("tls", "info"),
    ("silent", "info"),
    ("drip", "info"),
    ("drip", "download"),
    ("reset", "info"),
    ("reset", "download"),
    ("killed-mid-body", "info"),
    ("killed-mid-body", "download"),
]
SERVICE_PATH = "/arcgis/rest/services/X/MapServer"

# What a readable sentence does not contain: Python reprs, tracebacks, urllib3/requests internals.
NOT_READABLE = [
    re.compile(r"\b[A-Z]\w*(Error|Exception|Timeout)\("),  # ConnectionResetError(104, ...), ProtocolError(...)
    re.compile(r"<(urllib3|requests|http\.client)\b|<[\w.]+ object at 0x"),  # <urllib3.connection...object at 0x...>
    re.compile(r"\w+Pool\(host="),  # HTTPConnectionPool(host='127.0.0.1', port=...)
    re.compile(r"Traceback \(most recent call last\)|File \"[^\"]+\", line \d+"),
    re.compile(r"\(\d+, '"),  # (104, 'Connection reset by peer')
]
CLAIMED_SECONDS = re.compile(r"\bafter (\d+(?:\.\d+)?) ?s\b")


# -- servers ---------------------------------------------------------------------------------------------
_TLS_WARM: list[bool] = []


def _warm_up_tls(server: HostileServer) -> None:
    """The first HTTPS request of a QGIS process loads the CA certificate store (seconds, once, inside QGIS's
    request creation): done before any measured call, so the cases measure waiting, not that one-time load."""
    if _TLS_WARM:
        return
    _TLS_WARM.append(True)
    with contextlib.suppress(ArcGisError):
        MapService(f"{server.base}/arcgis/rest/services/X/MapServer", transport="qgis", timeout=30).info()


@pytest.fixture()
def hostile_server():
    """Factory: hostile_server(mode) -> HostileServer, stopped after the test."""
    started: list[HostileServer] = []

    def start(mode: str) -> HostileServer:
        server = HostileServer(mode)
        started.append(server)
        if mode == "tls":
            _warm_up_tls(server)
        return server

    yield start
    for server in started:
        server.close()


def _call(mode_op: str, base: str, transport: str, tmp_path, timeout: float = T, feedback: Any = None):
    """The public-API call of one case, as a function of no arguments (it runs in the context under test)."""
    if mode_op == "info":
        url = base + SERVICE_PATH
        return lambda: MapService(url, transport=transport, timeout=timeout).info(feedback=feedback)
    url = base + SERVICE_PATH + "/export/image.png"
    target = tmp_path / f"download-{transport}.png"
    return lambda: Gateway(transport=transport, timeout=timeout).download_to_file(url, target, feedback=feedback)


# -- contexts --------------------------------------------------------------------------------------------
@dataclass
class Outcome:
    context: str
    done: threading.Event = field(default_factory=threading.Event)
    error: Optional[BaseException] = None
    result: Any = None
    elapsed: Optional[float] = None  # measured in the thread that called
    notes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # what the context saw go wrong (deadlock, blocked too long)

    def run(self, work: Callable[[], Any]) -> None:
        started = time.monotonic()
        try:
            self.result = work()
        except BaseException as error:  # recorded and asserted on the main thread
            self.error = error
        finally:
            self.elapsed = time.monotonic() - started
            self.done.set()

    def describe(self) -> str:
        if not self.done.is_set():
            return f"[{self.context}] still running after {HANG_WAIT_S:g} s (hung)"
        what = f"{type(self.error).__name__}: {self.error}" if self.error is not None else f"returned {self.result!r}"
        notes = "".join(f"; {note}" for note in self.notes + self.problems)
        return f"[{self.context}] after {self.elapsed:.2f} s: {what}{notes}"


class CallTask(QgsTask):
    def __init__(self, outcome: Outcome, work: Callable[[], Any]) -> None:
        super().__init__("bounded wait", QgsTask.Flag.CanCancel)
        self.outcome = outcome
        self.work = work

    def run(self) -> bool:
        self.outcome.run(self.work)
        return True


def _spin_until(qtbot, condition: Callable[[], bool], seconds: float) -> bool:
    """Processes the main thread's events until `condition` holds; False when it still does not after `seconds`."""
    try:
        qtbot.waitUntil(condition, timeout=int(seconds * 1000))
        return True
    except Exception:  # pytest-qt's TimeoutError
        return condition()


def run_in_context(context: str, work: Callable[[], Any], qtbot) -> Outcome:
    outcome = Outcome(context)
    pool = QThreadPool.globalInstance()
    if context == "main":
        outcome.run(work)
    elif context in ("task-free", "task-blocked"):
        task = CallTask(outcome, work)
        QgsApplication.taskManager().addTask(task)
        if context == "task-free":
            _spin_until(qtbot, outcome.done.is_set, HANG_WAIT_S)
        else:
            started = time.monotonic()
            finished = pool.waitForDone(int(HANG_WAIT_S * 1000))
            blocked = time.monotonic() - started
            outcome.notes.append(f"waitForDone returned {finished} after {blocked:.2f} s")
            if not finished:
                outcome.problems.append("the task never ended while the main thread waited for it: a deadlock")
            elif blocked > T + MARGIN_S:
                outcome.problems.append(f"the main thread stayed blocked {blocked:.2f} s, more than {T + MARGIN_S:g} s")
        # Let the task manager see the task end (and unblock a task that waits for the main thread).
        _spin_until(qtbot, lambda: outcome.done.is_set() and pool.activeThreadCount() == 0, 30)
    elif context in ("thread-free", "thread-blocked"):
        thread = threading.Thread(target=outcome.run, args=(work,), name="bounded-wait-caller", daemon=True)
        thread.start()
        if context == "thread-free":
            _spin_until(qtbot, outcome.done.is_set, HANG_WAIT_S)
        else:
            started = time.monotonic()
            thread.join(HANG_WAIT_S)
            if thread.is_alive():
                waited = time.monotonic() - started
                outcome.problems.append(f"the thread never ended while the main thread joined it ({waited:.2f} s)")
        _spin_until(qtbot, lambda: not thread.is_alive(), 30)
    else:
        raise ValueError(context)
    return outcome


# -- assertions ------------------------------------------------------------------------------------------
def assert_readable(message: str, where: str) -> None:
    assert message.strip(), f"{where}: empty message"
    assert "\n" not in message.strip(), f"{where}: a message on several lines (a traceback?): {message!r}"
    for pattern in NOT_READABLE:
        found = pattern.search(message)
        assert found is None, f"{where}: not a readable sentence ({found.group(0)!r} in it): {message!r}"
    assert message[0].isupper() and message.rstrip().endswith((".", ")")), f"{where}: not a sentence: {message!r}"


def assert_true_about_time(message: str, elapsed: float, applied: float, where: str) -> None:
    """A message that says "after N s" says the timeout actually applied, and the call did wait that long."""
    for claimed in CLAIMED_SECONDS.findall(message):
        assert abs(float(claimed) - applied) < 0.05, f"{where}: claims {claimed} s, the timeout was {applied:g} s"
        assert elapsed >= float(claimed) - 0.1, f"{where}: claims {claimed} s but ended after {elapsed:.2f} s"


def assert_bounded(outcome: Outcome, where: str, timeout: float = T) -> ArcGisError:
    where = f"{where} {outcome.describe()}"
    assert outcome.done.is_set(), f"{where}: hung"
    assert not outcome.problems, where
    assert outcome.error is not None, f"{where}: returned instead of raising an ArcGisError"
    assert isinstance(outcome.error, ArcGisError), f"{where}: not an ArcGisError"
    assert outcome.elapsed is not None
    bound = timeout + MARGIN_S
    if outcome.elapsed > bound:
        hint = (
            " (the server drops its connections then: on its own the call would wait longer)"
            if (outcome.elapsed >= LIFETIME_S - 0.2)
            else ""
        )
        pytest.fail(f"{where}: took {outcome.elapsed:.2f} s, more than {bound:g} s{hint}")
    message = str(outcome.error)
    assert_readable(message, where)
    assert_true_about_time(message, outcome.elapsed, timeout, where)
    return outcome.error


# -- the matrix ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("context", CONTEXTS)
@pytest.mark.parametrize("transport", TRANSPORT_NAMES)
@pytest.mark.parametrize(("mode", "operation"), CASES, ids=[f"{m}-{o}" for m, o in CASES])
def test_every_wait_ends_with_a_readable_arcgis_error(
    hostile_server, qtbot, tmp_path, record_property, mode, operation, transport, context
):
    server = hostile_server(mode)
    outcome = run_in_context(context, _call(operation, server.base, transport, tmp_path), qtbot)
    record_property("outcome", outcome.describe())  # error type and message, in the JUnit XML report
    assert_bounded(outcome, f"{mode} {operation} via {transport}")
    if operation == "download":
        assert list(tmp_path.iterdir()) == [], "a failed download leaves no file behind"


CANCEL_CASES = [("silent", "info"), ("drip", "info"), ("drip", "download")]


@pytest.mark.parametrize("context", ["main", "thread-free"])
@pytest.mark.parametrize("transport", TRANSPORT_NAMES)
@pytest.mark.parametrize(("mode", "operation"), CANCEL_CASES, ids=[f"{m}-{o}" for m, o in CANCEL_CASES])
def test_cancellation_from_another_thread_ends_the_wait(
    hostile_server, qtbot, tmp_path, mode, operation, transport, context
):
    server = hostile_server(mode)
    feedback = QgsFeedback()
    work = _call(operation, server.base, transport, tmp_path, timeout=30.0, feedback=feedback)
    timer = threading.Timer(CANCEL_AFTER_S, feedback.cancel)
    timer.start()
    try:
        outcome = run_in_context(context, work, qtbot)
    finally:
        timer.cancel()
    where = f"{mode} {operation} via {transport} {outcome.describe()}"
    assert outcome.done.is_set(), f"{where}: hung"
    assert isinstance(outcome.error, ArcGisCancelledError), f"{where}: not an ArcGisCancelledError"
    assert outcome.elapsed is not None and outcome.elapsed <= CANCEL_AFTER_S + CANCEL_BOUND_S, (
        f"{where}: ended {outcome.elapsed - CANCEL_AFTER_S:.2f} s after the cancellation"
    )
    assert_readable(str(outcome.error), where)


# -- regressions -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("transport", TRANSPORT_NAMES)
def test_error_code_too_large_for_a_float_is_a_service_error(transport, local_http_server):
    """`1e400` is valid JSON that Python reads as inf: int(inf) raises OverflowError, which must not escape."""
    server = local_http_server(static_handler(b'{"error": {"code": 1e400, "message": "x"}}'))
    with pytest.raises(ArcGisServiceError) as caught:
        MapService(server.base + SERVICE_PATH, transport=transport, timeout=5).info()
    assert getattr(caught.value, "code", None) is None
    assert_readable(str(caught.value), "error code 1e400")


def test_requests_reset_message_is_a_sentence(hostile_server):
    server = hostile_server("reset")
    with pytest.raises(ArcGisError) as caught:
        MapService(server.base + SERVICE_PATH, transport="requests", timeout=5).info()
    assert_readable(str(caught.value), "requests reset")


# Disk full while the download is written: the file size limit (RLIMIT_FSIZE) makes every write fail with EFBIG,
# in a process of its own (the limit is process-wide; Python ignores SIGXFSZ so the write raises OSError).
WRITE_FAILS_SCRIPT = """
import resource, sys
from qgis.core import QgsApplication
app = QgsApplication([], False)
app.initQgis()
from arcgis_identify.core import ArcGisError, Gateway
url, target, transport = sys.argv[1:4]
gateway = Gateway(transport=transport, timeout=10)
resource.setrlimit(resource.RLIMIT_FSIZE, (0, resource.RLIM_INFINITY))
try:
    result = gateway.download_to_file(url, target)
    print("RETURNED", result.status, result.size)
except ArcGisError as error:
    print("ARCGIS", type(error).__name__, error)
except BaseException as error:
    print("OTHER", type(error).__name__, error)
"""


@pytest.mark.parametrize("transport", TRANSPORT_NAMES)
def test_a_failing_write_fails_the_download(transport, local_http_server, tmp_path):
    image = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200000
    server = local_http_server(static_handler(image, content_type="image/png"))
    target = tmp_path / "out" / "image.png"
    target.parent.mkdir()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QGIS_CUSTOM_CONFIG_PATH=str(tmp_path / "profile"))
    completed = subprocess.run(
        [
            sys.executable,
            "-c",
            WRITE_FAILS_SCRIPT,
            server.base + SERVICE_PATH + "/export/image.png",
            str(target),
            transport,
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=90,
    )
    lines = [line for line in completed.stdout.splitlines() if line.startswith(("RETURNED", "ARCGIS", "OTHER"))]
    assert lines, completed.stdout + completed.stderr[-3000:]
    assert lines[-1].startswith("ARCGIS"), f"a download whose writes fail must raise an ArcGisError: {lines[-1]}"
    message = lines[-1].split(" ", 2)[2]
    assert "connection" not in message.lower(), f"the connection was fine, the write failed: {message}"
    assert_readable(message, "failed write")
    assert not target.exists()


@pytest.fixture()
def qgis_network_timeout():
    """Sets QGIS's network timeout setting (milliseconds) for one test, then restores it."""
    from qgis.core import QgsNetworkAccessManager

    previous = QgsNetworkAccessManager.timeout()
    yield QgsNetworkAccessManager.setTimeout
    QgsNetworkAccessManager.setTimeout(previous)


def test_qgis_network_timeout_firing_first_is_reported_truthfully(hostile_server, qgis_network_timeout):
    """QGIS aborts the request after its own network timeout (0.5 s) before the plugin's (5 s): the message must
    not claim 5 s; it gives the time actually waited or names QGIS's network timeout setting."""
    server = hostile_server("silent")
    qgis_network_timeout(500)
    outcome = Outcome("main")
    outcome.run(lambda: MapService(server.base + SERVICE_PATH, transport="qgis", timeout=5).info())
    where = f"QGIS timeout 0.5 s, plugin timeout 5 s: {outcome.describe()}"
    assert isinstance(outcome.error, ArcGisError), where
    assert outcome.elapsed is not None and outcome.elapsed < 3, f"{where}: QGIS's setting did not apply"
    message = str(outcome.error)
    assert_readable(message, where)
    claimed = [float(n) for n in CLAIMED_SECONDS.findall(message)]
    assert 5.0 not in claimed, f"{where}: claims the plugin's 5 s"
    if claimed:
        assert all(abs(n - outcome.elapsed) <= 0.6 for n in claimed), f"{where}: claims {claimed} s"
    else:
        assert "timeout" in message.lower() and "setting" in message.lower(), f"{where}: names no setting"
