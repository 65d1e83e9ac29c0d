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
    assert "Length (Cartesian)" in measures and measures["Vertices"].text == "2"


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
