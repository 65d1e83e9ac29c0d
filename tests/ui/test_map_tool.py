"""The map tool turns a click into a point and a drag into a box, in map coordinates, and fetches nothing."""

from __future__ import annotations

import pytest
from qgis.core import QgsCoordinateReferenceSystem, QgsPointXY, QgsRectangle

from arcgis_identify.ui.map_tool import IdentifyMapTool


@pytest.fixture()
def tool(qgis_canvas):
    qgis_canvas.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:4326"))
    qgis_canvas.resize(600, 400)
    qgis_canvas.setExtent(QgsRectangle(-90, 30, -80, 40))
    qgis_canvas.refresh()
    tool = IdentifyMapTool(qgis_canvas)
    qgis_canvas.setMapTool(tool)
    yield tool
    qgis_canvas.unsetMapTool(tool)


def test_click_emits_the_map_point(qgis_canvas, tool, canvas_driver):
    received = []
    tool.identifyRequested.connect(received.append)
    canvas_driver.click(qgis_canvas, tool, QgsPointXY(-84.2, 36.3))
    assert len(received) == 1
    point = received[0]
    assert isinstance(point, QgsPointXY)
    tolerance = qgis_canvas.mapUnitsPerPixel()
    assert abs(point.x() + 84.2) <= tolerance and abs(point.y() - 36.3) <= tolerance


def test_drag_emits_a_normalised_box(qgis_canvas, tool, canvas_driver):
    received = []
    tool.identifyRequested.connect(received.append)
    canvas_driver.drag(qgis_canvas, tool, QgsPointXY(-83, 37), QgsPointXY(-86, 34))
    (box,) = received
    assert isinstance(box, QgsRectangle)
    tolerance = qgis_canvas.mapUnitsPerPixel()
    assert abs(box.xMinimum() + 86) <= tolerance and abs(box.xMaximum() + 83) <= tolerance
    assert abs(box.yMinimum() - 34) <= tolerance and abs(box.yMaximum() - 37) <= tolerance
    assert tool._band is None  # the drag's rubber band is gone
