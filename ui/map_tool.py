"""The Identify ArcGIS Services map tool: a click or a dragged box becomes a request signal. It never fetches."""

from __future__ import annotations

from qgis.core import QgsPointXY, QgsRectangle, QgsWkbTypes
from qgis.gui import QgsMapCanvas, QgsMapMouseEvent, QgsMapTool, QgsRubberBand
from qgis.PyQt.QtCore import Qt, pyqtSignal
from qgis.PyQt.QtGui import QColor, QCursor

# A drag shorter than this (in screen pixels) is a click.
DRAG_THRESHOLD_PIXELS = 4


class IdentifyMapTool(QgsMapTool):
    """Emits `identifyRequested(geometry)`: a QgsPointXY for a click, a QgsRectangle for a dragged box (map CRS)."""

    identifyRequested = pyqtSignal(object)

    def __init__(self, canvas: QgsMapCanvas) -> None:
        super().__init__(canvas)
        self.setCursor(QCursor(Qt.CursorShape.WhatsThisCursor))
        self._press_pos = None
        self._press_point: QgsPointXY | None = None
        self._band: QgsRubberBand | None = None

    def canvasPressEvent(self, event: QgsMapMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        self._press_pos = event.pos()
        self._press_point = event.mapPoint()

    def canvasMoveEvent(self, event: QgsMapMouseEvent) -> None:
        if self._press_point is None or not self._is_drag(event):
            return
        if self._band is None:
            self._band = QgsRubberBand(self.canvas(), QgsWkbTypes.GeometryType.PolygonGeometry)
            self._band.setColor(QColor(43, 123, 185, 200))
            self._band.setFillColor(QColor(43, 123, 185, 40))
            self._band.setWidth(2)
        self._band.setToCanvasRectangle(_rect(self._press_pos, event.pos()))

    def canvasReleaseEvent(self, event: QgsMapMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self._press_point is None:
            return
        start = self._press_point
        dragged = self._is_drag(event)
        self._reset()
        if dragged:
            box = QgsRectangle(start, event.mapPoint())
            box.normalize()
            self.identifyRequested.emit(box)
        else:
            self.identifyRequested.emit(QgsPointXY(start))

    def deactivate(self) -> None:
        self._reset()
        super().deactivate()

    def _is_drag(self, event: QgsMapMouseEvent) -> bool:
        delta = event.pos() - self._press_pos
        return abs(delta.x()) + abs(delta.y()) > DRAG_THRESHOLD_PIXELS

    def _reset(self) -> None:
        self._press_pos = None
        self._press_point = None
        if self._band is not None:
            self.canvas().scene().removeItem(self._band)
            self._band = None


def _rect(a, b):
    from qgis.PyQt.QtCore import QRect

    return QRect(a, b).normalized()
