"""Shared fixtures: a QGIS iface that records menus and docks, and the local ArcGIS REST sample server."""

from __future__ import annotations

import faulthandler
import os
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
# Real ArcGIS response shapes, each with its provenance note (.txt) beside it.
FIXTURES_DIR = REPO_ROOT / "tests" / "data" / "fixtures"


# -- a watchdog that needs no Python lock ---------------------------------------------------------------
# pytest-timeout (120 s, pyproject.toml) dumps the stacks and fails a test that hangs, from a Python thread: it
# needs the GIL, so a hang that holds the GIL stops it too. tests/watchdog.py is a process of its own: it follows a
# heartbeat file (the test being run) and, when a test or the session's end takes longer than WATCHDOG_S, dumps
# every thread (native stacks with gdb when there is one, Python stacks through faulthandler on SIGUSR2, which
# needs no lock) and kills the run, ending its output with a summary a CI log's tail shows.
WATCHDOG_S = int(os.environ.get("ARCGIS_IDENTIFY_WATCHDOG_S", "300"))
_watchdog: dict = {}


def _heartbeat(what: str) -> None:
    path = _watchdog.get("heartbeat")
    if path is not None:
        path.write_text(what, encoding="utf-8")


def pytest_configure(config) -> None:
    import signal
    import subprocess
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="arcgis-identify-watchdog-"))
    heartbeat, dump = folder / "heartbeat", folder / "python-stacks.txt"
    heartbeat.write_text("", encoding="utf-8")
    dump_file = open(dump, "w", encoding="utf-8")  # noqa: SIM115 - open for the whole run, written by faulthandler
    faulthandler.register(signal.SIGUSR2, file=dump_file, all_threads=True, chain=False)
    # The terminal's stderr, kept before the tests' output capture takes fd 2 over (as pytest's own faulthandler).
    terminal = os.dup(sys.__stderr__.fileno())
    process = subprocess.Popen(
        [
            sys.executable,
            str(Path(__file__).with_name("watchdog.py")),
            str(os.getpid()),
            str(heartbeat),
            str(dump),
            str(WATCHDOG_S),
        ],
        stdout=terminal,
        stderr=terminal,
        stdin=subprocess.DEVNULL,
    )
    os.close(terminal)
    _watchdog.update(heartbeat=heartbeat, dump_file=dump_file, process=process, folder=folder)


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config) -> None:
    import shutil

    process = _watchdog.pop("process", None)
    if process is None:
        return
    _heartbeat("exit")
    try:
        process.wait(timeout=5)
    except Exception:
        process.kill()
    _watchdog.pop("dump_file").close()
    shutil.rmtree(_watchdog.pop("folder"), ignore_errors=True)
    _watchdog.clear()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    _heartbeat(item.nodeid)
    try:
        yield
    finally:
        _heartbeat("the time between two tests" if nextitem is not None else "the end of the session")


# -- iface -------------------------------------------------------------------------------------------
class _MenuRecorder:
    """The parts of QgisInterface's plugin-menu API that pytest-qgis's stub only mocks."""

    def __init__(self) -> None:
        self.web_menus: dict[str, list] = {}

    def add(self, menu: str, action) -> None:
        self.web_menus.setdefault(menu, []).append(action)

    def remove(self, menu: str, action) -> None:
        actions = self.web_menus.get(menu, [])
        if action in actions:
            actions.remove(action)
        if not actions:
            self.web_menus.pop(menu, None)


@pytest.fixture()
def plugin_iface(qgis_iface, qgis_canvas):
    """pytest-qgis's iface with working Web menu, dock and map-tool bookkeeping added."""
    from qgis.PyQt.QtCore import Qt

    recorder = _MenuRecorder()
    main_window = qgis_iface.mainWindow()
    docks: list = []

    qgis_iface.addPluginToWebMenu = recorder.add
    qgis_iface.removePluginWebMenu = recorder.remove
    qgis_iface.web_menus = recorder.web_menus

    def add_dock(area, dock) -> None:
        docks.append(dock)
        main_window.addDockWidget(area if area is not None else Qt.DockWidgetArea.RightDockWidgetArea, dock)

    def remove_dock(dock) -> None:
        if dock in docks:
            docks.remove(dock)
        main_window.removeDockWidget(dock)

    # The Layers panel's custom actions: {action: [(menu, layer type, all layers)]}.
    layer_actions: dict = {}

    def add_layer_action(action, menu: str, layer_type, all_layers: bool = True) -> None:
        layer_actions.setdefault(action, []).append((menu, layer_type, all_layers))

    # Actions registered for some layers only (all_layers False): {action: [layer ids]}.
    layer_action_layers: dict = {}

    def add_layer_action_for_layer(action, layer) -> None:
        layer_action_layers.setdefault(action, []).append(layer.id())

    def remove_layer_action(action) -> bool:
        layer_action_layers.pop(action, None)
        return layer_actions.pop(action, None) is not None

    qgis_iface.addCustomActionForLayerType = add_layer_action
    qgis_iface.addCustomActionForLayer = add_layer_action_for_layer
    qgis_iface.removeCustomActionForLayerType = remove_layer_action
    qgis_iface.layer_actions = layer_actions
    qgis_iface.layer_action_layers = layer_action_layers
    qgis_iface.addDockWidget = add_dock
    qgis_iface.removeDockWidget = remove_dock
    qgis_iface.plugin_docks = docks
    yield qgis_iface
    for dock in list(docks):
        remove_dock(dock)


