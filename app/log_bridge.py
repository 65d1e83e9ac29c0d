"""core/'s Python logger shown in QGIS's Log Messages panel (the plugin's own tab) while the plugin is loaded.

core/ logs through the standard `logging` module (it is usable outside QGIS). While the plugin is loaded a
handler forwards its records to QgsMessageLog on the main thread: a record logged in a worker is handed over
through core/mainloop.py, so the worker makes no Qt call. unload() detaches the handler again.
"""

from __future__ import annotations

import contextlib
import logging
from typing import Optional

from qgis.core import Qgis, QgsMessageLog

from ..core.mainloop import MailboxClosedError, main_thread_mailbox, on_main_thread

CORE_LOGGER = "arcgis_identify.core"
LOG_TAG = "ArcGIS Identify"


def _level(record: logging.LogRecord) -> Qgis.MessageLevel:
    if record.levelno >= logging.ERROR:
        return Qgis.MessageLevel.Critical
    if record.levelno >= logging.WARNING:
        return Qgis.MessageLevel.Warning
    return Qgis.MessageLevel.Info


class QgisLogHandler(logging.Handler):
    """Writes records to QGIS's message log under LOG_TAG, always from the main thread."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.setFormatter(logging.Formatter("%(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text, level = self.format(record), _level(record)
        except Exception:  # a bad format argument must not break the caller
            self.handleError(record)
            return
        if on_main_thread():
            QgsMessageLog.logMessage(text, LOG_TAG, level)
            return
        with contextlib.suppress(MailboxClosedError):  # the plugin is going: nobody reads the panel for it now
            main_thread_mailbox().post(lambda: QgsMessageLog.logMessage(text, LOG_TAG, level))


class CoreLogBridge:
    """attach() in initGui, detach() in unload."""

    def __init__(self) -> None:
        self._handler: Optional[QgisLogHandler] = None
        self._previous_level = logging.NOTSET

    def attach(self) -> None:
        if self._handler is not None:
            return
        logger = logging.getLogger(CORE_LOGGER)
        main_thread_mailbox()  # made here, on the main thread, for records logged in workers
        self._handler = QgisLogHandler()
        self._previous_level = logger.level
        if logger.getEffectiveLevel() > logging.INFO:
            logger.setLevel(logging.INFO)
        logger.addHandler(self._handler)

    def detach(self) -> None:
        if self._handler is None:
            return
        logger = logging.getLogger(CORE_LOGGER)
        logger.removeHandler(self._handler)
        logger.setLevel(self._previous_level)
        self._handler = None

    @property
    def attached(self) -> bool:
        return self._handler is not None
