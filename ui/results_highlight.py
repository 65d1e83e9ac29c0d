"""The canvas highlight of the selected results, and the extent they cover (zoom and pan)."""

from __future__ import annotations

from qgis.core import QgsGeometry, QgsRectangle, QgsWkbTypes
from qgis.gui import QgsMapCanvas, QgsRubberBand
from qgis.PyQt.QtGui import QColor

from .results_model import Node


def selection_geometries(canvas: QgsMapCanvas, features: list[Node]) -> list[QgsGeometry]:
    """The results' geometries in the canvas CRS (those that have one)."""
    target = canvas.mapSettings().destinationCrs()
    geometries = (node.payload.geometry_in(target) for node in features)
    return [geometry for geometry in geometries if geometry is not None]


def combined_extent(geometries: list[QgsGeometry]) -> QgsRectangle | None:
    if not geometries:
        return None
    extent = QgsRectangle(geometries[0].boundingBox())
    for geometry in geometries[1:]:
        extent.combineExtentWith(geometry.boundingBox())
    return extent


def highlight_band(canvas: QgsMapCanvas, geometries: list[QgsGeometry]) -> QgsRubberBand:
    """One rubber band over every geometry, shown (one repaint for them all)."""
    band = QgsRubberBand(canvas, QgsWkbTypes.GeometryType.PolygonGeometry)
    band.setColor(QColor(255, 40, 40, 220))
    band.setFillColor(QColor(255, 40, 40, 50))
    band.setWidth(3)
    band.setIconSize(12)
    for geometry in geometries:
        band.addGeometry(geometry, None, False)  # one repaint and extent for all, below
    band.updatePosition()
    band.update()
    band.show()
    return band
