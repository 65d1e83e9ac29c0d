"""QGIS's network stack on the main thread only (core/qgis_network.py): what a worker does and does not do,
QGIS's own handlers, the extra manager, the disk cache, the end of waits when the main thread is busy or gone."""

from __future__ import annotations

import sys
import threading
import time
from typing import Any

import pytest
from qgis.core import QgsNetworkAccessManager
from qgis.PyQt.QtCore import QCoreApplication, QUrl

from arcgis_identify.core import (
    ArcGisCancelledError,
    ArcGisError,
    ArcGisNetworkError,
    Gateway,
    ImageService,
    MapService,
    qgis_network,
)
from arcgis_identify.core.feedback import JobFeedback
from arcgis_identify.core.mainloop import close_main_thread_mailbox, main_thread_mailbox
from arcgis_identify.tests.core.hostile_servers import HostileServer

QT_MODULES = ("PyQt5", "PyQt6", "sip")


def _in_worker(work, *, pump: bool = True, deadline_s: float = 60.0) -> dict[str, Any]:
    """Runs `work()` in a plain thread while the main thread turns its event loop (as QGIS does)."""
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["value"] = work()
        except BaseException as error:  # asserted by the caller
            outcome["error"] = error

    thread = threading.Thread(target=target)
    thread.start()
    deadline = time.monotonic() + deadline_s
    while thread.is_alive() and time.monotonic() < deadline:
        if pump:
            QCoreApplication.processEvents()
        time.sleep(0.002)
    thread.join(1.0)
    assert not thread.is_alive(), "the worker did not end"
    return outcome


def _qt_callee(arg: Any) -> str:
    """The Qt or sip function a profiler's c_call event is about, or any method of a QObject (QGIS's included),
    or ''. Plain QGIS value classes (a CRS, a geometry) are no Qt object-model call and are allowed."""
    from qgis.PyQt.QtCore import QObject

    owner = getattr(arg, "__self__", None)
    name = getattr(arg, "__qualname__", getattr(arg, "__name__", repr(arg)))
    for candidate in (getattr(arg, "__module__", None), type(owner).__module__ if owner is not None else None):
        if candidate and candidate.split(".")[0] in QT_MODULES:
            return f"{candidate}.{name}"
    if isinstance(owner, QObject) or (isinstance(owner, type) and issubclass(owner, QObject)):
        return f"{type(owner).__name__}.{name}"
    return ""


def test_a_worker_makes_no_qt_call(map_url, elevation_url, tmp_path):
    """Requests, a streamed download, a tiled export, progress and cancellation checks from a worker: not one call
    into Qt or sip and no call on a QObject happens in the worker thread (the main thread makes them all)."""
    gateway = Gateway(transport="qgis")
    feedback = JobFeedback()
    calls: list[str] = []

    def profile(_frame, event, arg) -> None:
        if event == "c_call":
            name = _qt_callee(arg)
            if name:
                calls.append(name)

    def work():
        sys.setprofile(profile)
        try:
            info = gateway.get_json(map_url, feedback=feedback)
            image = gateway.download_to_file(
                elevation_url + "/exportImage",
                tmp_path / "worker.tif",
                {"bbox": "-84.4,36.45,-84.1,36.7", "bboxSR": "4326", "size": "120,90", "format": "tiff", "f": "image"},
                feedback=feedback,
                report_progress=True,
            )
            tiled = ImageService(elevation_url, transport="qgis").export_image(
                bbox=(-84.4, 36.45, -84.1, 36.7), bbox_crs=4326, size=(2300, 300), to_path=tmp_path / "tiled.tif"
            )
        finally:
            sys.setprofile(None)
        return info, image, tiled

    outcome = _in_worker(work)
    assert "error" not in outcome, outcome
    info, image, tiled = outcome["value"]
    assert tiled.tiles == 2 and (tmp_path / "tiled.tif").exists()  # tiles: pending requests of this one worker
    assert info["mapName"]
    assert image.size > 1000 and (tmp_path / "worker.tif").stat().st_size == image.size
    assert feedback.progress() == 100.0  # progress was reported, in plain Python
    assert calls == []


def test_nothing_the_plugin_fetches_lands_in_qgis_disk_cache(elevation_url, tmp_path):
    cache = QgsNetworkAccessManager.instance().cache()
    assert cache is not None  # QGIS's managers have a disk cache: what we fetch must stay out of it
    params = {"bbox": "-84.4,36.45,-84.1,36.7", "bboxSR": "4326", "size": "300,200", "format": "png", "f": "image"}
    url = elevation_url + "/exportImage"
    Gateway(transport="qgis").download_to_file(url, tmp_path / "a.png", params)
    Gateway(transport="qgis").download_to_file(url, tmp_path / "b.png", params)
    query = "&".join(f"{k}={v}" for k, v in params.items()).replace(",", "%2C")
    for candidate in (url + "?" + query, url + "?" + query.replace("%2C", ",")):
        assert not cache.metaData(QUrl(candidate)).isValid(), candidate


