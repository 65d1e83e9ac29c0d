"""Typed options → ArcGIS query parameters (the pure conversions; the server-side checks are in
test_services.py)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
from qgis.core import QgsCoordinateReferenceSystem, QgsGeometry, QgsPointXY, QgsRectangle

from arcgis_identify.core import ArcGisParameterError, SpatialReference
from arcgis_identify.core import params as p

pytestmark = pytest.mark.pure  # no QGIS application needed: the fast lane (make test-fast)


@pytest.mark.parametrize(
    ("geometry", "expected", "gtype"),
    [
        ((1.5, 2), {"x": 1.5, "y": 2.0}, "esriGeometryPoint"),
        ([1, 2, 3, 4], {"xmin": 1.0, "ymin": 2.0, "xmax": 3.0, "ymax": 4.0}, "esriGeometryEnvelope"),
        (QgsPointXY(5, 6), {"x": 5.0, "y": 6.0}, "esriGeometryPoint"),
        (QgsRectangle(1, 2, 3, 4), {"xmin": 1.0, "ymin": 2.0, "xmax": 3.0, "ymax": 4.0}, "esriGeometryEnvelope"),
        ({"paths": [[[0, 0], [1, 1]]]}, {"paths": [[[0, 0], [1, 1]]]}, "esriGeometryPolyline"),
        (
            QgsGeometry.fromWkt("MultiPoint ((1 2),(3 4))"),
            {"points": [[1.0, 2.0], [3.0, 4.0]]},
            "esriGeometryMultipoint",
        ),
        (QgsGeometry.fromWkt("LineString (0 0, 1 1)"), {"paths": [[[0.0, 0.0], [1.0, 1.0]]]}, "esriGeometryPolyline"),
    ],
)
def test_geometry_forms(geometry, expected, gtype):
    out = p.geometry_params(geometry, 4326)
    assert out["geometryType"] == gtype
    assert json.loads(out["geometry"]) == {**expected, "spatialReference": {"wkid": 4326}}


def test_polygon_rings_follow_esri_orientation():
    # Counter-clockwise outer ring and clockwise hole in WKT → clockwise outer, counter-clockwise hole.
    geometry = QgsGeometry.fromWkt("Polygon ((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 2 3, 3 3, 3 2, 2 2))")
    rings = json.loads(p.geometry_params(geometry)["geometry"])["rings"]
    assert p._ring_area(rings[0]) < 0  # clockwise
    assert p._ring_area(rings[1]) > 0  # counter-clockwise
    assert rings[0][0] == rings[0][-1]


def test_geometry_keeps_its_own_spatial_reference():
    out = p.geometry_params({"x": 1, "y": 2, "spatialReference": {"wkid": 3857}}, 4326)
    assert json.loads(out["geometry"])["spatialReference"] == {"wkid": 3857}


@pytest.mark.parametrize(
    ("crs", "expected"),
    [
        (4326, "4326"),
        ("EPSG:4326", "4326"),
        ("ESRI:102100", "102100"),
        (QgsCoordinateReferenceSystem("EPSG:3857"), "3857"),
        ({"wkid": 102100, "latestWkid": 3857}, "102100"),
        (SpatialReference(wkid=102100, latest_wkid=3857), "102100"),
    ],
)
def test_crs_codes_go_as_wkid(crs, expected):
    assert p.spatial_reference_param(crs) == expected


def test_crs_without_code_goes_as_esri_wkt():
    crs = QgsCoordinateReferenceSystem.fromProj("+proj=ortho +lat_0=40 +lon_0=10 +datum=WGS84")
    assert crs.isValid() and not crs.authid()
    value = json.loads(p.spatial_reference_param(crs))
    assert set(value) == {"wkt"}
    assert value["wkt"].startswith("PROJCS[")  # ESRI WKT1, what ArcGIS reads
    # ESRI flavour (datum with the "D_" prefix); the projection's parameter names vary with the PROJ version.
    assert 'DATUM["D_WGS_1984"' in value["wkt"] and ",40.0]" in value["wkt"]
    assert p.to_qgs_crs(value).isValid()


def test_102100_and_3857_are_the_same_crs():
    assert p.same_crs(102100, 3857)
    assert p.same_crs({"wkid": 102100}, QgsCoordinateReferenceSystem("EPSG:3857"))
    assert not p.same_crs(4326, 3857)
    assert p.to_qgs_crs(102100).authid() == "EPSG:3857"


def test_time_forms():
    instant = datetime(2008, 1, 1, tzinfo=timezone.utc)
    assert p.time_param(instant) == "1199145600000"
    assert p.time_param(datetime(2008, 1, 1)) == "1199145600000"  # naive = UTC
    assert p.time_param(1199145600000) == "1199145600000"
    assert p.time_param((instant, instant + timedelta(days=366))) == "1199145600000,1230768000000"
    assert p.time_param((None, instant)) == "null,1199145600000"
    assert p.time_param((instant, None)) == "1199145600000,null"
    assert p.time_param(None) is None


def test_numbers_have_no_exponent_and_a_period():
    assert p.fmt_number(1e-7) == "0.0000001"
    assert p.fmt_number(20037508.342789244) == "20037508.342789244"
    assert p.envelope_param((-1e-5, 2, 3.25, 4)) == "-0.00001,2,3.25,4"


def test_layers_and_layer_defs():
    assert p.layers_param("visible") == "visible"
    assert p.layers_param("visible:2,5") == "visible:2,5"
    assert p.layers_param([0, 2]) == "all:0,2"
    assert p.layers_param(("top", [1])) == "top:1"
    assert json.loads(p.layer_defs_param({0: "POP > 5", 5: "AREA > 1"})) == {"0": "POP > 5", "5": "AREA > 1"}
    with pytest.raises(ArcGisParameterError):
        p.layers_param("some")


def test_pixel_size_and_image_display():
    assert p.pixel_size_param(30) == "30,30"
    assert p.pixel_size_param((30, 20.5)) == "30,20.5"
    assert json.loads(p.pixel_size_param({"x": 1, "y": 1})) == {"x": 1, "y": 1}
    assert p.image_display_param((800, 600)) == "800,600,96"
    assert p.image_display_param((800, 600, 120)) == "800,600,120"


@pytest.mark.parametrize("bad", [object(), (1, 2, 3), "x", {"a": 1}, QgsGeometry()])
def test_bad_geometry_is_a_parameter_error(bad):
    with pytest.raises(ArcGisParameterError):
        p.geometry_params(bad)


def test_qt_and_qgis_time_types():
    from qgis.core import QgsDateTimeRange
    from qgis.PyQt.QtCore import QDate, QDateTime, Qt, QTime

    start = QDateTime(QDate(2008, 1, 1), QTime(0, 0), Qt.TimeSpec.UTC)
    end = QDateTime(QDate(2009, 1, 1), QTime(0, 0), Qt.TimeSpec.UTC)
    assert p.time_param(start) == "1199145600000"
    assert p.time_param((start, None)) == "1199145600000,null"
    assert p.time_param(QgsDateTimeRange(start, end)) == "1199145600000,1230768000000"
    assert p.time_param((QDateTime(), end)) == "null,1230768000000"  # an invalid QDateTime is an open end
