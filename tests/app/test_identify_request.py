"""A click's request carries the canvas's extent, size, DPI, CRS and time, with the tolerance in device pixels."""

from __future__ import annotations

from datetime import datetime, timezone

from qgis.core import QgsCoordinateReferenceSystem, QgsDateTimeRange, QgsPointXY, QgsRectangle
from qgis.PyQt.QtCore import QDateTime, Qt

from arcgis_identify.app.identify_request import build_request
from arcgis_identify.app.settings import IdentifySettings


def _prepare(canvas, crs="EPSG:3857"):
    canvas.setDestinationCrs(QgsCoordinateReferenceSystem(crs))
    canvas.setExtent(QgsRectangle(-9400000, 4300000, -9300000, 4400000))
    canvas.setTemporalRange(QgsDateTimeRange(QDateTime(), QDateTime()))
    return canvas


def test_request_describes_the_canvas(sized_canvas):
    canvas = _prepare(sized_canvas)
    request = build_request(
        canvas.mapSettings(),
        canvas.devicePixelRatioF(),
        QgsPointXY(-9350000, 4350000),
        IdentifySettings(tolerance=7),
        [],
    )
    settings = canvas.mapSettings()
    width, height, dpi = request.image_display
    assert (width, height) == (settings.outputSize().width(), settings.outputSize().height())
    assert dpi == round(settings.outputDpi(), 2)
    extent = settings.visibleExtent()
    assert request.map_extent == (extent.xMinimum(), extent.yMinimum(), extent.xMaximum(), extent.yMaximum())
    assert request.crs.authid() == "EPSG:3857"
    assert request.tolerance == 7
    assert request.time is None
    assert abs(request.map_units_per_pixel - settings.mapUnitsPerPixel()) < 1e-9
    # about one pixel of generalisation, and decimals that keep a tenth of a pixel
    assert request.max_allowable_offset == request.map_units_per_pixel
    assert 10**-request.geometry_precision <= request.map_units_per_pixel / 10


def test_geometry_precision_keeps_a_tenth_of_a_pixel_and_no_more(sized_canvas):
    canvas = _prepare(sized_canvas, "EPSG:4326")
    canvas.setExtent(QgsRectangle(-85, 35, -84, 36))
    request = build_request(
        canvas.mapSettings(), canvas.devicePixelRatioF(), QgsPointXY(-84.5, 35.5), IdentifySettings(), []
    )
    tenth = request.map_units_per_pixel / 10
    assert 10**-request.geometry_precision <= tenth < 10 ** -(request.geometry_precision - 1)


def test_temporal_canvas_sends_its_range(sized_canvas):
    canvas = _prepare(sized_canvas)
    begin = QDateTime(2020, 1, 1, 0, 0, 0, 0, Qt.TimeSpec.UTC)
    end = QDateTime(2020, 6, 30, 0, 0, 0, 0, Qt.TimeSpec.UTC)
    canvas.setTemporalRange(QgsDateTimeRange(begin, end))
    request = build_request(
        canvas.mapSettings(), canvas.devicePixelRatioF(), QgsPointXY(-9350000, 4350000), IdentifySettings(), []
    )
    assert request.time == (datetime(2020, 1, 1, tzinfo=timezone.utc), datetime(2020, 6, 30, tzinfo=timezone.utc))
    canvas.setTemporalRange(QgsDateTimeRange(QDateTime(), QDateTime()))


def test_fixed_pixel_size_wins(sized_canvas):
    canvas = _prepare(sized_canvas)
    request = build_request(
        canvas.mapSettings(), canvas.devicePixelRatioF(), QgsPointXY(0, 0), IdentifySettings(pixel_size=30.0), []
    )
    assert request.pixel_size == 30.0
    auto = build_request(canvas.mapSettings(), canvas.devicePixelRatioF(), QgsPointXY(0, 0), IdentifySettings(), [])
    assert auto.pixel_size == auto.map_units_per_pixel
