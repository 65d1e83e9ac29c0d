"""Helpers for driving the canvas like a user: clicks and drags through real QgsMapMouseEvents."""

from __future__ import annotations

import pytest
import requests
from qgis.core import QgsPointXY
from qgis.gui import QgsMapCanvas, QgsMapMouseEvent
from qgis.PyQt.QtCore import QEvent, QPoint, Qt


def _event(canvas: QgsMapCanvas, kind, pixel: QPoint, buttons) -> QgsMapMouseEvent:
    return QgsMapMouseEvent(canvas, kind, pixel, Qt.MouseButton.LeftButton, buttons, Qt.KeyboardModifier.NoModifier)


def pixel_of(canvas: QgsMapCanvas, point: QgsPointXY) -> QPoint:
    pixel = canvas.getCoordinateTransform().transform(point)
    return QPoint(round(pixel.x()), round(pixel.y()))


def click(canvas: QgsMapCanvas, tool, point: QgsPointXY) -> None:
    pixel = pixel_of(canvas, point)
    tool.canvasPressEvent(_event(canvas, QEvent.Type.MouseButtonPress, pixel, Qt.MouseButton.LeftButton))
    tool.canvasReleaseEvent(_event(canvas, QEvent.Type.MouseButtonRelease, pixel, Qt.MouseButton.NoButton))


def drag(canvas: QgsMapCanvas, tool, start: QgsPointXY, end: QgsPointXY) -> None:
    a, b = pixel_of(canvas, start), pixel_of(canvas, end)
    tool.canvasPressEvent(_event(canvas, QEvent.Type.MouseButtonPress, a, Qt.MouseButton.LeftButton))
    tool.canvasMoveEvent(_event(canvas, QEvent.Type.MouseMove, (a + b) / 2, Qt.MouseButton.LeftButton))
    tool.canvasMoveEvent(_event(canvas, QEvent.Type.MouseMove, b, Qt.MouseButton.LeftButton))
    tool.canvasReleaseEvent(_event(canvas, QEvent.Type.MouseButtonRelease, b, Qt.MouseButton.NoButton))


@pytest.fixture()
def canvas_driver():
    class Driver:
        pass

    driver = Driver()
    driver.click = click
    driver.drag = drag
    driver.pixel_of = pixel_of
    return driver


@pytest.fixture()
def log(sample_server):
    """The sample server's request log, emptied: `log.entries("/World/MapServer/identify")`."""

    class Log:
        def clear(self) -> None:
            requests.post(sample_server + "/_requests/clear", timeout=30).raise_for_status()

        def entries(self, suffix: str) -> list[dict]:
            found = requests.get(sample_server + "/_requests", timeout=30).json()["requests"]
            return [e for e in found if e["path"].lower().endswith(suffix.lower())]

    result = Log()
    result.clear()
    return result
