"""core/'s Python logger reaches QGIS's Log Messages panel while the bridge is attached, from any thread."""

from __future__ import annotations

import logging
import threading
import time

from qgis.core import QgsApplication
from qgis.PyQt.QtCore import QCoreApplication

from arcgis_identify.app.log_bridge import CORE_LOGGER, LOG_TAG, CoreLogBridge
from arcgis_identify.core.mainloop import main_thread_mailbox


def _until(condition, seconds: float = 10.0) -> None:
    """Turns the event loop (the worker's record comes through it) until `condition()` holds, at most `seconds`."""
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        QCoreApplication.processEvents()
        time.sleep(0.01)


def test_core_records_reach_the_plugin_tab_while_attached_and_never_after():
    received: list[tuple[str, str, int]] = []

    def record(text, tag, level) -> None:
        if tag == LOG_TAG:
            received.append((text, tag, int(level)))

    QgsApplication.messageLog().messageReceived.connect(record)
    bridge = CoreLogBridge()
    logger = logging.getLogger(CORE_LOGGER)
    try:
        logger.warning("from the main thread %s", 1)
        bridge.attach()
        logger.warning("main %s", 2)
        worker = threading.Thread(target=lambda: logger.error("worker %s", 3))
        worker.start()
        worker.join(5)
        _until(lambda: len(received) >= 2)
        bridge.detach()
        logger.warning("after detach")
        main_thread_mailbox().run_pending()  # whatever a worker handed over is delivered now
        QCoreApplication.processEvents()
    finally:
        bridge.detach()
        QgsApplication.messageLog().messageReceived.disconnect(record)
    texts = [text for text, _tag, _level in received]
    assert texts == ["main 2", "worker 3"]
    assert not bridge.attached
    assert all(not isinstance(h, type(bridge)) for h in logger.handlers)
