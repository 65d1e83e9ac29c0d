"""Helpers for driving the canvas like a user (clicks and drags through real QgsMapMouseEvents), and the plugin
with the sample server's request log for the export tests."""

from __future__ import annotations

import pytest
import requests
from qgis.core import QgsCoordinateReferenceSystem, QgsDateTimeRange, QgsPointXY, QgsRectangle, QgsSettings
from qgis.gui import QgsMapCanvas, QgsMapMouseEvent
from qgis.PyQt.QtCore import QDateTime, QEvent, QPoint, Qt

from arcgis_identify.app.settings import SETTINGS_GROUP


@pytest.fixture()
def plugin(plugin_iface, sized_canvas, qgis_new_project):
    """The plugin loaded, its settings cleared, the Identify tool armed, the canvas in WGS 84 with no time."""
    import arcgis_identify

    QgsSettings().remove(SETTINGS_GROUP)
    sized_canvas.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:4326"))
    sized_canvas.setTemporalRange(QgsDateTimeRange(QDateTime(), QDateTime()))
    instance = arcgis_identify.classFactory(plugin_iface)
    instance.initGui()
    instance.identify.identify_action.trigger()
    yield instance
    instance.unload()
    QgsSettings().remove(SETTINGS_GROUP)


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


# -- the export, overlays dock and live overlay tests ------------------------------------------------------
class RequestLog:
    def __init__(self, base: str) -> None:
        self.base = base

    def clear(self) -> None:
        requests.post(self.base + "/_requests/clear", timeout=30).raise_for_status()

    def entries(self, suffix: str) -> list[dict]:
        found = requests.get(self.base + "/_requests", timeout=30).json()["requests"]
        # Requests through /_fault/ are logged when they end: a slow one of an earlier test may land here late.
        return [e for e in found if e["path"].lower().endswith(suffix.lower()) and not e["path"].startswith("/_fault/")]


@pytest.fixture()
def server_log(sample_server) -> RequestLog:
    result = RequestLog(sample_server)
    result.clear()
    return result


@pytest.fixture()
def export_plugin(plugin_iface, sized_canvas, qgis_new_project, tmp_path, monkeypatch):
    import arcgis_identify
    from arcgis_identify.app import overlays

    # The plugin's own folder, for unsaved projects, in the test's temporary folder.
    monkeypatch.setattr(overlays, "plugin_exports_folder", lambda: tmp_path / "plugin-exports")
    QgsSettings().remove(SETTINGS_GROUP)
    sized_canvas.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:4326"))
    sized_canvas.setTemporalRange(QgsDateTimeRange(QDateTime(), QDateTime()))
    sized_canvas.setExtent(QgsRectangle(-84.38, 36.47, -84.12, 36.70))  # inside the Elevation DEM
    instance = arcgis_identify.classFactory(plugin_iface)
    instance.initGui()
    yield instance
    instance.unload()
    QgsSettings().remove(SETTINGS_GROUP)
