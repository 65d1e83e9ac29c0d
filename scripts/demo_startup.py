"""Runs inside QGIS (qgis --code) for `make demo`. Headless: takes the screenshots, then quits QGIS."""

import os
from pathlib import Path

from qgis.core import Qgis, QgsApplication, QgsMessageLog
from qgis.PyQt.QtCore import QTimer
from qgis.utils import iface

OUTPUT_DIR = Path(os.environ.get("ARCGIS_IDENTIFY_DEMO_OUTPUT", "demo-output"))
HEADLESS = os.environ.get("ARCGIS_IDENTIFY_DEMO_HEADLESS") == "1"


def _log(message: str) -> None:
    QgsMessageLog.logMessage(message, "ArcGIS Identify demo", Qgis.Info)
    print(message, flush=True)


def _screenshot(name: str) -> None:
    path = OUTPUT_DIR / name
    iface.mainWindow().grab().save(str(path))
    _log(f"demo: wrote {path}")


def _finish() -> None:
    _screenshot("qgis-main-window.png")
    if HEADLESS:
        QTimer.singleShot(500, QgsApplication.instance().quit)


def _start() -> None:
    window = iface.mainWindow()
    window.resize(1600, 1000)
    window.showMaximized()
    canvas = iface.mapCanvas()
    state = {"done": False}

    def rendered() -> None:
        if not state["done"]:
            state["done"] = True
            QTimer.singleShot(1500, _finish)

    canvas.mapCanvasRefreshed.connect(rendered)
    canvas.refreshAllLayers()
    QTimer.singleShot(60000, rendered)  # never wait forever for a render


QTimer.singleShot(2000, _start)