def test_requests_spread_over_qgis_manager_and_one_more(map_url, monkeypatch):
    """Eight requests at once to one host use QGIS's manager and the extra one (6 connections per host each)."""
    used: list[bool] = []
    original = qgis_network._Exchange.start

    def recording_start(self) -> None:
        used.append(self.extra)
        original(self)

    monkeypatch.setattr(qgis_network._Exchange, "start", recording_start)
    results: list[Any] = []
    lock = threading.Lock()

    def one() -> None:
        value = MapService(map_url, transport="qgis").identify(
            geometry=(10.0, 50.0), crs=4326, map_extent=(-20.0, 30.0, 40.0, 70.0), layers="all:0"
        )
        with lock:
            results.append([r.value for r in value])

    outcome = _in_worker(lambda: [t.start() or t for t in [threading.Thread(target=one) for _ in range(8)]])
    for thread in outcome["value"]:
        while thread.is_alive():
            QCoreApplication.processEvents()
            time.sleep(0.002)
    assert results == [["Germany"]] * 8
    assert True in used and False in used


@pytest.mark.parametrize(
    ("mode", "signal_name"),
    [("tls", "requestEncounteredSslErrors"), ("challenge-401", "requestRequiresAuth")],
)
def test_qgis_is_asked_about_tls_errors_and_401_challenges_of_worker_requests(mode, signal_name):
    """A worker's request meets a self-signed certificate or a Basic challenge: QGIS's own manager handles it (its
    SSL error and authentication handlers: in QGIS, the dialogs it shows for its own layers), and the worker still
    ends with a sentence within its deadline (here nobody answers: a test QGIS has no dialogs)."""
    asked: list[int] = []
    signal = getattr(QgsNetworkAccessManager.instance(), signal_name)
    signal.connect(lambda request_id, *_: asked.append(request_id))
    server = HostileServer(mode)
    url = server.base + "/arcgis/rest/services/X/MapServer"
    try:
        outcome = _in_worker(lambda: MapService(url, transport="qgis", timeout=10).info())
    finally:
        server.close()
    assert asked, f"QGIS's {signal_name} was never emitted"
    assert isinstance(outcome.get("error"), ArcGisError), outcome  # a 401 is the service's answer, TLS a network error


def test_a_blocked_main_thread_delays_a_worker_request_until_its_deadline_never_longer(map_url):
    """The main thread does not turn its event loop (a modal wait, QGIS exiting): the worker ends at its own
    deadline with a timeout, while the main thread is still blocked."""
    done = threading.Event()
    outcome: dict[str, Any] = {}

    def work() -> None:
        try:
            MapService(map_url, transport="qgis", timeout=1.0).info(refresh=True)
        except BaseException as error:  # asserted below
            outcome["error"] = error
        finally:
            done.set()

    thread = threading.Thread(target=work)
    thread.start()
    ended_while_blocked = done.wait(10.0)  # the main thread waits here without processing any event
    thread.join(5.0)
    QCoreApplication.processEvents()  # the request handed over meanwhile starts, sees its guard tripped, ends
    assert ended_while_blocked
    assert isinstance(outcome.get("error"), ArcGisNetworkError)
    assert "timed out after 1 s" in str(outcome["error"])


def test_a_closed_network_ends_worker_requests_at_once(map_url):
    """After unload (mailbox closed), a worker's request is refused at once instead of waiting for its deadline."""
    close_main_thread_mailbox()
    try:
        started = time.monotonic()
        outcome = _in_worker(lambda: MapService(map_url, transport="qgis", timeout=30).info(), pump=False)
        assert time.monotonic() - started < 10
    finally:
        main_thread_mailbox()
    assert isinstance(outcome.get("error"), ArcGisCancelledError), outcome


def test_closing_the_network_aborts_what_runs(fault_url):
    """close_network() (unload) aborts a running reply: its worker ends with a cancellation, not its deadline."""
    url = fault_url("delay-20", "Elevation/ImageServer")
    holder: dict[str, Any] = {}

    def work() -> None:
        try:
            ImageService(url, transport="qgis", timeout=60).info()
        except BaseException as error:  # asserted below
            holder["error"] = error

    thread = threading.Thread(target=work)
    thread.start()
    deadline = time.monotonic() + 10
    while qgis_network.dispatcher().active() == 0 and time.monotonic() < deadline:
        QCoreApplication.processEvents()
        time.sleep(0.005)
    assert qgis_network.dispatcher().active() == 1
    qgis_network.close_network()
    deadline = time.monotonic() + 10
    while thread.is_alive() and time.monotonic() < deadline:
        QCoreApplication.processEvents()
        time.sleep(0.005)
    assert not thread.is_alive()
    assert isinstance(holder.get("error"), ArcGisCancelledError), holder


@pytest.mark.parametrize("blocked_s", [0.0])
def test_main_thread_requests_turn_the_event_loop(map_url, blocked_s):
    """On the main thread (the Python console, qgis_process) a call sends and waits itself."""
    info = MapService(map_url, transport="qgis").info(refresh=True)
    assert info.name == "World"
    assert qgis_network.dispatcher().active() == 0