# -- sample server -----------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def sample_server():
    """Base URL (http://127.0.0.1:PORT) of a sample server running for the whole session."""
    from arcgis_identify.sampleserver.launch import start_sample_server, stop_sample_server

    proc, url = start_sample_server()
    yield url
    stop_sample_server(proc)


def qgis_app_in_use(config) -> bool:
    """Whether pytest-qgis runs (a QgsApplication for the session); not in the fast lane (`-p no:qgis`)."""
    return config.pluginmanager.hasplugin("pytest_qgis")


@pytest.fixture(scope="session", autouse=True)
def _canvas_never_draws(request):
    """The tests' canvas keeps its extent, scale and layers but draws nothing.

    pytest-qgis's iface puts every layer added to the project on its canvas, so QGIS's own ArcGIS layers would be
    drawn, their provider waiting for the sample server in a thread of QGIS's global pool. On QGIS 3.22 a drawing
    cancelled at that moment (a new extent, the project cleared) can leave that thread waiting forever
    (QgsBlockingNetworkRequest's abort does not end its loop), and pytest-qgis's final unbounded
    `QThreadPool.waitForDone()` then never returns. No test needs the canvas's picture.
    """
    if qgis_app_in_use(request.config):
        # not set back: a drawing started at the session's end would be the same trap
        request.getfixturevalue("qgis_canvas").setRenderFlag(False)


@pytest.fixture(scope="session", autouse=True)
def _global_pool_drained_at_the_end(request):
    """Lets the global thread pool's work end, events processed, before pytest-qgis's unbounded waitForDone().

    Work in that pool may need the main thread to go on (QGIS hands a worker thread's authentication and TLS
    questions to it); waiting without processing events would then never end. Bounded: after 30 s it says what is
    still running and lets pytest-qgis (and pytest-timeout's stack dump) take over.
    """
    yield
    if not qgis_app_in_use(request.config):
        return
    import sys
    import time

    from qgis.core import QgsApplication
    from qgis.PyQt.QtCore import QCoreApplication, QThreadPool

    pool = QThreadPool.globalInstance()
    deadline = time.monotonic() + 30.0
    while pool.activeThreadCount() and time.monotonic() < deadline:
        QCoreApplication.processEvents()
        pool.waitForDone(50)
    if pool.activeThreadCount():
        tasks = [task.description() for task in QgsApplication.taskManager().activeTasks()]
        sys.stderr.write(f"\nQGIS's global thread pool is still busy after 30 s; active tasks: {tasks}\n")


@pytest.fixture(scope="session")
def services_url(sample_server: str) -> str:
    return sample_server + "/arcgis/rest/services"


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    return FIXTURES_DIR


# -- a canvas with a real size ------------------------------------------------------------------------
def resize_canvas(canvas, parent, width: int, height: int) -> None:
    """The canvas only takes a new size (and map settings) while it is shown."""
    from qgis.PyQt.QtWidgets import QApplication

    parent.show()
    canvas.resize(width, height)
    QApplication.processEvents()


@pytest.fixture()
def sized_canvas(qgis_canvas, qgis_parent):
    resize_canvas(qgis_canvas, qgis_parent, 800, 500)
    qgis_canvas.resize_to = lambda w, h: resize_canvas(qgis_canvas, qgis_parent, w, h)
    return qgis_canvas


# -- QGIS authentication configurations ------------------------------------------------------------------
AUTH_MASTER_PASSWORD = "arcgis-identify-tests"  # the tests' profile (.qgis-settings) auth database's master password


@pytest.fixture()
def make_authcfg():
    """Factory: make_authcfg("EsriToken", token=...) or make_authcfg("Basic", username=..., password=...) → the id of
    a QGIS authentication configuration in the tests' own profile, removed after the test."""
    from qgis.core import QgsApplication, QgsAuthMethodConfig

    manager = QgsApplication.authManager()
    manager.setPasswordHelperEnabled(False)
    assert manager.setMasterPassword(AUTH_MASTER_PASSWORD, True)
    made: list[str] = []

    def make(method: str, **values: str) -> str:
        config = QgsAuthMethodConfig(method)
        config.setName(f"arcgis identify test {method} {len(made)}")
        for key, value in values.items():
            config.setConfig(key, value)
        assert manager.storeAuthenticationConfig(config)
        assert config.id()
        made.append(config.id())
        return config.id()

    yield make
    for authcfg in made:
        manager.removeAuthenticationConfig(authcfg)
