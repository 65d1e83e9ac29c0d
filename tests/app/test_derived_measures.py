"""Derived measures as QGIS's Identify shows them: ellipsoidal and Cartesian, the project's units, points' X/Y."""

from __future__ import annotations

import pytest
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransformContext,
    QgsDistanceArea,
    QgsGeometry,
    QgsUnitTypes,
)

from arcgis_identify.app.derived_measures import MeasureSettings, measure_geometry

WGS84 = QgsCoordinateReferenceSystem("EPSG:4326")


def _settings(ellipsoid: str = "EPSG:7030") -> MeasureSettings:
    return MeasureSettings(
        ellipsoid=ellipsoid,
        distance_unit=QgsUnitTypes.DistanceUnit.DistanceKilometers,
        area_unit=QgsUnitTypes.AreaUnit.AreaSquareKilometers,
        decimals=3,
        keep_base_unit=True,
        transform_context=QgsCoordinateTransformContext(),
    )


def test_a_line_has_its_ellipsoidal_and_cartesian_length_in_the_project_units():
    line = QgsGeometry.fromWkt("LineString (0 0, 1 0)")
    measures = {m.label: m for m in measure_geometry(line, WGS84, _settings())}
    ellipsoidal = measures["Length (Ellipsoidal — EPSG:7030)"]
    assert ellipsoidal.value == pytest.approx(111.319, abs=0.001)  # one degree along the equator, in km
    assert ellipsoidal.text == QgsDistanceArea.formatDistance(
        ellipsoidal.value, 3, QgsUnitTypes.DistanceUnit.DistanceKilometers, True
    )
    assert measures["Vertices"].text == "2"
    # Cartesian in a geographic CRS: degrees, as QGIS's Identify shows (no fixed number of metres per degree).
    cartesian = measures["Length (Cartesian)"]
    assert cartesian.value == pytest.approx(1.0)
    assert cartesian.text == QgsDistanceArea.formatDistance(1.0, 3, QgsUnitTypes.DistanceUnit.DistanceDegrees, True)


def test_cartesian_area_in_a_geographic_crs_is_in_square_degrees_not_a_fixed_conversion():
    square = QgsGeometry.fromWkt("Polygon ((10 60, 11 60, 11 61, 10 61, 10 60))")
    measures = {m.label: m for m in measure_geometry(square, WGS84, _settings())}
    assert measures["Area (Cartesian)"].value == pytest.approx(1.0)
    assert measures["Area (Cartesian)"].text == QgsDistanceArea.formatArea(
        1.0, 3, QgsUnitTypes.AreaUnit.AreaSquareDegrees, True
    )
    assert measures["Perimeter (Cartesian)"].value == pytest.approx(4.0)
    # the ellipsoidal area is the real one, far below 1 degree² at the equator (12,390 km²) at 60° north
    assert measures["Area (Ellipsoidal — EPSG:7030)"].value == pytest.approx(6190, rel=0.02)


def test_without_an_ellipsoid_only_cartesian_measures_as_in_qgis():
    square = QgsGeometry.fromWkt("Polygon ((0 0, 1000 0, 1000 1000, 0 1000, 0 0))")
    mercator = QgsCoordinateReferenceSystem("EPSG:3857")
    measures = {m.label: m for m in measure_geometry(square, mercator, _settings("NONE"))}
    assert list(measures) == ["Area (Cartesian)", "Perimeter (Cartesian)", "Parts", "Vertices"]
    assert measures["Area (Cartesian)"].value == pytest.approx(1.0)  # 1 km²
    assert measures["Perimeter (Cartesian)"].value == pytest.approx(4.0)


def test_a_point_has_its_coordinates():
    point = QgsGeometry.fromWkt("Point (-84.2 36.5)")
    measures = [(m.label, m.text) for m in measure_geometry(point, WGS84, _settings())]
    assert measures == [("X", "-84.20000000"), ("Y", "36.50000000")]
